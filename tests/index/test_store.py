"""The article index on disk: idempotent ingest, replaced files, repairs after interrupted writes, clear refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import DiskFullError, InputError, ModelMismatchError, StoreCorruptedError
from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
from rag.index.chroma_client import make_client
from rag.index.filters import SearchFilter
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged
from rag.index.write_guard import PENDING_FILE
from rag.ingest.chunking import chunk_article
from rag.ingest.pipeline import Ingestor
from rag.schema import Article, Chunk
from rag.text.arabic import lexical_tokens
from tests.paths import ROOT

CALL = (
    "الأسد يتصل بالسيسي\n"
    "أجرى رئيس النظام السوري بشار الأسد اتصالاً هاتفياً مع الرئيس المصري عبد الفتاح السيسي. "
    "وبحث الجانبان العلاقات الثنائية والأوضاع في المنطقة.\n"
)
CALL_EDITED = CALL + "وأكد السيسي دعم مصر لوحدة الأراضي السورية واستقرارها.\n"
VISIT = (
    "ملك البحرين في القاهرة\n"
    "استقبل الرئيس السيسي ملك البحرين في مقر الرئاسة، وتناولت المباحثات التعاون الاقتصادي بين البلدين.\n"
)


def _index(store: Path, model_id: str = "test-model", create: bool = True) -> ArticleIndex:
    return ArticleIndex.open(path=store, model_id=model_id, create=create)


def _chunk(number: int, *, outlet: str | None = None, date: str | None = None) -> Chunk:
    """Return a small chunk whose text holds a word of its own (`كلمةN`), for tests that need no model."""
    text = f"نص الخبر رقم {number} كلمة{number}"
    return Chunk(
        chunk_id=f"chunk-{number:03d}",
        article_id=f"article-{number:03d}",
        index=0,
        text=text,
        start=0,
        end=len(text),
        title=f"خبر {number}",
        path=f"/news/{number}.txt",
        date=date,
        outlet=outlet,
    )


def _vector(number: int) -> list[float]:
    """Return a unit vector pointing along axis `number`, so search by it finds exactly that chunk first."""
    vector = [0.0] * 384
    vector[number % 384] = 1.0
    return vector


def _assert_in_step(index: ArticleIndex) -> set[str]:
    stored = index.chunks.chunk_ids()
    assert index.keyword.chunk_ids() == stored
    return stored


@pytest.mark.integration
def test_ingesting_the_same_files_twice_changes_nothing(tmp_path: Path, embeddings) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "call.txt").write_text(CALL, encoding="utf-8")
    (tmp_path / "news" / "visit.md").write_text(VISIT, encoding="utf-8")
    index = _index(tmp_path / "store", embeddings.model_id)
    first = Ingestor(index, embeddings).ingest_paths([tmp_path / "news"])
    stored = _assert_in_step(index)
    second = Ingestor(_index(tmp_path / "store", embeddings.model_id), embeddings).ingest_paths([tmp_path / "news"])
    assert (first.articles_added, first.chunks_added) == (2, len(stored))
    assert (second.articles_added, second.articles_unchanged, second.chunks_added) == (0, 2, 0)
    assert _assert_in_step(_index(tmp_path / "store", embeddings.model_id)) == stored


@pytest.mark.integration
def test_a_changed_file_replaces_its_old_chunks(tmp_path: Path, embeddings) -> None:
    news = tmp_path / "call.txt"
    news.write_text(CALL, encoding="utf-8")
    (tmp_path / "visit.txt").write_text(VISIT, encoding="utf-8")
    index = _index(tmp_path / "store", embeddings.model_id)
    Ingestor(index, embeddings).ingest_paths([news, tmp_path / "visit.txt"])
    [old_article] = index.chunks.articles_from_file(str(news))
    visit_chunks = index.chunks.chunk_ids_where({"file": str(tmp_path / "visit.txt")})
    news.write_text(CALL_EDITED, encoding="utf-8")
    report = Ingestor(index, embeddings).ingest_paths([news])
    after = _assert_in_step(index)
    assert (report.articles_added, report.articles_removed) == (1, 1)
    [new_article] = index.chunks.articles_from_file(str(news))
    assert new_article != old_article and not index.chunks.has_article(old_article)
    assert set(visit_chunks) <= after  # the other file's article is untouched
    assert "وحدة الأراضي السورية" in " ".join(chunk.text for chunk in index.chunks.chunks())
    hits = index.keyword.search(lexical_tokens("الأراضي"), k=5)
    assert [chunk.article_id for chunk in index.chunks.get_chunks([chunk_id for chunk_id, _ in hits])] == [new_article]


@pytest.mark.integration
def test_the_same_story_under_two_names_is_stored_once_and_survives_either_file_changing(
    tmp_path: Path, embeddings
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(CALL, encoding="utf-8")
    second.write_text(CALL, encoding="utf-8")
    index = _index(tmp_path / "store", embeddings.model_id)
    report = Ingestor(index, embeddings).ingest_paths([tmp_path])
    assert (report.articles, report.articles_added, report.articles_unchanged) == (2, 1, 1)
    stored = _assert_in_step(index)
    # b.txt is read after a.txt, so the story is filed under a.txt; b.txt changing must not remove it.
    second.write_text(VISIT, encoding="utf-8")
    Ingestor(index, embeddings).ingest_paths([tmp_path])
    assert stored <= _assert_in_step(index)


def test_a_store_built_by_another_model_names_the_rebuild_command(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _index(store, "intfloat/multilingual-e5-small").add([_chunk(1)], [_vector(1)])
    with pytest.raises(ModelMismatchError) as caught:
        _index(store, "bundled-e5", create=False)
    message = str(caught.value)
    assert "intfloat/multilingual-e5-small" in message and "bundled-e5" in message
    assert f"rag ingest PATH --store {store} --reset" in message and "\n" not in message
    assert _index(store, "intfloat/multilingual-e5-small", create=False).count() == 1


@pytest.mark.integration
def test_a_store_in_an_older_index_format_names_the_rebuild_command(tmp_path: Path, embeddings) -> None:
    store = tmp_path / "store"
    # What a store from before index formats were recorded looks like: the model, but no format.
    make_client(store).create_collection(
        "articles", metadata={"embedding_model": embeddings.model_id}, embedding_function=None
    )
    with pytest.raises(ModelMismatchError) as caught:
        _index(store, embeddings.model_id, create=False)
    assert "index format 0" in str(caught.value)
    assert f"rag ingest PATH --store {store} --reset" in str(caught.value)
    # The command it names works: --reset empties the store and the ingest starts afresh.
    (tmp_path / "visit.txt").write_text(VISIT, encoding="utf-8")
    assistant = Assistant(Settings(store=store), embeddings=embeddings)
    report = assistant.ingest([tmp_path / "visit.txt"], reset=True)
    assert report.articles_added == 1 and not report.rejected
    _assert_in_step(_index(store, embeddings.model_id, create=False))


def _killed_inside_a_keyword_delete(store: Path, chunk_ids: list[str]) -> None:
    """Leave `store` as a kill inside the keyword index's delete step does: the deletions file written, not recorded.

    The same delete is committed in a copy of the store, and the files it wrote (the
    `.del` file and Tantivy's list of managed files) are copied back without `meta.json`,
    which Tantivy writes last; the "write pending" marker stays, as after any kill.
    """
    replica = store.parent / "replica"
    shutil.copytree(store, replica)
    folder, copied = store / KEYWORD_FOLDER, replica / KEYWORD_FOLDER
    before = {file.name for file in folder.iterdir()}
    KeywordIndex(copied).delete_chunks(chunk_ids)
    written = [file.name for file in copied.iterdir() if file.name.endswith(".del") and file.name not in before]
    assert written, "the delete wrote no deletions file"
    for name in [*written, ".managed.json"]:
        shutil.copyfile(copied / name, folder / name)
    (store / PENDING_FILE).write_text("12345\n")


def test_a_kill_inside_a_keyword_delete_never_blocks_the_same_delete_again(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _index(store).add([_chunk(number) for number in range(1, 6)], [_vector(number) for number in range(1, 6)])
    _killed_inside_a_keyword_delete(store, ["chunk-002", "chunk-004"])
    shutil.copytree(store, tmp_path / "second")
    # The keyword index on its own clears what the kill left, rather than failing and leaving it to a rebuild.
    KeywordIndex(tmp_path / "second" / KEYWORD_FOLDER).delete_chunks(["chunk-002", "chunk-004"])
    index = _index(store, create=False)  # as the next `rag ingest` opens it
    index.delete_chunks(["chunk-002", "chunk-004"])  # the identical retry used to fail with FileAlreadyExists
    assert _assert_in_step(index) == {"chunk-001", "chunk-003", "chunk-005"}
    assert _assert_in_step(_index(store, create=False)) == {"chunk-001", "chunk-003", "chunk-005"}
    assert not [file for file in (store / KEYWORD_FOLDER).iterdir() if file.name.endswith(".del")][1:]


@pytest.mark.parametrize("damage", ["older format", "format file deleted", "segment truncated", "meta.json truncated"])
def test_a_damaged_keyword_index_is_rebuilt_from_chroma_without_a_reset(tmp_path: Path, damage: str) -> None:
    store = tmp_path / "store"
    _index(store).add([_chunk(number) for number in range(1, 6)], [_vector(number) for number in range(1, 6)])
    folder = store / KEYWORD_FOLDER
    if damage == "older format":
        (folder / "rag-keyword-format").write_text("1")
    elif damage == "format file deleted":
        (folder / "rag-keyword-format").unlink()
    else:
        suffix = ".term" if damage == "segment truncated" else "meta.json"
        target = next(file for file in folder.iterdir() if file.name.endswith(suffix))
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    repaired = _index(store, create=False)
    assert len(_assert_in_step(repaired)) == 5
    assert repaired.keyword.search(lexical_tokens("كلمة3"), 5)[0][0] == "chunk-003"
    repaired.add([_chunk(6)], [_vector(6)])  # and it is written on disk again, not only searched in memory
    assert len(_assert_in_step(_index(store, create=False))) == 6


def test_a_keyword_write_that_fails_inside_tantivy_rebuilds_the_index_from_chroma(tmp_path: Path) -> None:
    class UnwritableKeywords(KeywordIndex):
        def delete_chunks(self, chunk_ids) -> None:
            raise KeywordIndexDamaged("The keyword index cannot be written (FileAlreadyExists).")

    store = tmp_path / "store"
    index = _index(store)
    index.add([_chunk(number) for number in range(1, 4)], [_vector(number) for number in range(1, 4)])
    failing = ArticleIndex(index.chunks, UnwritableKeywords(store / KEYWORD_FOLDER), index.guard)
    failing.delete_chunks(["chunk-002"])
    assert not isinstance(failing.keyword, UnwritableKeywords)
    assert _assert_in_step(failing) == {"chunk-001", "chunk-003"}
    assert _assert_in_step(_index(store, create=False)) == {"chunk-001", "chunk-003"}


def test_a_folder_chroma_cannot_open_names_the_rebuild_command_and_reset_clears_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"not a database")
    (store / "notes.txt").write_text("kept")
    with pytest.raises(StoreCorruptedError) as caught:
        _index(store, create=False)
    assert f"The store at {store} is corrupted" in str(caught.value) and "\n" not in str(caught.value)
    assert f"rag check --store {store}" in str(caught.value) and f"--store {store} --reset" in str(caught.value)
    ArticleIndex.reset(path=store)
    assert _index(store).count() == 0
    assert (store / "notes.txt").read_text() == "kept"  # only Chroma's own files were removed


def test_filters_limit_vector_and_keyword_search_alike(tmp_path: Path) -> None:
    index = _index(tmp_path / "store")
    chunks = [
        _chunk(1, outlet="سانا", date="2024-07-06"),
        _chunk(2, outlet="تلفزيون سوريا", date="2024-07-20"),
        _chunk(3, outlet="سانا", date="2025-02-12"),
        _chunk(4, outlet="سانا"),  # undated: outside any date range
    ]
    index.add(chunks, [_vector(number) for number in range(1, 5)])
    tokens = lexical_tokens("نص")  # every chunk holds it

    def found(where: SearchFilter) -> tuple[set[str], set[str]]:
        dense = {hit.chunk.chunk_id for hit in index.chunks.search(_vector(1), 10, where)}
        keyword = {chunk_id for chunk_id, _ in index.keyword.search(tokens, 10, where)}
        return dense, keyword

    cases = {
        SearchFilter(outlets=("سانا",)): {"chunk-001", "chunk-003", "chunk-004"},
        SearchFilter(date_from="2024-07"): {"chunk-001", "chunk-002", "chunk-003"},
        SearchFilter(date_from="2024-07-10", date_to="2024"): {"chunk-002"},
        SearchFilter(outlets=("سانا",), date_to="2024-12-31"): {"chunk-001"},
        SearchFilter(): {"chunk-001", "chunk-002", "chunk-003", "chunk-004"},
    }
    for where, expected in cases.items():
        assert found(where) == (expected, expected), where
    with pytest.raises(InputError, match="is empty; the start must not be after the end"):
        SearchFilter(date_from="2025-01-01", date_to="2024-12-31")


def test_an_interrupted_write_is_repaired_on_open_even_when_counts_agree(tmp_path: Path) -> None:
    store = tmp_path / "store"
    index = _index(store)
    index.add([_chunk(1), _chunk(2)], [_vector(1), _vector(2)])
    # Halves whose counts agree but whose chunks differ: only the marker of the unfinished write tells.
    index.chunks.add([_chunk(3)], [_vector(3)])  # a write killed between Chroma and the keyword index
    index.keyword.add([_chunk(4)])  # a keyword entry Chroma does not hold (say, an index restored from a copy)
    index.delete_chunks(["chunk-002"])
    (store / PENDING_FILE).write_text("12345\n")
    assert index.keyword.count() == index.chunks.count()
    repaired = _index(store, create=False)
    assert _assert_in_step(repaired) == {"chunk-001", "chunk-003"}
    assert not (store / PENDING_FILE).exists()
    assert repaired.keyword.search(lexical_tokens("كلمة3"), 5)[0][0] == "chunk-003"


def test_a_failed_write_stays_marked_through_later_writes_until_a_repair(tmp_path: Path) -> None:
    class FullDisk(KeywordIndex):
        def add(self, chunks: list[Chunk]) -> None:
            raise OSError(28, "No space left on device")

    store = tmp_path / "store"
    index = _index(store)
    failing = ArticleIndex(index.chunks, FullDisk(store / KEYWORD_FOLDER), index.guard)
    with pytest.raises(DiskFullError, match=r"^Disk full: "):
        failing.add([_chunk(1)], [_vector(1)])  # stored in Chroma, not in the keyword index
    index.add([_chunk(2)], [_vector(2)])  # a later write in the same process succeeds
    assert (store / PENDING_FILE).exists()
    assert _assert_in_step(_index(store, create=False)) == {"chunk-001", "chunk-002"}


def test_a_lost_keyword_folder_is_rebuilt_from_chroma(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _index(store).add([_chunk(number) for number in range(1, 6)], [_vector(number) for number in range(1, 6)])
    KeywordIndex.remove(store / KEYWORD_FOLDER)
    assert len(_assert_in_step(_index(store, create=False))) == 5


def test_a_write_in_progress_in_another_process_is_not_mistaken_for_an_interrupted_one(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _index(store).add([_chunk(1)], [_vector(1)])
    writer = subprocess.Popen([sys.executable, "-c", _HOLD_WRITE_LOCK, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        busy = _index(store, create=False)
        busy.chunks.add([_chunk(2)], [_vector(2)])  # the other writer's first half, as it would be mid-write
        assert busy.repair() == 0  # left alone: the write is not finished, not interrupted
        assert busy.keyword.count() == 1
    finally:
        writer.kill()
        writer.wait()
    # The writer died holding the marker: now it is a leftover, and the next open repairs.
    assert _assert_in_step(_index(store, create=False)) == {"chunk-001", "chunk-002"}


_HOLD_WRITE_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rag.index.write_guard import WriteGuard
    with WriteGuard(Path(sys.argv[1])).writing():
        print("writing", flush=True)
        time.sleep(60)
    """
)


