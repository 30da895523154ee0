"""Deciding whether retrieval found anything that can answer the question at all."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.arabic import lexical_tokens
from rag.schema import Hit


@dataclass(frozen=True)
class RelevanceThresholds:
    """Below both bars the assistant refuses rather than quote an unrelated passage.

    `dense` is the cosine similarity of the best passage to the question; `coverage`
    the IDF-weighted share of the question's keywords found in the top passages.
    Calibrated on the seed questions and arcd-train (see `rag eval`).
    """

    dense: float = 0.86
    strong_dense: float = 0.885
    coverage: float = 0.5


@dataclass(frozen=True)
class Relevance:
    """The signals behind a refusal decision."""

    dense: float
    coverage: float
    answerable: bool


def keyword_coverage(
    question: str, passages: Sequence[Hit], doc_freq: Callable[[str], int], total_docs: int
) -> float:
    """Return the IDF-weighted share of the question's keywords that occur in the passages."""
    wanted = set(lexical_tokens(question))
    if not wanted:
        return 0.0
    present: set[str] = set()
    for hit in passages:
        present.update(lexical_tokens(f"{hit.chunk.title}\n{hit.chunk.text}"))
    weights = {token: math.log(1.0 + (total_docs + 1) / (doc_freq(token) + 1)) for token in wanted}
    return sum(weights[token] for token in wanted & present) / (sum(weights.values()) or 1.0)


def judge(
    question: str,
    language: str,
    passages: Sequence[Hit],
    doc_freq: Callable[[str], int],
    total_docs: int,
    thresholds: RelevanceThresholds | None = None,
) -> Relevance:
    """Return whether the passages look able to answer the question, and why.

    A very close passage is enough on its own. Otherwise Arabic questions also need
    their keywords in the passages; English ones, which share no words with Arabic
    text, are judged by the vectors alone.
    """
    thresholds = thresholds or RelevanceThresholds()
    if not passages:
        return Relevance(dense=0.0, coverage=0.0, answerable=False)
    dense = max((hit.dense for hit in passages if hit.dense is not None), default=0.0)
    coverage = keyword_coverage(question, passages[:3], doc_freq, total_docs)
    if dense >= thresholds.strong_dense:
        answerable = True
    elif language == "ar":
        answerable = dense >= thresholds.dense and coverage >= thresholds.coverage
    else:
        answerable = dense >= thresholds.dense
    return Relevance(dense=dense, coverage=coverage, answerable=answerable)
