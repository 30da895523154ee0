"""The data that moves between the parts: articles, chunks, hits, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    """A headline an article's page links to (a "read also" teaser), with its address when the page gives one."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One news story, with the text shown to users and what was learned about it.

    `text` is the story as it appears in the file (page chrome removed, nothing
    normalised); chunk spans index into it.
    """

    article_id: str
    title: str
    text: str
    path: str
    content_hash: str
    date: str | None = None  # ISO 8601: 2024-07-06, or --09-17 when the text gives no year
    outlet: str | None = None  # e.g. تلفزيون سوريا
    url: str | None = None  # the article's own address, as the file gives it (http or https only)
    author: str | None = None  # the byline: a person or desk, never taken for the outlet
    agency: str | None = None  # the news agency credited for the story (واس, رويترز), when one is
    date_crawled: bool = False  # `date` is when the page was collected, not when it was published
    links: tuple[Link, ...] = ()  # "read also" headlines shown in the article: other stories, not this one's text


@dataclass(frozen=True)
class Chunk:
    """A passage of an article: original text plus its character span in `Article.text`."""

    chunk_id: str
    article_id: str
    index: int
    text: str
    start: int
    end: int
    title: str
    path: str
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    agency: str | None = None
    date_crawled: bool = False
    links: tuple[Link, ...] = ()
    story: str | None = None  # the story id its article shares with copies in other papers (see rag.index.stories)

    @property
    def story_id(self) -> str:
        """Return the id of the story the chunk tells (its article's own id when it was never grouped)."""
        return self.story or self.article_id


# What a chunk carries of its article, so a passage found alone can be cited, dated and linked.
ARTICLE_METADATA = ("title", "path", "date", "outlet", "url", "author", "agency", "date_crawled", "links")


def article_metadata(article: Article) -> dict[str, Any]:
    """Return the article fields every chunk of the article repeats (`ARTICLE_METADATA`)."""
    return {name: getattr(article, name) for name in ARTICLE_METADATA}


@dataclass(frozen=True)
class StoryCopy:
    """Another stored article telling the same story as a hit or citation: where else it appeared."""

    article_id: str
    title: str
    path: str
    date: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its rank (1-based) and score (higher is better).

    `dense` is the cosine similarity to the question when the vector search saw the
    chunk; `keyword` its BM25 score when the keyword search did. `copies` are the other
    articles of its story, shown as "also in" instead of taking places of their own.
    """

    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None
    keyword: float | None = None
    copies: tuple[StoryCopy, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A numbered passage an answer points at, with the supporting sentence's span.

    `sentence_start`/`sentence_end` index into the article text (same frame as
    `Chunk.start`), so a page can highlight the exact sentence.
    """

    n: int
    chunk: Chunk
    sentence_start: int
    sentence_end: int
    copies: tuple[StoryCopy, ...] = ()  # the other articles of the cited story

    @property
    def sentence(self) -> str:
        """The supporting sentence, as written in the article."""
        offset = self.chunk.start
        return self.chunk.text[self.sentence_start - offset : self.sentence_end - offset]


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text with [n] markers and the citations they point at."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    grounded: bool
    language: str  # "ar" or "en"
    refused: bool = False
    nearest: tuple[Hit, ...] = field(default=())
