"""Finding local language-model servers: where the page looks, and what a real llama.cpp server offers."""

import pytest

from tests.llm_server import SERVER_MODEL_ALIAS
from tests.ports import free_port
from ui import answerers


def test_the_page_looks_at_ollama_the_configured_server_and_llama_cpp():
    found = answerers.servers("http://127.0.0.1:9000/v1/", ollama_host="gpu-box:11434")

    assert [(server.kind, server.base_url) for server in found] == [
        ("ollama", "http://gpu-box:11434"),
        ("openai", "http://127.0.0.1:9000/v1"),
        ("openai", answerers.LLAMA_CPP_URL),
    ]
    assert [server.kind for server in answerers.servers(answerers.LLAMA_CPP_URL, ollama_host="")] == [
        "ollama",
        "openai",
    ]  # llama.cpp's address given as the configured one is asked once


def test_nothing_listening_means_no_answerers_and_no_wait():
    port = free_port()
    closed = [answerers.Server("ollama", f"http://127.0.0.1:{port}", "Ollama")]
    closed.append(answerers.Server("openai", f"http://127.0.0.1:{port}/v1", "llama.cpp"))

    assert answerers.detect(closed, timeout=1.0) == []


def test_the_same_model_name_on_two_servers_gives_two_choices():
    first = answerers.answerer("openai:gemma", "http://127.0.0.1:8080/v1", "llama.cpp")
    second = answerers.answerer("openai:gemma", "http://127.0.0.1:9000/v1", "RAG_LLM_BASE_URL")

    assert first.key != second.key and first.spec == second.spec == "openai:gemma"
    assert answerers.answerer("extractive") is answerers.EXTRACTIVE_ANSWERER


@pytest.mark.llm
def test_a_real_llama_cpp_server_offers_its_model(llama_server):
    server = answerers.Server("openai", llama_server, "llama.cpp")

    found = answerers.detect([server])

    assert [(choice.spec, choice.base_url) for choice in found] == [(f"openai:{SERVER_MODEL_ALIAS}", llama_server)]
