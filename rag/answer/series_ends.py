"""The end of a series a question asks for ("آخر برنامج قدمه", "the first woman to …"), and whether a sentence
marks that member: among the closest sentences about a presenter's programmes, the one that says which was his
last ("وكان آخر ما قدم … البرنامج الحواري “ليطمئن قلبي”") answers "what was his last programme?", not the one
listing the programmes he made his name with.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.query.analysis import Query
from rag.resources import load_table, load_words
from rag.text.arabic import ARABIC_STOPWORDS_FOLDED, matching_text

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_ENGLISH_WORD = re.compile(r"[a-z]+")
_CLITICS = ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل", "ف")
# Words after which "آخر" still leads its noun ("ما اسم آخر برنامج"): after a content word it follows its noun and
# means "another" ("كم مفاعلاً يابانياً آخر").
_LEADING_AFTER = frozenset({"اسم", "ماهو", "ماهي"})
_OTHER = "اخر"  # آخر, folded
_WITH_ARTICLE = ("ال", "وال", "بال", "فال", "لل")


@lru_cache(maxsize=1)
def _ends() -> dict[str, frozenset[str]]:
    """Return each English end word → the Arabic forms that mark it."""
    return {
        english: frozenset(form.strip() for form in arabic.split("|") if form.strip())
        for english, arabic in load_table("series_ends.tsv").items()
    }


def _bare(word: str) -> set[str]:
    """Return a folded Arabic word as written and without one leading clitic or the article.

    "آخر" means "last" only leading its noun ("آخر برنامج"), never with the article: "الاسم الآخر" is the other name.
    """
    bare = {word[len(clitic) :] for clitic in _CLITICS if word.startswith(clitic) and len(word) > len(clitic) + 2}
    if word.startswith(_WITH_ARTICLE):
        bare.discard(_OTHER)
    return ({word} - {"ال" + _OTHER}) | bare


def asked_ends(query: Query) -> frozenset[str]:
    """Return the Arabic forms of the series end the question asks for ("the last", "آخر", "أول"), or none."""
    ends = _ends()
    if query.language == "en":
        words = _ENGLISH_WORD.findall(query.text.lower())
        times = load_words("time_nouns.txt")
        asked = {
            word
            for word, after in zip(words, [*words[1:], ""], strict=True)
            if word in ends and after not in times and after.removesuffix("s") not in times  # not "last week"
        }
        return frozenset().union(*(ends[word] for word in asked))
    words = _ARABIC_WORD.findall(matching_text(query.text).folded)
    found: set[str] = set()
    for index, word in enumerate(words):
        before = words[index - 1] if index else ""
        if word == _OTHER and before and before not in _LEADING_AFTER and before not in ARABIC_STOPWORDS_FOLDED:
            continue  # "مفاعلاً آخر": another reactor, not the last one
        for end in ("first", "last"):  # an Arabic question names either end by the words of its row
            if _bare(word) & ends[end]:
                found |= ends[end]
    return frozenset(found)


def marks_end(sentence: str, forms: frozenset[str]) -> bool:
    """Return whether a sentence holds one of the forms that mark the asked end of a series."""
    return any(_bare(word) & forms for word in _ARABIC_WORD.findall(matching_text(sentence).folded))
