"""Bylines read apart: who wrote a story (author), which paper ran it (outlet), which agency sent it.

A Saudi byline packs several credits into one short line: `الرياض - واس` (place, agency),
`عبدالله البرقاوي- سبق- الرياض:` (author, outlet, place), `«الاقتصادية» من الرياض`, `محمد داوود (جدة)`,
`متابعة - الرياض الإلكتروني` (desk, outlet). Each piece is looked up in the data files of known outlets,
agencies, desk words and dateline places (`rag/resources/`); a piece of two to four words that is none of
those is a person's name. Only a known name is ever an outlet, so bylines and desk labels never appear in
the outlet filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.resources import load_table, load_words
from rag.text.arabic import fold_letters

# Between credits: dashes (a tatweel only between spaces: inside a word it lengthens the letters), colons,
# bars, commas, brackets, quotes, and the word "من" in `«الاقتصادية» من الرياض`.
_SEPARATORS = re.compile(r"\s+ـ+\s+|[-–—:：|،,/()«»\"“”]|\s+من\s+")
_PREFIX = re.compile(r"^(?:صحيفة|جريدة|موقع|وكالة|قناة|شبكة|مكتب)\s+")
_NOISE = re.compile(r"^(?:next\s+previous)\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[\u0621-\u064aـ\u064b-\u0652]+$")
_SENTENCE_END = re.compile(r"[.!؟?]\s*$")
# The words that open a page's tag list (Ain Alyoum ends each story with "سمات <tag> <tag> …").
TAG_LIST_WORDS = r"(?:سمات|وسوم|الوسوم|كلمات\s+دلالية)"
_TAG_LINE = re.compile(r"^\s*" + TAG_LIST_WORDS + r"(?:\s|:)")  # a page's tag list, not a byline
MAX_BYLINE_WORDS = 12
_EDITORIAL = frozenset({"تحرير", "التحرير", "فريق التحرير"})


@dataclass(frozen=True)
class Credit:
    """The credits of one byline: any of them may be missing."""

    outlet: str | None = None
    author: str | None = None
    agency: str | None = None
    places: tuple[str, ...] = ()
    desks: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        """Whether the line reads as a byline: it names a known outlet, agency, place or desk word."""
        return bool(self.outlet or self.agency or self.places or self.desks)


def _key(name: str) -> str:
    return " ".join(fold_letters(name.replace("ـ", "")).split()).casefold()


@lru_cache(maxsize=8)
def _folded(name: str) -> dict[str, str]:
    return {_key(variant): shown for variant, shown in load_table(name).items()}


@lru_cache(maxsize=8)
def _folded_words(name: str) -> frozenset[str]:
    return frozenset(_key(word) for word in load_words(name))


def known_outlet(name: str) -> str | None:
    """Return the outlet a name stands for (`الشرق الأوسط أونلاين` → `الشرق الأوسط`), or None."""
    return _lookup("outlets_ar.tsv", name)


def known_agency(name: str) -> str | None:
    """Return the agency a credit stands for (`الفرنسية` → `أ ف ب`), or None."""
    return _lookup("agencies_ar.tsv", name)


def is_place(name: str) -> bool:
    """Return whether a name is a dateline place (a city or region news reports from)."""
    return _key(name) in _folded_words("dateline_places_ar.txt")


def is_desk(name: str) -> bool:
    """Return whether a byline piece is a desk word or generic credit (متابعة، وكالات، خاص)."""
    return _key(name) in _folded_words("byline_desks_ar.txt")


def _lookup(table: str, name: str) -> str | None:
    key = _key(name)
    known = _folded(table)
    if key in known:
        return known[key]
    bare = _PREFIX.sub("", key)
    return known.get(bare)


def read_byline(text: str) -> Credit:
    """Return the credits a byline names. Place names that are also papers (الرياض) count as places."""
    line = _NOISE.sub("", " ".join(text.split()))
    outlets: list[str] = []
    agencies: list[str] = []
    places: list[str] = []
    desks: list[str] = []
    names: list[str] = []
    pieces = [part for piece in _SEPARATORS.split(line) for part in _peeled(piece.strip(" .'"))]
    for piece in pieces:
        if not piece:
            continue
        if known_agency(piece):
            agencies.append(known_agency(piece) or piece)
        elif is_place(piece):
            places.append(piece)
        elif known_outlet(piece):
            outlets.append(known_outlet(piece) or piece)
        elif is_desk(piece):
            desks.append(piece)
        elif _is_person(piece):
            names.append(piece)
        elif len(piece.split()) == 1:
            places.append(piece)  # a one-word credit that is no name: a town the list does not hold
        else:
            return Credit()  # a piece that is no credit: this is a sentence, not a byline
    if not outlets and names and any(_key(desk) in {_key(word) for word in _EDITORIAL} for desk in desks):
        outlets.append(names.pop(0))  # `طيف بوست – فريق التحرير`: the site signs as its editorial team
    return Credit(
        outlet=outlets[0] if outlets else None,
        author="، ".join(dict.fromkeys(names)) or None,
        agency=agencies[0] if agencies else None,
        places=tuple(places),
        desks=tuple(desks),
    )


_PEEL_WORDS = 3  # the longest place or credit name peeled off a piece (`ريو دي جانيرو`)


def _peeled(piece: str) -> list[str]:
    """Return a piece with known credits written without a separator peeled off its ends.

    `القاهرة رويترز` → `القاهرة`, `رويترز`; `كفاح زبون تل أبيب` → `كفاح زبون`, `تل أبيب`.
    """
    words = piece.split()
    if len(words) < 2 or _is_credit(piece):
        return [piece]
    for size in range(min(_PEEL_WORDS, len(words) - 1), 0, -1):
        head, tail = " ".join(words[:-size]), " ".join(words[-size:])
        if _is_credit(tail):
            return [*_peeled(head), tail]
        head, tail = " ".join(words[:size]), " ".join(words[size:])
        if _is_credit(head):
            return [head, *_peeled(tail)]
    return [piece]


def _is_credit(name: str) -> bool:
    return bool(known_agency(name) or is_place(name) or known_outlet(name) or is_desk(name))


def is_tag_list(line: str) -> bool:
    """Return whether a line is a page's tag list ("سمات البحرين تفجير سترة شرطة"): words, not a sentence."""
    return bool(_TAG_LINE.match(line))


def byline_line(line: str) -> Credit | None:
    """Return the credits of a header line when the whole line is a byline, else None."""
    text = line.strip()
    if not text or len(text.split()) > MAX_BYLINE_WORDS or _SENTENCE_END.search(text.rstrip(":： ")):
        return None
    if is_tag_list(text):
        return None
    credit = read_byline(text)
    if not credit.recognised or not (credit.author or credit.outlet or credit.agency):
        return None
    return credit


def _is_person(piece: str) -> bool:
    """Return whether a byline piece reads as a person's name: two to four Arabic words."""
    words = piece.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(word) for word in words)
