"""Deciding whether retrieval found anything that can answer the question at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.query_terms import Coverage, question_terms
from rag.schema import Hit


@dataclass(frozen=True)
class RelevanceThresholds:
    """Below both bars the assistant refuses rather than quote an unrelated passage.

    `coverage` is the IDF-weighted share of the question's terms found in the top
    passages (for English questions: through the glossary and name skeletons);
    `strong_dense` the cosine similarity at which the best passage is trusted on its
    own. Calibrated on the seed questions and arcd-train (see `rag eval`).
    """

    coverage: float = 0.4
    strong_dense: float = 0.885


@dataclass(frozen=True)
class Relevance:
    """The signals behind a refusal decision."""

    dense: float
    coverage: float
    answerable: bool


def judge(
    question: str,
    language: str,
    passages: Sequence[Hit],
    doc_freq: Callable[[str], int],
    total_docs: int,
    thresholds: RelevanceThresholds | None = None,
) -> Relevance:
    """Return whether the passages look able to answer the question, and why.

    The passages must hold a good share of what the question asks about, or be very
    close to it in meaning (a paraphrase that shares few words).
    """
    thresholds = thresholds or RelevanceThresholds()
    if not passages:
        return Relevance(dense=0.0, coverage=0.0, answerable=False)
    dense = max((hit.dense for hit in passages if hit.dense is not None), default=0.0)
    measure = Coverage(question_terms(question, language), doc_freq, total_docs)
    coverage = measure.of_texts(f"{hit.chunk.title}\n{hit.chunk.text}" for hit in passages[:3])
    answerable = coverage >= thresholds.coverage or dense >= thresholds.strong_dense
    return Relevance(dense=dense, coverage=coverage, answerable=answerable)
