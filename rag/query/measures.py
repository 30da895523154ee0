"""Which measure a quantity question asks for (money, a percentage, a count), and whether a quantity is of it.

"What price per tonne did it pay?" is not answered by "about 2 million tonnes", nor "how many voters
registered?" by "40%": a sentence whose only quantity is of another measure does not hold the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table
from rag.text.arabic import fold_letters

MONEY, PERCENT, COUNT = "money", "percent", "count"
# English units (as `rag.answer.facts` renders them) that are sums of money.
_CURRENCIES = frozenset({"riyals", "dollars", "pounds", "dinars", "euros", "lira", "dirhams"})
_WORD = re.compile(r"[\w%]+")
_WHOLE = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")


def _is_year(value: int) -> bool:
    """Return whether a whole number with no unit reads as a year: Gregorian 1900-2099 or Hijri 1350-1499."""
    return 1900 <= value <= 2099 or 1350 <= value <= 1499


@lru_cache(maxsize=1)
def _measure_words() -> dict[str, str]:
    return {fold_letters(word): measure for word, measure in load_table("measure_words.tsv").items()}


def asked_measure(question: str) -> str | None:
    """Return the measure a quantity question names (a percentage before money before a count), or None."""
    words = _measure_words()
    said = {words[word] for word in _WORD.findall(fold_letters(question.lower())) if word in words}
    if "كم" in fold_letters(question).split() and not said:
        said.add(COUNT)
    for measure in (PERCENT, MONEY, COUNT):
        if measure in said:
            return measure
    return None


def quantity_measure(english: str) -> str | None:
    """Return the measure of a quantity from its English rendering ("2.65%", "20 billion riyals", "54 fighters")."""
    if english.endswith("%"):
        return PERCENT
    words = english.split()
    if words and words[-1] in _CURRENCIES:
        return MONEY
    if words and not words[-1][:1].isdigit() and words[-1] not in ("thousand", "million", "billion"):
        return COUNT  # a counted noun: people, tonnes, centres, years
    return None


def fits(asked: str | None, english: str) -> bool:
    """Return whether a quantity (by its English rendering) can answer a question asking for `asked`."""
    if _WHOLE.fullmatch(english) and _is_year(int(english.replace(",", ""))):
        return False
    found = quantity_measure(english)
    if asked is None or found is None:
        return True
    if asked == COUNT:
        return found == COUNT
    return found == asked
