"""Arabic normalisation for matching: the *clean* form (embedded) and the *lexical* form (keywords).

Both are applied identically to articles and questions. Displayed text is never
normalised; these forms exist only to make spellings that mean the same match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rag.text.stemming import strip_clitic

TATWEEL = "\u0640"

# Zero-width and bidi controls: invisible, but they split words for a tokenizer.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u00ad]")
# Harakat, tanween, shadda, sukun, superscript alef and Quranic annotation marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
# Web news hides sensitive words from filters as `مواجـ.ـهة` or `داعـ ـش`: a tatweel
# next to the break is the tell. Without one (`د.محمد`, `3.5`, `U.S.`) nothing changes. A break
# with a space in it needs a tatweel on both sides: one tatweel before a space ends a word, as
# in the Hijri mark (`1436 هـ الموافق`) or a dash drawn with it (`الرياض ـ واس`), and the
# word after it is another word (in the news-scale archive 2,743 such, against 5 obfuscations).
OBFUSCATION = re.compile(
    rf"(?<=[{_ARABIC_LETTER}])"
    rf"(?:{TATWEEL}+[.\s·•*_\-]*{TATWEEL}+|{TATWEEL}+[.·•*_\-]+|[.·•*_\-]+{TATWEEL}+)"
    rf"(?=[{_ARABIC_LETTER}])"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str) -> str:
    """Return `text` with Arabic-Indic and Persian digits written as ASCII digits; nothing else changes."""
    return text.translate(_DIGITS)


_PERSIAN = str.maketrans({"ی": "ي", "ې": "ي", "ک": "ك", "ڪ": "ك", "ە": "ه"})
_LEXICAL_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_ARABIC_CHAR = re.compile(f"[{_ARABIC_LETTER}]")
# Lower-casing İ (as in İLKHA) leaves a combining dot that would split the word.
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_LATIN_CHAR = re.compile("[A-Za-z]")
# Letters and numbers are separate tokens (و40 → و, 40); a decimal such as 89.6 stays whole.
_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?")

ARABIC_STOPWORDS = frozenset(
    """في من على الى إلى عن مع ان أن إن او أو ما ماذا لا لم لن هل قد كان كانت يكون هذا هذه ذلك تلك
    التي الذي الذين اللذين هو هي هم هن انت نحن كل بعد قبل بين حتى عند عندما اذا إذا ثم بل لكن كما
    ايضا أيضا فيه فيها به بها له لها منه منها عليه عليها اليه إليه اي أي كيف متى اين أين لماذا كم
    وقد وكان وفي ومن وعلى وهو وهي ولا وما او غير حيث خلال ضد دون الا إلا انه إنه أنه بان بأن و ف ب ل""".split()
)
ENGLISH_STOPWORDS = frozenset(
    """a an the and or of to in on at for from by with about as is are was were be been being do does
    did what which who whom whose when where why how that this these those it its he she they them his
    her their there than then into over after before during did not no yes has have had will would can
    could should may might i you we our your me my""".split()
)


def clean(text: str) -> str:
    """Return the matching form: NFKC, invisibles, tatweel and diacritics removed, digits ASCII."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = OBFUSCATION.sub("", text)
    text = text.replace(TATWEEL, "")
    text = _DIACRITICS.sub("", text)
    return text.translate(_PERSIAN).translate(_DIGITS)


def fold_letters(text: str) -> str:
    """Return text with hamza-carrying alefs, alef maqsura and ta marbuta folded for keyword matching."""
    return text.translate(_LEXICAL_LETTERS)


def light_stem(word: str) -> str:
    """Return a word with its letters folded and one clitic prefix stripped (the hand stemmer)."""
    return strip_clitic(fold_letters(word))


# The stemmer of keyword analysis, applied to each Arabic word before its letters are folded. Tantivy's Snowball
# Arabic stemmer (rag.text.stemming.snowball) ranks better by keywords alone (arcd-train R@1 0.717 against 0.701),
# but in the product's hybrid search it loses on news (news-dev R@1 Arabic 0.772 against 0.825, English 0.682
# against 0.750) and ties on arcd-train (0.723 against 0.717): see bench/keyword_stemmers.py and bench/RESULTS.md.
stem = light_stem


@lru_cache(maxsize=200_000)
def keyword_token(word: str) -> str:
    """Return the keyword token of a cleaned, lower-cased word: stemmed if Arabic, then its letters folded."""
    return fold_letters(stem(word) if _ARABIC_CHAR.match(word) else word)


