"""The metadata a news file states about itself: a JSON record's fields, or the header lines of a text file.

JSON records name their fields in many ways; the first present field of each group wins. A date in a
field that says it is the crawl time (`date_extracted`, `crawled_at`) is used only when no publication
date is given, and is marked as a crawl date, so answers never call it the article's own date.

A text file saved by a news crawler may open with a header: the headline, `<outlet> | <date>`, a byline
(`الرياض - واس`) and the article's address, then the story. Those lines become metadata, not story text.
"""

from __future__ import annotations

import re
from typing import Any

from rag.ingest.dates import parse_date
from rag.ingest.html import web_url

TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("date", "published", "published_at", "date_published", "datePublished", "publication_date")
CRAWLED_FIELDS = ("date_extracted", "crawled_at", "crawl_date", "crawled", "retrieved_at", "scraped_at", "fetched_at")
OUTLET_FIELDS = ("source", "outlet", "site_name", "publisher", "newspaper")
URL_FIELDS = ("url", "link", "canonical_url")
AUTHOR_FIELDS = ("author", "byline", "authors")

HEADER_LINES = 5  # the header is among a text file's first non-blank lines
_OUTLET_DATE = re.compile(r"^\s*(?P<outlet>[^|\d]{1,60}?)\s*\|\s*(?P<date>[^|]{4,40}?)\s*$")
_URL_LINE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$")
_BYLINE_MAX_WORDS = 12


def record_metadata(record: dict[str, Any]) -> dict[str, Any]:
    """Return a JSON record's title, date (and whether it is a crawl date), outlet, address and byline."""
    published = _first(record, PUBLISHED_FIELDS)
    published_date = parse_date(published) if published else None
    crawled = _first(record, CRAWLED_FIELDS) if published_date is None else None
    crawled_date = parse_date(crawled) if crawled else None
    return {
        "title": _first(record, TITLE_FIELDS),
        "date": published_date or crawled_date,
        "date_crawled": published_date is None and crawled_date is not None,
        "outlet": _first(record, OUTLET_FIELDS),
        "url": web_url(_first(record, URL_FIELDS)),
        "author": _first(record, AUTHOR_FIELDS),
    }


def split_header(text: str) -> tuple[dict[str, Any], str]:
    """Return the metadata of a text's crawler header and the text without those lines.

    Nothing is taken unless an `<outlet> | <date>` line or an address alone on its line is found among
    the first lines; the headline stays in the text (it is the story's first line).
    """
    lines = text.split("\n")
    header = [index for index, line in enumerate(lines) if line.strip()][:HEADER_LINES]
    metadata: dict[str, Any] = {}
    drop: set[int] = set()
    outlet_at = url_at = None
    for index in header:
        line = lines[index]
        outlet_date = _OUTLET_DATE.match(line)
        if outlet_at is None and outlet_date and len(outlet_date.group("outlet").split()) <= 5:
            date = parse_date(outlet_date.group("date"))
            if date:
                metadata |= {"outlet": outlet_date.group("outlet").strip(), "date": date}
                outlet_at = index
                continue
        address = _URL_LINE.match(line)
        if url_at is None and address and web_url(address.group("url")):
            metadata["url"] = web_url(address.group("url"))
            url_at = index
    drop |= {index for index in (outlet_at, url_at) if index is not None}
    if outlet_at is not None and url_at is not None:
        between = [index for index in header if outlet_at < index < url_at]
        if len(between) == 1 and len(lines[between[0]].split()) <= _BYLINE_MAX_WORDS:
            metadata["author"] = lines[between[0]].strip()
            drop.add(between[0])
    if not drop:
        return {}, text
    return metadata, "\n".join(line for index, line in enumerate(lines) if index not in drop)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """Return the first of a record's fields that holds a non-empty string (a list of strings is joined)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            value = "، ".join(item.strip() for item in value if item.strip())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
