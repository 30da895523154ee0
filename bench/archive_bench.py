"""The archive run: each encoder path on this CPU, ingesting the news-scale archive (or its first N articles), and
search, ask, cold start, memory and adding one article on the store that ingest built.

Run through `bench/run.py --only archive [--archive-articles N]`. The whole archive (20,000 articles) takes most
of an hour even on a fast path; a slice is measured and the full time extrapolated from the archive's own chunk
count, which is computed exactly by reading and chunking all of it (that time is reported too).
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import ROOT
from bench.timing import child_json, cpu_seconds, median

ARCHIVE = ROOT.parent / "shared" / "devdata" / "news-scale" / "articles.jsonl.gz"
ENCODER_PASSAGES = 64  # real archive chunks encoded by every path
QUESTIONS = 60  # article titles searched on the archive store (timing only: the archive has no questions)
ASKED = 20
COLD_RUNS = 3


def archive_slice(count: int, folder: Path) -> Path:
    """Return a `.jsonl.gz` of the archive's first `count` articles (the archive itself when it has no more)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"archive-{count}.jsonl.gz"
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as source, gzip.open(target, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, count))
    return target


def archive_chunks(path: Path, limit: int | None = None) -> tuple[list[str], int, float]:
    """Return the embedding texts of the first `limit` chunks, the archive's total chunk count, and seconds taken."""
    from rag.ingest.chunking import embedding_text
    from rag.ingest.reading import ArticleRead, read_files

    started = time.perf_counter()
    texts: list[str] = []
    total = 0
    for event in read_files([path]):
        if isinstance(event, ArticleRead):
            total += len(event.chunks)
            if limit is None or len(texts) < limit:
                texts.extend(embedding_text(chunk) for chunk in event.chunks)
    return texts[:limit] if limit else texts, total, time.perf_counter() - started


def run_encoders(embeddings: Any, passages: list[str], rounds: int = 2) -> dict[str, Any]:
    """Return each encoder path's passages per second and cosine to float32 on the same passages, and auto's choice.

    Paths are timed alternately, `rounds` times each, so a change in the machine's load falls on all of them.
    """
    from rag.embedding.cpu import ENCODER_PATHS, candidate_paths, cpu_flags, cpu_model, notable_flags
    from rag.embedding.encoders import DEFAULT_ENCODERS
    from rag.embedding.models import E5Embeddings

    model = embeddings.model
    texts = [embeddings.passage_prefix + text for text in passages]
    batches = embeddings.batches(texts)
    encoders = {path: DEFAULT_ENCODERS[path](model) for path in ENCODER_PATHS}
    vectors: dict[str, np.ndarray] = {}
    seconds: dict[str, list[float]] = {path: [] for path in ENCODER_PATHS}
    cpu: dict[str, list[float]] = {path: [] for path in ENCODER_PATHS}
    for encoder in encoders.values():
        encoder.encode(texts[:4])  # warm-up: first calls allocate and pick kernels
    for _ in range(rounds):
        for path, encoder in encoders.items():
            out = np.empty((len(texts), model.get_embedding_dimension()), dtype=np.float32)
            started, cpu_started = time.perf_counter(), cpu_seconds()
            for batch in batches:
                out[batch] = encoder.encode([texts[i] for i in batch])
            seconds[path].append(time.perf_counter() - started)
            cpu[path].append(cpu_seconds() - cpu_started)
            vectors[path] = out
    reference = vectors["float32"]
    paths = {}
    for path in ENCODER_PATHS:
        cosines = np.sum(reference * vectors[path], axis=1)
        paths[path] = {
            "seconds": seconds[path],
            "passages_per_s": len(texts) / min(seconds[path]),
            "passages_per_s_median": len(texts) / median(seconds[path]),
            # per CPU second of this process: what the path costs, whatever share of the cores it was given
            "passages_per_cpu_s": len(texts) / min(cpu[path]),
            "cosine_min": float(cosines.min()),
            "cosine_mean": float(cosines.mean()),
        }
    auto = E5Embeddings(lambda: model, embeddings.model_id)
    started = time.perf_counter()
    auto.encode_passages(["نص"])
    flags = cpu_flags()
    return {
        "cpu": cpu_model(),
        "flags": notable_flags(flags),
        "candidates": list(candidate_paths(flags)),
        "passages": len(texts),
        "mean_chars": float(np.mean([len(text) for text in passages])),
        "rounds": rounds,
        "paths": paths,
        "auto": auto.encoder_choice.describe() if auto.encoder_choice else "",
        "auto_check_s": time.perf_counter() - started,
    }


