"""A news text's lines sent to the stories they belong to: its own story, bundled stories, teasers, chrome.

The rules, in order of the lines:

- Whole lines of site furniture (`التغطية الحية`, `+A حجم الخط -A`) are dropped, and so are
  datelines, bylines, source credits and photo captions among a story's first lines.
- `اقرأ أيضاً: <headline>` on one line is a teaser: a link to another story, kept
  with the story it interrupts (`Segment.links`), never a story of its own, since
  the page holds no word of that story; short lines without sentence punctuation
  right after it are further teasers, and the first paragraph-like line returns to
  the story that was interrupted.
- `اقرأ أيضاً:` alone on its line starts a separate story, up to the next marker,
  when a headline and prose follow it; a list of bare headlines there is teasers.
- After a rights notice (`تنبيه: ... جميع حقوق ...`), every substantial paragraph
  is an unrelated item; short lines there are site footer and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.ingest.bylines import TAG_LIST_WORDS, byline_line
from rag.ingest.dates import dateline
from rag.ingest.outlets import source_line
from rag.ingest.teasers import READ_ALSO
from rag.resources import load_words
from rag.schema import Link
from rag.text.arabic import OBFUSCATION

# Whole lines that are site furniture, compared with whitespace collapsed.
CHROME_LINES = load_words("page_chrome_lines.txt")
_FONT_SIZE = re.compile(r"^[+-]?\s*A\s*[+-]?(?:\s*حجم الخط\s*[+-]?\s*A\s*[+-]?)?$")
_IMAGE_MARKDOWN = re.compile(r"!\[[^\]\n]{0,2000}\]\((?P<url>[^)\s]{0,2000})(?:\s+\"[^\"\n]{0,500}\")?\)")
_RIGHTS = re.compile(r"جميع\s+(?:ال)?حقوق|(?:ال)?حقوق\s+(?:النشر\s+|الطبع\s+)?محفوظة|all rights reserved", re.I)
# Photo credits closing a caption: `بشار الأسد والرئيس المصري ... (وكالات)`.
_CAPTION_CREDIT = re.compile(
    r"\((?:وكالات|[أا]رشيف|[أا]رشيفية|صورة [أا]رشيفية|صورة تعبيرية|تعبيرية|رويترز|[أا] ف ب|فرانس برس|AFP|Reuters|AP"
    r"|Getty(?: Images)?|[إا]نترنت|الإنترنت|متداول[ةه]?|مواقع التواصل|فيسبوك|تويتر|إكس|سانا)\)\s*$",
    re.IGNORECASE,
)
# A tag list after a story's last sentence, on its line or its own ("… الخارجية . سمات عادل الجبير مجلس التعاون").
# Its words may be obfuscated, the dot in "تفجـ.ـير" no sentence end.
_TAG_LIST = re.compile(
    r"(?:^|(?<=[.!؟?»”\"]))\s*" + TAG_LIST_WORDS + r"\s*:?\s+(?:" + OBFUSCATION.pattern + r"|[^.!؟?\n])*$"
)
# A link back to the story on its outlet's site, with or without its headline: "رابط الخبر بصحيفة الوئام: …".
_LINK_BACK = re.compile(r"^رابط\s+(?:الخبر|المقال|الموضوع)\s+ب(?:صحيفة|موقع|جريدة)\s+[^:]{1,40}:")
_BREAKING = re.compile(r"^\s*عاجل\s*[.:|\-–—]*\s*")
_SENTENCE_END = re.compile(r"(?<![.])[.:؛]['\"”»)]*\s*$")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!؟?])(?:\s|$)")
# Markdown and list marks that are formatting, not words of a title.
_HEADING_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|[•·▪●]\s*|[-*]\s+)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(\S(?:.*?\S)?)\1")

HEADER_LINES = 8  # metadata (datelines, bylines, captions) only appears among a story's first lines
TITLE_MAX_WORDS = 20
TITLE_FALLBACK_WORDS = 12
HEADLINE_MAX_WORDS = 20
ITEM_MIN_WORDS = 8  # after a rights notice, shorter lines are footer links, not news items
LOOK = 2000  # how much of a line the word counts and title rules look at


@dataclass
class Segment:
    """A story being collected: its kept lines, every raw line (for metadata) and image addresses."""

    kind: str  # "main", "story" (after a bare marker), "item" (after a rights notice)
    lines: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # teasers shown inside this story
    title: str | None = None
    kept: int = 0  # non-blank lines kept so far

    def keep(self, line: str) -> None:
        """Add a line to the story text."""
        self.lines.append(line)
        if line.strip():
            self.kept += 1


def split_segments(text: str) -> list[Segment]:
    """Return the stories of a text in order; the first is the document's own story."""
    return _Splitter(text.split("\n")).run()


