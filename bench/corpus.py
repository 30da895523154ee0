"""The benchmark's texts: seed articles and questions, ARCD paragraphs as articles with their questions."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from rag.schema import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"
ARCD = ROOT.parent / "shared" / "devdata" / "arcd-train.json"
ARCD_PARAGRAPHS = 150


@dataclass(frozen=True)
class Question:
    """A question and the id of the article that answers it (None for seed questions)."""

    text: str
    gold: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """An ARCD context paragraph: its article title and text."""

    title: str
    number: int
    text: str

    def article(self) -> Article:
        """Return the paragraph as an article of its own; the id is the hash of the text."""
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        return Article(
            article_id=digest,
            title=f"{self.title} {self.number}",
            text=self.text,
            path=f"arcd:{self.title}#{self.number}",
            content_hash=digest,
        )


def arcd_file() -> Path:
    """Return the ARCD training file, or raise with where it is expected."""
    if not ARCD.is_file():
        raise SystemExit(f"The ARCD training file is expected at {ARCD}.")
    return ARCD


def arcd_paragraphs() -> list[Paragraph]:
    """Return every ARCD training paragraph, in file order."""
    return [paragraph for paragraph, _ in _arcd_pairs()]


def _arcd_pairs() -> list[tuple[Paragraph, list[dict]]]:
    data = json.loads(arcd_file().read_text(encoding="utf-8"))["data"]
    return [
        (Paragraph(str(entry.get("title") or "untitled").strip(), number, str(raw["context"])), raw.get("qas", []))
        for entry in data
        for number, raw in enumerate(entry["paragraphs"], start=1)
    ]


def arcd_sample(count: int = ARCD_PARAGRAPHS, seed: int = 0) -> tuple[list[Article], list[Question]]:
    """Return `count` ARCD paragraphs (seeded sample) as articles, and their questions with the gold article."""
    pairs = _arcd_pairs()
    chosen = random.Random(seed).sample(pairs, min(count, len(pairs)))
    articles, questions = [], []
    for paragraph, qas in chosen:
        article = paragraph.article()
        articles.append(article)
        for qa in qas:
            text = " ".join(str(qa["question"]).strip(" -").split())
            if text:
                questions.append(Question(text, article.article_id))
    return articles, questions


def seed_questions() -> list[Question]:
    """Return the seed questions (Arabic and English) about the seed articles."""
    lines = SEED_QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [Question(" ".join(json.loads(line)["question"].split())) for line in lines if line.strip()]


def seed_texts() -> list[tuple[str, str]]:
    """Return (file name, text) of each seed article file."""
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]


def spread(questions: list[Question], count: int, seed: int = 0) -> list[Question]:
    """Return `count` questions sampled without replacement (all of them when there are fewer)."""
    if count >= len(questions):
        return list(questions)
    return random.Random(seed).sample(questions, count)
