"""`rag eval` on a news-dev file: each question asked of the store as a user would, follow-ups in their conversation.

The corpus beside the questions file (`corpus/`) is ingested into the store first (a no-op
when it is there already); then every question is searched (recall by file) and answered
(scored by the data set's rules), a follow-up right after its parent with the parent's
answer as history.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import RagError
from rag.eval.metrics import story_rank
from rag.eval.news_report import news_report
from rag.eval.newsdev import NewsQuestion, Score, score_answer, span_found
from rag.index.chroma_records import source_file
from rag.schema import Chunk, StoryCopy

if TYPE_CHECKING:
    from rag.assistant import Assistant

Progress = Callable[[str, int, int], None]
RANK_DEPTH = 10


@dataclass(frozen=True)
class NewsResult:
    """What the assistant did with one news-dev question."""

    question: NewsQuestion
    rank: int | None  # of the first source file among distinct files retrieved
    answer: str
    refused: bool
    cited_gold: bool  # a cited sentence holds a gold span
    score: Score | None  # None for unanswerable questions
    ms: float

    def record(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict."""
        score = self.score
        return {
            "id": self.question.qid,
            "language": self.question.language,
            "kind": self.question.kind,
            "question": self.question.question,
            "rank": self.rank,
            "refused": self.refused,
            "correct": None if score is None else score.correct and not self.refused,
            "arabic": None if score is None else score.arabic,
            "english": None if score is None else score.english,
            "readable": None if score is None else score.readable,
            "coverage": None if score is None else score.coverage,
            "cited_gold": self.cited_gold,
            "answer": self.answer,
            "ms": round(self.ms, 1),
        }


def evaluate_news(
    assistant: Assistant,
    questions: Sequence[NewsQuestion],
    questions_path: Path,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Return the news-dev report (per language and kind) with one record per question."""
    corpus = questions_path.parent / "corpus"
    started = time.perf_counter()
    if corpus.is_dir():
        assistant.ingest([corpus])
    ingest_seconds = time.perf_counter() - started
    warm = getattr(assistant.embeddings, "warm_batches", None)
    if warm is not None:  # as on the chat page, where it loads while the first questions are asked
        warm(wait=True)
    chosen = _with_parents(questions, limit)
    chain = assistant.chain
    retriever = assistant.retriever.model_copy(update={"per_article": 1})
    said: dict[str, str] = {}
    results = []
    for number, question in enumerate(chosen, start=1):
        history: tuple[tuple[str, str], ...] = ()
        if question.follows and question.follows in said:
            parent = next(q for q in chosen if q.qid == question.follows)
            history = ((parent.question, said[question.follows]),)
        results.append(_ask(assistant, chain, retriever, question, history))
        said[question.qid] = results[-1].answer
        if progress:
            progress("news-dev", number, len(chosen))
    report = news_report(results)
    report["header"] = {
        "file": questions_path.name,
        "store": assistant.open_for_reading().chunks.location,
        "questions": len(results),
        "ingest_seconds": round(ingest_seconds, 1),
        "answerer": chain.answerer.name,
    }
    report["records"] = [result.record() for result in results]
    return report


def _with_parents(questions: Sequence[NewsQuestion], limit: int | None) -> list[NewsQuestion]:
    """Return the first `limit` questions, plus any parent a chosen follow-up needs, in file order."""
    chosen = list(questions[:limit]) if limit else list(questions)
    wanted = {q.qid for q in chosen} | {q.follows for q in chosen if q.follows}
    return [q for q in questions if q.qid in wanted]


def _file_name(article: Chunk | StoryCopy) -> str:
    return Path(source_file(article.path)).name


def _ask(assistant, chain, retriever, question: NewsQuestion, history: tuple[tuple[str, str], ...]) -> NewsResult:
    query = chain.analyse(question.question, history)
    rank = story_rank(retriever.search(query, k=RANK_DEPTH), set(question.sources), _file_name)
    started = time.perf_counter()
    try:
        answer = assistant.chain.invoke(assistant.request(question.question, history=history))
        text, refused, cited = answer.text, answer.refused, [c.sentence for c in answer.citations]
    except RagError as error:
        text, refused, cited = str(error), True, []
    ms = (time.perf_counter() - started) * 1000
    cited_gold = any(span_found(sentence, span) for sentence in cited for span in question.answers)
    score = score_answer(question, text) if question.answerable else None
    return NewsResult(question, rank, text, refused, cited_gold, score, ms)
