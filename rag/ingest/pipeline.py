"""Ingestion: files → articles → chunks → vectors, written to the article index."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.errors import InputError, RagError
from rag.index.article_index import ArticleIndex
from rag.ingest.articles import iter_articles
from rag.ingest.chunking import chunk_article, embedding_text
from rag.ingest.loaders import discover, iter_documents
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
    stored_files: tuple[str, ...] = ()  # the files (resolved paths) that hold at least one stored article

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
        self._read: dict[str, set[str]] = {}  # file (resolved) -> the articles it holds, as read this run
        self._unrecorded: dict[str, set[str]] = {}  # article -> files read this run not yet recorded as holding it
        self._file: str | None = None  # the file being read, by its resolved path
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
        if self.index.guard.folder is not None:  # on a shared server, another machine's files are not ours to judge
            self._forget_moved_files()
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
        typed, resolved = str(path), str(path.resolve())
        self._file = resolved  # articles are filed by the file itself, however its path was typed
        self._read.setdefault(resolved, set())
        try:
            for article in iter_articles(iter_documents(path, skipped=problems.append)):
                if article.path.startswith(typed):
                    article = dataclasses.replace(article, path=resolved + article.path[len(typed) :])
                self.queue(article)
        except InputError as error:
            problems.append(error)
        except OSError as error:
            problems.append(InputError(f"{path} could not be read ({error.strerror or error})."))
        except RagError:
            raise  # the store failed (disk full, read-only, server down): every later file would fail the same way
        except Exception as error:  # a reader's bug must cost this file, not the files queued before it
            problems.append(InputError(f"{path} could not be read (unexpected {type(error).__name__}: {error})."))
        finally:
            self._file = None
        self._tally.rejected.extend(Rejected(str(path), str(problem)) for problem in problems)
        if not problems:
            self._finished.append(resolved)

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
        if self._file is not None:
            self._read[self._file].add(article.article_id)
            self._unrecorded.setdefault(article.article_id, set()).add(self._file)
        if article.article_id in self._queued:
            self._tally.articles_unchanged += 1
            return
        self._queued.add(article.article_id)
        self._pending.append((article, chunk_article(article)))
        if sum(len(chunks) for _, chunks in self._pending) >= BATCH_CHUNKS:
            self.flush()

    def _start(self) -> float:
        self.index.forget_stories()  # another process may have written since this index last grouped
        self._tally = _Tally()
        self._queued = set()
        self._finished = []
        self._read = {}
        self._unrecorded = {}
        return time.perf_counter()

    def _report(self, seconds: float) -> IngestReport:
        counts = dataclasses.asdict(self._tally)
        stored = tuple(sorted(file for file, articles in self._read.items() if articles))
        return IngestReport(
            **counts | {"rejected": tuple(self._tally.rejected), "seconds": seconds, "stored_files": stored}
        )

    def flush(self) -> None:
        """Embed and write the queued articles' chunks that the index does not hold yet, then remove stale ones.

        New chunks are written before stale ones are removed, so an interrupted run never
        leaves a changed file with neither its old nor its new articles.
        """
        if self._pending:
            self._write_pending()
        if self._unrecorded:
            self._record_holders()
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

    def _record_holders(self) -> None:
        """Record each file read this run as holding its articles, for those that do not say so yet."""
        unrecorded, self._unrecorded = self._unrecorded, {}
        for article_id, known in self.index.chunks.article_files(list(unrecorded)).items():
            if not unrecorded[article_id] <= known:
                self.index.set_article_files(article_id, sorted(known | unrecorded[article_id]))

    def _remove_stale(self) -> None:
        """Drop the finished files from the articles they held but hold no longer; remove articles left with none."""
        files, self._finished = self._finished, []
        dropped: dict[str, set[str]] = {}
        for file in files:
            for article_id in self.index.chunks.articles_held_by(file) - self._read.get(file, set()):
                dropped.setdefault(article_id, set()).add(file)
        self._drop_holders(dropped)

    def _forget_moved_files(self) -> None:
        """Drop files that no longer exist from the articles they held, when a file of this run has their name.

        That is how a moved folder or a renamed copy shows up: the old path is gone and a
        file of the same name now holds the current version, so the old one must stop
        being found. Files of other names that disappeared are left alone.
        """
        names = {Path(file).name for file in self._read}
        dropped: dict[str, set[str]] = {}
        for article_id, holders in self.index.chunks.all_article_files().items():
            for holder in holders:
                if Path(holder).name not in names or holder in self._read:
                    continue
                # Stores written before paths were resolved name files relative to where the ingest ran.
                same_file = not Path(holder).is_absolute() and str(Path(holder).resolve()) in self._read
                if same_file or not Path(holder).exists():
                    dropped.setdefault(article_id, set()).add(holder)
        self._drop_holders(dropped)

    def _drop_holders(self, dropped: dict[str, set[str]]) -> None:
        """Remove files from the holders of articles; an article no file holds any more is deleted."""
        if not dropped:
            return
        holders = self.index.chunks.article_files(list(dropped))
        orphans = []
        for article_id, files in dropped.items():
            remaining = holders.get(article_id, set()) - files
            if remaining:
                self.index.set_article_files(article_id, sorted(remaining))
            else:
                orphans.append(article_id)
        if orphans:
            self.index.delete_chunks(self.index.chunks.chunk_ids_where({"article_id": {"$in": sorted(orphans)}}))
            self._tally.articles_removed += len(orphans)


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[Rejected]]:
    """Return the files under the given paths, and the paths that do not exist or cannot be listed."""
    files: list[Path] = []
    problems: list[Rejected] = []

    def unreadable(folder: Path, error: OSError) -> None:
        reason = f"{folder} cannot be read ({error.strerror or error}), so the files in it were skipped."
        problems.append(Rejected(str(folder), reason))

    for path in paths:
        if not path.exists():
            problems.append(Rejected(str(path), f"{path} does not exist."))
            continue
        files.extend(discover([path], unreadable))
    return files, problems
