"""The opening line of an extractive answer: the fact itself (date, number, name, place), in the question's language.

Nothing is invented: the line restates a date, number, name or place found in the quoted sentences
(or the article's own date, labelled as such), and where no such fact is found an English reader is
told which quoted Arabic sentence holds the answer. English readers get names romanised with the
title English news writes before them, and places by their usual English names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rag.answer.facts import GREGORIAN_MONTHS, NAME, Fact, date_english
from rag.answer.names import ARABIC_WORD, Name, find_names, romanise, words_before
from rag.answer.places import Place, designated_places, find_places
from rag.answer.weekdays import RELATIVE_DAYS, dated_relative_day, dated_weekday
from rag.query.analysis import Query
from rag.query.kinds import COUNTRY, WHEN, WHERE, WHO
from rag.resources import load_table
from rag.schema import Chunk
from rag.text.arabic import detect_language, fold_letters, lexical_tokens, matching_text, stem
from rag.text.transliteration import arabic_skeleton

MAX_NAMES = 2
_RELATION = re.compile(r"^\W*(?:and\s+|but\s+)?(since|until|till|from|by)\s+(?:when|what|which)\b", re.IGNORECASE)


def opening_line(query: Query, facts: Sequence[Fact], quote: str, chunk: Chunk, runner_up: str = "") -> str | None:
    """Return the line that opens the answer, or None when the quote should stand alone.

    A name or place is looked for in the quote, then in the runner-up sentence quoted after it.
    """
    english = query.language == "en"
    shown = [fact for fact in facts if fact.text in quote and (fact.english or not english)]
    if shown:
        fact = shown[0]  # the facts come best first (rag.answer.asked_facts)
        if fact.english in RELATIVE_DAYS:  # "أمس", "اليوم": only the report's date dates them
            return _relative_day_line(fact, chunk, english)
        if not english:
            return f"{fact.written}."
        said = fact.english
        if fact.kind == NAME:  # a transliteration, in quotes as the quote below sets the name as written
            said = f"“{fact.english}”"
        if query.kind == WHEN:
            said = _with_relation(query.text, dated_weekday(_with_article_year(said, chunk.date), quote, chunk.date))
        # A bare figure or date is not a line an English reader can use or check: say whose figure it is.
        return f"{said}, according to {source_label(chunk)}."
    if query.kind == WHEN and chunk.date:
        return _article_date(chunk, english)
    for sentence in (quote, runner_up):
        entity = _entity_line(query, sentence) if sentence else None
        if entity:
            return entity
    if not english:
        return None
    return f"The answer is in this Arabic sentence from {source_label(chunk)}:"


def states_fact(query: Query, facts: Sequence[Fact], quote: str) -> bool:
    """Return whether the opening line restates a fact the quote itself holds (a date, number, name or place), so
    that the quote under it is its evidence rather than the answer."""
    english = query.language == "en"
    return any(fact.text in quote and (fact.english or not english) for fact in facts) or bool(
        _entity_line(query, quote)
    )


def _relative_day_line(fact: Fact, chunk: Chunk, english: bool) -> str:
    """Return the date "yesterday" or "today" stands for in the report, or the report's own date line where
    the report has no publication date to count from."""
    dated = None if chunk.date_crawled else dated_relative_day(fact.english, chunk.date)
    if dated is None:
        return _article_date(chunk, english)
    iso, said = dated
    return f"{said}, according to {source_label(chunk)}." if english else f"{fact.text} ({iso})."


def _entity_line(query: Query, sentence: str) -> str | None:
    """Return the name a "who" question asks for (or the place a "where" question asks for in English)."""
    english = query.language == "en"
    if query.kind == WHO:
        found = answer_names(query, sentence, untitled=english)
        if english:
            names = [_titled(sentence, name.start, name.latin) for name in found if name.latin]
        else:
            names = [name.text for name in found]
        if names:
            return f"{'; ' if english else '؛ '}".join(dict.fromkeys(names[:MAX_NAMES])) + "."
    if query.kind == WHERE and english:
        place = answer_place(query, sentence)
        if place:
            return f"{place.english}."
    return None


def answer_names(query: Query, sentence: str, *, untitled: bool) -> list[Name]:
    """Return the names in a sentence that the question does not name: those a title introduces, or with
    `untitled` (for a reader who cannot read the quote, to whom any name is worth giving) any, when none is.
    """
    asked = asked_words(query)
    found = find_names(sentence, skip=asked, titled=True)
    return found or (find_names(sentence, skip=asked) if untitled else [])


def asked_words(query: Query) -> frozenset[str]:
    """Return the question's words, folded: a name among them is what it asks about, not the answer."""
    return frozenset(fold_letters(token) for token in lexical_tokens(query.search_text))


