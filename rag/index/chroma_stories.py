"""Story groups as Chroma keeps them: each article's sketch on its first chunk, its story id on every chunk.

`ChunkStore` takes these methods from `StoryRecords`; they read and write the same collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rag.index.chroma_client import PAGE, backend_calls
from rag.index.chroma_records import first_chunks_among
from rag.index.filters import OUTLET_KEY
from rag.index.stories import Sketch, band_keys
from rag.schema import StoryCopy

BANDS_KEY = "story_bands"  # on an article's first chunk: its sketch's LSH band keys; on the collection: all have them


def sketch_metadata(encoded: str) -> dict[str, Any]:
    """Return the first-chunk metadata of an article's encoded sketch: the sketch and its band keys."""
    sketch = Sketch.decode(encoded)
    keys = band_keys(sketch) if sketch is not None else []
    return {"sketch": encoded, BANDS_KEY: keys} if keys else {"sketch": encoded}  # Chroma refuses empty lists


class StoryRecords:
    """The story methods of a Chroma chunk store (its `_collection`, `_records` and `_first_chunks`)."""

    _collection: Any

    def story_records(self) -> dict[str, tuple[set[str], str | None]]:
        """Return, for every stored article, the story ids its chunks carry and its encoded sketch (if any)."""
        records: dict[str, tuple[set[str], str | None]] = {}
        for _, _, meta in self._records(include_documents=False):
            article_id = str(meta["article_id"])
            labels, sketch = records.get(article_id, (set(), None))
            labels.add(str(meta.get("story") or article_id))
            records[article_id] = (labels, str(meta["sketch"]) if meta.get("sketch") else sketch)
        return records

    def story_sketches(self) -> dict[str, str | None]:
        """Return every stored article's encoded sketch (None when it has none), read from first chunks only."""
        return {
            str(meta["article_id"]): str(meta["sketch"]) if meta.get("sketch") else None
            for meta in self._first_chunks()
        }

    @backend_calls
    def set_stories(self, stories: dict[str, str]) -> None:
        """Record the story id of each of these articles on every one of its chunks."""
        by_story: dict[str, list[str]] = {}
        for article_id, story in stories.items():
            by_story.setdefault(story, []).append(article_id)
        for story, article_ids in sorted(by_story.items()):
            for first in range(0, len(article_ids), PAGE):
                where = {"article_id": {"$in": sorted(article_ids)[first : first + PAGE]}}
                ids = self._collection.get(where=where, include=[])["ids"]  # type: ignore[arg-type]
                if ids:
                    self._collection.update(ids=ids, metadatas=[{"story": story}] * len(ids))

    @backend_calls
    def set_sketches(self, sketches: dict[str, str]) -> None:
        """Record the encoded story sketch of each of these articles (and its LSH bands) on its first chunk."""
        ids = sorted(sketches)
        for first in range(0, len(ids), PAGE):
            where = {"$and": [{"index": 0}, {"article_id": {"$in": ids[first : first + PAGE]}}]}
            found = self._collection.get(where=where, include=["metadatas"])  # type: ignore[arg-type]
            metadatas = [sketch_metadata(sketches[str(meta["article_id"])]) for meta in found["metadatas"]]
            if found["ids"]:
                self._collection.update(ids=found["ids"], metadatas=metadatas)

    @property
    def has_story_bands(self) -> bool:
        """Return whether every sketched article here has its LSH bands stored (stores made before them do not)."""
        return bool((self._collection.metadata or {}).get(BANDS_KEY))

    @backend_calls
    def mark_story_bands(self) -> None:
        """Record that every sketched article here has its bands stored (after `set_sketches` gave them all)."""
        self._collection.modify(metadata={**(self._collection.metadata or {}), BANDS_KEY: 1})

    @backend_calls
    def story_candidates(self, sketch: Sketch) -> dict[str, tuple[str, Sketch]]:
        """Return the stored articles sharing an LSH band with `sketch`: article id -> (story id, its sketch)."""
        keys = band_keys(sketch)
        if not keys:
            return {}
        where = {"$or": [{BANDS_KEY: {"$contains": key}} for key in keys]}
        found = self._collection.get(where=where, include=["metadatas"])  # type: ignore[arg-type]
        candidates = {}
        for meta in found["metadatas"]:
            stored = Sketch.decode(str(meta.get("sketch") or ""))
            if stored is not None:
                candidates[str(meta["article_id"])] = (str(meta.get("story") or meta["article_id"]), stored)
        return candidates

    @backend_calls
    def story_members(self, stories: Sequence[str]) -> list[tuple[str, Sketch]]:
        """Return every sketched article of these stories with its sketch."""
        if not stories:
            return []
        members = []
        for meta in first_chunks_among(self._collection, {"story": {"$in": sorted(set(stories))}}):
            stored = Sketch.decode(str(meta.get("sketch") or ""))
            if stored is not None:
                members.append((str(meta["article_id"]), stored))
        return members

    @backend_calls
    def story_copies(self, stories: Sequence[str]) -> dict[str, list[StoryCopy]]:
        """Return the articles of each of these stories (articles never grouped are left out)."""
        wanted = sorted(set(stories))
        if not wanted:
            return {}
        copies: dict[str, list[StoryCopy]] = {}
        for meta in first_chunks_among(self._collection, {"story": {"$in": wanted}}):
            copy = StoryCopy(
                article_id=str(meta["article_id"]),
                title=str(meta["title"]),
                path=str(meta["path"]),
                date=str(meta["date"]) or None,
                outlet=str(meta[OUTLET_KEY]) or None,
            )
            copies.setdefault(str(meta["story"]), []).append(copy)
        return {story: sorted(found, key=lambda copy: copy.article_id) for story, found in copies.items()}

    def story_count(self) -> int:
        """Return how many stories the stored articles tell (copies of one story counted once)."""
        return len({str(meta.get("story") or meta["article_id"]) for meta in self._first_chunks()})
