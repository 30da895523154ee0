"""Plain-text and JSON renderings of hits and answers for the command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rag.schema import Answer, Chunk, Hit, StoryCopy


def hit_record(hit: Hit) -> dict[str, Any]:
    """Return the JSON record of a search hit (`source` is the ingested file's path)."""
    chunk = hit.chunk
    return {
        "rank": hit.rank,
        "score": round(hit.score, 6),
        **article_fields(chunk),
        "chunk_id": chunk.chunk_id,
        "start": chunk.start,
        "end": chunk.end,
        "text": chunk.text,
        "story": chunk.story_id,
        "also_in": [copy_record(copy) for copy in hit.copies],
    }


def article_fields(chunk: Chunk) -> dict[str, Any]:
    """Return what a record says about a passage's article: file, id, title, date, outlet, address, byline, links."""
    return {
        **copy_record(chunk),
        "url": chunk.url,
        "author": chunk.author,
        "agency": chunk.agency,
        "date_is_crawl_time": chunk.date_crawled,
        "links": [{"title": link.title, "url": link.url} for link in chunk.links],
    }


def copy_record(copy: StoryCopy | Chunk) -> dict[str, Any]:
    """Return the JSON record of an article as a story's copy is listed: its file, id, title, date and outlet."""
    return {
        "source": copy.path,
        "article_id": copy.article_id,
        "title": copy.title,
        "date": copy.date,
        "outlet": copy.outlet,
    }


def also_in(copies: tuple[StoryCopy, ...], outlet: str | None) -> list[str]:
    """Return the other outlets that carried a story, each once, leaving out the outlet shown."""
    return list(dict.fromkeys(copy.outlet for copy in copies if copy.outlet and copy.outlet != outlet))


def answer_record(answer: Answer) -> dict[str, Any]:
    """Return the JSON record of an answer with its numbered citations."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "citations": [
            {
                "n": citation.n,
                **article_fields(citation.chunk),
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


def answer_text(answer: Answer, *, quotes: bool = True, file_name: Callable[[str], str] = str) -> str:
    """Return an answer as plain text: the text, then "Sources:" and `[n] title — outlet, date — file` per citation.

    The terminal shows each quoted sentence under its source and the file's full path; programs calling
    the page's API get the lines alone (`quotes=False`) with the file's name (`file_name`). A refusal lists
    "Nearest articles:" instead.
    """
    lines = [answer.text]
    if answer.citations:
        lines += ["", "Sources:"]
        for citation in answer.citations:
            lines.append(_source_line(f"[{citation.n}]", citation.chunk, file_name))
            if outlets := also_in(citation.copies, citation.chunk.outlet):
                lines.append(f"    also in: {', '.join(outlets)}")
            if quotes:
                lines.append(f"    {citation.sentence}")
    elif answer.refused and answer.nearest:
        lines += ["", "Nearest articles:"]
        lines += [_source_line(f"{n}.", hit.chunk, file_name) for n, hit in enumerate(answer.nearest, start=1)]
    return "\n".join(lines)


def _source_line(label: str, chunk: Chunk, file_name: Callable[[str], str]) -> str:
    meta = ", ".join(part for part in (chunk.outlet, chunk.date) if part) or "-"
    return f"{label} {chunk.title} — {meta} — {file_name(chunk.path)}"
