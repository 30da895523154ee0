"""HTML for the chat page: questions, answers with linked [n] markers, and source cards.

Everything that comes from an article, a question or a file name is escaped here,
before it is put into markup, so a story holding `<script>` shows as text. Each
block carries its own `dir` (from the text's language, or `dir="auto"` for lines
that may be either), so Arabic reads right-to-left and English left-to-right.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from rag.index.chroma_records import source_file
from rag.ingest.html import web_url
from rag.render_text import also_in
from rag.schema import Answer, Chunk, Citation, Hit, StoryCopy
from rag.text.arabic import detect_language
from ui.card_labels import LABELS
from ui.cited import CitedAnswer, Quote, Source, cited_answer, is_teaser

# How much article text a card shows on each side of the supporting sentence.
CONTEXT_CHARS = 240
# How much of a nearest article a refusal's card shows.
PREVIEW_CHARS = 320

EMPTY_STORE_MESSAGE = (
    "The library holds no articles yet. Add some under “Add articles” on this page "
    "(.txt, .md, .html, .json or .jsonl files), or run rag ingest PATH in a terminal, then ask again."
)
EMPTY_STORE_MESSAGE_AR = (
    "لا توجد مقالات في المكتبة بعد. أضف ملفات نصية أو Markdown أو HTML أو JSON من قسم «إضافة مقالات» "
    "في هذه الصفحة، أو شغّل في الطرفية الأمر rag ingest PATH ثم اسأل من جديد."
)
_EMPTY_STORE_PANEL = (
    '<section class="empty-store">'
    '<p dir="ltr" lang="en"><strong>No articles yet.</strong> Add some under “Add articles” below '
    "(.txt, .md, .html, .json or .jsonl files), or run <code>rag ingest PATH</code> in a terminal.</p>"
    '<p dir="rtl" lang="ar"><strong>المكتبة فارغة.</strong> أضف ملفات نصية أو Markdown أو HTML أو JSON '
    'من قسم «إضافة مقالات» أدناه، أو شغّل في الطرفية الأمر <code dir="ltr">rag ingest PATH</code>.</p>'
    "</section>"
)

_BLANK_LINES = re.compile(r"\n\s*\n+")
_LETTER = re.compile(r"[^\W\d_]")


def escape(text: str) -> str:
    """Return text safe to put inside an element or a quoted attribute."""
    return html.escape(text, quote=True)


def direction(text: str, fallback: str = "ltr") -> str:
    """Return "rtl" when most letters are Arabic, "ltr" when most are not, `fallback` when there are none.

    Counting letters rather than taking the first strong one (`dir="auto"`) keeps an
    Arabic sentence right-to-left when it opens with a Latin name or a stray tag.
    """
    if not _LETTER.search(text):
        return fallback
    return "rtl" if detect_language(text) == "ar" else "ltr"


def block_attrs(language: str) -> str:
    """Return the `dir` and `lang` attributes of a block written in `language`."""
    return 'dir="rtl" lang="ar"' if language == "ar" else 'dir="ltr" lang="en"'


def empty_store_text(question: str = "") -> str:
    """Return how to add articles, in the question's language."""
    return EMPTY_STORE_MESSAGE_AR if detect_language(question) == "ar" else EMPTY_STORE_MESSAGE


def file_label(path: str) -> str:
    """Return the name a card shows for a chunk's path: the file's name, plus any `#record`."""
    file = source_file(path)
    record = path[len(file) :]
    return PurePath(file).name + record


