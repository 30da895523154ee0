"""Ingestion: files → articles → chunks → vectors, written to the article index."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.articles import iter_articles
from rag.chunking import chunk_article, embedding_text
from rag.errors import InputError
from rag.index import ArticleIndex
from rag.loaders import discover, iter_documents
from rag.schema import Article, Chunk

# Chunks embedded per write. Writes hold whole articles, so an interrupted run never
# leaves an article half-stored in a way the next run would mistake for complete.
BATCH_CHUNKS = 64


@dataclass(frozen=True)
class Rejected:
    """A file that was not ingested, and why, in one sentence."""

    path: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    articles: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_removed: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    rejected: tuple[Rejected, ...] = ()
    seconds: float = 0.0

    def summary(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        parts = [
            f"{self.articles} articles from {self.files} files",
            f"{self.articles_added} added",
            f"{self.articles_unchanged} unchanged",
        ]
        if self.articles_removed:
            parts.append(f"{self.articles_removed} replaced")
        parts.append(f"{self.chunks_added} chunks added, {self.chunks_unchanged} skipped")
        if self.rejected:
            parts.append(f"{len(self.rejected)} rejected (files or records)")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"


@dataclass
class _Tally:
    """The running counts behind an IngestReport (same field names)."""

    files: int = 0
    articles: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_removed: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


class Ingestor:
    """Writes articles into an index, embedding only chunks it does not hold yet."""

    def __init__(self, index: ArticleIndex, embeddings: Embeddings) -> None:
        self.index = index
        self.embeddings = embeddings
        self._pending: list[tuple[Article, list[Chunk]]] = []
        self._queued: set[str] = set()  # article ids seen this run: the same story twice is stored once
        self._finished: list[str] = []  # files read whole since the last write, checked for stale articles after it
        self._tally = _Tally()

    def ingest_paths(
        self, paths: Iterable[Path], progress: Callable[[int, int, str], None] | None = None
    ) -> IngestReport:
        """Ingest files and folders; unreadable or unsupported files are listed, never fatal."""
        started = self._start()
        files, missing = _expand(paths)
        self._tally.rejected.extend(missing)
        for number, path in enumerate(files, start=1):
            if progress:
                progress(number, len(files), str(path))
            self._tally.files += 1
            self.ingest_file(path)
        self.flush()
        return self._report(time.perf_counter() - started)

    def ingest_file(self, path: Path) -> None:
        """Queue a file's articles; once they are written, remove those it held before but holds no longer.

        The file is read as a stream, so a very long text never sits in memory whole.
        A file that fails part-way keeps the articles read before the failure and is
        listed as rejected; its older articles are then left as they were. A bad record
        of a JSON or JSON Lines file is listed on its own and the others are stored.
        Whatever goes wrong with one file, the run goes on with the next.
        """
        problems: list[InputError] = []
        try:
            for article in iter_articles(iter_documents(path, skipped=problems.append)):
                self.queue(article)
        except InputError as error:
            problems.append(error)
        except OSError as error:
            problems.append(InputError(f"{path} could not be read ({error.strerror or error})."))
        except Exception as error:  # a reader's bug must cost this file, not the files queued before it
            problems.append(InputError(f"{path} could not be read (unexpected {type(error).__name__}: {error})."))
        self._tally.rejected.extend(Rejected(str(path), str(problem)) for problem in problems)
        if not problems:
            self._finished.append(str(path))

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Write articles that come from no file (an evaluation set, a benchmark) and report."""
        started = self._start()
        for article in articles:
            self.queue(article)
        self.flush()
        return self._report(time.perf_counter() - started)

    def queue(self, article: Article) -> None:
        """Queue an article for writing; the queue is written whenever it holds a batch."""
        self._tally.articles += 1
        if article.article_id in self._queued:
            self._tally.articles_unchanged += 1
            return
        self._queued.add(article.article_id)
        self._pending.append((article, chunk_article(article)))
        if sum(len(chunks) for _, chunks in self._pending) >= BATCH_CHUNKS:
            self.flush()

    def _start(self) -> float:
        self._tally = _Tally()
        self._queued = set()
        self._finished = []
        return time.perf_counter()

    def _report(self, seconds: float) -> IngestReport:
        counts = dataclasses.asdict(self._tally)
        return IngestReport(**counts | {"rejected": tuple(self._tally.rejected), "seconds": seconds})

    def flush(self) -> None:
        """Embed and write the queued articles' chunks that the index does not hold yet, then remove stale ones.

        New chunks are written before stale ones are removed, so an interrupted run never
        leaves a changed file with neither its old nor its new articles.
        """
        if self._pending:
            self._write_pending()
        if self._finished:
            self._remove_stale()

    def _write_pending(self) -> None:
        pending, self._pending = self._pending, []
        all_ids = [chunk.chunk_id for _, chunks in pending for chunk in chunks]
        stored = set(self.index.chunks.existing_ids(all_ids))
        new_chunks = []
        for _, chunks in pending:
            fresh = [chunk for chunk in chunks if chunk.chunk_id not in stored]
            if fresh:
                self._tally.articles_added += 1
            else:
                self._tally.articles_unchanged += 1
            new_chunks.extend(fresh)
        self._tally.chunks_unchanged += len(all_ids) - len(new_chunks)
        if new_chunks:
            vectors = self.embeddings.embed_documents([embedding_text(chunk) for chunk in new_chunks])
            self.index.add(new_chunks, vectors)
            self._tally.chunks_added += len(new_chunks)

    def _remove_stale(self) -> None:
        """Remove the articles once read from the finished files that no file of this run holds now."""
        files, self._finished = self._finished, []
        stale = self.index.chunks.articles_from_files(files) - self._queued
        if not stale:
            return
        self.index.delete_chunks(self.index.chunks.chunk_ids_where({"article_id": {"$in": sorted(stale)}}))
        self._tally.articles_removed += len(stale)


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[Rejected]]:
    """Return the files under the given paths, and the paths that do not exist."""
    files: list[Path] = []
    missing: list[Rejected] = []
    for path in paths:
        if not path.exists():
            missing.append(Rejected(str(path), f"{path} does not exist."))
            continue
        files.extend(discover([path]))
    return files, missing
