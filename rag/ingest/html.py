"""Saved web pages to article text and metadata: trafilatura first, a plain block reader where it finds nothing.

trafilatura (with htmldate for the date) is the maintained news extractor haystack uses: it keeps the
story and drops menus, breadcrumbs, share bars, sidebars, cookie banners and footers. On the 66 pages of
news-dev it keeps the article body with word precision and recall near 1 (see `bench/html_extraction.py`).
Where it returns nothing (a page of one short paragraph, a page without the markup it scores), the older
reader below takes the longest `<article>`, else `<main>`, else the body.

"Read also" teasers are collected as links of the page (headline and address), never as story text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

from rag.ingest.dates import parse_date
from rag.ingest.teasers import is_teaser_heading
from rag.schema import Link

FAVOR_PRECISION = True  # measured in bench/html_extraction.py: see the module docstring


@dataclass(frozen=True)
class HtmlPage:
    """What an HTML page holds: article text with paragraph breaks, and its stated metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None  # the site's name, as the page gives it
    url: str | None = None
    author: str | None = None
    links: tuple[Link, ...] = ()
    extractor: str = "trafilatura"  # or "fallback"


def web_url(value: str | None, base: str | None = None) -> str | None:
    """Return an http(s) address (made absolute against `base`), or None for any other scheme or none."""
    if not value:
        return None
    value = value.strip()
    absolute = urljoin(base, value) if base else value
    parsed = urlparse(absolute)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(ch in absolute for ch in "\n\r\t <>\"'"):
        return None
    return absolute


def read_with_fallback(html: str) -> HtmlPage:
    """Return what the older block reader alone finds in a page (for comparisons)."""
    from selectolax.lexbor import LexborHTMLParser

    return _fallback(LexborHTMLParser(html))


def extract_html(html: str) -> HtmlPage:
    """Return the story text and metadata of an HTML page (scripts, styles, menus and sidebars never included)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html.replace(_PARAGRAPH_MARK, "").replace(_LINE_MARK, ""))
    page_url = web_url(_attribute(tree, 'link[rel="canonical"]', "href")) or web_url(
        _meta(tree, 'meta[property="og:url"]')
    )
    links = teaser_links(tree, page_url)
    extracted = _trafilatura(html)
    fallback = _fallback(tree)  # also reads metadata trafilatura may miss
    if extracted is None or not extracted.text.strip():
        return HtmlPage(
            text=fallback.text,
            title=fallback.title,
            date=fallback.date,
            outlet=fallback.outlet,
            url=page_url,
            links=links,
            extractor="fallback",
        )
    return HtmlPage(
        text=extracted.text,
        title=extracted.title or fallback.title,
        date=extracted.date or fallback.date,
        outlet=fallback.outlet or extracted.outlet,
        url=page_url or web_url(extracted.url),
        author=extracted.author,
        links=links,
    )


def _trafilatura(html: str, *, favor_precision: bool = FAVOR_PRECISION) -> HtmlPage | None:
    """Return trafilatura's reading of a page (text, title, site, date, address, byline), or None."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        html,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        # Dates from the page's markup only (meta tags, <time>, the address): a date picked from the story
        # text is often an event it reports; the text's own dateline is read later by `find_date`.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not document.text:
        return None
    paragraphs = [line.strip() for line in document.text.split("\n") if line.strip()]
    return HtmlPage(
        text="\n\n".join(paragraphs),
        title=(document.title or "").strip() or None,
        date=parse_date(document.date) if document.date else None,
        outlet=None,  # trafilatura guesses a site name from the host; only the page's own statement counts
        url=document.url,
        author=(document.author or "").strip() or None,
    )


def teaser_links(tree: object, base: str | None = None) -> tuple[Link, ...]:
    """Return the headlines a page lists under a "read also" marker, with their addresses, in page order."""
    found: dict[str, Link] = {}
    for node in tree.css("h1, h2, h3, h4, h5, h6, p, div, span, strong, b, li, header, section, aside, em"):
        own = _HTML_SPACE.sub(" ", node.text(deep=False)).strip()
        if not own or len(own) > 200 or not is_teaser_heading(own):
            continue
        for anchor in _anchors_after(node):
            title = _HTML_SPACE.sub(" ", anchor.text(deep=True)).strip()
            if title and len(title.split()) >= 2 and title not in found:
                found[title] = Link(title=title, url=web_url(anchor.attributes.get("href"), base))
    return tuple(found.values())


_MARKER_LEVELS = 3  # how far up from a marker heading its list of links may sit
_PROSE_CHARS = 40  # a sibling with this much text outside links is story prose: the list has ended


