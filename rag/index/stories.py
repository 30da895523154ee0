"""Story groups: the articles that tell one story (a wire rewritten by several papers) share a story id.

Each article gets a MinHash sketch of the word 3-grams of its text in lexical form (letters
folded, digits ASCII, light stemming), so spelling and diacritics between papers do not
matter. LSH over the sketches finds candidate copies; a candidate is a copy when the
estimated Jaccard similarity of the two shingle sets and the share of the shorter one's
shingles found in the other are both high enough (a paper that adds a paragraph, cuts the
end or changes the headline still shares most of the shorter text). A story is a connected
group of copies, named by its smallest article id: that depends only on which articles are
stored, never on the order they came in, so two ingests in two runs give the groups one run
gives, and a repair can recompute every label and compare.

The sketch is kept in the metadata of the article's first chunk and the story id in every
chunk's (see `rag.index.chroma`), so Chroma stays the one record and a Chroma server groups
the same way as a store folder. The first chunk also keeps the sketch's LSH band keys, so a
write of a few articles asks the store for their candidates; a long ingest rebuilds the LSH
in memory from the stored sketches instead.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from rag.schema import Chunk
from rag.text.arabic import lexical_tokens

NUM_PERM = 128
SHINGLE_WORDS = 3
# Chosen on news-dev's wire copies (see the commit adding this module): grouping needs both; Jaccard
# alone loses the copies a paper shortened, containment alone joins a short text to a long one it quotes.
MIN_JACCARD = 0.3
MIN_CONTAINMENT = 0.5
# LSH finds candidates a little below MIN_JACCARD, so an estimate just under it is still checked.
LSH_THRESHOLD = 0.2
MIN_SHINGLES = 8  # a text shorter than this (a headline, a caption) is too short to call a copy of anything
_SCHEME = "affine32"
# The LSH's bands, as datasketch chooses them for LSH_THRESHOLD: two sketches are candidates when all the rows of
# any one band agree. The same bands are kept with each stored article (`band_keys`), so a store finds a new
# article's candidates by asking for them, without reading every stored sketch.
_LSH_SHAPE = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = _LSH_SHAPE.b, _LSH_SHAPE.r


@dataclass(frozen=True)
class Sketch:
    """The MinHash of an article's shingles and how many distinct shingles it has."""

    hashvalues: tuple[int, ...]
    size: int

    def encode(self) -> str:
        """Return the sketch as a short string for Chroma metadata."""
        raw = np.asarray(self.hashvalues, dtype=np.uint32).tobytes()
        return f"{self.size}:{base64.b64encode(raw).decode('ascii')}"

    @classmethod
    def decode(cls, text: str) -> Sketch | None:
        """Return the sketch a string from `encode` holds, or None for one this version cannot read."""
        size, _, values = text.partition(":")
        try:
            array = np.frombuffer(base64.b64decode(values, validate=True), dtype=np.uint32)
            count = int(size)
        except ValueError:
            return None
        return cls(tuple(int(value) for value in array), count) if len(array) == NUM_PERM else None


@lru_cache(maxsize=1)
def _permutations() -> object:
    return MinHash(num_perm=NUM_PERM, scheme=_SCHEME).permutations


def band_keys(sketch: Sketch) -> list[int]:
    """Return one key per LSH band of a sketch (none for a text too short to group): equal keys, equal bands.

    A key is a 56-bit hash of the band's number and its rows, so it fits Chroma's integers and a band matches
    only the same band of another sketch.
    """
    if sketch.size < MIN_SHINGLES:
        return []
    values = np.asarray(sketch.hashvalues, dtype=np.uint32)
    rows = [bytes([band]) + values[band * ROWS : (band + 1) * ROWS].tobytes() for band in range(BANDS)]
    return [int.from_bytes(hashlib.blake2b(row, digest_size=7).digest(), "big") for row in rows]


def _minhash(hashvalues: Sequence[int] | None = None) -> MinHash:
    values = None if hashvalues is None else np.asarray(hashvalues, dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, scheme=_SCHEME, permutations=_permutations(), hashvalues=values)


def article_text(chunks: Sequence[Chunk]) -> str:
    """Return an article's text put back together from its chunks (consecutive chunks overlap)."""
    parts: list[str] = []
    end = 0
    for chunk in sorted(chunks, key=lambda chunk: chunk.index):
        if chunk.start > end:
            parts.append(" ")
        parts.append(chunk.text[max(end - chunk.start, 0) :])
        end = max(end, chunk.end)
    return "".join(parts)


def shingles(text: str) -> set[str]:
    """Return the word 3-grams of a text in lexical form."""
    tokens = lexical_tokens(text, drop_stopwords=False)
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def sketch_text(text: str) -> Sketch:
    """Return the sketch of an article's text."""
    found = shingles(text)
    minhash = _minhash()
    minhash.update_batch([shingle.encode("utf-8") for shingle in sorted(found)])
    return Sketch(tuple(int(value) for value in minhash.hashvalues), len(found))


