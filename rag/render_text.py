"""Plain-text and JSON renderings of hits and answers for the command line."""

from __future__ import annotations

from typing import Any

from rag.schema import Answer, Hit, StoryCopy


def hit_record(hit: Hit) -> dict[str, Any]:
    """Return the JSON record of a search hit (`source` is the ingested file's path)."""
    chunk = hit.chunk
    return {
        "rank": hit.rank,
        "score": round(hit.score, 6),
        "source": chunk.path,
        "article_id": chunk.article_id,
        "title": chunk.title,
        "date": chunk.date,
        "outlet": chunk.source,
        "chunk_id": chunk.chunk_id,
        "start": chunk.start,
        "end": chunk.end,
        "text": chunk.text,
        "story": chunk.story_id,
        "also_in": [copy_record(copy) for copy in hit.copies],
    }


def copy_record(copy: StoryCopy) -> dict[str, Any]:
    """Return the JSON record of another paper's copy of a story: its outlet and file."""
    return {
        "outlet": copy.source,
        "source": copy.path,
        "article_id": copy.article_id,
        "title": copy.title,
        "date": copy.date,
    }


def also_in(copies: tuple[StoryCopy, ...], outlet: str | None) -> list[str]:
    """Return the other outlets that carried a story, each once, leaving out the outlet shown."""
    return list(dict.fromkeys(copy.source for copy in copies if copy.source and copy.source != outlet))


def answer_record(answer: Answer) -> dict[str, Any]:
    """Return the JSON record of an answer with its numbered citations."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "citations": [
            {
                "n": citation.n,
                "source": citation.chunk.path,
                "article_id": citation.chunk.article_id,
                "title": citation.chunk.title,
                "date": citation.chunk.date,
                "outlet": citation.chunk.source,
                "text": citation.chunk.text,
                "sentence": citation.sentence,
                "sentence_start": citation.sentence_start,
                "sentence_end": citation.sentence_end,
                "story": citation.chunk.story_id,
                "also_in": [copy_record(copy) for copy in citation.copies],
            }
            for citation in answer.citations
        ],
        "grounded": answer.grounded,
        "refused": answer.refused,
        "language": answer.language,
    }


def answer_text(answer: Answer) -> str:
    """Return an answer for the terminal: the text, then one line per citation."""
    lines = [answer.text, ""]
    for citation in answer.citations:
        chunk = citation.chunk
        meta = ", ".join(part for part in (chunk.source, chunk.date) if part)
        lines.append(f"[{citation.n}] {chunk.title}" + (f" ({meta})" if meta else "") + f" — {chunk.path}")
        if outlets := also_in(citation.copies, chunk.source):
            lines.append(f"    also in: {', '.join(outlets)}")
        lines.append(f"    {citation.sentence}")
    if answer.refused and answer.nearest:
        lines.append("Nearest articles:" if answer.language == "en" else "أقرب المقالات:")
        lines.extend(f"  - {hit.chunk.title} — {hit.chunk.path}" for hit in answer.nearest)
    return "\n".join(lines).rstrip()
