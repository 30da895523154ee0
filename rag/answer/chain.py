"""The answer chain: question (+ history) → `Query` → hybrid retrieval → refusal gate → answerer → `Answer`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import ensure_config, get_callback_manager_for_config

from rag.answer.base import (
    NOT_KNOWN,
    OTHER_CASE,
    REFUSAL,
    SEARCHED_FOR,
    Answerer,
    NotKnownPiece,
    OtherCasePiece,
    QuotePiece,
    RefusalPiece,
    TextPiece,
)
from rag.answer.citations import best_sentence, check_citations
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.grounding import foreign_links, supported_citations
from rag.answer.llm import LLMAnswerer
from rag.embedding.cache import CachedEmbeddings, StoredVectors
from rag.errors import InputError
from rag.index.base import LiveDocumentFrequencies
from rag.index.filters import SearchFilter
from rag.query.analysis import IdfStats, Query, analyse
from rag.query.followup import rewrite
from rag.query.relevance import RelevanceThresholds, judge
from rag.query.retrieval import HybridRetriever
from rag.query.spelling import Respelling, as_the_passages_write, respellings, respelt
from rag.schema import Answer, Citation, Hit

MAX_QUESTION_CHARS = 2000
# A list question's items are spread over several stories: it reads more passages than one fact needs.
LIST_PASSAGES = 10
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True)
class AnswerRequest:
    """One question, the conversation so far, and the user's filters."""

    question: str
    history: tuple[tuple[str, str], ...] = ()
    search_filter: SearchFilter | None = None
    k: int | None = None


def validate_question(question: str) -> str:
    """Return the question stripped, or raise InputError saying what is wrong with it."""
    question = question.strip()
    if not question:
        raise InputError("The question is empty; type a question about the articles.")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"The question is {len(question):,} characters long; keep it under {MAX_QUESTION_CHARS:,} characters."
        )
    if not _HAS_WORD.search(question):
        raise InputError("The question has no words to search for; ask it in Arabic or English.")
    return question


def _as_request(value: AnswerRequest | dict[str, Any] | str) -> AnswerRequest:
    if isinstance(value, AnswerRequest):
        return value
    if isinstance(value, str):
        return AnswerRequest(question=value)
    history = tuple((str(asked), str(said)) for asked, said in value.get("history", ()))
    return AnswerRequest(
        question=str(value.get("question", "")),
        history=history,
        search_filter=value.get("search_filter"),
        k=value.get("k"),
    )


@dataclass(frozen=True)
class _Search:
    """One retrieval for a question: its analysis, its vector, the passages found, and whether they can answer it."""

    query: Query
    vector: Sequence[float]
    hits: list[Hit]
    answerable: bool


