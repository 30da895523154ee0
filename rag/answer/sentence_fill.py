"""Embedding the stored articles' quotable sentences ahead of the questions (see `rag.index.sentence_vectors`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from rag.answer.extractive import framed_quotable_sentences
from rag.embedding.models import ENGINE_MAX_CHARS, ENGINE_MAX_TEXTS
from rag.index.base import VectorStore
from rag.index.sentence_vectors import SentenceVectors

# Chunks read and written per step: a kill loses at most one step's work, and progress moves often.
CHUNKS_PER_STEP = 16


@dataclass(frozen=True)
class FillProgress:
    """How far a fill has come, in chunks."""

    chunks_done: int
    chunks_total: int
    sentences_embedded: int


@dataclass(frozen=True)
class FillReport:
    """What a fill did."""

    chunks: int  # chunks whose sentences were filled now
    sentences_embedded: int  # sentences encoded now
    sentences_stored: int  # vectors in the file afterwards

    def summary(self) -> str:
        """Return one line for the user."""
        return (
            f"Sentence vectors: {self.sentences_embedded} sentences of {self.chunks} passages embedded; "
            f"{self.sentences_stored} stored in all."
        )


def fill_sentence_vectors(
    chunks: VectorStore,
    embeddings: Embeddings,
    vectors: SentenceVectors,
    *,
    on_progress: Callable[[FillProgress], None] | None = None,
) -> FillReport:
    """Embed the quotable sentences of every stored chunk not yet filled, and store their vectors.

    Chunks are recorded as done with their vectors in one transaction, so a run that is stopped
    continues where it stopped, and a sentence that several chunks share (copies of one wire story
    open alike) is encoded once.
    """
    todo = sorted(chunks.chunk_ids() - vectors.chunks_done())
    embedded = 0
    for first in range(0, len(todo), CHUNKS_PER_STEP):
        step = chunks.get_chunks(todo[first : first + CHUNKS_PER_STEP])
        texts = vectors.missing(text for chunk in step for text in framed_quotable_sentences(chunk))
        vectors.add(texts, _as_an_answer_would(embeddings, texts), [chunk.chunk_id for chunk in step])
        embedded += len(texts)
        if on_progress is not None:
            on_progress(FillProgress(min(first + CHUNKS_PER_STEP, len(todo)), len(todo), embedded))
    return FillReport(chunks=len(todo), sentences_embedded=embedded, sentences_stored=vectors.count())


def _as_an_answer_would(embeddings: Embeddings, texts: list[str]) -> list[list[float]]:
    """Return the texts' vectors encoded in batches the size of an answer's, the long ones apart.

    An answer's dozen sentences go to the engine (or, on a CPU with native bf16, to torch), and a
    batch as large as an ingest's to torch's ingest path: batched alike, the stored vectors are those an
    answer would compute, and answers weigh sentences as they would without them. On news-dev ingest-sized
    batches took half as long (7.5 minutes against 14 on two cores) but moved sentence scores by up to 0.0004,
    enough to change which of two near-tied sentences an answer quotes.
    """
    short = [text for text in texts if len(text) <= ENGINE_MAX_CHARS]
    long = [text for text in texts if len(text) > ENGINE_MAX_CHARS]
    found: dict[str, list[float]] = {}
    for group in (short, long):
        for first in range(0, len(group), ENGINE_MAX_TEXTS):
            batch = group[first : first + ENGINE_MAX_TEXTS]
            found.update(zip(batch, embeddings.embed_documents(batch), strict=True))
    return [found[text] for text in texts]
