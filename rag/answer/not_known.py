"""Whether a sentence says that a fact is not known yet: "ولم يعرف بعد سبب الحادث".

A question about such a fact ("what caused the crash?") has no answer in the articles, yet the
sentence that says so is close in meaning and ranks first; the honest answer is that the articles
say it is not known, with that sentence as the evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_words
from rag.text.arabic import clean, fold_letters

# What a * in a phrase stands for: up to three words ("لا يزال * مجهولا": "لا يزال مصير الطيار مجهولا").
_GAP = r"(?:\s+\S+){0,3}"


def _phrase_pattern(phrase: str) -> str:
    """Return the pattern of one phrase: its words apart by any space, a * by up to three words."""
    pattern = ""
    for word in phrase.split():
        if word == "*":
            pattern += _GAP
        else:
            pattern += (r"\s+" if pattern else "") + re.escape(word)
    return pattern


@lru_cache(maxsize=1)
def _phrases() -> re.Pattern[str]:
    phrases = sorted(load_words("not_known_ar.txt"), key=len, reverse=True)
    body = "|".join(map(_phrase_pattern, phrases))
    return re.compile(rf"(?<![\u0621-\u064a])[وف]?(?:{body})(?![\u0621-\u064a])")


def says_not_known(sentence: str) -> bool:
    """Return whether the sentence says that something is not known (yet)."""
    return _phrases().search(fold_letters(clean(sentence))) is not None
