"""`rag eval`: retrieval and answer quality on a SQuAD file (in a temporary store) or on seed questions.

Retrieval is scored per mode (keyword, dense, hybrid) by the rank of the gold article
among distinct articles; answers, from the chain over one mode, by whether they hold a
gold string, next to a baseline that quotes the top passage's sentence closest to the question.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.answer.citations import sentences_of
from rag.errors import RagError
from rag.eval.datasets import SeedQuestion, SquadSet, read_dataset
from rag.eval.metrics import story_rank
from rag.eval.newsdev import NewsQuestion
from rag.eval.report import Answered, Case, Retrieved, answer_report, failures, format_report, retrieval_report
from rag.index.article_index import ArticleIndex
from rag.index.base import LiveDocumentFrequencies
from rag.index.chroma_records import source_file
from rag.ingest.pipeline import Ingestor
from rag.query.analysis import Query, analyse
from rag.query.retrieval import HybridRetriever
from rag.schema import Chunk, Hit, StoryCopy
from rag.text.arabic import clean

if TYPE_CHECKING:
    from rag.answer.chain import AnswerChain
    from rag.assistant import Assistant

__all__ = ["EvalOptions", "evaluate_dataset", "format_report"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class EvalOptions:
    """What an evaluation run measures: MRR depth, retrieval modes, how many questions, and who hears progress."""

    k: int = 10
    modes: tuple[str, ...] = ("hybrid",)
    limit: int | None = None
    progress: Progress | None = None


def evaluate_dataset(
    assistant: Assistant, dataset: Path, options: EvalOptions = EvalOptions()
) -> dict[str, dict[str, Any]]:
    """Return a report per retrieval mode for a SQuAD file or a seed-questions JSON Lines file."""
    data = read_dataset(Path(dataset))
    if isinstance(data, SquadSet):
        return evaluate_squad(assistant, data, Path(dataset).name, options)
    if data and isinstance(data[0], NewsQuestion):
        from rag.eval.news_run import evaluate_news

        return evaluate_news(assistant, data, Path(dataset), limit=options.limit, progress=options.progress)
    return evaluate_seeds(assistant, data, Path(dataset).name, options)


def evaluate_squad(assistant: Assistant, data: SquadSet, name: str, options: EvalOptions) -> dict[str, dict[str, Any]]:
    """Return reports for a SQuAD set, its paragraphs ingested one article each into a temporary store."""
    cases = [Case(q.qid, q.question, q.language, q.article_id, q.answers) for q in data.questions][: options.limit]
    with tempfile.TemporaryDirectory(prefix="rag-eval-", ignore_cleanup_errors=True) as folder:
        started = time.perf_counter()
        index = ArticleIndex.open(path=Path(folder), create=True, model_id=assistant.model_id)
        ingestor = Ingestor(index, assistant.embeddings)
        ingestor.ingest_articles([paragraph.article() for paragraph in data.paragraphs])
        ingestor.flush()
        header = {
            "dataset": "squad",
            "file": name,
            "paragraphs": len(data.paragraphs),
            "ingest_seconds": round(time.perf_counter() - started, 1),
        }
        from rag.assistant import evidence_retriever

        retriever = evidence_retriever(index, assistant.embeddings, assistant.settings.k)
        return run_modes(assistant, retriever, cases, _article_key, header, options)


def evaluate_seeds(
    assistant: Assistant, questions: Sequence[SeedQuestion], name: str, options: EvalOptions
) -> dict[str, dict[str, Any]]:
    """Return reports for seed questions asked of the assistant's current store."""
    cases = [Case(q.qid, q.question, q.language, q.source, q.answers) for q in questions][: options.limit]
    header = {"dataset": "seeds", "file": name, "store": assistant.open_for_reading().chunks.location}
    return run_modes(assistant, assistant.retriever, cases, _file_key, header, options)


def _article_key(chunk: Chunk | StoryCopy) -> str:
    return chunk.article_id


