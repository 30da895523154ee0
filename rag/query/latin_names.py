"""The Arabic spellings of the places and foreign people an English question names.

"Athens" is written اثينا, "Beijing" بكين, "Merkel" ميركل: consonant skeletons miss such pairs
(th → ث, j → ك), so the gazetteer (`resources/places_en.tsv`) and the foreign names table
(`resources/foreign_names.tsv`), both read Arabic → English by the answerer, are read here the
other way round.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rag.resources import load_table
from rag.text.arabic import lexical_tokens

# The longest run of capitalised words looked up as one name ("Central African Republic").
MAX_NAME_WORDS = 3
_SPELLING_TABLES = ("places_en.tsv", "foreign_names.tsv")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*")


def name_key(english: str) -> str:
    """Return the form an English name is looked up by: lower case, no accents, hyphens as spaces."""
    plain = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
    plain = re.sub(r"['’]s\b", "", plain.lower())
    return " ".join(re.sub(r"[-'’.]", " ", plain).split())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[tuple[str, ...], ...]]:
    found: dict[str, dict[tuple[str, ...], None]] = {}
    for table in _SPELLING_TABLES:
        for arabic, english in load_table(table).items():
            tokens = tuple(lexical_tokens(arabic))
            if tokens:
                found.setdefault(name_key(english), {})[tokens] = None
    return {key: tuple(spellings) for key, spellings in found.items()}


def arabic_spellings(english: str) -> tuple[tuple[str, ...], ...]:
    """Return the Arabic spellings (each as its lexical tokens) of a place or foreign person's English name."""
    return _spellings().get(name_key(english), ())


def named_in(question: str, skip: frozenset[str] = frozenset()) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Return the names an English question writes with capitals that the tables know, longest first, each
    with its Arabic spellings; a word in `skip` (question words, stopwords) never starts or ends a name.
    """
    found = []
    for run in _NAME_RUN.finditer(question):
        words = run.group().split()
        start = 0
        while start < len(words):
            for size in range(min(MAX_NAME_WORDS, len(words) - start), 0, -1):
                name = " ".join(words[start : start + size])
                if name_key(words[start]) in skip or name_key(words[start + size - 1]) in skip:
                    continue
                spellings = arabic_spellings(name)
                if spellings:
                    found.append((name, spellings))
                    start += size
                    break
            else:
                start += 1
    return found
