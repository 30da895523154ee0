"""The lock and marker that make an interrupted write to a store folder detectable, and the store's generation.

Every write to both halves of a store folder happens under a lock file and behind a
"write pending" marker written atomically first and removed last; a reset writes a new
generation token last, so indexes open in other processes know to reopen.
"""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.errors import DiskFullError, RagError
from rag.index.keyword import KeywordIndexDamaged, write_atomically

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, the marker alone still finds interrupted writes
    fcntl = None  # type: ignore[assignment]

PENDING_FILE = "rag-write-pending"
LOCK_FILE = "rag-write.lock"
GENERATION_FILE = "rag-generation"


class WriteGuard:
    """The lock and marker that make an interrupted write to a store folder detectable."""

    def __init__(self, folder: Path | None) -> None:
        """Guard the store in `folder`; with None (a Chroma server) every method does nothing."""
        self.folder = folder

    @property
    def marker(self) -> Path | None:
        """Return the path of the "write pending" marker, if the store is on disk."""
        return self.folder / PENDING_FILE if self.folder else None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock and the marker for one write to both halves of the index."""
        if self.folder is None:
            yield
            return
        marker = self.folder / PENDING_FILE
        with self._locked(wait=True):
            # A marker already there is an earlier write's that failed or was killed: only a repair removes it.
            leftover = marker.exists()
            try:
                write_atomically(marker, f"{os.getpid()}\n")
                yield
            except Exception as error:
                told = isinstance(error, RagError) and not isinstance(error, KeywordIndexDamaged)
                if not told and disk_full(self.folder, error):
                    raise DiskFullError(
                        f"Disk full: the disk holding the store at {self.folder} has no room left, so this write "
                        "stopped; what was stored before it can still be searched (free some space and run the same "
                        "command again)."
                    ) from error
                raise
            if not leftover:
                marker.unlink(missing_ok=True)

    @contextmanager
    def idle(self) -> Iterator[bool]:
        """Hold the write lock if no other process holds it; yield whether it was taken."""
        if self.folder is None:
            yield False
            return
        with self._locked(wait=False) as taken:
            yield taken

    def interrupted(self) -> bool:
        """Return whether a write left its marker behind (only meaningful while holding the lock)."""
        return self.marker is not None and self.marker.exists()

    def clear(self) -> None:
        """Remove the marker after a repair or a reset."""
        if self.marker is not None:
            self.marker.unlink(missing_ok=True)

    def generation(self) -> str:
        """Return the token of the store's current generation ("" before the first reset)."""
        if self.folder is None:
            return ""
        try:
            return (self.folder / GENERATION_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def next_generation(self) -> str:
        """Start a new generation, telling open indexes in every process to reopen; return its token."""
        token = uuid.uuid4().hex
        if self.folder is not None:
            write_atomically(self.folder / GENERATION_FILE, token)
        return token

    @contextmanager
    def _locked(self, *, wait: bool) -> Iterator[bool]:
        assert self.folder is not None
        if fcntl is None:
            yield True
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            handle = (self.folder / LOCK_FILE).open("a")
        except PermissionError:
            if wait:
                raise
            yield False  # a store this user may only read: nothing to repair from here
            return
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


# Below this much free space a failed write is put down to a full disk: Chroma's own errors do not say so.
_NEARLY_FULL_BYTES = 64 * 1024 * 1024


def disk_full(folder: Path | None, error: BaseException) -> bool:
    """Return whether a failed write failed for want of disk space in `folder`."""
    text = f"{error} {error.__cause__ or ''}".lower()
    if getattr(error, "errno", None) == errno.ENOSPC or "no space left" in text or "disk is full" in text:
        return True
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False
