"""One contract for every index implementation: Chroma embedded on disk, Chroma behind a real `chroma run`
server, and the Tantivy keyword index. Each is driven through the same small adapter and must agree on
add, replace, delete, filters, count and search; the two stores that can be interrupted mid-write must
come back with their halves in step."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
from rag.index.base import KeywordSearch, VectorStore
from rag.index.chroma import ChunkStore
from rag.index.filters import SearchFilter
from rag.index.keyword import KeywordIndex
from rag.index.write_guard import WriteGuard
from rag.schema import Chunk
from rag.text.arabic import lexical_tokens
from tests.chroma_server import ChromaServer

pytestmark = pytest.mark.integration

DIMENSION = 384
MODEL_ID = "contract-test-model"
OUTLETS = ("سانا", "واس", "الرياض")
# Words that recur across chunks and words each chunk holds alone: searching a chunk's own word finds it.
TOPICS = ("اقتصاد", "سياسة", "رياضة", "صحة")
_LETTERS = "بجدرزسشصضطظعغ"


def own_word(number: int) -> str:
    """Return a made-up word only chunk `number` holds (letters no stemmer strips; digits split off as tokens)."""
    return f"غ{_LETTERS[number // len(_LETTERS)]}{_LETTERS[number % len(_LETTERS)]}ق"


def _chunk(number: int, *, text: str | None = None) -> Chunk:
    """Return chunk `number`: a word of its own, a shared topic word, an outlet, and a date or none."""
    text = text or f"خبر رقم {number} عن {TOPICS[number % len(TOPICS)]} فيه كلمة {own_word(number)} وحدها"
    day = number % 28 + 1
    return Chunk(
        chunk_id=f"chunk-{number:03d}",
        article_id=f"article-{number:03d}",
        index=0,
        text=text,
        start=0,
        end=len(text),
        title=f"عنوان {number}",
        path=f"/news/{number}.txt",
        date=None if number % 5 == 4 else f"{2023 + number % 3}-{number % 12 + 1:02d}-{day:02d}",
        outlet=OUTLETS[number % len(OUTLETS)],
    )


def _vector(text: str) -> list[float]:
    """Return a fixed unit vector for a text: far from every other text's, so its own search finds it first."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    vector = np.random.default_rng(seed).normal(size=DIMENSION)
    return (vector / np.linalg.norm(vector)).tolist()


