"""The answerer factory: spec strings build the right chat model, and the models really talk to a real LLM."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from rag.answer.llms import PLACEHOLDER_API_KEY, describe, make_chat_model
from rag.errors import BackendError
from tests.llm_server import SERVER_MODEL_ALIAS, require_llama_cpp

# The test model is a tiny base model: it continues text rather than answering, so the tests check that text
# arrives, streams and stops, never what it says. This prompt, shaped like a real one, reliably draws text.
PROMPT: list[BaseMessage] = [
    SystemMessage("أجب من المقاطع."),
    HumanMessage("ما هي عاصمة مصر؟"),
]


@pytest.fixture
def no_openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def test_openai_spec_with_base_url_targets_that_server_without_a_key(no_openai_key: None) -> None:
    model = make_chat_model("openai:gemma", "http://127.0.0.1:8080/v1", max_tokens=100, timeout=30)

    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gemma"
    assert model.openai_api_base == "http://127.0.0.1:8080/v1"
    assert model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == PLACEHOLDER_API_KEY
    assert model.temperature == 0.0
    assert model.request_timeout == 30
    # llama-cpp-python's server honours only the classic name of the limit.
    assert model.max_tokens == 100
    assert model.extra_body == {"max_tokens": 100}


def test_openai_spec_takes_the_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")

    model = make_chat_model("openai:gpt-4o-mini")

    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4o-mini"
    assert model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == "sk-from-env"
    assert model.extra_body is None


def test_openai_spec_without_key_or_server_says_what_to_set(no_openai_key: None) -> None:
    with pytest.raises(BackendError, match="OPENAI_API_KEY"):
        make_chat_model("openai:gpt-4o-mini")


def test_ollama_spec_keeps_the_model_tag_and_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)

    model = make_chat_model("ollama:qwen2.5:7b", "http://127.0.0.1:11500", temperature=0.2, max_tokens=64)

    assert isinstance(model, ChatOllama)
    assert model.model == "qwen2.5:7b"
    assert model.base_url == "http://127.0.0.1:11500"
    assert model.temperature == 0.2
    assert model.num_predict == 64


def test_ollama_spec_without_base_url_uses_ollama_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:11600")

    model = make_chat_model("ollama:qwen2.5:7b")

    assert isinstance(model, ChatOllama)
    assert str(model._client._client.base_url).rstrip("/") == "http://127.0.0.1:11600"
    assert "127.0.0.1:11600" in describe("ollama:qwen2.5:7b")


def test_llamacpp_spec_without_the_package_gives_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # what an environment without the extra looks like

    with pytest.raises(BackendError, match=r"pip install 'arabic-news-rag\[llamacpp\]'"):
        make_chat_model(f"llamacpp:{model_file}")


def test_llamacpp_spec_with_a_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.gguf"

    with pytest.raises(BackendError, match=r"nowhere\.gguf"):
        make_chat_model(f"llamacpp:{missing}")


def test_llamacpp_spec_with_a_file_that_is_no_model_says_so(tmp_path: Path) -> None:
    require_llama_cpp()
    not_a_model = tmp_path / "notes.gguf"
    not_a_model.write_text("these are notes, not weights")

    with pytest.raises(BackendError, match="could not load"):
        make_chat_model(f"llamacpp:{not_a_model}")


@pytest.mark.parametrize(
    "spec",
    ["", "gpt-4o-mini", "anthropic:claude", "ollama:", "openai:   ", "llamacpp:", "extractive"],
)
def test_unusable_specs_raise_one_readable_sentence(spec: str, no_openai_key: None) -> None:
    with pytest.raises(BackendError) as caught:
        make_chat_model(spec, "http://127.0.0.1:8080/v1")

    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith(".")


def test_describe_names_backend_model_and_place() -> None:
    assert describe("openai:gemma", "http://127.0.0.1:8080/v1") == "gemma at http://127.0.0.1:8080/v1"
    assert describe("openai:gpt-4o-mini") == "OpenAI gpt-4o-mini"
    assert describe("ollama:qwen2.5:7b", "http://gpu-box:11434") == "Ollama qwen2.5:7b at http://gpu-box:11434"
    assert describe("llamacpp:/models/qwen2.5-7b-q4.gguf") == "llama.cpp qwen2.5-7b-q4.gguf (in process)"
    assert describe("extractive").startswith("extractive")
    with pytest.raises(BackendError):
        describe("nonsense")


@pytest.mark.llm
def test_openai_backend_answers_through_a_local_openai_compatible_server(llama_server: str) -> None:
    model = make_chat_model(f"openai:{SERVER_MODEL_ALIAS}", llama_server, max_tokens=24)

    reply = model.invoke(PROMPT)

    assert isinstance(reply, AIMessage)
    assert reply.text.strip()
    assert reply.response_metadata["finish_reason"] in {"stop", "length"}


@pytest.mark.llm
def test_openai_backend_streams_the_answer_in_pieces(llama_server: str) -> None:
    model = make_chat_model(f"openai:{SERVER_MODEL_ALIAS}", llama_server, max_tokens=24)

    chunks = list(model.stream(PROMPT))
    pieces = [chunk.text for chunk in chunks if chunk.text]
    whole = sum(chunks[1:], chunks[0])

    assert len(pieces) >= 3
    assert "".join(pieces).strip()
    assert whole.response_metadata["finish_reason"] in {"stop", "length"}
    # No comparison with invoke(): the server reuses the previous request's prompt cache, which can change
    # even greedy output, so two requests with the same messages need not agree.


@pytest.mark.llm
def test_openai_backend_stops_at_max_tokens_on_a_local_server(llama_server: str) -> None:
    model = make_chat_model(f"openai:{SERVER_MODEL_ALIAS}", llama_server, max_tokens=4)

    reply = model.invoke(PROMPT)

    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["output_tokens"] <= 4


@pytest.mark.llm
def test_llamacpp_backend_answers_and_streams_in_process(gemma_gguf: Path) -> None:
    require_llama_cpp()
    model = make_chat_model(f"llamacpp:{gemma_gguf}", max_tokens=24)

    reply = model.invoke(PROMPT)
    pieces = [chunk.text for chunk in model.stream(PROMPT) if chunk.text]

    # Each request starts from a clean context, so greedy decoding gives the same text both ways.
    assert reply.text.strip()
    assert reply.usage_metadata is not None
    assert 0 < reply.usage_metadata["output_tokens"] <= 24
    assert len(pieces) >= 3
    assert "".join(pieces) == reply.text
