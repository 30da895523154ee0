"""The reading side of ingestion, run ahead of the embedding side: files → articles → chunks, on a thread.

Reading, cleaning and chunking are Python work; the embedding model's forward pass runs in torch without the
interpreter lock. So files are read on a thread of their own, at most `READ_AHEAD` articles ahead of what has been
embedded, and the two overlap while memory stays bounded however large the archive is.
"""

from __future__ import annotations

import dataclasses
import gzip
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rag.errors import InputError
from rag.ingest.articles import iter_articles
from rag.ingest.chunking import chunk_article
from rag.ingest.loaders import JSONL_SUFFIXES, content_suffix, iter_documents
from rag.schema import Article, Chunk

READ_AHEAD = 256  # articles read and chunked ahead of the embedding model
_COUNT_BYTES = 1 << 20

T = TypeVar("T")


@dataclass(frozen=True)
class FileStarted:
    """Reading of a file begins: `typed` as the user named it, `resolved` as articles are filed under."""

    number: int
    typed: str
    resolved: str


@dataclass(frozen=True)
class ArticleRead:
    """One article of the file being read, with its chunks."""

    article: Article
    chunks: list[Chunk]


@dataclass(frozen=True)
class FileEnded:
    """The file was read to its end, or as far as it could be: the problems met on the way (none if whole)."""

    typed: str
    resolved: str
    problems: tuple[InputError, ...]


@dataclass(frozen=True)
class IngestProgress:
    """How far a run has got, passed to a progress callback after each write and at each file's start."""

    files_done: int
    files: int
    path: str  # the file being read
    articles: int  # articles read so far (stored, skipped as already stored, or repeated)
    articles_expected: int  # an estimate: one per line of JSON Lines files, one per other file
    chunks_added: int
    chunks_unchanged: int


def read_files(
    files: list[Path], on_file: Callable[[int, int, str], None] | None = None
) -> Iterator[FileStarted | ArticleRead | FileEnded]:
    """Yield, file by file, its start, its articles with their chunks, and its end with what went wrong.

    `on_file` hears (number, files, path) just before each file is opened, on the thread that reads.
    Whatever goes wrong with one file is reported in its FileEnded and the next file is read.
    """
    for number, path in enumerate(files, start=1):
        problems: list[InputError] = []
        typed, resolved = str(path), str(path.resolve())
        if on_file:
            on_file(number, len(files), typed)
        yield FileStarted(number, typed, resolved)
        try:
            for article in iter_articles(iter_documents(path, skipped=problems.append)):
                if article.path.startswith(typed):  # filed by the file itself, however its path was typed
                    article = dataclasses.replace(article, path=resolved + article.path[len(typed) :])
                yield ArticleRead(article, chunk_article(article))
        except InputError as error:
            problems.append(error)
        except OSError as error:
            problems.append(InputError(f"{path} could not be read ({error.strerror or error})."))
        except Exception as error:  # a reader's bug must cost this file, not the files after it
            problems.append(InputError(f"{path} could not be read (unexpected {type(error).__name__}: {error})."))
        yield FileEnded(typed, resolved, tuple(problems))


def expected_articles(files: Iterable[Path]) -> int:
    """Return about how many articles the files hold: lines of JSON Lines files (read as a stream), else one each."""
    total = 0
    for path in files:
        if content_suffix(path) not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            opener = gzip.open if path.suffix.lower() == ".gz" else open
            with opener(path, "rb") as handle:
                total += sum(block.count(b"\n") for block in iter(lambda: handle.read(_COUNT_BYTES), b""))
        except (OSError, EOFError):
            total += 1  # reading it properly reports the problem
    return total


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE = object()


def read_ahead(items: Iterable[T], depth: int = READ_AHEAD) -> Iterator[T]:
    """Yield `items`, produced on a background thread at most `depth` ahead; its exceptions are raised here.

    When the consumer stops early (an error, an interrupt), the thread stops at its next item.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the consumer, which raises it
            put(_Failed(error))
            return
        put(_DONE)

    thread = threading.Thread(target=produce, name="ingest-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)
