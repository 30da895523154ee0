"""`rag ingest` killed with SIGKILL at many points: the index stays consistent and the next run completes it.

Each run is the real command in its own process. Kills are timed from the start (model loading) or
from the moment the run's n-th write begins, seen as the store's "write pending" marker appearing,
so they land before, inside and between writes. Between runs two files change, so every run has
new chunks to write and stale ones to remove. After each kill the store is opened as any command
would open it; at the end one uninterrupted run must leave exactly the corpus's chunks.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil
import pytest

from rag.index.write_guard import PENDING_FILE
from rag.ingest.articles import iter_articles
from rag.ingest.chunking import chunk_article
from rag.ingest.loaders import discover, iter_documents
from tests.paths import ROOT

pytestmark = pytest.mark.integration

ARCD = Path(os.environ.get("RAG_ARCD", ROOT.parent / "shared" / "devdata" / "arcd-train.json"))
PARAGRAPHS = 60  # short ones, under 60 words: with the seeds two batches to embed, about 80 chunks


@dataclass(frozen=True)
class KillPoint:
    """When to kill a run: `delay` seconds after its `write`-th write begins (0: after the process starts)."""

    write: int
    delay: float

    def __str__(self) -> str:
        return f"start + {self.delay:.2f} s" if self.write == 0 else f"write {self.write} + {self.delay * 1000:.0f} ms"


# Writes of a run, once the corpus is stored: 1 adds the two edited files' new articles, 2 removes
# their old ones; while the second batch (most of the seeds) is not stored yet, 3 writes it.
SCHEDULE = [
    KillPoint(0, 1.0),  # loading the model: nothing written yet
    KillPoint(1, 0.0),  # the first batch's write begins
    KillPoint(1, 0.08),
    KillPoint(2, 0.0),
    KillPoint(3, 0.0),  # the second batch's write begins
    KillPoint(3, 0.04),
    KillPoint(1, 2.0),  # well after a write: reading files or embedding
    KillPoint(1, 0.03),
    KillPoint(2, 0.06),
    KillPoint(1, 0.15),
    KillPoint(2, 0.02),
    KillPoint(1, 0.0),
    KillPoint(2, 0.005),  # inside the removal of stale articles: the keyword index's delete step
    KillPoint(2, 0.01),
    KillPoint(2, 0.04),
]
# Kills of `rag ingest --reset`, from the moment the reset's write (write 1) begins.
RESET_SCHEDULE = [KillPoint(1, 0.0), KillPoint(1, 0.01), KillPoint(1, 0.03), KillPoint(1, 0.1), KillPoint(0, 1.0)]


@dataclass(frozen=True)
class Outcome:
    """What one run came to, seen from outside."""

    point: KillPoint
    killed: bool
    seconds: float
    marker_left: bool  # killed inside a write
    out_of_step: int  # chunks Chroma and the keyword index disagreed on before the repair
    chunks: int


def _rag() -> list[str]:
    script = Path(sys.executable).with_name("rag")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from rag.cli import main; main()"]


def _environment() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1", "PYTHONUNBUFFERED": "1"}


def _write_corpus(folder: Path) -> None:
    records = json.loads(ARCD.read_text(encoding="utf-8"))
    contexts = [paragraph["context"] for item in records["data"] for paragraph in item["paragraphs"]]
    contexts = [text for text in contexts if len(text.split()) < 60]
    sample = random.Random(20).sample(contexts, PARAGRAPHS)
    (folder / "arcd").mkdir(parents=True)
    for number, text in enumerate(sample):
        (folder / "arcd" / f"{number:03d}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "seeds").mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / "seeds" / seed.name).write_bytes(seed.read_bytes())


def _edit(folder: Path, run: int) -> None:
    """Change one file early and one late in the run's order, so each run writes and removes something."""
    for number in (run % 10, 40 + run % 15):
        path = folder / "arcd" / f"{number:03d}.txt"
        path.write_text(
            path.read_text(encoding="utf-8") + f"وأضاف التقرير في تحديثه رقم {run} أن المعلومات راجعها محررون.\n",
            encoding="utf-8",
        )


