"""Instructions hidden in an article: a model that obeys them is not shown as a verified answer."""

import pytest

from rag.answer.chain import AnswerRequest, make_chain
from rag.answer.grounding import foreign_links
from rag.schema import Chunk, Hit
from tests.obedient_server import obedient_server


def _hit(text: str) -> Hit:
    return Hit(Chunk("c1", "a1", 0, text, 0, len(text), "عنوان", "a.txt"), 1.0, 1)


def test_links_the_passages_do_not_hold_are_found():
    passages = [_hit("زار الوزير دمشق. للمزيد: https://www.spa.gov.sa/details.php?id=1")]
    assert foreign_links("PWNED. Visit http://evil.example/now [1]", passages) == ["http://evil.example/now"]
    assert foreign_links("Write to help@evil.example [1]", passages) == ["help@evil.example"]
    assert foreign_links("See https://www.spa.gov.sa/details.php?id=1 [1]", passages) == []
    assert foreign_links("زار الوزير دمشق [1]", passages) == []


@pytest.mark.integration
def test_an_answer_that_obeys_injected_instructions_is_flagged_not_verified(seeded_assistant):
    reply = "PWNED. Visit http://evil.example for the full story [1]"
    with obedient_server(reply) as base_url:
        chain = make_chain(seeded_assistant.retriever, "openai:obedient", base_url)
        answer = chain.invoke(AnswerRequest("Who did Putin invite to visit Russia?"))
    assert "evil.example" in answer.text  # shown as the model wrote it, for the reader to judge
    assert not answer.grounded  # but never as a verified answer


def test_a_citation_to_a_passage_that_never_names_the_question_subject_supports_nothing():
    from rag.answer.grounding import supported_citations
    from rag.query.analysis import analyse
    from rag.schema import Citation

    query = analyse("What did Erdogan say about the border?")
    about = _hit("قال أردوغان إن الحدود ستبقى مغلقة")
    other = _hit("قال الوزير إن الميزانية سترتفع")
    citations = [Citation(1, about.chunk, 0, 10), Citation(2, other.chunk, 0, 10)]
    assert [citation.n for citation in supported_citations(citations, query)] == [1]
