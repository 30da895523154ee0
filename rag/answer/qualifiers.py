"""Whether a sentence contradicts what a question pins down: which one of a numbered series, the unit of a
rate, the city it happened in.

"How much did SABIC earn in the third quarter?" is not answered by a sentence about the second
quarter, however close in meaning; "what price per tonne?" is not answered by a sentence that
never names a tonne; "how many did the Hiroshima bomb kill?" is not answered by a sentence about
Nagasaki. Such sentences sit near the top of the ranking exactly when the articles cover the
story but not the asked-for fact, which is when the answer must be a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.pinned_measures import Measure, measured_otherwise, measures_in
from rag.answer.pinned_months import Month, dated_otherwise, months_in
from rag.answer.pinned_years import dated_to_other_years
from rag.answer.places import find_places, is_country, places_named
from rag.query.analysis import Query
from rag.query.kinds import LIST, WHEN, WHERE
from rag.query.terms import TermGroup, text_keys
from rag.resources import load_table, load_words
from rag.text.arabic import ARABIC_STOPWORDS_FOLDED, clean, fold_letters, keyword_token, lexical_tokens

# An English ordinal may be a few words from its noun: "the third wheat tender", "the second straight quarter".
ENGLISH_NOUN_REACH = 3
_ENGLISH_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*|\d+(?:st|nd|rd|th)\b")
_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_PER_ENGLISH = re.compile(r"\bper ([a-z]+)", re.IGNORECASE)
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_PER_ARABIC = re.compile(r"(?:^|\s)(?:لكل\s+|لل)([\u0621-\u064a]+)")
_RATE_AFTER = re.compile(r"^\s*(?:لكل\s+|لل)([\u0621-\u064a]+)")
# "بمدينة نجازاكي": the word after "city" or "town" names one, whether or not the gazetteer spells it so.
_CITY_NOUN_NAME = re.compile(r"(?:^|\s)[وبل]{0,2}(?:مدينه|بلده)\s+([\u0621-\u064a]{3,})")


@dataclass(frozen=True)
class Ordinal:
    """A numbered member of a series: its number and the noun's Arabic lexical forms ("ربع" for a quarter)."""

    value: int
    nouns: frozenset[str]


@lru_cache(maxsize=1)
def _arabic_ordinals() -> dict[str, int]:
    """Return the one-word Arabic ordinals in lexical form (ثالث, ثالثه, اولي) → their value."""
    ordinals = {}
    for words, value in load_table("ordinals.tsv").items():
        if " " in words or not words.startswith("ال"):
            continue
        ordinals[words.removeprefix("ال")] = int(value)
    return ordinals


@lru_cache(maxsize=1)
def _ordered_nouns() -> dict[str, tuple[str, ...]]:
    """Return English nouns numbered in series → their Arabic lexical forms, the usual one first."""
    return {
        english: tuple(word.strip() for word in arabic.split("|") if word.strip())
        for english, arabic in load_table("ordered_nouns.tsv").items()
    }


@lru_cache(maxsize=1)
def _series_of_arabic() -> dict[str, frozenset[str]]:
    """Return each Arabic noun that leads a row of the table → the row's forms (ربع → ربع, نصف)."""
    series: dict[str, frozenset[str]] = {}
    for forms in _ordered_nouns().values():
        series[forms[0]] = series.get(forms[0], frozenset()) | frozenset(forms)
    return series


def _english_ordinal(word: str) -> int | None:
    digits = _DIGIT_ORDINAL.match(word)
    if digits:
        return int(digits.group(1))
    value = load_table("ordinals_en.tsv").get(word)
    return int(value) if value else None


def asked_ordinals(query: Query) -> list[Ordinal]:
    """Return the numbered series members the question names ("third quarter", "الجولة الثالثة")."""
    if query.language == "ar":
        series = _series_of_arabic()
        return [
            Ordinal(ordinal.value, ordinal.nouns.union(*(series.get(noun, ()) for noun in ordinal.nouns)))
            for ordinal in arabic_ordinals(query.text)
        ]
    nouns = _ordered_nouns()
    words = _ENGLISH_WORD.findall(query.text.lower())
    asked = []
    for index, word in enumerate(words):
        value = _english_ordinal(word)
        if value is None:
            continue
        following = words[index + 1 : index + 1 + ENGLISH_NOUN_REACH]
        noun = next((nouns[word] for word in following if word in nouns), None)
        if noun is not None:
            asked.append(Ordinal(value, frozenset(noun)))
    return asked


