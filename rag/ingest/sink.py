"""Where ingestion writes: the part of the article index the `Ingestor` uses, as Protocols.

Ingestion comes before the index in the pipeline, so it names what it needs here and
`rag.index.article_index.ArticleIndex` provides it, without ingestion importing the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from rag.schema import Chunk


class StoredArticles(Protocol):
    """What the store already holds: chunk ids, and which files hold each article."""

    def existing_ids(self, chunk_ids: Sequence[str]) -> list[str]:
        """Return which of these chunk ids are stored."""
        ...

    def chunk_ids_where(self, where: dict[str, Any]) -> list[str]:
        """Return the ids of the chunks whose metadata matches `where`."""
        ...

    def article_files(self, article_ids: Sequence[str]) -> dict[str, set[str]]:
        """Return the files recorded as holding each of these articles."""
        ...

    def all_article_files(self) -> dict[str, set[str]]:
        """Return the files recorded as holding each stored article."""
        ...

    def articles_held_by(self, file: str) -> set[str]:
        """Return the ids of the articles a file was recorded as holding."""
        ...


class StoreFolder(Protocol):
    """Where the store lies: a folder on this machine, or None on a shared server."""

    folder: Path | None


class PassageSink(Protocol):
    """An index that takes passages with their vectors and the record of which files hold each article."""

    @property
    def guard(self) -> StoreFolder:
        """Return the store's write guard, whose folder says whether the store is on this machine."""
        ...

    @property
    def chunks(self) -> StoredArticles:
        """Return what the store already holds."""
        ...

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Store chunks with their vectors."""
        ...

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        ...

    def set_article_files(self, article_id: str, files: Sequence[str]) -> None:
        """Record which files hold an article."""
        ...
