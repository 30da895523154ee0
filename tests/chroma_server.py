"""A real `chroma run` server on a free local port, for the tests of server mode (fixture `server`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ports import free_port


class ChromaServer:
    """A `chroma run` process on a free local port, storing its data under `path`."""

    def __init__(self, path: Path, log: Path) -> None:
        self.path = path
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start the server and return how long it took to answer a heartbeat."""
        command = Path(sys.executable).with_name("chroma")
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(command), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        started = time.monotonic()
        while time.monotonic() - started < 60:
            if self.process.poll() is not None:
                raise AssertionError(f"chroma run exited: {self.log.read_text()[-2000:]}")
            try:
                httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).raise_for_status()
                return time.monotonic() - started
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("chroma run did not answer within 60 s")

    def stop(self) -> None:
        """Stop the server (gracefully, then by force) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)  # in case a test left it paused
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    """Return a running Chroma server with its data in a temporary folder; stopped after the test."""
    chroma = ChromaServer(tmp_path / "chroma-data", tmp_path / "chroma.log")
    chroma.start()
    yield chroma
    chroma.stop()
