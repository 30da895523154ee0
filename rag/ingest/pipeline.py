"""Ingestion: files → articles → chunks → vectors, written to the article index."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import field, make_dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.ingest.chunking import chunk_article, embedding_text
from rag.ingest.loaders import discover
from rag.ingest.outcome import IngestReport, Rejected
from rag.ingest.reading import (
    ArticleRead,
    FileEnded,
    FileStarted,
    IngestProgress,
    expected_articles,
    read_ahead,
    read_files,
)
from rag.ingest.sink import PassageSink
from rag.schema import Article, Chunk

# Chunks embedded per write. Writes hold whole articles, so an interrupted run never
# leaves an article half-stored in a way the next run would mistake for complete.
BATCH_CHUNKS = 64


# The running counts behind an IngestReport: its whole-number fields, and the rejections so far.
_Tally = make_dataclass(
    "_Tally",
    [(name.name, int, 0) for name in dataclasses.fields(IngestReport) if name.type == "int"]
    + [("rejected", list, field(default_factory=list))],
)


class Ingestor:
    """Writes articles into an index, embedding only chunks it does not hold yet."""

    def __init__(self, index: PassageSink, embeddings: Embeddings, *, batch_chunks: int = BATCH_CHUNKS) -> None:
        """Write to `index`, embedding about `batch_chunks` chunks per write (whole articles)."""
        self.index = index
        self.embeddings = embeddings
        self.batch_chunks = batch_chunks
        self._pending: list[tuple[Article, list[Chunk]]] = []
        self._queued: set[str] = set()  # article ids seen this run: the same story twice is stored once
        self._finished: list[str] = []  # files read whole since the last write, checked for stale articles after it
        self._read: dict[str, set[str]] = {}  # file (resolved) -> the articles it holds, as read this run
        self._unrecorded: dict[str, set[str]] = {}  # article -> files read this run not yet recorded as holding it
        self._file: str | None = None  # the file being read, by its resolved path
        self._tally = _Tally()
        self._on_progress: Callable[[IngestProgress], None] | None = None
        self._files_total = 0
        self._expected = 0

    def ingest_paths(
        self,
        paths: Iterable[Path],
        progress: Callable[[int, int, str], None] | None = None,
        on_progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders; unreadable or unsupported files are listed, never fatal.

        Files are read and chunked on a thread ahead of the embedding (see `rag.ingest.reading`).
        `progress` hears (file number, files, path) as each file is opened, on the reading thread;
        `on_progress` hears an IngestProgress at each file and after each write, on the calling
        thread, with articles and chunks, for a bar with a rate and the time left.
        Articles already stored (by their content hash) are skipped without being embedded again,
        so a run that was interrupted continues where it stopped when run again.
        """
        started = self._start()
        files, missing = _expand(paths)
        self._tally.rejected.extend(missing)
        self._on_progress = on_progress
        self._files_total = len(files)
        self._expected = expected_articles(files) if on_progress else 0
        try:
            for event in read_ahead(read_files(files, on_file=progress)):
                if isinstance(event, ArticleRead):
                    self.queue(event.article, event.chunks)
                elif isinstance(event, FileStarted):
                    self._begin_file(event)
                else:
                    self._end_file(event)
            self.flush()
        finally:
            self._on_progress = None
        if self.index.guard.folder is not None:  # on a shared server, another machine's files are not ours to judge
            self._forget_moved_files()
        return self._report(time.perf_counter() - started)

    def _begin_file(self, event: FileStarted) -> None:
        self._tally.files += 1
        self._file = event.resolved
        self._read.setdefault(event.resolved, set())
        self._report_progress()

    def _end_file(self, event: FileEnded) -> None:
        """Note a file's problems; a file read whole is checked, after the next write, for articles it lost.

        A file that fails part-way keeps the articles read before the failure and is listed as
        rejected; its older articles are then left as they were. A bad record of a JSON or JSON
        Lines file is listed on its own and the others are stored.
        """
        self._file = None
        self._tally.rejected.extend(Rejected(event.typed, str(problem)) for problem in event.problems)
        if not event.problems:
            self._finished.append(event.resolved)

    def _report_progress(self) -> None:
        if self._on_progress is None:
            return
        tally = self._tally
        self._on_progress(
            IngestProgress(
                files_done=max(tally.files - 1, 0),
                files=self._files_total,
                path=self._file or "",
                articles=tally.articles,
                articles_expected=max(self._expected, tally.articles),
                chunks_added=tally.chunks_added,
                chunks_unchanged=tally.chunks_unchanged,
            )
        )

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Write articles that come from no file (an evaluation set, a benchmark) and report."""
        started = self._start()
        for article in articles:
            self.queue(article)
        self.flush()
        return self._report(time.perf_counter() - started)

    def queue(self, article: Article, chunks: list[Chunk] | None = None) -> None:
        """Queue an article (and its chunks, when already cut); the queue is written whenever it holds a batch."""
        self._tally.articles += 1
        if self._file is not None:
            self._read[self._file].add(article.article_id)
            self._unrecorded.setdefault(article.article_id, set()).add(self._file)
        if article.article_id in self._queued:
            self._tally.articles_unchanged += 1
            return
        self._queued.add(article.article_id)
        self._pending.append((article, chunk_article(article) if chunks is None else chunks))
        if sum(len(chunks) for _, chunks in self._pending) >= self.batch_chunks:
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
        counts = dataclasses.asdict(self._tally) | {"rejected": tuple(self._tally.rejected)}
        stored = tuple(sorted(file for file, articles in self._read.items() if articles))
        return IngestReport(**counts, seconds=seconds, stored_files=stored)

    def flush(self) -> None:
        """Embed and write the queued articles' chunks that the index does not hold yet, then remove stale ones.

        New chunks are written before stale ones are removed, so an interrupted run never
        leaves a changed file with neither its old nor its new articles.
        """
        if self._pending:
            self._write_pending()
            self._report_progress()
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
