"""The default answerer: quotes the sentences that best answer the question, each with its [n].

It needs no language model and cannot invent facts: every word it says is a sentence
from a retrieved passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.arabic import clean
from rag.citations import sentences_of
from rag.query_terms import Coverage, question_terms
from rag.schema import Hit

MAX_WORDS = 60
MAX_SENTENCES = 2
# Sentences embedded per answer, those sharing most words with the question: embedding them is nearly
# all an answer costs (about 20 ms each on a laptop core pair). On arcd-train, 6 answer as well as 12
# (gold in the answer 0.723 both); 5 or 4 lose a little (0.719).
MAX_EMBEDDED = 6
# How far below the best sentence another may score and still join the answer.
SECOND_SENTENCE_MARGIN = 0.15
LIST_MARGIN = 0.08
KEYWORD_WEIGHT = {"ar": 0.4, "en": 0.6}
MIN_SENTENCE_WORDS = 4

_NUMBER_QUESTION = re.compile(r"\b(how many|how much|what percentage|what share)\b|كم\b|نسبة|عدد", re.IGNORECASE)
_DATE_QUESTION = re.compile(r"\b(when|what year|what date)\b|متى|في أي عام|في أي سنة|تاريخ", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MONTH_OR_YEAR = re.compile(
    r"\b(19|20)\d{2}\b|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|يناير|فبراير|مارس|أبريل|إبريل|"
    r"مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
)
# Questions that ask for every instance across articles ("what calls did Sisi make?").
_LIST_QUESTION = re.compile(
    r"^\s*(what|which)\s+\w+s\b|\b(list|all the|every)\b|"
    r"^\s*(ما|ماهي|ما هي|ما هو)\s+ال\w+(ات|ون|ين)\b|اذكر|أذكر|عدد\s+ال|جميع|كل\s+ال",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")

ENGLISH_LEAD = "According to the articles:"


@dataclass(frozen=True)
class Candidate:
    """A passage sentence considered for the answer."""

    n: int  # the passage's number in the answer
    start: int  # article-frame span
    end: int
    text: str
    score: float
    words: int


def wants_list(question: str) -> bool:
    """Return whether the question asks for every instance across articles."""
    return bool(_LIST_QUESTION.search(clean(question)))


def _type_bonus(question: str, sentence: str) -> float:
    """Return a small bonus for sentences holding what the question type asks for."""
    bonus = 0.0
    if _NUMBER_QUESTION.search(question) and _DIGIT.search(clean(sentence)):
        bonus += 0.02
    if _DATE_QUESTION.search(question) and _MONTH_OR_YEAR.search(clean(sentence)):
        bonus += 0.02
    return bonus


class ExtractiveAnswerer:
    """Scores each sentence of the retrieved passages by meaning and keywords; quotes the best."""

    name = "extractive"

    def __init__(self, embeddings: Embeddings, doc_freq: Callable[[str], int], total_docs: Callable[[], int]) -> None:
        self.embeddings = embeddings
        self._doc_freq = doc_freq
        self._total_docs = total_docs

    def candidates(
        self, question: str, language: str, passages: Sequence[Hit], question_vector: Sequence[float]
    ) -> list[Candidate]:
        """Return every usable sentence of the passages, scored, best first."""
        spans: list[tuple[int, int, int, str]] = []
        for n, hit in enumerate(passages, start=1):
            offset = hit.chunk.start
            headline_only = len(hit.chunk.text) < 200
            title = clean(hit.chunk.title)
            for start, end in sentences_of(hit):
                text = hit.chunk.text[start - offset : end - offset]
                # The headline (or a piece of it) states the topic, not an answer to a question about it.
                is_answer = len(_WORD.findall(text)) >= MIN_SENTENCE_WORDS and clean(text.lstrip("# ")) not in title
                if headline_only or is_answer:
                    spans.append((n, start, end, text))
        if not spans:
            return []
        coverage_of = Coverage(question_terms(question, language), self._doc_freq, self._total_docs())
        spans = _shortlist(spans, coverage_of)
        vectors = np.asarray(self.embeddings.embed_documents([clean(text) for *_, text in spans]), dtype=np.float32)
        dense = vectors @ np.asarray(question_vector, dtype=np.float32)
        found = []
        for (n, start, end, text), similarity in zip(spans, dense, strict=True):
            coverage = coverage_of(text)
            score = float(similarity) + KEYWORD_WEIGHT[language] * coverage + _type_bonus(question, text)
            found.append(Candidate(n, start, end, text, score, len(_WORD.findall(text))))
        return sorted(found, key=lambda candidate: candidate.score, reverse=True)

    def select(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Return the best sentence, plus close runners-up while the answer stays short."""
        if not candidates:
            return []
        chosen = [candidates[0]]
        words = candidates[0].words
        for candidate in candidates[1 : MAX_SENTENCES + 1]:
            if len(chosen) == MAX_SENTENCES:
                break
            if candidate.score < chosen[0].score - SECOND_SENTENCE_MARGIN or words + candidate.words > MAX_WORDS:
                break
            if any(_overlaps(candidate, other) for other in chosen):
                continue
            chosen.append(candidate)
            words += candidate.words
        return sorted(chosen, key=lambda candidate: (candidate.n, candidate.start))

    def select_list(self, candidates: Sequence[Candidate], passages: Sequence[Hit]) -> list[Candidate]:
        """Return the best sentence of each relevant article, ordered by date (undated last)."""
        if not candidates:
            return []
        best_by_article: dict[str, Candidate] = {}
        for candidate in candidates:
            if candidate.score < candidates[0].score - LIST_MARGIN:
                break
            article = passages[candidate.n - 1].chunk.article_id
            best_by_article.setdefault(article, candidate)

        def date_order(candidate: Candidate) -> tuple[int, str]:
            date = passages[candidate.n - 1].chunk.date or ""
            return (0, date) if re.match(r"\d{4}", date) else (1, date)

        return sorted(best_by_article.values(), key=date_order)

    def stream(
        self, question: str, language: str, passages: Sequence[Hit], question_vector: Sequence[float]
    ) -> Iterator[str]:
        """Yield the answer line by line: quoted sentences, each followed by its [n]."""
        candidates = self.candidates(question, language, passages, question_vector)
        as_list = wants_list(question)
        chosen = self.select_list(candidates, passages) if as_list else self.select(candidates)
        if as_list and len(chosen) < 2:
            as_list, chosen = False, self.select(candidates)
        if language == "en":
            yield ENGLISH_LEAD + "\n"
        for index, candidate in enumerate(chosen):
            text = " ".join(candidate.text.split())
            if language == "en":
                text = f"«{text}»"
            if as_list:
                chunk = passages[candidate.n - 1].chunk
                meta = ("، " if language == "ar" else ", ").join(part for part in (chunk.date, chunk.source) if part)
                yield f"- {meta}: {text} [{candidate.n}]\n" if meta else f"- {text} [{candidate.n}]\n"
            else:
                separator = "\n" if language == "en" else " "
                yield f"{text} [{candidate.n}]" + (separator if index < len(chosen) - 1 else "")


def _shortlist(spans: list[tuple[int, int, int, str]], coverage_of: Coverage) -> list[tuple[int, int, int, str]]:
    """Return the sentences worth embedding: each text once, those sharing most with the question first.

    Embedding sentences is what an extractive answer costs; the keyword coverage is free,
    so it picks which MAX_EMBEDDED sentences the vectors then judge.
    """
    unique = list({text: (n, start, end, text) for n, start, end, text in reversed(spans)}.values())[::-1]
    ranked = sorted(unique, key=lambda span: (-coverage_of(span[3]), span[0]))
    return ranked[:MAX_EMBEDDED]


def _overlaps(first: Candidate, second: Candidate) -> bool:
    """Return whether two candidates are the same sentence seen through overlapping chunks."""
    if first.text == second.text:
        return True
    return first.n == second.n and first.start < second.end and second.start < first.end
