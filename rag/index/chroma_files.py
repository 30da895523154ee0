"""Which files hold each stored article, as Chroma keeps it: `file` (shown) and `files` (all) on every chunk.

The same story saved in two files is stored once; it stays while any file still holds it.
`ChunkStore` takes these methods from `ArticleFileRecords`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rag.index.chroma_client import PAGE, backend_calls
from rag.index.chroma_records import article_holders, first_chunks_among, source_file


class ArticleFileRecords:
    """The file-record methods of a Chroma chunk store (its `_collection` and `_first_chunks`)."""

    _collection: Any

    def articles_from_file(self, path: str) -> set[str]:
        """Return the ids of the articles stored from the file at `path`."""
        return self.articles_from_files([path])

    def articles_from_files(self, paths: Sequence[str]) -> set[str]:
        """Return the ids of the articles stored from any of the files at `paths`."""
        found: set[str] = set()
        files = sorted({source_file(path) for path in paths})
        for first in range(0, len(files), PAGE):
            where = {"file": {"$in": files[first : first + PAGE]}}
            found.update(str(meta["article_id"]) for meta in self._first_chunks(where))
        return found

    @backend_calls
    def articles_held_by(self, file: str) -> set[str]:
        """Return the ids of the articles the file at `file` is known to hold."""
        where = {"$and": [{"index": 0}, {"$or": [{"files": {"$contains": file}}, {"file": file}]}]}
        found = self._collection.get(where=where, include=["metadatas"])  # type: ignore[arg-type]
        return {str(meta["article_id"]) for meta in found["metadatas"]}

    @backend_calls
    def article_files(self, article_ids: Sequence[str]) -> dict[str, set[str]]:
        """Return the files known to hold each of these stored articles (absent ones are left out)."""
        files: dict[str, set[str]] = {}
        ids = sorted(set(article_ids))
        for first in range(0, len(ids), PAGE):
            for meta in first_chunks_among(self._collection, {"article_id": {"$in": ids[first : first + PAGE]}}):
                files[str(meta["article_id"])] = article_holders(meta)
        return files

    def all_article_files(self) -> dict[str, set[str]]:
        """Return the files known to hold each stored article (one record read per article)."""
        return {str(meta["article_id"]): article_holders(meta) for meta in self._first_chunks()}

    @backend_calls
    def set_article_files(self, article_id: str, files: Sequence[str]) -> None:
        """Record which files hold an article; it is then shown as coming from the first, unless it still is."""
        found = self._collection.get(where={"article_id": article_id}, include=["metadatas"])
        if not found["ids"]:
            return
        metadatas = []
        for meta in found["metadatas"]:
            update: dict[str, Any] = {"files": list(files)}
            if meta["file"] not in files:
                update |= {"file": files[0], "path": files[0]}
            metadatas.append(update)
        self._collection.update(ids=found["ids"], metadatas=metadatas)
