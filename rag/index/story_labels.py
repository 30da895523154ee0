"""The story ids stored in Chroma's chunk metadata, read into story groups and mended when out of step."""

from __future__ import annotations

from collections.abc import Mapping

from rag.index.chroma import ChunkStore
from rag.index.stories import Sketch, StoryGroups, changed_labels, likeness, sketch_chunks
from rag.schema import Chunk

_SKETCH_BATCH = 200  # articles read back at a time to sketch those stored before story groups


def stories_from_records(records: dict[str, tuple[set[str], str | None]], fresh: dict[str, str]) -> StoryGroups:
    """Return the story groups of stored articles from their encoded sketches (`fresh` ones first)."""
    return _groups({article_id: encoded for article_id, (_, encoded) in records.items()}, fresh)


def _groups(encoded: dict[str, str | None], fresh: dict[str, str]) -> StoryGroups:
    sketches = []
    for article_id, stored in sorted(encoded.items()):
        sketch = Sketch.decode(fresh.get(article_id) or stored or "")
        if sketch is not None:
            sketches.append((article_id, sketch))
    return StoryGroups.build(sketches)


def load_stories(chunks: ChunkStore) -> StoryGroups:
    """Return the story groups of the articles stored in `chunks`, from their first chunks' sketches.

    Sketches live on first chunks, so a write reads one record per article (not per chunk) to join a story.
    A store made before articles kept their LSH bands gets them all now, once (see `nearby_stories`).
    """
    encoded = chunks.story_sketches()
    if not chunks.has_story_bands:
        chunks.set_sketches({article_id: sketch for article_id, sketch in encoded.items() if sketch})
        chunks.mark_story_bands()
    return _groups(encoded, {})


def nearby_stories(chunks: ChunkStore, sketches: Mapping[str, Sketch]) -> StoryGroups:
    """Return the groups of the stored stories these new articles copy: all a write of them needs to group them.

    Each new article's candidates are the stored articles sharing an LSH band with it (the store finds them by
    their band keys); the stories of those it copies are read whole. Grouping the new articles among these gives
    what grouping them among every stored article would, without reading every sketch: a few queries an article
    (about 40 ms at 20,000 articles) against reading them all (about 5 s). Needs a store with band keys.
    """
    joined: set[str] = set()
    for article_id, sketch in sketches.items():
        for other, (story, stored) in chunks.story_candidates(sketch).items():
            if other != article_id and likeness(sketch, stored).same_story:
                joined.add(story)
    return StoryGroups.build(sorted(chunks.story_members(sorted(joined))))


def missing_sketches(chunks: ChunkStore, article_ids: list[str]) -> dict[str, str]:
    """Return encoded sketches for stored articles that have none, made from their stored chunks."""
    fresh: dict[str, str] = {}
    for first in range(0, len(article_ids), _SKETCH_BATCH):
        wanted = article_ids[first : first + _SKETCH_BATCH]
        parts: dict[str, list[Chunk]] = {article_id: [] for article_id in wanted}
        for chunk in chunks.get_chunks(chunks.chunk_ids_where({"article_id": {"$in": wanted}})):
            parts[chunk.article_id].append(chunk)
        fresh |= {article_id: sketch_chunks(found).encode() for article_id, found in parts.items() if found}
    return fresh


def stories_out_of_step(chunks: ChunkStore) -> tuple[StoryGroups, dict[str, str], list[str]]:
    """Return the groups the stored sketches make, the articles whose stored ids differ, and those unsketched."""
    records = chunks.story_records()
    unsketched = sorted(article_id for article_id, (_, sketch) in records.items() if sketch is None)
    groups = stories_from_records(records, {})
    changed = changed_labels({article_id: labels for article_id, (labels, _) in records.items()}, groups)
    return groups, changed, unsketched


def regroup(chunks: ChunkStore) -> tuple[StoryGroups, int]:
    """Recompute every article's story and record what differs; return the groups and how many articles changed.

    Articles stored without a sketch (by a version before story groups, or an interrupted
    write) are sketched from their chunks first.
    """
    records = chunks.story_records()
    missing = sorted(article_id for article_id, (_, sketch) in records.items() if sketch is None)
    fresh = missing_sketches(chunks, missing)
    if fresh:
        chunks.set_sketches(fresh)
    groups = stories_from_records(records, fresh)
    changed = changed_labels({article_id: labels for article_id, (labels, _) in records.items()}, groups)
    chunks.set_stories(changed)
    return groups, len(changed) + len(fresh)
