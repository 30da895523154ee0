"""The month a question pins its subject to ("the bonds issued in August 2015"): a sentence that dates what it tells
only to other months of that year ("أصدرت سندات … في شهر يونيو 2015") tells of another issue, not the one asked about.

Hijri dates count by the Gregorian date they are given with ("7-11-1436 هـ" is 22 August 2015); a sentence with no
month in it ("أمس", "الأحد") says nothing either way.
"""

from __future__ import annotations

import re

from rag.answer.facts import GREGORIAN_MONTHS, find_dates

Month = tuple[str, str | None]  # (English month name, year or None when not written)

_MONTH_YEAR = re.compile(rf"\b({'|'.join(GREGORIAN_MONTHS)})\b(?: (\d{{4}}))?")


def months_in(text: str, language: str) -> frozenset[Month]:
    """Return the Gregorian months a text dates something to, with their years where written."""
    englishes = [text] if language == "en" else [fact.english for fact in find_dates(text)]
    return frozenset((month, year or None) for english in englishes for month, year in _MONTH_YEAR.findall(english))


def dated_otherwise(pinned: frozenset[Month], sentence: str) -> bool:
    """Return whether the sentence dates what it tells to other months of the year asked about, and never to the
    month asked. A month of another year is most often history told in passing (the convention "adopted on 17 / 8 /
    1422 هـ" that the cabinet approved in August 2015), not another event of the kind asked about."""
    if not pinned:
        return False
    comparable = [(month, asked) for month in months_in(sentence, "ar") for asked in pinned if _same_year(month, asked)]
    return bool(comparable) and not any(month[0] == asked[0] for month, asked in comparable)


def _same_year(one: Month, other: Month) -> bool:
    return one[1] is None or other[1] is None or one[1] == other[1]
