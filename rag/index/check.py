"""`rag check`: an integrity check of a store folder's two halves, repairing what can be derived.

Chroma is the record: its database and vectors cannot be rebuilt without the articles,
so damage there is reported as "corrupted" with the command that rebuilds the store.
Everything else is derived from Chroma or is a leftover, and `repair` mends it: the
keyword index (rebuilt), an interrupted write (reconciled), story ids left out of step by
one (recomputed from the stored sketches), files a killed commit left in the keyword index
and vector folders no collection uses (removed).
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rag.errors import RagError, ReadOnlyStoreError, StoreMissingError
from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
from rag.index.chroma import ChunkStore
from rag.index.chroma_client import CHROMA_SEGMENT
from rag.index.keyword import KeywordIndex, KeywordIndexDamaged, unrecorded_files
from rag.index.readonly import is_writable, read_only_message
from rag.index.story_labels import stories_out_of_step
from rag.index.write_guard import WriteGuard

_SAMPLE = 20  # stored vectors searched for, to see that the vector index finds them


@dataclass(frozen=True)
class Finding:
    """The state of one part of a store: `ok` when nothing is wrong with it (any longer)."""

    part: str
    ok: bool
    detail: str

    def line(self) -> str:
        """Return the finding as one line of `rag check` output."""
        return f"{self.part}: {'ok' if self.ok else 'PROBLEM'} - {self.detail}"


@dataclass(frozen=True)
class CheckReport:
    """What a check found, part by part."""

    store: str
    findings: tuple[Finding, ...]

    @property
    def healthy(self) -> bool:
        """Return whether every part is sound."""
        return all(finding.ok for finding in self.findings)


def check_store(path: Path, *, name: str = "articles", repair: bool = False) -> CheckReport:
    """Check the store folder at `path`; with `repair`, first mend what is derivable, then check again."""
    if not (path / "chroma.sqlite3").exists():
        raise StoreMissingError(f"There is no store at {path} yet; add articles with: rag ingest PATH --store {path}")
    rebuild = f"rebuild it with: rag ingest PATH --store {path} --reset"
    database = _database_finding(path / "chroma.sqlite3", rebuild)
    if not database.ok:
        return CheckReport(str(path), (database,))
    if repair:
        _repair(path, name)
    try:
        chunks = ChunkStore.open(path=path, name=name)
    except RagError as error:
        return CheckReport(str(path), (database, Finding("collection", False, str(error))))
    findings = [
        database,
        Finding("collection", True, f"{len(chunks.article_ids())} articles in {chunks.count()} chunks"),
        _vectors_finding(chunks, rebuild),
        _unused_vector_folders(path),
        *_keyword_findings(path, chunks),
        _stories_finding(chunks),
    ]
    return CheckReport(str(path), tuple(findings))


def _database_finding(database: Path, rebuild: str) -> Finding:
    """Return SQLite's own integrity check of Chroma's database, opened read-only."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            result = [row[0] for row in connection.execute("PRAGMA quick_check")]
            connection.execute("SELECT count(*) FROM segments").fetchone()
    except sqlite3.DatabaseError as error:
        return Finding("database", False, f"corrupted ({error}); {rebuild}")
    if result != ["ok"]:
        return Finding("database", False, f"corrupted ({result[0]}); {rebuild}")
    return Finding("database", True, "SQLite finds no damage")


def _vectors_finding(chunks: ChunkStore, rebuild: str) -> Finding:
    """Return whether the vector index finds a sample of stored vectors at distance zero."""
    try:
        searched, lost = chunks.vectors_lost(_SAMPLE)
    except Exception as error:  # Chroma's own errors for unreadable vector files
        return Finding("vectors", False, f"corrupted ({_first_line(error)}); {rebuild}")
    if lost:
        return Finding("vectors", False, f"corrupted ({lost} of {searched} stored vectors not found); {rebuild}")
    return Finding("vectors", True, f"{searched} stored vectors searched for and found")


def _unused_vector_folders(path: Path) -> Finding:
    """Return whether vector folders no collection uses lie in the store (a reset killed part-way leaves them)."""
    unused = _unused_folders(path)
    if unused:
        return Finding("vector folders", False, f"{len(unused)} unused (left by a killed reset); --repair removes")
    return Finding("vector folders", True, "each one belongs to the collection")


def _unused_folders(path: Path) -> list[Path]:
    with sqlite3.connect(f"file:{path / 'chroma.sqlite3'}?mode=ro", uri=True) as connection:
        used = {row[0] for row in connection.execute("SELECT id FROM segments")}
    folders = [child for child in path.iterdir() if child.is_dir() and CHROMA_SEGMENT.match(child.name)]
    return [folder for folder in folders if folder.name not in used]


def _keyword_findings(path: Path, chunks: ChunkStore) -> list[Finding]:
    """Return the state of the keyword index and of the last write: both derivable from Chroma."""
    findings = []
    if WriteGuard(path).interrupted():
        findings.append(Finding("last write", False, "interrupted (a killed or failed ingest); --repair completes it"))
    folder = path / KEYWORD_FOLDER
    try:
        leftovers = unrecorded_files(folder) if folder.exists() else []
        keyword = KeywordIndex(folder) if folder.exists() else None
    except KeywordIndexDamaged as error:
        return [*findings, Finding("keyword index", False, f"damaged ({error}); --repair rebuilds it from Chroma")]
    if keyword is None:
        return [*findings, Finding("keyword index", False, "missing; --repair rebuilds it from Chroma")]
    if leftovers:
        findings.append(Finding("keyword files", False, f"{len(leftovers)} left by a killed write; --repair removes"))
    differ = len(keyword.chunk_ids() ^ chunks.chunk_ids())
    if differ:
        findings.append(Finding("keyword index", False, f"{differ} chunks out of step; --repair rebuilds it"))
    else:
        findings.append(Finding("keyword index", True, f"{keyword.count()} chunks, the same as Chroma's"))
    return findings


def _stories_finding(chunks: ChunkStore) -> Finding:
    """Return whether every article carries the story id its sketch gives (a killed write can leave old ones)."""
    groups, changed, unsketched = stories_out_of_step(chunks)
    if unsketched:
        return Finding("stories", False, f"{len(unsketched)} articles not grouped yet; --repair groups them")
    if changed:
        return Finding("stories", False, f"{len(changed)} articles with an outdated story id; --repair regroups")
    stories = len(set(groups.labels().values()))
    return Finding("stories", True, f"{stories} stories among {len(groups)} articles")


def _repair(path: Path, name: str) -> None:
    """Mend what is derivable: leftovers removed, the keyword index rebuilt from Chroma (under the write lock)."""
    if not is_writable(path):
        raise ReadOnlyStoreError(read_only_message(path))
    index = ArticleIndex.open(path=path, name=name)  # opening already rebuilds a damaged index and mends a write
    with index.guard.writing():
        for folder in _unused_folders(path):
            shutil.rmtree(folder, ignore_errors=True)
        index.rebuild_keyword()
        index.regroup()
    index.guard.clear()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
