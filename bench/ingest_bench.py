"""Ingestion throughput beside the embedding model's own forward throughput on the same texts."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench.corpus import SEEDS
from bench.timing import cpu_seconds, median
from rag.index.article_index import ArticleIndex
from rag.ingest.chunking import chunk_article, embedding_text
from rag.ingest.pipeline import Ingestor
from rag.schema import Article


class TimedEmbeddings(Embeddings):
    """Passes calls to the real embeddings and adds up the seconds spent embedding passages."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.calls = 0
        self.texts = 0

    @property
    def model_id(self) -> str:
        """Return the wrapped model's id, so stores record the same model."""
        return self.inner.model_id  # type: ignore[attr-defined]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return the wrapped model's vectors, timing the call."""
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1
            self.texts += len(texts)

    def embed_query(self, text: str) -> list[float]:
        """Return the wrapped model's question vector."""
        return self.inner.embed_query(text)


class TimedIndex(ArticleIndex):
    """The real article index, adding up the seconds spent writing to Chroma and the keyword index."""

    seconds = 0.0

    def add(self, chunks, vectors) -> None:  # type: ignore[no-untyped-def]
        """Write as the real index does, timing the call."""
        started = time.perf_counter()
        try:
            super().add(chunks, vectors)
        finally:
            self.seconds += time.perf_counter() - started


def seed_articles() -> list[Article]:
    """Return the articles the real loaders find in the seed files."""
    from rag.ingest.articles import iter_articles
    from rag.ingest.loaders import discover, iter_documents

    return [article for path in discover([SEEDS]) for article in iter_articles(iter_documents(path))]


def passage_texts(articles: list[Article]) -> list[str]:
    """Return exactly what ingestion embeds for these articles: each chunk's embedding text, once."""
    texts: dict[str, str] = {}
    for article in articles:
        for chunk in chunk_article(article):
            texts.setdefault(chunk.chunk_id, embedding_text(chunk))
    return list(texts.values())


def forward_rate(embeddings: Any, texts: list[str]) -> tuple[float, float]:
    """Return passages per second and per CPU second of the bare model on the texts: one encode call, same batch."""
    model = embeddings.model
    prefixed = [embeddings.passage_prefix + text for text in texts]
    cpu = cpu_seconds()
    started = time.perf_counter()
    # sentence-transformers sorts the texts by length itself before batching
    model.encode(
        prefixed,
        batch_size=embeddings.batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return len(texts) / (time.perf_counter() - started), len(texts) / (cpu_seconds() - cpu)


def ingest_once(embeddings: Embeddings, arcd: list[Article], store: Path | None = None) -> dict[str, float]:
    """Ingest the seed folder and the ARCD articles into an empty store; return chunks/s and where time went.

    The store is made in `store` and kept when given, else in a temporary folder.
    """
    if store is None:
        with tempfile.TemporaryDirectory(prefix="rag-bench-ingest-") as folder:
            return ingest_once(embeddings, arcd, Path(folder))
    timed = TimedEmbeddings(embeddings)
    index = TimedIndex.open(path=store, model_id=getattr(embeddings, "model_id", None), create=True)
    assert isinstance(index, TimedIndex) and index.count() == 0, f"{store} is not empty"
    ingestor = Ingestor(index, timed)
    cpu = cpu_seconds()
    started = time.perf_counter()
    seeds = ingestor.ingest_paths([SEEDS])
    more = ingestor.ingest_articles(arcd)
    seconds = time.perf_counter() - started
    added = seeds.chunks_added + more.chunks_added
    return {
        "chunks": added,
        "seconds": seconds,
        "rate": added / seconds,
        "cpu_rate": added / (cpu_seconds() - cpu),
        "embed_share": timed.seconds / seconds,
        "write_share": index.seconds / seconds,
        "embed_calls": timed.calls,
    }


def run_ingest(embeddings: Any, arcd: list[Article], rounds: int, keep: Path) -> dict[str, Any]:
    """Return ingestion and forward throughput, measured alternately `rounds` times, and their ratio.

    The last round's store is kept in the empty folder `keep`, for the searches that follow.
    """
    texts = passage_texts(seed_articles() + arcd)
    embeddings.model.encode(texts[:8], show_progress_bar=False)  # warm-up
    forward, ingest = [], []
    for number in range(1, rounds + 1):
        forward.append(forward_rate(embeddings, texts))
        ingest.append(ingest_once(embeddings, arcd, keep if number == rounds else None))
    if ingest[0]["chunks"] != len(texts):
        raise RuntimeError(f"ingestion embedded {ingest[0]['chunks']} chunks, the forward pass {len(texts)}")
    ingest_rate = median([run["rate"] for run in ingest])
    forward_median = median([wall for wall, _ in forward])
    return {
        "chunks": len(texts),
        "rounds": rounds,
        "batch_size": embeddings.batch_size,
        "ingest_chunks_per_s": ingest_rate,
        "forward_chunks_per_s": forward_median,
        "ratio": ingest_rate / forward_median,
        # per CPU second: less moved by other work on the machine, though threads waiting on each other count too
        "cpu_ratio": median([run["cpu_rate"] for run in ingest]) / median([cpu for _, cpu in forward]),
        "embed_share": median([run["embed_share"] for run in ingest]),
        "write_share": median([run["write_share"] for run in ingest]),
        "embed_calls": ingest[0]["embed_calls"],
        "runs": {"forward": [wall for wall, _ in forward], "ingest": [run["rate"] for run in ingest]},
    }
