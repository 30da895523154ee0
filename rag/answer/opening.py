"""The opening line of an extractive answer: the fact itself (date, number, name), in the question's language.

Nothing is invented: the line restates a date, number or name found in the quoted sentence (or
the article's own date, labelled as such), and where no such fact is found an English reader is
told which quoted Arabic sentence holds the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.facts import GREGORIAN_MONTHS, Fact, date_english
from rag.answer.names import find_names, romanise
from rag.query.analysis import Query
from rag.query.kinds import WHEN, WHO
from rag.resources import load_table
from rag.schema import Chunk
from rag.text.arabic import detect_language, fold_letters, lexical_tokens

MAX_NAMES = 2


def opening_line(query: Query, facts: Sequence[Fact], quote: str, chunk: Chunk) -> str | None:
    """Return the line that opens the answer, or None when the quote should stand alone."""
    shown = [fact for fact in facts if fact.text in quote]
    english = query.language == "en"
    if shown:
        fact = max(shown, key=lambda item: len(item.english)) if query.kind == WHEN else shown[0]
        if not english:
            return f"{fact.text}."
        return f"{_with_article_year(fact.english, chunk.date) if query.kind == WHEN else fact.english}."
    if query.kind == WHEN and chunk.date:
        return _article_date(chunk, english)
    if query.kind == WHO:
        asked = frozenset(fold_letters(token) for token in lexical_tokens(query.search_text))
        found = find_names(quote, skip=asked, titled=True)
        names = [name.latin for name in found if name.latin] if english else [name.text for name in found]
        if names:
            return f"{'; ' if english else '؛ '}".join(dict.fromkeys(names[:MAX_NAMES])) + "."
    if not english:
        return None
    return f"The answer is in this Arabic sentence from {source_label(chunk)}:"


def _with_article_year(date: str, article_date: str | None) -> str:
    """Return an English date completed from the article's own date: a day and month next to the article's month
    take the article's year, and "the 7th of the month" its month (news dates events relative to its own day).
    """
    has_year = re.search(r"\b1[34]\d\d\b|\b(19|20)\d\d\b", date)
    if not article_date or not re.match(r"\d{4}-\d\d", article_date) or has_year:
        return date
    year, month = int(article_date[:4]), int(article_date[5:7])
    this_month = re.search(r"(\d+)\w* of the month", date)
    if this_month:
        return date.replace(this_month.group(), f"{this_month.group(1)} {GREGORIAN_MONTHS[month - 1]} {year}")
    named = re.search(r"\b(\d{1,2}) (" + "|".join(GREGORIAN_MONTHS) + r")\b", date)
    # Only a month next to the article's own: "26 February" in a July report may be either year.
    if named and abs(GREGORIAN_MONTHS.index(named.group(2)) + 1 - month) <= 1:
        return date.replace(named.group(), f"{named.group()} {year}")
    return date


def source_label(chunk: Chunk) -> str:
    """Return "SPA, 11 August 2015": the outlet's English name and the article's date, as far as known."""
    outlet = outlet_english(chunk.outlet) if chunk.outlet else ""
    date = _iso_english(chunk.date) if chunk.date else ""
    date = f"collected {date}" if date and chunk.date_crawled else date
    return ", ".join(part for part in (outlet, date) if part) or "the article"


def outlet_english(outlet: str) -> str:
    """Return an outlet's English name when known, else its name in Latin letters (or as written)."""
    known = load_table("outlets_en.tsv").get(" ".join(fold_letters(outlet).split()))
    if known:
        return known
    return (romanise(outlet) or outlet) if detect_language(outlet) == "ar" else outlet


def _article_date(chunk: Chunk, english: bool) -> str:
    if chunk.date_crawled:  # the file says this is when the page was collected: never call it the article's date
        if english:
            return (
                f"The article gives no publication date; it was collected on {_iso_english(chunk.date or '')} "
                f"({source_label_outlet(chunk)})."
            )
        return f"لا يذكر المقال تاريخ نشره؛ جُمع في {chunk.date} ({chunk.outlet or 'مصدر غير معروف'})."
    if english:
        return f"The article's own date: {_iso_english(chunk.date or '')} ({source_label_outlet(chunk)})."
    return f"تاريخ المقال: {chunk.date} ({chunk.outlet or 'مصدر غير معروف'})."


def source_label_outlet(chunk: Chunk) -> str:
    """Return the outlet's English name, or "unknown outlet"."""
    return outlet_english(chunk.outlet) if chunk.outlet else "unknown outlet"


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
