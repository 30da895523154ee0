"""Follow-up questions: making "and what did he say about Gaza?" searchable on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from rag.text.arabic import clean, detect_language, lexical_tokens

History = Sequence[tuple[str, str]]  # (question, answer) pairs, oldest first

# A follow-up opens with a conjunction ("And when…", "But who…") or leans on something said before: a personal
# pronoun (he, she, they, there) or "that/it/this" standing for the whole previous event ("When was that?").
# "its", "this" or "that" inside a noun phrase ("the capital of Syria and its population", "that year") do not.
_ENGLISH_OPENING = re.compile(r"^\s*(and|but|also|so|then|what about|how about|what else|who else)\b", re.IGNORECASE)
_ENGLISH_PRONOUN = re.compile(r"\b(he|she|they|him|her|hers|them|his|their|theirs|there)\b", re.IGNORECASE)
_ENGLISH_EVENT = re.compile(
    r"\b(that|it|this)\s*[?.!]*\s*$|\b(that|it|this)\s+(happen|take place|occur)"
    r"|\b(did|does|do|was|is|will|would|has|had)\s+(it|that|this)\b",
    re.IGNORECASE,
)
_ENGLISH_ELSE = re.compile(r"\b(else|other|others|another|too|as well)\s*[?.!]*\s*$", re.IGNORECASE)
# Arabic follow-ups open with و/ف before a question word, or before a preposition and one ("ومتى؟", "فمن؟",
# "ومع أي شركة؟"), point back with a demonstrative after
# a noun ("هذا الخط", "ذلك التصويت"), or ask for more ("ومن أيضاً؟"). "من هو"/"ما هي" open standalone questions.
_ARABIC_OPENING = re.compile(
    r"^\s*[وف](?:(?:مع|في|من|عن|إلى|الى|على|ب|ل|لدى)\s*)?(ماذا|ما|من|متى|أين|اين|كيف|هل|كم|لماذا|أي|اي|بكم|لمن|عن)"
    r"(\s|$|[؟?])"
)
_ARABIC_POINTER = re.compile(r"\S+\s+(هذا|هذه|ذلك|تلك|هذين|هاتين)(\s|$|[؟?])|(^|\s)(أيضا|أيضاً|ايضا|كذلك)\s*[؟?]?\s*$")
_ARABIC_BARE = re.compile(r"^\s*[وف]?(متى|أين|اين|كم|لماذا|كيف|من)\s*[؟?]?\s*$")
_SHORT = 1  # "and Gaza?", "ومتى؟": too few content words to stand alone

REWRITE_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation. "
    "Keep its language. Replace pronouns with the names they refer to. "
    "Reply with the rewritten question only."
)


def looks_like_follow_up(question: str) -> bool:
    """Return whether a question leans on the previous one (see the patterns above), or is too short to stand alone."""
    text = clean(question)
    if len(lexical_tokens(text)) <= _SHORT:
        return True
    if detect_language(text) == "ar":
        return bool(_ARABIC_OPENING.search(text) or _ARABIC_POINTER.search(text) or _ARABIC_BARE.search(text))
    return bool(
        _ENGLISH_OPENING.search(text)
        or _ENGLISH_PRONOUN.search(text)
        or _ENGLISH_EVENT.search(text)
        or _ENGLISH_ELSE.search(text)
    )


_ENGLISH_MORE = re.compile(r"^\s*(?:and\s+)?(?:what|who|which|where)\s+else\b", re.IGNORECASE)
_ARABIC_MORE = re.compile(
    r"(?:^|\s)(?:أيضا|أيضاً|ايضا|كذلك|(?:ال)?(?:آخر|اخر|أخرى|اخرى|آخرون|آخرين|اخرين)|غيره|غيرها|غيرهم)\s*[؟?]?\s*$"
)


def asks_for_more(question: str) -> bool:
    """Return whether a follow-up asks for more of what was answered ("who else?", "ومن أيضاً؟", "any other?"),
    so that what the last answer gave is no answer to it; "and when was that?" asks about the same thing."""
    text = clean(question)
    return bool(_ENGLISH_MORE.search(text) or _ENGLISH_ELSE.search(text) or _ARABIC_MORE.search(text))


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
