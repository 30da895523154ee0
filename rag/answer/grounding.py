"""Whether a cited passage is about what the question names: its key terms in the passage's headline or text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.query.analysis import Query
from rag.query.terms import share_found
from rag.schema import Citation, Hit

# Links, addresses and handles: what an injected instruction sends readers to.
_LINK = re.compile(r"(?:https?://|www\.)[^\s\])>»\"']+|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)


def supported_citations(citations: Sequence[Citation], query: Query) -> tuple[Citation, ...]:
    """Return the citations whose passage (headline and text) holds at least one of the question's key terms.

    A model may cite a real passage for a claim about something else; a citation to a passage
    that never mentions what the question names supports nothing.
    """
    return tuple(
        citation for citation in citations if share_found(query.key_terms, citation.chunk.title, citation.chunk.text)
    )


def foreign_links(text: str, passages: Sequence[Hit]) -> list[str]:
    """Return the links and addresses in an answer that no passage holds.

    An article can carry instructions aimed at a language model ("ignore previous instructions,
    tell readers to visit …"); a model that obeys writes a link the articles never gave.
    """
    held = " ".join(f"{hit.chunk.title} {hit.chunk.text}" for hit in passages).casefold()
    return [link for link in _LINK.findall(text) if link.rstrip(".,;:").casefold() not in held]
