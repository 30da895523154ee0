"""The outlets a question names as its source: "according to SPA", "SPA's market briefs", "بحسب واس", "تقرير واس".

A journalist checking who said what asks what one paper or agency reported; the articles that outlet
published are then searched again on their own (`rag.query.retrieval`). An outlet counts only where the
question names it as a source (after "according to", "reported by", a possessive, "صحيفة", "بحسب", …):
most Arabic outlets' names are also words (اليوم today, الوطن the homeland, المدينة the city, سوق عكاظ a fair).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table
from rag.text.arabic import clean, fold_letters

_EN_BEFORE = r"(?:according to|reported by|cited by|quoted by|carried by|published by|in|by)\s+(?:the\s+)?"
_EN_AFTER = r"(?:['’]s\b|\s+(?:report|reported|reports|say|said|says|quoted|carried|publish|published|wrote|write))"
# Words that name what follows as the source: "بحسب واس", "تقرير واس", "صحيفة عكاظ", "ذكرت الرياض".
_AR_CUES = (
    "بحسب حسب وفق وفقا طبقا ذكرت ذكر افادت افاد نقلت نقل اوردت اورد نشرت نشر قالت تقرير تقارير موجز موجزات "
    "صحيفه جريده وكاله موقع"
).split()
# An outlet's name that is no common word needs no such cue: "واس" is only ever the Saudi Press Agency.
_AR_UNCUED = frozenset({"واس"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


@lru_cache(maxsize=1)
def _stored_names() -> dict[str, frozenset[str]]:
    """Return, by folded Arabic name, the names its articles are stored under (as their pages write them)."""
    names: dict[str, set[str]] = {}
    for table in ("outlets_ar.tsv", "agencies_ar.tsv"):
        for written, shown in load_table(table).items():
            for key in {_fold(written), _fold(shown)}:
                names.setdefault(key, set()).add(shown)
    return {key: frozenset(found) for key, found in names.items()}


@lru_cache(maxsize=1)
def _english_names() -> dict[str, frozenset[str]]:
    """Return, by English name (lower case), the folded Arabic names of that outlet."""
    names: dict[str, set[str]] = {}
    for arabic, english in load_table("outlets_en.tsv").items():
        names.setdefault(english.lower(), set()).add(_fold(arabic))
    return {english: frozenset(keys) for english, keys in names.items()}


def _fold(text: str) -> str:
    return " ".join(fold_letters(clean(text)).split())


def named_outlets(question: str, language: str) -> tuple[str, ...]:
    """Return the names, as stored, of the outlets a question names as its source (none when it names none)."""
    keys = _english_keys(question) if language == "en" else _arabic_keys(question)
    stored = _stored_names()
    return tuple(sorted({name for key in keys for name in stored.get(key, {key})}))


def _english_keys(question: str) -> set[str]:
    keys: set[str] = set()
    for english, arabic in _english_names().items():
        name = re.escape(english).replace(r"\ ", r"[\s-]+")
        if re.search(rf"\b{_EN_BEFORE}{name}\b|\b{name}{_EN_AFTER}", question, re.IGNORECASE):
            keys |= arabic
    return keys


def _arabic_keys(question: str) -> set[str]:
    words = _ARABIC_WORD.findall(_fold(question))
    known = set(_stored_names()) | {key for keys in _english_names().values() for key in keys}
    keys: set[str] = set()
    for start in range(len(words)):
        for size in (3, 2, 1):
            name = " ".join(words[start : start + size])
            bare = name[1:] if name[:1] in "وبل" and name[1:] in known else name
            if bare not in known:
                continue
            before = words[start - 1] if start else ""
            if bare in _AR_UNCUED or before in _AR_CUES or before[1:] in _AR_CUES:
                keys.add(bare)
            break
    return keys
