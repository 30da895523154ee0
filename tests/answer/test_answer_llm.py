"""The LLM answer path end to end against a real model behind llama.cpp's OpenAI-compatible server.

The model is a tiny base model: these tests check the mechanics (streaming, citation checks,
the grounded flag), not the quality of what it says.
"""

import re

import pytest

from rag.answer.chain import AnswerRequest, make_chain
from rag.schema import Answer

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def llm_chain(seeded_assistant, llama_server):
    return make_chain(seeded_assistant.retriever, "openai:gemma", llama_server, max_tokens=48)


@pytest.mark.parametrize(
    "question",
    [
        "من كشف عن الاتصال الهاتفي بين رئيسي والسيسي؟",
        "Which side initiated the phone call between Putin and Pezeshkian?",
    ],
)
def test_the_answer_streams_and_its_citations_are_checked(llm_chain, question):
    items = list(llm_chain.stream(AnswerRequest(question, k=2)))
    answer = items[-1]
    assert isinstance(answer, Answer)
    pieces = [item for item in items[:-1] if isinstance(item, str)]
    assert pieces != [answer.text] or not answer.refused, "retrieval refused a seed question; the model was not asked"
    assert len(pieces) >= 2  # generated text arrived piece by piece
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers <= {1, 2}  # markers pointing at no passage were removed
    assert answer.grounded == bool(markers)
    if answer.grounded:
        assert {citation.n for citation in answer.citations} == markers
    else:
        assert answer.citations  # shown with the best supporting passages instead


def test_a_follow_up_is_rewritten_by_the_model(llm_chain):
    history = (("Who did Putin invite to visit Russia?", "Asaad al-Shaibani [1]"),)
    rewritten = llm_chain.retrieval_query("and what about sanctions?", history)
    assert rewritten.strip()
