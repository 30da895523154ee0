"""An archive as one `.jsonl.gz`: read without unpacking, progress with a total, and an interrupted ingest that
resumes where it stopped without embedding stored articles again."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import threading
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from rag.index.article_index import ArticleIndex
from rag.ingest.chunking import embedding_text
from rag.ingest.loaders import iter_documents
from rag.ingest.pipeline import Ingestor
from rag.ingest.reading import IngestProgress, expected_articles, read_ahead
from tests.paths import ROOT

ARCHIVE = ROOT.parent / "shared" / "devdata" / "news-scale" / "articles.jsonl.gz"
ARTICLES = 40


class CountingEmbeddings(Embeddings):
    """Fixed vectors from each text's hash, counting every text it is asked to embed; can stop a run part-way."""

    def __init__(self, stop_after_calls: int | None = None) -> None:
        self.texts: list[str] = []
        self.calls = 0
        self.stop_after_calls = stop_after_calls

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.stop_after_calls is not None and self.calls >= self.stop_after_calls:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a run
        self.calls += 1
        self.texts.extend(texts)
        return [[byte / 255 for byte in hashlib.sha256(text.encode()).digest() * 12] for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Return a `.jsonl.gz` of the first real articles of the news-scale archive."""
    if not ARCHIVE.exists():
        pytest.skip(f"{ARCHIVE} is not on this machine")
    path = tmp_path_factory.mktemp("archive") / "news.jsonl.gz"
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as source, gzip.open(path, "wt", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, ARTICLES))
    return path


def test_a_gzip_archive_reads_as_the_same_records_as_its_plain_file(archive: Path, tmp_path: Path) -> None:
    plain = tmp_path / "news.jsonl"
    plain.write_bytes(gzip.decompress(archive.read_bytes()))
    from_gzip = [(doc.path.split("#")[1], doc.title, doc.text, doc.outlet) for doc in iter_documents(archive)]
    from_plain = [(doc.path.split("#")[1], doc.title, doc.text, doc.outlet) for doc in iter_documents(plain)]
    assert from_gzip == from_plain and len(from_gzip) >= ARTICLES
    assert expected_articles([archive]) == expected_articles([plain]) == ARTICLES


def test_a_damaged_or_cut_archive_is_refused_in_one_sentence_keeping_what_was_read(
    archive: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.jsonl.gz"
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as source, gzip.open(whole, "wt", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, 200))  # long enough that the cut falls past the first read
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    index = ArticleIndex.open(path=tmp_path / "store", model_id="hash", create=True)
    report = Ingestor(index, CountingEmbeddings()).ingest_paths([cut])
    [rejected] = report.rejected
    assert "cut short" in rejected.reason and str(cut) in rejected.reason and "\n" not in rejected.reason
    assert 0 < report.articles_added < 200  # the articles before the cut are stored
    garbage = tmp_path / "garbage.jsonl.gz"
    garbage.write_bytes(b"not gzip at all, just text")
    [rejected] = Ingestor(index, CountingEmbeddings()).ingest_paths([garbage]).rejected
    assert str(garbage) in rejected.reason and "could not be read" in rejected.reason


def test_an_interrupted_archive_ingest_resumes_without_embedding_stored_articles_again(
    archive: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    threads_before = threading.active_count()
    interrupted = CountingEmbeddings(stop_after_calls=3)
    index = ArticleIndex.open(path=store, model_id="hash", create=True)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(index, interrupted, batch_chunks=8).ingest_paths([archive])
    assert threading.active_count() == threads_before  # the reading thread stopped with the run
    stored_before = index.chunks.chunk_ids()
    articles_before = index.chunks.article_ids()
    assert 0 < len(articles_before) < ARTICLES
    assert index.keyword.chunk_ids() == stored_before

    resumed = CountingEmbeddings()
    index = ArticleIndex.open(path=store, model_id="hash")
    states: list[IngestProgress] = []
    report = Ingestor(index, resumed, batch_chunks=8).ingest_paths([archive], on_progress=states.append)
    chunks = {chunk.chunk_id: chunk for chunk in index.chunks.chunks()}
    already = {embedding_text(chunks[chunk_id]) for chunk_id in stored_before}
    assert not already & set(resumed.texts)  # nothing stored before was embedded again
    assert len(resumed.texts) == len(chunks) - len(stored_before) == report.chunks_added
    assert report.articles_unchanged == len(articles_before)
    assert report.articles_added == len(index.chunks.article_ids()) - len(articles_before)
    assert set(chunks) == index.keyword.chunk_ids()
    # progress: a total from the start, counts that only grow, and the last state matching the report
    assert states and all(state.articles_expected >= ARTICLES for state in states)
    assert [state.articles for state in states] == sorted(state.articles for state in states)
    assert states[-1].articles == report.articles and states[-1].chunks_added == report.chunks_added

    again = CountingEmbeddings()
    report = Ingestor(ArticleIndex.open(path=store, model_id="hash"), again).ingest_paths([archive])
    assert again.calls == 0 and report.articles_added == 0


def test_reading_ahead_keeps_order_bounds_memory_and_passes_errors_on() -> None:
    produced: list[int] = []

    def numbers():
        for number in range(1000):
            produced.append(number)
            yield number

    consumed = read_ahead(numbers(), depth=5)
    assert [next(consumed) for _ in range(3)] == [0, 1, 2]
    threading.Event().wait(0.3)
    assert len(produced) <= 3 + 5 + 1  # never more than `depth` ahead of what was taken
    consumed.close()

    def failing():
        yield 1
        raise ValueError("bad record")

    with pytest.raises(ValueError, match="bad record"):
        list(read_ahead(failing()))
    assert list(read_ahead(iter(range(50)), depth=2)) == list(range(50))