def test_a_long_article_is_written_whole_even_past_the_batch_size(tmp_path: Path) -> None:
    """Batches hold whole articles, so an interrupted ingest never stores part of one."""
    from rag.ingest.pipeline import BATCH_CHUNKS

    sentence = "وقال المتحدث إن المحادثات تناولت ملفات عديدة تخص التعاون بين البلدين في مجالات مختلفة. "
    text = sentence * 1200
    article = Article(article_id="long", title="خبر طويل", text=text, path="/news/long.txt", content_hash="long")
    chunks = chunk_article(article)
    assert len(chunks) > BATCH_CHUNKS

    class CountingIndex(ArticleIndex):
        def add(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
            writes.append(len(chunks))
            super().add(chunks, vectors)

    writes: list[int] = []
    index = _index(tmp_path / "store")
    Ingestor(CountingIndex(index.chunks, index.keyword, index.guard), _AxisEmbeddings()).ingest_articles([article])
    assert writes == [len(chunks)]
    assert _assert_in_step(index) == {chunk.chunk_id for chunk in chunks}


class _AxisEmbeddings(Embeddings):
    """Embeddings for tests about batching and storage only: one unit vector per text, no model."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [_vector(number) for number in range(len(texts))]

    def embed_query(self, text: str) -> list[float]:
        return _vector(0)


_RESET_AND_ADD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from rag.index.article_index import ArticleIndex
    from tests.index.test_store import _chunk, _vector

    store = Path(sys.argv[1])
    ArticleIndex.reset(path=store)  # what `rag ingest --reset` does first, in its own process
    index = ArticleIndex.open(path=store, model_id="test-model", create=True)
    index.add([_chunk(7), _chunk(8)], [_vector(7), _vector(8)])
    """
)