def run_archive_ingest(embeddings: Any, archive: Path, store: Path, total_chunks: int) -> dict[str, Any]:
    """Return the real `Ingestor`'s rate on the archive (slice) into an empty store, its parts, and a resume."""
    from bench.ingest_bench import TimedEmbeddings, TimedIndex
    from rag.ingest.pipeline import Ingestor
    from rag.ingest.reading import expected_articles

    timed = TimedEmbeddings(embeddings)
    index = TimedIndex.open(path=store, model_id=embeddings.model_id, create=True)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    report = Ingestor(index, timed).ingest_paths([archive])
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started
    chunks_per_s = report.chunks_added / seconds
    began = time.perf_counter()
    again = Ingestor(index, timed).ingest_paths([archive])
    resumed = time.perf_counter() - began
    return {
        "articles": expected_articles([archive]),
        "articles_added": report.articles_added,
        "chunks": report.chunks_added,
        "seconds": seconds,
        "chunks_per_s": chunks_per_s,
        "articles_per_s": report.articles_added / seconds,
        "chunks_per_cpu_s": report.chunks_added / cpu,
        "embed_share": timed.seconds / seconds,
        "write_share": index.seconds / seconds,
        "encoder": embeddings.encoder_choice.describe() if embeddings.encoder_choice else "",
        "archive_chunks": total_chunks,
        "archive_minutes_extrapolated": total_chunks / chunks_per_s / 60,
        "rerun_seconds": resumed,
        "rerun_embedded": again.chunks_added,
    }


def archive_questions(archive: Path, count: int = QUESTIONS) -> list[str]:
    """Return the titles of `count` articles of the archive (seeded sample): queries the store can answer."""
    with gzip.open(archive, "rt", encoding="utf-8") as source:
        titles = [json.loads(line).get("title", "").strip() for line in source]
    titles = [title for title in titles if len(title.split()) >= 3]
    return random.Random(16).sample(titles, min(count, len(titles)))


def run_archive_queries(store: Path, embeddings: Any, questions: list[str], folder: Path) -> dict[str, Any]:
    """Return search and add-one figures from a fresh process (scale_bench's serve), ask p50 and cold search."""
    from bench.cold_start import RAG, time_command
    from bench.latency_bench import profile_ask
    from bench.scale_bench import CHILD_TIMEOUT

    questions_file = folder / "archive-questions.json"
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    served = child_json(
        "bench.scale_bench", "serve", "--store", store, "--questions", questions_file, "--label", "archive",
        timeout=CHILD_TIMEOUT,
    )  # fmt: skip
    asked = profile_ask(store, embeddings, questions[:ASKED])
    command = [str(RAG), "search", questions[0], "--store", str(store), "--k", "3"]
    cold = [time_command(command) for _ in range(COLD_RUNS)]
    return {
        "questions": len(questions),
        "search": served["search"],
        "search_no_embed": served["search_no_embed"],
        "keyword": served["keyword"],
        "dense": served["dense"],
        "peak_rss_mb": served["peak_rss_mb"],
        "add_article": served["add_article"],
        "ask": asked["ask"],
        "ask_first_time": asked["ask_first_time"],
        "cold_first_result_s": median([first for first, _, _ in cold]),
        "cold_all_s": [round(first, 2) for first, _, _ in cold],
    }


def run_archive(embeddings: Any, count: int, folder: Path, log=print) -> dict[str, Any]:
    """Return the whole archive run: encoder paths, ingest of the first `count` articles, queries on that store."""
    if not ARCHIVE.exists():
        return {"skipped": f"{ARCHIVE} is not on this machine"}
    archive = archive_slice(count, folder)
    log(f"  archive: reading and chunking all of {ARCHIVE.name} for its chunk count ...")
    passages, total_chunks, read_seconds = archive_chunks(ARCHIVE, ENCODER_PASSAGES)
    log(f"  archive: {total_chunks:,} chunks in {read_seconds:.0f} s; encoder paths on {len(passages)} chunks ...")
    encoders = run_encoders(embeddings, passages)
    log(f"  archive: ingesting the first {count:,} articles ...")
    store = folder / "archive-store"
    ingest = run_archive_ingest(embeddings, archive, store, total_chunks)
    ingest["archive_read_chunk_seconds"] = read_seconds
    log(f"  archive: {ingest['chunks']:,} chunks at {ingest['chunks_per_s']:.1f}/s; search, ask, cold start ...")
    queries = run_archive_queries(store, embeddings, archive_questions(archive), folder)
    return {"slice_articles": count, "encoders": encoders, "ingest": ingest, "queries": queries}


