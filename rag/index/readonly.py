"""Stores this process may read but not write: searched through a private copy, writes refused in one sentence.

Chroma writes to its database whenever it opens one, so a store on a read-only mount
(or in a folder without write permission) cannot be opened where it lies. It is copied
to a temporary folder, which is opened, repaired there if a write was interrupted, and
deleted when the process ends; the store itself is never touched.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rag.errors import ReadOnlyStoreError
from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
from rag.index.chroma import ChunkStore
from rag.index.keyword import KeywordIndex
from rag.index.store_folder import keyword_index
from rag.index.write_guard import LOCK_FILE, WriteGuard
from rag.schema import Chunk

_NOT_COPIED = ("uploads", LOCK_FILE)  # uploaded originals are not part of the index


def is_writable(path: Path) -> bool:
    """Return whether this process may write the store at `path` (false on a read-only mount, even for root)."""
    database = path / "chroma.sqlite3"
    return os.access(path, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))


def read_only_message(path: Path) -> str:
    """Return the sentence that says a store can be searched but not written."""
    return (
        f"The store at {path} is read-only (a read-only mount or no write permission), so nothing can be "
        "added to it or removed from it; search, ask, chat and stats still work."
    )


class ReadOnlyIndex(ArticleIndex):
    """An article index over a private copy of a store that may not be written; every write is refused."""

    def __init__(self, chunks: ChunkStore, keyword: KeywordIndex, guard: WriteGuard, source: Path) -> None:
        super().__init__(chunks, keyword, guard)
        self.source = source

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Refuse: the store is read-only."""
        raise ReadOnlyStoreError(read_only_message(self.source))

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Refuse: the store is read-only."""
        raise ReadOnlyStoreError(read_only_message(self.source))

    def set_article_files(self, article_id: str, files: Sequence[str]) -> None:
        """Refuse: the store is read-only."""
        raise ReadOnlyStoreError(read_only_message(self.source))


def open_read_only(path: Path, *, name: str = "articles", model_id: str | None = None) -> ReadOnlyIndex:
    """Return the store at `path` opened from a private copy (see the module's docstring)."""
    copy = Path(tempfile.mkdtemp(prefix="rag-read-only-"))
    _remove_at_exit(copy)
    store = copy / "store"
    # Files this user may not read (Tantivy makes some owner-only) are left out: the keyword index is rebuilt.
    with contextlib.suppress(shutil.Error):
        shutil.copytree(path, store, ignore=lambda _, names: [name for name in names if name in _NOT_COPIED])
    chunks = ChunkStore.open(path=store, name=name, model_id=model_id, location=str(path))
    guard = WriteGuard(store)
    index = ReadOnlyIndex(chunks, keyword_index(chunks, store / KEYWORD_FOLDER, guard), guard, path)
    index.repair()  # in the copy: an interrupted write is mended for this process's reading
    return index


def _remove_at_exit(folder: Path) -> None:
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
