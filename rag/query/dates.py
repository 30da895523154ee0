"""The calendar days a question names ("on 10 August 2015", "في 11 أغسطس 2015", "on 10 and 11 August 2015").

A reporter's question often pins its event to a day. News of a day is published that day or the
next, so retrieval prefers articles dated on or just after a day the question names (see
`rag.query.retrieval`). Only whole Gregorian dates count: a month alone, or a Hijri date, pins nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from rag.index.filters import SearchFilter
from rag.resources import load_table
from rag.text.arabic import fold_letters, western_digits

ENGLISH_MONTHS = ("january february march april may june july august september october november december").split()
# Days after a named day on which its news is still published (a morning paper prints yesterday's events).
PUBLICATION_LAG_DAYS = 1
# The longest run of days "from D1 to D2 Month" that still pins the question to days rather than to a month.
MAX_SPAN_DAYS = 7


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Return English and Arabic Gregorian month names (Arabic in lexical form) → month number."""
    arabic = {fold_letters(name): int(value) for name, value in load_table("months.tsv").items() if value.isdigit()}
    return arabic | {name: number for number, name in enumerate(ENGLISH_MONTHS, start=1)}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = "|".join(sorted((re.escape(name).replace(r"\ ", r"\s+") for name in _month_numbers()), key=len)[::-1])
    days = r"(\d{1,2})(?:\s*(?:and|to|و|-|–)\s*(\d{1,2}))?"
    year = r"\s*,?\s*(?:عام\s+)?((?:19|20)\d\d)(?!\d)"
    day_first = re.compile(rf"(?<!\d){days}\s+(?:من\s+)?(?:شهر\s+)?({months})(?![\w]){year}")
    month_first = re.compile(rf"(?<![\w])({months})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)(?!\d)")
    return day_first, month_first


def named_dates(question: str) -> tuple[str, ...]:
    """Return the ISO dates of the whole Gregorian days a question names, in the order it names them."""
    text = fold_letters(western_digits(question.lower()))
    day_first, month_first = _patterns()
    months = _month_numbers()
    found: list[str] = []
    for match in day_first.finditer(text):
        first, last, month, year = match.groups()
        # "10 and 11 August" names two days, "between 5 and 8 August" four: the days from one to the other.
        end = int(last) if last and 0 < int(last) - int(first) <= MAX_SPAN_DAYS else int(first)
        for day in range(int(first), end + 1):
            found += _iso(int(year), months[" ".join(month.split())], day)
    for match in month_first.finditer(text):
        month, day, year = match.groups()
        found += _iso(int(year), months[" ".join(month.split())], int(day))
    return tuple(dict.fromkeys(found))


def _iso(year: int, month: int, day: int) -> list[str]:
    try:
        return [dt.date(year, month, day).isoformat()]
    except ValueError:  # 31 June: not a day
        return []


def published_near(article_date: str | None, days: tuple[str, ...]) -> bool:
    """Return whether an article's date (ISO) is one of the days, or within the publication lag after one."""
    if not article_date or not days:
        return False
    try:
        published = dt.date.fromisoformat(article_date[:10])
    except ValueError:
        return False
    for day in days:
        lag = (published - dt.date.fromisoformat(day)).days
        if 0 <= lag <= PUBLICATION_LAG_DAYS:
            return True
    return False


def days_filter(days: tuple[str, ...], within: SearchFilter | None = None) -> SearchFilter | None:
    """Return the filter of articles published on the named days or within the lag after them, inside the
    user's own filter `within`; None when there are no days or nothing could pass both.
    """
    if not days:
        return None
    first = dt.date.fromisoformat(min(days))
    last = dt.date.fromisoformat(max(days)) + dt.timedelta(days=PUBLICATION_LAG_DAYS)
    low, high = within.bounds() if within is not None else (0, 0)
    if low:
        first = max(first, dt.datetime.strptime(str(low), "%Y%m%d").date())
    if high:
        last = min(last, dt.datetime.strptime(str(high), "%Y%m%d").date())
    if first > last:
        return None
    outlets = within.outlets if within is not None else ()
    return SearchFilter(outlets=outlets, date_from=first.isoformat(), date_to=last.isoformat())
