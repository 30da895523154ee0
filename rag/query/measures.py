"""Which measure a quantity question asks for (money, a percentage, a count), and whether a quantity is of it.

"What price per tonne did it pay?" is not answered by "about 2 million tonnes", nor "how many voters
registered?" by "40%", nor "how many constituencies?" by "250 centres": a sentence whose only quantity is
of another measure, or counts other things, does not hold the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table, load_words
from rag.text.arabic import PRONOUN_SUFFIXES, bare_forms, clean, fold_letters

MONEY, PERCENT, COUNT, IDENTIFIER = "money", "percent", "count", "identifier"
# "What number did the resolution carry?", "ما رقم ...": a number that names, not one that counts.
_ASKS_IDENTIFIER = re.compile(r"\b(?:what|which) number\b(?! of)|(?:^|\s)[وف]?(?:ما|باي)\s+رقم", re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow many ((?:[\w-]+ ){0,2}[\w-]+)", re.IGNORECASE)
_AR_COUNTED = re.compile(r"(?:^|\s)[وف]?(?:كم|عدد)\s+(?:عدد\s+)?([^\s؟?.,،]+)")
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
    if _ASKS_IDENTIFIER.search(fold_letters(question)):
        return IDENTIFIER
    words = _measure_words()
    said = {words[word] for word in _WORD.findall(fold_letters(question.lower())) if word in words}
    if "كم" in fold_letters(question).split() and not said:
        said.add(COUNT)
    for measure in (PERCENT, MONEY, COUNT):
        if measure in said:
            return measure
    return None


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:
    """Return the counted nouns the facts know: folded Arabic and English plural, each to its English plural."""
    table = {fold_letters(arabic): english for arabic, english in load_table("units.tsv").items()}
    return table | {english: english for english in table.values() if english != "%"}


def unit_class(unit: str) -> str:
    """Return what a counted noun counts: people, money, or the noun itself (tonnes, centres, hours)."""
    return load_table("unit_classes.tsv").get(unit, unit)


def asked_noun(question: str) -> str | None:
    """Return the counted noun a "how many X" / "كم X" question names, as its English plural ("policemen")."""
    units = _units()
    english = _HOW_MANY.search(question)
    if english:
        words = english.group(1).lower().split()
        return next((units[word] for word in words if word in units), None)
    arabic = _AR_COUNTED.search(fold_letters(question))
    if arabic:
        word = arabic.group(1)
        for form in (word, word.removeprefix("ال"), *_without_pronoun(word)):
            if form in units:
                return units[form]
    return None


# "كم مفاعلاً", "كم مركبةً": the noun counted after "how many" stands in the indefinite accusative, which a verb ("كم
# بلغ") does not end in; "كم عدد X" / "ما عدد X" count X whatever its form.
_AR_COUNTING = re.compile(r"(?:^|\s)[وفب]?(?:(?:كم|ما)\s+(عدد)|كم\s+([\u0621-\u064a]{2,}[اه]))(?:\s|$|[؟?.,،])")
_NOT_COUNTED = frozenset({"more", "times", "of", "in", "per", "did", "does", "do", "were", "was", "are", "is", "had"})


def counts_things(question: str) -> bool:
    """Return whether a question counts things it names ("how many reactors", "كم مفاعلاً", "كم عدد الناخبين")
    rather than asking a quantity of no named kind ("كم بلغت المسافة", "how much")."""
    english = _HOW_MANY.search(question)
    if english:
        return english.group(1).lower().split()[0] not in _NOT_COUNTED
    arabic = _AR_COUNTING.search(fold_letters(clean(question)))
    # "كم مدة", "كم عمره" ask a span of time, not a count
    return arabic is not None and not bare_forms(arabic.group(2) or "") & load_words("duration_cues.txt")


def counts_noun(english: str, noun: str | None) -> bool:
    """Return whether a quantity (by its English rendering) counts the very noun asked: "two policemen" for
    "how many policemen", where "6 people" only counts people of some kind."""
    return noun is not None and english.split()[-1:] == [noun]


def _without_pronoun(word: str) -> list[str]:
    """Return a noun without an attached pronoun ("رحلاتها" → "رحلات"; a ت that was ة before it → ه)."""
    forms = []
    for suffix in PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms += [stem, stem[:-1] + "ه"] if stem.endswith("ت") else [stem]
    return forms


@lru_cache(maxsize=1)
def _spans() -> frozenset[str]:
    """Return the units that are spans of time ("years", "hours"), as units.tsv renders them."""
    return load_words("measured_units.txt") & {noun + "s" for noun in load_words("time_nouns.txt")}


def is_duration(english: str) -> bool:
    """Return whether a quantity (by its English rendering) is a span of time: "5 years", "48 hours"."""
    return english.split()[-1:] != [] and english.split()[-1] in _spans()


def asks_duration(question: str, noun: str | None = None) -> bool:
    """Return whether a quantity question asks for a span of time: by its counted noun ("how many days") or by a
    word of duration_cues.txt ("how long", "how old", "ما مدة", "كم عمره")."""
    if noun in _spans():
        return True
    cues = load_words("duration_cues.txt")
    return any(bare_forms(word) & cues for word in _WORD.findall(fold_letters(question.lower())))


def quantity_measure(english: str) -> str | None:
    """Return the measure of a quantity from its English rendering ("2.65%", "20 billion riyals", "54 fighters")."""
    if english.endswith("%"):
        return PERCENT
    words = english.split()
    if words and unit_class(words[-1]) == MONEY:
        return MONEY
    if words and not words[-1][:1].isdigit() and words[-1] not in ("thousand", "million", "billion"):
        return COUNT  # a counted noun: people, tonnes, centres, years
    return None


def _is_group(noun: str) -> bool:
    """Return whether a counted noun names one group of people (policemen, suspects), not people of any kind."""
    return unit_class(noun) == "people" and noun not in load_words("people_nouns_any.txt")


def fits(
    asked: str | None,
    english: str,
    counted: str | None = None,
    *,
    names: bool = False,
    noun: str | None = None,
    counting: bool = False,
) -> bool:
    """Return whether a quantity (by its English rendering) can answer a question asking for `asked`, counting
    `counted` (a class from `unit_class`) when the question names what it counts, and `noun` (its very noun).
    A number that `names` something (a telephone, a resolution) answers only a question asking for a number of
    that sort. A count of one group of people does not answer how many of another there were ("two policemen"
    for "how many suspects"), where a count of people of no group ("6 people", "12 dead") may. A question
    `counting` things of a kind ("كم مفاعلاً") is not answered by a measure (a distance, a weight) of another.
    """
    if names:
        return asked == IDENTIFIER
    if asked == IDENTIFIER:
        return _WHOLE.fullmatch(english) is not None  # "2235" as a bare number may be one; "14 people" is not
    if _WHOLE.fullmatch(english) and _is_year(int(english.replace(",", ""))):
        return False
    unit = english.split()[-1] if english.split() else ""
    if counted and unit in _units() and unit_class(unit) != counted:
        return False
    if noun and unit != noun and _is_group(noun) and _is_group(unit):
        return False
    measured = load_words("measured_units.txt")
    if counted in measured and unit != counted:
        return False
    if counting and unit in measured and unit != noun:
        return False
    found = quantity_measure(english)
    if asked in (MONEY, PERCENT):
        return found == asked  # prices and shares are written with their currency or per cent sign
    return asked is None or found is None or found == asked