@lru_cache(maxsize=1)
def _titles_en() -> dict[str, str]:
    """Return the titles table keyed by the folded form that sentences are matched in (رئيس → رييس)."""
    return {fold_letters(arabic): english for arabic, english in load_table("titles_en.tsv").items()}


def _titled(sentence: str, start: int, latin: str) -> str:
    """Return a romanised name with the rank or office written just before it, as English news puts it
    ("العقيد نديم الحسن" → "Colonel Nadim al-Hassan"); the name alone when no known title precedes it.
    """
    words = words_before(sentence, start, 2)
    titles = _titles_en()
    for size in (2, 1):
        if len(words) >= size:
            first = words[-size]
            first = first[1:] if first.startswith("وال") else first
            key = " ".join([first.removeprefix("ال"), *words[len(words) - size + 1 :]])
            if key in titles:
                return f"{titles[key]} {latin}"
    return latin


def asked_term(query: Query, key_only: bool = False) -> Callable[[str], bool]:
    """Return a test of whether a folded Arabic word is one of the question's terms (as written or by skeleton);
    with `key_only`, one of its key terms (its names and rare words)."""
    groups = query.key_terms if key_only else query.terms

    def asked(word: str) -> bool:
        keys = {word, stem(word)}
        skeletons = {arabic_skeleton(key) for key in keys} - {None}  # القريتين is al-Qaryatain without its al-
        return any(group.found_in(keys, skeletons) for group in groups)

    return asked


def designated_place(query: Query, quote: str) -> Place | None:
    """Return the first place in the quote named after a noun of the kind a "which stadium / hotel / province"
    question asks for (ملعب “لوفتس رود”), or None."""
    places = designated_places(quote, query.designators, asked_term(query))
    return places[0] if places else None


def answer_place(query: Query, quote: str) -> Place | None:
    """Return the place in the quote that the question does not name, nearest the words it does name.

    A question that says which kind of place it wants (a country, a city) is answered only by that kind.
    """
    asked = asked_term(query)
    question_words = set(re.findall(r"[a-z]+", query.text.lower()))
    wanted = query.place_kind
    # "At which stadium …?": the name after the noun of the kind asked (ملعب “لوفتس رود”), not the city beside it.
    places = designated_places(quote, query.designators, asked)
    places = places or [
        place
        for place in find_places(quote, asked, countries_uncued=wanted == COUNTRY)
        if not all(_named_by(word, question_words) for word in re.findall(r"[a-z]+", place.english.lower()))
        and (wanted is None or place.country == (wanted == COUNTRY))
    ]
    if not places:
        return None
    words = ARABIC_WORD.findall(matching_text(quote).folded)
    # Anchored on the question's key terms (al-Qaryatain) where the quote has them: a common term (May) is
    # as near to any place.
    key = asked_term(query, key_only=True)
    named = [number for number, word in enumerate(words) if key(word)]
    named = named or [number for number, word in enumerate(words) if asked(word)]
    if not named:
        return places[0]
    return min(places, key=lambda place: min(abs(place.word - number) for number in named))