def summary_lines(results: dict[str, Any]) -> list[str]:
    """Return the archive figures as Markdown lines for RESULTS.md."""
    if "skipped" in results:
        return [f"Archive run skipped: {results['skipped']}."]
    enc, ing, q = results["encoders"], results["ingest"], results["queries"]
    lines = [
        f"CPU: {enc['cpu']}; flags: {' '.join(enc['flags'])}",
        f"Paths worth trying here: {', '.join(enc['candidates'])}; auto chose: {enc['auto']} "
        f"(start-up check {enc['auto_check_s']:.1f} s)",
        "",
        f"| Encoder path | passages/s (best of {enc['rounds']}) | median | per CPU second "
        "| cosine to float32 (min / mean) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, row in enc["paths"].items():
        per_cpu = row.get("passages_per_cpu_s")
        lines.append(
            f"| {path} | {row['passages_per_s']:.2f} | {row['passages_per_s_median']:.2f} | "
            f"{'–' if per_cpu is None else f'{per_cpu:.2f}'} | {row['cosine_min']:.5f} / {row['cosine_mean']:.5f} |"
        )
    lines += [
        "",
        f"{enc['passages']} real archive chunks (mean {enc['mean_chars']:.0f} characters), batched as ingestion "
        "batches them.",
        "",
        f"Ingest of the first {results['slice_articles']:,} articles ({ing['encoder']}): {ing['chunks']:,} chunks "
        f"in {ing['seconds']:.0f} s = **{ing['chunks_per_s']:.1f} chunks/s** ({ing['articles_per_s']:.2f} "
        f"articles/s{_per_cpu(ing)}); embedding {ing['embed_share']:.0%} of the time, writing "
        f"{ing['write_share']:.0%}.",
        _whole_archive_line(ing),
        f"Running the same ingest again: {ing['rerun_seconds']:.1f} s, {ing['rerun_embedded']} chunks embedded "
        "(every article skipped by its content hash).",
        "",
        "| On the archive store | figure |",
        "| --- | --- |",
        f"| search p50 / p95 (warm, {q['questions']} titles) | {q['search']['p50_ms']:.0f} / "
        f"{q['search']['p95_ms']:.0f} ms |",
        f"| of which keyword p95 / dense p95 | {q['keyword']['p95_ms']:.0f} / {q['dense']['p95_ms']:.0f} ms |",
        f"| `rag ask` p50 (warm, extractive, {ASKED} titles) | {q['ask']['p50_ms']:.0f} ms |",
        f"| cold `rag search` to first result (median of {COLD_RUNS}) | {q['cold_first_result_s']:.2f} s |",
        f"| peak RSS of the searching process | {q['peak_rss_mb']:.0f} MiB |",
        f"| add one article (median of 3, embedding included) | {q['add_article']['seconds']:.2f} s |",
    ]
    return lines


def _per_cpu(ingest: dict[str, Any]) -> str:
    rate = ingest.get("chunks_per_cpu_s")
    return "" if rate is None else f"; {rate:.2f} chunks per CPU second"


def _whole_archive_line(ing: dict) -> str:
    """Return what the run says of the whole archive: measured when the slice was all of it, else extrapolated."""
    read = f"read and chunked in {ing['archive_read_chunk_seconds']:.0f} s, overlapped with embedding during an ingest"
    if ing["chunks"] >= 0.99 * ing["archive_chunks"]:
        return (
            f"The whole archive is {ing['archive_chunks']:,} chunks ({read}); this run ingested it in "
            f"**{ing['seconds'] / 60:.0f} minutes** (measured)."
        )
    return (
        f"The whole archive is {ing['archive_chunks']:,} chunks ({read}): at this rate "
        f"**{ing['archive_minutes_extrapolated']:.0f} minutes** (extrapolated, not measured)."
    )