def test_a_reset_by_another_process_is_followed_by_an_open_index(tmp_path: Path) -> None:
    store = tmp_path / "store"
    reader = _index(store)  # say, the chat page's index, open while someone runs `rag ingest --reset`
    reader.add([_chunk(1), _chunk(2), _chunk(3)], [_vector(1), _vector(2), _vector(3)])
    assert reader.chunks.count() == 3
    root = ROOT
    done = subprocess.run(
        [sys.executable, "-c", _RESET_AND_ADD, str(store)], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _assert_in_step(reader) == {"chunk-007", "chunk-008"}
    assert reader.chunks.search(_vector(8), 1)[0].chunk.chunk_id == "chunk-008"
    assert reader.keyword.search(lexical_tokens("كلمة7"), 5)[0][0] == "chunk-007"
    assert "chunk-001" not in dict(reader.keyword.search(lexical_tokens("كلمة1"), 5))


def test_a_reset_waits_for_a_write_in_progress(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _index(store).add([_chunk(1)], [_vector(1)])
    writer = subprocess.Popen([sys.executable, "-c", _HOLD_WRITE_LOCK, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        resetting = threading.Thread(target=ArticleIndex.reset, kwargs={"path": store})
        resetting.start()
        resetting.join(timeout=2)
        assert resetting.is_alive()  # it waits for the lock rather than deleting under the writer
        assert _index(store, create=False).count() == 1
    finally:
        writer.kill()
        writer.wait()
    resetting.join(timeout=60)
    assert not resetting.is_alive() and _index(store).count() == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    """Return a folder on a 2 MB tmpfs of its own, so a store there fills its disk; unmounted afterwards."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here ({mounted.stderr.decode().strip()})")
    yield folder
    subprocess.run(["umount", "--lazy", str(folder)], check=False)  # lazily: Chroma keeps its files open


def test_a_full_disk_says_disk_full_and_the_store_stays_readable(small_disk: Path) -> None:
    store = small_disk / "store"
    index = _index(store)
    written = 0
    with pytest.raises(DiskFullError) as caught:
        for batch in range(1000):
            chunks = [
                Chunk(
                    chunk_id=f"c{batch}-{number}",
                    article_id=f"a{batch}-{number}",
                    index=0,
                    text="نص طويل يملأ القرص " * 100 + f"كلمة{batch}",
                    start=0,
                    end=10,
                    title="خبر",
                    path=f"/news/{batch}.txt",
                )
                for number in range(20)
            ]
            index.add(chunks, [_vector(number) for number in range(20)])
            written += 20
    message = str(caught.value)
    assert message.startswith("Disk full:") and str(store) in message
    assert "\n" not in message and "--reset" not in message
    assert written > 0
    reopened = _index(store, create=False)  # as the next command opens it, the disk still full
    assert reopened.count() >= written
    assert reopened.chunks.search(_vector(3), 1)
    assert "c0-0" in dict(reopened.keyword.search(lexical_tokens("كلمة0"), 50))


def _texts(index: ArticleIndex) -> str:
    return " ".join(chunk.text for chunk in index.chunks.chunks())


def test_an_edited_file_replaces_its_old_version_however_its_path_is_typed(tmp_path: Path, monkeypatch) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "call.txt").write_text(CALL, encoding="utf-8")
    index = _index(tmp_path / "store")
    monkeypatch.chdir(tmp_path)
    Ingestor(index, _AxisEmbeddings()).ingest_paths([Path("news/call.txt")])  # relative, as typed in a shell
    (news / "call.txt").write_text(CALL_EDITED, encoding="utf-8")
    report = Ingestor(index, _AxisEmbeddings()).ingest_paths([news / "call.txt"])  # absolute this time
    assert report.articles_removed == 1
    assert len(index.chunks.article_ids()) == 1 and "وحدة الأراضي" in _texts(index)
    [chunk] = [chunk for chunk in index.chunks.chunks() if chunk.index == 0]
    assert chunk.path == str(news / "call.txt")


def test_an_edited_file_in_a_moved_folder_replaces_its_old_version_and_nothing_else(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "call.txt").write_text(CALL, encoding="utf-8")
    (news / "visit.txt").write_text(VISIT, encoding="utf-8")
    index = _index(tmp_path / "store")
    Ingestor(index, _AxisEmbeddings()).ingest_paths([news])
    moved = news.rename(tmp_path / "archive")
    (moved / "call.txt").write_text(CALL_EDITED, encoding="utf-8")
    report = Ingestor(index, _AxisEmbeddings()).ingest_paths([moved])
    assert (report.articles_added, report.articles_unchanged, report.articles_removed) == (1, 1, 1)
    assert len(index.chunks.article_ids()) == 2 and "وحدة الأراضي" in _texts(index)
    files = {chunk.path for chunk in index.chunks.chunks()}
    assert files == {str(moved / "call.txt"), str(moved / "visit.txt")}  # cited where the files are now
    _assert_in_step(index)


def test_editing_one_of_two_identical_files_keeps_the_story_the_other_still_holds(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(CALL, encoding="utf-8")
    second.write_text(CALL, encoding="utf-8")
    index = _index(tmp_path / "store")
    Ingestor(index, _AxisEmbeddings()).ingest_paths([first, second])
    [story] = index.chunks.article_ids()
    first.write_text(VISIT, encoding="utf-8")  # a.txt, under which the story was filed, now holds another
    report = Ingestor(index, _AxisEmbeddings()).ingest_paths([first])
    assert report.articles_removed == 0 and story in index.chunks.article_ids()
    assert {chunk.path for chunk in index.chunks.chunks() if chunk.article_id == story} == {str(second)}
    second.write_text(CALL_EDITED, encoding="utf-8")  # now no file holds the story any more
    report = Ingestor(index, _AxisEmbeddings()).ingest_paths([second])
    assert report.articles_removed == 1 and story not in index.chunks.article_ids()
    assert len(index.chunks.article_ids()) == 2
    _assert_in_step(index)


def test_a_file_stored_under_a_relative_path_by_an_older_version_is_replaced_when_edited(
    tmp_path: Path, monkeypatch
) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "call.txt").write_text(CALL_EDITED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    old = Article(article_id="old-call", title="الأسد يتصل بالسيسي", text=CALL, path="news/call.txt", content_hash="x")
    index = _index(tmp_path / "store")
    Ingestor(index, _AxisEmbeddings()).ingest_articles([old])  # as stored before paths were resolved
    report = Ingestor(index, _AxisEmbeddings()).ingest_paths([Path("news")])
    assert report.articles_removed == 1 and "old-call" not in index.chunks.article_ids()
    assert len(index.chunks.article_ids()) == 1 and "وحدة الأراضي" in _texts(index)


def test_a_new_store_searches_widely_and_an_older_one_is_set_to_on_open(tmp_path: Path) -> None:
    from rag.index.chroma import INDEX_FORMAT, SEARCH_EF
    from rag.index.chroma_stories import BANDS_KEY

    index = _index(tmp_path / "new")
    assert index.chunks._collection.configuration["hnsw"]["ef_search"] == SEARCH_EF
    older = tmp_path / "older"  # made as stores were before the setting: Chroma's default search breadth
    client = make_client(older, None)
    client.create_collection(
        "articles",
        metadata={"embedding_model": "test-model", "index_format": INDEX_FORMAT, BANDS_KEY: 1},
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=None,
    )
    assert client.get_collection("articles").configuration["hnsw"]["ef_search"] < SEARCH_EF
    del client
    opened = _index(older, create=False)
    assert opened.chunks._collection.configuration["hnsw"]["ef_search"] == SEARCH_EF
    assert make_client(older, None).get_collection("articles").configuration["hnsw"]["ef_search"] == SEARCH_EF


def _clustered_store(store: Path, rng, count: int, stories: int, batch: int):
    """Return an index of `count` chunks whose vectors cluster, as news chunks do (many stories, several chunks each),
    written `batch` at a time, with the chunks, their vectors and the cluster centres: where a narrow graph walk
    misses some of the true nearest, and which ones may vary between processes."""
    import numpy as np

    centres = rng.normal(size=(stories, 384))
    vectors = centres[rng.integers(0, stories, count)] + 0.6 * rng.normal(size=(count, 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = _index(store)
    chunks = [_chunk(number) for number in range(count)]
    for first in range(0, count, batch):
        index.chunks.add(chunks[first : first + batch], vectors[first : first + batch].tolist())
    return index, chunks, vectors, centres


@pytest.mark.integration
def test_vector_search_finds_the_true_nearest_chunks_every_time(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    index, chunks, vectors, centres = _clustered_store(tmp_path / "store", rng, 3000, 60, 500)
    ids = np.array([chunk.chunk_id for chunk in chunks])
    for query in rng.normal(size=(20, 384)) + centres[rng.integers(0, 60, 20)]:
        query /= np.linalg.norm(query)
        exact = set(ids[np.argsort(-(vectors @ query))[:50]])
        assert {hit.chunk.chunk_id for hit in index.chunks.search(query.tolist(), 50)} == exact
