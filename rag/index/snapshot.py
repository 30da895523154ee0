"""The keyword index of a Chroma server's collection, persisted on this machine and caught up with the server.

A server holds vectors and texts, but keyword search runs here, in Tantivy. Rebuilding that index from the
server's passages costs about a millisecond per passage (minutes at 100k), so it is kept on disk under the user's
cache folder, one snapshot per server and collection (a collection made anew after a reset gets a new one).

Catching up fetches only what is new: every chunk carries the time it was written (`WRITTEN_AT`), and the
snapshot remembers when it was last caught up, so the chunks written since then (less `MARGIN_SECONDS`, for
writers whose clocks run behind) are listed, and those it lacks are fetched and indexed. Deletions, and chunks
written before the time was recorded, show as a count that differs from the server's; only then are all ids
compared (chunk ids are content hashes, so an id present on both sides is the same text).

Processes of this machine share a snapshot: every commit holds a lock file beside it, and each reader sees the
others' commits. Writers elsewhere are caught up with at open and, as the index is used, every `SYNC_SECONDS`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from rag.index.chroma import ChunkStore
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged, write_atomically

SYNC_SECONDS = 10.0  # how stale the keyword side may get, at most, behind other machines' writes
MARGIN_SECONDS = 600.0  # how far behind this machine's clock a writer's may run without its chunks being missed
LOCK_NAME = "rag-snapshot.lock"
_APP = "arabic-news-rag"
ROOT_ENV = "RAG_KEYWORD_SNAPSHOTS"  # the setting `keyword_snapshots`, read here too for indexes opened without one


def default_snapshot_root() -> Path:
    """Return where snapshots live when none is named: `$RAG_KEYWORD_SNAPSHOTS`, else the per-user cache folder."""
    override = os.environ.get(ROOT_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(_APP)) / "keyword-snapshots"


def snapshot_folder(root: Path, url: str, collection_id: str) -> Path:
    """Return the folder of the snapshot of one server's collection (a digest: URLs make poor folder names)."""
    digest = hashlib.sha256(f"{url.rstrip('/')}\n{collection_id}".encode()).hexdigest()[:24]
    return root / digest


def catch_up(chunks: ChunkStore, keyword: KeywordIndex) -> int:
    """Make the keyword index hold exactly the store's chunks, by ids; return how many entries changed.

    The store is the record: a chunk it holds was fully embedded and stored. When the keyword side lacks
    most of them (new, lost), it is rebuilt from a stream of the store's chunks instead.
    """
    stored = chunks.chunk_ids()
    indexed = keyword.chunk_ids()
    extra = indexed - stored
    missing = stored - indexed
    if len(missing) > len(stored) // 2:
        keyword.rebuild(chunks.chunks())
    else:
        keyword.delete_chunks(extra)
        keyword.add(chunks.get_chunks(sorted(missing)))
    return len(extra) + len(missing)


@dataclass
class SnapshotState:
    """When the snapshot was last caught up (this machine's clock), kept in a file beside it; None: never."""

    path: Path | None
    synced_at: float | None = None

    @classmethod
    def read(cls, path: Path | None) -> SnapshotState:
        """Return the state saved at `path` (a state that cannot be read counts as never caught up)."""
        if path is None:
            return cls(None)
        try:
            return cls(path, float(json.loads(path.read_text(encoding="utf-8"))["synced_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self, synced_at: float) -> None:
        """Record a catch-up that started at `synced_at`."""
        self.synced_at = synced_at
        if self.path is not None:
            with contextlib.suppress(OSError):  # unrecorded, the next open lists every id instead
                write_atomically(self.path, json.dumps({"synced_at": synced_at}))


def refresh(chunks: ChunkStore, keyword: KeywordIndex, state: SnapshotState) -> int:
    """Bring the keyword index up to the server: new chunks by time written, the rest by ids; return entries changed."""
    started = time.time()
    if state.synced_at is None:
        changed = catch_up(chunks, keyword)
    else:
        recent = chunks.written_since(state.synced_at - MARGIN_SECONDS)
        missing = sorted(set(recent) - keyword.present(recent))
        keyword.add(chunks.get_chunks(missing))
        changed = len(missing)
        if chunks.count() != keyword.count():  # deletions, or chunks written without a time
            changed += catch_up(chunks, keyword)
    state.save(started)
    return changed


def open_snapshot(chunks: ChunkStore, root: Path, url: str) -> tuple[KeywordIndex, SnapshotState]:
    """Return the collection's keyword snapshot under `root` and its state, caught up with the server now.

    A snapshot that cannot be opened is rebuilt; a folder that cannot be written at all leaves this
    process with an index in memory, built from the server as before snapshots existed.
    """
    folder = snapshot_folder(root, url, chunks.collection_id)
    try:
        keyword = _opened(folder)
        state = SnapshotState.read(folder.parent / f"{folder.name}.json")
    except OSError:
        keyword, state = KeywordIndex(None), SnapshotState(None)
    refresh(chunks, keyword, state)
    return keyword, state


def _opened(folder: Path) -> KeywordIndex:
    try:
        return KeywordIndex(folder, lock_file=folder.parent / f"{folder.name}.{LOCK_NAME}")
    except KeywordIndexDamaged:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        return KeywordIndex(folder, lock_file=folder.parent / f"{folder.name}.{LOCK_NAME}")


class ServerSync:
    """Decides when a server-backed keyword index is due a catch-up, and runs one at a time."""

    def __init__(self, state: SnapshotState, seconds: float = SYNC_SECONDS) -> None:
        self.state = state
        self.seconds = seconds
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def maybe_refresh(self, chunks: ChunkStore, keyword: KeywordIndex) -> int:
        """Catch up if `seconds` have passed since the last time; return entries changed (0 while another runs)."""
        if time.monotonic() - self._checked < self.seconds or not self._lock.acquire(blocking=False):
            return 0
        try:
            self._checked = time.monotonic()
            return refresh(chunks, keyword, self.state)
        finally:
            self._lock.release()
