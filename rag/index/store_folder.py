"""A store folder's own files: its keyword index opened (or rebuilt from Chroma), and folders removed safely."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rag.index.chroma import ChunkStore
from rag.index.chroma_client import CHROMA_SEGMENT
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged
from rag.index.write_guard import WriteGuard

# A folder being removed is first renamed with this prefix; leftovers of a killed removal are cleared later.
REMOVED_PREFIX = ".removed-"


def keyword_index(chunks: ChunkStore, folder: Path, guard: WriteGuard) -> KeywordIndex:
    """Return the keyword index in `folder`, rebuilt from Chroma first if it is damaged.

    When another process is writing, or the store may only be read, a damaged folder is
    left as it is and this process searches an index built in memory instead.
    """
    try:
        return KeywordIndex(folder)
    except KeywordIndexDamaged:
        pass
    with guard.idle() as taken:
        if taken:
            remove_folder(folder)
            keyword = KeywordIndex(folder)
        else:
            keyword = KeywordIndex(None)
        keyword.rebuild(chunks.chunks())
        if taken:
            guard.next_generation()  # other processes still hold the removed folder
        return keyword


def remove_folder(folder: Path) -> None:
    """Delete a folder by first renaming it aside, so a kill never leaves a half-deleted one in place."""
    if not folder.exists():
        return
    aside = folder.with_name(f"{REMOVED_PREFIX}{folder.name}-{os.getpid()}")
    shutil.rmtree(aside, ignore_errors=True)
    folder.rename(aside)
    shutil.rmtree(aside, ignore_errors=True)


def remove_chroma_files(path: Path) -> None:
    """Delete the files of a Chroma store that Chroma itself cannot open (and nothing else in the folder)."""
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal", "chroma.sqlite3-shm", "chroma.sqlite3-journal"):
        (path / name).unlink(missing_ok=True)
    for child in path.iterdir():
        if child.is_dir() and CHROMA_SEGMENT.match(child.name):
            shutil.rmtree(child, ignore_errors=True)
