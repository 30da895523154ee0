"""The measures a question pins its subject down by ("the 15-year bonds", "مهلة 48 ساعة"): a sentence that gives
the same measure of its own subject only in other amounts ("سندات 5 سنوات ... 7 سنوات ... 10 سنوات") is about other
members of the series, not the one asked about.

Only the units news writes next to their number every time (`measured_units.txt`: years, days, hours …) pin: a
sentence that writes none of them says nothing either way, where a bare count may stand for any of many things.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.facts import NUMBER, find_numbers
from rag.resources import load_words

_DIGIT = re.compile(r"\d")  # a measure pins when written in figures; "أول ثلاثة أشهر" is a span of time, not a name

Measure = tuple[str, str]  # (amount as written in digits, unit as units.tsv renders it in English: "years")


@lru_cache(maxsize=1)
def _english_units() -> dict[str, str]:
    """Return each measured unit's singular and plural, lower-case, with its plural: "year" → "years"."""
    return {form: unit for unit in load_words("measured_units.txt") for form in (unit, unit.removesuffix("s"))}


@lru_cache(maxsize=1)
def _english_measure() -> re.Pattern[str]:
    forms = "|".join(re.escape(form) for form in sorted(_english_units(), key=len, reverse=True))
    # "the 15-year bonds", "a 48 hour deadline", "for 10 years"
    return re.compile(rf"(?<![\d.,])(\d+(?:\.\d+)?)[- ]({forms})\b", re.IGNORECASE)


def measures_in(text: str, language: str) -> frozenset[Measure]:
    """Return the measures a text writes: (amount, unit) for each figure of a unit news always writes out."""
    if language == "en":
        units = _english_units()
        return frozenset((amount, units[unit.lower()]) for amount, unit in _english_measure().findall(text))
    units = load_words("measured_units.txt")
    found = set()
    for fact in find_numbers(text):
        words = fact.english.split()
        if fact.kind == NUMBER and len(words) == 2 and words[1] in units and _DIGIT.search(fact.text):
            found.add((words[0].replace(",", ""), words[1]))
    return frozenset(found)


def measured_otherwise(pinned: frozenset[Measure], sentence: str) -> bool:
    """Return whether the sentence writes a pinned unit only with other amounts ("5 سنوات" and "10 سنوات" for the
    15-year bonds asked about)."""
    if not pinned:
        return False
    said = measures_in(sentence, "ar")
    for amount, unit in pinned:
        amounts = {other for other, other_unit in said if other_unit == unit}
        if amounts and amount not in amounts:
            return True
    return False
