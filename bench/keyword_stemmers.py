"""Keyword-only recall of each candidate stemmer of keyword analysis, on arcd-train and news-dev.

Run from the project root: `.venv/bin/python bench/keyword_stemmers.py [--arcd FILE] [--news-dev FOLDER]
[--news-dev-store STORE] [--arcd-store STORE]`.

Each stemmer is installed in turn as the one stemmer of `lexical_tokens`, so it serves the keyword
index, the questions' tokens and the document frequencies the English path reads, as it would in the
product. Search is `HybridRetriever` in keyword mode (BM25 over the lexical tokens, fused with the name
skeletons, as `rag eval --mode keyword` runs it) over an in-memory `KeywordIndex`, so no embedding
model is loaded and a run takes a minute or two.

- arcd-train: each paragraph an article of its own (chunked as `rag ingest` chunks); a question's
  rank is that of its paragraph among distinct articles.
- news-dev: the corpus read by the real loaders, articles and chunks as `rag ingest` reads them (an
  article met twice kept once, under the first file); a question's rank is that of the first of its
  source files among distinct files, a follow-up searched with its parent question joined on as the
  extractive path does. Unanswerable questions have no sources and are not counted.

With `--news-dev-store` / `--arcd-store` (stores `rag ingest` / `rag eval` built from the same data) each
corpus is searched the product's way too: hybrid retrieval, the store's vectors fused with a keyword index
rebuilt in memory from the store's passages under each stemmer (the bundled model is loaded for the
questions' vectors).

`won`/`lost` count the questions whose paragraph or file enters or leaves rank 1 against the first stemmer.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rag.eval.datasets import SquadSet, read_dataset  # noqa: E402
from rag.eval.metrics import gold_rank, recall_at  # noqa: E402
from rag.index.chroma_records import source_file  # noqa: E402
from rag.index.keyword import KeywordIndex  # noqa: E402
from rag.ingest.articles import iter_articles  # noqa: E402
from rag.ingest.chunking import chunk_article  # noqa: E402
from rag.ingest.loaders import discover, iter_documents  # noqa: E402
from rag.query import glossary  # noqa: E402
from rag.query.analysis import analyse  # noqa: E402
from rag.query.retrieval import HybridRetriever  # noqa: E402
from rag.schema import Article, Chunk  # noqa: E402
from rag.text import arabic  # noqa: E402
from rag.text.stemming import snowball, strip_clitic  # noqa: E402

DEVDATA = ROOT.parent / "shared" / "devdata"
DEPTH = 10


def _snowball_of_folded(word: str) -> str:
    return snowball(arabic.fold_letters(word))


def _clitic_then_snowball(word: str) -> str:
    return snowball(strip_clitic(word))


def _folded_clitic_then_snowball(word: str) -> str:
    return snowball(arabic.light_stem(word))


# Each maps a cleaned, lower-cased Arabic word to its stem; `lexical_tokens` folds the letters after.
STEMMERS: dict[str, Callable[[str], str]] = {
    "hand (folded, one clitic)": arabic.light_stem,
    "snowball": snowball,
    "snowball of folded word": _snowball_of_folded,
    "hand clitic, then snowball": _clitic_then_snowball,
    "folded hand clitic, snowball": _folded_clitic_then_snowball,
}


@dataclass(frozen=True)
class Search:
    """A question to search, the key of what answers it (article id or file name) and its language."""

    text: str
    gold: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class Corpus:
    """Chunks to index, the questions about them, and how a chunk is keyed for ranking."""

    name: str
    chunks: tuple[Chunk, ...]
    searches: tuple[Search, ...]
    key: Callable[[Chunk], str]


class _ChunkTable:
    """The chunks by id: what the retriever reads back for keyword hits."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._chunks = {chunk.chunk_id: chunk for chunk in chunks}

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        return [self._chunks[chunk_id] for chunk_id in chunk_ids if chunk_id in self._chunks]

    def story_copies(self, stories: Sequence[str]) -> dict[str, list]:
        return {}  # the chunks here are never grouped into stories: each article stands alone


@dataclass(frozen=True)
class _KeywordOnlyIndex:
    """The two parts of an `ArticleIndex` that keyword-mode retrieval reads; no vectors."""

    keyword: KeywordIndex
    chunks: _ChunkTable


@contextmanager
def keyword_stemmer(stemmer: Callable[[str], str]) -> Iterator[None]:
    """Make `stemmer` the stemmer of `lexical_tokens` inside the block, caches of lexical tokens emptied."""
    previous = arabic.stem

    def forget() -> None:
        arabic.keyword_token.cache_clear()
        glossary._renderings.cache_clear()  # the glossary's Arabic renderings, in lexical form

    arabic.stem = stemmer
    forget()
    try:
        yield
    finally:
        arabic.stem = previous
        forget()


def arcd_corpus(path: Path) -> Corpus:
    """Return arcd-train: each paragraph an article, each question keyed by its paragraph's article id."""
    data = read_dataset(path)
    assert isinstance(data, SquadSet), f"{path} is not a SQuAD file"
    chunks = tuple(chunk for paragraph in data.paragraphs for chunk in chunk_article(paragraph.article()))
    searches = tuple(Search(q.question, (q.article_id,), q.language) for q in data.questions)
    return Corpus("arcd-train", chunks, searches, lambda chunk: chunk.article_id)


