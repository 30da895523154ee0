"""Deciding whether retrieval found anything that can answer the question at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.query.analysis import IdfStats, Query
from rag.query.terms import Coverage, share_found
from rag.schema import Hit


@dataclass(frozen=True)
class RelevanceThresholds:
    """Below these bars the assistant refuses rather than quote an unrelated passage.

    `coverage` is the IDF-weighted share of the question's terms found in the top passages;
    `key_terms` the share of its key terms (names, rare words) that the best-covered passage
    holds; `strong_dense` the cosine similarity at which the best passage is trusted on its
    own. Chosen on the news-dev and arcd-train development sets (see `rag eval`).
    """

    coverage: float = 0.1
    key_terms: float = 0.0
    strong_dense: float = 0.885


@dataclass(frozen=True)
class Relevance:
    """The signals behind a refusal decision."""

    dense: float
    coverage: float
    key_terms: float
    answerable: bool


def judge(
    query: Query, passages: Sequence[Hit], idf: IdfStats, thresholds: RelevanceThresholds | None = None
) -> Relevance:
    """Return whether the passages look able to answer the question, and why.

    The top passages must hold a good share of what the question asks about and one of them
    most of the names it mentions, or be very close to it in meaning.
    """
    thresholds = thresholds or RelevanceThresholds()
    if not passages:
        return Relevance(dense=0.0, coverage=0.0, key_terms=0.0, answerable=False)
    dense = max((hit.dense for hit in passages if hit.dense is not None), default=0.0)
    measure = Coverage(query.terms, idf.doc_freq, idf.count())
    top = [f"{hit.chunk.title}\n{hit.chunk.text}" for hit in passages[:3]]
    coverage = measure.of_texts(top)
    key_terms = max(share_found(query.key_terms, text) for text in top)
    answerable = (coverage >= thresholds.coverage and key_terms >= thresholds.key_terms) or (
        dense >= thresholds.strong_dense
    )
    return Relevance(dense=dense, coverage=coverage, key_terms=key_terms, answerable=answerable)
