"""Misspelt Arabic words of a question, respelt as the words the store's articles hold.

A question typed in a hurry carries slips an article never does: a dot misplaced (حنس for جنس), a sound written
with its neighbour's letter (الصرطان for السرطان, اظطراب for اضطراب), a letter doubled or dropped (الفاتتحين,
الاعبون). Such a word matches no keyword, and it moves the question's meaning away from every passage, so that
the relevance bar refuses a question the articles answer. A word of the question that no passage holds is
respelt as the one-letter variant (a letter dropped, added, changed, or two swapped) that the most passages hold.

A word no passage holds is as often a real word the store lacks (المخطوف, منهية), which a variant would turn into
another (المخاوف, مهنية): the respelt question is therefore asked only when the question as written found nothing
to answer it with (rag.answer.chain), and the answer says which words it searched for instead. On arcd-train
(questions typed by many people) 6 more answers then hold the gold span, 509 → 515 of 693, of 37 refused; no
news-dev figure moves, as none of its refused questions has a word its passages lack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.query.analysis import IdfStats
from rag.text.arabic import ARABIC_STOPWORDS_FOLDED, clean, fold_letters, keyword_token

# The letters a variant may add or put in another's place. The hamza-carrying alefs, alef maqsura and ta marbuta
# are absent because keyword matching folds them into ا, ي and ه (rag.text.arabic.fold_letters).
_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
# Shorter words have many real one-letter neighbours (قطر: مطر, قطع, قطن), so a variant is a guess, not a fix.
MIN_RESPELT_LETTERS = 4


@dataclass(frozen=True)
class Respelling:
    """A word of the question as written, and the word the articles hold that it was taken to mean."""

    written: str
    meant: str


def respellings(question: str, idf: IdfStats) -> tuple[Respelling, ...]:
    """Return the question's Arabic words that no passage holds, each with the nearest word passages do hold."""
    found: dict[str, Respelling] = {}
    for word in _ARABIC_WORD.findall(clean(question)):
        if word in found or len(word) < MIN_RESPELT_LETTERS or fold_letters(word) in ARABIC_STOPWORDS_FOLDED:
            continue
        if idf.doc_freq(keyword_token(word)) > 0:
            continue
        meant = _most_held_variant(word, idf)
        if meant is not None:
            found[word] = Respelling(word, meant)
    return tuple(found.values())


def respelt(question: str, changes: tuple[Respelling, ...]) -> str:
    """Return the question (in its clean form) with each misspelt word replaced by the word it was taken to mean."""
    text = clean(question)
    for change in changes:
        text = re.sub(rf"(?<![\u0621-\u064a]){re.escape(change.written)}(?![\u0621-\u064a])", change.meant, text)
    return text


def as_the_passages_write(changes: tuple[Respelling, ...], texts: Sequence[str]) -> tuple[Respelling, ...]:
    """Return the respellings with each meant word as the passages write it (العائد, not the folded العايد).

    A passage's word with the same letters once folded is taken first, then one with the same keyword token
    (the same stem); a meant word the passages do not show stays as it was made.
    """
    by_letters: dict[str, str] = {}
    by_token: dict[str, str] = {}
    for text in texts:
        for word in _ARABIC_WORD.findall(clean(text)):
            by_letters.setdefault(fold_letters(word), word)
            by_token.setdefault(keyword_token(word), word)
    return tuple(
        Respelling(
            change.written,
            by_letters.get(fold_letters(change.meant)) or by_token.get(keyword_token(change.meant), change.meant),
        )
        for change in changes
    )


def _most_held_variant(word: str, idf: IdfStats) -> str | None:
    """Return the one-letter variant of a word whose keyword token the most passages hold, if any holds one."""
    by_token: dict[str, str] = {}  # many variants share a token (a folded letter, a clitic): each is looked up once
    for variant in sorted(_one_letter_variants(word)):
        if len(variant) >= MIN_RESPELT_LETTERS:
            by_token.setdefault(keyword_token(variant), variant)
    best, best_count = None, 0
    for token, variant in by_token.items():
        count = idf.doc_freq(token)
        if count > best_count:
            best, best_count = variant, count
    return best


def _one_letter_variants(word: str) -> set[str]:
    """Return the words one letter dropped, added, changed or two neighbours swapped away from `word`."""
    variants = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        variants.update(head + letter + tail for letter in _LETTERS)
        if tail:
            variants.add(head + tail[1:])
            variants.update(head + letter + tail[1:] for letter in _LETTERS)
        if len(tail) > 1:
            variants.add(head + tail[1] + tail[0] + tail[2:])
    variants.discard(word)
    return variants
