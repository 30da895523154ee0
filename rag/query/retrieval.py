"""Hybrid retrieval: dense vectors and BM25 keywords, fused by reciprocal rank, weighted by language."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, SkipValidation

from rag.index.base import SearchableIndex
from rag.index.filters import SearchFilter
from rag.query.analysis import Query
from rag.query.dates import days_filter
from rag.query.glossary import arabic_expansion
from rag.query.latin_names import named_in
from rag.schema import Hit
from rag.text.arabic import ENGLISH_STOPWORDS, detect_language, is_arabic_token, keyword_forms, lexical_tokens
from rag.text.transliteration import latin_skeleton

_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'’-]+")


@dataclass(frozen=True)
class FusionWeights:
    """How much each ranking counts, per question language, in reciprocal rank fusion."""

    dense: float
    keyword: float
    names: float
    dated: float = 0.0  # dense and keyword search again among articles published on the days the question names
    spelled: float = 0.0  # keywords: the Arabic spellings the tables give the places and people a question names
    outlet: float = 0.0  # dense and keyword search again among the articles of the outlet a question names


# Chosen on news-dev (real Saudi news, questions by an independent author), checked on arcd-train.
# Arabic questions share words with the articles: news-dev R@1 is 0.79 for the vectors alone, 0.74 for
# keywords alone and 0.81-0.84 fused with the keyword weight anywhere from 0.2 to 1.0 (1.0 taken: on
# arcd-train, whose questions copy their paragraph's wording, R@1 is 0.717 there, 0.73 at 1.5).
# English questions share no words with Arabic text: the multilingual vectors lead (R@1 0.67 alone);
# names matched by consonant skeleton (Putin → بوتين) and the numbers and Latin tokens the corpus holds
# add a little at a small weight (0.73 at 0.1 each) and cost recall at 0.5 or more.
# A question that names a day ("on 10 August 2015", 24 of news-dev's 145 answerable ones) is searched again among
# articles published that day or the next (rag.query.dates): at weight 1.0 its first article barely moves (R@1
# unchanged; two questions' source rises a place) but the passages under it come from that day, so answers quote
# that day's news: list coverage 0.34 → 0.39 (Arabic 0.21 → 0.46), facts found unchanged (0.56; two won, two lost).
# The places and people an English question names that the gazetteer and the foreign names table spell in Arabic
# (Beijing → بكين, John Kerry → جون كيري) are searched as keywords of their own: at weight 0.2 English R@1 rises from
# 0.75 to 0.78 and R@5 from 0.95 to 0.97, list coverage 0.58 → 0.63, facts found 0.67 → 0.68 (two won, one lost);
# at 0.3 R@1 is the same but a fact more is lost, at 1.0 three.
# A question that names its source ("according to SPA", "تقرير واس", 8 of news-dev's) is searched again among that
# outlet's articles, like a named day: at weight 1.0 (or 2.0) one Arabic number more is answered from the SPA report
# it names, and nothing else moves.
WEIGHTS = {
    "ar": FusionWeights(dense=1.0, keyword=1.0, names=0.5, dated=1.0, outlet=1.0),
    "en": FusionWeights(dense=1.0, keyword=0.1, names=0.1, dated=1.0, spelled=0.2, outlet=1.0),
}
RRF_K = 60
CANDIDATES = 50


def fuse(rankings: list[tuple[list[str], float]], rrf_k: int = RRF_K) -> list[tuple[str, float]]:
    """Return ids ordered by weighted reciprocal rank fusion of several rankings."""
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (rrf_k + rank)
    return sorted(scores.items(), key=lambda pair: pair[1], reverse=True)


def _outlet_filter(outlets: tuple[str, ...], within: SearchFilter | None) -> SearchFilter:
    """Return the filter of the named outlets' articles inside `within`: its dates, and its outlets when it names
    any (the user's own choice wins)."""
    if within is None:
        return SearchFilter(outlets=outlets)
    return SearchFilter(outlets=within.outlets or outlets, date_from=within.date_from, date_to=within.date_to)


class HitReranker(Protocol):
    """A last stage that reorders the fused hits of an analysed question (rag.answer.evidence.TypedEvidence)."""

    def rerank(self, query: Query, hits: Sequence[Hit]) -> list[Hit]:
        """Return the hits best first, with their ranks renumbered."""
        ...


def query_names(query: str) -> list[str]:
    """Return the skeletons of the capitalised Latin words of a question: the names it mentions."""
    words = _CAPITALISED.findall(query)
    return [key for word in words if word.lower() not in ENGLISH_STOPWORDS and (key := latin_skeleton(word))]


class HybridRetriever(BaseRetriever):
    """A LangChain retriever over the article index; `search` returns scored `Hit`s."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: SkipValidation[SearchableIndex]  # any index with the two halves; a Protocol has no isinstance
    embeddings: Embeddings
    k: int = 5
    per_article: int = 2
    search_filter: SearchFilter | None = None
    mode: str = "hybrid"  # "hybrid", "dense" or "keyword", for comparisons in `rag eval`
    weights: dict[str, FusionWeights] = Field(default_factory=lambda: dict(WEIGHTS))  # per question language
    reranker: SkipValidation[HitReranker | None] = None  # reorders an analysed question's first `k` hits

    def query_tokens(self, query: str, language: str) -> list[str]:
        """Return the keyword tokens of a question (an Arabic one's with their bare forms too: see `keyword_forms`);
        for English, only those the corpus holds."""
        tokens = lexical_tokens(query)
        if language == "ar":
            return list(dict.fromkeys(form for token in tokens for form in keyword_forms(token)))
        keyword = self.index.keyword
        found = [token for token in tokens if is_arabic_token(token) or keyword.doc_freq(token) > 0]
        return found + arabic_expansion(query)

    def search(
        self,
        question: str | Query,
        k: int | None = None,
        search_filter: SearchFilter | None = None,
        vector: Sequence[float] | None = None,
    ) -> list[Hit]:
        """Return the best chunks for the question, at most `per_article` per article, best first.

        An analysed `Query` is searched by its standalone form (a follow-up joined to the question
        it leans on) in the language of what was asked; plain text by itself. `vector` is the
        question's embedding when the caller already has it.
        """
        k = k or self.k
        where = search_filter if search_filter is not None else self.search_filter
        if isinstance(question, Query):
            query, language = question.search_text, question.language
        else:
            query, language = question, detect_language(question)
        weights = self.weights[language]
        dense_hits = []
        if self.mode != "keyword":
            if vector is None:
                vector = self.embeddings.embed_query(query)
            dense_hits = self.index.chunks.search(vector, CANDIDATES, where)
        keyword_hits: list[tuple[str, float]] = []
        name_hits: list[tuple[str, float]] = []
        tokens = self.query_tokens(query, language) if self.mode != "dense" else []
        if self.mode != "dense":
            keyword_hits = self.index.keyword.search(tokens, CANDIDATES, where)
            names = query_names(query)
            if names:
                name_hits = self.index.keyword.search([], CANDIDATES, where, names=names)
        rankings = [
            ([hit.chunk.chunk_id for hit in dense_hits], weights.dense),
            ([chunk_id for chunk_id, _ in keyword_hits], weights.keyword),
            ([chunk_id for chunk_id, _ in name_hits], weights.names),
        ]
        if weights.spelled and self.mode == "hybrid":
            spelled = [token for _, spellings in named_in(query) for spelling in spellings for token in spelling]
            if spelled:
                spelled_hits = self.index.keyword.search(spelled, CANDIDATES, where)
                rankings.append(([chunk_id for chunk_id, _ in spelled_hits], weights.spelled))
        days = question.dates if isinstance(question, Query) else ()
        dated = days_filter(days, where) if weights.dated and self.mode == "hybrid" else None
        if dated is not None and vector is not None:
            dated_dense = self.index.chunks.search(vector, CANDIDATES, dated)
            dense_hits = dense_hits + dated_dense  # their passages and similarities are read back from here too
            dated_keyword = self.index.keyword.search(tokens, CANDIDATES, dated)
            rankings.append(([hit.chunk.chunk_id for hit in dated_dense], weights.dated))
            rankings.append(([chunk_id for chunk_id, _ in dated_keyword], weights.dated * weights.keyword))
        outlets = question.outlets if isinstance(question, Query) else ()
        if outlets and weights.outlet and self.mode == "hybrid" and vector is not None:
            named = _outlet_filter(outlets, dated or where)
            outlet_dense = self.index.chunks.search(vector, CANDIDATES, named)
            dense_hits = dense_hits + outlet_dense
            outlet_keyword = self.index.keyword.search(tokens, CANDIDATES, named)
            rankings.append(([hit.chunk.chunk_id for hit in outlet_dense], weights.outlet))
            rankings.append(([chunk_id for chunk_id, _ in outlet_keyword], weights.outlet * weights.keyword))
        fused = fuse(rankings)
        if self.reranker is None or not isinstance(question, Query):
            return self._hits(fused, dense_hits, dict(keyword_hits), k)
        # The first self.k hits (the passages an answer reads) are reordered, whatever k the caller asks for: a
        # passage's place then does not depend on how many are shown, and the reranker chooses no other passages.
        hits = self._hits(fused, dense_hits, dict(keyword_hits), max(k, self.k))
        return (self.reranker.rerank(question, hits[: self.k]) + hits[self.k :])[:k]

    def _hits(
        self, fused: list[tuple[str, float]], dense_hits: list[Hit], keyword_scores: dict[str, float], k: int
    ) -> list[Hit]:
        """Return the top fused hits with chunks attached: one entry per story, capped per article.

        The first article of a story found stands for it; chunks of its copies in other papers
        are passed over, so the next distinct story takes their place, and the hit lists the
        copies instead ("also in"). Candidates are read a page at a time until k are found.
        """
        dense = {hit.chunk.chunk_id: hit for hit in dense_hits}
        page = max(4 * k, k + 20)
        shown: dict[str, str] = {}  # story -> the article shown for it
        per_article: dict[str, int] = {}
        hits: list[Hit] = []
        for first in range(0, len(fused), page):
            batch = fused[first : first + page]
            chunks = {chunk_id: dense[chunk_id].chunk for chunk_id, _ in batch if chunk_id in dense}
            missing = [chunk_id for chunk_id, _ in batch if chunk_id not in chunks]
            chunks.update({chunk.chunk_id: chunk for chunk in self.index.chunks.get_chunks(missing)})
            for chunk_id, score in batch:
                chunk = chunks.get(chunk_id)
                if chunk is None:
                    continue
                if shown.setdefault(chunk.story_id, chunk.article_id) != chunk.article_id:
                    continue  # a copy of a story already shown
                if per_article.get(chunk.article_id, 0) >= self.per_article:
                    continue
                per_article[chunk.article_id] = per_article.get(chunk.article_id, 0) + 1
                hits.append(
                    Hit(
                        chunk=chunk,
                        score=score,
                        rank=len(hits) + 1,
                        dense=dense[chunk_id].dense if chunk_id in dense else None,
                        keyword=keyword_scores.get(chunk_id),
                    )
                )
                if len(hits) == k:
                    return self._with_copies(hits)
        return self._with_copies(hits)

    def _with_copies(self, hits: list[Hit]) -> list[Hit]:
        """Return the hits with the other stored articles of their stories attached."""
        stories = self.index.chunks.story_copies([hit.chunk.story for hit in hits if hit.chunk.story])
        return [
            dataclasses.replace(
                hit,
                copies=tuple(
                    copy for copy in stories.get(hit.chunk.story_id, ()) if copy.article_id != hit.chunk.article_id
                ),
            )
            for hit in hits
        ]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_to_document(hit) for hit in self.search(query)]


def hit_to_document(hit: Hit) -> Document:
    """Return a LangChain document for a hit: the chunk text, with every field in metadata."""
    metadata = dataclasses.asdict(hit.chunk)
    text = metadata.pop("text")
    metadata.update(score=hit.score, rank=hit.rank, dense=hit.dense, keyword=hit.keyword)
    return Document(page_content=text, metadata=metadata, id=hit.chunk.chunk_id)
