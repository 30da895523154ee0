"""Whether a "when" question asks about something already past, or still to come, when its article was written."""

from __future__ import annotations

import re

from rag.resources import load_table
from rag.text.arabic import fold_letters

PAST = "past"
FUTURE = "future"
_WORD = re.compile(r"[a-z]+|[\u0621-\u064a]+")


def asked_tense(question: str) -> str | None:
    """Return PAST or FUTURE when the question's words place what it asks about on one side of the report
    ("had previously hosted", "when will", "سوف", "سبق"); None when they say neither, or both."""
    cues = load_table("tense_cues.tsv")
    found = {cues[word] for word in _WORD.findall(fold_letters(question.lower())) if word in cues}
    return found.pop() if len(found) == 1 else None


def on_the_wrong_side(tense: str | None, year: int | None, reported: str | None) -> bool:
    """Return whether a date's Gregorian year lies on the other side of the article's date (ISO) from the asked
    tense: a year after the report for something past, before it for something to come. Years alone are compared:
    a day of the report's own year may lie either side of it."""
    if tense is None or year is None or not reported or not reported[:4].isdigit():
        return False
    reported_year = int(reported[:4])
    return year > reported_year if tense == PAST else year < reported_year
