"""Warm search and extractive-answer latency, split into the parts of a hybrid search."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench.corpus import Question
from bench.timing import latency_summary, timed_calls
from rag.index.article_index import ArticleIndex
from rag.query.retrieval import CANDIDATES, HybridRetriever, query_names

WARMUP = 3


def profile_search(retriever: HybridRetriever, questions: Sequence[str], k: int = 5) -> dict[str, Any]:
    """Return p50/p95 of whole searches and of their parts, each question searched once warm.

    "search" is `HybridRetriever.search` as the CLI calls it: embedding the question, the
    vector search, the keyword search, fusion and fetching the chunks. "search_no_embed" is
    the same call given the question's vector, embedded beforehand outside the timing.
    """
    from rag.text.arabic import detect_language

    embeddings = retriever.embeddings
    for question in questions[:WARMUP]:
        retriever.search(question, k=k)
    vectors = {question: embeddings.embed_query(question) for question in questions}
    index = retriever.index

    def keyword(question: str) -> object:
        tokens = retriever.query_tokens(question, detect_language(question))
        return index.keyword.search(tokens, CANDIDATES, names=query_names(question))

    return {
        "search": latency_summary(timed_calls(lambda q: retriever.search(q, k=k), questions)),
        "search_no_embed": latency_summary(
            timed_calls(lambda q: retriever.search(q, k=k, vector=vectors[q]), questions)
        ),
        "embed_query": latency_summary(timed_calls(embeddings.embed_query, questions)),
        "dense": latency_summary(timed_calls(lambda q: index.chunks.search(vectors[q], CANDIDATES), questions)),
        "keyword": latency_summary(timed_calls(keyword, questions)),
    }


def profile_ask(
    store: Path, embeddings: Embeddings, questions: Sequence[str], *, fill_sentences: bool = False
) -> dict[str, Any]:
    """Return p50/p95 of `Assistant.ask` with the extractive answerer, as `rag ask` runs it, warm.

    Also how much of it went to embedding passages' sentences (`embed_documents`), and how many per question,
    and "ask_first_time": each question again with the answerer's sentence cache emptied first, as the first
    question about a story would run. With `fill_sentences` the store's sentence vectors are then filled
    (`rag sentence-vectors`, timed) and "ask_sentences_stored" is the first-time figure again on the filled store.
    """
    from bench.ingest_bench import TimedEmbeddings
    from rag.assistant import Assistant
    from rag.config import Settings

    timed = TimedEmbeddings(embeddings)
    assistant = Assistant(Settings(store=store, llm="extractive"), embeddings=timed)  # the model already loaded
    for question in questions[:WARMUP]:
        assistant.ask(question)
    timed.seconds, timed.texts = 0.0, 0
    seconds = timed_calls(assistant.ask, questions)
    embedded = {
        "ask_sentence_share": timed.seconds / sum(seconds),
        "ask_sentences": timed.texts / len(questions),
    }
    sentence_cache = assistant.chain.answerer.embeddings

    def first_time(question: str) -> object:
        sentence_cache.clear()
        return assistant.ask(question)

    figures = {
        "ask": latency_summary(seconds),
        "ask_first_time": latency_summary(timed_calls(first_time, questions)),
        **embedded,
    }
    if fill_sentences:
        started = time.perf_counter()
        report = assistant.fill_sentence_vectors()
        figures["fill_seconds"] = time.perf_counter() - started
        figures["fill_sentences"] = report.sentences_embedded
        figures["ask_sentences_stored"] = latency_summary(timed_calls(first_time, questions))
    return figures


def run_latency(store: Path, embeddings: Embeddings, questions: Sequence[Question], repeats: int) -> dict[str, Any]:
    """Return search latency on a store, each question searched `repeats` times, and ask latency, each asked once."""
    texts = [question.text for question in questions]
    index = ArticleIndex.open(path=store, model_id=getattr(embeddings, "model_id", None))
    retriever = HybridRetriever(index=index, embeddings=embeddings)
    return {
        "chunks": index.count(),
        "questions": len(texts) * repeats,
        "asked": len(texts),
        **profile_search(retriever, texts * repeats),
        **profile_ask(store, embeddings, texts, fill_sentences=True),
    }
