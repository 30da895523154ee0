"""List answers: one line per distinct story, dated, with its outlet, ordered by date.

Copies of one wire story in several papers are one story: the line names the other outlets
("also in: …") instead of repeating the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.answer.base import AnswerPiece, QuotePiece, TextPiece
from rag.answer.clauses import trim_to_clauses
from rag.answer.opening import outlet_english, source_label
from rag.query.analysis import Query
from rag.schema import Hit
from rag.text.arabic import lexical_tokens

if TYPE_CHECKING:
    from rag.answer.extractive import Candidate

# How far below the best sentence another article's best sentence may score and still be listed.
LIST_MARGIN = 0.12
MAX_ITEMS = 6
# Two passages sharing this share of their word trigrams tell the same story.
SAME_STORY = 0.35


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """Return the word n-grams of a text's lexical tokens."""
    tokens = lexical_tokens(text, drop_stopwords=False)
    return {tuple(tokens[i : i + size]) for i in range(max(len(tokens) - size + 1, 1))}


def same_story(first: str, second: str) -> bool:
    """Return whether two passages are copies of one story (trigram overlap over the smaller one)."""
    a, b = shingles(first), shingles(second)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_STORY


def list_pieces(query: Query, candidates: Sequence[Candidate], passages: Sequence[Hit]) -> list[AnswerPiece]:
    """Return the pieces of a list answer, or [] when fewer than two distinct stories answer."""
    stories: list[tuple[Candidate, list[Hit]]] = []
    seen_articles: set[str] = set()
    for candidate in candidates:
        if candidate.score < candidates[0].score - LIST_MARGIN:
            break
        hit = passages[candidate.n - 1]
        if hit.chunk.article_id in seen_articles:
            continue
        seen_articles.add(hit.chunk.article_id)
        for story, copies in stories:
            if same_story(passages[story.n - 1].chunk.text, hit.chunk.text):
                copies.append(hit)
                break
        else:
            stories.append((candidate, []))
        if len(stories) == MAX_ITEMS:
            break
    if len(stories) < 2:
        return []
    english = query.language == "en"
    ordered = sorted(stories, key=lambda story: _date_key(passages[story[0].n - 1]))
    pieces: list[AnswerPiece] = []
    for candidate, copies in ordered:
        hit = passages[candidate.n - 1]
        start, end, text = trim_to_clauses(candidate, query)
        label = source_label(hit.chunk) if english else "، ".join(p for p in (hit.chunk.date, hit.chunk.outlet) if p)
        pieces.append(TextPiece(f"- {label}: " if label else "- "))
        pieces.append(QuotePiece(candidate.n, start, end, " ".join(text.split())))
        also = [c.chunk.outlet for c in copies if c.chunk.outlet and c.chunk.outlet != hit.chunk.outlet]
        if also:
            names = [outlet_english(name) if english else name for name in dict.fromkeys(also)]
            joined = (", " if english else "، ").join(names)
            pieces.append(TextPiece((" (also in: " if english else " (ورد أيضاً في: ") + joined + ")"))
        pieces.append(TextPiece("\n"))
    return pieces


def _date_key(hit: Hit) -> tuple[int, str]:
    date = hit.chunk.date or ""
    return (0, date) if re.match(r"\d{4}", date) else (1, date)
