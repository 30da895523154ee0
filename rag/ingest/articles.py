"""Source documents to articles: page chrome dropped, bundled stories split apart, metadata found.

A news page often carries more than its story: "read also" links, a second story
after a bare "read also" marker, unrelated items after a rights notice. The lines
are sorted by `split_segments`; each story becomes its own article, so that no citation
attributes one story's words to another, and each teaser a link of the story it
sits in.

Teasers stay out of the story's text and keyword index: they name other stories (on
news-dev's pages, unrelated stories of the same day), so matching them would find,
and cite, a story that says nothing about them. They are stored with the story's
chunks (`links` metadata) and returned with it.

Split articles keep the file's path and find their own date and title. They share
the page's outlet when the page names itself (byline, dateline, agency tag), but
not when the outlet came from an `المصدر:` credit, which attributes one story only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rag.errors import InputError
from rag.ingest.bylines import Credit, byline_line, known_agency, known_outlet, read_byline
from rag.ingest.dates import find_date, url_date
from rag.ingest.loaders import SourceDocument
from rag.ingest.outlets import find_source
from rag.ingest.segments import HEADER_LINES, LOOK, split_segments, title_of
from rag.schema import Article, Link


@dataclass(frozen=True)
class PartOf:
    """What later parts of a long text take from the first part: its title, date and outlet."""

    title: str
    date: str | None
    outlet: str | None


def iter_articles(documents: Iterable[SourceDocument]) -> Iterator[Article]:
    """Yield the articles of documents in order, titling later parts of a long text after the first."""
    first_parts: dict[str, PartOf] = {}
    for document in documents:
        part_of = first_parts.get(document.path) if document.part and document.part > 1 else None
        articles = split_articles(document, part_of=part_of)
        if document.part == 1 and articles:
            main = articles[0]
            title = main.title.removesuffix(" (part 1)")
            first_parts[document.path] = PartOf(title=title, date=main.date, outlet=main.outlet)
        yield from articles


def split_articles(doc: SourceDocument, *, part_of: PartOf | None = None) -> list[Article]:
    """Return the articles in a document: its story and any stories or headlines bundled with it.

    Raises InputError when nothing but page chrome is left.
    """
    segments = split_segments(doc.text)
    main = segments[0]
    main_outlet = find_source("\n".join(main.raw))
    credit = _credit(doc.author, main.raw)
    site_outlet = _outlet(doc.outlet) or (main_outlet[0] if main_outlet and not main_outlet[1] else None)
    articles: list[Article] = []
    seen: set[str] = set()
    for segment in segments:
        text = _join(segment.lines)
        if not text:
            continue
        if segment is main:
            title = doc.title or title_of(text)
            stated = find_date("\n".join(segment.raw))
            # A publication date wins over a crawl date, even one the text gives rather than the metadata.
            date = (stated or doc.date) if doc.date_crawled else (doc.date or stated)
            date = date or _first_url_date(segment.images, doc.url)
            crawled = doc.date_crawled and date == doc.date
            named = main_outlet[0] if main_outlet else None
            outlet = _outlet(doc.outlet) or named or credit.outlet or credit.agency
            agency = credit.agency or (known_agency(named) if named else None)
            if part_of is not None:
                title, date, outlet = part_of.title, part_of.date or date, part_of.outlet or outlet
                crawled = doc.date_crawled and date == doc.date
            if doc.part:
                title = f"{title} (part {doc.part})"
            author, links = credit.author, _merged(doc.links, segment.links)
        else:
            title = segment.title or title_of(text)
            raw = "\n".join(segment.raw)
            date, crawled = find_date(raw), False
            own = find_source(raw)
            outlet = own[0] if own else site_outlet
            own_credit = _credit(None, segment.raw)
            author, agency, links = own_credit.author, own_credit.agency, tuple(segment.links)
        article = _article(
            doc,
            text=text,
            title=title,
            date=date,
            outlet=outlet,
            links=links,
            credit=Credit(author=author, agency=agency),
            date_crawled=crawled,
        )
        if article.article_id not in seen:
            seen.add(article.article_id)
            articles.append(article)
    # A later part of a long text may be all furniture; only a whole text without a story is an error.
    if not articles and not (doc.part and doc.part > 1):
        raise InputError(f"{doc.path} has no story text once page furniture is removed.")
    return articles


def fingerprint(text: str) -> str:
    """Return the content hash of a story: sha256 hex of its matching form with whitespace collapsed.

    The same story saved under another name, with other spacing, diacritics or
    digits, gets the same hash, so ingesting it twice changes nothing.
    """
    from rag.text.arabic import clean

    return hashlib.sha256(" ".join(clean(text).split()).encode("utf-8")).hexdigest()


def _article(
    doc: SourceDocument,
    *,
    text: str,
    title: str,
    date: str | None,
    outlet: str | None,
    links: tuple[Link, ...],
    credit: Credit,
    date_crawled: bool,
) -> Article:
    """Return an Article for one story of a document, identified by its content hash."""
    digest = fingerprint(text)
    return Article(
        article_id=digest[:32],
        title=title,
        text=text,
        path=doc.path,
        content_hash=digest,
        date=date,
        outlet=outlet,
        url=doc.url,
        author=credit.author,
        agency=credit.agency,
        date_crawled=bool(date) and date_crawled,
        links=links,
    )


def _merged(page: Iterable[Link], text: Iterable[Link]) -> tuple[Link, ...]:
    """Return a page's teaser links and those read from its text, each headline once (with its address if any)."""
    merged: dict[str, Link] = {}
    for link in (*page, *text):
        key = " ".join(link.title.split())
        if key not in merged or (merged[key].url is None and link.url):
            merged[key] = link
    return tuple(merged.values())


def _outlet(name: str | None) -> str | None:
    """Return the outlet a file names for itself, under its usual name when it is a known one."""
    return (known_outlet(name) or name) if name else None


def _credit(byline: str | None, raw: list[str]) -> Credit:
    """Return the credits of a story: the file's byline field, else a byline among the story's first lines."""
    if byline:
        return read_byline(byline)
    lines = [line for line in raw[:HEADER_LINES] if line.strip()]
    for line in lines[1:] if len(lines) > 1 else lines:  # the first line is the headline
        credit = byline_line(line[:LOOK])
        if credit is not None:
            return credit
    return Credit()


def _join(lines: list[str]) -> str:
    """Return kept lines as text: outer blank lines dropped, runs of blank lines made one."""
    text = "\n".join(lines).strip()
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)


def _first_url_date(images: list[str], url: str | None) -> str | None:
    """Return the date in the first image or page address filed under /YYYY/M/D/, or None."""
    for address in [*images, url or ""]:
        found = url_date(address)
        if found:
            return found
    return None
