"""Conversations kept in the browser: a list of saved chats, newest first, each reopened as it was left.

The page stores the list in the browser's local storage (Gradio's `BrowserState`, encrypted with the
page's secret so a changed copy is not read back), never on the server. Each conversation is a plain dict,
since that is what local storage can hold: an id, a title (its first question), its answerer and turns.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

# Local storage holds about 5 MB per site; the oldest conversations make room for new ones.
MAX_CONVERSATIONS = 50
TITLE_CHARS = 60

Conversation = dict[str, Any]


def new_id() -> str:
    """Return an id for a new conversation."""
    return f"{int(time.time() * 1000):x}-{secrets.token_hex(3)}"


def title_of(turns: list[dict[str, Any]]) -> str:
    """Return a conversation's title: its first question, shortened at a word."""
    question = " ".join(str(turns[0].get("question", "")).split()) if turns else ""
    if len(question) <= TITLE_CHARS:
        return question or "…"
    cut = question.rfind(" ", 0, TITLE_CHARS)
    return question[: cut if cut > 0 else TITLE_CHARS] + "…"


def save(
    conversations: list[Conversation] | None, conversation_id: str | None, turns: list[dict[str, Any]], answerer: str
) -> tuple[list[Conversation], str | None]:
    """Return the list with this conversation saved on top, and its id (none for a conversation with no turns)."""
    kept = [item for item in conversations or [] if isinstance(item, dict) and item.get("id") != conversation_id]
    if not turns:
        return kept, conversation_id
    conversation_id = conversation_id or new_id()
    saved = {"id": conversation_id, "title": title_of(turns), "answerer": answerer, "turns": turns}
    return [saved, *kept][:MAX_CONVERSATIONS], conversation_id


def delete(conversations: list[Conversation] | None, conversation_id: str | None) -> list[Conversation]:
    """Return the list without the conversation `conversation_id`."""
    return [item for item in conversations or [] if isinstance(item, dict) and item.get("id") != conversation_id]


# What a saved turn holds; a conversation saved in another shape (an older page) is not reopened.
TURN_FIELDS = {
    "question": str,
    "answer": str,
    "answered": bool,
    "question_html": str,
    "answer_html": str,
    "sources_html": str,
}


def find(conversations: list[Conversation] | None, conversation_id: str | None) -> Conversation | None:
    """Return the saved conversation with this id, if there is one in the shape this page saves."""
    for item in conversations or []:
        if isinstance(item, dict) and item.get("id") == conversation_id and _readable(item.get("turns")):
            return item
    return None


def _readable(turns: object) -> bool:
    return isinstance(turns, list) and all(
        isinstance(turn, dict) and all(isinstance(turn.get(key), kind) for key, kind in TURN_FIELDS.items())
        for turn in turns
    )


def choices(conversations: list[Conversation] | None) -> list[tuple[str, str]]:
    """Return the (title, id) pairs the conversation list shows."""
    return [
        (str(item.get("title") or "…"), str(item["id"]))
        for item in conversations or []
        if isinstance(item, dict) and item.get("id")
    ]


def page_secret(folder: Path) -> str:
    """Return the secret the saved conversations are encrypted with, made once and kept in `folder`.

    Kept on disk so conversations survive a restart of the page; a folder that cannot be written
    gives a secret for this run only (conversations then last until the page restarts).
    """
    path = folder / ".conversations-secret"
    try:
        return path.read_text(encoding="ascii").strip() or _write_secret(path)
    except FileNotFoundError:
        try:
            return _write_secret(path)
        except OSError:
            return secrets.token_urlsafe(24)
    except OSError:
        return secrets.token_urlsafe(24)


def _write_secret(path: Path) -> str:
    secret = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(secret, encoding="ascii")
    return secret
