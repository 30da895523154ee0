"""Levels, prices and totals: what a price, an index, a rate or a count came to, as against the change or the
parts that took it there.

Market news gives both in one sentence ("ارتفع سعر خام برنت 1.8 دولار ... إلى 50.41 دولار للبرميل",
"ارتفع المؤشر 135.65 نقطة ... ليغلق عند مستوى 8834.82 نقطة"), the change first. A question asking a
price or a level is answered by the figure a level word introduces; one asking how much something rose
is answered by the change, and keeps reading order. A count is given the same way, parts first ("42 مركزاً
… إضافة إلى 27 مركزاً للنساء ليصبح الإجمالي 69 مركزاً"): a question asking the whole ("in total", "including
…", "إجمالي") is answered by the figure a total word introduces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.names import ARABIC_WORD
from rag.resources import load_words
from rag.text.arabic import clean, fold_letters

_EN_LEVEL = re.compile(r"\b(?:level|levels|price|prices|priced|close|closed|closing|stood|value)\b", re.IGNORECASE)
_AR_LEVEL = re.compile(r"(?:^|\s)[وفلب]?(?:ال)?(?:مستوي|سعر|اسعار|اغلق|اغلاق|قيمه)")
_EN_PRICE = re.compile(r"\b(?:price|prices|priced|cost|costs)\b", re.IGNORECASE)
_AR_PRICE = re.compile(r"(?:^|\s)[وفلب]?(?:ال)?(?:سعر|اسعار|ثمن|تكلفه|كلفه)")
_EN_CHANGE = re.compile(
    r"\bby how much\b|\bhow (?:much|many points) did\b.*\b(?:rise|fall|gain|lose|drop)\b", re.IGNORECASE
)
_EN_TOTAL = re.compile(r"\b(?:in total|total|altogether|overall|combined|all told|including)\b", re.IGNORECASE)
_AR_TOTAL = re.compile(r"(?:^|\s)[وفلب]?(?:ال)?(?:اجمالي|مجموع|اجمالا|اجماليه)|بما (?:في|فيها|فيهم) ")
# How many words before a figure its level word may stand: "ليغلق عند مستوى 8834.82"; a total word may stand
# before the noun it totals: "مجموع الدوائر الانتخابية إلى 343".
LEVEL_REACH = 2
TOTAL_REACH = 4


def asks_level(question: str) -> bool:
    """Return whether a quantity question asks what something stood at (a price, a level, a close), not by how much
    it moved."""
    if _EN_CHANGE.search(question):
        return False
    return bool(_EN_LEVEL.search(question) or _AR_LEVEL.search(fold_letters(clean(question))))


def asks_price(question: str) -> bool:
    """Return whether a question asks a price or a cost, which is given per unit ("50.41 دولار للبرميل") whether or
    not the question names the unit."""
    return bool(_EN_PRICE.search(question) or _AR_PRICE.search(fold_letters(clean(question))))


@lru_cache(maxsize=2)
def _cues(name: str) -> frozenset[str]:
    return frozenset(fold_letters(word) for word in load_words(name))


def _cue_before(sentence: str, start: int, name: str, reach: int) -> bool:
    """Return whether a word of the cue list `name` stands within `reach` words before `start` (a clitic و، ل، ف
    before it allowed)."""
    words = ARABIC_WORD.findall(fold_letters(sentence[:start]))[-reach:]
    cues = _cues(name)
    return any(word in cues or (word[:1] in "ولف" and word[1:] in cues) for word in words)


def is_level(sentence: str, start: int) -> bool:
    """Return whether a level word stands just before the figure starting at `start` ("إلى 50.41", "عند مستوى")."""
    return _cue_before(sentence, start, "level_cues_ar.txt", LEVEL_REACH)


def asks_total(question: str) -> bool:
    """Return whether a quantity question asks for a whole: "in total", "including the new centres", "إجمالي"."""
    return bool(_EN_TOTAL.search(question) or _AR_TOTAL.search(fold_letters(clean(question))))


def is_total(sentence: str, start: int) -> bool:
    """Return whether a total word stands just before the figure starting at `start` ("ليصبح الإجمالي 69")."""
    return _cue_before(sentence, start, "total_cues_ar.txt", TOTAL_REACH)