def arabic_ordinals(text: str) -> list[Ordinal]:
    """Return the ordinals of an Arabic text with the noun each numbers: "الربع الثالث", "ثالث مناقصة"."""
    ordinals = _arabic_ordinals()
    # Each word in reading order, None for a function word: it is no ordinal's noun ("الأول من" is not "الثاني من").
    words = _ARABIC_WORD.findall(clean(text))
    tokens = [None if fold_letters(word) in ARABIC_STOPWORDS_FOLDED else keyword_token(word) for word in words]
    found = []
    for index, token in enumerate(tokens):
        value = ordinals.get(token) if token else None
        if value is None:
            continue
        neighbours = (tokens[index - 1] if index else None, tokens[index + 1] if index + 1 < len(tokens) else None)
        if _first_who(words, index):
            # "أول من وصف": the first who described; what the ordinal numbers is the act that follows "من"
            neighbours = (tokens[index + 2],)
        # The noun before its adjective (الربع الثالث) or after an ordinal that leads (ثالث مناقصة).
        nouns = frozenset(noun for noun in neighbours if noun and noun not in ordinals)
        if nouns:
            found.append(Ordinal(value, nouns))
    return found


def _first_who(words: list[str], index: int) -> bool:
    """Return whether an ordinal without the article opens "X من <verb>" ("أول من وصف", the first who described);
    "الأول من أغسطس" (the first of August) has the article, and "أول من أمس" is the day before yesterday.

    Read as numbering nothing, "كان أول من وصف هذه المتلازمة في عام 1862" lost its place to a sentence about
    Einstein with a "first" in it for "متى كان اول وصف للمتلازمة": on arcd-train one answer more holds the gold
    span (500 → 501 of 693 per question); news-dev did not change."""
    word = fold_letters(words[index])
    return (
        not word.startswith("ال")
        and index + 2 < len(words)
        and fold_letters(words[index + 1]) == "من"
        and (after := fold_letters(words[index + 2])) not in ARABIC_STOPWORDS_FOLDED
        and after != "امس"
    )


@lru_cache(maxsize=1)
def _units_by_english() -> dict[str, frozenset[str]]:
    """Return each unit's English plural → its Arabic forms in lexical form (طن, اطنان for tonnes)."""
    forms: dict[str, set[str]] = {}
    for arabic, english in load_table("units.tsv").items():
        forms.setdefault(english, set()).add(keyword_token(arabic))
    return {english: frozenset(words) for english, words in forms.items()}


def _per_units(query: Query) -> list[frozenset[str]]:
    """Return, for each "per X" / "لكل X" the question names, the Arabic lexical forms of the unit X."""
    units = load_table("units.tsv")
    by_english = _units_by_english()
    asked = []
    if query.language == "en":
        for word in _PER_ENGLISH.findall(query.text.lower()):
            for english in (word, word + "s", word + "es"):
                if english in by_english:
                    asked.append(frozenset(by_english[english]))
                    break
    else:
        for word in _PER_ARABIC.findall(fold_letters(query.text)):
            for form in (word, word.removeprefix("ال")):
                if form in units:
                    asked.append(frozenset(by_english[units[form]]))
                    break
    return asked


def rate_unit(sentence: str, end: int) -> str | None:
    """Return the unit (English plural) a quantity ending at `end` is given per ("2.5 ريال للسهم" → shares,
    "300 دولار لكل طن" → tonnes), or None when it is no rate.

    Only a unit of measure or a share is a rate's unit: "10 مليارات ريال للشركة" is a sum paid to a company. A
    span of time is not either: "للعام الثاني", "للعام 2015" say for which year, far more often than per year.
    """
    after = _RATE_AFTER.match(fold_letters(sentence[end:]))
    if not after:
        return None
    units = load_table("units.tsv")
    english = units.get(after.group(1)) or units.get(after.group(1).removeprefix("ال"))
    return english if english in _rate_units() else None


