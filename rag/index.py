"""The article index: the Chroma store and the keyword index, opened together and kept in step."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from rag.lexical import KeywordIndex
from rag.schema import Chunk
from rag.store import ChunkStore, make_client

KEYWORD_FOLDER = "keyword"


class ArticleIndex:
    """Every write goes to both stores; `reconcile` repairs them after an interrupted write."""

    def __init__(self, chunks: ChunkStore, keyword: KeywordIndex) -> None:
        self.chunks = chunks
        self.keyword = keyword

    @classmethod
    def open(
        cls,
        *,
        path: Path | None = None,
        url: str | None = None,
        name: str = "articles",
        model_id: str | None = None,
        create: bool = False,
    ) -> ArticleIndex:
        """Return the index at `path` or on the Chroma server at `url` (see `ChunkStore.open`).

        With a server the keyword index lives in memory and is rebuilt from the
        collection's stored documents here, so every client sees the same articles.
        """
        chunks = ChunkStore.open(path=path, url=url, name=name, model_id=model_id, create=create)
        if url:
            index = cls(chunks, KeywordIndex(None))
            index.keyword.add(list(chunks.chunks()))
            return index
        assert path is not None
        index = cls(chunks, KeywordIndex(path / KEYWORD_FOLDER))
        if index.keyword.count() != chunks.count():
            index.reconcile()
        return index

    @staticmethod
    def reset(*, path: Path | None = None, url: str | None = None, name: str = "articles") -> None:
        """Delete the collection and its keyword index, so the next ingest starts empty."""
        if path is not None and not url:
            if not path.exists():
                return
            shutil.rmtree(path / KEYWORD_FOLDER, ignore_errors=True)
        client = make_client(path, url)
        if name in {collection.name for collection in client.list_collections()}:
            client.delete_collection(name)

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Store chunks with their vectors in Chroma, then index their keywords."""
        self.chunks.add(chunks, vectors)
        self.keyword.add(chunks)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks from the keyword index, then from Chroma."""
        self.keyword.delete_chunks(chunk_ids)
        self.chunks.delete_chunks(chunk_ids)

    def reconcile(self) -> int:
        """Make the keyword index hold exactly Chroma's chunks; return how many entries changed.

        Chroma is the record: a chunk it holds was fully embedded and stored, so the
        keyword side is brought to match it, never the other way round.
        """
        stored = {chunk.chunk_id: chunk for chunk in self.chunks.chunks()}
        indexed = self.keyword.chunk_ids()
        extra = indexed - stored.keys()
        missing = [chunk for chunk_id, chunk in stored.items() if chunk_id not in indexed]
        self.keyword.delete_chunks(extra)
        self.keyword.add(missing)
        return len(extra) + len(missing)

    def count(self) -> int:
        """Return how many chunks are stored."""
        return self.chunks.count()
