"""Files to source documents: which files to read, and the text (and metadata) each one holds.

Plain text and Markdown are read as they are; HTML through a real parser, keeping
the article and dropping scripts, styles and navigation; JSON and JSON Lines as
records with a `text` or `content` field. Long texts come out in parts of at most
`parts.MAX_PART_CHARS`, cut at paragraph boundaries, so memory stays bounded.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from rag.errors import InputError
from rag.ingest.decoding import decode_bytes, iter_text, open_regular
from rag.ingest.html import extract_html
from rag.ingest.news_header import record_metadata, split_header
from rag.ingest.parts import VISIBLE, split_parts, text_lines
from rag.schema import Link

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
# Streamed formats may also come gzip-compressed (`archive.jsonl.gz`): an archive is read without unpacking it.
GZIP_SUFFIX = ".gz"
GZIP_INNER_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES

MAX_WHOLE_FILE_BYTES = 64 * 1024 * 1024  # HTML and JSON are parsed whole; beyond this, refuse
# Elements nested deeper than this are refused before parsing: the HTML parser's time grows with the square
# of the depth (100,000 nested <div>s take most of a minute), and no article nests a thousandth as deep.
MAX_HTML_DEPTH = 2_000
MAX_INT_DIGITS = 1_000  # longer JSON integers are read as floats, not refused: Python limits int parsing

# Text is "empty" when nothing but whitespace and invisible marks remain.
_TEXT_FIELDS = ("text", "content")
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that do not nest: void ones, and those pages often leave open, which the parser closes itself.
_HTML_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd tr td th option".split()
)


@dataclass(frozen=True)
class SourceDocument:
    """The text of one file (or one JSON record), with metadata the file states explicitly.

    `path` names the file, or the record as `file.jsonl#3`. `part` is 1, 2, ... when a
    long text was cut into parts, else None.
    """

    path: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None  # as the file names it (a JSON `source`, the page's site name)
    url: str | None = None
    part: int | None = None
    author: str | None = None
    date_crawled: bool = False  # the file says `date` is when the page was collected
    links: tuple[Link, ...] = ()


def discover(paths: Iterable[str | Path], unreadable: Callable[[Path, OSError], None] | None = None) -> Iterator[Path]:
    """Yield the files to ingest: given files as they are, folders' files recursively and sorted.

    Hidden files and folders inside a folder are skipped. A path that does not exist
    is yielded too, so that loading it reports the problem in the run's summary. A
    folder that cannot be listed is passed to `unreadable`, when given, with the error.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        found = _walk(path, unreadable) if path.is_dir() else iter([path])
        for file in found:
            key = file.resolve() if file.exists() else file
            if key not in seen:
                seen.add(key)
                yield file


def load(path: Path) -> list[SourceDocument]:
    """Return the documents in a file; raise InputError with a one-sentence reason if it cannot be used."""
    return list(iter_documents(path))


def iter_documents(path: Path, skipped: Callable[[InputError], None] | None = None) -> Iterator[SourceDocument]:
    """Yield the documents in a file one at a time (bounded memory for long text files).

    Raises InputError for unsupported, missing, unreadable, empty, binary or
    wrongly shaped input; for a long file this can happen after some parts were yielded.
    A JSON or JSON Lines record that cannot be used is passed to `skipped` when given,
    and the records after it are still read; without `skipped` it is raised.
    """
    name = str(path)
    suffix = content_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"type ({suffix})" if suffix else "type (no extension)"
        raise InputError(
            f"{name} has an unsupported file {kind}; use .txt, .md, .html, .htm, .json or .jsonl "
            "(.jsonl, .txt and .md may be gzip-compressed, as .jsonl.gz)."
        )
    if not path.exists():
        raise InputError(f"{name} does not exist (was it moved or deleted?).")
    if path.is_dir():
        raise InputError(f"{name} is a folder, not a file.")
    skip = skipped or _raise
    if suffix in TEXT_SUFFIXES:
        produced = _text_documents(path, name)
    elif suffix in JSONL_SUFFIXES:
        produced = _jsonl_documents(path, name, skip)
    else:
        text = decode_bytes(_read_whole(path, name), name)
        if not VISIBLE.search(text):
            raise InputError(f"{name} is empty (nothing but whitespace).")
        produced = _html_documents(text, name) if suffix in HTML_SUFFIXES else _json_documents(text, name, skip)
    yield from produced


def content_suffix(path: Path) -> str:
    """Return the suffix saying what a file holds: `.jsonl` for `a.jsonl.gz`, `.gz` for a gzip of anything else."""
    suffix = path.suffix.lower()
    if suffix == GZIP_SUFFIX:
        inner = Path(path.stem).suffix.lower()
        return inner if inner in GZIP_INNER_SUFFIXES else suffix
    return suffix


def _raise(error: InputError) -> None:
    raise error


def _walk(folder: Path, unreadable: Callable[[Path, OSError], None] | None = None) -> Iterator[Path]:
    """Yield a folder's visible files, recursively, in sorted path order; report folders that cannot be listed."""

    def report(error: OSError) -> None:
        if unreadable is not None:
            unreadable(Path(error.filename or folder), error)

    files: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=report):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        files.extend(Path(root) / name for name in names if not name.startswith("."))
    yield from sorted(files, key=lambda file: file.parts)


def _numbered(path: str, texts: Iterable[str], **metadata: object) -> Iterator[SourceDocument]:
    """Yield documents for the parts of one text, numbering them only when there are several."""
    previous: str | None = None
    number = 0
    for text in texts:
        if previous is not None:
            number += 1
            yield SourceDocument(path=path, text=previous, part=number, **metadata)
        previous = text
    if previous is not None:
        yield SourceDocument(path=path, text=previous, part=number + 1 if number else None, **metadata)


