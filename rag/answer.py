"""The answer chain: question (+ history) → hybrid retrieval → numbered passages → answerer → `Answer`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableConfig

from rag.arabic import detect_language
from rag.citations import best_sentence, check_citations
from rag.errors import InputError
from rag.extractive import ExtractiveAnswerer
from rag.filters import SearchFilter
from rag.followup import carry_subject, rewrite
from rag.llm_answer import LLMAnswerer
from rag.relevance import RelevanceThresholds, judge
from rag.retrieval import HybridRetriever
from rag.schema import Answer, Citation, Hit
from rag.vector_cache import CachedEmbeddings

REFUSAL = {
    "ar": "لم أجد إجابة لهذا السؤال في المقالات المتاحة.",
    "en": "I could not find this in the articles.",
}
MAX_QUESTION_CHARS = 2000
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)


class Answerer(Protocol):
    """Writes an answer from numbered passages, citing them as [n]."""

    name: str

    def stream(
        self, question: str, language: str, passages: Sequence[Hit], question_vector: Sequence[float]
    ) -> Iterator[str]:
        """Yield the answer text as it is produced."""
        ...


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


class AnswerChain(Runnable[AnswerRequest, Answer]):
    """A LangChain runnable: `invoke` returns an `Answer`; `stream` yields text, then the `Answer`."""

    def __init__(
        self,
        retriever: HybridRetriever,
        answerer: Answerer,
        rewriter: BaseChatModel | None = None,
        thresholds: RelevanceThresholds | None = None,
    ) -> None:
        self.retriever = retriever
        self.answerer = answerer
        self.rewriter = rewriter
        self.thresholds = thresholds or RelevanceThresholds()

    def retrieval_query(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """Return the question made standalone: rewritten by the LLM if there is one, else carried over."""
        if self.rewriter is not None and history:
            return rewrite(self.rewriter, question, history)
        return carry_subject(question, history)

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
        question = validate_question(request.question)
        language = detect_language(question)
        query = self.retrieval_query(question, request.history)
        vector = self.retriever.embeddings.embed_query(query)
        hits = self.retriever.search(query, k=request.k, search_filter=request.search_filter, vector=vector)
        keyword = self.retriever.index.keyword
        relevance = judge(query, language, hits, keyword.doc_freq, keyword.count(), self.thresholds)
        if not relevance.answerable:
            yield REFUSAL[language]
            yield Answer(
                question=question,
                text=REFUSAL[language],
                citations=(),
                grounded=False,
                language=language,
                refused=True,
                nearest=tuple(_one_per_article(hits)[:3]),
            )
            return
        pieces = []
        for piece in self._answer_stream(query, language, hits, vector):
            pieces.append(piece)
            yield piece
        yield self._checked(question, language, "".join(pieces), hits)

    def _answer_stream(self, query: str, language: str, hits: list[Hit], vector: Sequence[float]) -> Iterator[str]:
        stream: Callable[..., Iterator[str]] = self.answerer.stream
        if getattr(self.answerer, "name", "") == "extractive":
            return stream(query, language, hits, vector)
        return stream(query, language, hits, vector, refusal=REFUSAL[language])

    def _checked(self, question: str, language: str, text: str, hits: list[Hit]) -> Answer:
        checked = check_citations(text, hits, question)
        if checked.grounded:
            return Answer(question, checked.text, checked.citations, True, language)
        refused = REFUSAL[language].rstrip(".") in checked.text
        return Answer(
            question=question,
            text=checked.text,
            citations=tuple(supporting_citations(hits, question)),
            grounded=False,
            language=language,
            refused=refused,
            nearest=tuple(_one_per_article(hits)[:3]) if refused else (),
        )


def make_chain(
    retriever: HybridRetriever, llm: str = "extractive", base_url: str | None = None, *, max_tokens: int = 512
) -> AnswerChain:
    """Return the answer chain for an answerer spec: "extractive", or an LLM spec for `rag.llms`."""
    if llm in ("", "extractive"):
        keyword = retriever.index.keyword
        sentences = CachedEmbeddings(retriever.embeddings)
        return AnswerChain(retriever, ExtractiveAnswerer(sentences, keyword.doc_freq, keyword.count))
    from rag.llms import describe, make_chat_model

    model = make_chat_model(llm, base_url, max_tokens=max_tokens)
    return AnswerChain(retriever, LLMAnswerer(model, describe(llm, base_url)), rewriter=model)


def supporting_citations(hits: Sequence[Hit], question: str, count: int = 2) -> list[Citation]:
    """Return citations of the best passages for an answer that cited none, for the user to check."""
    citations = []
    for n, hit in enumerate(hits[:count], start=1):
        start, end = best_sentence(hit, question)
        citations.append(Citation(n=n, chunk=hit.chunk, sentence_start=start, sentence_end=end))
    return citations


def _one_per_article(hits: Sequence[Hit]) -> list[Hit]:
    seen: set[str] = set()
    unique = []
    for hit in hits:
        if hit.chunk.article_id not in seen:
            seen.add(hit.chunk.article_id)
            unique.append(hit)
    return unique
