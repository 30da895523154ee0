"""Many conversations at once through `gradio_client`: every answer arrives, each is its own, and an ingest
running meanwhile breaks none of them."""

import json
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from gradio_client import Client

from rag.assistant import Assistant
from rag.config import Settings
from rag.embedding.models import E5Embeddings
from rag.ingest.pipeline import IngestReport
from tests.paths import ROOT
from tests.ports import free_port
from ui.app import CONCURRENCY, create_app, serve

pytestmark = pytest.mark.integration

SEED_QUESTIONS = {
    record["id"]: record
    for record in map(json.loads, (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text("utf-8").splitlines())
}
# Two questions from each article but one, in both languages; their answers all differ, so an answer
# delivered to the wrong conversation cannot pass for the right one.
CONVERSATIONS = ["s01", "s02", "s04", "s07", "s08", "s09", "s12", "s14"]
FOLLOW_UP = {"ar": "ومتى حدث ذلك؟", "en": "And when did that happen?"}
# Every call of a test must be answered within this many seconds of the clients' start (2 shared cores).
DEADLINE_SECONDS = 300.0
ARCD = ROOT.parent / "shared" / "devdata" / "arcd-train.json"
NEW_PARAGRAPHS = 20
FACT_FILE = "homs_mosaic_museum.txt"
FACT_ARTICLE = (
    "بلدية حمص تفتتح متحفاً جديداً للفسيفساء\n\n"
    "افتتحت بلدية حمص متحفاً جديداً للفسيفساء في حي الوعر، يضم 347 لوحة أثرية جُمعت من مواقع "
    "في ريف المدينة خلال السنوات العشر الماضية.\n\n"
    "وقال مدير المتحف إن اللوحات رُممت في ورشة محلية، وإن المتحف سيفتح أبوابه للزوار ثلاثة أيام في الأسبوع.\n"
)
FACT_QUESTION = "كم لوحة أثرية يضم متحف الفسيفساء الجديد في حمص؟"
FACT_ANSWER = "347"


@dataclass(frozen=True)
class Call:
    """One question a client sent and what came back."""

    conversation: str  # the seed question id the conversation is about
    message: str
    history: tuple[tuple[str, str], ...]
    text: str
    started: float
    ended: float


@contextmanager
def running_page(store: Path, embeddings: E5Embeddings) -> Iterator[tuple[str, Assistant]]:
    """Serve the chat page over `store` on a free localhost port; yield its URL and the page's assistant."""
    assistant = Assistant(Settings(store=store), embeddings=embeddings)
    app = create_app(assistant)
    try:
        yield serve(app, host="127.0.0.1", port=free_port(), block=False), assistant
    finally:
        app.close()


@pytest.fixture
def store_copy(tmp_path: Path, seeded_store: Path) -> Path:
    """Return a private copy of the seeded store, for a page whose writes no other test sees."""
    copy = tmp_path / "store"
    shutil.copytree(seeded_store, copy)
    return copy


def answer_body(text: str) -> str:
    return text.split("\n\nSources:")[0]


def conversation(client: Client, conversation_id: str, deadline: float) -> list[Call]:
    """Ask a seed question, then a follow-up carrying the conversation so far; return both calls."""
    record = SEED_QUESTIONS[conversation_id]
    calls: list[Call] = []
    history: tuple[tuple[str, str], ...] = ()
    for message in (record["question"], FOLLOW_UP[record["lang"]]):
        started = time.monotonic()
        job = client.submit(message, [list(pair) for pair in history], api_name="/chat")
        text = job.result(timeout=max(1.0, deadline - started))
        calls.append(Call(conversation_id, message, history, text, started, time.monotonic()))
        history = (*history, (message, answer_body(text)))
    return calls


def chat_in_parallel(url: str, conversation_ids: list[str], on_start: Callable[[], None] | None = None) -> list[Call]:
    """Run each conversation in its own thread with its own client, all at once; return every call made."""
    clients = [Client(url, verbose=False) for _ in conversation_ids]
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        with ThreadPoolExecutor(max_workers=len(conversation_ids)) as pool:
            futures = [
                pool.submit(conversation, client, conversation_id, deadline)
                for client, conversation_id in zip(clients, conversation_ids, strict=True)
            ]
            if on_start is not None:
                on_start()
            return [call for future in futures for call in future.result()]
    finally:
        for client in clients:
            client.close()


def assert_answers_its_own_question(call: Call) -> None:
    """Check that an answer is about its own conversation: the opening question cites that question's article,
    and the follow-up is answered with sources too. With the store changing under the calls there is no answer
    asked alone to compare with; the article cited is what tells one conversation's answer from another's.

    Which article a follow-up cites, and what answers say, are measured on news-dev (test_newsdev.py), not on
    the seed questions; answers matching the same question asked alone is checked by the callers.
    """
    record = SEED_QUESTIONS[call.conversation]
    _, heading, sources = call.text.partition("\n\nSources:\n")
    assert heading, call
    if not call.history:
        assert record["source"] in sources, call


def test_eight_conversations_at_once_each_get_their_own_answers(store_copy, embeddings):
    with running_page(store_copy, embeddings) as (url, _):
        alone = Client(url, verbose=False)
        try:
            reference = {
                (call.message, call.history): call.text
                for conversation_id in CONVERSATIONS
                for call in conversation(alone, conversation_id, time.monotonic() + DEADLINE_SECONDS)
            }
        finally:
            alone.close()
        started = time.monotonic()
        calls = chat_in_parallel(url, CONVERSATIONS)
        seconds = time.monotonic() - started

    assert len(CONVERSATIONS) == CONCURRENCY
    # Follow-ups about one article may get the same answer; the questions themselves never do.
    first_answers = [text for (_, history), text in reference.items() if not history]
    assert len(set(first_answers)) == len(CONVERSATIONS), "two questions share an answer: mixing would not show"
    assert len(calls) == 2 * len(CONVERSATIONS)
    assert seconds < DEADLINE_SECONDS
    # Each answer is the one its question gets asked alone, and no two questions get the same one: that tells
    # every answer for its own conversation's, whichever articles it cites.
    for call in calls:
        assert call.text == reference[(call.message, call.history)], call
        assert "\n\nSources:\n" in call.text, call
    # They really were answered at once: some call started before another had ended.
    assert any(a.started < b.ended and b.started < a.ended for a in calls for b in calls if a is not b)


def write_new_articles(folder: Path) -> int:
    """Write a folder of new articles: sampled ARCD paragraphs (when present) and one with a unique fact."""
    folder.mkdir()
    (folder / FACT_FILE).write_text(FACT_ARTICLE, encoding="utf-8")
    if not ARCD.is_file():
        return 1
    records = json.loads(ARCD.read_text(encoding="utf-8"))
    contexts = [paragraph["context"] for item in records["data"] for paragraph in item["paragraphs"]]
    sample = random.Random(7).sample([text for text in contexts if len(text.split()) < 120], NEW_PARAGRAPHS)
    for number, text in enumerate(sample):
        (folder / f"arcd_{number:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return 1 + NEW_PARAGRAPHS


def test_an_ingest_while_people_chat_breaks_no_answer_and_is_then_found(store_copy, embeddings, tmp_path):
    files = write_new_articles(tmp_path / "new")
    with running_page(store_copy, embeddings) as (url, assistant):
        asker = Client(url, verbose=False)
        try:
            before = asker.predict(FACT_QUESTION, api_name="/chat")
            reports: list[IngestReport] = []
            window: list[float] = []

            def ingest() -> None:
                window.append(time.monotonic())
                reports.append(assistant.ingest([tmp_path / "new"]))
                window.append(time.monotonic())

            ingesting = threading.Thread(target=ingest)
            calls = chat_in_parallel(url, CONVERSATIONS[::2], on_start=ingesting.start)
            ingesting.join(timeout=DEADLINE_SECONDS)
            after = asker.predict(FACT_QUESTION, api_name="/chat")
        finally:
            asker.close()

    assert FACT_ANSWER not in before
    assert not ingesting.is_alive() and len(reports) == 1
    report = reports[0]
    assert report.files == files and not report.rejected and report.articles_added == report.articles, report
    assert len(calls) == 4 * 2
    for call in calls:
        assert_answers_its_own_question(call)
    started, ended = window
    assert any(call.started < ended and started < call.ended for call in calls), "no answer overlapped the ingest"
    assert FACT_ANSWER in answer_body(after) and f"— {FACT_FILE}" in after, after
