"""Opening Chroma: an embedded store folder or a server, and the one-line errors when either cannot be read."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, Protocol, TypeVar, runtime_checkable
from urllib.parse import urlparse

import chromadb
import chromadb.errors
import httpx
from chromadb.config import Settings as ChromaSettings

from rag.errors import BackendError, RagError, StoreCorruptedError

HEARTBEAT_SECONDS = 3.0  # a server that does not answer a heartbeat in this time is reported as down
PAGE = 2000  # records per request when reading or writing many
ID_PAGE = 100_000  # ids per request when only ids are read (a few megabytes)
REQUEST_SECONDS = 120.0  # the longest any one request may take (a large upsert on a busy server)


def make_client(path: Path | None = None, url: str | None = None) -> chromadb.ClientAPI:
    """Return a Chroma client: a server's when `url` is given, else the embedded store at `path`.

    Raises BackendError when the server does not answer within a few seconds or the
    folder cannot be opened as a store.
    """
    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        return _server_client(url, settings)
    assert path is not None
    try:
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as error:  # Rust bindings raise plain exceptions for unreadable folders
        forget_client(path)  # a failed open stays cached, and would fail every later open in this process
        raise unreadable_store(path, error) from error


_SQLITE_HEADER = 100  # bytes: a shorter file is no SQLite database
CHROMA_SEGMENT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")  # a vector folder
# What SQLite says of a database file that is damaged (truncated, overwritten), as opposed to one it may not open.
_CORRUPTION_SIGNS = ("malformed", "not a database", "no such table", "database corrupt", "file is encrypted")


def unreadable_store(path: Path, error: BaseException) -> RagError:
    """Return the error for a store folder Chroma cannot open: corrupted, or unreadable for another reason."""
    reason = first_line(error)
    if any(sign in reason.lower() for sign in _CORRUPTION_SIGNS):
        return StoreCorruptedError(
            f"The store at {path} is corrupted ({reason}); see what can be repaired with: rag check --store {path} "
            f"(or rebuild it with: rag ingest PATH --store {path} --reset)"
        )
    return BackendError(f"The store at {path} cannot be opened ({reason}); check it with: rag check --store {path}")


def emptied(path: Path) -> bool:
    """Return whether a store folder's database was cut to nothing while its vectors remain.

    Chroma would quietly start an empty database there, and the next ingest would fill
    it as if the store were new, leaving the old vectors behind unseen.
    """
    database = path / "chroma.sqlite3"
    if not database.exists() or database.stat().st_size >= _SQLITE_HEADER:
        return False
    return any(child.is_dir() and CHROMA_SEGMENT.match(child.name) for child in path.iterdir())


def forget_client(path: Path) -> None:
    """Drop Chroma's cached client for the store folder `path`, so the next open reads its files afresh.

    Chroma keeps one client per folder for the life of the process, even one whose
    open failed or whose files were since removed; a reset must not reuse it.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()


def _server_client(url: str, settings: ChromaSettings) -> chromadb.ClientAPI:
    """Return an HttpClient for `url` after a heartbeat with a short timeout, so a dead server fails fast."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BackendError(f"The Chroma URL {url!r} is not understood; write it as http://host:port.")
    if parsed.path not in ("", "/") or parsed.query:
        raise BackendError(f"The Chroma URL {url!r} has a path, but Chroma answers at http://host:port itself.")
    try:
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
    except ValueError:
        raise BackendError(f"The Chroma URL {url!r} has an invalid port; write it as http://host:port.") from None
    local = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    hint = (
        f"start it with: chroma run --path DIR --host {parsed.hostname} --port {port}"
        if local
        else "check that it is running and reachable from this machine"
    )
    try:
        # Any answer, even a refusal to an unauthenticated probe, shows the server is up; only silence is "down".
        answer = httpx.get(f"{parsed.scheme}://{parsed.netloc}/api/v2/heartbeat", timeout=HEARTBEAT_SECONDS)
    except httpx.TransportError as error:
        raise BackendError(f"The Chroma server at {url} cannot be reached ({first_line(error)}); {hint}") from error
    if answer.status_code == httpx.codes.NOT_FOUND:
        raise BackendError(f"Something answers at {url}, but not a Chroma server (no heartbeat); check the port.")
    try:
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https", settings=settings)
    except Exception as error:  # chromadb raises plain ValueError for connection and tenant problems
        raise BackendError(f"The Chroma server at {url} cannot be used ({first_line(error)}).") from error
    # Chroma's HTTP session never times out, so a server that hangs would hang every command; bound it.
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(REQUEST_SECONDS, connect=HEARTBEAT_SECONDS)
    return client


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__


@runtime_checkable
class Reattachable(Protocol):
    """A store on a collection that may be deleted and made anew by another process (see `ChunkStore`)."""

    location: str

    def reattach(self) -> None:
        """Open the collection of this name again."""
        ...


P = ParamSpec("P")
R = TypeVar("R")


def backend_calls(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a lost connection to the Chroma server into a BackendError that says what to check."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            try:
                return method(*args, **kwargs)
            except chromadb.errors.NotFoundError:
                # The collection was deleted since it was opened (`rag ingest --reset` elsewhere): use its successor.
                store = args[0]
                assert isinstance(store, Reattachable)
                store.reattach()
                return method(*args, **kwargs)
        except httpx.TransportError as error:
            store = args[0]
            assert isinstance(store, Reattachable)
            raise BackendError(
                f"The Chroma server at {store.location} stopped answering ({first_line(error)}); is it still running?"
            ) from error

    return wrapper
