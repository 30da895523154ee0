"""The outlet that published a news text, when the text names it in a byline, credit or tag.

Outside an explicit credit (`المصدر: X`, `X – فريق التحرير`) only a known outlet or agency counts
(`rag/resources/outlets_ar.tsv`, `agencies_ar.tsv`): a dateline's name may be a reporter's, and a
Latin tag in parentheses may be a product code.
"""

from __future__ import annotations

import re

from rag.ingest.bylines import known_agency, known_outlet

_DASH = r"[ـ–—-]"
_SOURCE_LABEL = re.compile(r"^\s*(?:المصدر|مصدر الخبر|Source)\s*[:：\-–]\s*(?P<name>.+?)\s*$", re.IGNORECASE)
_EDITORIAL_BYLINE = re.compile(rf"^\s*(?P<name>.+?)\s*{_DASH}\s*(?:فريق\s+)?(?:التحرير|تحرير)\s*$")
_DATELINE = re.compile(rf"^\s*(?P<name>.+?)\s+{_DASH}\s*(?P<place>[^ـ–—-]+?)\s*$")
# An agency tag closing a paragraph: `... من سوريا. (İLKHA)`. Latin capitals only:
# Arabic parentheses at the end of a sentence usually name the subject, as in `(حماس)`.
_AGENCY_TAG = re.compile(r"\((?P<name>[A-ZİĞÜŞÖÇ][A-ZİĞÜŞÖÇa-z0-9.\- ]{1,24})\)\s*[.،]?\s*$")

_HEAD_LINES = 10
_MAX_LINE = 120  # bylines are short; longer lines are story text
_MAX_NAME_WORDS = 5


def source_line(line: str) -> tuple[str, bool] | None:
    """Return (outlet, is_attribution) when a whole line is a byline or source credit, else None.

    `is_attribution` is True for `المصدر: X`, which credits where one story came
    from rather than naming the site that shows it.
    """
    text = line.strip().strip("\u00a0")
    if not text or len(text) > _MAX_LINE:
        return None
    label = _SOURCE_LABEL.match(text)
    if label:
        name = _clean_name(label.group("name"))
        return (name, True) if name else None
    byline = _EDITORIAL_BYLINE.match(text)
    if byline:
        name = _clean_name(byline.group("name"))
        return (name, False) if name else None
    dateline = _DATELINE.match(text)
    if dateline:
        name = _known(_clean_name(dateline.group("name")) or "")
        if name:
            return name, False
    name = _known(_clean_name(text) or "")
    return (name, False) if name else None


def agency_tag(paragraph: str) -> str | None:
    """Return the known agency or outlet named by a Latin tag in parentheses ending a paragraph, or None."""
    match = _AGENCY_TAG.search(paragraph[-60:])
    return _known(match.group("name").strip()) if match else None


def find_source(text: str) -> tuple[str, bool] | None:
    """Return (outlet, is_attribution) for the outlet a news text names, or None.

    Looks for a `المصدر:` credit on any short line, a byline or dateline among the
    first lines, then an agency tag ending a paragraph.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines:
        if _SOURCE_LABEL.match(line[: _MAX_LINE + 20]):
            found = source_line(line)
            if found:
                return found
    for line in lines[:_HEAD_LINES]:
        found = source_line(line)
        if found:
            return found
    for line in lines:
        tag = agency_tag(line)
        if tag:
            return tag, False
    return None


def _clean_name(name: str) -> str | None:
    """Return an outlet name without surrounding punctuation, or None if it is not name-like."""
    name = name.strip().strip("\u00a0").strip(" .،:|\"'“”«»")
    if not name or len(name.split()) > _MAX_NAME_WORDS or any(mark in name for mark in ".؟?!"):
        return None
    return name


def _known(name: str) -> str | None:
    """Return the outlet or agency a name stands for, as shown, or None when it is neither."""
    return known_outlet(name) or known_agency(name) if name else None
