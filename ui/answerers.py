"""Finding the language-model servers running on this machine, and the models each offers as answerers.

Three kinds are looked for, each at the address it listens on unless told otherwise: Ollama (`OLLAMA_HOST`,
else port 11434), an OpenAI-compatible server at `RAG_LLM_BASE_URL`, and llama.cpp's server (port 8080).
Each is asked for its model list with a short timeout, so a page start or a "detect" click never hangs on
a server that is not there.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

EXTRACTIVE = "extractive"
OLLAMA_URL = "http://127.0.0.1:11434"
LLAMA_CPP_URL = "http://127.0.0.1:8080/v1"
PROBE_TIMEOUT = 1.5  # seconds; a local server answers its model list in milliseconds


@dataclass(frozen=True)
class Answerer:
    """One choice of the answerer menu: the spec and server address the answer chain is built with."""

    key: str  # what the menu's value is: unique even when two servers offer a model of the same name
    spec: str  # "extractive", "ollama:qwen2.5:7b", "openai:gemma"
    base_url: str | None
    label: str


@dataclass(frozen=True)
class Server:
    """A place a language-model server may listen: its kind ("ollama" or "openai"), address and name."""

    kind: str
    base_url: str
    name: str


EXTRACTIVE_ANSWERER = Answerer(EXTRACTIVE, EXTRACTIVE, None, "extractive (quotes the articles)")


def answerer(spec: str, base_url: str | None = None, server: str = "") -> Answerer:
    """Return the menu choice for a spec served at `base_url` (named `server` in the menu)."""
    if spec in ("", EXTRACTIVE):
        return EXTRACTIVE_ANSWERER
    key = f"{spec} @ {base_url}" if base_url else spec
    return Answerer(key, spec, base_url, f"{spec} · {server}" if server else key)


def servers(base_url: str | None = None, ollama_host: str | None = None) -> list[Server]:
    """Return the addresses to look at: Ollama, the configured OpenAI-compatible server, llama.cpp's default."""
    ollama = ollama_host if ollama_host is not None else os.environ.get("OLLAMA_HOST", "")
    if ollama and "://" not in ollama:
        ollama = f"http://{ollama}"
    found = [Server("ollama", (ollama or OLLAMA_URL).rstrip("/"), "Ollama")]
    if base_url:
        found.append(Server("openai", base_url.rstrip("/"), "RAG_LLM_BASE_URL"))
    if not base_url or base_url.rstrip("/") != LLAMA_CPP_URL:
        found.append(Server("openai", LLAMA_CPP_URL, "llama.cpp"))
    return found


def _get_json(url: str, timeout: float) -> object:
    # An empty ProxyHandler: a proxy set in the environment must not intercept a loopback address.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return json.load(response)


def models_of(server: Server, timeout: float = PROBE_TIMEOUT) -> list[Answerer]:
    """Return the answerers a server offers, none when nothing answers there or the answer is not a model list."""
    try:
        if server.kind == "ollama":
            listing = _get_json(f"{server.base_url}/api/tags", timeout)
            names = [model.get("name") for model in listing.get("models", [])]  # type: ignore[union-attr]
        else:
            listing = _get_json(f"{server.base_url}/models", timeout)
            names = [model.get("id") for model in listing.get("data", [])]  # type: ignore[union-attr]
    except (OSError, urllib.error.URLError, ValueError, AttributeError, TypeError):
        return []
    where = f"{server.name} {server.base_url.split('://')[-1]}"
    return [answerer(f"{server.kind}:{name}", server.base_url, where) for name in names if isinstance(name, str)]


def detect(candidates: Iterable[Server], timeout: float = PROBE_TIMEOUT) -> list[Answerer]:
    """Return the models every reachable server offers, asking all of them at once."""
    candidates = list(candidates)
    with ThreadPoolExecutor(max_workers=max(1, len(candidates))) as pool:
        lists = list(pool.map(lambda server: models_of(server, timeout), candidates))
    found: dict[str, Answerer] = {}
    for models in lists:
        for model in models:
            found.setdefault(model.key, model)
    return list(found.values())
