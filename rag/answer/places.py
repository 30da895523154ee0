"""Places in an Arabic sentence, and their usual English names for English readers.

A place is a run of words found in `resources/places_en.tsv` (GeoNames cities and ISO 3166 countries
with their Arabic names), possibly behind a clitic (بباريس, ولندن). Only a place that a locative
word or a place noun introduces counts ("في العاصمة الجورجية تبليسي"): a gazetteer that knows ten
thousand towns also knows many words that are towns only somewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.names import ARABIC_WORD, romanise
from rag.query.latin_names import name_key, named_in
from rag.resources import load_table, load_words
from rag.text.arabic import fold_letters, matching_text

MAX_PLACE_WORDS = 3
# How far back a locative may stand: "في العاصمة الجورجية تبليسي" puts a noun and an adjective between.
CUE_REACH = 3
_CLITICS = ("وب", "ب", "و", "ل", "ف")


@dataclass(frozen=True)
class Place:
    """A place's English name, where it stands among a sentence's words, and its span as written there."""

    english: str
    word: int
    start: int
    end: int
    text: str

    @property
    def country(self) -> bool:
        """Return whether the place is a country (else a city or town)."""
        return is_country(self.english)


def is_country(english: str) -> bool:
    """Return whether a place's English name (from the places table) is a country's."""
    return english in load_words("place_countries_en.txt")


@lru_cache(maxsize=8)
def _folded_words(name: str) -> frozenset[str]:
    """Return a word list folded, each word with and without the article ال."""
    words = {fold_letters(word) for word in load_words(name)}
    return frozenset(words | {"ال" + word for word in words if not word.startswith("ال")})


def _bare(token: str) -> list[tuple[str, str]]:
    """Return (proclitic, rest) for a token as written and without one proclitic (بباريس → ب + باريس)."""
    forms = [("", token)]
    forms += [
        (clitic, token[len(clitic) :])
        for clitic in _CLITICS
        if token.startswith(clitic) and len(token) > len(clitic) + 2
    ]
    return forms


def find_places(
    sentence: str,
    asked: Callable[[str], bool] = lambda _: False,
    *,
    countries_uncued: bool = False,
    noun_cued: bool = False,
) -> list[Place]:
    """Return the places a locative or place noun introduces in a sentence, in reading order.

    `asked` tells whether a folded word is one the question already names: such a place is not an answer.
    With `countries_uncued`, a country counts without a locative too: a country's name is rarely another word,
    and a "which country" question is often answered by one that acts ("أقالت كوريا الجنوبية وزير الصحة").
    With `noun_cued`, only a place that a place noun introduces counts ("بمدينة نجازاكي"): a bare preposition
    also stands before words that are towns only somewhere ("من بركان", from a volcano).
    """
    table = load_table("places_en.tsv")
    folded = matching_text(sentence)
    tokens = [(match.start(), match.end(), match.group()) for match in ARABIC_WORD.finditer(folded.folded)]
    words = [token for _, _, token in tokens]
    places = []
    index = 0
    while index < len(tokens):
        found = _place_at(words, index, table)
        if not found:
            index += 1
            continue
        size, english, clitic = found
        if words[index].startswith("ال") and _place_at(words, index + size, table):
            index += size  # "العاصمة السعودية الرياض": a country's name as an adjective before the place
            continue
        if noun_cued:
            cued = _is_place_noun(words[index]) or _cued(words, index, locatives=False)
        else:
            cued = (
                clitic
                or _cued(words, index)
                or _is_place_noun(words[index])  # a name that starts with its own noun: "مدينة حمص"
                or (countries_uncued and is_country(english))
            )
        start, end = folded.original_span(tokens[index][0], tokens[index + size - 1][1])
        if (
            cued
            and not any(asked(word) for word in words[index : index + size])
            and not _names_next(sentence, start, end)
        ):
            places.append(Place(english, index, start, end, sentence[start:end]))
        index += size
    return places


_OPENS_NAME = re.compile(r"^\s*[«“\"]")
_QUOTED_BEFORE = re.compile(r"[«“\"]\s*$")


def _names_next(sentence: str, start: int, end: int) -> bool:
    """Return whether a word the gazetteer knows is a common noun that introduces a name in quotes right after it:
    "من بركان “ساكوراجيما”" (a volcano, not the Moroccan town Berkane). A quote that a mark before the word opened
    closes after it instead ("في "لندن"")."""
    return bool(_OPENS_NAME.match(sentence[end:])) and not _QUOTED_BEFORE.search(sentence[:start])


# A name in quotes after a place noun: "ملعب “لوفتس رود”", "بمحافظة "لحج"", "محطة «سينداي»".
_QUOTED_NAME = re.compile(r"^\s*[«“\"]([^«»“”\"]{2,40})[»”\"]")
MAX_NAME_WORDS = 4


def designated_places(
    sentence: str, nouns: frozenset[str], asked: Callable[[str], bool] = lambda _: False
) -> list[Place]:
    """Return the places a sentence names after a noun of the asked kind (folded, without the article: ملعب, محطه):
    the name in quotes right after it, or a place the gazetteer knows. A name the gazetteer does not know is given
    in Latin letters in quotes, as a transliteration ("“Luftis Roud”"), with the quote below showing it as written."""
    table = load_table("places_en.tsv")
    folded = matching_text(sentence)
    tokens = [(match.start(), match.end(), match.group()) for match in ARABIC_WORD.finditer(folded.folded)]
    words = [token for _, _, token in tokens]
    found = []
    for index, word in enumerate(words):
        if not any(form.removeprefix("ال") in nouns for _, form in _bare(word)):
            continue
        _, noun_end = folded.original_span(tokens[index][0], tokens[index][1])
        quoted = _QUOTED_NAME.match(sentence[noun_end:])
        if quoted and len(quoted.group(1).split()) <= MAX_NAME_WORDS:
            name = quoted.group(1).strip()
            start = noun_end + quoted.start(1) + quoted.group(1).index(name)
            name_words = ARABIC_WORD.findall(matching_text(name).folded)
            if name_words and not any(asked(part) for part in name_words):
                english = table.get(" ".join(name_words)) or f"“{romanise(name)}”"
                found.append(Place(english, index + 1, start, start + len(name), name))
            continue
        place = _place_at(words, index + 1, table)
        if place and not any(asked(part) for part in words[index + 1 : index + 1 + place[0]]):
            size, english, _ = place
            start, end = folded.original_span(tokens[index + 1][0], tokens[index + size][1])
            found.append(Place(english, index + 1, start, end, sentence[start:end]))
    return found


def _place_at(words: list[str], index: int, table: dict[str, str]) -> tuple[int, str, bool] | None:
    """Return (words, English name, whether a clitic was stripped) for the longest place starting at `index`."""
    for size in range(min(MAX_PLACE_WORDS, len(words) - index), 0, -1):
        rest = words[index + 1 : index + size]
        for clitic, form in _bare(words[index]):
            english = table.get(" ".join([form, *rest]))
            if english:
                return size, english, clitic.endswith("ب")  # بباريس: the preposition "in" itself
    return None


def _is_place_noun(word: str) -> bool:
    return any(form in _folded_words("place_nouns_ar.txt") for _, form in _bare(word))


def _cued(words: list[str], index: int, *, locatives: bool = True) -> bool:
    """Return whether a locative stands just before `index` (unless not `locatives`), or a place noun within
    CUE_REACH words with only words with the article between ("في العاصمة الجورجية تبليسي").
    """
    if locatives and index and any(form in _folded_words("locatives_ar.txt") for _, form in _bare(words[index - 1])):
        return True
    for word in reversed(words[max(index - CUE_REACH, 0) : index]):
        if _is_place_noun(word):
            return True
        if not word.startswith("ال"):
            return False
    return False


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    """Return the Arabic keys of the places table that name countries."""
    return frozenset(key for key, english in load_table("places_en.tsv").items() if is_country(english))


@lru_cache(maxsize=4096)
def is_nationality(word: str) -> bool:
    """Return whether a folded word is a country's adjective: الجزائري, الكرواتي, الأمريكي, اليونانية (a country's
    name with the nisba ending ي / يه, the country's own final ا, يا or ه dropped before it)."""
    bare = word[1:] if word.startswith(("و", "ب", "ل")) and word[1:].startswith("ال") else word
    bare = bare.removeprefix("ال").removesuffix("ه")
    if not bare.endswith("ي") or len(bare) < 4:
        return False
    stem = bare[:-1]
    forms = {stem, stem + "ا", bare + "ا", stem + "يا", bare + "ه", stem + "ه"}
    countries = _country_keys()
    return any(form in countries or "ال" + form in countries for form in forms)


@lru_cache(maxsize=1)
def _places_by_key() -> dict[str, str]:
    """Return the places table's English names by the key English names are looked up by."""
    return {name_key(english): english for english in load_table("places_en.tsv").values()}


def places_named(text: str, language: str) -> frozenset[str]:
    """Return the English names of every place a text names, cued or not: "Hiroshima" in an English question,
    هيروشيما in an Arabic one. Wider than `find_places`, for telling whether a text names a given place at all."""
    if language == "en":
        known = _places_by_key()
        return frozenset(known[name_key(name)] for name, _ in named_in(text) if name_key(name) in known)
    table = load_table("places_en.tsv")
    words = ARABIC_WORD.findall(matching_text(text).folded)
    found = (_place_at(words, index, table) for index in range(len(words)))
    return frozenset(place[1] for place in found if place)
