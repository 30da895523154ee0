"""What an answerer yields: structured pieces, so a quote keeps its passage number and exact article span."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.query.analysis import Query
from rag.schema import Hit

REFUSAL = {
    "ar": "لم أجد إجابة لهذا السؤال في المقالات المتاحة.",
    "en": "I could not find this in the articles.",
}


# The line a respelt question's answer opens with (rag.query.spelling): the reader sees what was searched for.
SEARCHED_FOR = {
    "line": {"ar": "بحثت عن {pairs}.", "en": "Searched for {pairs}."},
    "pair": {"ar": "«{meant}» بدل «{written}»", "en": "«{meant}» instead of «{written}»"},
    "joint": {"ar": "، ", "en": ", "},
}


# What an answer opens with when the articles say the asked-for fact is not known yet; the quote saying so follows.
NOT_KNOWN = {
    "ar": "تذكر المقالات أن هذا لم يُعرف بعد:",
    "en": "The articles say this is not known yet:",
}


# What an answer opens with when the closest sentence tells the asked-for fact of another case than the question pins
# (the 5-, 7- and 10-year bonds for a 15-year one, the second quarter for the third); that sentence follows.
OTHER_CASE = {
    "ar": "لا تذكر المقالات هذا للحالة المسؤول عنها، بل لغيرها:",
    "en": "The articles do not give this for the case asked about, only for another:",
}


@dataclass(frozen=True)
class TextPiece:
    """Words of the answer that are not a quote (an opening line, a list item's date and outlet)."""

    text: str


@dataclass(frozen=True)
class QuotePiece:
    """A sentence quoted from passage `n` (1-based), with its span in the article's text, and whether the span breaks
    off inside a clause of the sentence before or after it (shown as "…")."""

    n: int
    start: int
    end: int
    text: str
    cut_before: bool = False
    cut_after: bool = False

    @property
    def shown(self) -> str:
        """Return the quote as the answer shows it, "…" where it breaks off inside a clause."""
        return f"{'…' if self.cut_before else ''}{self.text}{'…' if self.cut_after else ''}"


@dataclass(frozen=True)
class RefusalPiece:
    """The answerer found nothing that answers the question."""

    text: str


@dataclass(frozen=True)
class NotKnownPiece:
    """The passages say the asked-for fact is not known (yet): no answer is given, and the quote saying so follows."""


@dataclass(frozen=True)
class OtherCasePiece:
    """The passages tell the asked-for fact only of another case than the question pins: no answer is given, and
    the quote telling the other case follows."""


AnswerPiece = TextPiece | QuotePiece | RefusalPiece | NotKnownPiece | OtherCasePiece


class Answerer(Protocol):
    """Writes an answer from numbered passages."""

    name: str

    def stream(self, query: Query, passages: Sequence[Hit], question_vector: Sequence[float]) -> Iterator[AnswerPiece]:
        """Yield the answer as structured pieces, in reading order."""
        ...
