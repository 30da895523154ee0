"""Levels and prices: what a price, an index or a rate stood at, as against the change that took it there.

Market news gives both in one sentence ("ارتفع سعر خام برنت 1.8 دولار ... إلى 50.41 دولار للبرميل",
"ارتفع المؤشر 135.65 نقطة ... ليغلق عند مستوى 8834.82 نقطة"), the change first. A question asking a
price or a level is answered by the figure a level word introduces; one asking how much something rose
is answered by the change, and keeps reading order.
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
# How many words before a figure its level word may stand: "ليغلق عند مستوى 8834.82".
LEVEL_REACH = 2


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


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    return frozenset(fold_letters(word) for word in load_words("level_cues_ar.txt"))


def is_level(sentence: str, start: int) -> bool:
    """Return whether a level word stands just before the figure starting at `start` ("إلى 50.41", "عند مستوى")."""
    words = ARABIC_WORD.findall(fold_letters(sentence[:start]))[-LEVEL_REACH:]
    cues = _cues()
    return any(word in cues or (word[:1] in "ولف" and word[1:] in cues) for word in words)
