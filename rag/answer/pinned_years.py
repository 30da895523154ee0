"""The year a question pins its subject to ("who won the prize in 2015?"): a sentence that dates what it tells only
to other years ("صاحب لقب شاعر سوق عكاظ في العام 1433هـ", the 2012 title) tells of another round, not the one asked.

A Hijri year counts as either Gregorian year it overlaps (1433 AH ran from late 2011 to late 2012); a sentence with
no year in it says nothing either way.
"""

from __future__ import annotations

import re

from rag.answer.facts import find_dates, find_years

_GREGORIAN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_HIJRI = re.compile(r"(?<!\d)(1[34]\d\d) AH")
# A Hijri year is about 0.970 of a Gregorian one; 1 Muharram 1 AH fell in 622.
_HIJRI_RATE = 0.970229
_HIJRI_EPOCH = 621.5643


def hijri_to_gregorian(year: int) -> frozenset[int]:
    """Return the Gregorian years a Hijri year overlaps: 1433 → {2011, 2012}."""
    start = int(year * _HIJRI_RATE + _HIJRI_EPOCH)
    return frozenset({start, start + 1})


def gregorian_years(english: str) -> frozenset[int]:
    """Return the Gregorian years a date's English names ("8 March 2014", "2018", "… AH (22 August 2015)"); none for
    a Hijri date given alone ("1433 AH")."""
    return frozenset(int(year) for year in _GREGORIAN.findall(english))


def years_in(sentence: str) -> frozenset[int]:
    """Return the Gregorian years a sentence dates something to, Hijri years converted."""
    years: set[int] = set()
    for fact in find_dates(sentence):
        gregorian = set(gregorian_years(fact.english))
        if not gregorian:  # a Hijri date the text gives no Gregorian for
            for hijri in _HIJRI.findall(fact.english):
                gregorian |= hijri_to_gregorian(int(hijri))
        years |= gregorian
    years |= {int(fact.english) for fact in find_years(sentence) if _GREGORIAN.fullmatch(fact.english)}
    return frozenset(years)


def dated_to_other_years(asked: frozenset[int], sentence: str) -> bool:
    """Return whether the sentence dates what it tells only to years other than those the question names."""
    if not asked:
        return False
    said = years_in(sentence)
    return bool(said) and not said & asked
