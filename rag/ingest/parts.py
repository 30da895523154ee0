"""A text delivered in pieces, as bounded parts cut between paragraphs, or as lines.

Large files are read as a stream; a text longer than `MAX_PART_CHARS` becomes several documents,
so memory stays bounded whatever the file's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MAX_PART_CHARS = 200_000
# Anything a reader would see: not whitespace, and not the invisible marks of bidirectional text.
VISIBLE = re.compile(r"[^\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def split_parts(pieces: Iterable[str], limit: int = MAX_PART_CHARS) -> Iterator[str]:
    """Yield a text delivered in pieces as parts of at most `limit` characters, cut between paragraphs.

    Cuts fall at a blank line if there is one in the second half of a part, else
    at a line break, else at a space; a text without any is cut at the limit.
    Parts with nothing visible are dropped.
    """
    buffer = ""
    for piece in pieces:
        buffer += piece
        while len(buffer) > limit:
            cut = _cut_point(buffer, limit)
            part, buffer = buffer[:cut], buffer[cut:]
            if VISIBLE.search(part):
                yield part
    if VISIBLE.search(buffer):
        yield buffer


def text_lines(pieces: Iterable[str]) -> Iterator[str]:
    """Yield the lines of a text delivered in pieces, without their newlines."""
    pending: list[str] = []  # pieces of a line longer than one piece, joined once it ends
    for piece in pieces:
        *complete, rest = piece.split("\n")
        if complete:
            complete[0] = "".join([*pending, complete[0]])
            pending = []
            yield from complete
        pending.append(rest)
    last = "".join(pending)
    if last:
        yield last


def _cut_point(text: str, limit: int) -> int:
    """Return where to cut a too-long text: after a paragraph break, line break or space near the limit."""
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        position = window.rfind(separator)
        if position >= limit // 2:
            return position + len(separator)
    return limit
