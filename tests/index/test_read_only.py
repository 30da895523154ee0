"""A store on a read-only mount: every reading command works, every write says plainly that it is read-only.

The store is bind-mounted read-only (tests run as root, whom file permissions do not stop, but a
read-only mount does). Where mounting is not permitted the tests are skipped, saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.errors import ReadOnlyStoreError
from rag.index.article_index import ArticleIndex
from tests.paths import ROOT

pytestmark = pytest.mark.integration


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(file.relative_to(folder)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


@pytest.fixture
def read_only_store(tmp_path: Path, seeded_store: Path) -> Iterator[Path]:
    """Return a copy of the seeded store mounted read-only; unmounted afterwards."""
    source, mounted = tmp_path / "source", tmp_path / "mounted"
    shutil.copytree(seeded_store, source)
    mounted.mkdir()
    bound = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"a read-only bind mount is not permitted here ({bound.stderr.strip()})")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], capture_output=True, text=True)
        if remounted.returncode != 0:
            pytest.skip(f"a bind mount cannot be made read-only here ({remounted.stderr.strip()})")
        yield mounted
    finally:
        subprocess.run(["umount", "--lazy", str(mounted)], check=False)  # lazily: Chroma keeps its files open


def test_a_read_only_store_answers_search_ask_chat_and_stats_and_is_left_untouched(read_only_store: Path) -> None:
    before = _fingerprint(read_only_store)
    store = ["--store", str(read_only_store)]
    stats = run("stats", "--json", *store)
    assert stats.exit_code == 0, stats.output
    record = json.loads(stats.output)
    assert record["articles"] > 0 and record["chunks"] == record["keyword_chunks"]
    assert record["store"] == str(read_only_store)
    search = run("search", "بوتين", "--json", *store)
    assert search.exit_code == 0, search.output
    assert json.loads(search.output)["hits"]
    ask = run("ask", "Who did Putin invite to visit Russia?", "--json", *store)
    assert ask.exit_code == 0, ask.output
    assert json.loads(ask.output)["citations"]
    chat = run("chat", *store, stdin="من دعا بوتين إلى زيارة روسيا؟\n\n")
    assert chat.exit_code == 0 and "[1]" in chat.output, chat.output
    assert _fingerprint(read_only_store) == before


def test_writing_to_a_read_only_store_says_so_in_one_sentence(read_only_store: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text("خبر جديد\nاستقبل الرئيس وفداً من رجال الأعمال لبحث التعاون الاقتصادي.\n", encoding="utf-8")
    result = run("ingest", str(article), "--store", str(read_only_store))
    assert result.exit_code != 0
    [line] = result.output.strip().splitlines()
    assert f"The store at {read_only_store} is read-only" in line and "--reset" not in line
    reset = run("ingest", str(article), "--store", str(read_only_store), "--reset")
    assert reset.exit_code != 0 and "is read-only" in reset.output and "Unexpected" not in reset.output
    index = ArticleIndex.open(path=read_only_store)
    with pytest.raises(ReadOnlyStoreError, match="is read-only"):
        index.delete_chunks(sorted(index.chunks.chunk_ids())[:1])
    assert index.count() == len(index.keyword.chunk_ids())


def test_a_store_without_write_permission_is_read_by_another_user(tmp_path: Path, seeded_store: Path) -> None:
    # Root may write anywhere, so the reader is the unprivileged user "nobody", reading root's store.
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to read the store as another user")
    top = Path(tempfile.mkdtemp(prefix="rag-not-writable-"))
    try:
        store = top / "store"
        shutil.copytree(seeded_store, store)
        top.chmod(0o755)
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c"]
        command += ["from rag.cli import main; main()", "stats", "--json", "--store", str(store)]
        env = {**os.environ, "HOME": str(top), "HF_HUB_OFFLINE": "1"}
        root = ROOT
        done = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        record = json.loads(done.stdout)
        assert record["articles"] > 0 and record["chunks"] == record["keyword_chunks"]
    finally:
        shutil.rmtree(top)
