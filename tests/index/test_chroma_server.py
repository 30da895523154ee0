"""Server mode against a real `chroma run` on 127.0.0.1: the same answers as the embedded store, data kept
across a restart, and a clear error within seconds when the server is down or hangs."""

from __future__ import annotations

import http.server
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import main
from rag.config import Settings
from rag.errors import BackendError, ModelMismatchError, RagError, StoreMissingError
from rag.index.article_index import ArticleIndex
from rag.schema import Chunk
from tests.chroma_server import ChromaServer
from tests.paths import SEEDS

pytestmark = pytest.mark.integration

QUESTIONS = [
    "بوتين يتصل بالشرع ويدعوه لزيارة روسيا",
    "كم جهاز تنفس أرسلت مصر إلى النظام السوري؟",
    "Who did Putin invite to visit Russia?",
]
DOWN_WITHIN_SECONDS = 5.0


def _assistant(url: str, embeddings, tmp_path: Path) -> Assistant:
    """Return an assistant on the server sharing the session's model (the store folder is never used)."""
    assistant = Assistant(Settings(chroma_url=url, store=tmp_path / "unused"), embeddings=embeddings)
    return assistant


def _top(assistant: Assistant, question: str) -> list[tuple[str, int]]:
    return [(hit.chunk.chunk_id, hit.rank) for hit in assistant.retriever.search(question, k=5)]


def _stats(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(main, ["stats", "--json", *arguments], env=env)
    return result.exit_code, result.output, time.monotonic() - started


def test_ingest_search_ask_and_stats_work_as_on_disk_and_survive_a_restart(
    server: ChromaServer, tmp_path: Path, embeddings, seeded_assistant
) -> None:
    assistant = _assistant(server.url, embeddings, tmp_path)
    report = assistant.ingest([SEEDS])
    assert not report.rejected and report.articles_added == 16
    index = assistant.index()
    assert index.keyword.chunk_ids() == index.chunks.chunk_ids()  # kept in step while ingesting

    # The same chunks, ranks and answers as the embedded store built from the same files.
    on_disk = seeded_assistant.index()
    assert index.chunks.chunk_ids() == on_disk.chunks.chunk_ids()
    before = {question: _top(assistant, question) for question in QUESTIONS}
    for question in QUESTIONS:
        assert before[question] == _top(seeded_assistant, question)
    for question in QUESTIONS[1:]:
        assert assistant.ask(question).text == seeded_assistant.ask(question).text

    code, output, _ = _stats("--chroma-url", server.url)
    stats = json.loads(output)
    assert code == 0 and stats["store"] == server.url
    assert stats["chunks"] == stats["keyword_chunks"] == on_disk.count() and stats["articles"] == 16

    server.stop()
    restart_seconds = server.start()
    started = time.monotonic()
    reopened = _assistant(server.url, embeddings, tmp_path)
    rebuilt = reopened.index()
    rebuild_seconds = time.monotonic() - started
    print(f"\nserver restart {restart_seconds:.1f} s; keyword index rebuilt at start-up in {rebuild_seconds:.2f} s")
    assert rebuilt.keyword.chunk_ids() == rebuilt.chunks.chunk_ids() == on_disk.chunks.chunk_ids()
    assert {question: _top(reopened, question) for question in QUESTIONS} == before

    again = reopened.ingest([SEEDS])
    assert (again.articles_added, again.chunks_added) == (0, 0)


def test_a_server_that_is_down_or_hangs_gives_a_clear_error_within_seconds(
    server: ChromaServer, tmp_path: Path, embeddings
) -> None:
    assistant = _assistant(server.url, embeddings, tmp_path)
    assistant.ingest([SEEDS / "000_65010d3ec1c21563.txt"])
    retriever = assistant.retriever

    assert server.process is not None
    os.kill(server.process.pid, signal.SIGSTOP)  # alive but not answering: a hung server or a lost network
    try:
        started = time.monotonic()
        with pytest.raises(BackendError) as caught:
            ArticleIndex.open(url=server.url)
        hung_seconds = time.monotonic() - started
        assert "cannot be reached" in str(caught.value) and f"--port {server.port}" in str(caught.value)
    finally:
        os.kill(server.process.pid, signal.SIGCONT)

    server.stop()
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        retriever.search("الأسد يتصل بالسيسي")  # a process that was using the server when it stopped
    in_use_seconds = time.monotonic() - started
    assert "stopped answering" in str(caught.value)

    code, output, down_seconds = _stats("--chroma-url", server.url)
    print(f"\nhung server {hung_seconds:.1f} s, stopped mid-use {in_use_seconds:.2f} s, down {down_seconds:.2f} s")
    assert code == 1
    [line] = output.strip().splitlines()
    assert line.startswith(f"Error: The Chroma server at {server.url} cannot be reached") and line.endswith(
        f"chroma run --path DIR --host 127.0.0.1 --port {server.port}"
    )
    assert max(hung_seconds, in_use_seconds, down_seconds) < DOWN_WITHIN_SECONDS


def test_the_url_comes_from_rag_chroma_url_and_a_collection_names_its_rebuild_command(
    server: ChromaServer, tmp_path: Path
) -> None:
    code, output, _ = _stats(env={"RAG_CHROMA_URL": server.url})
    assert code == 1 and f"There is no store at {server.url} yet" in output
    assert f"rag ingest PATH --chroma-url {server.url}" in output

    index = ArticleIndex.open(url=server.url, model_id="intfloat/multilingual-e5-small", create=True)
    index.add([_chunk()], [[1.0] + [0.0] * 383])
    code, output, _ = _stats(env={"RAG_CHROMA_URL": server.url})
    assert code == 0 and json.loads(output)["chunks"] == 1
    with pytest.raises(ModelMismatchError) as caught:
        ArticleIndex.open(url=server.url, model_id="bundled-e5")
    assert f"rebuild it with: rag ingest PATH --chroma-url {server.url} --reset" in str(caught.value)
    ArticleIndex.reset(url=server.url)
    with pytest.raises(StoreMissingError):
        ArticleIndex.open(url=server.url)


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8000", "http://", "ftp://127.0.0.1:8000", "http://127.0.0.1:port", "http://127.0.0.1:8000/db"]
)
def test_a_malformed_chroma_url_is_refused_in_one_sentence(url: str) -> None:
    with pytest.raises(RagError) as caught:
        ArticleIndex.open(url=url)
    message = str(caught.value)
    assert url in message and "http://host:port" in message and "\n" not in message