@lru_cache(maxsize=1)
def _rate_units() -> frozenset[str]:
    """Return the units a rate is given per: the units of measure but spans of time, and shares (a dividend)."""
    measures = load_words("measured_units.txt") - {noun + "s" for noun in load_words("time_nouns.txt")}
    return measures | {"shares"}


# How far before a number a forecast word reaches: "متوقعًا تسجيل نحو 4 ملايين ناخب، و1.2 مليون ناخبة" puts
# two words before the first number and six before the second.
FORECAST_REACH = 8


def is_forecast(sentence: str, start: int) -> bool:
    """Return whether the quantity starting at `start` is expected rather than reached ("متوقعًا تسجيل نحو 4
    ملايين ناخب"): a forecast word stands within FORECAST_REACH words before it."""
    before = _ARABIC_WORD.findall(fold_letters(clean(sentence[:start])))[-FORECAST_REACH:]
    return any(map(_is_forecast_word, before))


def _is_forecast_word(word: str) -> bool:
    cues = load_words("forecast_words.txt")
    return word in cues or (word[:1] in "وف" and word[1:] in cues)  # "ويتوقع", "فالمتوقع"


def asks_forecast(query: Query) -> bool:
    """Return whether the question asks what is expected ("how many voters are expected", "كم يتوقع")."""
    words = re.findall(r"[a-z]+", query.text.lower()) + _ARABIC_WORD.findall(fold_letters(clean(query.text)))
    return any(map(_is_forecast_word, words))


def names_unit(query: Query, english: str) -> bool:
    """Return whether the question names a unit (by its English plural from units.tsv), in either language:
    "the price of a barrel", "سعر البرميل", "dividend per share"."""
    if query.language == "en":
        words = set(re.findall(r"[a-z]+", query.text.lower()))
        return bool({english, english.removesuffix("s"), english.removesuffix("es")} & words)
    return bool(_units_by_english().get(english, frozenset()) & set(lexical_tokens(query.text, drop_stopwords=False)))


@dataclass(frozen=True)
class QuestionPins:
    """What a question pins down, read once per question and held against each candidate sentence."""

    ordinals: tuple[Ordinal, ...]  # the series members it names
    units: tuple[frozenset[str], ...]  # for each "per X", the Arabic forms of X
    cities: frozenset[str]  # the cities it names (none for a "where" question: its answer is another place)
    city_terms: tuple[TermGroup, ...]  # its own spellings of those cities, where the gazetteer spells them otherwise
    measures: frozenset[Measure] = frozenset()  # the measures it names its subject by: ("15", "years")
    months: frozenset[Month] = frozenset()  # the months it dates its subject to: ("August", "2015"); none for "when"
    # The years a list question dates its events to (2015): each line is one event, and a sentence dated only to
    # another year tells another year's. A single answer's sentence often dates the history of its subject (the
    # convention "adopted on 17 / 8 / 1422 هـ" that the cabinet approved in 2015): there no year is pinned. On
    # news-dev pinning years for lists raised English list coverage from 0.68 to 0.73; pinning them for every kind
    # but "when" also cost an Arabic answer of that sort.
    years: frozenset[int] = frozenset()

    def contradicted_by(self, sentence: str) -> bool:
        """Return whether the sentence is about another member of a named series, states a rate without the
        unit asked per, is set in another city, measures its subject otherwise ("5 سنوات" for the 15-year bonds) or
        dates it to another month. One that names the asked member, city, measure or month too does not."""
        if self.denied_by(sentence):
            return True
        if self.units:
            tokens = set(lexical_tokens(sentence, drop_stopwords=False))
            tokens |= {token.removeprefix("لل") for token in tokens} | {token.removeprefix("ل") for token in tokens}
            if any(not forms & tokens for forms in self.units):
                return True
        if self.cities and self._in_another_city(sentence):
            return True
        if dated_otherwise(self.months, sentence):
            return True
        return dated_to_other_years(self.years, sentence)

    def denied_by(self, sentence: str) -> bool:
        """Return whether the sentence tells of the asked subject as something other than the question pins it:
        another member of its series ("الربع الثاني" for the third quarter), another measure ("5 و7 و10 سنوات"
        for 15-year bonds). Unlike another city or date (a story tells of several) or a sentence without the unit
        asked per (it may tell of something else), the closest sentence saying so tells the asked-for fact of
        another case than the one asked about."""
        if self.ordinals:
            said = arabic_ordinals(sentence)
            for ordinal in self.ordinals:
                same_series = [other for other in said if other.nouns & ordinal.nouns]
                if same_series and all(other.value != ordinal.value for other in same_series):
                    return True
        return measured_otherwise(self.measures, sentence)

    def _in_another_city(self, sentence: str) -> bool:
        """Return whether the sentence puts its story in a city the question does not name, and never names the
        question's: "بمدينة نجازاكي" for a question about Hiroshima."""
        cities = {place.english for place in find_places(sentence, noun_cued=True) if not place.country}
        unknown = _unknown_cities(sentence)
        if not (cities or unknown) or cities & self.cities or self.cities & places_named(sentence, "ar"):
            return False
        keys = text_keys(sentence)
        return not any(group.found_in(*keys) for group in self.city_terms)


