"""The facts of the kind a question asks for that a sentence holds: the dates a "when" question takes, the
quantities a "how many" question takes, the ordinal a "for the how-manyth time" question takes, the quoted name
a "what was it called" question takes.

What a sentence holds is read by `rag.answer.facts`; here the question decides which of those answer it: a
day for "on what date", not a month; a total for "what was the profit", not a figure per share; what was
reached, not what is expected; a name the question does not already hold.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from rag.answer.facts import (
    IDENTIFIER,
    Fact,
    find_bracketed_years,
    find_dates,
    find_numbers,
    find_ordinals,
    find_quoted_names,
    find_relative_days,
    find_years,
)
from rag.answer.fullest_dates import fullest_first
from rag.answer.levels import asks_level, asks_price, asks_total, is_level, is_total
from rag.answer.names import romanise
from rag.answer.nearness import nearest_first
from rag.answer.opening import asked_term
from rag.answer.pinned_years import gregorian_years
from rag.answer.qualifiers import asked_years, asks_forecast, in_other_year, is_forecast, names_unit, rate_unit
from rag.answer.scores import find_scores
from rag.answer.since import asks_since, opens_since
from rag.answer.weekdays import RELATIVE_DAYS
from rag.query.analysis import Query
from rag.query.events import of_another_event, tells_event
from rag.query.glossary import GLOSSARY, english_terms
from rag.query.kinds import (
    NUMBER,
    WHEN,
    WHERE,
    WHO,
    asked_name_nouns,
    asks_date,
    asks_end,
    asks_name,
    asks_rank,
    asks_score,
    asks_weekday,
    asks_which_thing,
    asks_year,
)
from rag.query.measures import asks_duration, counts_noun, fits, is_duration
from rag.query.tense import on_the_wrong_side
from rag.resources import load_table, load_words
from rag.text.arabic import clean, fold_letters, lexical_tokens

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_DAY_OF_MONTH = re.compile(r"(?<!\d)\d{1,2}(?!\d)")  # in a date's English: "8 March 2014", not "March 2014"


# Retrieval's evidence reranking (rag.answer.evidence) and the answerer read the same sentences for the same question.
@lru_cache(maxsize=8192)
def facts_for(query: Query, text: str, reported: str | None = None) -> tuple[Fact, ...]:
    """Return the facts of the kind the question asks for that a sentence holds (none for other kinds); `reported`
    is the date (ISO) of the sentence's article, when known."""
    if asks_score(query.text):  # "what was the final score?": a score answers, not a count or a date
        return tuple(score for score in find_scores(text) if not _of_another_year(query, text, score))
    if asks_rank(query.text):  # "للمرة الكم", "ما ترتيب": an ordinal answers ("للمرة السابعة"), not a count
        windows = load_words("rank_windows_ar.txt")
        if windows & {fold_letters(word) for word in _ARABIC_WORD.findall(query.text)}:
            return tuple(find_ordinals(text))  # "للمرة الكم على التوالي" asks the streak itself
        return tuple(fact for fact in find_ordinals(text) if not _within_a_window(text, fact))
    if query.kind == WHEN:
        dates = [
            fact
            for fact in find_dates(text)
            if not in_other_year(query, fact.english)
            and not on_the_wrong_side(query.tense, _gregorian_year(fact.english), reported)
        ]
        if not asks_weekday(query.text):  # a weekday asked for is one the text names, not "yesterday"
            dates += [day for day in find_relative_days(text) if not any(_overlap(day, date) for date in dates)]
        if asks_date(query.text):  # "on what date?" is not answered by "in May" or "in 2014"
            dates = [fact for fact in dates if _names_a_day(fact.english)]
        dates += [
            year
            for year in find_bracketed_years(text)
            if not any(_overlap(year, date) for date in dates) and not in_other_year(query, year.english)
        ]
        if asks_year(query.text):
            dates += [
                year
                for year in find_years(text)
                if not any(_overlap(year, date) for date in dates)
                and not on_the_wrong_side(query.tense, _gregorian_year(year.english), reported)
            ]
        if asks_since(query.text):  # "since when?" is answered by the date "منذ" opens, not another beside it
            dates = [fact for fact in dates if opens_since(text, fact.start)] or dates
        # "when was he killed?" is not answered by the day he was kidnapped ("خطف في 22 يوليو")
        dates = [fact for fact in dates if not of_another_event(query.events, text, fact.start, fact.end)]
        if not tells_event(query.events, text):
            # "When was he killed?" is not dated by a weekday or "yesterday" in a sentence of no killing (the day a
            # minister flew to Cairo); a full date may be, as a life's dates in brackets after a name are.
            dates = [fact for fact in dates if any(char.isdigit() for char in fact.english)]
        # The date beside the question's words first; of those as near, the fullest (see rag.answer.fullest_dates).
        return tuple(nearest_first(query, text, fullest_first(dates, asks_end(query.text))))
    if query.kind == NUMBER:
        asked = set(query.numbers)
        forecasts = asks_forecast(query)
        spans = asks_duration(query.text, query.counted_noun)
        found = [
            fact
            for fact in find_numbers(text)
            if not asked & set(_DIGITS.findall(clean(fact.text)))
            and fits(
                query.measure,
                fact.english,
                query.counted,
                names=fact.kind == IDENTIFIER,
                noun=query.counted_noun,
                counting=query.counting,
            )
            and _rate_asked(query, text, fact)
            and (forecasts or not is_forecast(text, fact.start))
            and not of_another_event(query.events, text, fact.start, fact.end)
            and (spans or not is_duration(fact.english))  # "ما حجم الإصدار" is not answered by its "5 سنوات"
        ]
        # The figure beside the question's words first, unless one of the rules below knows better.
        found = nearest_first(query, text, found)
        if asks_level(query.text):  # what it stood at ("إلى 50.41 دولار") before by how much it moved
            found.sort(key=lambda fact: not is_level(text, fact.start))
        if asks_total(query.text):  # the whole ("ليصبح الإجمالي 69") before its parts
            found.sort(key=lambda fact: not is_total(text, fact.start))
        # "how many policemen": "شرطيين" (two policemen) before "6 أشخاص" (people, but not those asked about)
        found.sort(key=lambda fact: not counts_noun(fact.english, query.counted_noun))
        return tuple(found)
    english_thing = query.language == "en" and asks_which_thing(query.text)
    if query.kind not in (WHO, WHERE) and (asks_name(query.text) or english_thing):
        return tuple(
            replace(fact, english=romanise(fact.text))
            for fact in find_quoted_names(text)
            if _introduced_as_name(query, text, fact)
        )
    return ()


