"""The keyword (BM25) index over the lexical form of each chunk, kept beside the Chroma store.

It is a Tantivy index: BM25 ranking with top-k pruning (about a millisecond per query at
100k chunks), incremental adds and deletes, and commits that are atomic on disk, so a
killed ingest never leaves a half-written index. What a kill can leave is files the last
commit never recorded (a deletions file written just before `meta.json`); they are removed
before each write, since an identical retry would otherwise fail on them. An index that
still cannot be opened or written raises `KeywordIndexDamaged`: it is derived from Chroma,
so its owner rebuilds it rather than asking the user to.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import tantivy

from rag.errors import RagError
from rag.index.filters import SearchFilter, date_key
from rag.schema import Chunk
from rag.text.arabic import is_arabic_token, lexical_tokens
from rag.text.transliteration import arabic_skeleton

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; processes sharing a snapshot there may collide on a write
    fcntl = None  # type: ignore[assignment]

KEYWORD_FORMAT = 3
_FORMAT_FILE = "rag-keyword-format"
_WRITER_HEAP = 64_000_000
_PRESENT_BATCH = 1000
# Tantivy's segment files: `<segment id>.<component>`, and deletions as `<segment id>.<opstamp>.del`.
_SEGMENT_FILE = re.compile(r"^([0-9a-f]{32})\.(?:(\d+)\.del|[a-z]+)$")


class KeywordIndexDamaged(RagError):
    """The keyword index on disk cannot be opened or written (or is in another format); rebuild it from Chroma."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("article_id", stored=False, tokenizer_name="raw")
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("names", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("source", stored=False, tokenizer_name="raw")
    builder.add_integer_field("date_key", stored=False, indexed=True, fast=True)
    return builder.build()


def write_atomically(path: Path, text: str) -> None:
    """Write a small file so that readers (and a crash) see the old content or the new, never a part."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__


def _remove_unrecorded_files(folder: Path) -> None:
    """Delete segment files `meta.json` does not name: what a commit killed before recording itself leaves.

    Tantivy names a commit's files by its operation stamp, so the same operations run
    again after a kill would try to create the same file and fail on the leftover.
    """
    for file in unrecorded_files(folder):
        file.unlink(missing_ok=True)


def unrecorded_files(folder: Path) -> list[Path]:
    """Return the segment files in an index folder that its `meta.json` does not name (see above)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []  # nothing committed yet
    except (OSError, ValueError) as error:
        raise KeywordIndexDamaged(f"The keyword index at {folder} has an unreadable meta.json ({error}).") from error
    recorded: dict[str, int | None] = {}
    for segment in meta.get("segments", []):
        deletes = segment.get("deletes")
        recorded[segment["segment_id"].replace("-", "")] = int(deletes["opstamp"]) if deletes else None
    found = []
    for file in folder.iterdir():
        named = _SEGMENT_FILE.match(file.name)
        if named is None:
            continue
        segment, opstamp = named.groups()
        if segment not in recorded or (opstamp is not None and int(opstamp) != recorded[segment]):
            found.append(file)
    return found


def chunk_tokens(chunk: Chunk) -> list[str]:
    """Return the keyword tokens of a chunk: its title and text in lexical form."""
    return lexical_tokens(f"{chunk.title}\n{chunk.text}")


def name_keys(tokens: Sequence[str]) -> list[str]:
    """Return the consonant skeletons of Arabic tokens, so Latin-script names can find them."""
    return [key for key in map(_name_key, tokens) if key]


@lru_cache(maxsize=1 << 18)
def _name_key(token: str) -> str | None:
    # Cached: a corpus repeats its words, and indexing (or rebuilding from a server) skeletonises each occurrence.
    return arabic_skeleton(token) if is_arabic_token(token) else None


@contextlib.contextmanager
def _locked(lock_file: Path | None) -> Iterator[None]:
    """Hold `lock_file` exclusively (waiting for other processes) while the block runs; nothing if None."""
    if lock_file is None or fcntl is None:
        yield
        return
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class KeywordIndex:
    """BM25 over chunks' lexical tokens, with the same outlet and date filters as the vectors."""

    def __init__(self, path: Path | None = None, *, lock_file: Path | None = None) -> None:
        """Open or create the index in folder `path`; in memory when `path` is None.

        With `lock_file`, every commit holds that file locked, so processes sharing the folder
        write one at a time instead of failing on Tantivy's own writer lock.
        """
        self.path = path
        self.lock_file = lock_file
        self._schema = _schema()
        self._write_lock = threading.Lock()
        if path is None:
            self._index = tantivy.Index(self._schema)
            return
        format_file = path / _FORMAT_FILE
        if path.exists() and any(path.iterdir()):
            found = format_file.read_text().strip() if format_file.exists() else "0"
            if found != str(KEYWORD_FORMAT):
                raise KeywordIndexDamaged(f"The keyword index at {path} is in format {found}, not {KEYWORD_FORMAT}.")
        else:
            path.mkdir(parents=True, exist_ok=True)
            write_atomically(format_file, str(KEYWORD_FORMAT))
        try:
            self._index = tantivy.Index(self._schema, path=str(path))
        except ValueError as error:  # Tantivy's word for unreadable or truncated files
            reason = _first_line(error)
            raise KeywordIndexDamaged(f"The keyword index at {path} cannot be opened ({reason}).") from error

    @staticmethod
    def remove(path: Path) -> None:
        """Delete the index folder at `path`, if any."""
        shutil.rmtree(path, ignore_errors=True)

    def _commit(self, deletes: Iterable[tuple[str, str]], chunks: Iterable[Chunk], *, clear: bool = False) -> None:
        """Apply deletes (field, value) and adds in one atomic commit, after removing everything if `clear`."""
        with self._write_lock, _locked(self.lock_file):
            try:
                writer = self._index.writer(heap_size=_WRITER_HEAP, num_threads=1)
            except ValueError as error:
                raise KeywordIndexDamaged(f"The keyword index cannot be written ({_first_line(error)}).") from error
            if self.path is not None:
                _remove_unrecorded_files(self.path)  # only now: the writer's lock keeps other writers out
            try:
                if clear:
                    writer.delete_all_documents()
                for field, value in deletes:
                    writer.delete_documents_by_term(field, value)
                for chunk in chunks:
                    tokens = chunk_tokens(chunk)
                    writer.add_document(
                        tantivy.Document(
                            chunk_id=chunk.chunk_id,
                            article_id=chunk.article_id,
                            body=" ".join(tokens),
                            names=" ".join(name_keys(tokens)),
                            source=chunk.outlet or "",  # the field keeps its first name: older indexes open
                            date_key=date_key(chunk.date),
                        )
                    )
                writer.commit()
            except ValueError as error:
                writer.rollback()
                raise KeywordIndexDamaged(f"The keyword index cannot be written ({_first_line(error)}).") from error
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # also releases the index's writer lock
            self._index.reload()

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Index chunks (replacing any with the same id) in one commit."""
        if chunks:
            self._commit((("chunk_id", chunk.chunk_id) for chunk in chunks), chunks)

    def rebuild(self, chunks: Iterable[Chunk]) -> None:
        """Replace the whole index with these chunks in one commit, reading them as a stream."""
        self._commit((), chunks, clear=True)

    def delete_chunks(self, chunk_ids: Iterable[str]) -> None:
        """Remove chunks by id in one commit."""
        ids = list(chunk_ids)
        if ids:
            self._commit((("chunk_id", chunk_id) for chunk_id in ids), ())

    def count(self) -> int:
        """Return how many chunks are indexed."""
        self._index.reload()
        return self._index.searcher().num_docs

    def chunk_ids(self) -> set[str]:
        """Return the ids of every indexed chunk."""
        self._index.reload()
        searcher = self._index.searcher()
        total = searcher.num_docs
        if total == 0:
            return set()
        found = searcher.search(tantivy.Query.all_query(), total)
        return {searcher.doc(address)["chunk_id"][0] for _, address in found.hits}

    def present(self, chunk_ids: Sequence[str]) -> set[str]:
        """Return which of these chunk ids are indexed (a few hundred at a time, as term queries)."""
        self._index.reload()
        searcher = self._index.searcher()
        found: set[str] = set()
        for first in range(0, len(chunk_ids), _PRESENT_BATCH):
            ids = chunk_ids[first : first + _PRESENT_BATCH]
            query = tantivy.Query.term_set_query(self._schema, "chunk_id", list(ids))
            hits = searcher.search(query, len(ids)).hits
            found.update(searcher.doc(address)["chunk_id"][0] for _, address in hits)
        return found

    def doc_freq(self, token: str) -> int:
        """Return how many chunks contain the lexical token."""
        return self._index.searcher().doc_freq("body", token)

    def search(
        self, tokens: Sequence[str], k: int, where: SearchFilter | None = None, names: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """Return up to k (chunk_id, BM25 score) pairs for lexical tokens and name skeletons, best first."""
        terms = [("body", token) for token in dict.fromkeys(tokens)]
        terms += [("names", key) for key in dict.fromkeys(names)]
        if not terms or k <= 0:
            return []
        self._index.reload()
        searcher = self._index.searcher()
        text = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, field, value)) for field, value in terms]
        )
        query = self._filtered(text, where)
        found = searcher.search(query, k)
        return [(searcher.doc(address)["chunk_id"][0], float(score)) for score, address in found.hits]

    def _filtered(self, text: tantivy.Query, where: SearchFilter | None) -> tantivy.Query:
        if where is None or where.is_empty:
            return text
        clauses = [(tantivy.Occur.Must, text)]
        if where.outlets:
            clauses.append(
                (tantivy.Occur.Must, tantivy.Query.term_set_query(self._schema, "source", list(where.outlets)))
            )
        low, high = where.bounds()
        if low or high:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        self._schema, "date_key", tantivy.FieldType.Integer, max(low, 1), high or 99_991_231
                    ),
                )
            )
        return tantivy.Query.boolean_query(clauses)
