"""Of a sentence's dates, the one a "when" question asks for: the fullest, and of those as full the first
("تبدأ يوم السبت 7-11-1436 هـ وتنتهي يوم الاثنين 1-12-1436 هـ"), or the last when it asks when something ends
("متى تنتهي", "when did he die": "(14 مارس 1879 – 18 أبريل 1955)")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from functools import lru_cache

from rag.answer.facts import Fact
from rag.resources import load_table

_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def fullest_first(dates: Sequence[Fact], ends: bool) -> list[Fact]:
    """Return the dates fullest first, and of those as full in reading order (the last first when `ends`)."""
    return sorted(dates, key=lambda fact: (-date_parts(fact.english), -fact.start if ends else fact.start))


def date_parts(english: str) -> float:
    """Return how much of a date its English gives (day, month, year; a weekday half): of two dates in a sentence
    the fuller one answers ("3 August 2015" before "Monday")."""
    said = english.partition("(")[0]
    words = set(said.replace("-", " ").split())
    months, weekdays = _calendar_words()
    return bool(_DAY.search(said)) + bool(_YEAR.search(said)) + bool(words & months) + 0.5 * bool(words & weekdays)


@lru_cache(maxsize=1)
def _calendar_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return the English words of month names (Gregorian and Hijri) and the English weekday names."""
    months = frozenset(word for value in load_table("months.tsv").values() for word in _month_english(value).split())
    return months, frozenset(load_table("weekdays.tsv").values())


def _month_english(value: str) -> str:
    """Return a month's English words from its months.tsv value ("AH:10:Shawwal", "8" → August)."""
    if value.startswith("AH:"):
        return value.split(":")[-1].replace("-", " ")
    return calendar.month_name[int(value)] if value.isdigit() and 1 <= int(value) <= 12 else ""