def snippet_parts(chunk: Chunk, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """Return (before, sentence, after) of a chunk around an article-frame span, trimmed at spaces."""
    text = chunk.text
    first = max(0, min(len(text), start - chunk.start))
    last = max(first, min(len(text), end - chunk.start))
    before, sentence, after = text[:first], text[first:last], text[last:]
    if len(before) > context:
        cut = before.find(" ", len(before) - context)
        before = "…" + before[cut + 1 if cut >= 0 else len(before) - context :]
    if len(after) > context:
        cut = after.rfind(" ", 0, context)
        after = after[: cut if cut > 0 else context] + "…"
    return _tidy(before), sentence, _tidy(after)


def _tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n", text)


def shown_date(date: str | None, language: str) -> str:
    """Return a date as a card shows it: ISO as stored, "09-17 (year unknown)" when the text gave no year."""
    labels = LABELS[language]
    if not date:
        return labels["undated"]
    if date.startswith("--"):
        return f"{date[2:]} ({labels['no_year']})"
    return date


_SEP = '<span class="sep" aria-hidden="true"> · </span>'


def _meta_html(chunk: Chunk, language: str) -> str:
    labels = LABELS[language]
    outlet = chunk.outlet or labels["no_outlet"]
    date = shown_date(chunk.date, language)
    if chunk.date and chunk.date_crawled:  # when the page was collected, not when it was published
        date = f"{date} ({labels['crawled']})"
    file = file_label(chunk.path)
    author = f'{_SEP}<bdi class="author" dir="auto">{escape(chunk.author)}</bdi>' if chunk.author else ""
    return (
        '<div class="card-meta">'
        f'<bdi class="outlet" dir="auto">{escape(outlet)}</bdi>{author}'
        f'{_SEP}<bdi class="date" dir="{direction(date)}">{escape(date)}</bdi>'
        f"{_SEP}"
        f'<bdi class="file" dir="auto" title="{escape(chunk.path)}">{escape(file)}</bdi>'
        f"{_url_html(chunk.url)}"
        "</div>"
    )


def _url_html(url: str | None) -> str:
    """Return the article's address as an escaped link, only for an http(s) address (never `javascript:`)."""
    safe = web_url(url)
    if safe is None:
        return ""
    return (
        f'<div class="card-url" dir="ltr"><a class="url" href="{escape(safe)}" target="_blank" '
        f'rel="noopener noreferrer nofollow">{escape(safe)}</a></div>'
    )


def _also_in_html(chunk: Chunk, copies: Sequence[StoryCopy], language: str) -> str:
    """Return the line naming the other outlets that carried the story, or "" when none did."""
    outlets = also_in(tuple(copies), chunk.outlet)
    if not outlets:
        return ""
    sep = "، " if language == "ar" else ", "
    names = sep.join(f'<bdi class="outlet" dir="auto">{escape(outlet)}</bdi>' for outlet in outlets)
    files = escape(", ".join(file_label(copy.path) for copy in copies))
    return (
        f'<div class="card-also" dir="{"rtl" if language == "ar" else "ltr"}" title="{files}">'
        f"{escape(LABELS[language]['also_in'])}: {names}</div>"
    )


def _card(
    chunk: Chunk,
    language: str,
    *,
    card_id: str,
    label: str,
    snippet: str,
    turn: int | None = None,
    copies: Sequence[StoryCopy] = (),
) -> str:
    title = chunk.title.strip() or LABELS[language]["untitled"]
    text_dir = direction(chunk.text)
    lang = "ar" if text_dir == "rtl" else "en"
    # On a narrow screen the cards sit far below the answer; this link leads back to it.
    back = (
        f'<a class="back-to-answer" href="#answer-{turn}" dir="{"rtl" if language == "ar" else "ltr"}">'
        f"↑ {LABELS[language]['back']}</a>"
        if turn is not None
        else ""
    )
    return (
        f'<article class="card" id="{escape(card_id)}" dir="{text_dir}" lang="{lang}">'
        f'<header><span class="card-n" dir="ltr">{escape(label)}</span>'
        f'<h4 class="card-title" dir="{direction(title, text_dir)}">{escape(title)}</h4></header>'
        f"{_meta_html(chunk, language)}"
        f"{_also_in_html(chunk, copies, language)}"
        f'<p class="snippet" dir="{text_dir}">{snippet}</p>'
        f"{back}"
        "</article>"
    )


def citation_card(citation: Citation, turn: int, language: str) -> str:
    """Return the card of one citation, its supporting sentence in `<mark>`."""
    quote = Quote(citation.chunk, citation.sentence_start, citation.sentence_end)
    source = Source(citation.n, citation.chunk, (quote,), citation.copies)
    return source_card(source, turn, language)


def _excerpt(chunk: Chunk, quotes: Sequence[Quote], context: int = CONTEXT_CHARS) -> str:
    """Return one passage with each quoted sentence marked, long stretches between them shortened."""
    text = chunk.text
    parts: list[str] = []
    cursor = 0
    for number, quote in enumerate(quotes):
        first = max(cursor, min(len(text), quote.start - chunk.start))
        last = max(first, min(len(text), quote.end - chunk.start))
        between = text[cursor:first]
        if number == 0:
            between, _, _ = snippet_parts(chunk, chunk.start + first, chunk.start + first, context)
        elif len(between) > 2 * context:
            head = between[:context]
            tail = between[-context:]
            between = head[: head.rfind(" ") if " " in head else context] + " … " + tail[tail.find(" ") + 1 :]
        parts.append(escape(_tidy(between)) + f"<mark>{escape(text[first:last])}</mark>")
        cursor = last
    _, _, after = snippet_parts(chunk, chunk.start + cursor, chunk.start + cursor, context)
    parts.append(escape(after))
    return "".join(parts)


def source_card(source: Source, turn: int, language: str) -> str:
    """Return the card of one cited article, every sentence the answer cites from it in `<mark>`."""
    excerpts: list[str] = []
    by_chunk: dict[str, list[Quote]] = {}
    for quote in source.quotes:
        by_chunk.setdefault(quote.chunk.chunk_id, []).append(quote)
    for quotes in by_chunk.values():
        excerpts.append(_excerpt(quotes[0].chunk, quotes))
    snippet = '<span class="gap" aria-hidden="true"> … </span>'.join(excerpts)
    return _card(
        source.chunk,
        language,
        card_id=f"src-{turn}-{source.number}",
        label=f"[{source.number}]",
        snippet=snippet,
        turn=turn,
        copies=source.copies,
    )


def nearest_card(hit: Hit, turn: int, number: int, language: str) -> str:
    """Return the card of an article that came closest to a refused question (no highlight)."""
    text = _tidy(hit.chunk.text.strip())
    if len(text) > PREVIEW_CHARS:
        cut = text.rfind(" ", 0, PREVIEW_CHARS)
        text = text[: cut if cut > 0 else PREVIEW_CHARS] + "…"
    return _card(
        hit.chunk,
        language,
        card_id=f"near-{turn}-{number}",
        label=f"{number}.",
        snippet=escape(text),
        copies=hit.copies,
    )


def sources_html(answer: Answer, turn: int, view: CitedAnswer | None = None) -> str:
    """Return the sources panel for one answer: a card per cited article, or the nearest articles of a refusal."""
    labels = LABELS[answer.language]
    attrs = block_attrs(answer.language)
    view = view or cited_answer(answer)
    if answer.refused and not view.sources:
        nearest = [hit for hit in answer.nearest if not is_teaser(hit.chunk)]
        cards: Iterable[str] = (
            nearest_card(hit, turn, number, answer.language) for number, hit in enumerate(nearest, start=1)
        )
        heading = labels["nearest"]
    else:
        cards = (source_card(source, turn, answer.language) for source in view.sources)
        heading = f"{labels['sources']} · {labels['answer']} {turn}"
    note = "" if answer.grounded or answer.refused else f'<p class="note">{labels["not_verified"]}</p>'
    body = "".join(cards)
    if not body:
        return ""
    return f'<section class="sources" {attrs} data-turn="{turn}"><h3>{escape(heading)}</h3>{note}{body}</section>'


def sources_placeholder() -> str:
    """Return the sources panel before any question: where the cards will appear."""
    return (
        '<section class="sources empty">'
        '<p dir="ltr" lang="en">Sources appear here: each [n] in an answer points at a card with the passage, '
        "its supporting sentence highlighted. Click an earlier answer to see its sources again.</p>"
        '<p dir="rtl" lang="ar">تظهر المصادر هنا: كل رقم [n] في الإجابة يشير إلى بطاقة فيها المقطع '
        "والجملة الداعمة مظلَّلة. انقر إجابة سابقة لعرض مصادرها من جديد.</p>"
        "</section>"
    )


def empty_store_html() -> str:
    """Return the panel shown when the library holds no articles: how to add some."""
    return _EMPTY_STORE_PANEL
