"""Small measuring helpers shared by the benchmarks: percentiles, machine facts, memory and disk size."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], share: float) -> float:
    """Return the `share` percentile (0..1) of values, linearly interpolated."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """Return p50 and p95 in milliseconds, and how many samples they summarise."""
    return {
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "n": len(seconds),
    }


def timed_calls(function: Callable[[Any], object], inputs: Iterable[Any]) -> list[float]:
    """Return the seconds each call of `function` on each input took."""
    seconds = []
    for item in inputs:
        started = time.perf_counter()
        function(item)
        seconds.append(time.perf_counter() - started)
    return seconds


def load() -> tuple[float, float, float]:
    """Return the 1, 5 and 15 minute load averages, rounded."""
    return tuple(round(value, 2) for value in os.getloadavg())  # type: ignore[return-value]


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MiB.

    On Linux this is VmHWM, which starts afresh when a process execs; ru_maxrss would keep the
    peak of the parent the child was forked from.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def cpu_seconds() -> float:
    """Return the user + system CPU seconds this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def folder_mb(path: Path) -> float:
    """Return the disk space a folder takes (allocated blocks, as `du` counts), in MB."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            stat = os.lstat(os.path.join(folder, name))
            total += getattr(stat, "st_blocks", 0) * 512 or stat.st_size
    return total / 1e6


def machine() -> dict[str, Any]:
    """Return what the figures were measured on."""
    import torch

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "platform": platform.platform(),
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def median(values: Sequence[float]) -> float:
    """Return the median, or nan for no values."""
    return statistics.median(values) if values else float("nan")


def child_json(module: str, *args: object, timeout: float) -> dict[str, Any]:
    """Run `python -m module args...` from the project root and return the JSON its last output line holds."""
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", module, *map(str, args)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:5])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