class AnswerChain(Runnable[AnswerRequest, Answer]):
    """A LangChain runnable: `invoke` returns an `Answer`; `stream` yields text, then the `Answer`.

    The run is reported to the callbacks in `config` (LangChain's tracing and logging hooks).
    """

    def __init__(
        self,
        retriever: HybridRetriever,
        answerer: Answerer,
        rewriter: BaseChatModel | None = None,
        thresholds: RelevanceThresholds | None = None,
        idf: IdfStats | None = None,
    ) -> None:
        self.retriever = retriever
        self.answerer = answerer
        self.rewriter = rewriter
        self.thresholds = thresholds or RelevanceThresholds()
        self.idf = idf or LiveDocumentFrequencies(retriever.index)

    def analyse(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Query:
        """Return the analysed question; with a language model, a follow-up is rewritten to stand alone first."""
        query = analyse(question, history, self.idf)
        if self.rewriter is not None and query.follow_up and history:
            standalone = rewrite(self.rewriter, question, history)
            rewritten = analyse(standalone, (), self.idf)
            return Query(**{**rewritten.__dict__, "text": question, "follow_up": True, "previous": query.previous})
        return query

    def retrieval_query(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """Return the text retrieval searches for: the question made standalone."""
        return self.analyse(question, history).search_text

    def invoke(self, input: AnswerRequest | dict | str, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        """Return the checked answer to one question."""
        answer = None
        for item in self.stream(input, config, **kwargs):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(  # type: ignore[override]
        self, input: AnswerRequest | dict | str, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[str | Answer]:
        """Yield answer text as the answerer produces it, then the checked `Answer`."""
        request = _as_request(input)
        manager = get_callback_manager_for_config(ensure_config(config))
        run = manager.on_chain_start(None, {"question": request.question}, name="AnswerChain")
        try:
            answer = None
            for item in self._stream(request):
                if isinstance(item, Answer):
                    answer = item
                yield item
        except BaseException as error:
            run.on_chain_error(error)
            raise
        run.on_chain_end({"answer": answer.text if answer else ""})

    def _search(self, question: str, request: AnswerRequest) -> _Search:
        query = self.analyse(question, request.history)
        vector = self.retriever.embeddings.embed_query(query.search_text)
        k = request.k or self.retriever.k
        if query.wants_list:
            k = max(k, LIST_PASSAGES)
        hits = self.retriever.search(query, k=k, search_filter=request.search_filter, vector=vector)
        relevance = judge(query, hits, self.idf, self.thresholds)
        return _Search(query, vector, hits, relevance.answerable or _continues_an_answer(query))

    def _stream(self, request: AnswerRequest) -> Iterator[str | Answer]:
        question = validate_question(request.question)
        search = self._search(question, request)
        text: list[str] = []
        if not search.answerable:
            # A question that found nothing may only be misspelt: asked again with its words as the articles
            # spell them, it is answered when that finds the story, and the answer says what it searched for.
            changes = respellings(question, self.idf)
            respelt_search = self._search(respelt(question, changes), request) if changes else None
            if respelt_search is None or not respelt_search.answerable:
                yield REFUSAL[search.query.language]
                yield self._refusal(search.query, search.hits)
                return
            search = respelt_search
            shown = as_the_passages_write(changes, [hit.chunk.text for hit in search.hits])
            note = _searched_for(shown, search.query.language) + "\n"
            text.append(note)
            yield note
        query, vector, hits = search.query, search.vector, search.hits
        citations: dict[int, Citation] = {}
        quoted = not_known = False
        for piece in self.answerer.stream(query, hits, vector):
            if isinstance(piece, RefusalPiece):
                yield REFUSAL[query.language]
                yield self._refusal(query, hits)
                return
            if isinstance(piece, NotKnownPiece):
                not_known = True
                rendered = NOT_KNOWN[query.language] + "\n"
            elif isinstance(piece, OtherCasePiece):
                not_known = True
                rendered = OTHER_CASE[query.language] + "\n"
            elif isinstance(piece, QuotePiece):
                quoted = True
                hit = hits[piece.n - 1]
                citations.setdefault(piece.n, Citation(piece.n, hit.chunk, piece.start, piece.end, hit.copies))
                rendered = f"{piece.shown} [{piece.n}]"
            else:
                assert isinstance(piece, TextPiece)
                rendered = piece.text
            text.append(rendered)
            yield rendered
        if quoted:
            cited = tuple(sorted(citations.values(), key=lambda citation: citation.n))
            # An answer that says the fact is not known, or is told only of another case, is a refusal, with the
            # sentence that says so as its evidence.
            yield Answer(question, "".join(text).strip(), cited, True, query.language, refused=not_known)
        else:
            yield self._checked(query, "".join(text), hits)

    def _refusal(self, query: Query, hits: list[Hit]) -> Answer:
        return Answer(
            question=query.text,
            text=REFUSAL[query.language],
            citations=(),
            grounded=False,
            language=query.language,
            refused=True,
            nearest=tuple(_one_per_article(hits)[:3]),
        )

    def _checked(self, query: Query, text: str, hits: list[Hit]) -> Answer:
        """Return a model's answer with its [n] markers checked against the passages and the question's names.

        It is verified only when a marker points at a passage that holds what the question names, and it
        sends the reader to no link that the passages do not hold.
        """
        checked = check_citations(text, hits, query.search_text)
        citations = supported_citations(checked.citations, query)
        if citations and not foreign_links(checked.text, hits):
            return Answer(query.text, checked.text, citations, True, query.language)
        refused = REFUSAL[query.language].rstrip(".") in checked.text
        return Answer(
            question=query.text,
            text=checked.text,
            citations=tuple(supporting_citations(hits, query.search_text)),
            grounded=False,
            language=query.language,
            refused=refused,
            nearest=tuple(_one_per_article(hits)[:3]) if refused else (),
        )


def make_chain(
    retriever: HybridRetriever,
    llm: str = "extractive",
    base_url: str | None = None,
    *,
    max_tokens: int = 512,
    stored: Callable[[], StoredVectors | None] | None = None,
) -> AnswerChain:
    """Return the answer chain for an answerer spec: "extractive", or an LLM spec for `rag.answer.llms`.

    `stored` returns the store's sentence vectors encoded ahead of time, when it has them.
    """
    if llm in ("", "extractive"):
        sentences = CachedEmbeddings(retriever.embeddings, stored=stored)
        idf = LiveDocumentFrequencies(retriever.index)
        return AnswerChain(retriever, ExtractiveAnswerer(sentences, idf), idf=idf)
    from rag.answer.llms import describe, make_chat_model

    model = make_chat_model(llm, base_url, max_tokens=max_tokens)
    return AnswerChain(retriever, LLMAnswerer(model, describe(llm, base_url)), rewriter=model)


def supporting_citations(hits: Sequence[Hit], question: str, count: int = 2) -> list[Citation]:
    """Return citations of the best passages for an answer that cited none, for the user to check."""
    citations = []
    for n, hit in enumerate(hits[:count], start=1):
        start, end = best_sentence(hit, question)
        citations.append(Citation(n=n, chunk=hit.chunk, sentence_start=start, sentence_end=end, copies=hit.copies))
    return citations


def _continues_an_answer(query: Query) -> bool:
    """Return whether the question follows up an answer the articles gave.

    The relevance bar asks whether the store holds the story at all; an answered question before it says it
    does, while the follow-up joined to it ("… Why had his predecessor stepped down?") is further in meaning
    from any one passage than either question alone. The answerer still refuses when no sentence holds the fact.
    """
    return query.previous is not None and query.previous[1].strip() not in REFUSAL.values()


def _searched_for(changes: Sequence[Respelling], language: str) -> str:
    """Return the line saying which words a respelt question searched for in place of the ones written."""
    pair = SEARCHED_FOR["pair"][language]
    pairs = SEARCHED_FOR["joint"][language].join(pair.format(meant=c.meant, written=c.written) for c in changes)
    return SEARCHED_FOR["line"][language].format(pairs=pairs)


def _one_per_article(hits: Sequence[Hit]) -> list[Hit]:
    seen: set[str] = set()
    unique = []
    for hit in hits:
        if hit.chunk.article_id not in seen:
            seen.add(hit.chunk.article_id)
            unique.append(hit)
    return unique
