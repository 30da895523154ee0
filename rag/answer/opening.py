"""The opening line of an extractive answer: the fact itself (date, number, name), in the question's language.

Nothing is invented: the line restates a date, number or name found in the quoted sentence (or
the article's own date, labelled as such), and where no such fact is found an English reader is
told which quoted Arabic sentence holds the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.facts import Fact, date_english
from rag.answer.names import find_names
from rag.arabic import fold_letters, lexical_tokens
from rag.query.analysis import Query
from rag.query.kinds import WHEN, WHO
from rag.resources import load_table
from rag.schema import Chunk

MAX_NAMES = 2


def opening_line(query: Query, facts: Sequence[Fact], quote: str, chunk: Chunk) -> str | None:
    """Return the line that opens the answer, or None when the quote should stand alone."""
    shown = [fact for fact in facts if fact.text in quote]
    english = query.language == "en"
    if shown:
        fact = max(shown, key=lambda item: len(item.english)) if query.kind == WHEN else shown[0]
        return f"{fact.english if english else fact.text}."
    if query.kind == WHEN and chunk.date:
        return _article_date(chunk, english)
    if not english:
        return None
    if query.kind == WHO:
        asked = frozenset(fold_letters(token) for token in lexical_tokens(query.search_text))
        names = [name.latin for name in find_names(quote, skip=asked) if name.latin]
        if names:
            return f"{'; '.join(dict.fromkeys(names[:MAX_NAMES]))}."
    return f"The answer is in this Arabic sentence from {source_label(chunk)}:"


def source_label(chunk: Chunk) -> str:
    """Return "SPA, 11 August 2015": the outlet's English name and the article's date, as far as known."""
    outlet = outlet_english(chunk.source) if chunk.source else "an article"
    date = _iso_english(chunk.date) if chunk.date else ""
    return f"{outlet}, {date}" if date else outlet


def outlet_english(outlet: str) -> str:
    """Return an outlet's English name when known, else its name as written."""
    return load_table("outlets_en.tsv").get(" ".join(fold_letters(outlet).split()), outlet)


def _article_date(chunk: Chunk, english: bool) -> str:
    if english:
        return f"The article's own date: {_iso_english(chunk.date or '')} ({source_label_outlet(chunk)})."
    return f"تاريخ المقال: {chunk.date} ({chunk.source or 'مصدر غير معروف'})."


def source_label_outlet(chunk: Chunk) -> str:
    """Return the outlet's English name, or "unknown outlet"."""
    return outlet_english(chunk.source) if chunk.source else "unknown outlet"


def _iso_english(iso: str) -> str:
    """Return an ISO date (2015-08-11, or --08-11 without a year) as "11 August 2015"."""
    parts = iso.lstrip("-").split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        year, month, day = parts
        return date_english(f"{int(day)}/{int(month)}/{year}") or iso
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        month, day = parts
        return (date_english(f"{int(day)}/{int(month)}/2000") or iso).replace(" 2000", "")
    return iso
