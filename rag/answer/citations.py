"""Checking an answer's [n] markers against the passages it was given, whatever wrote it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.schema import Citation, Hit
from rag.text.arabic import lexical_tokens, western_digits
from rag.text.sentences import sentence_spans

# [1], [1, 2], [١], [1،2]: what models and people write as a citation.
MARKER = re.compile(r"\[\s*([0-9٠-٩]+(?:\s*[,،]\s*[0-9٠-٩]+)*)\s*\]")


@dataclass(frozen=True)
class CheckedText:
    """An answer text with invalid markers removed, and the citations its valid markers make."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def grounded(self) -> bool:
        """Return whether at least one claim points at a real passage."""
        return bool(self.citations)


def sentences_of(hit: Hit) -> list[tuple[int, int]]:
    """Return the article-frame spans of a hit's sentences."""
    chunk = hit.chunk
    return [(chunk.start + start, chunk.start + end) for start, end in sentence_spans(chunk.text)]


def best_sentence(hit: Hit, claim: str) -> tuple[int, int]:
    """Return the span of the passage sentence sharing the most keywords with `claim` (the first on ties)."""
    wanted = set(lexical_tokens(claim))
    spans = sentences_of(hit) or [(hit.chunk.start, hit.chunk.end)]
    offset = hit.chunk.start

    def overlap(span: tuple[int, int]) -> int:
        return len(wanted.intersection(lexical_tokens(hit.chunk.text[span[0] - offset : span[1] - offset])))

    return max(spans, key=overlap)


def _overlap(text: str, question: str) -> int:
    return len(set(lexical_tokens(text)).intersection(lexical_tokens(question)))


def check_citations(text: str, passages: Sequence[Hit], question: str = "") -> CheckedText:
    """Return the text with markers that point at no passage removed, and a citation per passage cited.

    Each citation's sentence is the one in its passage that best supports the claim
    the marker closes (the words since the previous marker), helped by the question.
    """
    citations: dict[int, Citation] = {}
    pieces: list[str] = []
    cursor = 0
    for match in MARKER.finditer(text):
        claim = text[cursor : match.start()]
        numbers = marker_numbers(match.group(1))
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]
        pieces.append(claim.rstrip() if not valid else claim)
        if valid:
            pieces.append("".join(f"[{n}]" for n in valid))
        for n in valid:
            start, end = best_sentence(passages[n - 1], f"{claim} {question}")
            hit = passages[n - 1]
            citation = Citation(n=n, chunk=hit.chunk, sentence_start=start, sentence_end=end, copies=hit.copies)
            # A passage cited for several claims highlights the sentence closest to the question.
            if n not in citations or _overlap(citation.sentence, question) > _overlap(citations[n].sentence, question):
                citations[n] = citation
        cursor = match.end()
    pieces.append(text[cursor:])
    cleaned = re.sub(r"[ \t]+([.،,؟?!])", r"\1", "".join(pieces)).strip()
    return CheckedText(text=cleaned, citations=tuple(sorted(citations.values(), key=lambda c: c.n)))


def marker_numbers(marker: str) -> list[int]:
    """Return the passage numbers inside a citation marker's brackets ("1, 3" or "١، ٣")."""
    return [int(western_digits(part.strip())) for part in re.split(r"[,،]", marker)]
