"""The keyword index of a Chroma server's collection, persisted on this machine and caught up with the server.

A server holds vectors and texts, but keyword search runs here, in Tantivy. Rebuilding that index from the
server's passages costs about a millisecond per passage (minutes at 100k), so it is kept on disk under the user's
cache folder, one snapshot per server and collection (a collection made anew after a reset gets a new one), and
brought up to date by ids: the chunks the server holds that the snapshot lacks are fetched and indexed, the ones
it no longer holds are removed. Chunk ids are content hashes, so an id present on both sides is the same text.

Processes of this machine share a snapshot: every commit holds a lock file beside it, and each reader sees the
others' commits. Processes elsewhere (their own snapshots) are caught up with every `SYNC_SECONDS` as the index is
used, whenever the server's count differs from the snapshot's, and fully at each open.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import platformdirs

from rag.index.chroma import ChunkStore
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged

SYNC_SECONDS = 10.0  # how stale the keyword side may get, at most, behind other machines' writes
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


def open_snapshot(chunks: ChunkStore, root: Path, url: str) -> KeywordIndex:
    """Return the collection's keyword snapshot under `root`, caught up with the server now.

    A snapshot that cannot be opened is rebuilt; a folder that cannot be written at all leaves this
    process with an index in memory, built from the server as before snapshots existed.
    """
    folder = snapshot_folder(root, url, chunks.collection_id)
    try:
        keyword = _opened(folder)
    except OSError:
        keyword = KeywordIndex(None)
    catch_up(chunks, keyword)
    return keyword


def _opened(folder: Path) -> KeywordIndex:
    try:
        return KeywordIndex(folder, lock_file=folder.parent / f"{folder.name}.{LOCK_NAME}")
    except KeywordIndexDamaged:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        return KeywordIndex(folder, lock_file=folder.parent / f"{folder.name}.{LOCK_NAME}")


class ServerSync:
    """Decides when a server-backed keyword index is due a catch-up, and runs one at a time."""

    def __init__(self, seconds: float = SYNC_SECONDS) -> None:
        self.seconds = seconds
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def maybe_catch_up(self, chunks: ChunkStore, keyword: KeywordIndex) -> int:
        """Catch up if `seconds` have passed since the last check and the counts differ; return entries changed."""
        if time.monotonic() - self._checked < self.seconds or not self._lock.acquire(blocking=False):
            return 0
        try:
            self._checked = time.monotonic()
            if chunks.count() == keyword.count():
                return 0
            return catch_up(chunks, keyword)
        finally:
            self._lock.release()
