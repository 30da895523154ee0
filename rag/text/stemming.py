"""Stemmers for keyword analysis: each maps a cleaned, lower-cased Arabic word to its stem.

A stemmer sees the word before its letters are folded (`fold_letters` runs on the stem),
because the Snowball algorithm reads ة, أ and ى: ة ends a feminine noun, and folded to ه
it would be taken for a pronoun suffix. `bench/keyword_stemmers.py` measures each of them
as the keyword tokeniser on arcd-train and news-dev.
"""

from __future__ import annotations

import tantivy

# The article and conjunction clitics that most often stop a keyword from matching.
# Single letters other than و are left alone: ف, ب, ل begin too many stems.
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و")
# Tantivy's own Snowball Arabic stemmer (the rust-stemmers port of the Snowball algorithm),
# run on one word at a time: the raw tokenizer passes the word through whole.
_SNOWBALL = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.stemmer("arabic")).build()


def strip_clitic(word: str) -> str:
    """Return a word with one clitic prefix stripped, keeping a stem of 3+ letters (4+ after و)."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= (4 if prefix == "و" else 3):
            return word[len(prefix) :]
    return word


def snowball(word: str) -> str:
    """Return the Snowball Arabic stem of a word, as Tantivy's stemmer filter computes it."""
    stems = _SNOWBALL.analyze(word)
    return stems[0] if stems and stems[0] else word
