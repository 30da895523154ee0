"""Chunks and their vectors in a Chroma collection, embedded on disk or on a Chroma server."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import chromadb
from langchain_chroma import Chroma

from rag.errors import BackendError, ModelMismatchError, StoreMissingError
from rag.filters import SearchFilter, date_key
from rag.schema import Chunk, Hit

# Bumped whenever what is stored per chunk changes, so old stores are rebuilt, not misread.
INDEX_FORMAT = 1
_PAGE = 2000


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Return the Chroma metadata of a chunk (Chroma stores no None, so absent values are "")."""
    return {
        "article_id": chunk.article_id,
        "index": chunk.index,
        "title": chunk.title,
        "path": chunk.path,
        "file": source_file(chunk.path),
        "date": chunk.date or "",
        "date_key": date_key(chunk.date),
        "source": chunk.source or "",
        "start": chunk.start,
        "end": chunk.end,
    }


def source_file(path: str) -> str:
    """Return the file a chunk came from: its path without a record suffix such as `#3`."""
    return path.split("#", 1)[0]


def chunk_from_record(chunk_id: str, text: str, metadata: dict[str, Any]) -> Chunk:
    """Return the chunk stored under `chunk_id` from its document and metadata."""
    return Chunk(
        chunk_id=chunk_id,
        article_id=str(metadata["article_id"]),
        index=int(metadata["index"]),
        text=text,
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        title=str(metadata["title"]),
        path=str(metadata["path"]),
        date=str(metadata["date"]) or None,
        source=str(metadata["source"]) or None,
    )


def make_client(path: Path | None = None, url: str | None = None) -> chromadb.ClientAPI:
    """Return a Chroma client: a server's when `url` is given, else the embedded store at `path`."""
    if url:
        from urllib.parse import urlparse

        parsed = urlparse(url)
        if not parsed.hostname:
            raise BackendError(f"The Chroma URL {url!r} has no host; write it as http://host:port.")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
            )
        except Exception as error:  # chromadb raises plain ValueError/ConnectError here
            raise BackendError(f"The Chroma server at {url} cannot be reached ({error}); is it running?") from error
    assert path is not None
    return chromadb.PersistentClient(path=str(path))


