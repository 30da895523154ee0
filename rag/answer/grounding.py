"""Whether a cited passage is about what the question names: its key terms in the passage's headline or text."""

from __future__ import annotations

from collections.abc import Sequence

from rag.query.analysis import Query
from rag.query.terms import share_found
from rag.schema import Citation


def supported_citations(citations: Sequence[Citation], query: Query) -> tuple[Citation, ...]:
    """Return the citations whose passage (headline and text) holds at least one of the question's key terms.

    A model may cite a real passage for a claim about something else; a citation to a passage
    that never mentions what the question names supports nothing.
    """
    return tuple(
        citation for citation in citations if share_found(query.key_terms, citation.chunk.title, citation.chunk.text)
    )