class VectorBackend:
    """A vector store driven as the contract reads it; vectors come from the chunk's text."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store

    def add(self, chunks: Sequence[Chunk]) -> None:
        self.store.add(chunks, [_vector(chunk.text) for chunk in chunks])

    def delete(self, chunk_ids: Sequence[str]) -> None:
        self.store.delete_chunks(chunk_ids)

    def count(self) -> int:
        return self.store.count()

    def ids(self) -> set[str]:
        return self.store.chunk_ids()

    def find(self, chunk: Chunk, k: int, where: SearchFilter | None = None) -> list[str]:
        return [hit.chunk.chunk_id for hit in self.store.search(_vector(chunk.text), k, where)]

    def text_of(self, chunk_id: str) -> str | None:
        found = self.store.get_chunks([chunk_id])
        return found[0].text if found else None


class KeywordBackend:
    """The keyword index driven as the contract reads it; a chunk is searched by its own word."""

    def __init__(self, index: KeywordSearch) -> None:
        self.index = index

    def add(self, chunks: Sequence[Chunk]) -> None:
        self.index.add(chunks)

    def delete(self, chunk_ids: Sequence[str]) -> None:
        self.index.delete_chunks(chunk_ids)

    def count(self) -> int:
        return self.index.count()

    def ids(self) -> set[str]:
        return self.index.chunk_ids()

    def find(self, chunk: Chunk, k: int, where: SearchFilter | None = None) -> list[str]:
        own = lexical_tokens(own_word(int(chunk.chunk_id.removeprefix("chunk-"))))
        return [chunk_id for chunk_id, _ in self.index.search(own, k, where)]

    def text_of(self, chunk_id: str) -> str | None:
        return None  # the keyword index keeps no text; replacement is checked through search


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory) -> Iterator[ChromaServer]:
    folder = tmp_path_factory.mktemp("contract-server")
    server = ChromaServer(folder / "data", folder / "chroma.log")
    server.start()
    yield server
    server.stop()


_collections = iter(range(1_000_000))


@pytest.fixture(params=["embedded", "server", "keyword"])
def backend(request, tmp_path: Path):
    if request.param == "embedded":
        return VectorBackend(ChunkStore.open(path=tmp_path / "store", model_id=MODEL_ID, create=True))
    if request.param == "server":
        server = request.getfixturevalue("chroma_server")
        name = f"contract-{next(_collections)}"
        return VectorBackend(ChunkStore.open(url=server.url, name=name, model_id=MODEL_ID, create=True))
    return KeywordBackend(KeywordIndex(tmp_path / "keyword"))


CHUNKS = [_chunk(number) for number in range(24)]


def test_an_empty_index_counts_nothing_and_finds_nothing(backend) -> None:
    assert backend.count() == 0 and backend.ids() == set()
    assert backend.find(CHUNKS[0], 5) == []


def test_added_chunks_are_counted_and_each_is_found_first_by_its_own_query(backend) -> None:
    backend.add(CHUNKS)
    assert backend.count() == len(CHUNKS)
    assert backend.ids() == {chunk.chunk_id for chunk in CHUNKS}
    for chunk in CHUNKS:
        found = backend.find(chunk, 3)
        assert found[0] == chunk.chunk_id and len(found) <= 3 and len(set(found)) == len(found)


def test_search_returns_at_most_k_and_never_more_than_the_store_holds(backend) -> None:
    backend.add(CHUNKS[:4])
    assert len(backend.find(CHUNKS[0], 2)) <= 2
    assert len(backend.find(CHUNKS[0], 50)) <= 4
    assert backend.find(CHUNKS[0], 0) == []


def test_adding_again_replaces_instead_of_duplicating(backend) -> None:
    backend.add(CHUNKS)
    backend.add(CHUNKS[:6])  # the same chunks once more
    assert backend.count() == len(CHUNKS)
    edited = replace(CHUNKS[3], text=f"نص جديد تماما عن موضوع آخر {own_word(3)} محدث")
    backend.add([edited])
    assert backend.count() == len(CHUNKS)
    assert backend.find(edited, 1) == [edited.chunk_id]
    if (text := backend.text_of(edited.chunk_id)) is not None:
        assert text == edited.text


def test_deleted_chunks_are_gone_and_unknown_ids_are_ignored(backend) -> None:
    backend.add(CHUNKS)
    gone = [chunk.chunk_id for chunk in CHUNKS[:5]]
    backend.delete([*gone, "chunk-never-stored"])
    assert backend.count() == len(CHUNKS) - 5
    assert backend.ids() == {chunk.chunk_id for chunk in CHUNKS[5:]}
    for chunk in CHUNKS[:5]:
        assert chunk.chunk_id not in backend.find(chunk, len(CHUNKS))
    backend.delete([])
    assert backend.count() == len(CHUNKS) - 5


FILTERS = [
    SearchFilter(outlets=("واس",)),
    SearchFilter(outlets=("سانا", "الرياض")),
    SearchFilter(date_from="2024"),
    SearchFilter(date_to="2023-12"),
    SearchFilter(date_from="2023-06", date_to="2024-06-30"),
    SearchFilter(outlets=("الرياض",), date_from="2024-01-01"),
    SearchFilter(outlets=("صحيفة لا وجود لها",)),
]


def _passes(chunk: Chunk, where: SearchFilter) -> bool:
    """The filter's meaning, written out: any listed outlet; a date range leaves undated chunks out."""
    if where.outlets and chunk.outlet not in where.outlets:
        return False
    low, high = where.bounds()
    if not (low or high):
        return True
    key = int(chunk.date.replace("-", "")) if chunk.date else 0
    return key > 0 and (not low or key >= low) and (not high or key <= high)


@pytest.mark.parametrize("where", FILTERS, ids=lambda where: repr(where))
def test_filters_return_exactly_the_chunks_that_pass(backend, where: SearchFilter) -> None:
    backend.add(CHUNKS)
    passing = {chunk.chunk_id for chunk in CHUNKS if _passes(chunk, where)}
    for chunk in CHUNKS:
        found = backend.find(chunk, len(CHUNKS), where)
        assert set(found) <= passing
        assert (chunk.chunk_id in found) == (chunk.chunk_id in passing)


# Interrupted writes: the keyword half fails after Chroma took the batch, as a kill between the two would.
class KilledKeywordIndex(KeywordIndex):
    """The real keyword index, killed (an exception) on its next write."""

    def add(self, chunks: Sequence[Chunk]) -> None:
        raise RuntimeError("killed between the two halves of a write")


@pytest.mark.parametrize("where", ["embedded", "server"])
def test_an_interrupted_write_is_repaired_when_the_index_is_opened_again(where: str, tmp_path: Path, request) -> None:
    if where == "embedded":
        path = tmp_path / "store"
        opened = {"path": path}
        chunks = ChunkStore.open(path=path, model_id=MODEL_ID, create=True)
        index = ArticleIndex(chunks, KilledKeywordIndex(path / KEYWORD_FOLDER), WriteGuard(path))
    else:
        server = request.getfixturevalue("chroma_server")
        opened = {"url": server.url, "name": f"contract-{next(_collections)}"}
        chunks = ChunkStore.open(**opened, model_id=MODEL_ID, create=True)
        index = ArticleIndex(chunks, KilledKeywordIndex(None))
    with pytest.raises(RuntimeError, match="killed"):
        index.add(CHUNKS[:7], [_vector(chunk.text) for chunk in CHUNKS[:7]])
    if where == "embedded":
        assert (path / "rag-write-pending").exists()  # the marker outlives the killed write
    again = ArticleIndex.open(**opened, model_id=MODEL_ID)
    assert again.keyword.count() == again.chunks.count() == 7
    assert again.keyword.chunk_ids() == again.chunks.chunk_ids()
    assert KeywordBackend(again.keyword).find(CHUNKS[2], 1) == [CHUNKS[2].chunk_id]
    if where == "embedded":
        assert not (path / "rag-write-pending").exists()