def news_corpus(folder: Path) -> Corpus:
    """Return news-dev: the corpus as `rag ingest` reads it, its answerable questions keyed by source file."""
    articles: dict[str, Article] = {}
    for path in discover([folder / "corpus"]):
        for article in iter_articles(iter_documents(path)):
            articles.setdefault(article.article_id, article)
    chunks = tuple(chunk for article in articles.values() for chunk in chunk_article(article))
    questions = read_dataset(folder / "questions.jsonl")
    by_id = {q.qid: q for q in questions}
    searches = []
    for q in questions:
        if not q.sources:
            continue
        parent = by_id.get(q.follows) if q.follows else None
        history = ((parent.question, ""),) if parent else ()
        searches.append(Search(analyse(q.question, history).search_text, q.sources, q.language))
    return Corpus("news-dev", chunks, tuple(searches), lambda chunk: Path(source_file(chunk.path)).name)


def ranks(corpus: Corpus) -> list[int | None]:
    """Return the rank of each search's best gold key under the current stemmer (None beyond DEPTH)."""
    keyword = KeywordIndex(None)
    keyword.add(corpus.chunks)
    retriever = HybridRetriever.model_construct(
        index=_KeywordOnlyIndex(keyword, _ChunkTable(corpus.chunks)), embeddings=None, mode="keyword", per_article=1
    )
    found = []
    for search in corpus.searches:
        keys = [corpus.key(hit.chunk) for hit in retriever.search(search.text, k=DEPTH)]
        golds = [rank for gold in search.gold if (rank := gold_rank(keys, gold)) is not None]
        found.append(min(golds, default=None))
    return found


def hybrid_ranks(corpus: Corpus, store: Path, vectors: list[list[float]] | None = None) -> list[int | None]:
    """Return the rank of each search's best gold key under hybrid retrieval over the store's vectors, with a
    keyword index of the store's passages built under the current stemmer.
    """
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.index.article_index import ArticleIndex

    assistant = Assistant(Settings(store=store))
    opened = assistant.open_for_reading()
    keyword = KeywordIndex(None)
    keyword.add(list(opened.chunks.chunks()))
    retriever = assistant.retriever.model_copy(update={"index": ArticleIndex(opened.chunks, keyword), "per_article": 1})
    vectors = vectors or [assistant.embeddings.embed_query(search.text) for search in corpus.searches]
    found = []
    for search, vector in zip(corpus.searches, vectors, strict=True):
        keys = [corpus.key(hit.chunk) for hit in retriever.search(search.text, k=DEPTH, vector=vector)]
        golds = [rank for gold in search.gold if (rank := gold_rank(keys, gold)) is not None]
        found.append(min(golds, default=None))
    return found


def table(corpora: Sequence[Corpus], measured: dict[str, dict[str, list[int | None]]]) -> str:
    """Return R@1, R@5 and rank-1 changes against the first stemmer, per corpus and question language."""
    groups = []
    for corpus in corpora:
        for language in sorted({search.language for search in corpus.searches}):
            picked = [i for i, search in enumerate(corpus.searches) if search.language == language]
            groups.append((f"{corpus.name} {language} (n={len(picked)})", corpus.name, picked))
    baseline = next(iter(measured))
    lines = []
    for title, name, picked in groups:
        lines += ["", title, f"{'stemmer':<30}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'won':>5}{'lost':>5}"]
        base = [measured[baseline][name][i] for i in picked]
        for stemmer, by_corpus in measured.items():
            mine = [by_corpus[name][i] for i in picked]
            won = sum(1 for a, b in zip(base, mine, strict=True) if b == 1 and a != 1)
            lost = sum(1 for a, b in zip(base, mine, strict=True) if a == 1 and b != 1)
            cells = "".join(f"{recall_at(mine, n):>7.3f}" for n in (1, 5, 10))
            lines.append(f"{stemmer:<30}{cells}{won:>5}{lost:>5}")
    return "\n".join(lines)


def _stemmer_named(name: str) -> str:
    """Return the stemmer called `name`, or else the first whose name starts with it ("hand")."""
    return name if name in STEMMERS else next(known for known in STEMMERS if known.startswith(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arcd", type=Path, default=DEVDATA / "arcd-train.json", help="SQuAD-format file")
    parser.add_argument("--news-dev", type=Path, default=DEVDATA / "news-dev", help="news-dev folder")
    parser.add_argument("--news-dev-store", type=Path, help="a news-dev store: also rank news-dev by hybrid search")
    parser.add_argument("--arcd-store", type=Path, help="an arcd-train store: also rank arcd-train by hybrid search")
    parser.add_argument("--only", help=f"comma-separated stemmers, of: {', '.join(STEMMERS)}")
    args = parser.parse_args()
    chosen = [_stemmer_named(name.strip()) for name in args.only.split(",")] if args.only else list(STEMMERS)
    started = time.perf_counter()
    corpora = [arcd_corpus(args.arcd), news_corpus(args.news_dev)]
    stores = {"arcd-train": args.arcd_store, "news-dev": args.news_dev_store}
    hybrid = [corpus for corpus in corpora if stores[corpus.name]]
    measured: dict[str, dict[str, list[int | None]]] = {}
    fused: dict[str, dict[str, list[int | None]]] = {}
    for name in chosen:
        with keyword_stemmer(STEMMERS[name]):
            measured[name] = {corpus.name: ranks(corpus) for corpus in corpora}
            fused[name] = {corpus.name: hybrid_ranks(corpus, stores[corpus.name]) for corpus in hybrid}
    one, five, _ = os.getloadavg()
    print(f"Keyword-only search, rank among distinct articles (arcd) or files (news-dev), depth {DEPTH}.")
    print(table(corpora, measured))
    if hybrid:
        print("\nHybrid search (the store's vectors and the keyword index under each stemmer).")
        print(table(hybrid, fused))
    print(f"\n{time.perf_counter() - started:.0f} s; load average {one:.1f} (1 min), {five:.1f} (5 min)")


if __name__ == "__main__":
    main()