def lexical_tokens(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Return the keyword tokens of a text: clean, lower-cased, stemmed, letters folded."""
    tokens = []
    for word in _WORD.findall(_LATIN_MARKS.sub("", clean(text).lower())):
        if drop_stopwords and (fold_letters(word) in ARABIC_STOPWORDS_FOLDED or word in ENGLISH_STOPWORDS):
            continue
        tokens.append(keyword_token(word))
    return tokens


def lexical(text: str) -> str:
    """Return the lexical form as one space-separated string."""
    return " ".join(lexical_tokens(text, drop_stopwords=False))


def detect_language(text: str) -> str:
    """Return "ar" when Arabic letters are at least as many as Latin ones, else "en"."""
    arabic = len(_ARABIC_CHAR.findall(text))
    latin = len(_LATIN_CHAR.findall(text))
    return "ar" if arabic >= latin and arabic > 0 else "en"


def is_arabic_token(token: str) -> bool:
    """Return whether a token starts with an Arabic letter."""
    return bool(_ARABIC_CHAR.match(token))


# Attached object and possessive pronouns: the question's هنّأ is the article's هنّأه, its رحلات a رحلاتها.
PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "كم", "نا")
# The article and the conjunctions and prepositions written onto a word, longest first.
CLITIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


# The one-letter proclitics the keyword stemmer leaves on a word (ب ل ف ك begin too many stems to strip from an
# indexed word), and the fewest letters a word keeps without one for the bare form to be looked for as well.
ONE_LETTER_PROCLITICS = ("ب", "ل", "ف", "ك")
MIN_BARE_LETTERS = 4
# The attached pronouns a question's word is also looked for without (longest first): not ه, which is also the folded
# ta marbuta ("مدرسه"), nor نا, which ends many words.
STRIPPED_PRONOUNS = ("هما", "ها", "هم", "هن", "كم")
MIN_STEM_LETTERS = 3


def keyword_forms(token: str) -> tuple[str, ...]:
    """Return a question's keyword token and the forms an article may write it in: without a one-letter proclitic
    (the question's "بلندن", in London, is the article's "لندن"), and without an attached pronoun, a ta marbuta
    restored ("رحلتها", her flight, is "رحله"; "مشوارها" is "مشوار").

    Narrower than `bare_forms`, which a word list is matched against: a keyword's forms are searched in every
    article, so ه (the folded ta marbuta too) and نا are not taken off, nor any letter from a short word. A form that
    is no word ("بيروت" → "يروت") matches nothing. On news-dev, searching and matching these forms raised
    Arabic R@1 from 0.86 to 0.91 (the proclitic 0.89, the pronoun 0.91, through the evidence reranker's coverage) and
    moved no other figure once "since when" questions took the date "منذ" opens (`rag.answer.since`); on arcd-train
    489 answers of 693 held the gold span before, 491 after. Proclitic-bare forms of three letters ("لعمر" → "عمر")
    cost arcd-train one answer and gained nothing.
    """
    if not is_arabic_token(token):
        return (token,)
    forms = [token]
    if token.startswith(ONE_LETTER_PROCLITICS) and len(token) - 1 >= MIN_BARE_LETTERS:
        forms.append(token[1:])
    suffix = next((suffix for suffix in STRIPPED_PRONOUNS if token.endswith(suffix)), "")
    if suffix and len(token) - len(suffix) >= MIN_STEM_LETTERS:
        stem = token[: -len(suffix)]
        forms.append(stem)
        if stem.endswith("ت"):  # the ta marbuta written open before the pronoun
            forms.append(stem[:-1] + "ه")
    return tuple(dict.fromkeys(forms))


def bare_forms(word: str) -> set[str]:
    """Return a folded word with the forms it has without a clitic prefix, an attached pronoun, or both, each of two
    letters at least: what a word list in lexical form is matched against ("وإصابة" → اصابه, "عمرها" → عمر)."""
    forms = {word} | {word[len(prefix) :] for prefix in CLITIC_PREFIXES if word.startswith(prefix)}
    forms |= {form[: -len(suffix)] for form in forms for suffix in PRONOUN_SUFFIXES if form.endswith(suffix)}
    return {form for form in forms if len(form) >= 2}


ARABIC_STOPWORDS_FOLDED = frozenset(fold_letters(word) for word in ARABIC_STOPWORDS)


@dataclass(frozen=True)
class MatchingText:
    """`folded` is a text cleaned, letter-folded and lower-cased; `origin[i]` is where folded[i] came from."""

    original: str
    folded: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the original text that folded[start:end] came from."""
        if start >= end or not self.origin:
            return (0, 0)
        return (self.origin[start], self.origin[end - 1] + 1)

    def original_text(self, start: int, end: int) -> str:
        """Return the original text behind folded[start:end]."""
        first, last = self.original_span(start, end)
        return self.original[first:last]


# An answer folds each candidate sentence for its dates, numbers, names, places and events, one reader after another:
# the last few thousand sentences are kept (a fold costs a pass over the characters). Longer texts (whole passages)
# are folded each time: their maps back, a number per character, would hold hundreds of megabytes in a long-lived page.
CACHED_FOLD_CHARS = 1000


def matching_text(text: str) -> MatchingText:
    """Return the folded form of a text (`clean`, `fold_letters`, lower case) with a map back to the original.

    Patterns run over the folded form find spans that can then be shown as written.
    """
    return _cached_fold(text) if len(text) <= CACHED_FOLD_CHARS else _fold(text)


@lru_cache(maxsize=2048)
def _cached_fold(text: str) -> MatchingText:
    return _fold(text)


def _fold(text: str) -> MatchingText:
    dropped: set[int] = set()
    for match in OBFUSCATION.finditer(text):
        dropped.update(range(match.start(), match.end()))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if index in dropped or char == TATWEEL or _INVISIBLE.match(char) or _DIACRITICS.match(char):
            continue
        for piece in unicodedata.normalize("NFKC", char):
            chars.append(fold_letters(piece.translate(_PERSIAN).translate(_DIGITS)).lower())
            origin.append(index)
    folded = _WIRE_NUMBER.sub(_wire_number, "".join(chars))  # same length: the map back still holds
    return MatchingText(original=text, folded=folded, origin=tuple(origin))


# Some wires write a decimal or a thousands group with ر between the digits, the whole part after it as stored:
# "3ر1 مليار" is 1.3 billion, "83ر51 دولار" 51.83 dollars, "000ر30" thirty thousand.
_WIRE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})ر(\d{1,3})(?![\d.,])")


def _wire_number(match: re.Match[str]) -> str:
    """Return "1.3" for "3ر1" and "30,000" for "000ر30": the same length, so spans map back unchanged."""
    part, whole = match.group(1), match.group(2)
    return f"{whole},{part}" if len(part) == 3 else f"{whole}.{part}"
