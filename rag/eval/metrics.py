"""Evaluation measures: rank of the gold article, recall, MRR, answers holding a gold string, percentiles."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from rag.answer.citations import MARKER
from rag.schema import Chunk, Hit, StoryCopy
from rag.text.arabic import clean

_WORD = re.compile(r"\S+")


def gold_rank(ranked: Sequence[str], gold: str) -> int | None:
    """Return the 1-based rank of `gold` among the distinct keys of a ranking, or None when absent."""
    seen: list[str] = []
    for key in ranked:
        if key not in seen:
            seen.append(key)
            if key == gold:
                return len(seen)
    return None


def story_rank(hits: Sequence[Hit], golds: set[str], key: Callable[[Chunk | StoryCopy], str]) -> int | None:
    """Return the rank, among the distinct keys of the hits, of the first hit whose story a gold key tells.

    A hit stands for its story: a gold article that is a copy of it ("also in": a wire story in another
    paper, a paragraph a data set holds twice) counts, since search shows one entry per story.
    """
    shown: list[str] = []
    for hit in hits:
        shown_key = key(hit.chunk)
        if shown_key in shown:
            continue
        shown.append(shown_key)
        if golds & {shown_key, *(key(copy) for copy in hit.copies)}:
            return len(shown)
    return None


def recall_at(ranks: Sequence[int | None], n: int) -> float:
    """Return the share of questions whose gold article is ranked n or better."""
    if not ranks:
        return 0.0
    return sum(1 for rank in ranks if rank is not None and rank <= n) / len(ranks)


def mrr(ranks: Sequence[int | None], k: int) -> float:
    """Return the mean reciprocal rank of the gold article, counting ranks beyond k as zero."""
    if not ranks:
        return 0.0
    return sum(1.0 / rank for rank in ranks if rank is not None and rank <= k) / len(ranks)


def normalise(text: str) -> str:
    """Return text in the form answers are compared in: clean (digits ASCII), case-folded, one space."""
    return " ".join(clean(text).casefold().split())


def answer_body(text: str) -> str:
    """Return an answer's text without its [n] citation markers."""
    return MARKER.sub(" ", text)


def contains_gold(answer: str, golds: Iterable[str]) -> bool:
    """Return whether the answer holds any of the gold strings, both normalised."""
    said = normalise(answer_body(answer))
    return any(wanted and wanted in said for wanted in (normalise(gold) for gold in golds))


def word_count(answer: str) -> int:
    """Return how many words an answer has, citation markers not counted."""
    return len(_WORD.findall(answer_body(answer)))


def percentile(values: Sequence[float], q: float) -> float | None:
    """Return the q-th percentile (0-100, linear interpolation), or None for no values."""
    if not values:
        return None
    return float(np.percentile(np.asarray(values, dtype=np.float64), q))


def median(values: Sequence[float]) -> float | None:
    """Return the median, or None for no values."""
    return float(statistics.median(values)) if values else None


def share(flags: Sequence[bool]) -> float | None:
    """Return the share of true flags, or None for none."""
    return sum(flags) / len(flags) if flags else None
