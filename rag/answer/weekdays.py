"""A weekday or a relative day in a report, dated from the report's own date ("الثلاثاء", "أمس" in a report of
11 August 2015).

News names recent days by weekday alone: "crashed on Tuesday", "the market opens next Sunday".
An English reader needs the calendar date. The report's date fixes it: the weekday is that day
or the nearest one before it, or after it where the sentence says so ("الأحد المقبل", "سوف").
The line says the date was counted from the report's date, since the text itself does not give it.
"""

from __future__ import annotations

import datetime as dt
import re

from rag.resources import load_table
from rag.text.arabic import fold_letters

ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = "January February March April May June July August September October November December".split()
# Words right after a weekday that put it in the coming week, or in the week before the report's own.
_NEXT = re.compile(r"^\s*(?:المقبل|القادم)")
_LAST = re.compile(r"^\s*(?:الماضي|المنصرم|السابق)")
# "سوف" before the weekday makes the sentence's event a coming one.
_WILL = re.compile(r"(?:^|\s)سوف\s")


def dated_weekday(english: str, sentence: str, article_date: str | None) -> str:
    """Return a bare English weekday with the calendar date the report's date gives it ("Tuesday" →
    "Tuesday 11 August 2015"); anything else, or a report without a full date, as it is.
    """
    if english not in ENGLISH_WEEKDAYS or not article_date or not re.fullmatch(r"\d{4}-\d\d-\d\d", article_date):
        return english
    try:
        published = dt.date.fromisoformat(article_date)
    except ValueError:
        return english
    folded = fold_letters(sentence)
    arabic = _arabic_name(english)
    at = folded.find(arabic)
    after = folded[at + len(arabic) :] if at >= 0 else ""
    before = folded[:at] if at >= 0 else folded
    target = ENGLISH_WEEKDAYS.index(english)
    if _NEXT.match(after) or _WILL.search(before):
        day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
    else:
        back = (published.weekday() - target) % 7
        day = published - dt.timedelta(days=back or (7 if _LAST.match(after) else 0))
    said = f"{english} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    return said if day == published else f"{said} (counted from the report's date)"


# "today", "yesterday" as `rag.answer.facts.find_relative_days` renders them → days from the report's date.
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "the day before yesterday": -2}
_RELATIVE_SAID = {0: "the report's day", -1: "the day before the report", -2: "two days before the report"}


def dated_relative_day(english: str, article_date: str | None) -> tuple[str, str] | None:
    """Return the ISO date and the English date ("Monday 10 August 2015 (the day before the report)") of "today" or
    "yesterday" in a report of a full date; None when the report has none."""
    if english not in RELATIVE_DAYS or not article_date or not re.fullmatch(r"\d{4}-\d\d-\d\d", article_date):
        return None
    try:
        day = dt.date.fromisoformat(article_date) + dt.timedelta(days=RELATIVE_DAYS[english])
    except ValueError:
        return None
    said = f"{ENGLISH_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    said += f" ({_RELATIVE_SAID[RELATIVE_DAYS[english]]})"
    return day.isoformat(), said


def _arabic_name(english: str) -> str:
    return next((arabic for arabic, name in load_table("weekdays.tsv").items() if name == english), "")