def test_a_web_server_that_is_not_chroma_is_named_as_such(tmp_path: Path) -> None:
    class NotChroma(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotChroma) as web:
        threading.Thread(target=web.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{web.server_address[1]}"
        try:
            with pytest.raises(BackendError, match="not a Chroma server"):
                ArticleIndex.open(url=url)
        finally:
            web.shutdown()


def test_the_keyword_index_is_rebuilt_from_the_collection_at_start_up(server: ChromaServer) -> None:
    count = 3000
    words = "أجرى رئيس النظام السوري اتصالا هاتفيا مع الرئيس المصري تناول فيه قضايا إقليمية ودولية".split()
    writer = ArticleIndex.open(url=server.url, model_id="test", create=True)
    for first in range(0, count, 500):
        chunks = [
            _chunk(number, " ".join(words[(number + shift) % len(words)] for shift in range(180)))
            for number in range(first, first + 500)
        ]
        writer.add(chunks, [[float(number % 7 == axis) for axis in range(384)] for number in range(500)])
    started = time.monotonic()
    reader = ArticleIndex.open(url=server.url, model_id="test")
    seconds = time.monotonic() - started
    print(f"\nkeyword index rebuilt from {count} chunks in {seconds:.1f} s ({1000 * seconds / count:.2f} ms a chunk)")
    assert reader.keyword.count() == count
    assert reader.keyword.chunk_ids() == writer.keyword.chunk_ids()


def _chunk(number: int = 0, text: str = "نص الخبر") -> Chunk:
    return Chunk(
        chunk_id=f"chunk-{number:05d}",
        article_id=f"article-{number // 3:05d}",
        index=number % 3,
        text=text,
        start=0,
        end=len(text),
        title="خبر",
        path=f"/news/{number // 3}.txt",
    )


def test_a_reset_by_another_process_is_followed_by_an_open_collection(server: ChromaServer) -> None:
    from tests.index.test_store import _chunk, _vector

    reader = ArticleIndex.open(url=server.url, model_id="test-model", create=True)  # say, the chat page's
    reader.add([_chunk(1), _chunk(2)], [_vector(1), _vector(2)])
    ArticleIndex.reset(url=server.url)  # what `rag ingest --reset` does first, elsewhere
    with pytest.raises(StoreMissingError, match="was emptied"):
        reader.chunks.count()
    writer = ArticleIndex.open(url=server.url, model_id="test-model", create=True)
    writer.add([_chunk(7)], [_vector(7)])
    assert reader.chunks.count() == 1
    assert reader.chunks.search(_vector(7), 1)[0].chunk.chunk_id == "chunk-007"


def test_story_groups_on_a_server_are_those_of_a_store_folder(server: ChromaServer, tmp_path: Path, embeddings) -> None:
    from rag.ingest.pipeline import Ingestor
    from rag.query.retrieval import HybridRetriever
    from tests.index.test_stories import SEED_FILES as STORY_SEEDS
    from tests.index.test_stories import _corpus, _expected, _partition

    stories = _corpus(tmp_path / "corpus")
    index = ArticleIndex.open(url=server.url, model_id=embeddings.model_id, create=True)
    Ingestor(index, embeddings).ingest_paths([tmp_path / "corpus"])
    reopened = ArticleIndex.open(url=server.url, model_id=embeddings.model_id)  # the ids were stored on the server
    assert _partition(reopened) == _expected(stories)
    retriever = HybridRetriever(index=reopened, embeddings=embeddings, per_article=1)
    hits = retriever.search("الأسد يتصل بالسيسي", k=len(STORY_SEEDS))
    assert len({hit.chunk.story_id for hit in hits}) == len(hits) == len(STORY_SEEDS)
    assert all(len(hit.copies) == 2 for hit in hits)