def _file_key(chunk: Chunk | StoryCopy) -> str:
    return Path(source_file(chunk.path)).name


def run_modes(
    assistant: Assistant,
    retriever: HybridRetriever,
    cases: Sequence[Case],
    key: Callable[[Chunk | StoryCopy], str],
    header: dict[str, Any],
    options: EvalOptions,
) -> dict[str, dict[str, Any]]:
    """Return a report per mode; the chain answers over the hybrid mode, or the only mode asked for."""
    from rag.answer.chain import make_chain

    k, modes, progress = options.k, options.modes, options.progress
    answer_mode = "hybrid" if "hybrid" in modes else modes[0]
    settings = assistant.settings
    reports: dict[str, dict[str, Any]] = {}
    ranks: dict[str, list[Retrieved]] = {}
    for mode in modes:
        started = time.perf_counter()
        # Only the hybrid search is reranked by evidence: the halves are compared with it as they rank alone.
        reranker = retriever.reranker if mode == "hybrid" else None
        moded = retriever.model_copy(update={"mode": mode, "reranker": reranker})
        # One chunk per article: the ranking is then of distinct articles, k of them.
        ranking = moded.model_copy(update={"per_article": 1})
        ranks[mode] = []
        idf = LiveDocumentFrequencies(retriever.index)
        for number, case in enumerate(cases, start=1):
            ranks[mode].append(retrieve(ranking, analyse(case.question, (), idf), case, key, k))
            if progress:
                progress(f"search {mode}", number, len(cases))
        report = {**header, "mode": mode, "k": k, **retrieval_report(cases, ranks[mode], k)}
        if mode == answer_mode:
            chain = make_chain(moded, settings.llm, settings.llm_base_url, stored=assistant.sentence_vectors)
            answered = []
            for number, (case, found) in enumerate(zip(cases, ranks[mode], strict=True), start=1):
                answered.append(answer(chain, retriever.embeddings, case, found.top))
                if progress:
                    progress(f"answer {mode}", number, len(cases))
            report["answers"] = answer_report(cases, answered, chain.answerer.name)
            if header["dataset"] == "seeds":
                report["failures"] = failures(cases, ranks, answered, mode, k)
        report["seconds"] = round(time.perf_counter() - started, 1)
        reports[mode] = report
    return reports


def retrieve(
    retriever: HybridRetriever, query: Query, case: Case, key: Callable[[Chunk | StoryCopy], str], k: int
) -> Retrieved:
    """Return the gold article's rank among the top k distinct articles for the case's analysed question (as the
    answer chain searches it), with the search time."""
    started = time.perf_counter()
    hits = retriever.search(query, k=k)
    ms = (time.perf_counter() - started) * 1000
    rank = story_rank(hits, {case.gold}, key) if case.gold is not None else None
    return Retrieved(rank=rank, ms=ms, top=hits[0] if hits else None)


def answer(chain: AnswerChain, embeddings: Embeddings, case: Case, top: Hit | None) -> Answered:
    """Return the chain's answer to a case (timed) and the baseline's."""
    started = time.perf_counter()
    try:
        said = chain.invoke(case.question)
        text, refused = said.text, said.refused
    except RagError as error:
        text, refused = str(error), True
    ms = (time.perf_counter() - started) * 1000
    return Answered(text=text, refused=refused, ms=ms, baseline=baseline_answer(embeddings, case.question, top))


def baseline_answer(embeddings: Embeddings, question: str, top: Hit | None) -> str:
    """Return the sentence of the top passage closest in meaning to the question ("" without a passage)."""
    if top is None:
        return ""
    offset = top.chunk.start
    sentences = [top.chunk.text[start - offset : end - offset] for start, end in sentences_of(top)] or [top.chunk.text]
    vectors = np.asarray(embeddings.embed_documents([clean(sentence) for sentence in sentences]), dtype=np.float32)
    scores = vectors @ np.asarray(embeddings.embed_query(question), dtype=np.float32)
    return sentences[int(np.argmax(scores))]
