"""Follow-up questions: making "and what did he say about Gaza?" searchable on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from rag.arabic import clean, lexical_tokens

History = Sequence[tuple[str, str]]  # (question, answer) pairs, oldest first

_ENGLISH_CUE = re.compile(
    r"^\s*(and|but|also|so|what about|how about)\b"
    r"|\b(he|she|they|him|her|them|his|hers|their|it|its|this|that|there)\b",
    re.IGNORECASE,
)
# Arabic follow-ups open with و/ف before a question word, or lean on a pronoun: عنه، قاله، هو.
_ARABIC_CUE = re.compile(
    r"^\s*[وف](ماذا|ما|من|متى|أين|اين|كيف|هل|كم|لماذا)\b|"
    r"(^|\s)(هو|هي|هم|ذلك|هذا|هناك)(\s|$)|\w+(ه|ها|هم)\s*[؟?]?$"
)
_SHORT = 2  # "and Gaza?", "ومتى؟": too few words to stand alone

REWRITE_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation. "
    "Keep its language. Replace pronouns with the names they refer to. "
    "Reply with the rewritten question only."
)


def looks_like_follow_up(question: str) -> bool:
    """Return whether a question leans on the previous one (a pronoun, a leading "and", or very short)."""
    text = clean(question)
    return bool(_ENGLISH_CUE.search(text) or _ARABIC_CUE.search(text)) or len(lexical_tokens(text)) <= _SHORT


def carry_subject(question: str, history: History) -> str:
    """Return the retrieval query for a follow-up without a language model: the previous question joined on."""
    if not history or not looks_like_follow_up(question):
        return question
    return f"{history[-1][0]} {question}"


def rewrite(model: BaseChatModel, question: str, history: History, turns: int = 3) -> str:
    """Return the follow-up rewritten by a language model into a standalone question."""
    if not history:
        return question
    transcript = "\n".join(f"User: {asked}\nAssistant: {said}" for asked, said in history[-turns:])
    reply = model.invoke(
        [
            SystemMessage(content=REWRITE_PROMPT),
            HumanMessage(content=f"{transcript}\n\nLast question: {question}\nRewritten question:"),
        ]
    )
    rewritten = str(reply.content).strip().splitlines()[0].strip() if str(reply.content).strip() else ""
    # A model that rambles or returns nothing must not lose the user's question.
    if not rewritten or len(rewritten) > 4 * len(question) + 200:
        return carry_subject(question, history)
    return rewritten