# How many words after an ordinal a word counting it within a window may stand: "الثالثة خلال الأعوام الأربعة الأخيرة".
WINDOW_REACH = 4


def _within_a_window(text: str, ordinal: Fact) -> bool:
    """Return whether an ordinal counts within a window or a streak ("الثالثة خلال الأعوام الأربعة الأخيرة", "الرابع
    على التوالي"), not over all time, which a "how-manyth time" question asks."""
    after = [fold_letters(word) for word in _ARABIC_WORD.findall(text[ordinal.end :])[:WINDOW_REACH]]
    return bool(set(after) & load_words("rank_windows_ar.txt"))


def _introduced_as_name(query: Query, text: str, fact: Fact) -> bool:
    """Return whether a quoted span is the name asked for: the question does not hold it, and a naming word ("أطلق
    عليها اسم") or, in an Arabic question, the noun it asks the name of ("ما اسم البرنامج" → برنامج) stands just
    before it; in an English question, the Arabic of one of its terms ("which volcano" → بركان). A flight number in
    brackets beside the volcano asked about is no name of it."""
    if set(lexical_tokens(fact.text)) <= set(query.tokens):
        return False
    asked = asked_term(query)
    if any(asked(word) for word in _ARABIC_WORD.findall(fold_letters(fact.text))):
        return False  # the base "العند" that "the Al-Anad air base" names is not the operation's name
    before = [fold_letters(word).removeprefix("ال") for word in _ARABIC_WORD.findall(text[: fact.start])[-2:]]
    cues = load_words("naming_words_ar.txt") | (asked_name_nouns(query.text) if query.language == "ar" else set())
    if any(word in cues or word[1:] in cues for word in before):
        return True
    # An English question's noun stands right before the name it asks: "بركان «ساكوراجيما»", not "كانت «…»".
    return query.language == "en" and bool(before) and before[-1] in _glossary_nouns(query.text)


@lru_cache(maxsize=256)
def _glossary_nouns(question: str) -> frozenset[str]:
    """Return the head nouns, folded and without the article, of the Arabic an English question's terms are written
    as ("volcano" → بركان, "air base" → قاعده, not its adjective جويه): what a name in quotes follows in Arabic news."""
    return frozenset(
        fold_letters(rendering.split()[0]).removeprefix("ال")
        for term, _ in english_terms(question)
        for rendering in GLOSSARY[term]
        if rendering.split()
    )


# How many words before a score a year may stand and be its match's year ("عام 2006 (فاز اشبيلية على برشلونة 3-صفر)").
YEAR_REACH = 8
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _of_another_year(query: Query, text: str, score: Fact) -> bool:
    """Return whether the nearest year written just before a score is not the year the question asks about: an earlier
    meeting of the same teams, recalled in a preview of the match asked about, is not its result."""
    asked = asked_years(query)
    years = _YEAR.findall(" ".join(text[: score.start].split()[-YEAR_REACH:]))
    return bool(asked and years) and years[-1] not in asked


def _rate_asked(query: Query, text: str, fact: Fact) -> bool:
    """Return whether a quantity is no rate, or a rate per a unit the question names: a dividend per share
    does not answer "what was the net profit?", but does answer "what did it pay per share?". A price is a rate
    by nature: "what was the price of Brent?" is answered by "50.41 دولار للبرميل"."""
    unit = rate_unit(text, fact.end)
    return unit is None or names_unit(query, unit) or asks_price(query.text)


def _names_a_day(english: str) -> bool:
    """Return whether a date's English names a day: "8 March 2014", or a weekday that the article's date places
    ("Friday"); not a month or a year alone ("May", "March 2014", "2014")."""
    weekdays = set(load_table("weekdays.tsv").values())
    return bool(_DAY_OF_MONTH.search(english)) or bool(set(english.split()[:1]) & weekdays) or english in RELATIVE_DAYS


def _gregorian_year(english: str) -> int | None:
    """Return the Gregorian year a date's English names ("8 March 2014", "2018"), None for a Hijri date or none."""
    years = gregorian_years(english)
    return max(years) if years else None


def _overlap(one: Fact, other: Fact) -> bool:
    return one.start < other.end and other.start < one.end
