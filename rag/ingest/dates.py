"""Publication dates in news text: Levantine, Egyptian and English month names, any digits.

Dates come out as ISO 8601: `2024-07-06`, or `--09-17` when the text names a day and
month but no year (a year is never guessed).
"""

from __future__ import annotations

import calendar
import re

from rag.text.arabic import western_digits

_A = "[اأإآ]"  # alef as written with or without hamza
# Month spellings mapped to their number. Levantine/Iraqi, Egyptian/MSA, Maghrebi, English.
_MONTH_PATTERNS: tuple[tuple[str, int], ...] = (
    (r"كانون\s+(?:ال)?ثاني", 1),
    (r"كانون\s+(?:ال)?[اأ]ول", 12),
    (r"تشرين\s+(?:ال)?ثاني", 11),
    (r"تشرين\s+(?:ال)?[اأ]ول", 10),
    (r"شباط", 2),
    (f"{_A}ذار", 3),
    (r"نيسان", 4),
    (f"{_A}يار", 5),
    (r"حزيران", 6),
    (r"تموز", 7),
    (r"آب|اب", 8),
    (f"{_A}يلول", 9),
    (r"يناير", 1),
    (r"فبراير", 2),
    (r"مارس", 3),
    (f"{_A}بريل|{_A}فريل", 4),
    (r"مايو|ماي", 5),
    (r"يونيو|يونيه|جوان", 6),
    (r"يوليو|يوليه|جويلية", 7),
    (f"{_A}غسطس|{_A}وت", 8),
    (r"سبتمبر", 9),
    (f"{_A}كتوبر", 10),
    (r"نوفمبر", 11),
    (r"ديسمبر", 12),
    (r"جانفي", 1),
    (r"فيفري", 2),
    (r"january|jan\.?", 1),
    (r"february|feb\.?", 2),
    (r"march|mar\.?", 3),
    (r"april|apr\.?", 4),
    (r"may", 5),
    (r"june|jun\.?", 6),
    (r"july|jul\.?", 7),
    (r"august|aug\.?", 8),
    (r"september|sept?\.?", 9),
    (r"october|oct\.?", 10),
    (r"november|nov\.?", 11),
    (r"december|dec\.?", 12),
)
_MONTH_ALTERNATION = "|".join(f"(?:{pattern})" for pattern, _ in _MONTH_PATTERNS)
# Arabic words must not be matched inside longer words (`ماي` in `مايو`, `اب` in `كتاب`).
_MONTH = rf"(?<![\w\u0600-\u06ff])(?:{_MONTH_ALTERNATION})(?![\w\u0600-\u06ff])"
_MONTH_LOOKUP = tuple((re.compile(f"^(?:{pattern})$", re.IGNORECASE), number) for pattern, number in _MONTH_PATTERNS)

_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
# A second spelling of the same month after a slash: `أيلول/ سبتمبر`, `كانون الأول/ديسمبر`.
_MONTH_NAMED = rf"(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?"

_TEXTUAL_DAY_FIRST = re.compile(
    rf"{_DAY}\s*,?\s*(?:من\s+)?(?:شهر\s+)?{_MONTH_NAMED}(?:\s*,?\s*(?:عام|سنة)?\s*{_YEAR})?", re.I
)
_TEXTUAL_MONTH_FIRST = re.compile(rf"{_MONTH_NAMED}\s+{_DAY}\s*,?\s*{_YEAR}", re.IGNORECASE)
_NUMERIC_YEAR_FIRST = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[./-](?P<month>[01]?\d)[./-](?P<day>[0-3]?\d)(?!\d)")
_NUMERIC_DAY_FIRST = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-](?P<year>(?:19|20)\d\d)(?!\d)")
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=/)")

