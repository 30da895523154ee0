"""Measure what the HTML reader keeps: word precision and recall of story text, and teasers leaking into it.

Pages: the `.html` files of news-dev (the story is their `<article class="article-body">` paragraphs, the
teasers their "اقرأ أيضاً" sidebar), and pages built around the seed stories in four layouts
(`bench/news_pages.py`). Readers: trafilatura as configured, trafilatura with its other precision setting,
the older block reader alone, and `extract_html` (trafilatura, the block reader where it finds nothing).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/html_extraction.py
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.news_pages import LAYOUTS, build_page  # noqa: E402
from rag.ingest import html as reader  # noqa: E402
from rag.ingest.articles import iter_articles  # noqa: E402
from rag.ingest.loaders import load  # noqa: E402
from rag.text.arabic import lexical_tokens  # noqa: E402

NEWS_DEV = ROOT.parent / "shared" / "devdata" / "news-dev" / "corpus"
SEEDS = ROOT / "seeds"


def news_dev_pages() -> list[tuple[str, list[str], list[str], str]]:
    """Return (html, story paragraphs, teaser headlines, headline) for each news-dev page."""
    from selectolax.lexbor import LexborHTMLParser

    pages = []
    for path in sorted(NEWS_DEV.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        tree = LexborHTMLParser(text)
        story = [node.text(deep=True) for node in tree.css("article.article-body p")]
        teasers = [node.text(deep=True) for node in tree.css("aside .related li a")]
        headline = tree.css_first("h1").text(deep=True).strip()
        pages.append((text, story, teasers, headline))
    return pages


def seed_pages() -> list[tuple[str, list[str], list[str], str]]:
    """Return pages built around each seed's own story, in every layout, with the other seeds' titles as teasers."""
    stories = []
    for path in sorted(SEEDS.glob("*.txt")):
        main = next(iter_articles(load(path)))
        lines = [line.strip() for line in main.text.split("\n") if line.strip()]
        stories.append((main.title, [line for line in lines if line != main.title]))
    pages = []
    for number, (title, paragraphs) in enumerate(stories):
        teasers = [other for index, (other, _) in enumerate(stories) if index != number]
        for layout in LAYOUTS:
            page = build_page(title, paragraphs, teasers, layout=layout)
            pages.append((page.html, paragraphs, teasers, title))
    return pages


def readers() -> dict[str, Callable[[str], tuple[str, str | None]]]:
    def traf(precision: bool) -> Callable[[str], tuple[str, str | None]]:
        def read(page: str) -> tuple[str, str | None]:
            found = reader._trafilatura(page, favor_precision=precision)
            return (found.text, found.title) if found else ("", None)

        return read

    def pipeline(page: str) -> tuple[str, str | None]:
        return _pair(reader.extract_html(page))

    return {
        "trafilatura favor_precision": traf(True),
        "trafilatura default": traf(False),
        "block reader (old)": lambda page: _pair(reader.read_with_fallback(page)),
        "extract_html (shipped)": pipeline,
    }


def _pair(page: reader.HtmlPage) -> tuple[str, str | None]:
    return page.text, page.title


def score(pages: list[tuple[str, list[str], list[str], str]], read: Callable[[str], tuple[str, str | None]]) -> str:
    kept = reference = overlap = 0
    leaks = empty = titled = 0
    for page, story, teasers, headline in pages:
        text, title = read(page)
        got, want = Counter(lexical_tokens(text)), Counter(lexical_tokens(" ".join(story)))
        kept, reference = kept + sum(got.values()), reference + sum(want.values())
        overlap += sum((got & want).values())
        joined = " " + " ".join(lexical_tokens(text)) + " "
        leaks += any(" " + " ".join(lexical_tokens(teaser)) + " " in joined for teaser in teasers if teaser.strip())
        empty += not text.strip()
        titled += title is not None and " ".join(title.split()) == " ".join(headline.split())
    precision, recall = overlap / max(kept, 1), overlap / max(reference, 1)
    return (
        f"precision {precision:.3f}  recall {recall:.3f}  pages with teaser text {leaks}/{len(pages)}"
        f"  empty {empty}  headline as title {titled}/{len(pages)}"
    )


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name, pages in (("news-dev .html", news_dev_pages()), ("seed-built pages", seed_pages())):
        print(f"\n{name} ({len(pages)} pages)")
        for label, read in readers().items():
            print(f"  {label:28} {score(pages, read)}")


if __name__ == "__main__":
    main()
