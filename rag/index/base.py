"""What the rest of the pipeline may ask of an index: a vector store and a keyword index, as Protocols.

`ChunkStore` (Chroma, embedded or on a server) is the vector store and `KeywordIndex`
(Tantivy) the keyword index; `tests/index/test_index_contract.py` holds every implementation
to the same behaviour: add, replace, delete, filters, count and search.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from rag.index.filters import SearchFilter
from rag.schema import Chunk, Hit, StoryCopy


class VectorStore(Protocol):
    """Chunks with their vectors; chunk ids are content hashes, so adding a chunk again replaces it."""

    def count(self) -> int:
        """Return how many chunks are stored."""
        ...

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Store chunks with their vectors in one write, replacing any with the same id."""
        ...

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks by id; missing ids are ignored."""
        ...

    def existing_ids(self, chunk_ids: Sequence[str]) -> list[str]:
        """Return which of these ids are stored."""
        ...

    def chunk_ids(self) -> set[str]:
        """Return the id of every stored chunk."""
        ...

    def chunks(self) -> Iterator[Chunk]:
        """Yield every stored chunk, in bounded memory."""
        ...

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """Return the stored chunks with these ids, in the given order, skipping missing ones."""
        ...

    def search(self, vector: Sequence[float], k: int, where: SearchFilter | None = None) -> list[Hit]:
        """Return the k chunks nearest to `vector` that pass `where`, best first, scored by cosine similarity."""
        ...

    def outlets(self) -> list[str]:
        """Return the outlets of the stored articles, sorted."""
        ...

    def story_copies(self, stories: Sequence[str]) -> dict[str, list[StoryCopy]]:
        """Return the articles of each of these stories, for "also in" (articles never grouped are left out)."""
        ...


class KeywordSearch(Protocol):
    """BM25 over chunks' lexical tokens, with the same filters as the vector store."""

    def count(self) -> int:
        """Return how many chunks are indexed."""
        ...

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Index chunks in one commit, replacing any with the same id."""
        ...

    def delete_chunks(self, chunk_ids: Iterable[str]) -> None:
        """Remove chunks by id; missing ids are ignored."""
        ...

    def rebuild(self, chunks: Iterable[Chunk]) -> None:
        """Replace the whole index with these chunks."""
        ...

    def chunk_ids(self) -> set[str]:
        """Return the ids of every indexed chunk."""
        ...

    def doc_freq(self, token: str) -> int:
        """Return how many chunks hold the lexical token."""
        ...

    def search(
        self, tokens: Sequence[str], k: int, where: SearchFilter | None = None, names: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """Return up to k (chunk id, score) pairs for lexical tokens and name keys that pass `where`, best first."""
        ...


class SearchableIndex(Protocol):
    """The two halves a search reads: what retrieval needs of an `ArticleIndex`."""

    @property
    def chunks(self) -> VectorStore:
        """Return the vector store."""
        ...

    @property
    def keyword(self) -> KeywordSearch:
        """Return the keyword index."""
        ...


class LiveDocumentFrequencies:
    """The keyword index's document frequencies, read from whichever index is current.

    An `ArticleIndex` reopens its halves when another process resets the store, so a
    question's analysis asks the index each time instead of keeping the half it saw first.
    """

    def __init__(self, index: SearchableIndex) -> None:
        self.index = index

    def doc_freq(self, token: str) -> int:
        """Return how many passages hold the lexical token."""
        return self.index.keyword.doc_freq(token)

    def count(self) -> int:
        """Return how many passages there are."""
        return self.index.keyword.count()