class ChunkStore:
    """A Chroma collection of chunks that remembers which embedding model built it."""

    def __init__(self, client: chromadb.ClientAPI, name: str, location: str) -> None:
        self.client = client
        self.name = name
        self.location = location
        self._collection = client.get_collection(name)
        self.vectors = Chroma(client=client, collection_name=name, create_collection_if_not_exists=False)

    @classmethod
    def open(
        cls,
        *,
        path: Path | None = None,
        url: str | None = None,
        name: str = "articles",
        model_id: str | None = None,
        create: bool = False,
    ) -> ChunkStore:
        """Return the store at `path` (or on the server at `url`), creating it when asked.

        Raises StoreMissingError when there is none and `create` is false, and
        ModelMismatchError when `model_id` differs from the model that built it.
        """
        location = url or str(path)
        if not url and not create and not (Path(path or ".") / "chroma.sqlite3").exists():
            raise StoreMissingError(f"There is no store at {location} yet; add articles with: rag ingest PATH")
        client = make_client(path, url)
        try:
            existing = {collection.name for collection in client.list_collections()}
        except Exception as error:
            raise BackendError(f"The Chroma store at {location} cannot be read ({error}).") from error
        if name not in existing:
            if not create:
                raise StoreMissingError(f"There is no store at {location} yet; add articles with: rag ingest PATH")
            client.create_collection(
                name,
                metadata={"embedding_model": model_id or "", "index_format": INDEX_FORMAT},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        store = cls(client, name, location)
        store.check(model_id)
        return store

    @property
    def model_id(self) -> str:
        """Return the id of the embedding model that built this store."""
        return str((self._collection.metadata or {}).get("embedding_model", ""))

    @property
    def index_format(self) -> int:
        """Return the stored-chunk format this store was written in."""
        return int((self._collection.metadata or {}).get("index_format", 0))

    def check(self, model_id: str | None) -> None:
        """Raise ModelMismatchError unless this store can be used with `model_id` and this version."""
        rebuild = f"rebuild it with: rag ingest PATH --store {self.location} --reset"
        if self.index_format != INDEX_FORMAT:
            raise ModelMismatchError(
                f"The store at {self.location} is in index format {self.index_format}, "
                f"this version reads format {INDEX_FORMAT}; {rebuild}"
            )
        if model_id and self.model_id and self.model_id != model_id:
            raise ModelMismatchError(
                f"The store at {self.location} was built with the embedding model {self.model_id}, "
                f"not {model_id}; use that model or {rebuild}"
            )

    def count(self) -> int:
        """Return how many chunks are stored."""
        return self._collection.count()

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Store chunks with their vectors; ids are content hashes, so adding twice changes nothing."""
        if not chunks:
            return
        self._collection.upsert(
            ids=[chunk.chunk_id for chunk in chunks],
            embeddings=[list(map(float, vector)) for vector in vectors],
            documents=[chunk.text for chunk in chunks],
            metadatas=[chunk_metadata(chunk) for chunk in chunks],
        )

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks by id (missing ids are ignored)."""
        for first in range(0, len(chunk_ids), _PAGE):
            self._collection.delete(ids=list(chunk_ids[first : first + _PAGE]))

    def chunk_ids_where(self, where: dict[str, Any]) -> list[str]:
        """Return the ids of the chunks whose metadata matches `where`."""
        return self._collection.get(where=where, include=[])["ids"]

    def existing_ids(self, chunk_ids: Sequence[str]) -> list[str]:
        """Return which of these chunk ids are stored."""
        if not chunk_ids:
            return []
        found: list[str] = []
        for first in range(0, len(chunk_ids), _PAGE):
            found.extend(self._collection.get(ids=list(chunk_ids[first : first + _PAGE]), include=[])["ids"])
        return found

    def article_ids(self) -> set[str]:
        """Return the ids of every stored article."""
        return {str(meta["article_id"]) for _, _, meta in self._records(include_documents=False)}

    def has_article(self, article_id: str) -> bool:
        """Return whether any chunk of the article is stored."""
        return bool(self._collection.get(where={"article_id": article_id}, limit=1, include=[])["ids"])

    def articles_from_file(self, path: str) -> set[str]:
        """Return the ids of the articles stored from the file at `path`."""
        found = self._collection.get(where={"file": source_file(path)}, include=["metadatas"])
        return {str(meta["article_id"]) for meta in found["metadatas"] or []}

    def chunks(self) -> Iterator[Chunk]:
        """Yield every stored chunk (page by page, so memory stays bounded)."""
        for chunk_id, text, metadata in self._records(include_documents=True):
            yield chunk_from_record(chunk_id, text, metadata)

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """Return the stored chunks with these ids, in the given order (missing ids are skipped)."""
        if not chunk_ids:
            return []
        found = self._collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        by_id = {
            chunk_id: chunk_from_record(chunk_id, text, meta)
            for chunk_id, text, meta in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        }
        return [by_id[chunk_id] for chunk_id in chunk_ids if chunk_id in by_id]

    def _records(self, *, include_documents: bool) -> Iterator[tuple[str, str, dict[str, Any]]]:
        include = ["documents", "metadatas"] if include_documents else ["metadatas"]
        offset = 0
        while True:
            page = self._collection.get(include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            documents = page["documents"] if include_documents else [""] * len(page["ids"])
            yield from zip(page["ids"], documents, page["metadatas"], strict=True)
            offset += len(page["ids"])

    def search(self, vector: Sequence[float], k: int, where: SearchFilter | None = None) -> list[Hit]:
        """Return the k chunks nearest to `vector` (cosine similarity as score), best first."""
        if k <= 0 or self.count() == 0:
            return []
        found = self.vectors.similarity_search_by_vector_with_relevance_scores(
            list(map(float, vector)), k=min(k, self.count()), filter=where.to_where() if where else None
        )
        hits = []
        for rank, (document, distance) in enumerate(found, start=1):
            chunk = chunk_from_record(str(document.id), document.page_content, document.metadata)
            similarity = 1.0 - float(distance)
            hits.append(Hit(chunk=chunk, score=similarity, rank=rank, dense=similarity))
        return hits

    def sources(self) -> list[str]:
        """Return the outlets named by stored articles, sorted."""
        names = {str(meta["source"]) for _, _, meta in self._records(include_documents=False)}
        return sorted(name for name in names if name)
