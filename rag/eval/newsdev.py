"""The news-dev question format and its scoring rules (the data set's README, "Scoring rules").

A news-dev file is JSON Lines: `id`, `question`, `lang`, `kind` (who / when / where / number /
fact / list / followup / unanswerable), `sources` (every corpus file that states the answer),
`answers` (Arabic spans; any one counts, or every one for `match: "all"`), `answers_en` (English
renderings, the part before the first comma or parenthesis being the key) and `follows` (the
question a follow-up is asked after, in the same conversation).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rag.errors import InputError
from rag.text.arabic import western_digits

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_OBFUSCATION_DOT = re.compile("ـ*\\.ـ+|ـ+\\.ـ*")
_NUMBER = re.compile(r"[0-9.,]+")
_MARKER = re.compile(r"\[\s*[0-9٠-٩]+(?:\s*[,،]\s*[0-9٠-٩]+)*\s*\]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_KEY_END = re.compile(r"\(|(?<!\d),|,(?!\d{3}\b)")
_ENGLISH_FILLER = frozenset({"the", "a", "an", "of", "and", "in", "on", "at", "to", "al"})
KINDS = ("who", "when", "where", "number", "fact", "list", "followup", "unanswerable")


@dataclass(frozen=True)
class NewsQuestion:
    """One news-dev question with what counts as its answer."""

    qid: str
    question: str
    language: str
    kind: str
    sources: tuple[str, ...]
    answers: tuple[str, ...]
    answers_en: tuple[str, ...]
    match_all: bool = False
    follows: str | None = None

    @property
    def answerable(self) -> bool:
        """Return whether the corpus answers the question."""
        return self.kind != "unanswerable"


def is_news_record(record: object) -> bool:
    """Return whether a parsed JSON line is in the news-dev format (it has `kind` and `sources`)."""
    return isinstance(record, dict) and "kind" in record and "sources" in record


def news_questions(text: str, path: Path) -> tuple[NewsQuestion, ...]:
    """Return the questions of a news-dev JSON Lines text."""
    questions = []
    for number, record in _json_lines(text, path):
        try:
            questions.append(
                NewsQuestion(
                    qid=str(record["id"]),
                    question=" ".join(str(record["question"]).split()),
                    language=str(record.get("lang") or "ar"),
                    kind=str(record["kind"]),
                    sources=tuple(str(name) for name in record.get("sources") or ()),
                    answers=tuple(str(answer) for answer in record.get("answers") or ()),
                    answers_en=tuple(str(answer) for answer in record.get("answers_en") or ()),
                    match_all=record.get("match") == "all",
                    follows=record.get("follows") or None,
                )
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise InputError(f"Line {number} of {path} is not a news-dev question record: {error}.") from error
    if not questions:
        raise InputError(f"{path} holds no questions.")
    return tuple(questions)


def _json_lines(text: str, path: Path) -> list[tuple[int, dict]]:
    """Return (line number, record) for each non-empty line, or raise InputError naming the bad line."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise InputError(f"Line {number} of {path} is not JSON: {error}.") from error
    return records


def normalise(text: str) -> str:
    """Return the matching form of the data set's checker: letters folded, digits ASCII, one space, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = _OBFUSCATION_DOT.sub("", text)
    text = _DIACRITICS.sub("", text).replace("ـ", "")
    text = western_digits(text).replace("٫", ".").replace("٬", ",")
    text = re.sub("[إأآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    return re.sub(r"\s+", " ", text).lower().strip()


def answer_body(text: str) -> str:
    """Return an answer without its [n] markers, which may split a span."""
    return _MARKER.sub(" ", text)


def span_found(answer: str, span: str) -> bool:
    """Return whether the answer holds the Arabic span; a number must match whole (60 is not in 1600)."""
    wanted = normalise(span)
    if not wanted:
        return False
    pattern = re.escape(wanted)
    if _NUMBER.fullmatch(wanted):
        pattern = r"(?<![0-9.,])" + pattern + r"(?![0-9]|[.,][0-9])"
    return re.search(pattern, normalise(answer_body(answer))) is not None


def english_key(rendering: str) -> str:
    """Return the key of an English rendering: the part before its first comma or parenthesis."""
    return _KEY_END.split(rendering, maxsplit=1)[0].strip()


def _latin_words(text: str) -> list[str]:
    """Return lower-case Latin words without accents, numbers without thousands separators, "al-" dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = _THOUSANDS.sub("", western_digits(text).replace("٬", ","))
    text = re.sub(r"\bal-", " ", text)
    return _LATIN_WORD.findall(text)


def english_found(answer: str, rendering: str) -> bool:
    """Return whether the answer holds the key English rendering (case, accents, punctuation, "al-"/"the" aside)."""
    wanted = _latin_words(english_key(rendering))
    while wanted and wanted[0] in ("the", "al"):
        wanted = wanted[1:]
    if not wanted:
        return False
    said = _latin_words(answer_body(answer))
    size = len(wanted)
    return any(said[start : start + size] == wanted for start in range(len(said) - size + 1))


def english_key_words(rendering: str) -> set[str]:
    """Return the content words of a rendering's key: what an English reader must find in the answer."""
    return {word for word in _latin_words(english_key(rendering)) if word not in _ENGLISH_FILLER}


def mostly_latin(line: str, share: float = 0.8) -> bool:
    """Return whether at least `share` of a line's letters are Latin."""
    latin = len(_LATIN_LETTER.findall(line))
    arabic = len(_ARABIC_LETTER.findall(line))
    return latin > 0 and latin >= share * (latin + arabic)


def opening_line(answer: str) -> str:
    """Return an answer's first non-empty line, markers removed."""
    for line in answer_body(answer).splitlines():
        if line.strip():
            return line.strip()
    return ""


@dataclass(frozen=True)
class Score:
    """How one answer fares under the scoring rules."""

    arabic: bool  # holds a gold Arabic span (every item, for a list)
    english: bool  # holds a key English rendering (English questions only)
    readable: bool  # English question: opening line in English with the rendering's key words
    coverage: float | None  # list questions: share of items found

    @property
    def correct(self) -> bool:
        """Return whether the answer is correct by either rendering."""
        return self.arabic or self.english


def score_answer(question: NewsQuestion, answer: str) -> Score:
    """Return the score of an answer to an answerable question."""
    english = question.language == "en"
    if question.match_all:
        items = list(zip(question.answers, question.answers_en or ("",) * len(question.answers), strict=False))
        found_ar = [span_found(answer, span) for span, _ in items]
        found = [
            ar or (english and bool(en) and english_found(answer, en))
            for (_, en), ar in zip(items, found_ar, strict=False)
        ]
        coverage = sum(found) / len(found) if found else 0.0
        return Score(
            arabic=all(found_ar) and bool(found_ar),
            english=english and all(found) and bool(found),
            readable=english and mostly_latin(opening_line(answer)) and coverage >= 0.5,
            coverage=coverage,
        )
    arabic = any(span_found(answer, span) for span in question.answers)
    english_hit = english and any(english_found(answer, rendering) for rendering in question.answers_en)
    readable = (
        english
        and mostly_latin(opening_line(answer))
        and any(_words_present(answer, rendering) for rendering in question.answers_en)
    )
    return Score(arabic=arabic, english=english_hit, readable=readable, coverage=None)


def _words_present(answer: str, rendering: str) -> bool:
    wanted = english_key_words(rendering)
    return bool(wanted) and wanted <= set(_latin_words(answer_body(answer)))