class _Splitter:
    """Reads a text's lines once, sending each to the story, headline or item it belongs to."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.main = Segment("main")
        self.segments = [self.main]
        self.story = self.main  # the story that prose lines belong to
        # "story"; "headlines" after a headline item; "bare" after a marker alone on its line;
        # "pending" when the line after a bare marker waits for the next to say what it is;
        # "items" after a rights notice.
        self.mode = "story"
        self.pending: tuple[str, int] | None = None
        self.previous = ""  # the last kept non-blank line, to drop a repeated title

    def run(self) -> list[Segment]:
        """Return the segments of all lines."""
        for index, line in enumerate(self.lines):
            self._line(line, index)
        self._settle(as_headline=True)
        return self.segments

    def _line(self, line: str, index: int) -> None:
        stripped = line.strip()
        if not stripped:
            if self.mode == "story":
                self.story.lines.append("")
            return
        if _is_chrome(stripped[:LOOK]) or _LINK_BACK.match(stripped):
            return
        if index > 0 and _TAG_LIST.search(line):  # a headline may start with the word (سمات: "traits")
            line = _TAG_LIST.sub("", line)
            stripped = line.strip()
            if not stripped:
                return
        if "![" in line:
            if self.mode == "story":
                self.story.images.extend(match.group("url") for match in _IMAGE_MARKDOWN.finditer(line))
            line = _IMAGE_MARKDOWN.sub("", line)
            stripped = line.strip()
            if not stripped:
                return
        head = stripped[:LOOK]
        marker = READ_ALSO.match(head)
        if marker:
            self._settle(as_headline=True)
            headline = stripped[marker.end() :].strip()
            if headline:
                self._link(headline)
                self.mode = "items" if self.mode == "items" else "headlines"
            else:
                self.mode = "bare"
            return
        if _RIGHTS.search(head) and len(stripped) < 600:
            self._settle(as_headline=True)
            self.mode = "items"
            return
        if self.mode == "bare":
            if _is_headline(head):
                self.pending, self.mode = (line, index), "pending"
                return
            self._start_story()
        elif self.mode == "pending":
            # A list of links after a bare marker is headlines; a headline then prose is a story.
            if _is_headline(head) and not _is_metadata(head, self.lines, index):
                self._settle(as_headline=True)
                self._link(stripped)
                self.mode = "headlines"
                return
            self._settle(as_headline=False)
        if self.mode == "headlines":
            if _is_headline(head):
                self._link(stripped)
                return
            self.mode = "story"
        if self.mode == "items":
            if _words(head) >= ITEM_MIN_WORDS:
                self.segments.append(Segment("item", lines=[line], raw=[line]))
            return
        self._keep(line, index)

    def _settle(self, *, as_headline: bool) -> None:
        """Decide the line held after a bare marker: a headline on its own, or the title of a story."""
        if self.pending is None:
            if self.mode in ("bare", "pending"):
                self.mode = "story"
            return
        line, index = self.pending
        self.pending = None
        if as_headline:
            self._link(line.strip())
            self.mode = "headlines"
        else:
            self._start_story()
            self._keep(line, index)

    def _link(self, headline: str) -> None:
        """Keep a teaser headline as a link of the story it sits in."""
        self.story.links.append(Link(title=title_of(_BREAKING.sub("", headline).strip() or headline)))

    def _start_story(self) -> None:
        self.story = Segment("story")
        self.segments.append(self.story)
        self.mode = "story"
        self.previous = ""

    def _keep(self, line: str, index: int) -> None:
        """Add a line to the current story unless it is header metadata or a repeated title."""
        stripped = line.strip()
        self.story.raw.append(line)
        if self.story.kept < HEADER_LINES and _is_metadata(stripped[:LOOK], self.lines, index):
            return
        if stripped == self.previous and self.story.kept <= 2:
            return
        self.story.keep(line)
        self.previous = stripped


def _is_chrome(line: str) -> bool:
    """Return whether a whole line is site furniture (font-size buttons, section labels, icons)."""
    collapsed = " ".join(line.split())
    return collapsed in CHROME_LINES or bool(_FONT_SIZE.match(collapsed))


def _is_metadata(line: str, lines: list[str], index: int) -> bool:
    """Return whether a header line is a dateline, byline, source credit, caption or caption's alt text."""
    if dateline(line) or source_line(line) or _is_caption(line):
        return True
    if index > 0 and byline_line(line) is not None:  # the first line is the headline, whatever it looks like
        return True
    following = next((later.strip() for later in lines[index + 1 : index + 4] if later.strip()), "")
    # Image alt text printed just before the caption it starts: `بشار الأسد` / `بشار الأسد و... (وكالات)`.
    return _words(line) <= 6 and following.startswith(line) and _is_caption(following[:LOOK])


def _is_caption(line: str) -> bool:
    """Return whether a line is a photo caption: short, ending in a photo credit, not a sentence."""
    match = _CAPTION_CREDIT.search(line)
    if not match or _words(line) > TITLE_MAX_WORDS:
        return False
    return not re.search(r"[.!؟?\"”»]\s*$", line[: match.start()])


def _is_headline(line: str) -> bool:
    """Return whether a line after a headline item reads as another headline, not story prose."""
    return _words(line) <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(line)


def title_of(text: str) -> str:
    """Return a story's title: its first line, shortened to a sentence or a few words if it is a paragraph."""
    first = next(line for line in text.split("\n") if line.strip())[:LOOK]
    first = _EMPHASIS.sub(r"\2", _HEADING_MARKS.sub("", first.strip())).strip()
    if _words(first) <= TITLE_MAX_WORDS:
        return first
    sentence = _FIRST_SENTENCE.match(first)
    if sentence and _words(sentence.group(1)) <= TITLE_MAX_WORDS:
        return sentence.group(1)
    return " ".join(first.split()[:TITLE_FALLBACK_WORDS]) + "…"


def _words(text: str) -> int:
    """Return the number of whitespace-separated words in a (bounded) piece of text."""
    return len(text[:LOOK].split())
