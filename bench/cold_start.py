"""Cold start of `rag search`: process start to first result, what its time goes to, and the slowest imports."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpus import ROOT
from bench.timing import median

QUERY = "الاتصال بين بوتين والشرع"
RAG = Path(sys.executable).parent / "rag"


def _env() -> dict[str, str]:
    # unbuffered, so the first result line arrives when it is printed, not when the process exits
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def time_command(command: list[str]) -> tuple[float, float, float]:
    """Return seconds to the first result line, seconds to exit, and CPU seconds of one run of `rag search`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    first = None
    with subprocess.Popen(
        command, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            if first is None and line.startswith("[1]"):
                first = time.perf_counter() - started
        errors = process.stderr.read()
        process.wait(timeout=600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0 or first is None:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return first, wall, cpu


def run_cold_start(store: Path, runs: int) -> dict[str, Any]:
    """Return the median time of `rag search` in a new process to its first result, and where the time goes."""
    command = [str(RAG), "search", QUERY, "--store", str(store), "--k", "3"]
    timings = [time_command(command) for _ in range(runs)]
    result: dict[str, Any] = {
        "runs": runs,
        "first_result_s": median([first for first, _, _ in timings]),
        "wall_s": median([wall for _, wall, _ in timings]),
        "cpu_s": median([cpu for _, _, cpu in timings]),
        "all_first_result_s": [round(first, 2) for first, _, _ in timings],
        "phases": phases(store),
    }
    result["imports"] = slowest_imports(store)
    return result


def phases(store: Path) -> dict[str, dict[str, float]]:
    """Return wall and CPU seconds of each step of a cold search, measured in a new process."""
    command = [sys.executable, "-m", "bench.cold_start", str(store)]
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def slowest_imports(store: Path, count: int = 8) -> list[tuple[str, float]]:
    """Return the packages whose own module code `rag search` spends most import time in, with seconds."""
    script = (
        "import sys; from rag.cli import main; "
        f"sys.argv = ['rag', 'search', {QUERY!r}, '--store', {str(store)!r}, '--k', '3']; main()"
    )
    command = [sys.executable, "-X", "importtime", "-c", script]
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _, name = line[len("import time:") :].split("|")
        package = name.strip().split(".")[0]
        totals[package] = totals.get(package, 0.0) + int(own) / 1e6
    return sorted(totals.items(), key=lambda pair: pair[1], reverse=True)[:count]


def _measure_phases(store: Path) -> dict[str, dict[str, float]]:
    """Run the steps of `rag search` one by one in this fresh process, timing each."""
    from bench.timing import cpu_seconds

    steps: dict[str, dict[str, float]] = {}
    mark = (time.perf_counter(), cpu_seconds())

    def step(name: str) -> None:
        nonlocal mark
        now = (time.perf_counter(), cpu_seconds())
        steps[name] = {"wall_s": now[0] - mark[0], "cpu_s": now[1] - mark[1]}
        mark = now

    import rag.cli  # noqa: F401

    step("import rag.cli")
    from rag.assistant import Assistant
    from rag.config import Settings

    step("import the rest")
    assistant = Assistant(Settings(store=store))
    assistant.embeddings  # noqa: B018
    step("load the model")
    retriever = assistant.retriever
    step("open the store")
    retriever.search(QUERY, k=3)
    step("first search")
    return steps


if __name__ == "__main__":
    print(json.dumps(_measure_phases(Path(sys.argv[1]))))
