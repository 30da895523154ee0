"""The markers that introduce "read also" teasers: headlines of other stories a page links to."""

from __future__ import annotations

import re

# `اقرأ أيضاً: <headline>` inline, or `اقرأ أيضاً` alone above a list of links.
READ_ALSO = re.compile(r"^\s*(?:[اأإآ]قر[أا]|طالع|شاهد)\s+(?:[اأإآ]يض[اًَ]{1,2}|كذلك)\s*[:：\-–—.]*\s*")
# Headings of link lists that are other stories, never this one's text.
RELATED_HEADING = re.compile(
    r"^\s*(?:(?:[اأإآ]خبار|مواضيع|مقالات)\s+(?:ذات\s+صلة|متعلقة)|[اأ]خترنا\s+لك[مٌ]?|الأكثر\s+(?:قراءة|مشاهدة)"
    r"|related(?:\s+(?:news|stories|articles))?|read\s+(?:also|more))\s*[:：]?\s*$",
    re.IGNORECASE,
)


def is_teaser_heading(text: str) -> bool:
    """Return whether a short text introduces teasers: a "read also" marker or a related-stories heading."""
    return bool(READ_ALSO.match(text) or RELATED_HEADING.match(text))
