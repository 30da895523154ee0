"""An answer as the page shows it: one source per article, numbered 1, 2, 3 in order of first citation.

The answer chain numbers citations by passage and keeps one supporting sentence per passage. A reader
checks claims, so the page regroups them: every marked claim finds its own sentence in the passage it
cites, passages of one article share a card and a number, and a card lists every sentence cited from it.
A passage with no outlet, no date and hardly any text (a "read also" teaser) is no source to check a
claim against, so it gets no card and its markers are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.citations import MARKER, marker_numbers
from rag.schema import Answer, Chunk, Citation, StoryCopy
from rag.text.arabic import lexical_tokens
from rag.text.sentences import sentence_spans

# A passage shorter than this, with neither outlet nor date, is a teaser rather than an article.
TEASER_CHARS = 160
_REPEATED_MARKER = re.compile(r"(\[\d+\])(?:\s*\1)+")


@dataclass(frozen=True)
class Quote:
    """One cited sentence: the passage it is read from and its span in the article's frame."""

    chunk: Chunk
    start: int
    end: int

    @property
    def sentence(self) -> str:
        """The sentence as written in the article."""
        return self.chunk.text[self.start - self.chunk.start : self.end - self.chunk.start]


@dataclass(frozen=True)
class Source:
    """One article an answer cites: its display number and every sentence cited from it, in article order."""

    number: int
    chunk: Chunk  # the first passage cited, for the title, outlet, date and file
    quotes: tuple[Quote, ...]
    copies: tuple[StoryCopy, ...] = ()  # the same story in other papers ("also in")


@dataclass(frozen=True)
class CitedAnswer:
    """The answer text with markers renumbered to its sources, and the sources in number order."""

    text: str
    sources: tuple[Source, ...]


def is_teaser(chunk: Chunk) -> bool:
    """Return whether a passage is too bare to show as a source: no outlet, no date, almost no text."""
    return not chunk.outlet and not chunk.date and len(chunk.text.strip()) < TEASER_CHARS


def _claim_quote(citation: Citation, claim: str) -> Quote:
    """Return the sentence of the cited passage that shares the most words with `claim`.

    When no sentence shares a word (a paraphrase), the chain's own choice for the passage stands.
    """
    chunk = citation.chunk
    wanted = set(lexical_tokens(claim))
    best, best_overlap = None, 0
    for start, end in sentence_spans(chunk.text):
        overlap = len(wanted.intersection(lexical_tokens(chunk.text[start:end])))
        if overlap > best_overlap:
            best, best_overlap = (chunk.start + start, chunk.start + end), overlap
    if best is None:
        return Quote(chunk, citation.sentence_start, citation.sentence_end)
    return Quote(chunk, *best)


def cited_answer(answer: Answer) -> CitedAnswer:
    """Return the answer regrouped by article, every claim's own sentence found, numbered by first appearance."""
    by_n = {citation.n: citation for citation in answer.citations if not is_teaser(citation.chunk)}
    dropped = {citation.n for citation in answer.citations} - set(by_n)
    numbers: dict[str, int] = {}  # article id -> display number
    first_chunk: dict[str, Chunk] = {}
    copies: dict[str, tuple[StoryCopy, ...]] = {}
    quotes: dict[str, dict[tuple[int, int], Quote]] = {}
    pieces: list[str] = []
    cursor = 0
    last_claim = ""
    for match in MARKER.finditer(answer.text):
        claim = answer.text[cursor : match.start()]
        pieces.append(claim)
        cursor = match.end()
        line = claim.split("\n")[-1]
        if claim.strip():  # else "[1][2]": the second marker closes the same claim as the first
            last_claim = line if line.strip() else claim
        original = marker_numbers(match.group(1))
        if not all(n in by_n or n in dropped for n in original):
            pieces.append(match.group(0))  # a marker the chain did not resolve stays as written
            continue
        shown: list[int] = []
        for n in original:
            if n in dropped:
                continue
            citation = by_n[n]
            article = citation.chunk.article_id
            if article not in numbers:
                numbers[article] = len(numbers) + 1
                first_chunk[article] = citation.chunk
                copies[article] = citation.copies
                quotes[article] = {}
            quote = _claim_quote(citation, last_claim)
            quotes[article].setdefault((quote.start, quote.end), quote)
            if numbers[article] not in shown:
                shown.append(numbers[article])
        if shown:
            pieces.append("".join(f"[{number}]" for number in shown))
        else:
            pieces[-1] = pieces[-1].rstrip()
    pieces.append(answer.text[cursor:])
    text = _REPEATED_MARKER.sub(r"\1", "".join(pieces))  # two passages of one article cited together: one [n]
    # Citations the text never marks (an answer cut short) still get a card, after the marked ones.
    for citation in answer.citations:
        article = citation.chunk.article_id
        if citation.n in by_n and article not in numbers:
            numbers[article] = len(numbers) + 1
            first_chunk[article] = citation.chunk
            copies[article] = citation.copies
            quotes[article] = {(citation.sentence_start, citation.sentence_end): _own_quote(citation)}
    sources = tuple(
        Source(
            number,
            first_chunk[article],
            tuple(sorted(quotes[article].values(), key=lambda q: q.start)),
            copies[article],
        )
        for article, number in sorted(numbers.items(), key=lambda item: item[1])
    )
    return CitedAnswer(text=text, sources=sources)


def numbered_by_appearance(text: str) -> str:
    """Return text still being written with its markers numbered 1, 2, 3 in order of first appearance.

    While an answer streams its citations are not known yet; numbering by appearance keeps the numbers a
    reader sees from jumping when the checked answer replaces the stream (passages of one article may
    still merge then).
    """
    numbers: dict[int, int] = {}

    def renumber(match: re.Match[str]) -> str:
        shown = [numbers.setdefault(n, len(numbers) + 1) for n in marker_numbers(match.group(1))]
        return "".join(f"[{n}]" for n in dict.fromkeys(shown))

    return MARKER.sub(renumber, text)


def _own_quote(citation: Citation) -> Quote:
    return Quote(citation.chunk, citation.sentence_start, citation.sentence_end)
