"""Chunks and their vectors in a Chroma collection, embedded on disk or on a Chroma server."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypedDict, Unpack

import chromadb
import chromadb.errors

from rag.errors import BackendError, ModelMismatchError, RagError, StoreMissingError
from rag.index.chroma_client import ID_PAGE, PAGE, backend_calls, emptied, first_line, make_client, unreadable_store
from rag.index.chroma_files import ArticleFileRecords
from rag.index.chroma_records import chunk_from_record, chunk_metadata
from rag.index.chroma_stories import BANDS_KEY, StoryRecords, sketch_metadata
from rag.index.filters import OUTLET_KEY, SearchFilter
from rag.schema import Chunk, Hit

log = logging.getLogger(__name__)

# Bumped whenever what is stored per chunk changes, so old stores are rebuilt, not misread.
INDEX_FORMAT = 2
# How many candidates the HNSW graph search keeps while it walks (Chroma's ef_search, 100 by default). A question
# asks for the 50 nearest chunks; on news-dev (2,343 chunks, 160 questions) 100 missed 1.7 % of the true 50 nearest
# and 400 missed 2 of 8,000; the walk costs a few milliseconds more.
SEARCH_EF = 400
# When a chunk was last written (seconds since the epoch, by the writer's clock), so that processes keeping
# their own keyword index of a shared collection can fetch just what is new. Chunks written before this
# field existed lack it, which readers notice by count (see `rag.index.snapshot`).
WRITTEN_AT = "written_at"


class StoreOpening(TypedDict, total=False):
    """Which collection to open and how, for `ChunkStore.open` and `ArticleIndex.open` alike.

    `path` is the folder of an embedded store, `url` a Chroma server's address (one of the two);
    `name` the collection (default "articles"); `model_id` the embedding model the caller will
    search it with (checked against the one that built it; None skips the check); `create`
    whether a missing collection is made.
    """

    path: Path | None
    url: str | None
    name: str
    model_id: str | None
    create: bool


class ChunkStore(ArticleFileRecords, StoryRecords):
    """A Chroma collection of chunks that remembers which embedding model built it."""

    def __init__(self, client: chromadb.ClientAPI, name: str, location: str, *, remote: bool = False) -> None:
        self.client = client
        self.name = name
        self.location = location
        self.remote = remote
        self._collection = self._with_search_settings(client.get_collection(name))

    @staticmethod
    def _with_search_settings(collection: Any) -> Any:
        """Return the collection set to search with SEARCH_EF candidates; a store made before that setting (or by
        another program) is set now, once: the setting may change after a collection is made."""
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        if int(hnsw.get("ef_search") or 0) < SEARCH_EF:
            try:
                collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
            except Exception as error:  # a server that refuses the change still searches as it did
                log.warning("The store's search settings stay as they were: %s", first_line(error))
        return collection

    def reattach(self) -> None:
        """Open the collection of this name again, after it was deleted and made anew (by a reset elsewhere).

        Raises StoreMissingError while there is none, and ModelMismatchError if the new
        one was built by another embedding model.
        """
        model_id = self.model_id
        try:
            collection = self.client.get_collection(self.name)
        except chromadb.errors.NotFoundError:
            raise StoreMissingError(
                f"The store at {self.location} was emptied (by a reset?) and holds no collection yet; "
                "add articles with: rag ingest PATH"
            ) from None
        self._collection = self._with_search_settings(collection)
        self.check(model_id)

    @classmethod
    def open(cls, *, location: str | None = None, **opening: Unpack[StoreOpening]) -> ChunkStore:
        """Return the store at `path` (or on the server at `url`), creating it when asked (see `StoreOpening`).

        `location` is how messages name the store, when it is opened from a copy.

        Raises StoreMissingError when there is none and `create` is false,
        ModelMismatchError when `model_id` differs from the model that built it or the
        store is in another index format, and BackendError when it cannot be reached.
        """
        path, url = opening.get("path"), opening.get("url")
        name, model_id, create = opening.get("name", "articles"), opening.get("model_id"), opening.get("create", False)
        location = location or url or str(path)
        missing = f"There is no store at {location} yet; add articles with: rag ingest PATH" + (
            f" --chroma-url {url}" if url else ""
        )
        if not url and not create and not (Path(path or ".") / "chroma.sqlite3").exists():
            raise StoreMissingError(missing)
        if not url and emptied(Path(path or ".")):
            problem = ValueError("file is not a database: empty, though its vectors are there")
            raise unreadable_store(Path(location), problem)
        client = make_client(path, url)
        try:
            existing = {collection.name for collection in client.list_collections()}
            if name not in existing:
                if not create:
                    raise StoreMissingError(missing)
                client.get_or_create_collection(
                    name,
                    metadata={"embedding_model": model_id or "", "index_format": INDEX_FORMAT, BANDS_KEY: 1},
                    configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
                    embedding_function=None,
                )
            store = cls(client, name, location, remote=bool(url))
        except RagError:
            raise
        except Exception as error:
            if path is not None and not url:
                raise unreadable_store(Path(location), error) from error
            raise BackendError(f"The Chroma store at {location} cannot be read ({first_line(error)}).") from error
        store.check(model_id)
        return store

    @property
    def model_id(self) -> str:
        """Return the id of the embedding model that built this store."""
        return str((self._collection.metadata or {}).get("embedding_model", ""))

    @property
    def collection_id(self) -> str:
        """Return the collection's id: a collection deleted and made again under the same name gets a new one."""
        return str(self._collection.id)

    @property
    def index_format(self) -> int:
        """Return the stored-chunk format this store was written in."""
        return int((self._collection.metadata or {}).get("index_format", 0))

    @property
    def rebuild_command(self) -> str:
        """Return the command that empties this store and ingests again."""
        where = f"--chroma-url {self.location}" if self.remote else f"--store {self.location}"
        return f"rag ingest PATH {where} --reset"

    def check(self, model_id: str | None) -> None:
        """Raise ModelMismatchError unless this store can be used with `model_id` and this version."""
        if self.index_format != INDEX_FORMAT:
            raise ModelMismatchError(
                f"The store at {self.location} is in index format {self.index_format}, "
                f"this version reads format {INDEX_FORMAT}; rebuild it with: {self.rebuild_command}"
            )
        if model_id and self.model_id and self.model_id != model_id:
            raise ModelMismatchError(
                f"The store at {self.location} was built with the embedding model {self.model_id}, "
                f"not {model_id}; use that model or rebuild it with: {self.rebuild_command}"
            )

    @backend_calls
    def count(self) -> int:
        """Return how many chunks are stored."""
        return self._collection.count()

    @backend_calls
    def add(
        self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], sketches: dict[str, str] | None = None
    ) -> None:
        """Store chunks with their vectors in one write; ids are content hashes, so adding twice changes nothing.

        `sketches` (article id -> encoded story sketch) go with each article's first chunk.
        """
        if not chunks:
            return
        written = {WRITTEN_AT: time.time()}
        metadatas = [chunk_metadata(chunk) | written for chunk in chunks]
        for chunk, metadata in zip(chunks, metadatas, strict=True):
            if chunk.index == 0 and sketches and chunk.article_id in sketches:
                metadata |= sketch_metadata(sketches[chunk.article_id])
        self._collection.upsert(
            ids=[chunk.chunk_id for chunk in chunks],
            embeddings=[list(map(float, vector)) for vector in vectors],
            documents=[chunk.text for chunk in chunks],
            metadatas=metadatas,
        )

    @backend_calls
    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks by id (missing ids are ignored)."""
        for first in range(0, len(chunk_ids), PAGE):
            self._collection.delete(ids=list(chunk_ids[first : first + PAGE]))

    @backend_calls
    def chunk_ids_where(self, where: dict[str, Any]) -> list[str]:
        """Return the ids of the chunks whose metadata matches `where`."""
        return self._collection.get(where=where, include=[])["ids"]

    @backend_calls
    def existing_ids(self, chunk_ids: Sequence[str]) -> list[str]:
        """Return which of these chunk ids are stored."""
        found: list[str] = []
        for first in range(0, len(chunk_ids), PAGE):
            found.extend(self._collection.get(ids=list(chunk_ids[first : first + PAGE]), include=[])["ids"])
        return found

    def chunk_ids(self) -> set[str]:
        """Return the id of every stored chunk (ids only, so it is cheap even for a large store)."""
        return set(self._ids())

    def written_since(self, since: float) -> list[str]:
        """Return the ids of the chunks written at or after `since` (seconds since the epoch)."""
        return self._ids({WRITTEN_AT: {"$gte": since}})

    def _ids(self, where: dict[str, Any] | None = None) -> list[str]:
        """Return the ids of the matching chunks, in pages of ID_PAGE: every request costs about the same
        whatever it returns (60,000 ids in 2,000-id pages took 2.5 s embedded, in one request 0.17 s),
        and ids alone are small.
        """
        found: list[str] = []
        offset = 0
        while page := self._page([], offset, where, limit=ID_PAGE):
            found.extend(page["ids"])
            offset += len(page["ids"])
        return found

    def article_ids(self) -> set[str]:
        """Return the ids of every stored article."""
        return {str(meta["article_id"]) for meta in self._first_chunks()}

    @backend_calls
    def has_article(self, article_id: str) -> bool:
        """Return whether any chunk of the article is stored."""
        return bool(self._collection.get(where={"article_id": article_id}, limit=1, include=[])["ids"])

    def chunks(self) -> Iterator[Chunk]:
        """Yield every stored chunk (page by page, so memory stays bounded)."""
        for chunk_id, text, metadata in self._records(include_documents=True):
            yield chunk_from_record(chunk_id, text, metadata)

    @backend_calls
    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """Return the stored chunks with these ids, in the given order (missing ids are skipped)."""
        by_id: dict[str, Chunk] = {}
        for first in range(0, len(chunk_ids), PAGE):
            found = self._collection.get(ids=list(chunk_ids[first : first + PAGE]), include=["documents", "metadatas"])
            for chunk_id, text, meta in zip(found["ids"], found["documents"], found["metadatas"], strict=True):
                by_id[chunk_id] = chunk_from_record(chunk_id, text, meta)
        return [by_id[chunk_id] for chunk_id in chunk_ids if chunk_id in by_id]

    def _records(self, *, include_documents: bool) -> Iterator[tuple[str, str, dict[str, Any]]]:
        include = ["documents", "metadatas"] if include_documents else ["metadatas"]
        offset = 0
        while page := self._page(include, offset):
            documents = page["documents"] if include_documents else [""] * len(page["ids"])
            yield from zip(page["ids"], documents, page["metadatas"], strict=True)
            offset += len(page["ids"])

    def _first_chunks(self, where: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Yield the metadata of each matching article's first chunk: one record per article, not per chunk."""
        first = {"index": 0}
        clause = {"$and": [where, first]} if where else first
        offset = 0
        while page := self._page(["metadatas"], offset, clause):
            yield from page["metadatas"]
            offset += len(page["ids"])

    @backend_calls
    def _page(
        self, include: list[str], offset: int, where: dict[str, Any] | None = None, *, limit: int = PAGE
    ) -> dict[str, Any] | None:
        """Return one page of records from `offset`, or None past the end."""
        page = self._collection.get(include=include, where=where, limit=limit, offset=offset)  # type: ignore[arg-type]
        return dict(page) if page["ids"] else None

    @backend_calls
    def search(self, vector: Sequence[float], k: int, where: SearchFilter | None = None) -> list[Hit]:
        """Return the k chunks nearest to `vector` (cosine similarity as score), best first."""
        if k <= 0:
            return []
        found = self._collection.query(  # fewer than k stored, or matching the filter, gives fewer back
            query_embeddings=[list(map(float, vector))],
            n_results=k,
            where=where.to_where() if where else None,
            include=["documents", "metadatas", "distances"],
        )
        records = zip(found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0], strict=True)
        hits = []
        for rank, (chunk_id, text, metadata, distance) in enumerate(records, start=1):
            similarity = 1.0 - float(distance)  # the collection's space is cosine: distance = 1 - similarity
            chunk = chunk_from_record(chunk_id, text, metadata)
            hits.append(Hit(chunk=chunk, score=similarity, rank=rank, dense=similarity))
        return hits

    @backend_calls
    def vectors_lost(self, sample: int) -> tuple[int, int]:
        """Return (searched, not found): how many of the first `sample` stored vectors search fails to find."""
        found = self._collection.get(limit=sample, include=["embeddings"])
        lost = 0
        for vector in found["embeddings"]:
            nearest = self._collection.query(query_embeddings=[list(vector)], n_results=1, include=["distances"])
            lost += not nearest["distances"][0] or nearest["distances"][0][0] > 1e-3  # itself, or a twin
        return len(found["ids"]), lost

    def outlets(self) -> list[str]:
        """Return the outlets named by stored articles, sorted."""
        names = {str(meta[OUTLET_KEY]) for meta in self._first_chunks()}
        return sorted(name for name in names if name)
