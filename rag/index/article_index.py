"""The article index: the Chroma store and the keyword index, opened together and kept in step.

On disk, every write to both halves happens under a lock file and behind a "write
pending" marker written atomically first and removed last. A process killed mid-write
leaves the marker behind, and the next `open` repairs the keyword index from Chroma;
a marker whose lock is still held belongs to a write in progress and is left alone.
The keyword index is derived from Chroma, so one that cannot be opened or written is
rebuilt from it, never reported to the user as something to reset.

A reset (and a rebuilt keyword index) writes a new "generation" file last; an index
open in another process (the chat page) sees it change and reopens both halves, so it
never keeps reading a collection that no longer exists.
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Unpack

from rag.errors import BackendError, ReadOnlyStoreError, StoreCorruptedError
from rag.index.chroma import ChunkStore, StoreOpening
from rag.index.chroma_client import forget_client, make_client
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged
from rag.index.snapshot import SYNC_SECONDS, ServerSync, catch_up, default_snapshot_root, open_snapshot
from rag.index.store_folder import REMOVED_PREFIX, keyword_index, remove_chroma_files, remove_folder
from rag.index.stories import Sketch, StoryGroups, sketch_chunks
from rag.index.story_labels import load_stories, nearby_stories, regroup
from rag.index.write_guard import WriteGuard, disk_full
from rag.schema import Chunk

KEYWORD_FOLDER = "keyword"
# New articles grouped by their nearby stories before every stored sketch is read instead: at 20,000 articles
# one costs about 40 ms that way and reading them all about 5 s, so a long ingest pays at most twice the least.
NEARBY_ARTICLES = 100


class ArticleIndex:
    """Every write goes to both stores; `reconcile` repairs them after an interrupted write."""

    def __init__(
        self,
        chunks: ChunkStore,
        keyword: KeywordIndex,
        guard: WriteGuard | None = None,
        reopen: Callable[[], tuple[ChunkStore, KeywordIndex]] | None = None,
        sync: ServerSync | None = None,
    ) -> None:
        """Join the two halves; `reopen` opens them again after another process resets the store.

        `sync` (a Chroma server) catches the keyword half up with what other machines wrote, as it is used.
        """
        self._chunks = chunks
        self._keyword = keyword
        self.guard = guard or WriteGuard(None)
        self._reopen = reopen
        self._generation = self.guard.generation()
        self._reopen_lock = threading.Lock()
        self._sync = sync
        self._stories: StoryGroups | None = None  # loaded from the stored sketches when a write needs them
        self._nearby_left = NEARBY_ARTICLES

    @property
    def chunks(self) -> ChunkStore:
        """Return the Chroma half, reopened first if the store was reset since it was opened."""
        self._follow_reset()
        return self._chunks

    @property
    def keyword(self) -> KeywordIndex:
        """Return the keyword half, reopened first if the store was reset since it was opened (or caught up)."""
        self._follow_reset()
        if self._sync is not None:
            self._sync.maybe_refresh(self._chunks, self._keyword)
        return self._keyword

    def _follow_reset(self) -> None:
        if self._reopen is None or self.guard.generation() == self._generation:
            return
        with self._reopen_lock:
            token = self.guard.generation()
            if token != self._generation:
                self._chunks, self._keyword = self._reopen()  # StoreMissingError until the new collection exists
                self._generation = token
                self._stories = None

    @classmethod
    def open(
        cls, *, snapshots: Path | None = None, sync_seconds: float = SYNC_SECONDS, **opening: Unpack[StoreOpening]
    ) -> ArticleIndex:
        """Return the index at `path` or on the Chroma server at `url` (see `StoreOpening`, `ChunkStore.open`).

        With a server the keyword index is a snapshot kept on this machine under `snapshots`
        (default: the user's cache folder), caught up with the collection here and, as it is
        used, every `sync_seconds` (see `rag.index.snapshot`), so a large shared collection opens in seconds.
        """
        path, url = opening.get("path"), opening.get("url")
        if url:
            chunks = ChunkStore.open(**opening)
            keyword, state = open_snapshot(chunks, snapshots or default_snapshot_root(), url)
            return cls(chunks, keyword, sync=ServerSync(state, sync_seconds))
        assert path is not None
        if (path / "chroma.sqlite3").exists():
            from rag.index.readonly import is_writable, open_read_only, read_only_message

            if not is_writable(path):  # Chroma writes whenever it opens a database: read a copy instead
                if opening.get("create"):
                    raise ReadOnlyStoreError(read_only_message(path))
                return open_read_only(path, name=opening.get("name", "articles"), model_id=opening.get("model_id"))
        chunks = ChunkStore.open(**opening)
        guard = WriteGuard(path)

        def reopen() -> tuple[ChunkStore, KeywordIndex]:
            store = ChunkStore.open(**{**opening, "create": False})
            return store, keyword_index(store, path / KEYWORD_FOLDER, guard)

        index = cls(chunks, keyword_index(chunks, path / KEYWORD_FOLDER, guard), guard, reopen)
        index.repair()
        return index

    @staticmethod
    def reset(*, path: Path | None = None, url: str | None = None, name: str = "articles") -> None:
        """Delete the collection and its keyword index, so the next ingest starts empty.

        A store folder that Chroma can no longer open is emptied of Chroma's files instead.
        """
        if url:
            client = make_client(url=url)
            if name in {collection.name for collection in client.list_collections()}:
                client.delete_collection(name)
            return
        assert path is not None
        if not path.exists():
            return
        from rag.index.readonly import is_writable, read_only_message

        if not is_writable(path):
            raise ReadOnlyStoreError(read_only_message(path))
        guard = WriteGuard(path)
        with guard.writing():  # never under a write in progress: its half-written batch would outlive the reset
            try:
                client = make_client(path)
                if name in {collection.name for collection in client.list_collections()}:
                    client.delete_collection(name)
            except (BackendError, StoreCorruptedError):
                remove_chroma_files(path)
                forget_client(path)
            # Chroma first: a kill after this point leaves extra keyword entries, which `open` removes.
            remove_folder(path / KEYWORD_FOLDER)
            for leftover in path.glob(f"{REMOVED_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)
            guard.next_generation()
            guard.clear()

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Store chunks with their vectors in Chroma, grouped into stories, then index their keywords.

        An article whose first chunk is among `chunks` is sketched from the chunks given
        (the whole article, as the ingest writes it) and joins the stories it copies; the
        other articles of those stories get the joined story's id in the same write.
        """
        if not chunks:
            return
        articles: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            articles.setdefault(chunk.article_id, []).append(chunk)
        sketches = {
            article_id: sketch_chunks(parts)
            for article_id, parts in articles.items()
            if any(chunk.index == 0 for chunk in parts)
        }
        with self.guard.writing(), self._grouping(sketches) as stories:
            keyword = self.keyword  # taken first: a catch-up between the two writes would index these chunks twice
            changed: dict[str, str] = {}
            for article_id, sketch in sketches.items():
                changed |= stories.add(article_id, sketch)
            labelled = [dataclasses.replace(chunk, story=stories.story(chunk.article_id)) for chunk in chunks]
            self.chunks.add(labelled, vectors, {article_id: sketch.encode() for article_id, sketch in sketches.items()})
            # Other stored articles whose story was joined: written after the new chunks, so a kill in
            # between leaves labels a repair recomputes (the marker says so), never a lost article.
            self.chunks.set_stories(
                {article_id: story for article_id, story in changed.items() if article_id not in articles}
            )
            try:
                keyword.add(labelled)
            except KeywordIndexDamaged as error:
                if disk_full(self.guard.folder, error):
                    raise  # a rebuild needs room too; the marker has the next open repair it instead
                self.rebuild_keyword()

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks from the keyword index, then from Chroma; stories that lose an article are regrouped."""
        if not chunk_ids:
            return
        with self.guard.writing(), self._grouping() as stories:
            touched = {chunk.article_id for chunk in self.chunks.get_chunks(list(chunk_ids))}
            try:
                self.keyword.delete_chunks(chunk_ids)
            except KeywordIndexDamaged as error:
                if disk_full(self.guard.folder, error):
                    raise
                self.chunks.delete_chunks(chunk_ids)
                self.rebuild_keyword()
            else:
                self.chunks.delete_chunks(chunk_ids)
            gone = [article_id for article_id in sorted(touched) if not self.chunks.has_article(article_id)]
            self.chunks.set_stories(stories.remove(gone))

    @contextmanager
    def _grouping(self, sketches: Mapping[str, Sketch] | None = None) -> Iterator[StoryGroups]:
        """Yield the story groups for one write; a write that fails has them reloaded from the store next time.

        A write of a few new articles (their `sketches`) into a store with band keys is grouped among the
        stories near them (`nearby_stories`), not kept; once this index has grouped NEARBY_ARTICLES that way,
        every stored sketch is read instead and kept for the writes that follow, as in a long ingest.
        """
        if (
            self._stories is None
            and sketches is not None
            and len(sketches) <= self._nearby_left
            and self.chunks.has_story_bands
        ):
            self._nearby_left -= len(sketches)
            yield nearby_stories(self.chunks, sketches)
            return
        if self._stories is None:
            self._stories = load_stories(self.chunks)
        try:
            yield self._stories
        except BaseException:
            self._stories = None
            raise

    def forget_stories(self) -> None:
        """Read the story groups from the store before the next write (another process may have written)."""
        self._stories = None
        self._nearby_left = NEARBY_ARTICLES

    def regroup(self) -> int:
        """Recompute every article's story from the stored sketches and record what differs; return how many."""
        self._stories, changed = regroup(self.chunks)
        return changed

    def set_article_files(self, article_id: str, files: Sequence[str]) -> None:
        """Record which files hold an article (Chroma only: the keyword index does not keep files)."""
        with self.guard.writing():
            self.chunks.set_article_files(article_id, files)

    def rebuild_keyword(self) -> None:
        """Replace a damaged keyword index with one built afresh from Chroma (called holding the write lock)."""
        folder = self._keyword.path
        if folder is None or self._sync is not None:  # in memory, or a server's snapshot: rebuilt where it is
            self._keyword.rebuild(self._chunks.chunks())
            return
        remove_folder(folder)
        self._keyword = KeywordIndex(folder)
        self._keyword.rebuild(self._chunks.chunks())
        self._generation = self.guard.next_generation()  # readers elsewhere still hold the removed folder

    def repair(self) -> int:
        """Reconcile if the last write was interrupted or the halves differ in size; return entries changed.

        Does nothing while another process is writing: its marker is not a leftover.
        """
        with self.guard.idle() as taken:
            if not taken:
                return 0
            if not (self.guard.interrupted() or self.keyword.count() != self.chunks.count()):
                return 0
            try:
                changed = self.reconcile() + self.regroup()
            except (OSError, KeywordIndexDamaged) as error:
                if disk_full(self.guard.folder, error):
                    return 0  # reading must still work on a full disk; the marker stays for a later repair
                raise
            self.guard.clear()
            return changed

    def reconcile(self) -> int:
        """Make the keyword index hold exactly Chroma's chunks; return how many entries changed (see `catch_up`)."""
        return catch_up(self.chunks, self.keyword)

    def count(self) -> int:
        """Return how many chunks are stored."""
        return self.chunks.count()