# A place's name is named by its adjective too ("Yemeni" for Yemen, "Syrian" for Syria) when this long at least.
MIN_DEMONYM_STEM = 4


def _named_by(word: str, question_words: set[str]) -> bool:
    """Return whether a word of a place's English name is among the question's words, or begins one of them:
    "which Yemeni province?" names Yemen, and is not answered by it."""
    return word in question_words or (
        len(word) >= MIN_DEMONYM_STEM and any(other.startswith(word) for other in question_words)
    )


def _with_relation(question: str, date: str) -> str:
    """Return an English date opened by the relation the question asks in ("Since when …?" → "Since 17 July 2015"):
    a bare date does not say whether it starts, ends or bounds what was asked."""
    found = _RELATION.match(question)
    return f"{found.group(1).capitalize()} {date}" if found else date


def _with_article_year(date: str, article_date: str | None) -> str:
    """Return an English date completed from the article's own date: a day and month next to the article's month
    take the article's year, and "the 7th of the month" its month (news dates events relative to its own day).
    """
    has_year = re.search(r"\b1[34]\d\d\b|\b(19|20)\d\d\b", date)
    if not article_date or not re.match(r"\d{4}-\d\d", article_date) or has_year:
        return date
    year, month = int(article_date[:4]), int(article_date[5:7])
    this_month = re.search(r"(\d+)\w* of the month", date)
    if this_month:
        return date.replace(this_month.group(), f"{this_month.group(1)} {GREGORIAN_MONTHS[month - 1]} {year}")
    named = re.search(r"\b(?:\d{1,2} |early |mid |late )?(" + "|".join(GREGORIAN_MONTHS) + r")\b", date)
    # Only a month next to the article's own: "26 February" in a July report may be either year.
    if named and abs(GREGORIAN_MONTHS.index(named.group(1)) + 1 - month) <= 1:
        return date.replace(named.group(), f"{named.group()} {year}")
    return date


def source_label(chunk: Chunk) -> str:
    """Return "SPA, 11 August 2015": the outlet's English name and the article's date, as far as known."""
    outlet = outlet_english(chunk.outlet) if chunk.outlet else ""
    date = _iso_english(chunk.date) if chunk.date else ""
    date = f"collected {date}" if date and chunk.date_crawled else date
    return ", ".join(part for part in (outlet, date) if part) or "the article"


def outlet_english(outlet: str) -> str:
    """Return an outlet's English name when known, else its name in Latin letters (or as written)."""
    known = load_table("outlets_en.tsv").get(" ".join(fold_letters(outlet).split()))
    if known:
        return known
    return (romanise(outlet) or outlet) if detect_language(outlet) == "ar" else outlet


def _article_date(chunk: Chunk, english: bool) -> str:
    if chunk.date_crawled:  # the file says this is when the page was collected: never call it the article's date
        if english:
            return (
                f"The article gives no publication date; it was collected on {_iso_english(chunk.date or '')} "
                f"({source_label_outlet(chunk)})."
            )
        return f"لا يذكر المقال تاريخ نشره؛ جُمع في {chunk.date} ({chunk.outlet or 'مصدر غير معروف'})."
    if english:
        return f"The article's own date: {_iso_english(chunk.date or '')} ({source_label_outlet(chunk)})."
    return f"تاريخ المقال: {chunk.date} ({chunk.outlet or 'مصدر غير معروف'})."


def source_label_outlet(chunk: Chunk) -> str:
    """Return the outlet's English name, or "unknown outlet"."""
    return outlet_english(chunk.outlet) if chunk.outlet else "unknown outlet"


def _iso_english(iso: str) -> str:
    """Return an ISO date (2015-08-11, or --08-11 without a year) as "11 August 2015"."""
    parts = iso.lstrip("-").split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        year, month, day = parts
        return date_english(f"{int(day)}/{int(month)}/{year}") or iso
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        month, day = parts
        return (date_english(f"{int(day)}/{int(month)}/2000") or iso).replace(" 2000", "")
    return iso
