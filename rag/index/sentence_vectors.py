"""Vectors of the articles' quotable sentences, embedded ahead of the questions that weigh them.

An extractive answer's cost is encoding the dozen sentences it weighs against the question. A store
that keeps those vectors (filled by `rag sentence-vectors`, or by `rag ingest --sentence-vectors`,
and from then on by every ingest into it) answers without encoding any passage at all.

The file is a cache in SQLite beside the store: each vector is keyed by a digest of the exact text
that was encoded, so a vector can only ever stand for that text under that model; a file written by
another model is read as empty, and a damaged or unreadable one costs speed, never an answer.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FILE_NAME = "sentence-vectors.sqlite3"
# How long a reader waits for a filling process's write to end before answering without the file.
BUSY_SECONDS = 2.0
# SQLite allows this many parameters in one statement on every build still in use.
LOOKUP_BATCH = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (digest BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks_done (chunk_id TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def text_digest(text: str) -> bytes:
    """Return the key of an encoded text: the first 16 bytes of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


class SentenceVectors:
    """The stored sentence vectors of one store and one embedding model; safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path, model_id: str) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.path = path
        self.model_id = model_id

    @classmethod
    def open(cls, path: Path, model_id: str, *, create: bool = False) -> SentenceVectors | None:
        """Return the vectors kept at `path` for `model_id`, or None where there are none to read.

        With `create` the file is made (and emptied if another model wrote it); without, a missing file,
        one of another model, or one that cannot be read is None: answers then encode their sentences.
        """
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = cls._connect(path, writable=True)
            try:
                return cls._checked(connection, path, model_id, create=True)
            except sqlite3.DatabaseError:  # a damaged file: it only ever held what a fill can make again
                connection.close()
                path.unlink()
                return cls._checked(cls._connect(path, writable=True), path, model_id, create=True)
        if not path.exists():
            return None
        connection = None
        try:
            connection = cls._connect(path, writable=False)
            return cls._checked(connection, path, model_id, create=False)
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            log.warning("sentence vectors at %s not used: %s", path, error)
            return None

    @staticmethod
    def _connect(path: Path, *, writable: bool) -> sqlite3.Connection:
        if writable:
            return sqlite3.connect(path, timeout=BUSY_SECONDS, check_same_thread=False)
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False)

    @classmethod
    def _checked(
        cls, connection: sqlite3.Connection, path: Path, model_id: str, *, create: bool
    ) -> SentenceVectors | None:
        if create:
            with connection:
                connection.executescript(_SCHEMA)
                written_by = connection.execute("SELECT value FROM meta WHERE key = 'model_id'").fetchone()
                if written_by is not None and written_by[0] != model_id:
                    connection.execute("DELETE FROM vectors")
                    connection.execute("DELETE FROM chunks_done")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('model_id', ?)", (model_id,))
            return cls(connection, path, model_id)
        written_by = connection.execute("SELECT value FROM meta WHERE key = 'model_id'").fetchone()
        if written_by is None or written_by[0] != model_id:
            connection.close()
            return None
        return cls(connection, path, model_id)

    def vectors(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Return the stored vector of each text that has one; a read that fails returns none."""
        found = self._found(texts, column="vector")
        return {text: np.frombuffer(blob, dtype=np.float32).tolist() for text, blob in found.items()}

    def missing(self, texts: Iterable[str]) -> list[str]:
        """Return the texts (each once, in order) that have no stored vector."""
        texts = list(dict.fromkeys(texts))
        known = self._found(texts, column="NULL")  # only whether each is there: no vector is read
        return [text for text in texts if text not in known]

    def _found(self, texts: Sequence[str], *, column: str) -> dict[str, bytes | None]:
        """Return `column` of the stored row of each text that has one; a read that fails returns none."""
        keys = {text_digest(text): text for text in dict.fromkeys(texts)}
        digests = list(keys)
        found: dict[str, bytes | None] = {}
        try:
            with self._lock:
                for start in range(0, len(digests), LOOKUP_BATCH):
                    batch = digests[start : start + LOOKUP_BATCH]
                    marks = ",".join("?" * len(batch))
                    rows = self._connection.execute(
                        f"SELECT digest, {column} FROM vectors WHERE digest IN ({marks})", batch
                    ).fetchall()
                    found.update((keys[digest], value) for digest, value in rows)
        except sqlite3.Error as error:
            log.warning("sentence vectors at %s not read: %s", self.path, error)
            return {}
        return found

    def add(self, texts: Sequence[str], vectors: Sequence[Sequence[float]], chunk_ids: Sequence[str] = ()) -> None:
        """Store vectors by their texts and record `chunk_ids` as done, in one transaction."""
        rows = [
            (text_digest(text), np.asarray(vector, dtype=np.float32).tobytes())
            for text, vector in zip(texts, vectors, strict=True)
        ]
        with self._lock, self._connection:
            self._connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            self._connection.executemany("INSERT OR IGNORE INTO chunks_done VALUES (?)", [(i,) for i in chunk_ids])

    def chunks_done(self) -> set[str]:
        """Return the ids of the chunks whose sentences are all stored."""
        with self._lock:
            return {row[0] for row in self._connection.execute("SELECT chunk_id FROM chunks_done")}

    def count(self) -> int:
        """Return how many vectors are stored."""
        with self._lock, closing(self._connection.execute("SELECT count(*) FROM vectors")) as cursor:
            return int(cursor.fetchone()[0])

    def clear(self) -> None:
        """Forget every vector (the store was emptied); the file stays, so later ingests keep filling it."""
        with self._lock, self._connection:
            self._connection.execute("DELETE FROM vectors")
            self._connection.execute("DELETE FROM chunks_done")

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._connection.close()