def _unknown_cities(sentence: str) -> list[str]:
    """Return the words a sentence names as a city ("بمدينة نجازاكي") that the gazetteer does not know.

    Only a bare word counts: one with the article or the feminine ending is most often an adjective ("مدينة
    صناعية", "مدينة الملك عبدالله الرياضية") or a name the gazetteer knows (جدة); a town the gazetteer does not
    know that ends in ة (كفرنبودة) is missed.
    """
    places = load_table("places_en.tsv")
    return [
        word
        for word in _CITY_NOUN_NAME.findall(fold_letters(clean(sentence)))
        if not word.startswith("ال")
        and not word.endswith("ه")
        and word not in ARABIC_STOPWORDS_FOLDED
        and word not in places
    ]


def question_pins(query: Query) -> QuestionPins:
    """Return what the question pins down: its series members, its rates' units, its cities."""
    cities = asked_cities(query) if query.kind != WHERE else frozenset()
    return QuestionPins(
        ordinals=tuple(asked_ordinals(query)),
        units=tuple(_per_units(query)),
        cities=cities,
        city_terms=tuple(group for group in query.terms if cities and _spells_place(group.label, cities)),
        measures=measures_in(query.text, query.language),
        months=months_in(query.text, query.language) if query.kind != WHEN else frozenset(),
        years=frozenset(int(year) for year in asked_years(query)) if query.kind == LIST else frozenset(),
    )


def contradicts(query: Query, sentence: str) -> bool:
    """Return whether the sentence contradicts what the question pins down (see `QuestionPins`)."""
    return question_pins(query).contradicted_by(sentence)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def asked_years(query: Query) -> frozenset[str]:
    """Return the Gregorian years the question names ("in August 2015" → 2015)."""
    return frozenset(number for number in query.numbers if _YEAR.fullmatch(number))


def in_other_year(query: Query, date_english: str) -> bool:
    """Return whether a date is in a Gregorian year other than the one the question names ("8 March 2014" for
    a question about 2015). A date without a Gregorian year (a weekday, a Hijri date) is in none."""
    asked = asked_years(query)
    if not asked or date_english.endswith("AH"):
        return False
    years = set(_YEAR.findall(date_english))
    return bool(years) and not years & asked


def asked_cities(query: Query) -> frozenset[str]:
    """Return the English names of the cities and towns (not countries) the question names."""
    return frozenset(name for name in places_named(query.text, query.language) if not is_country(name))


def _spells_place(label: str, places: frozenset[str]) -> bool:
    """Return whether a question term spells one of the places (its English name, or an Arabic spelling)."""
    return bool(places_named(label, "en" if label.isascii() else "ar") & places)
