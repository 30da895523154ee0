"""Wiring from settings to working parts: the embedding model, the index, retriever and answer chain.

The CLI and the page each build one `Assistant`; parts are made on first use, so a
command that needs no model (`rag stats`) never loads one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from rag.config import Settings
from rag.errors import EmptyStoreError
from rag.index.article_index import ArticleIndex
from rag.schema import Answer

if TYPE_CHECKING:
    from rag.answer.chain import AnswerChain, AnswerRequest
    from rag.answer.sentence_fill import FillProgress, FillReport
    from rag.index.base import SearchableIndex
    from rag.index.filters import SearchFilter
    from rag.index.sentence_vectors import SentenceVectors
    from rag.ingest.outcome import IngestReport
    from rag.query.retrieval import HybridRetriever


class Assistant:
    """The parts built from one `Settings`, shared by every request of a process."""

    def __init__(self, settings: Settings, *, embeddings: Embeddings | None = None) -> None:
        """Build the parts from `settings`; `embeddings` is a model already loaded (tests, benchmarks)."""
        self.settings = settings
        self._lock = threading.RLock()
        self._index: ArticleIndex | None = None
        self._embeddings = embeddings
        self._sentence_vectors: SentenceVectors | None = None
        self._opening_vectors = threading.Lock()  # not `_lock`: a question must not wait for an ingest's fill

    @property
    def embeddings(self) -> Embeddings:
        """Return the embedding model (given, or loaded once per process on first use)."""
        if self._embeddings is None:
            with self._lock:
                if self._embeddings is None:
                    from rag.embedding.models import load_embeddings

                    self._embeddings = load_embeddings(self.settings.embedding_model, self.settings.encoder)
        return self._embeddings

    @property
    def model_id(self) -> str:
        """Return the id recorded in stores built by this assistant's embedding model."""
        return self.embeddings.model_id  # type: ignore[attr-defined]

    def index(self, *, create: bool = False) -> ArticleIndex:
        """Return the article index, opening it on first use."""
        if self._index is not None:  # no lock once open: readers never wait for an ingest
            return self._index
        with self._lock:
            if self._index is None:
                self._index = ArticleIndex.open(
                    path=self.settings.store,
                    url=self.settings.chroma_url,
                    name=self.settings.collection,
                    model_id=self.model_id,
                    create=create,
                    snapshots=self.settings.keyword_snapshots,
                )
            return self._index

    def open_for_reading(self) -> ArticleIndex:
        """Return the index, raising EmptyStoreError when it holds no articles."""
        index = self.index()
        if index.count() == 0:
            raise EmptyStoreError(
                f"The store at {index.chunks.location} holds no articles yet; add some with: rag ingest PATH"
            )
        return index

    @cached_property
    def retriever(self) -> HybridRetriever:
        """Return the hybrid retriever over the index, reranking by typed evidence (see `evidence_retriever`)."""
        return evidence_retriever(self.open_for_reading(), self.embeddings, self.settings.k)

    @cached_property
    def chain(self) -> AnswerChain:
        """Return the answer chain with the configured answerer."""
        from rag.answer.chain import make_chain

        return make_chain(self.retriever, self.settings.llm, self.settings.llm_base_url, stored=self.sentence_vectors)

    def sentence_vectors(self) -> SentenceVectors | None:
        """Return the store's sentence vectors encoded ahead of time, once a fill has made the file (else None)."""
        if self._sentence_vectors is None:
            from rag.index.sentence_vectors import SentenceVectors

            path = self.settings.sentence_vectors_file()
            if path.exists():
                with self._opening_vectors:
                    if self._sentence_vectors is None:
                        self._sentence_vectors = SentenceVectors.open(path, self.model_id)
        return self._sentence_vectors

    def fill_sentence_vectors(
        self, on_progress: Callable[[FillProgress], None] | None = None, *, forget_first: bool = False
    ) -> FillReport:
        """Embed the quotable sentences of every stored article not yet filled (making the file the first time);
        `forget_first` empties the file before (the store was emptied).

        From then on every ingest into this store fills the sentences of the articles it adds.
        """
        from rag.answer.sentence_fill import fill_sentence_vectors
        from rag.index.sentence_vectors import SentenceVectors

        index = self.open_for_reading()
        with self._lock:
            writer = SentenceVectors.open(self.settings.sentence_vectors_file(), self.model_id, create=True)
            assert writer is not None  # made, or an error raised
            try:
                if forget_first:
                    writer.clear()
                return fill_sentence_vectors(index.chunks, self.embeddings, writer, on_progress=on_progress)
            finally:
                writer.close()

    def ask(
        self,
        question: str,
        *,
        history: Sequence[tuple[str, str]] = (),
        search_filter: SearchFilter | None = None,
    ) -> Answer:
        """Return the checked answer to a question."""
        return self.chain.invoke(self.request(question, history=history, search_filter=search_filter))

    def request(
        self,
        question: str,
        *,
        history: Sequence[tuple[str, str]] = (),
        search_filter: SearchFilter | None = None,
        k: int | None = None,
    ) -> AnswerRequest:
        """Return the chain's input for a question."""
        from rag.answer.chain import AnswerRequest

        return AnswerRequest(
            question=question, history=tuple(history), search_filter=search_filter, k=k or self.settings.k
        )

    def ingest(
        self,
        paths: list[Path],
        *,
        reset: bool = False,
        progress=None,
        on_progress=None,
        on_fill: Callable[[FillProgress], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders into the store (emptied first with `reset`); see `Ingestor.ingest_paths`.

        In a store whose sentence vectors were filled, the new articles' sentences are filled next (`on_fill`
        follows that).
        """
        from rag.ingest.pipeline import Ingestor  # the readers and loaders only a command that ingests needs

        with self._lock:
            if reset:
                self._index = None
                self.__dict__.pop("retriever", None)
                self.__dict__.pop("chain", None)
                ArticleIndex.reset(
                    path=self.settings.store, url=self.settings.chroma_url, name=self.settings.collection
                )
            index = self.index(create=True)
            report = Ingestor(index, self.embeddings).ingest_paths(paths, progress=progress, on_progress=on_progress)
            if self.settings.sentence_vectors_file().exists() and index.count():
                self.fill_sentence_vectors(on_fill, forget_first=reset)  # filled once: the user wants it kept so
            return report


def evidence_retriever(index: SearchableIndex, embeddings: Embeddings, k: int) -> HybridRetriever:
    """Return the hybrid retriever over an index with its last stage, reranking by typed evidence."""
    from rag.answer.evidence import TypedEvidence
    from rag.index.base import LiveDocumentFrequencies
    from rag.query.retrieval import HybridRetriever

    reranker = TypedEvidence(LiveDocumentFrequencies(index))
    return HybridRetriever(index=index, embeddings=embeddings, k=k, reranker=reranker)
