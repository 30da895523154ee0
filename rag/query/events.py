"""Which counted event a question asks about (killed, injured, arrested, …), and which event a figure in a sentence
belongs to: "how many suspects were arrested?" is not answered by "إصابة 6 أشخاص" (six injured), nor "when was he
killed?" by "خطف في 22 يوليو" (the day he was kidnapped).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table
from rag.text.arabic import bare_forms, matching_text

_WORD = re.compile(r"[\u0621-\u064a]+|[a-z]+")
# How far from a figure the word of its event stands: "أسفر عن مقتل 5" (before), "6 قتلى" (after).
WORDS_BEFORE = 4
WORDS_AFTER = 2


@lru_cache(maxsize=1)
def _event_words() -> dict[str, str]:
    """Return each event word (folded Arabic or lower-case English) with its event."""
    return {word: event for event, words in load_table("events_counted.tsv").items() for word in words.split()}


@lru_cache(maxsize=20_000)
def event_of_word(word: str) -> str | None:
    """Return the event a word names ("وإصابة" → injured, "killed" → killed), or None."""
    words = _event_words()
    # Verb endings stand in the table (قتلوا, مصابين); clitics and attached pronouns (اعتقلتهم, قتلاهم) do not.
    forms = sorted(bare_forms(matching_text(word).folded), key=len, reverse=True)  # the word as written first
    return next((words[form] for form in forms if form in words), None)


def asked_events(question: str) -> frozenset[str]:
    """Return the events a question asks about: "how many were killed or injured?" → {killed, injured}."""
    return frozenset(event for word in _WORD.findall(matching_text(question).folded) if (event := event_of_word(word)))


def event_at(sentence: str, start: int, end: int) -> str | None:
    """Return the event of the figure at sentence[start:end]: that of the nearest event word among the few before
    it and the fewer after it (before when as near), or None when none stands that close."""
    before = _WORD.findall(matching_text(sentence[:start]).folded)[-WORDS_BEFORE:]
    after = _WORD.findall(matching_text(sentence[end:]).folded)[:WORDS_AFTER]
    by_distance = [(len(before) - i, 0, word) for i, word in enumerate(before)]
    by_distance += [(i + 1, 1, word) for i, word in enumerate(after)]
    for _, _, word in sorted(by_distance):
        event = event_of_word(word)
        if event:
            return event
    return None


def of_another_event(asked: frozenset[str], sentence: str, start: int, end: int) -> bool:
    """Return whether the figure at sentence[start:end] belongs to an event other than those asked about."""
    if not asked:
        return False
    event = event_at(sentence, start, end)
    return event is not None and event not in asked


# A threat governs the event named this few words after it: "يهدد فيه بإعدام" threatens an execution, not one done.
THREAT_REACH = 2
THREATENED = "threatened"


def tells_event(asked: frozenset[str], sentence: str) -> bool:
    """Return whether a sentence tells one of the asked events ("قتل", "مقتل" for killed), other than as what
    someone threatens ("يهدد بإعدامه"); True when the question asks of none."""
    if not asked:
        return True
    events = [event_of_word(word) for word in _WORD.findall(matching_text(sentence).folded)]
    return any(
        event in asked and THREATENED not in events[max(index - THREAT_REACH, 0) : index]
        for index, event in enumerate(events)
    )
