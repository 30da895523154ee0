"""Other programs using the chat page through `gradio_client`, against a real app on a free localhost port."""

import re
from collections.abc import Iterator

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from rag.assistant import Assistant
from rag.config import Settings
from tests.ports import free_port
from ui.app import create_app, serve
from ui.login import LoginThrottle

pytestmark = pytest.mark.integration

QUESTION = "ما العقد الذي ألغته القيادة السورية الجديدة؟"
FOLLOW_UP = "ومع أي شركة كان؟"


@pytest.fixture(scope="module")
def page_url(seeded_assistant) -> Iterator[str]:
    """Return the URL of the chat page over the seeded store (nothing here writes to it)."""
    app = create_app(seeded_assistant)
    yield serve(app, host="127.0.0.1", port=free_port(), block=False)
    app.close()


@pytest.fixture(scope="module")
def client(page_url) -> Client:
    return Client(page_url, verbose=False)


def test_chat_returns_the_answer_then_its_numbered_sources(client):
    text = client.predict(QUESTION, api_name="/chat")

    answer, heading, sources = text.partition("\n\nSources:\n")
    assert heading, text
    assert "ميناء طرطوس" in answer and answer.rstrip().endswith("[1]")
    first = sources.splitlines()[0]
    assert re.fullmatch(r"\[1\] بوتين يجري اتصالاً هاتفياً .+ — İLKHA, 2025-02-12 — 002_8ece1b97102c8d72\.txt", first)


def test_chat_takes_the_conversation_so_far_for_follow_up_questions(client):
    first = client.predict(QUESTION, api_name="/chat").split("\n\nSources:")[0]

    followed = client.predict(FOLLOW_UP, [[QUESTION, first]], api_name="/chat")

    answer, _, sources = followed.partition("\n\nSources:\n")
    assert "لم أجد" not in answer  # answered, not refused
    assert "002_8ece1b97102c8d72.txt" in sources.splitlines()[0]  # the same story as the first question


def test_chat_explains_a_question_it_cannot_take(client):
    assert client.predict("   ", api_name="/chat") == "The question is empty; type a question about the articles."
    too_long = client.predict("ما الخبر " * 600, api_name="/chat")
    assert too_long.startswith("طول السؤال 5400 حرفاً؛ اختصره إلى 1000 حرف أو أقل")


def test_only_the_chat_endpoint_is_offered_to_programs(client):
    api = client.view_api(print_info=False, return_format="dict")

    assert set(api["named_endpoints"]) == {"/chat"}
    assert not api["unnamed_endpoints"]
    assert [parameter["parameter_name"] for parameter in api["named_endpoints"]["/chat"]["parameters"]] == [
        "message",
        "history",
    ]


def test_chat_on_an_empty_library_says_how_to_add_articles(tmp_path, embeddings):
    assistant = Assistant(Settings(store=tmp_path / "store"), embeddings=embeddings)
    app = create_app(assistant)
    try:
        url = serve(app, host="127.0.0.1", port=free_port(), block=False)
        text = Client(url, verbose=False).predict("What happened?", api_name="/chat")
    finally:
        app.close()

    assert text.startswith("The library holds no articles yet.") and "rag ingest PATH" in text


def test_login_is_required_when_one_is_set(seeded_assistant):
    app = create_app(seeded_assistant)
    try:
        url = serve(app, host="127.0.0.1", port=free_port(), auth=("editor", "s3cret"), block=False)
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(url, verbose=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(url, auth=("editor", "wrong"), verbose=False)
        text = Client(url, auth=("editor", "s3cret"), verbose=False).predict(QUESTION, api_name="/chat")
    finally:
        app.close()

    assert "Sources:" in text


def test_guessing_the_login_closes_it_for_a_while_even_to_the_right_password(seeded_assistant):
    app = create_app(seeded_assistant)
    try:
        # The throttle's clock is stepped by the test, so a slow machine cannot outlast the lockout mid-test.
        clock = [1000.0]
        throttle = LoginThrottle("editor", "s3cret", failures=5, window=60.0, lockout=3.0, clock=lambda: clock[0])
        url = serve(app, host="127.0.0.1", port=free_port(), auth=throttle, block=False)
        refused = 0
        for guess in range(60):  # a burst of guesses, 10 ms apart
            answer = httpx.post(f"{url}login", data={"username": "editor", "password": f"guess{guess}"})
            refused += answer.status_code == 400
            clock[0] += 0.01
        assert refused == 60
        closed = httpx.post(f"{url}login", data={"username": "editor", "password": "s3cret"})
        assert closed.status_code == 400  # the right password too, while the login is closed
        clock[0] += 3.2
        opened = httpx.post(f"{url}login", data={"username": "editor", "password": "s3cret"})
        assert opened.status_code == 200 and opened.json() == {"success": True}
    finally:
        app.close()
