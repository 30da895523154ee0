"""Evaluation data: SQuAD-format files (ARCD) and seed-question JSON Lines files, read into dataclasses."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import InputError
from rag.eval.newsdev import NewsQuestion, is_news_record, news_questions
from rag.schema import Article
from rag.text.arabic import detect_language


@dataclass(frozen=True)
class SquadParagraph:
    """One context paragraph of a SQuAD file; it becomes an article of its own."""

    title: str
    number: int  # 1-based, within its SQuAD article
    text: str

    @property
    def article_id(self) -> str:
        """Return the id the paragraph's article gets: the hash of its text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def article(self) -> Article:
        """Return the paragraph as an article to ingest."""
        return Article(
            article_id=self.article_id,
            title=f"{self.title} {self.number}",
            text=self.text,
            path=f"squad:{self.title}#{self.number}",
            content_hash=self.article_id,
        )


@dataclass(frozen=True)
class SquadQuestion:
    """A question about one paragraph, with the answer strings the annotators marked."""

    qid: str
    question: str
    answers: tuple[str, ...]
    article_id: str  # of the paragraph that answers it
    language: str


@dataclass(frozen=True)
class SquadSet:
    """The paragraphs and questions of a SQuAD file."""

    paragraphs: tuple[SquadParagraph, ...]
    questions: tuple[SquadQuestion, ...]


@dataclass(frozen=True)
class SeedQuestion:
    """A question about the current store: its source file, expected strings; no source when unanswerable."""

    qid: str
    question: str
    language: str
    source: str | None
    answers: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        """Return whether an article in the store answers the question."""
        return self.source is not None


def read_dataset(path: Path) -> SquadSet | tuple[SeedQuestion, ...] | tuple[NewsQuestion, ...]:
    """Return a SQuAD file's paragraphs and questions, or a JSON Lines file's news-dev or seed questions."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"The dataset {path} cannot be read as UTF-8 text ({error}).") from error
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and isinstance(whole.get("data"), list):
        return squad_set(whole, path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        record = None
    if is_news_record(record):
        return news_questions(text, path)
    return seed_questions(text, path)


def squad_set(document: dict[str, Any], path: Path) -> SquadSet:
    """Return the paragraphs and questions of a parsed SQuAD document (v1 or v2)."""
    paragraphs: list[SquadParagraph] = []
    questions: list[SquadQuestion] = []
    try:
        for entry in document["data"]:
            title = str(entry.get("title") or "untitled").strip()
            for number, raw in enumerate(entry["paragraphs"], start=1):
                paragraph = SquadParagraph(title=title, number=number, text=str(raw["context"]))
                paragraphs.append(paragraph)
                for qa in raw.get("qas", []):
                    question = " ".join(str(qa["question"]).split())
                    if not question:
                        continue
                    texts = (str(answer["text"]).strip() for answer in qa.get("answers", []))
                    answers = tuple(dict.fromkeys(text for text in texts if text))
                    questions.append(
                        SquadQuestion(
                            qid=str(qa.get("id", len(questions))),
                            question=question,
                            answers=answers,
                            article_id=paragraph.article_id,
                            language=detect_language(question),
                        )
                    )
    except (KeyError, TypeError, AttributeError) as error:
        raise InputError(f"{path} is not a SQuAD-format file: a paragraph or question lacks {error}.") from error
    if not questions:
        raise InputError(f"{path} holds no questions.")
    return SquadSet(paragraphs=tuple(paragraphs), questions=tuple(questions))


def seed_questions(text: str, path: Path) -> tuple[SeedQuestion, ...]:
    """Return the questions of a JSON Lines file with fields id, lang, question, source and answers."""
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question = " ".join(str(record["question"]).split())
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(
                f"Line {number} of {path} is not a question record (a SQuAD JSON file or JSON Lines with "
                f"id, question, source and answers are expected): {error}."
            ) from error
        questions.append(
            SeedQuestion(
                qid=str(record.get("id", number)),
                question=question,
                language=record.get("lang") or detect_language(question),
                source=record.get("source") or None,
                answers=tuple(str(answer) for answer in record.get("answers") or ()),
            )
        )
    if not questions:
        raise InputError(f"{path} holds no questions.")
    return tuple(questions)
