"""Prints the chat page's latency and throughput under N parallel `gradio_client` clients on 127.0.0.1.

Run from the project root: `.venv/bin/python bench/bench_load.py [--clients 8] [--requests 2] [--store PATH]`.
The page is served in this process over `--store`, or by default over a temporary store holding the seed
articles. Each client has its own session and asks `--requests` seed questions in turn through `/chat`;
every call must finish within `--timeout` seconds of the start. Each question is first asked by one client
alone: that gives the latency without contention and the answer every parallel call must repeat word for word.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr
    from gradio_client import Client

ROOT = Path(__file__).resolve().parents[1]
MAX_CLIENTS = 16
MAX_REQUESTS = 10


@dataclass(frozen=True)
class Result:
    """One call: how long it took, and its answer or what went wrong."""

    question: str
    seconds: float
    text: str | None
    error: str | None = None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help=f"parallel clients, 1-{MAX_CLIENTS} (default 8)")
    parser.add_argument("--requests", type=int, default=2, help=f"questions per client, 1-{MAX_REQUESTS} (default 2)")
    parser.add_argument("--store", type=Path, help="an existing store to serve (default: the seeds, ingested anew)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds every call must end within (600)")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.requests <= MAX_REQUESTS:
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --requests 1-{MAX_REQUESTS}")
    return args


def seed_questions() -> list[str]:
    """Return the seed questions that have an article to answer from."""
    lines = (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [record["question"] for record in map(json.loads, filter(None, lines)) if record["source"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(client: Client, question: str, deadline: float) -> Result:
    """Return one /chat call's answer and time, or the error when it failed or timed out."""
    started = time.perf_counter()
    try:
        text = client.submit(question, api_name="/chat").result(timeout=max(1.0, deadline - time.monotonic()))
    except Exception as error:  # a benchmark counts failures rather than stopping at the first
        return Result(question, time.perf_counter() - started, None, f"{type(error).__name__}: {error}")
    return Result(question, time.perf_counter() - started, text)


def run_client(url: str, questions: list[str], deadline: float, ready: threading.Barrier) -> list[Result]:
    """Open a client of its own, wait for the others, then ask each question in turn."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    try:
        ready.wait(timeout=max(1.0, deadline - time.monotonic()))
        return [ask(client, question, deadline) for question in questions]
    finally:
        client.close()


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (`share` between 0 and 1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def describe(results: list[Result], seconds: float | None = None, expected: dict[str, str] | None = None) -> str:
    latencies = [result.seconds for result in results]
    line = (
        f"p50 {percentile(latencies, 0.5):6.2f} s  p95 {percentile(latencies, 0.95):6.2f} s  "
        f"max {max(latencies):6.2f} s"
    )
    if seconds is not None:
        line += f"  throughput {len(results) / seconds:5.2f} answers/s"
    line += f"  errors {sum(result.error is not None for result in results)}/{len(results)}"
    if expected is not None:
        differ = sum(result.text is not None and result.text != expected.get(result.question) for result in results)
        line += f"  answers differing from alone {differ}"
    return line


def serve_store(store: Path) -> tuple[str, gr.Blocks]:
    """Return (url, app) of the chat page serving `store` on a free localhost port."""
    from rag.assistant import Assistant
    from rag.config import Settings
    from ui.app import create_app, serve

    app = create_app(Assistant(Settings(store=store)))
    return serve(app, host="127.0.0.1", port=free_port(), block=False), app


def seeded_store(folder: Path) -> Path:
    """Ingest the seed articles into a new store in `folder` and return its path."""
    from rag.assistant import Assistant
    from rag.config import Settings

    store = folder / "store"
    report = Assistant(Settings(store=store)).ingest([ROOT / "seeds"])
    print(f"seed store: {report.summary()}")
    return store


def main() -> None:
    args = parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    sys.path.insert(0, str(ROOT))
    from gradio_client import Client

    from ui.app import CONCURRENCY

    questions = seed_questions()
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or seeded_store(Path(scratch))
        url, app = serve_store(store)
        try:
            deadline = time.monotonic() + args.timeout
            # Client i starts at question i, so parallel clients ask different questions at the same moment.
            plans = [
                [questions[(i + n * args.clients) % len(questions)] for n in range(args.requests)]
                for i in range(args.clients)
            ]
            asked = list(dict.fromkeys(question for plan in plans for question in plan))
            alone = Client(url, verbose=False)
            try:
                ask(alone, questions[-1], deadline)  # warm-up, not counted
                baseline = [ask(alone, question, deadline) for question in asked]
            finally:
                alone.close()
            expected = {result.question: result.text for result in baseline if result.text is not None}
            ready = threading.Barrier(args.clients + 1)
            load_before = os.getloadavg()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [pool.submit(run_client, url, plan, deadline, ready) for plan in plans]
                ready.wait(timeout=args.timeout)
                started = time.perf_counter()
                results = [result for future in futures for result in future.result()]
                seconds = time.perf_counter() - started
            load_after = os.getloadavg()
        finally:
            app.close()

    print(
        f"clients {args.clients} x {args.requests} questions via /chat; concurrency limit {CONCURRENCY}; "
        f"{os.cpu_count()} CPUs; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"one client alone      {describe(baseline)}  ({len(baseline)} questions in turn)")
    print(f"{args.clients:2d} clients at once    {describe(results, seconds, expected)}  ({seconds:.1f} s wall)")
    for error in sorted({result.error for result in results + baseline if result.error}):
        print(f"error: {error}")


if __name__ == "__main__":
    main()
