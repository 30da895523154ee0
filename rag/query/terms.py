"""What a question asks about, as term groups that can be found in Arabic text.

An Arabic question's terms are its keywords. An English question's terms are its glossary
terms (found through their Arabic renderings), the places and foreign people it names (found
through their Arabic spellings), its other names (found by consonant skeleton),
and its numbers and Latin tokens (found as written). A passage or sentence *covers* the
question to the extent that it holds these terms, weighted by how rare they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from rag.query.glossary import english_terms
from rag.query.latin_names import named_in
from rag.resources import load_words
from rag.text.arabic import ENGLISH_STOPWORDS, PRONOUN_SUFFIXES, is_arabic_token, keyword_forms, lexical_tokens
from rag.text.transliteration import arabic_skeleton, latin_skeleton

_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'’-]+")
# A skeleton match is as telling as a rare word: names are what English questions share with Arabic text.
NAME_DOC_FREQ = 1


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Return the lower-case English words that a capital never makes a name: stopwords and question openers."""
    return ENGLISH_STOPWORDS | load_words("question_openers_en.txt")


def _holds(tokens: set[str], token: str) -> bool:
    """Return whether the tokens hold `token`, alone or with an attached pronoun."""
    if token in tokens:
        return True
    return is_arabic_token(token) and any(token + suffix in tokens for suffix in PRONOUN_SUFFIXES)


@dataclass(frozen=True)
class TermGroup:
    """One thing the question asks about, and the ways it can appear in Arabic text."""

    label: str
    alternatives: tuple[tuple[str, ...], ...] = ()  # any alternative whose tokens all occur
    skeleton: str | None = None  # or any Arabic token with this consonant skeleton

    def found_in(self, tokens: AbstractSet[str], skeletons: AbstractSet[str]) -> bool:
        """Return whether text with these lexical tokens and skeletons holds this term."""
        if self.skeleton and self.skeleton in skeletons:
            return True
        return any(all(_holds(tokens, token) for token in alternative) for alternative in self.alternatives)

    def tokens(self) -> list[str]:
        """Return every lexical token of every alternative (for a keyword query)."""
        return [token for alternative in self.alternatives for token in alternative]


def question_terms(question: str, language: str) -> list[TermGroup]:
    """Return the term groups of a question (see the module docstring)."""
    if language == "ar":
        return [
            TermGroup(token, tuple((form,) for form in keyword_forms(token)))
            for token in dict.fromkeys(lexical_tokens(question))
        ]
    groups = []
    covered: set[str] = set()
    for name, spellings in named_in(question, not_names()):
        words = name.split()
        literal = tuple(lexical_tokens(name))
        skeleton = latin_skeleton(name) if len(words) == 1 else None
        groups.append(TermGroup(name, (*spellings, *((literal,) if literal else ())), skeleton=skeleton))
        covered.update({word.lower() for word in words} | set(literal))
    for term, renderings in english_terms(question):
        if renderings and not set(term.split()) <= covered:
            groups.append(TermGroup(term, renderings))
            covered.update(term.split())
    for word in _CAPITALISED.findall(question):
        lower = word.lower()
        if lower in covered or lower in not_names():
            continue
        skeleton = latin_skeleton(word)
        literal = tuple((token,) for token in lexical_tokens(word))
        if skeleton or literal:
            groups.append(TermGroup(word, literal, skeleton=skeleton))
            covered.update({lower, *lexical_tokens(word)})
    for token in lexical_tokens(question):
        if token not in covered and (token[0].isdigit() or is_arabic_token(token)):
            groups.append(TermGroup(token, ((token,),)))
    return groups


# Each candidate sentence is matched against the question's terms by several readers: the last few thousand
# sentences' keys are kept.
@lru_cache(maxsize=4096)
def text_keys(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the lexical tokens of a text and the consonant skeletons of its Arabic tokens."""
    tokens = frozenset(lexical_tokens(text, drop_stopwords=False))
    skeletons = frozenset(key for key in map(arabic_skeleton, filter(is_arabic_token, tokens)) if key)
    return tokens, skeletons


class Coverage:
    """Scores how much of a question a text holds: IDF-weighted share of its term groups."""

    def __init__(
        self,
        groups: Sequence[TermGroup],
        doc_freq: Callable[[str], int],
        total_docs: int,
        *,
        weights: Sequence[float] | None = None,  # the groups' weights, where a coverage they come from has them
    ) -> None:
        self.groups = list(groups)
        self.doc_freq = doc_freq
        self.total_docs = total_docs
        total = max(total_docs, 1)

        def idf(frequency: int) -> float:
            return math.log(1.0 + (total + 1) / (frequency + 1))

        self.weights = list(weights) if weights is not None else []
        for group in self.groups if weights is None else ():
            # An Arabic keyword weighs as rare as it is written in the question, not as its bare form (which may be
            # no word at all, and then in no passage).
            tokens = group.alternatives[0] if is_arabic_token(group.label) else group.tokens()
            frequencies = [doc_freq(token) for token in tokens] or [NAME_DOC_FREQ]
            if group.skeleton:
                frequencies.append(NAME_DOC_FREQ)
            self.weights.append(idf(min(frequencies)))
        self.total_weight = sum(self.weights) or 1.0

    def __call__(self, text: str) -> float:
        """Return the share (0..1) of the question's weighted terms found in the text."""
        return self.of_keys(*text_keys(text))

    def of_keys(self, tokens: AbstractSet[str], skeletons: AbstractSet[str]) -> float:
        """Return the coverage for precomputed text keys."""
        if not self.groups:
            return 0.0
        found = sum(
            weight for group, weight in zip(self.groups, self.weights, strict=True) if group.found_in(tokens, skeletons)
        )
        return found / self.total_weight

    def beyond(self, text: str) -> Coverage:
        """Return the coverage of the question's terms that the text (a headline) does not hold, as they weigh."""
        keys = text_keys(text)
        pairs = zip(self.groups, self.weights, strict=True)
        kept = [(group, weight) for group, weight in pairs if not group.found_in(*keys)]
        return Coverage(
            [group for group, _ in kept], self.doc_freq, self.total_docs, weights=[weight for _, weight in kept]
        )

    def of_texts(self, texts: Iterable[str]) -> float:
        """Return the coverage of several texts taken together."""
        return self.of_keys(*texts_keys(texts))


def texts_keys(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """Return the lexical tokens and Arabic skeletons of several texts taken together."""
    tokens: set[str] = set()
    skeletons: set[str] = set()
    for text in texts:
        more_tokens, more_skeletons = text_keys(text)
        tokens |= more_tokens
        skeletons |= more_skeletons
    return tokens, skeletons


def share_found(groups: Sequence[TermGroup], *texts: str) -> float:
    """Return the share (0..1) of the term groups the texts hold together; 1 when there are none."""
    if not groups:
        return 1.0
    tokens, skeletons = texts_keys(texts)
    return sum(1 for group in groups if group.found_in(tokens, skeletons)) / len(groups)