def sketch_chunks(chunks: Sequence[Chunk]) -> Sketch:
    """Return the sketch of the article these chunks make up (the same at ingest and in a repair)."""
    return sketch_text(article_text(chunks))


@dataclass(frozen=True)
class Likeness:
    """How alike two sketched texts are: estimated Jaccard similarity and containment of the smaller."""

    jaccard: float
    containment: float

    @property
    def same_story(self) -> bool:
        """Return whether the two texts are copies of one story."""
        return self.jaccard >= MIN_JACCARD and self.containment >= MIN_CONTAINMENT


def likeness(first: Sketch, second: Sketch) -> Likeness:
    """Return how alike two sketches are; shared shingles are estimated from Jaccard and the set sizes."""
    jaccard = _minhash(first.hashvalues).jaccard(_minhash(second.hashvalues))
    shared = jaccard * (first.size + second.size) / (1.0 + jaccard)
    smaller = min(first.size, second.size)
    return Likeness(jaccard, min(shared / smaller, 1.0) if smaller else 0.0)


class StoryGroups:
    """The story of every sketched article, kept up to date as articles come and go.

    `add` and `remove` return the articles whose story id changed (new ones included), for
    the caller to write to the store.
    """

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._sketches: dict[str, Sketch] = {}
        self._minhashes: dict[str, MinHash] = {}
        self._story: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}

    @classmethod
    def build(cls, sketches: Iterable[tuple[str, Sketch]]) -> StoryGroups:
        """Return the groups of these (article id, sketch) pairs."""
        groups = cls()
        for article_id, sketch in sketches:
            groups.add(article_id, sketch)
        return groups

    def __len__(self) -> int:
        return len(self._story)

    def story(self, article_id: str) -> str:
        """Return the story id of an article (its own id when it is not grouped)."""
        return self._story.get(article_id, article_id)

    def labels(self) -> dict[str, str]:
        """Return the story id of every sketched article."""
        return dict(self._story)

    def copies(self, article_id: str, sketch: Sketch) -> set[str]:
        """Return the stored articles that `sketch` is a copy of."""
        if sketch.size < MIN_SHINGLES:
            return set()
        minhash = _minhash(sketch.hashvalues)
        found = set()
        for other in self._lsh.query(minhash):
            if other != article_id and likeness(sketch, self._sketches[other]).same_story:
                found.add(other)
        return found

    def add(self, article_id: str, sketch: Sketch) -> dict[str, str]:
        """Group a new article with the stories it copies (joining them); return the changed story ids."""
        if article_id in self._story:
            return {}
        joined = {article_id}
        for other in self.copies(article_id, sketch):
            joined |= self._members[self._story[other]]
        self._sketches[article_id] = sketch
        if sketch.size >= MIN_SHINGLES:
            minhash = _minhash(sketch.hashvalues)
            self._minhashes[article_id] = minhash
            self._lsh.insert(article_id, minhash)
        return self._name(joined)

    def remove(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Forget articles; the rest of their stories are regrouped (a story may split); return changes."""
        touched: set[str] = set()
        for article_id in article_ids:
            story = self._story.pop(article_id, None)
            if story is None:
                continue
            self._sketches.pop(article_id)
            if self._minhashes.pop(article_id, None) is not None:
                self._lsh.remove(article_id)
            members = self._members.pop(story)
            members.discard(article_id)
            touched |= members
        changes: dict[str, str] = {}
        for group in self._components(touched):
            changes |= self._name(group)
        return changes

    def _components(self, articles: set[str]) -> list[set[str]]:
        """Return the connected groups of copies among `articles`."""
        left = set(articles)
        groups = []
        while left:
            start = left.pop()
            group, frontier = {start}, [start]
            while frontier:
                current = frontier.pop()
                for other in self.copies(current, self._sketches[current]) & left:
                    left.discard(other)
                    group.add(other)
                    frontier.append(other)
            groups.append(group)
        return groups

    def _name(self, group: set[str]) -> dict[str, str]:
        """Give a group its story id (the smallest member id); return the members whose id changed."""
        story = min(group)
        changes = {}
        for member in group:
            old = self._story.get(member)
            if old is not None and old != story:
                self._members.get(old, set()).discard(member)
                if not self._members.get(old):
                    self._members.pop(old, None)
            if old != story:
                changes[member] = story
            self._story[member] = story
        self._members.setdefault(story, set()).update(group)
        return changes


def changed_labels(stored: Mapping[str, set[str]], groups: StoryGroups) -> dict[str, str]:
    """Return the articles whose stored story ids (one per chunk) differ from the groups' ids."""
    return {
        article_id: groups.story(article_id)
        for article_id, labels in stored.items()
        if labels != {groups.story(article_id)}
    }