def _anchors_after(marker: object) -> list[object]:
    """Return the links a "read also" marker introduces: inside it, else in the list after it, a level up."""
    node = marker
    for _ in range(_MARKER_LEVELS):
        inside = node.css("a[href]")
        if inside:
            return inside
        following = _list_after(node)
        if following:
            return following
        node = node.parent
        if node is None or node.tag in ("body", "html", "main", "article"):
            break
    return []


def _list_after(node: object) -> list[object]:
    """Return the links in the siblings after a node, up to the next heading or paragraph of prose."""
    found: list[object] = []
    sibling = node.next
    while sibling is not None:
        if sibling.is_element_node:
            if sibling.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                break
            anchors = [sibling] if sibling.tag == "a" else sibling.css("a[href]")
            linked = sum(len(_HTML_SPACE.sub("", anchor.text(deep=True))) for anchor in anchors)
            if len(_HTML_SPACE.sub("", sibling.text(deep=True))) - linked > _PROSE_CHARS:
                break
            found.extend(anchor for anchor in anchors if anchor.attributes.get("href") is not None)
        sibling = sibling.next
    return found


# The fallback reader. Never article text: `header` is dropped only outside the article, where it is the banner.
_HTML_DROP = (
    "script style noscript template nav footer aside form iframe svg button select figure dialog object embed canvas"
).split()
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body dd details div dl dt figcaption h1 h2 h3 h4 h5 h6 header hr li "
    "main ol p pre section summary table tbody thead tfoot tr ul".split()
)
_PARAGRAPH_MARK = "\ue000"  # private-use characters stand for block and line breaks while
_LINE_MARK = "\ue001"  # HTML whitespace is collapsed
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
)


def _fallback(tree: object) -> HtmlPage:
    """Return the page's metadata and the text of its longest <article>, else <main>, else the body.

    Decomposes navigation and scripts in `tree`, so it runs after anything else that reads the tree.
    """
    title = _first_text(tree, "title")
    site = _meta(tree, 'meta[property="og:site_name"]')
    date_value = next((value for value in (_meta(tree, css) for css in _DATE_META) if value), None)
    og_title = _meta(tree, 'meta[property="og:title"]')
    for tag in _HTML_DROP:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("header"):
        if not _inside(node, ("article", "main")):
            node.decompose()
    content = _main_content(tree)
    if not date_value and content is not None:
        date_value = _attribute(content, "time[datetime]", "datetime")
    heading = _first_text(content, "h1") if content is not None else None
    heading = heading or _first_text(tree, "h1") or og_title
    return HtmlPage(
        text=_block_text(content) if content is not None else "",
        title=heading or _without_site_name(title, site),
        date=parse_date(date_value) if date_value else None,
        outlet=site,
        extractor="fallback",
    )


def _main_content(tree: object) -> object | None:
    """Return the node holding the story: the longest <article>, else <main>, else the body."""
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda node: len(node.text(deep=True)))
    return tree.css_first("main") or tree.css_first('[role="main"]') or tree.body or tree.root


def _block_text(root: object) -> str:
    """Return a node's text with one line per paragraph-level element and `<br>` kept as a line break."""
    pieces: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:  # iterative: deeply nested pages must not hit the recursion limit
        node, closing = stack.pop()
        if closing:
            pieces.append(_PARAGRAPH_MARK)
            continue
        if node.is_text_node:
            pieces.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue
        if node.tag == "br":
            pieces.append(_LINE_MARK)
            continue
        if node.tag in _HTML_BLOCKS:
            pieces.append(_PARAGRAPH_MARK)
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    flat = _HTML_SPACE.sub(" ", "".join(pieces))
    paragraphs = []
    for block in flat.split(_PARAGRAPH_MARK):
        lines = [line.strip() for line in block.split(_LINE_MARK)]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _inside(node: object, tags: tuple[str, ...]) -> bool:
    """Return whether a node has an ancestor with one of the given tags."""
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _first_text(node: object, css: str) -> str | None:
    """Return the whitespace-collapsed text of the first match of a selector, or None."""
    found = node.css_first(css)
    text = _HTML_SPACE.sub(" ", found.text(deep=True)).strip() if found is not None else ""
    return text or None


def _meta(tree: object, css: str) -> str | None:
    """Return a <meta> element's content, or None."""
    return _attribute(tree, css, "content")


def _attribute(tree: object, css: str, name: str) -> str | None:
    """Return an attribute of the first match of a selector, stripped, or None."""
    found = tree.css_first(css)
    value = found.attributes.get(name) if found is not None else None
    return value.strip() or None if value else None


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """Return a <title> without the ` | Site` or ` - Site` suffix that pages add to it."""
    if not title or not site:
        return title
    for separator in (" | ", " - ", " – ", " — "):
        head, found, tail = title.rpartition(separator)
        if found and tail.strip() == site:
            return head.strip()
    return title
