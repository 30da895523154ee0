"""The question analysed once: language, kind, terms and names, after follow-up resolution.

Retrieval, the refusal gate and every answerer read the same `Query`; nothing downstream
re-detects the language or re-tokenises the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rag.query.dates import named_dates
from rag.query.events import asked_events
from rag.query.followup import History, looks_like_follow_up
from rag.query.kinds import LIST, NUMBER, WHEN, WHERE, WHO, place_designators, place_kind, question_kind
from rag.query.measures import asked_measure, asked_noun, counts_things, unit_class
from rag.query.outlets import named_outlets
from rag.query.tense import asked_tense
from rag.query.terms import TermGroup, not_names, question_terms
from rag.text.arabic import detect_language, is_arabic_token, lexical_tokens
from rag.text.transliteration import latin_skeleton

_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])")
# A term this rare (share of passages holding it) names something specific: a person, a place, an event.
KEY_TERM_SHARE = 0.02
MAX_KEY_TERMS = 4


class IdfStats(Protocol):
    """Document frequencies of the keyword index: how many passages hold a token, and how many there are."""

    def doc_freq(self, token: str) -> int:
        """Return how many passages hold the lexical token."""
        ...

    def count(self) -> int:
        """Return how many passages there are."""
        ...


@dataclass(frozen=True)
class Query:
    """One question as every stage reads it.

    `text` is what the user asked; `search_text` the standalone form that retrieval uses (a
    follow-up joined to the question it leans on); `terms` what the question asks about;
    `key_terms` its rare terms (the names and specific things an answer must be about);
    `previous` the earlier turn a follow-up leans on.
    """

    text: str
    search_text: str
    language: str
    kind: str
    tokens: tuple[str, ...]
    terms: tuple[TermGroup, ...]
    key_terms: tuple[TermGroup, ...]
    numbers: tuple[str, ...]
    follow_up: bool = False
    previous: tuple[str, str] | None = None  # (question, answer) of the turn a follow-up leans on
    names: tuple[str, ...] = field(default=())  # Latin-script names of an English question
    measure: str | None = None  # what a quantity question asks for: money, percent, count (rag.query.measures)
    counted_noun: str | None = None  # the noun a "how many X" question counts, as its English plural: "policemen"
    counting: bool = False  # whether it counts things it names ("كم مفاعلاً"), known to units.tsv or not
    events: frozenset[str] = frozenset()  # what a how-many or when question asks of: killed, arrested (query.events)
    dates: tuple[str, ...] = ()  # the whole days (ISO) the question names: "on 10 August 2015"
    place_kind: str | None = None  # the kind of place a "where" or list question wants: country or settlement
    designators: frozenset[str] = frozenset()  # the Arabic nouns named places of the asked kind follow: ملعب
    outlets: tuple[str, ...] = ()  # the outlets it names as its source ("according to SPA"), as stored
    tense: str | None = None  # whether a "when" question asks of something past or to come (rag.query.tense)

    @property
    def counted(self) -> str | None:
        """Return what a "how many X" question counts, when X is a known counted noun: people (for "policemen",
        "voters"), money, or the noun itself (tonnes, centres)."""
        return unit_class(self.counted_noun) if self.counted_noun else None

    @property
    def wants_list(self) -> bool:
        """Return whether the question asks for several items across articles."""
        return self.kind == LIST


def analyse(question: str, history: History = (), idf: IdfStats | None = None) -> Query:
    """Return the analysed question; a follow-up takes its subject from the last turn of `history`."""
    language = detect_language(question)
    follow_up = bool(history) and looks_like_follow_up(question)
    previous = history[-1] if follow_up else None
    search_text = f"{previous[0]} {question}" if previous else question
    own_kind = question_kind(question, language)
    terms = tuple(question_terms(search_text, language))
    names = tuple(_latin_names(search_text)) if language == "en" else ()
    return Query(
        text=question,
        search_text=search_text,
        language=language,
        kind=own_kind,
        tokens=tuple(lexical_tokens(search_text)),
        terms=terms,
        key_terms=tuple(_key_terms(terms, idf)),
        numbers=tuple(dict.fromkeys(_NUMBER.findall(search_text))),
        follow_up=follow_up,
        previous=previous,
        names=names,
        measure=asked_measure(question) if own_kind == NUMBER else None,
        counted_noun=asked_noun(question) if own_kind == NUMBER else None,
        counting=own_kind == NUMBER and counts_things(question),
        events=asked_events(question) if own_kind in (NUMBER, WHEN, LIST, WHO) else frozenset(),
        dates=named_dates(search_text),
        place_kind=place_kind(question, language) if own_kind in (WHERE, LIST) else None,
        designators=place_designators(question, language) if own_kind in (WHERE, LIST) else frozenset(),
        outlets=named_outlets(search_text, language),
        tense=asked_tense(question) if own_kind == WHEN else None,
    )


def _latin_names(text: str) -> list[str]:
    """Return the capitalised words of an English question that are not its opening question word."""
    names = []
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if word.lower() in not_names():
            continue
        if latin_skeleton(word) or any(char.isdigit() for char in word):
            names.append(word)
    return list(dict.fromkeys(names))


def _key_terms(terms: Sequence[TermGroup], idf: IdfStats | None) -> list[TermGroup]:
    """Return the question's rarest terms: names (skeleton groups) and tokens few passages hold."""
    if idf is None:
        return [term for term in terms if term.skeleton][:MAX_KEY_TERMS]
    total = max(idf.count(), 1)
    scored = []
    for term in terms:
        tokens = term.tokens()
        frequencies = [idf.doc_freq(token) for token in tokens] if tokens else []
        present = [frequency for frequency in frequencies if frequency > 0]
        if term.skeleton and not present:
            scored.append((0.0, term))  # a name known only by its skeleton: rare by construction
            continue
        if not present:
            continue
        share = min(present) / total
        numeric = all(token[:1].isdigit() for token in tokens)
        if share <= KEY_TERM_SHARE and not numeric and (term.skeleton or any(map(is_arabic_token, tokens))):
            scored.append((share, term))
    scored.sort(key=lambda pair: pair[0])
    return [term for _, term in scored[:MAX_KEY_TERMS]]
