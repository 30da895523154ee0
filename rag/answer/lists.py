"""List answers: one line per distinct story, dated, with its outlet, ordered by date.

Copies of one wire story in several papers are one story (they share a story id, given at
ingest by `rag.index.stories`): the line names the other outlets ("also in: …") instead of
repeating the same sentence, and the count of lines is a count of stories.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.answer.base import AnswerPiece, QuotePiece, TextPiece
from rag.answer.clauses import trim_to_clauses
from rag.answer.facts import find_dates, find_numbers
from rag.answer.levels import asks_level, is_level
from rag.answer.opening import answer_names, answer_place, outlet_english, source_label
from rag.query.analysis import Query
from rag.query.dates import published_near
from rag.query.events import tells_event
from rag.query.kinds import NUMBER, WHEN, WHERE, WHO, list_item_kind
from rag.schema import Hit

if TYPE_CHECKING:
    from rag.answer.extractive import Candidate

# How far below the best sentence another article's best sentence may score and still be listed.
LIST_MARGIN = 0.12
MAX_ITEMS = 6


def list_pieces(query: Query, candidates: Sequence[Candidate], passages: Sequence[Hit]) -> list[AnswerPiece]:
    """Return the pieces of a list answer, or [] when fewer than two distinct stories answer."""
    kind = list_item_kind(query.text, query.language)
    stories: list[Candidate] = []
    seen: set[str] = set()
    given: set[str] = set()
    # "the two soldiers killed …": a line tells a killing, not a spokesman's report of shelling that killed no one.
    # On news-dev these two choices changed no list's coverage and put the asked event's stories on the lines.
    telling = [candidate for candidate in candidates if tells_event(query.events, candidate.text)]
    candidates = telling if len(telling) >= 2 else candidates
    # "between 5 and 8 August": lines from the articles of those days (or the day after, when papers report them)
    if query.dates:
        dated = [c for c in candidates if published_near(passages[c.n - 1].chunk.date, query.dates)]
        candidates = dated if len(dated) >= 2 else candidates
    for candidate in candidates:
        if candidate.score < candidates[0].score - LIST_MARGIN:
            break
        story = passages[candidate.n - 1].chunk.story_id
        if story in seen:
            continue  # another passage of a story already listed (its article, or a copy in another paper)
        item = list_item(query, kind, candidate.text) if kind else None
        if item is not None and item in given:
            continue  # another story giving an item already listed: a line for a new item says more
        seen.add(story)
        given.update([item] if item else [])
        stories.append(candidate)
        if len(stories) == MAX_ITEMS:
            break
    if len(stories) < 2:
        return []
    english = query.language == "en"
    ordered = sorted(stories, key=lambda candidate: _date_key(passages[candidate.n - 1]))
    quotes = [trim_to_clauses(candidate, query) for candidate in ordered]
    # Each line's item is one its quote shows, so the reader can check it there.
    items = [list_item(query, kind, text) if kind else None for _, _, text in quotes]
    if kind == NUMBER:  # quantities of one measure: the best story's ("points"), not another market's riyals
        measure = _measure(list_item(query, kind, stories[0].text))
        items = [item if item and _measure(item) == measure else None for item in items]
    found = _without_shorter_forms(list(dict.fromkeys(item for item in items if item)))
    pieces: list[AnswerPiece] = []
    if found:  # the items themselves first, as a short answer opens with its fact
        pieces.append(TextPiece(("; " if english else "؛ ").join(found) + ".\n"))
    for candidate, item, (start, end, text) in zip(ordered, items, quotes, strict=True):
        hit = passages[candidate.n - 1]
        label = source_label(hit.chunk) if english else "، ".join(p for p in (hit.chunk.date, hit.chunk.outlet) if p)
        label = " — ".join(part for part in (item, label) if part)
        pieces.append(TextPiece(f"- {label}: " if label else "- "))
        # The story's headline says what it is about, which the quoted sentence often leaves to it ("وبلغ حجم التداول
        # في البورصة …" under "مؤشر بورصة بيروت يغلق على ارتفاع"). On news-dev list coverage rises from 0.71 to 0.79
        # (Arabic) and from 0.73 to 0.75 (English); nothing else moves. It follows the line's date and outlet, which
        # an English line gives in English, so that each keeps its own direction on the page.
        headline = story_headline(hit.chunk.title, text)
        if headline:
            pieces.append(TextPiece(f"«{headline}» — "))
        pieces.append(QuotePiece(candidate.n, start, end, " ".join(text.split())))
        also = [copy.outlet for copy in hit.copies if copy.outlet and copy.outlet != hit.chunk.outlet]
        if also:
            names = [outlet_english(name) if english else name for name in dict.fromkeys(also)]
            joined = (", " if english else "، ").join(names)
            pieces.append(TextPiece((" (also in: " if english else " (ورد أيضاً في: ") + joined + ")"))
        pieces.append(TextPiece("\n"))
    return pieces


# A wire service's desk before its headline: "اقتصادي / مؤشر سوق مسقط يغلق مرتفعًا".
_DESK = re.compile(r"^\s*[\u0621-\u064a]+\s+/\s+")


def story_headline(title: str, quote: str) -> str:
    """Return a story's headline for its list line, without a wire desk before it; "" when it is empty or the quote
    already says it (a title made of the article's first words, cut with "…", is not said again either)."""
    headline = " ".join(_DESK.sub("", title).split())
    said = headline.removesuffix("…").rstrip()
    return "" if not said or said in " ".join(quote.split()) else headline


def list_item(query: Query, kind: str, sentence: str) -> str | None:
    """Return the person, place, date or quantity a list line's sentence gives, in the question's language."""
    english = query.language == "en"
    if kind == WHO:
        names = answer_names(query, sentence, untitled=True)
        name = next((name for name in names if name.latin or not english), None)
        return (name.latin if english else name.text) if name else None
    if kind == WHERE:
        place = answer_place(query, sentence)
        return (place.english if english else place.text) if place else None
    if kind == WHEN:
        dates = find_dates(sentence)
        return (dates[0].english if english else dates[0].text) if dates else None
    if kind == NUMBER:
        numbers = find_numbers(sentence)
        if asks_level(query.text):  # "the closing levels": what it closed at, before the points it rose by
            numbers.sort(key=lambda fact: not is_level(sentence, fact.start))
        return (numbers[0].english if english else numbers[0].text) if numbers else None
    return None


def _measure(item: str | None) -> str | None:
    """Return what a listed quantity measures: the word after its figure ("points", "riyals", "%"), or None."""
    if item is None:
        return None
    if item.endswith("%"):
        return "%"
    words = item.split()
    return words[-1] if len(words) > 1 and not words[-1][:1].isdigit() else ""


def _without_shorter_forms(items: list[str]) -> list[str]:
    """Return the items without those another item holds as whole words: "Platini" once "Michel Platini" is listed,
    "Monday" once "Monday 3 August" is."""
    return [
        item
        for item in items
        if not any(other != item and re.search(rf"(?<!\w){re.escape(item)}(?!\w)", other) for other in items)
    ]


def _date_key(hit: Hit) -> tuple[int, str]:
    date = hit.chunk.date or ""
    return (0, date) if re.match(r"\d{4}", date) else (1, date)
