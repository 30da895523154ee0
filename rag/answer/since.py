""" "Since when?": the date a state has lasted since, which "since" opens in the text ("مغلقة منذ 29 حزيران").

A sentence about the same story often dates something else beside it (the day the exchange reopens, the report's
own day); a question asking since when is answered by the date "منذ" or "since" stands before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from rag.resources import load_words
from rag.text.arabic import bare_forms, clean, fold_letters

# The words a since-word stands before when it asks ("منذ متى", "منذ أي تاريخ", "since when", "since what date").
_ASKING = frozenset({"متي", "اي", "ايه", "when", "what", "which"})
# How many words may stand between "since" and the date it opens: "منذ يوم 29", "منذ تاريخ 5 مايو".
REACH = 2
_WORD = re.compile(r"[^\W\d_]+|\d+")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_letters(clean(text).lower()))


def _is_since(word: str) -> bool:
    return not bare_forms(word).isdisjoint(load_words("since_words.txt"))  # "منذ", "ومنذ", "since"


@lru_cache(maxsize=256)  # asked once for each sentence an answer reads
def asks_since(question: str) -> bool:
    """Return whether a question asks since when something has lasted: a since-word before "when" or "which"."""
    words = _words(question)
    return any(_is_since(word) and following in _ASKING for word, following in pairwise(words))


def opens_since(sentence: str, start: int) -> bool:
    """Return whether a since-word stands at most REACH words before the fact at `start` in the sentence."""
    return any(_is_since(word) for word in _words(sentence[:start])[-REACH:])
