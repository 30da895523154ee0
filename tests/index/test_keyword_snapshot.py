"""Server mode's keyword snapshot, against a real `chroma run`: kept on disk per collection, caught up by ids with
what another process ingested, on open and as the index is used."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from rag.index.article_index import ArticleIndex
from rag.index.snapshot import SnapshotState, catch_up, refresh, snapshot_folder
from rag.text.arabic import lexical_tokens
from tests.chroma_server import ChromaServer
from tests.paths import ROOT, SEEDS

# The other process: its own snapshot folder, its own Ingestor, one new article with a word no seed has.
OTHER_PROCESS = """
import hashlib, json, sys
from pathlib import Path
from langchain_core.embeddings import Embeddings
from rag.index.article_index import ArticleIndex
from rag.ingest.pipeline import Ingestor
from tests.paths import ROOT, SEEDS

class HashEmbeddings(Embeddings):
    def embed_documents(self, texts):
        return [[byte / 255 for byte in hashlib.sha256(text.encode()).digest() * 12] for text in texts]
    def embed_query(self, text):
        return self.embed_documents([text])[0]

url, snapshots, file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
index = ArticleIndex.open(url=url, model_id="hash", snapshots=snapshots)
report = Ingestor(index, HashEmbeddings()).ingest_paths([file])
print(json.dumps({"chunks": report.chunks_added, "keyword": index.keyword.count()}))
"""
NEW_WORD = "الزنجبيل"
NEW_ARTICLE = "مهرجان الزنجبيل\n\n" + (
    "افتتح أمير المنطقة مهرجان الزنجبيل السنوي في حديقة الملك عبدالله بحضور عدد كبير من الزوار والعارضين. " * 3
)


def _hash_ingest(index: ArticleIndex) -> None:
    from rag.ingest.pipeline import Ingestor
    from tests.ingest.test_archive_ingest import CountingEmbeddings

    Ingestor(index, CountingEmbeddings()).ingest_paths([SEEDS])


def _finds(index: ArticleIndex, word: str) -> bool:
    return bool(index.keyword.search(lexical_tokens(word), 5))


def _other_process_adds_an_article(url: str, snapshots: Path) -> dict:
    file = snapshots.parent / "other-machine.txt"
    file.write_text(NEW_ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, url, str(snapshots), str(file)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_snapshot_is_kept_on_disk_and_caught_up_with_another_process(server: ChromaServer, tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "this-machine", tmp_path / "other-machine"
    index = ArticleIndex.open(url=server.url, model_id="hash", create=True, snapshots=here, sync_seconds=0.0)
    _hash_ingest(index)
    seeded = index.chunks.count()
    assert seeded > 0 and index.keyword.count() == seeded
    folder = snapshot_folder(here, server.url, index.chunks.collection_id)
    assert (folder / "meta.json").exists()  # the snapshot is a Tantivy index on disk, written as we ingested

    before = time.time()
    other = _other_process_adds_an_article(server.url, elsewhere)
    written = index.chunks.written_since(before)
    assert len(written) == other["chunks"]  # each chunk carries when it was written: what a catch-up fetches
    assert other["chunks"] > 0 and other["keyword"] == seeded + other["chunks"]

    # a new process on this machine opens from the snapshot and fetches only what it lacks
    reopened = ArticleIndex.open(url=server.url, model_id="hash", snapshots=here)
    assert _finds(reopened, NEW_WORD) and reopened.keyword.count() == seeded + other["chunks"]
    assert catch_up(reopened.chunks, reopened.keyword) == 0

    # the index open all along catches up as it is used, once its check falls due (at once here)
    assert _finds(index, NEW_WORD)
    assert index.keyword.chunk_ids() == index.chunks.chunk_ids()


def test_a_catch_up_fetches_only_the_difference_and_removes_what_the_server_lost(
    server: ChromaServer, tmp_path: Path
) -> None:
    index = ArticleIndex.open(url=server.url, model_id="hash", create=True, snapshots=tmp_path)
    _hash_ingest(index)
    stale = ArticleIndex.open(url=server.url, model_id="hash", snapshots=tmp_path / "elsewhere", sync_seconds=3600)
    total = stale.keyword.count()
    [article, *_] = sorted(index.chunks.article_ids())
    gone = index.chunks.chunk_ids_where({"article_id": article})
    index.delete_chunks(gone)  # another machine's delete: `stale` keeps its entries until it catches up
    assert stale.keyword.count() == total
    started = time.monotonic()
    # nothing was written since, so only the count tells of the deletion; then all ids are compared
    assert refresh(stale.chunks, stale.keyword, SnapshotState(None, time.time())) == len(gone)
    print(f"\ncatch-up of {total} chunks, {len(gone)} removed: {time.monotonic() - started:.2f} s")
    assert catch_up(stale.chunks, stale.keyword) == 0
    assert stale.keyword.chunk_ids() == stale.chunks.chunk_ids() and stale.keyword.count() == total - len(gone)
