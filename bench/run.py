"""Runs every benchmark, prints the results table and writes bench/RESULTS.md.

Run from the project root: `.venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--quick]`.
`--quick` is a smoke run: the 1k size only, fewer questions and rounds. See bench/README.md.
The archive run (`--only archive`) and server mode at scale (`--only snapshot`) run only when asked for, and
write their own sections of RESULTS.md, leaving the others as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PARTS = ("ingest", "latency", "cold", "baseline", "scale")
SEPARATE_PARTS = ("archive", "recall", "snapshot")  # long; run only when named, each rewriting its own section


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="collection sizes in chunks (comma-separated)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k chunks only, fewer questions and rounds")
    parser.add_argument("--only", help=f"comma-separated parts to run, of: {', '.join(PARTS + SEPARATE_PARTS)}")
    parser.add_argument("--archive-articles", type=int, default=2000, help="articles of the archive to ingest")
    parser.add_argument("--snapshot-chunks", type=int, default=100_000, help="passages on the server (snapshot)")
    parser.add_argument("--recall-questions", type=int, default=60, help="news-dev questions (recall)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md", help="where to write the results")
    parser.add_argument("--from-json", type=Path, help="only render the figures a previous run saved")
    return parser.parse_args()


def log(message: str) -> None:
    """Print a progress line with the time and the machine's load to stderr."""
    one, five, _ = os.getloadavg()
    print(f"[{time.strftime('%H:%M:%S')} load {one:.1f}/{five:.1f}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    args = parse_args()
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    unknown = parts - set(PARTS + SEPARATE_PARTS)
    if unknown:
        known = ", ".join(PARTS + SEPARATE_PARTS)
        raise SystemExit(f"Unknown parts: {', '.join(sorted(unknown))}; choose from {known}.")
    if parts & set(SEPARATE_PARTS):
        run_separate(parts & set(SEPARATE_PARTS), args)
        parts -= set(SEPARATE_PARTS)
        if not parts:
            return
    if args.from_json:
        write(json.loads(args.from_json.read_text(encoding="utf-8")), args.out)
        return
    sizes = [1000] if args.quick else [int(size) for size in args.sizes.split(",") if size.strip()]
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    command = "bench/run.py" + (" --quick" if args.quick else f" --sizes {','.join(map(str, sizes))}")
    results: dict[str, Any] = {"command": command}
    try:
        run(results, parts, sizes, args.quick, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        from bench.timing import load

        results.update(seconds=time.perf_counter() - started, load_end=load())
        saved = Path(tempfile.gettempdir()) / "rag-bench-results.json"
        saved.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
        log(f"figures saved in {saved} (re-render with --from-json)")
    write(results, args.out)


def write(results: dict[str, Any], out: Path) -> None:
    """Print the results table and write it to `out`."""
    from bench.report import markdown

    text = markdown(results)
    print(text)
    out.write_text(text, encoding="utf-8")
    log(f"wrote {out}")


def run(results: dict[str, Any], parts: set[str], sizes: list[int], quick: bool, workdir: Path) -> None:
    """Run the chosen parts in order, sharing one loaded model, adding every figure to `results`."""
    from bench.corpus import arcd_sample, seed_questions, spread
    from bench.timing import load, machine
    from rag.embedding.models import load_embeddings

    results.update(date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), load_start=load())
    log("loading the embedding model")
    embeddings = load_embeddings()
    results["machine"] = machine()
    arcd, arcd_questions = arcd_sample()
    results["arcd_paragraphs"] = len(arcd)
    seeds = seed_questions()
    arcd_store = workdir / "arcd-store"
    if "ingest" in parts:
        from bench.ingest_bench import run_ingest

        log(f"ingestion against the model's forward pass ({len(arcd)} ARCD paragraphs and the seed files)")
        results["ingest"] = run_ingest(embeddings, arcd, rounds=1 if quick else 2, keep=arcd_store)
    if parts & {"latency", "cold"}:
        seeds_store = _seeds_store(embeddings, workdir / "seeds-store")
        if "latency" in parts:
            from bench.latency_bench import run_latency

            log("warm search and ask latency on the seeds store")
            results["latency"] = run_latency(seeds_store, embeddings, seeds, repeats=1 if quick else 3)
        if "cold" in parts:
            from bench.cold_start import run_cold_start

            log("cold start of rag search")
            results["cold"] = run_cold_start(seeds_store, runs=3 if quick else 5)
    if "baseline" in parts:
        from bench.baseline_bench import run_baseline, run_ours
        from bench.ingest_bench import ingest_once

        if not arcd_store.exists():
            ingest_once(embeddings, arcd, arcd_store)
        questions = spread(arcd_questions, 40 if quick else len(arcd_questions))
        log(f"LangChain tutorial baseline and ours on {len(questions)} ARCD questions")
        results["baseline"] = {
            "questions": len(questions),
            "tutorial": run_baseline(arcd, questions),
            "ours": run_ours(arcd_store, embeddings, questions),
        }
    if "scale" in parts:
        from bench.scale_bench import run_scale

        questions = [q.text for q in spread(arcd_questions, 20 if quick else 60)] + [q.text for q in seeds]
        log(f"scale: {', '.join(f'{size:,}' for size in sizes)} chunks")
        results["scale"] = run_scale(sizes, embeddings, questions, workdir / "scale", log=log)


def run_separate(parts: set[str], args: argparse.Namespace) -> None:
    """Run the archive, recall and snapshot parts, each into its own section of RESULTS.md."""
    from bench.report import replace_section
    from bench.timing import load, machine

    for part in sorted(parts):
        started = time.perf_counter()
        workdir = Path(tempfile.mkdtemp(prefix=f"rag-bench-{part}-"))
        header = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load_start": load()}
        try:
            title, command, figures, summary_lines = _separate_part(part, args, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        header |= {"machine": machine(), "load_end": load(), "minutes": (time.perf_counter() - started) / 60}
        saved = Path(tempfile.gettempdir()) / f"rag-bench-{part}.json"
        saved.write_text(json.dumps(header | figures, indent=1, ensure_ascii=False), encoding="utf-8")
        lines = [
            f"Measured {header['date']} with `{command}` in {header['minutes']:.1f} min on {header['machine']['cpu']}, "
            f"{header['machine']['cores']} cores; load average at start {header['load_start']}, at end "
            f"{header['load_end']}.",
            "",
            *summary_lines(figures),
        ]
        print("\n".join(lines))
        replace_section(args.out, title, lines)
        log(f"wrote the {title} section of {args.out} (figures in {saved})")


def _separate_part(part: str, args: argparse.Namespace, workdir: Path) -> tuple[str, str, dict[str, Any], Any]:
    """Run one separate part; return its section title, its command line, its figures and their renderer."""
    if part == "snapshot":
        from bench.snapshot_bench import run_snapshot, summary_lines

        figures = run_snapshot(args.snapshot_chunks, workdir, log=log)
        command = f"bench/run.py --only snapshot --snapshot-chunks {args.snapshot_chunks}"
        return "Server mode at scale (keyword snapshot)", command, figures, summary_lines
    from rag.embedding.models import load_embeddings

    log("loading the embedding model")
    embeddings = load_embeddings()
    if part == "recall":
        from bench.encoder_recall import run_encoder_recall, summary_lines

        figures = run_encoder_recall(embeddings, args.recall_questions, log=log)
        command = f"bench/run.py --only recall --recall-questions {args.recall_questions}"
        return "Encoder paths and retrieval (news-dev R@5)", command, figures, summary_lines
    from bench.archive_bench import run_archive, summary_lines

    figures = run_archive(embeddings, args.archive_articles, workdir, log=log)
    command = f"bench/run.py --only archive --archive-articles {args.archive_articles}"
    return "Archive run (news-scale)", command, figures, summary_lines


def _seeds_store(embeddings: Any, store: Path) -> Path:
    """Ingest the seed folder into a new store and return its path."""
    from bench.corpus import SEEDS
    from rag.index.article_index import ArticleIndex
    from rag.ingest.pipeline import Ingestor

    index = ArticleIndex.open(path=store, model_id=embeddings.model_id, create=True)
    Ingestor(index, embeddings).ingest_paths([SEEDS])
    return store


if __name__ == "__main__":
    main()
