"""Match scores in an Arabic sentence: "3-صفر", "2 / 2", "بهدفين مقابل هدف", "بهدف دون رد", "بالتعادل السلبي".

A question asking a match's result is answered by a score and by nothing else: a sentence about the
match that gives none (it was written before the match was played) does not answer it. A pair of
figures ("2/2", "11 / 8") is a score only where a word of winning, losing or drawing stands before it,
since the same shape also writes decisions' numbers and fractions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.facts import NUMBER, Fact
from rag.answer.names import ARABIC_WORD
from rag.resources import load_table, load_words
from rag.text.arabic import fold_letters, matching_text

# A side of a score: a figure up to 20 or "صفر".
_SIDE = r"(?:\d{1,2}|صفر)"
_FIGURES = re.compile(rf"(?<![\d/.,:-])(?P<home>{_SIDE})\s*[-–/:]\s*(?P<away>{_SIDE})(?![\d/.,:-])")
# How many words before a pair of figures the word of winning or drawing may stand ("فاز اشبيلية على برشلونة 3-صفر").
CUE_REACH = 6
MAX_GOALS = 20
# "بهدف" and "بهدفين" carry their count; "بثلاثة أهداف" takes a number word.
_TWO_GOALS = "هدفين"
_GOALS = re.compile(
    r"(?<!\w)ب(?:(?P<word>\w+)\s+اهداف|(?P<goal>هدفين|هدف))(?:\s+(?:نظيف\w*|يتيم|وحيد))?"
    r"\s+(?:(?P<clean>دون\s+(?:مقابل|رد)|نظيف\w*)|مقابل\s+(?:(?P<nil>لا\s*شي\w*)|(?P<against_word>\w+)\s+اهداف|"
    r"(?P<against_goal>هدفين|هدف)(?!\w))|(?P<same>لمثل\w+))"
)
_GOALLESS = re.compile(r"(?<!\w)(?:ب|و)?(?:ال)?تعادل\s+(?:ال)?سلبي")


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    return frozenset(fold_letters(word) for word in load_words("score_cues_ar.txt"))


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {word: int(value) for word, value in load_table("number_words.tsv").items() if value.isdigit()}


def find_scores(sentence: str) -> list[Fact]:
    """Return the match scores written in a sentence, in reading order, each rendered "2-1"."""
    folded = matching_text(sentence)
    text = folded.folded
    found: list[tuple[int, int, str]] = []
    for match in _FIGURES.finditer(text):
        words = ARABIC_WORD.findall(text[: match.start()])[-CUE_REACH:]
        home, away = (_side(match.group(side)) for side in ("home", "away"))
        if any(_is_cue(word) for word in words) and max(home, away) <= MAX_GOALS:
            found.append((match.start(), match.end(), f"{home}-{away}"))
    for match in _GOALS.finditer(text):
        score = _goal_score(match)
        if score is not None:
            found.append((match.start(), match.end(), score))
    for match in _GOALLESS.finditer(text):
        found.append((match.start(), match.end(), "0-0"))
    facts = []
    for start, end, english in sorted(found):
        if facts and start < facts[-1][1]:
            continue
        facts.append((start, end, english))
    return [_fact(folded, sentence, start, end, english) for start, end, english in facts]


def _fact(folded, sentence: str, start: int, end: int, english: str) -> Fact:
    first, last = folded.original_span(start, end)
    return Fact(NUMBER, first, last, sentence[first:last], english)


def _is_cue(word: str) -> bool:
    """Return whether a folded word tells of winning, losing or drawing, behind a clitic or not (وفاز، بالتعادل)."""
    forms = (word, word.removeprefix("و"), word.removeprefix("ب"), word.removeprefix("بال"))
    return any(form in _cues() for form in forms)


def _side(text: str) -> int:
    return 0 if text == "صفر" else int(text)


def _goal_score(match: re.Match[str]) -> str | None:
    """Return "2-1" for "بهدفين مقابل هدف", or None when a count is no number word (بهدف إيجاد …)."""
    goals = _goal_count(match.group("word"), match.group("goal"))
    if goals is None:
        return None
    if match.group("clean") or match.group("nil"):
        against: int | None = 0
    elif match.group("same"):
        against = goals
    else:
        against = _goal_count(match.group("against_word"), match.group("against_goal"))
    if against is None or max(goals, against) > MAX_GOALS:
        return None
    return f"{goals}-{against}"


def _goal_count(word: str | None, goal: str | None) -> int | None:
    if goal:
        return 2 if goal == _TWO_GOALS else 1
    if word is None:
        return None
    return _number_words().get(word) or (int(word) if word.isdigit() else None)
