"""Server mode at scale: opening a collection shared through a real `chroma run`, with and without a keyword snapshot.

The parent starts a server and fills a collection with `count` chunks (real archive texts, cycled under new ids,
with random unit vectors: the keyword side never reads vectors). Each open is timed in a new process, as a newly
started app process would open it: once without a snapshot (the index built from the server's passages, as every
process did before snapshots), then with the snapshot on disk, then after another process added an article.

Child use: `python -m bench.snapshot_bench open|add --url URL --snapshots FOLDER` (the parent passes these).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import ROOT
from bench.timing import child_json, median, peak_rss_mb

BATCH = 500  # small writes: a busy server answers each well within the request time limit
OPENS = 3
CHILD_TIMEOUT = 1800


def fill(url: str, count: int, log=print) -> float:
    """Put `count` chunks of real archive text into the server's collection; return the seconds it took."""
    from bench.archive_bench import ARCHIVE
    from rag.index.chroma import ChunkStore
    from rag.ingest.reading import ArticleRead, read_files

    store = ChunkStore.open(url=url, model_id="bench", create=True)
    rng = np.random.default_rng(16)
    batch: list = []
    added = 0
    started = time.perf_counter()
    while added < count:
        for event in read_files([ARCHIVE]):
            if not isinstance(event, ArticleRead):
                continue
            for chunk in event.chunks:
                batch.append(_renamed(chunk, added + len(batch)))
                if len(batch) == BATCH or added + len(batch) == count:
                    vectors = rng.normal(size=(len(batch), 384)).astype(np.float32)
                    store.add(batch, (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).tolist())
                    added += len(batch)
                    batch = []
                    if added % 10_000 == 0:
                        log(f"  snapshot: {added:,} chunks on the server")
                if added == count:
                    return time.perf_counter() - started
    return time.perf_counter() - started


def _renamed(chunk: Any, number: int) -> Any:
    """Return the chunk under an id of its own, so archive texts can be stored more than once."""
    import dataclasses

    return dataclasses.replace(chunk, chunk_id=f"{number:07d}-{chunk.chunk_id[:16]}")


def run_snapshot(count: int, folder: Path, log=print) -> dict[str, Any]:
    """Return how long a new process takes to open the collection, without and with its snapshot."""
    sys.path.insert(0, str(ROOT))
    from tests.chroma_server import ChromaServer

    server = ChromaServer(folder / "chroma-data", folder / "chroma.log")
    server.start()
    try:
        log(f"  snapshot: filling a collection with {count:,} chunks ...")
        fill_seconds = fill(server.url, count, log)
        snapshots = folder / "snapshots"
        log("  snapshot: opening without a snapshot (built from the server) ...")
        first = _child("open", "--url", server.url, "--snapshots", snapshots)
        log(f"  snapshot: first open {first['seconds']:.1f} s; opening with the snapshot ...")
        warm = [_child("open", "--url", server.url, "--snapshots", snapshots) for _ in range(OPENS)]
        added = _child("add", "--url", server.url, "--snapshots", folder / "unused")
        after = _child("open", "--url", server.url, "--snapshots", snapshots)
    finally:
        server.stop()
    return {
        "chunks": first["keyword"],
        "fill_seconds": fill_seconds,
        "open_without_snapshot_s": first["seconds"],
        "open_with_snapshot_s": median([run["seconds"] for run in warm]),
        "open_with_snapshot_all_s": [round(run["seconds"], 2) for run in warm],
        "open_peak_rss_mb": max(run["peak_rss_mb"] for run in warm),
        "other_process_added_chunks": added["chunks"],
        "open_after_other_add_s": after["seconds"],
        "keyword_after_other_add": after["keyword"],
    }


def _child(*args: object) -> dict[str, Any]:
    return child_json("bench.snapshot_bench", *args, timeout=CHILD_TIMEOUT)


def open_index(url: str, snapshots: Path) -> dict[str, Any]:
    """Open the collection as an app process does (imports excluded) and return the seconds and keyword count."""
    from rag.index.article_index import ArticleIndex

    started = time.perf_counter()
    index = ArticleIndex.open(url=url, model_id="bench", snapshots=snapshots)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "keyword": index.keyword.count(), "peak_rss_mb": peak_rss_mb()}


def add_article(url: str) -> dict[str, Any]:
    """Add one archive article's chunks to the server from this process; return how many chunks.

    Straight to the collection, as another machine's ingest reaches it: that machine's own keyword
    side is no concern of the processes measured here.
    """
    from bench.archive_bench import ARCHIVE
    from rag.index.chroma import ChunkStore
    from rag.ingest.reading import ArticleRead, read_files

    index = ChunkStore.open(url=url, model_id="bench")
    event = next(event for event in read_files([ARCHIVE]) if isinstance(event, ArticleRead))
    chunks = [_renamed(chunk, 9_000_000 + number) for number, chunk in enumerate(event.chunks)]
    vectors = np.random.default_rng(1).normal(size=(len(chunks), 384))
    index.add(chunks, (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).tolist())
    return {"chunks": len(chunks)}


def summary_lines(results: dict[str, Any]) -> list[str]:
    """Return the snapshot figures as Markdown lines for RESULTS.md."""
    return [
        f"A real `chroma run` on this machine holding {results['chunks']:,} passages (archive texts, filled in "
        f"{results['fill_seconds']:.0f} s). Each open is a new process running `ArticleIndex.open(url=...)` "
        "(imports excluded).",
        "",
        "| Open of the shared collection | seconds |",
        "| --- | --- |",
        f"| without a snapshot (keyword index built from the server's passages, as before) | "
        f"{results['open_without_snapshot_s']:.1f} |",
        f"| with this machine's snapshot (median of {OPENS}: {results['open_with_snapshot_all_s']}) | "
        f"**{results['open_with_snapshot_s']:.2f}** |",
        f"| after another process added an article ({results['other_process_added_chunks']} chunks, fetched by id) | "
        f"{results['open_after_other_add_s']:.2f} |",
        "",
        f"Peak RSS of an opening process: {results['open_peak_rss_mb']:.0f} MiB. The keyword side held "
        f"{results['keyword_after_other_add']:,} passages after the catch-up.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="One step of the snapshot benchmark (run by bench/run.py).")
    parser.add_argument("step", choices=["open", "add"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--snapshots", type=Path, required=True)
    args = parser.parse_args()
    result = open_index(args.url, args.snapshots) if args.step == "open" else add_article(args.url)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
