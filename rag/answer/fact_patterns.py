"""The patterns that find dates and numbers in folded Arabic text, built from the data tables they read.

Tables are read with their Arabic keys folded the way `rag.text.arabic.matching_text` folds a sentence
(ئ → ي and the like), so a pattern and the sentence it runs over spell every word alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table as _load_table
from rag.resources import load_words
from rag.text.arabic import fold_letters

WORD_EDGE_BEFORE = r"(?<![\w])"
# The words that mark a year's era, in the folded form: "61 هـ", "874م", "سنة 61 للهجرة", "عام 632 ميلادية".
HIJRI_ERAS = "هـ|ه|للهجره|هجريه|هجري"
GREGORIAN_ERAS = "م|ميلاديه|ميلادي|للميلاد"
# A year before the Common Era, as history writing marks it: "753 ق.م", "2800 قبل الميلاد".
BEFORE_COMMON_ERA = r"(?:قبل\s+الميلاد|ق\s*\.\s*م|ق\s+م)(?![\w])"
_ERAS = f"{GREGORIAN_ERAS}|{HIJRI_ERAS}"
WORD_EDGE_AFTER = r"(?![\w])"


@lru_cache(maxsize=16)
def load_table(name: str) -> dict[str, str]:
    """Return a data table with its Arabic keys in the folded matching form (ئ → ي and the like)."""
    return {fold_letters(key): value for key, value in _load_table(name).items()}


def alternation(words: list[str]) -> str:
    """Return a regex alternation of words and phrases, longest first, a phrase's spaces matching any run of them."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def fact_patterns() -> dict[str, re.Pattern[str]]:
    """Return the compiled patterns by name: the date forms, then digits, spelled-out and dual quantities."""
    months = load_table("months.tsv")
    ordinals = load_table("ordinals.tsv")
    weekdays = load_table("weekdays.tsv")
    scales = load_table("scales.tsv")
    units = load_table("units.tsv")
    words = load_table("number_words.tsv")
    month = f"(?:{alternation(list(months))})"
    day = rf"(?:(?<![\d.,])\d{{1,2}}(?![\d.,])|{WORD_EDGE_BEFORE}(?:{alternation(list(ordinals))}){WORD_EDGE_AFTER})"
    year = r"(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?<!\d)(?:1\d\d\d|20\d\d)(?!\d)(?:\s*(?:هـ|ه|م)(?![\w]))?"
    textual = (
        rf"(?:(?:يوم\s+)?(?:{alternation(list(weekdays))})\s*،?\s*)?(?:{day})\s*(?:من\s+)?(?:شهر\s+)?"
        rf"{WORD_EDGE_BEFORE}{month}{WORD_EDGE_AFTER}(?:\s*[/(]\s*{month}\s*\)?)?(?:\s*،?\s*{year})?"
    )
    # Day/month/year either way round, with slashes or (as some outlets write them) hyphens: "1-11-1436 هـ".
    year4 = r"(?:1[34]|19|20)\d\d"
    numeric = (
        rf"(?<![\d/-])(?:\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{year4}|{year4}\s*/\s*\d{{1,2}}\s*/\s*\d{{1,2}}"
        rf"|\d{{1,2}}-\d{{1,2}}-{year4}|{year4}-\d{{1,2}}-\d{{1,2}})"
        r"(?![\d/-])(?:\s*(?:هـ|ه|م)(?![\w]))?"
    )
    # The part of a month or year a word marks ("مطلع سبتمبر 2015": early September), and "the first / last" of a
    # month ("أول سبتمبر"), which a year never follows.
    periods = r"(?:مطلع|منتصف|اواخر|اوائل|اواسط|نهايه|بدايه)"
    marks = rf"(?:{periods}|اول|اخر)"
    month_year = (
        rf"{WORD_EDGE_BEFORE}(?:{periods}\s+)?(?:شهر\s+)?{month}{WORD_EDGE_AFTER}(?:\s*\(\s*{month}\s*\))?\s+{year}"
    )
    weekday = rf"(?:يوم\s+)?{WORD_EDGE_BEFORE}(?:{alternation(list(weekdays))}){WORD_EDGE_AFTER}"
    # A month named alone ("early September"); not اب or صفر, which are also everyday words (father, zero).
    # One that is also a given name ("رجب طيب أردوغان") only after "شهر", a time word or a preposition ("في رجب").
    given = load_words("month_given_names_ar.txt")
    lone = [name for name in months if name not in ("اب", "صفر") and name not in given]
    prepositions = ("في", "من", "منذ", "خلال", "حتي", "قبل", "بعد")
    after_preposition = "|".join(
        f"(?<=(?<![\\w]){conjunction}{word} )" for word in prepositions for conjunction in ("", "و")
    )
    lone_month = (
        rf"{WORD_EDGE_BEFORE}(?:{marks}\s+)?(?:شهر\s+)?(?:{alternation(lone)}){WORD_EDGE_AFTER}"
        rf"|{WORD_EDGE_BEFORE}(?:{marks}\s+(?:شهر\s+)?|شهر\s+|{after_preposition})"
        rf"(?:{alternation(sorted(given))}){WORD_EDGE_AFTER}"
    )
    this_month = rf"(?:{day})\s+من\s+(?:الشهر|هذا\s+الشهر)\s*(?:الحالي|الجاري)?"
    unit = rf"(?:(?:{alternation(list(units))})ا?|%)"  # the accusative's alef too: "991 سهمًا", "20 طنا"
    # A number may stand in quotes or brackets before its scale or unit: "ولمدة «17» يوماً", "(5) ملايين", and wires
    # space them: "بـ ( 343 ) دائرة".
    closing = r"(?:\s*[»)\"”])?"
    number = (
        rf"(?<![\d.,/])\d+(?:[.,]\d+)*(?![\d/])(?:{closing}\s*(?:{alternation(list(scales))}){WORD_EDGE_AFTER})?"
        rf"(?:{closing}\s*(?:{unit}){WORD_EDGE_AFTER}|\s*%)?"
    )
    # Number words, a teen's عشر ("اثني عشر"), a scale ("ألف"), then a unit; without a unit the scale is needed.
    spelled_number = rf"{WORD_EDGE_BEFORE}(?:{alternation(list(words))})(?:\s+عشره?)?"
    scale_word = rf"(?:{alternation(list(scales))})"
    spelled = (
        rf"{spelled_number}(?:\s+{scale_word})?\s+(?:{unit}){WORD_EDGE_AFTER}"
        rf"|{spelled_number}\s+{scale_word}{WORD_EDGE_AFTER}"
    )
    # A number word of two or more before any indefinite noun counts it ("أربعة مواقع", "ثلاث جزر", "ثماني مرات"): the
    # noun need not be a known unit. Before a definite noun the same letters are a fraction ("خمس السكان", a fifth of
    # the population) or an adjective ("الدول الأربع"), so that noun may not take the article. On arcd-train answers
    # then hold the gold span 0.691 of the time instead of 0.678 ("كم موقع …" had only a sentence's other figures to
    # go by); news-dev's figures did not move.
    # A lone عشر is left out: after an ordinal it ends one ("الساعة الثانية عشر ظهرا", the twelfth hour).
    several = [word for word, value in words.items() if value.isdigit() and int(value) >= 2 and value != "10"]
    counted = (
        rf"{WORD_EDGE_BEFORE}(?:{alternation(several)})(?:\s+عشره?)?\s+"
        rf"(?!ال)(?!و?(?:{alternation(list(words) + list(scales))}){WORD_EDGE_AFTER})(?P<noun>[\u0621-\u064a]{{3,}})"
        rf"{WORD_EDGE_AFTER}"
    )
    dual = rf"{WORD_EDGE_BEFORE}\w{{2,}}(?:تين|يين|ين|ان){WORD_EDGE_AFTER}"
    return {
        "textual": re.compile(textual),
        "numeric": re.compile(numeric),
        "month_year": re.compile(month_year),
        "weekday": re.compile(weekday),
        "lone_month": re.compile(lone_month),
        "this_month": re.compile(this_month),
        # A year after عام or سنة ("عام 1262"; of two or three figures only with its era: "سنة 61 للهجرة"), or marked
        # as one after في or منذ ("في 874م", "منذ 61 هـ"); not "المؤشر العام 50 نقطة", nor "في 100 م" (metres).
        # A year marked as before the Common Era is one wherever it stands ("في 2800 قبل الميلاد").
        # A year a period word marks is one too ("في بداية 2006", "أواخر عام 2014"); each of two years the dual
        # "عامي" joins ("بين عامي 1805 إلى 1848") is not: a reign's span then reads as the date it began, and its
        # years are no longer the figures a "how long" question is answered from (arcd-train lost three answers).
        "year": re.compile(
            rf"{periods}\s+(?:(?:عام|سنه|العام)\s+)?"
            r"(?<![\d.,])(?:1\d\d\d|20\d\d)(?![\d.,%])(?:\s*(?:هـ|ه|م)(?![\w]))?"
            rf"|(?:(?:عام|سنه|العام)\s+)?(?<![\d.,])[1-9]\d{{1,3}}\s*{BEFORE_COMMON_ERA}"
            r"|(?:عام|سنه|العام)\s+(?<![\d.,])(?:1\d\d\d|20\d\d)(?![\d.,%])(?:\s*(?:هـ|ه|م)(?![\w]))?"
            rf"|(?:عام|سنه|العام)\s+(?<![\d.,])[1-9]\d{{1,2}}\s*(?:{_ERAS})(?![\w])"
            r"|(?:(?<=في )|(?<=منذ ))(?<![\d.,])[1-9]\d{1,3}(?:م|\s*هـ?)(?![\w])"
        ),
        "number": re.compile(number),
        "spelled": re.compile(spelled),
        "counted": re.compile(counted),
        "dual": re.compile(dual),
        # A label word just before a number: the number names something ("الرقم (922)"), see find_numbers.
        "label_before": re.compile(
            rf"{WORD_EDGE_BEFORE}(?:{alternation(sorted(load_words('identifier_words_ar.txt')))})\s*[(«\"':]?\s*$"
        ),
    }
