"""A bilingual news glossary: the Arabic words an English question's terms appear as in Arabic news.

English questions share no words with Arabic articles, so their keywords find nothing and
sentence choice rests on cross-lingual vectors alone, which are weak at sentence level
for a small model. Dictionary-based query translation is the classic remedy in cross-
language retrieval. The entries are the general vocabulary of political, diplomatic,
military, economic and health news, with the spellings Arabic outlets use; phrases come
before their words so "foreign minister" is read as one term.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table
from rag.text.arabic import lexical_tokens


def _load() -> dict[str, tuple[str, ...]]:
    table = load_table("glossary_en_ar.tsv")
    return {term: tuple(part.strip() for part in value.split("|") if part.strip()) for term, value in table.items()}


# English term → Arabic renderings (each rendering may be several words); see the data file's header.
GLOSSARY: dict[str, tuple[str, ...]] = _load()

_PHRASES = sorted(GLOSSARY, key=lambda term: -len(term.split()))
_WORD = re.compile(r"[a-z][a-z'’-]*")


@lru_cache(maxsize=4096)
def _renderings(term: str) -> tuple[tuple[str, ...], ...]:
    """Return each Arabic rendering of a glossary term as its lexical tokens."""
    return tuple(tuple(lexical_tokens(rendering)) for rendering in GLOSSARY[term] if lexical_tokens(rendering))


def english_terms(question: str) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Return the glossary terms of an English question with their Arabic renderings in lexical form.

    Longer phrases are matched first and their words are not matched again.
    """
    text = " " + " ".join(_WORD.findall(question.lower())) + " "
    found = []
    for term in _PHRASES:
        padded = f" {term} "
        if padded in text:
            found.append((term, _renderings(term)))
            text = text.replace(padded, " | ")
    return found


def arabic_expansion(question: str) -> list[str]:
    """Return the Arabic lexical tokens that the English question's glossary terms stand for."""
    return [token for _, renderings in english_terms(question) for rendering in renderings for token in rendering]