# Text saved from web pages often keeps their character references ("&quot;داعش&quot;", "&#8220;", "&nbsp;"): in 19 of
# news-dev's plain-text and JSON files and through the news-scale archive. A plain-text or JSON file's text and fields
# are read with them decoded, as an HTML page's are by its parser.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_references(text: str) -> str:
    """Return text with its HTML character references decoded ("&quot;" → '"'); an unknown name is left as it is."""
    return _CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group()), text) if "&" in text else text


def _text_documents(path: Path, name: str) -> Iterator[SourceDocument]:
    """Yield the parts of a plain-text or Markdown file, its crawler header (if any) read as metadata."""
    parts = (decode_references(part) for part in split_parts(iter_text(path, name)))
    first = next(parts, None)
    if first is None:
        raise InputError(f"{name} is empty (nothing but whitespace).")
    metadata, rest = split_header(first)
    yield from _numbered(name, itertools.chain([rest if VISIBLE.search(rest) else first], parts), **metadata)


def _jsonl_documents(path: Path, name: str, skip: Callable[[InputError], None]) -> Iterator[SourceDocument]:
    """Yield one document (or its parts) per line of a JSON Lines file; a bad line is skipped, not fatal."""
    count = 0
    for number, line in enumerate(text_lines(iter_text(path, name)), start=1):
        if not line.strip():
            continue
        count += 1
        try:
            record = _parse_json(line, f"{name} line {number}")
            documents = list(_record_documents(record, f"{name}#{number}", f"{name} line {number}"))
        except InputError as error:
            skip(error)
            continue
        yield from documents
    if count == 0:
        raise InputError(f"{name} is empty (nothing but whitespace).")


def _parse_json(text: str, where: str) -> object:
    """Return parsed JSON; raise InputError in one sentence for invalid or too deeply nested JSON."""
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        raise InputError(f"{where} is not valid JSON ({error.msg} at line {error.lineno}).") from None
    except RecursionError:
        raise InputError(f"{where} is JSON nested too deeply (hundreds of levels) to be read.") from None


def _json_int(digits: str) -> int | float:
    """Return a JSON integer; one too long for Python's integer parsing becomes a float (no field reads it)."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else float(digits)


def _json_documents(text: str, name: str, skip: Callable[[InputError], None]) -> Iterator[SourceDocument]:
    """Yield the documents of a JSON file holding one record or a list of records; a bad record is skipped."""
    data = _parse_json(text, name)
    if isinstance(data, dict):
        yield from _record_documents(data, name, name)
    elif isinstance(data, list):
        if not data:
            raise InputError(f"{name} holds an empty list, with no articles in it.")
        for index, record in enumerate(data, start=1):
            try:
                documents = list(_record_documents(record, f"{name}#{index}", f"{name} item {index}"))
            except InputError as error:
                skip(error)
                continue
            yield from documents
    else:
        raise InputError(
            f'{name} holds a JSON {type(data).__name__}; expected an object or a list of objects with "text" or '
            '"content".'
        )


def _record_documents(record: object, path: str, where: str) -> Iterator[SourceDocument]:
    """Yield the document (or its parts) for one JSON record; raise InputError when it has no text."""
    if not isinstance(record, dict):
        raise InputError(f'{where} is a JSON {type(record).__name__}, not an object with "text" or "content".')
    text = next((record[key] for key in _TEXT_FIELDS if isinstance(record.get(key), str)), None)
    if text is None:
        raise InputError(f'{where} has no "text" or "content" string.')
    if not VISIBLE.search(text):
        raise InputError(f"{where} has empty text.")
    text = decode_references(text.replace("\r\n", "\n").replace("\r", "\n"))
    metadata = {
        key: decode_references(value) if isinstance(value, str) else value
        for key, value in record_metadata(record).items()
    }
    yield from _numbered(path, split_parts([text]), **metadata)


def _html_documents(html: str, name: str) -> Iterator[SourceDocument]:
    """Yield the article text of an HTML page with its title, date, outlet and address."""
    if _html_depth(html) > MAX_HTML_DEPTH:
        raise InputError(f"{name} nests HTML elements more than {MAX_HTML_DEPTH:,} deep, which no article does.")
    page = extract_html(html)
    if not VISIBLE.search(page.text):
        raise InputError(f"{name} has no readable text outside scripts, styles and navigation.")
    metadata = {field.name: getattr(page, field.name) for field in fields(page) if field.name in _PAGE_METADATA}
    yield from _numbered(name, split_parts([page.text]), **metadata)


_PAGE_METADATA = frozenset({"title", "date", "outlet", "url", "author", "links"})  # what a page tells a document


def _html_depth(html: str) -> int:
    """Return how deeply a page nests its elements, from its tags alone (one linear scan, before parsing)."""
    depth = deepest = 0
    for closing, tag, self_closing in _HTML_TAG.findall(html):
        if self_closing or tag.lower() in _HTML_FLAT:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _read_whole(path: Path, name: str) -> bytes:
    """Return a file's bytes; raise InputError when it is missing, unreadable or too large to parse whole."""
    with open_regular(path, name) as handle:
        try:
            data = handle.read(MAX_WHOLE_FILE_BYTES + 1)  # bounded even if the file grows while it is read
        except OSError as error:
            raise InputError(f"{name} cannot be read ({error.strerror or error}).") from None
    if len(data) > MAX_WHOLE_FILE_BYTES:
        raise InputError(
            f"{name} is over {MAX_WHOLE_FILE_BYTES // (1024 * 1024)} MB, too large to parse whole; "
            "split it or use .jsonl or .txt."
        )
    return data