def _expected(folder: Path) -> dict[str, set[str]]:
    """Return the chunk ids of every article the corpus holds now, by article id."""
    return {
        article.article_id: {chunk.chunk_id for chunk in chunk_article(article)}
        for path in discover([folder])
        for article in iter_articles(iter_documents(path))
    }


def _wait_for_write(process: subprocess.Popen, marker: Path, number: int, timeout: float) -> bool:
    """Return True once the run's `number`-th write has begun, False if the process ended first."""
    seen, present = 0, False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        now = marker.exists()
        if now and not present:
            seen += 1
            if seen == number:
                return True
        present = now
        time.sleep(0.0005)
    raise AssertionError(f"no write {number} within {timeout:.0f} s")


def _start_ingest(corpus: Path, store: Path, output: IO[str], *options: str) -> subprocess.Popen:
    """Start `rag ingest CORPUS --store STORE [OPTIONS]` in a new process, its output going to `output`."""
    return subprocess.Popen(
        [*_rag(), "ingest", str(corpus), "--store", str(store), *options],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=_environment(),
    )


def _run_until(point: KillPoint, corpus: Path, store: Path, log: Path, *options: str) -> tuple[bool, float]:
    """Start `rag ingest` and SIGKILL it at `point`; return whether it was killed (not finished) and when."""
    with log.open("w") as output:
        process = _start_ingest(corpus, store, output, *options)
        started = time.monotonic()
        try:
            if point.write == 0 or _wait_for_write(process, store / PENDING_FILE, point.write, timeout=240):
                time.sleep(point.delay)
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=240)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return process.returncode == -signal.SIGKILL, time.monotonic() - started


