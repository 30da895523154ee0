"""The chat's bubbles: a question, an answer with its cited [n] markers linked to their cards, the answer's
copy button and the plain text it copies, and the page's own messages.

Everything from a question or an article is escaped before it is put into markup (see `ui.render`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.citations import MARKER
from rag.ingest.outcome import IngestReport
from rag.schema import Answer
from rag.text.arabic import detect_language
from ui import messages
from ui.card_labels import LABELS
from ui.cited import CitedAnswer, cited_answer, numbered_by_appearance
from ui.render import block_attrs, direction, escape, file_label, shown_date

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LIST_ITEM = re.compile(r"^\s*[-*•]\s+")


def question_html(question: str) -> str:
    """Return a user's question as a chat bubble's content."""
    return f'<div class="question" dir="{direction(question)}">{escape(question)}</div>'


def pending_html(question: str) -> str:
    """Return the placeholder shown while the articles are searched."""
    language = detect_language(question)
    return f'<div class="answer pending" {block_attrs(language)}>{LABELS[language]["searching"]}</div>'


# A line may open with who and when ("2025-02-12, İLKHA:", "an article:") before a quote in another script.
_LEAD = re.compile(r"^([^:«\"\n]{1,60}?):\s+(?=\S)")


def _inline(text: str, turn: int | None, cited: set[int]) -> str:
    """Return one escaped line with **bold** kept and cited [n] markers linked to their cards."""
    escaped = _BOLD.sub(r"<strong>\1</strong>", escape(text))
    if turn is None or not cited:
        return escaped

    def link(match: re.Match[str]) -> str:
        numbers = [int(part) for part in re.findall(r"\d+", match.group(1))]
        if not numbers or any(n not in cited for n in numbers):
            return match.group(0)
        return " ".join(
            f'<a class="cite" href="#src-{turn}-{n}" data-turn="{turn}" data-n="{n}">[{n}]</a>' for n in numbers
        )

    return MARKER.sub(link, escaped)


def _line_html(tag: str, text: str, fallback: str, turn: int | None, cited: set[int]) -> str:
    """Return one line of an answer as `<tag>` with its own direction.

    A line whose opening ("date, outlet:") is in another script than the quote after it keeps the answer's
    direction, with the opening and the quote each isolated, so neither reorders the other.
    """
    lead = _LEAD.match(text)
    rest = text[lead.end() :] if lead else ""
    if not lead or direction(lead.group(1), fallback) == direction(rest, fallback):
        return f'<{tag} dir="{direction(text, fallback)}">{_inline(text, turn, cited)}</{tag}>'
    return (
        f'<{tag} dir="{fallback}"><bdi class="item-meta" dir="{direction(lead.group(1), fallback)}">'
        f"{escape(lead.group(1))}:</bdi> "
        f'<bdi dir="{direction(rest, fallback)}">{_inline(rest, turn, cited)}</bdi></{tag}>'
    )


def _lines_html(text: str, language: str, turn: int | None, cited: set[int]) -> str:
    """Return text as paragraphs and lists, each line with its own direction so mixed answers read right."""
    fallback = "rtl" if language == "ar" else "ltr"
    parts: list[str] = []
    items: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _LIST_ITEM.match(line):
            items.append(_line_html("li", _LIST_ITEM.sub("", line).strip(), fallback, turn, cited))
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(_line_html("p", line.strip(), fallback, turn, cited))
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def partial_answer_html(text: str, language: str) -> str:
    """Return an answer still being written (markers are linked once it is checked)."""
    body = _lines_html(numbered_by_appearance(text), language, None, set())
    return f'<div class="answer streaming" {block_attrs(language)}>{body}</div>'


def answer_html(
    answer: Answer, turn: int, view: CitedAnswer | None = None, copy: str = "", notes: Sequence[str] = ()
) -> str:
    """Return a checked answer: its text with each cited [n] linked to card `src-<turn>-<n>`.

    `copy` is the plain text the answer's copy button puts on the clipboard (none without it); `notes`
    are the page's own remarks on the answer (what the filters left out), one paragraph each.
    """
    view = view or cited_answer(answer)
    cited = {source.number for source in view.sources}
    classes = "answer" + (" refused" if answer.refused else "") + ("" if answer.grounded else " unverified")
    body = _lines_html(view.text, answer.language, turn, cited)
    if not answer.grounded and not answer.refused:
        body += f'<p class="note">{LABELS[answer.language]["not_verified"]}</p>'
    body += "".join(f'<p class="note filter-note">{escape(note)}</p>' for note in notes)
    if copy:
        body += copy_button(copy, answer.language)
    return f'<div class="{classes}" {block_attrs(answer.language)} data-turn="{turn}">{body}</div>'


def copy_button(text: str, language: str) -> str:
    """Return the answer's copy button and, hidden beside it, the plain text it copies.

    The chat's sanitiser drops data attributes, so the text travels as the (escaped) content of a hidden
    element; the page's script copies that element's `textContent`, never markup.
    """
    label = LABELS[language]["copy"]
    return (
        f'<button type="button" class="copy-answer" title="{label}">{label}</button>'
        f'<span class="copy-text">{escape(text)}</span>'
    )


def message_html(message: str, kind: str = "error") -> str:
    """Return a message from the page itself (an error, the empty-library hint) as a bubble."""
    language = "ar" if direction(message) == "rtl" else "en"
    body = escape(message).replace("rag ingest PATH", '<code dir="ltr">rag ingest PATH</code>')
    return f'<div class="answer {kind}" {block_attrs(language)}>{body}</div>'


def copy_text(answer: Answer, view: CitedAnswer | None = None) -> str:
    """Return what copying an answer gives: its text, then `[n] title — outlet, date, file` per source."""
    view = view or cited_answer(answer)
    labels = LABELS[answer.language]
    lines = [view.text]
    if view.sources:
        lines += ["", f"{labels['sources']}:"]
        for source in view.sources:
            chunk = source.chunk
            title = chunk.title.strip() or labels["untitled"]
            outlet = chunk.outlet or labels["no_outlet"]
            meta = ", ".join((outlet, shown_date(chunk.date, answer.language), file_label(chunk.path)))
            lines.append(f"[{source.number}] {title} — {meta}")
    return "\n".join(lines)


def ingest_html(report: IngestReport, names: Sequence[tuple[str, str]] = (), language: str = "en") -> str:
    """Return an ingest run's summary, in `language`, and each rejected file's reason.

    `names` pairs a stored path with the name the user uploaded it as, so reasons
    name the user's file rather than where it was kept.
    """
    items = []
    for rejected in report.rejected:
        reason = rejected.reason
        name = rejected.path
        for stored, shown in names:
            reason = reason.replace(stored, shown)
            name = shown if rejected.path == stored else name
        items.append(
            f'<li><bdi class="file" dir="auto">{escape(file_label(name))}</bdi>: '
            f'<span dir="auto">{escape(reason)}</span></li>'
        )
    rejected = f'<ul class="rejected">{"".join(items)}</ul>' if items else ""
    status = "warn" if report.rejected else "ok"
    files = ", ".join(f'<bdi class="file" dir="auto">{escape(shown)}</bdi>' for _, shown in names)
    listed = f'<p class="files">{messages.say(language, "files")}: {files}</p>' if files else ""
    summary = escape(messages.upload_summary(report, language))
    return f'<div class="ingest {status}" {block_attrs(language)}><p>{summary}</p>{listed}{rejected}</div>'
