"""Sentence boundaries for Arabic and English news text, as character spans of the original."""

from __future__ import annotations

import re

# A sentence ends after . ! ? ؟ … (and any closing quotes or brackets that follow) when
# whitespace or the end comes next, and always at a line break. ، and ؛ never end one.
_BOUNDARY = re.compile(r"[.!?؟…]+[\"'”»)\]]*(?=\s|$)|\n")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "no", "etc", "inc", "ltd"})


def _is_abbreviation(text: str, dot: int) -> bool:
    """Return whether the period at `dot` closes an abbreviation such as د. or U.S. rather than a sentence."""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1)
    return len(word) == 1 or word.lower() in _ABBREVIATIONS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group().startswith(".") and match.end() - match.start() == 1 and _is_abbreviation(text, match.start()):
            continue
        _append_trimmed(text, cursor, match.end(), spans)
        cursor = match.end()
    _append_trimmed(text, cursor, end, spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
