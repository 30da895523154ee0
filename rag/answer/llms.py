"""Chat models for writing answers, chosen by a spec string such as ``ollama:qwen2.5:7b``.

Specs:

- ``ollama:<model>``: an Ollama server at ``base_url``, else ``OLLAMA_HOST``, else localhost:11434.
- ``openai:<model>``: the OpenAI API, or with ``base_url`` any OpenAI-compatible server (llama.cpp's
  server, vLLM, LM Studio). The key comes from ``OPENAI_API_KEY``; local servers need none.
- ``llamacpp:<path.gguf>``: the model file run in this process (the ``llamacpp`` extra).

``extractive`` means "no language model" and is handled by the answer builder before it gets here;
passing it to :func:`make_chat_model` raises :class:`BackendError`.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any, NamedTuple

from langchain_core.language_models import BaseChatModel

from rag.errors import BackendError

EXTRACTIVE = "extractive"
PREFIXES = ("ollama", "openai", "llamacpp")
EXAMPLES = "ollama:qwen2.5:7b, openai:gpt-4o-mini or llamacpp:/path/model.gguf"
# Local OpenAI-compatible servers ignore the key, but the client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"


class LlmSpec(NamedTuple):
    """A parsed spec: which backend, and the model name or file path it is given."""

    backend: str
    model: str


def parse_spec(spec: str) -> LlmSpec:
    """Split ``backend:model`` at the first colon; Ollama tags and Windows paths keep theirs."""
    if spec.strip() == EXTRACTIVE:
        raise BackendError("The extractive answerer uses no language model, so there is no chat model to build.")
    backend, _, model = spec.strip().partition(":")
    backend = backend.lower()
    if backend not in PREFIXES:
        raise BackendError(f"Unknown language model '{spec}'; use extractive, {EXAMPLES}.")
    if not model.strip():
        raise BackendError(f"The spec '{spec}' names no model; write it as {EXAMPLES}.")
    return LlmSpec(backend, model.strip())


def make_chat_model(
    spec: str,
    base_url: str | None = None,
    *,
    temperature: float = 0.0,
    max_tokens: int = 512,
    timeout: float = 120,
) -> BaseChatModel:
    """Return the LangChain chat model that ``spec`` names, ready to ``invoke`` or ``stream``.

    Nothing is contacted here: a server that is down shows up on the first request. ``base_url`` is ignored
    by ``llamacpp:``, which loads its file right away.
    """
    backend, model = parse_spec(spec)
    if backend == "ollama":
        return _ollama(model, base_url, temperature=temperature, max_tokens=max_tokens, timeout=timeout)
    if backend == "openai":
        return _openai(model, base_url, temperature=temperature, max_tokens=max_tokens, timeout=timeout)
    return _llamacpp(model, temperature=temperature, max_tokens=max_tokens)


def describe(spec: str, base_url: str | None = None) -> str:
    """Return a short human-readable name for the answerer, for the CLI and the chat page."""
    if spec.strip() == EXTRACTIVE:
        return "extractive (quotes the best passages, no language model)"
    backend, model = parse_spec(spec)
    if backend == "ollama":
        return f"Ollama {model} at {base_url or os.environ.get('OLLAMA_HOST') or 'localhost:11434'}"
    if backend == "openai":
        return f"{model} at {base_url}" if base_url else f"OpenAI {model}"
    return f"llama.cpp {Path(model).name} (in process)"


def _chat_class(backend: str, module: str, name: str) -> Any:
    """Return a LangChain chat model class from its optional package, or say which package to install."""
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        package = module.replace("_", "-")
        raise BackendError(f"The {backend} backend needs {package}; install it with pip install {package}.") from exc


def _ollama(model: str, base_url: str | None, *, temperature: float, max_tokens: int, timeout: float) -> BaseChatModel:
    ChatOllama = _chat_class("ollama", "langchain_ollama", "ChatOllama")
    # base_url None lets the ollama client read OLLAMA_HOST itself, in every form it accepts ("host:port" too).
    return ChatOllama(
        model=model,
        base_url=base_url,
        temperature=temperature,
        num_predict=max_tokens,
        client_kwargs={"timeout": timeout},
    )


def _openai(model: str, base_url: str | None, *, temperature: float, max_tokens: int, timeout: float) -> BaseChatModel:
    ChatOpenAI = _chat_class("openai", "langchain_openai", "ChatOpenAI")
    api_key = os.environ.get("OPENAI_API_KEY")
    if not api_key and not base_url:
        raise BackendError(
            "The openai backend needs OPENAI_API_KEY in the environment, or --llm-base-url for a local server."
        )
    # ChatOpenAI sends the limit as max_completion_tokens, which llama-cpp-python's server (and older
    # OpenAI-compatible servers) ignore, generating until the context is full; local servers also get the
    # classic max_tokens. The OpenAI API itself rejects max_tokens for some models, so it gets only the new name.
    extra_body = {"max_tokens": max_tokens} if base_url else None
    return ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=api_key or PLACEHOLDER_API_KEY,
        temperature=temperature,
        max_completion_tokens=max_tokens,
        timeout=timeout,
        extra_body=extra_body,
    )


def _llamacpp(path: str, *, temperature: float, max_tokens: int) -> BaseChatModel:
    from rag.answer.llamacpp_chat import ChatLlamaCpp

    return ChatLlamaCpp(model_path=str(Path(path).expanduser()), temperature=temperature, max_tokens=max_tokens)