_INSPECT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from rag.errors import StoreMissingError
    from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
    from rag.index.keyword import KeywordIndex
    from rag.index.chroma import ChunkStore

    store = Path(sys.argv[1])
    try:
        before = ChunkStore.open(path=store).chunk_ids() ^ KeywordIndex(store / KEYWORD_FOLDER).chunk_ids()
    except StoreMissingError:
        print(json.dumps(None))
        raise SystemExit
    index = ArticleIndex.open(path=store)  # as every command opens it: repairs an interrupted write
    chroma = [(chunk.chunk_id, chunk.article_id) for chunk in index.chunks.chunks()]
    keyword = sorted(index.keyword.chunk_ids())
    print(json.dumps({"out_of_step": len(before), "chroma": chroma, "keyword": keyword}))
    """
)


def _inspect(store: Path) -> dict | None:
    done = subprocess.run(
        [sys.executable, "-c", _INSPECT, str(store)], capture_output=True, text=True, env=_environment(), timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _stats(store: Path) -> dict:
    done = subprocess.run(
        [*_rag(), "stats", "--json", "--store", str(store)],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def _assert_consistent(state: dict, versions: dict[str, set[str]]) -> dict[str, set[str]]:
    """Assert both halves hold the same chunks and every stored article whole; return chunk ids by article."""
    chroma_ids = [chunk_id for chunk_id, _ in state["chroma"]]
    assert len(chroma_ids) == len(set(chroma_ids))
    assert sorted(chroma_ids) == state["keyword"]
    stored: dict[str, set[str]] = {}
    for chunk_id, article_id in state["chroma"]:
        stored.setdefault(article_id, set()).add(chunk_id)
    for article_id, chunk_ids in stored.items():
        assert chunk_ids == versions[article_id], f"article {article_id} is stored in part"
    return stored


def test_an_ingest_killed_at_many_points_stays_consistent_and_completes_when_run_again(tmp_path: Path) -> None:
    if not ARCD.exists():
        pytest.skip(f"the ARCD development set is not at {ARCD}")
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    _write_corpus(corpus)
    versions = _expected(corpus)  # every version of every article the runs may have stored
    outcomes: list[Outcome] = []
    started = time.monotonic()
    for run, point in enumerate(SCHEDULE):
        if run:
            _edit(corpus, run)
            versions.update(_expected(corpus))
        killed, seconds = _run_until(point, corpus, store, tmp_path / f"run-{run}.log")
        marker_left = (store / PENDING_FILE).exists()
        state = _inspect(store)
        if state is None:  # killed before the store was created
            outcomes.append(Outcome(point, killed, seconds, marker_left, 0, 0))
            continue
        _assert_consistent(state, versions)
        if run % 3 == 2:  # the command a user would run to look: both halves the same size
            stats = _stats(store)
            assert stats["chunks"] == stats["keyword_chunks"] == len(state["chroma"])
        outcomes.append(Outcome(point, killed, seconds, marker_left, state["out_of_step"], len(state["chroma"])))

    final, peak_mb, final_seconds = _complete_run(corpus, store, tmp_path / "final.log")
    state = _inspect(store)
    assert state is not None and state["out_of_step"] == 0
    expected = _expected(corpus)
    assert _assert_consistent(state, versions) == expected  # nothing missing, nothing stale, nothing twice
    stats = _stats(store)
    assert (stats["articles"], stats["chunks"], stats["keyword_chunks"]) == (
        len(expected),
        sum(map(len, expected.values())),
        sum(map(len, expected.values())),
    )

    print(f"\n{'kill point':<22}{'killed':>7}{'after s':>9}{'in write':>10}{'repaired':>10}{'chunks':>8}")
    for outcome in outcomes:
        print(
            f"{outcome.point!s:<22}{outcome.killed!s:>7}{outcome.seconds:>9.1f}{outcome.marker_left!s:>10}"
            f"{outcome.out_of_step:>10}{outcome.chunks:>8}"
        )
    print(f"final run: {final_seconds:.1f} s, peak {peak_mb:.0f} MB: {final}")
    print(f"whole test: {time.monotonic() - started:.0f} s")
    kills = [outcome for outcome in outcomes if outcome.killed]
    assert len(kills) >= 12
    assert sum(outcome.marker_left for outcome in kills) >= 3  # several kills landed inside a write
    assert len({outcome.chunks for outcome in kills}) >= 3  # and at different stages of the ingest
    assert peak_mb < 1536


def test_an_ingest_with_reset_killed_inside_the_reset_leaves_a_store_the_next_run_completes(tmp_path: Path) -> None:
    if not ARCD.exists():
        pytest.skip(f"the ARCD development set is not at {ARCD}")
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    _write_corpus(corpus)
    expected = _expected(corpus)
    _complete_run(corpus, store, tmp_path / "first.log")
    killed_inside = 0
    for run, point in enumerate(RESET_SCHEDULE):
        killed, _ = _run_until(point, corpus, store, tmp_path / f"reset-{run}.log", "--reset")
        killed_inside += killed and (store / PENDING_FILE).exists()
        state = _inspect(store)
        if state is not None:  # None: killed after Chroma's collection was deleted, before a new one
            _assert_consistent(state, expected)
    assert killed_inside >= 2  # several kills landed inside the reset itself
    _complete_run(corpus, store, tmp_path / "final.log")
    state = _inspect(store)
    assert state is not None and _assert_consistent(state, expected) == expected


def _complete_run(corpus: Path, store: Path, log: Path) -> tuple[str, float, float]:
    """Run `rag ingest` to the end; return its summary line, its peak memory in MB and its duration."""
    started = time.monotonic()
    with log.open("w") as output:
        process = _start_ingest(corpus, store, output)
        watched = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            try:
                peak = max(peak, watched.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.1)
        process.wait(timeout=600)
    output_text = log.read_text()
    assert process.returncode == 0, output_text[-3000:]
    return output_text.strip().splitlines()[-1], peak / 2**20, time.monotonic() - started
