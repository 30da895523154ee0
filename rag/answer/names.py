"""Person names in an Arabic sentence, and their Latin spelling for English readers.

A name is a run of words each attested as a personal-name unit in `arabic-name-romanizer`'s
Wikidata-derived index (with the particles بن / عبد / أبو inside it), at least one of them a
common name. Names it cannot know (foreign leaders) come from `resources/foreign_names.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.resources import load_table, load_words
from rag.text.arabic import ARABIC_STOPWORDS_FOLDED, fold_letters, matching_text

_PARTICLES = frozenset({"بن", "ابن", "بنت", "عبد", "ابو", "ال", "ابي"})
# A unit seen this often in the name index is a name, not a word that happens to be one somewhere.
COMMON_NAME_COUNT = 20
# The other words of a name must be seen at least this often: a word seen once is as often a common noun that
# someone once bore ("مقتل أسد", the killing of a lion, read as a name), while a family name like المشنوق is seen twice.
MIN_UNIT_COUNT = 2
# Saudi news gives a name with its chain of fathers: "ماجد بن فهد بن فهيد السبيعي" is six words.
MAX_NAME_WORDS = 7
ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
# "Abd al-X" written as one word (عبدالعزيز, عبدالله), as Saudi news often writes it: the name index lists it
# as two units, so the joined form is taken as a common name unit of its own.
_JOINED_ABD = re.compile(r"^عبدال[\u0621-\u064a]{2,}$")
# "Abu X" written as one word (ابوزاهرة, ابوالغيط): a family name, as "ابو زاهرة" is; what follows ابو is a name
# whatever the index knows of it, as what follows بن is.
_JOINED_ABU = re.compile(r"^ابو[\u0621-\u064a]{3,}$")


@dataclass(frozen=True)
class Name:
    """A person's name as written in a sentence (its span) and its Latin spelling."""

    start: int
    end: int
    text: str
    latin: str


@lru_cache(maxsize=1)
def _index():
    try:
        from arabic_name_romanizer.api import default_resources_dir
        from arabic_name_romanizer.lookup import NameIndex
    except ImportError:  # the romanizer is a dependency; a broken install still answers, without names
        return None
    return NameIndex(default_resources_dir() / "names.sqlite3")


@lru_cache(maxsize=20_000)
def unit_count(token: str) -> int:
    """Return how often a folded Arabic word is attested as a personal-name unit (0 when never)."""
    index = _index()
    if index is None:
        return 0
    from arabic_name_romanizer.normalize import lookup_key

    return sum(variant.count for variant in index.lookup_unit(lookup_key(token)))


@lru_cache(maxsize=4096)
def romanise(name: str) -> str:
    """Return the usual Latin spelling of an Arabic name (a known foreign spelling first)."""
    folded = " ".join(fold_letters(name).split())
    foreign = load_table("foreign_names.tsv")
    if folded in foreign:
        return foreign[folded]
    try:
        from arabic_name_romanizer import transliterate
    except ImportError:
        return ""
    known = foreign | load_table("romanizer_corrections.tsv")
    parts = [known.get(word) for word in folded.split()]
    if all(parts):
        return " ".join(part for part in parts if part)
    latin = str(transliterate(name))
    # A word whose spelling is known keeps it inside a longer name ("سلطان بن عبدالعزيز" → "Sultan bin Abdulaziz").
    for word, part in zip(folded.split(), parts, strict=True):
        wrong = str(transliterate(word)) if part else ""
        if wrong and wrong != part:
            latin = re.sub(rf"\b{re.escape(wrong)}\b", part, latin)
    return latin


def words_before(sentence: str, start: int, count: int) -> list[str]:
    """Return the last `count` Arabic words of a sentence before `start`, folded: what introduces a name there."""
    return ARABIC_WORD.findall(matching_text(sentence[:start]).folded)[-count:]


@lru_cache(maxsize=1)
def _ordinals() -> frozenset[str]:
    """Return the one-word Arabic ordinals without the article (اول, ثاني), folded."""
    return frozenset(
        word.removeprefix("ال") for word in load_table("ordinals.tsv") if word.startswith("ال") and " " not in word
    )


@lru_cache(maxsize=1)
def person_titles() -> frozenset[str]:
    """Return the folded words that introduce a name in news (roles, ranks, honorifics), with and without ال."""
    words = {fold_letters(word) for word in load_words("person_nouns_ar.txt") | load_words("titles_ar.txt")}
    return frozenset(words | {"ال" + word for word in words if not word.startswith("ال")})


def find_names(sentence: str, skip: frozenset[str] = frozenset(), *, titled: bool = False) -> list[Name]:
    """Return the person names in a sentence, in reading order; words in `skip` (the question's) end a name.

    With `titled`, only names that a role, rank or honorific introduces ("قائد الفرقة العقيد نديم الحسن")
    count: a run of name-like words elsewhere is too often a phrase (الحياة البرية) or a byline.
    """
    folded = matching_text(sentence)
    foreign = load_table("foreign_names.tsv")
    tokens = [(match.start(), match.end(), match.group()) for match in ARABIC_WORD.finditer(folded.folded)]
    names = []
    index = 0
    while index < len(tokens):
        run = _name_run(tokens, index, skip, foreign, folded.folded)
        if run and titled and not any(token in person_titles() for _, _, token in tokens[max(index - 3, 0) : index]):
            run = 0
        if run:
            first, last = tokens[index][0], tokens[index + run - 1][1]
            start, end = folded.original_span(first, last)
            text = sentence[start:end]
            names.append(Name(start, end, text, romanise(text)))
            index += run
        else:
            index += 1
    return names


# "عن عمر ناهز 46 عاما": before a verb of age_verbs_ar.txt this word is "age", not the given name Omar.
_AGE = "عمر"


def _is_age(word: str, following: list[tuple[int, int, str]]) -> bool:
    return word == _AGE and bool(following) and following[0][2] in load_words("age_verbs_ar.txt")


def _name_run(
    tokens: list[tuple[int, int, str]], index: int, skip: frozenset[str], foreign: dict[str, str], text: str
) -> int:
    """Return how many tokens from `index` form a name (0 when none starts there); a name does not run across
    punctuation ("السبيعي -رحمه الله-")."""
    words = [token for _, _, token in tokens[index : index + MAX_NAME_WORDS]]
    for offset, (_, end, _) in enumerate(tokens[index : index + len(words) - 1]):
        if text[end : tokens[index + offset + 1][0]].strip():
            words = words[: offset + 1]
            break
    if not words or words[0] in _PARTICLES - {"ابو", "عبد"} or words[0] in skip:
        return 0
    for size in range(len(words), 0, -1):
        if " ".join(words[:size]) in foreign:
            return size
    if words[0].startswith("ال") or words[0] in _ordinals():  # no given name takes the article, nor is a rank's
        return 0  # "first" ("الجندي أول يحيى")
    size = 0
    strong = False
    for position, word in enumerate(words):
        if word in skip or word in ARABIC_STOPWORDS_FOLDED or word in person_titles():
            break
        if _is_age(word, tokens[index + position + 1 : index + position + 2]):
            break
        if word in _PARTICLES:
            size += 1
            continue
        count = COMMON_NAME_COUNT if _JOINED_ABD.match(word) else unit_count(word)
        after_particle = size > 0 and words[size - 1] in _PARTICLES - {"ال"}
        if count < MIN_UNIT_COUNT and not (after_particle or _JOINED_ABU.match(word)):
            break
        strong = strong or count >= COMMON_NAME_COUNT
        size += 1
    while size and words[size - 1] in _PARTICLES:
        size -= 1
    return size if size >= 2 and strong else 0