_WEEKDAY = r"(?:ال)?(?:سبت|[اأإ]حد|[اأإ]ثنين|ثلاثاء|[اأإ]ربعاء|خميس|جمعة)"
# "Today, Thursday 17 September": a report dating itself, unlike dates of events it mentions.
_TODAY = re.compile(rf"(?<!\w)اليوم\s*،?\s*(?:{_WEEKDAY}\s*،?\s*)?(?=\d)")
_LABEL = re.compile(
    r"(?<!\w)(?:تاريخ\s+النشر|نشر\s+(?:في|بتاريخ)|تاريخ\s+الخبر|آخر\s+تحديث|تم\s+النشر|published|updated|posted|date)"
    r"\s*(?:في|on|at)?\s*[:：\-–]?",
    re.IGNORECASE,
)
# What may surround a date on a dateline besides the date itself.
_DATELINE_NOISE = re.compile(
    rf"{_LABEL.pattern}|{_WEEKDAY}|(?<!\d)\d{{1,2}}:\d\d(?::\d\d)?(?:\s*[APap]\.?[Mm]\.?)?|GMT|UTC|[+-]\d\d:?\d\d"
    r"|(?<!\S)[صم](?=\s|$)|[|،,/·•\-–—()\[\]]",
    re.IGNORECASE,
)
_HEAD_LINES = 8
_HEAD_CHARS = 3000
_MAX_LINE = 300  # metadata lines are short; never run the patterns over a huge line


def parse_date(text: str) -> str | None:
    """Return the first valid date written in `text` as ISO 8601, or None."""
    text = western_digits(text)
    found: list[tuple[int, str]] = []
    for pattern in (_NUMERIC_YEAR_FIRST, _NUMERIC_DAY_FIRST, _TEXTUAL_DAY_FIRST, _TEXTUAL_MONTH_FIRST):
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is not None:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def dateline(line: str) -> str | None:
    """Return the date when a line is only a dateline (date, time, label, weekday, a city), else None."""
    if len(line) > _MAX_LINE:
        return None
    text = western_digits(line)
    for pattern in (_NUMERIC_YEAR_FIRST, _NUMERIC_DAY_FIRST, _TEXTUAL_DAY_FIRST, _TEXTUAL_MONTH_FIRST):
        match = pattern.search(text)
        if match is None or _iso(match) is None:
            continue
        rest = _DATELINE_NOISE.sub(" ", text[: match.start()] + " " + text[match.end() :])
        # One word may remain: the city of the dateline, as in `2024.07.06 | 13:43 دمشق`.
        if len(rest.split()) <= 1:
            return _iso(match)
    return None


def find_date(text: str) -> str | None:
    """Return the publication date a news text gives for itself, or None.

    Only dates that date the report count: a dateline or labelled date among the
    first lines, or a day introduced by "today"/a weekday near the top. Dates of
    events mentioned in the story ("on 8 December") are not publication dates.
    """
    head = text[:_HEAD_CHARS]
    lines = [line.strip() for line in head.split("\n") if line.strip()][:_HEAD_LINES]
    for line in lines:
        found = dateline(line)
        if found:
            return found
    for line in lines:
        label = _LABEL.search(line[:_MAX_LINE])
        if label:
            found = parse_date(line[label.end() : label.end() + 80])
            if found:
                return found
    digits = western_digits(head)
    for anchor in _TODAY.finditer(digits):
        match = _TEXTUAL_DAY_FIRST.match(digits, anchor.end())
        if match:
            found = _iso(match)
            if found:
                return found
    return None


def url_date(text: str) -> str | None:
    """Return the date in a `/YYYY/M/D/` URL path (news sites file images and pages so), or None."""
    for match in _URL_DATE.finditer(western_digits(text)):
        found = _iso(match)
        if found:
            return found
    return None


def _iso(match: re.Match[str]) -> str | None:
    """Return a match's date as ISO 8601 when the day exists in that month, else None."""
    groups = match.groupdict()
    month = _month_number(groups["month"])
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    if month is None or not 1 <= month <= 12:
        return None
    # Without a year, 29 February is allowed: it exists in some year.
    last_day = calendar.monthrange(year if year else 2000, month)[1]
    if not 1 <= day <= last_day:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _month_number(month: str) -> int | None:
    """Return the month number of a numeric or named month (first spelling of `أيلول/ سبتمبر`)."""
    if month.isdigit():
        return int(month)
    name = re.split(r"\s*/\s*", month.strip())[0]
    name = re.sub(r"\s+", " ", name)
    for pattern, number in _MONTH_LOOKUP:
        if pattern.match(name):
            return number
    return None
