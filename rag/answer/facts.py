"""Typed facts in an Arabic sentence: dates (Gregorian, Hijri, numeric, weekdays) and numbers with their units.

Each fact carries its span in the sentence as written, its value for comparison, and an English
rendering (English month names, Western digits, Hijri dates also given in Gregorian when they can
be converted). The patterns run over the folded matching form (`rag.text.arabic.matching_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rag.answer.fact_patterns import (
    BEFORE_COMMON_ERA,
    GREGORIAN_ERAS,
    HIJRI_ERAS,
    WORD_EDGE_AFTER,
    WORD_EDGE_BEFORE,
    alternation,
    fact_patterns,
    load_table,
)
from rag.query.measures import unit_class
from rag.text.arabic import ARABIC_STOPWORDS_FOLDED, MatchingText, matching_text

DATE, NUMBER, IDENTIFIER, NAME = "date", "number", "identifier", "name"
_PERIODS = {
    "مطلع": "early",
    "اوائل": "early",
    "بدايه": "early",
    "منتصف": "mid",
    "اواسط": "mid",
    "اواخر": "late",
    "نهايه": "late",
}
GREGORIAN_MONTHS = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class Fact:
    """A date, number or quoted name found in a sentence: where it is, what it says, how to say it in English."""

    kind: str  # DATE, NUMBER, IDENTIFIER (a number that names: a telephone, a resolution, a model) or NAME
    start: int  # span in the original sentence
    end: int
    text: str  # as written
    english: str  # a NAME's is its transliteration, given only where a question asks for it (asked_facts)
    # The unit words, as written, that the first figure of a range shares with its second ("من 18 إلى 21 عامًا"):
    # they stand after the second figure only, so they are not in the span.
    shared: str = ""

    @property
    def written(self) -> str:
        """Return the fact as an Arabic reader is told it: as written, with a range's shared unit ("18 عامًا")."""
        return f"{self.text} {self.shared}" if self.shared else self.text


def find_dates(sentence: str) -> list[Fact]:
    """Return the dates written in a sentence, longest first where two overlap, in reading order."""
    return list(_dates_in(sentence))


# An answer reads a sentence's dates several times (for its facts, a dateline, the months and years a question pins),
# and the same sentences come up for question after question about a story.
@lru_cache(maxsize=8192)
def _dates_in(sentence: str) -> tuple[Fact, ...]:
    folded = matching_text(sentence)
    patterns = fact_patterns()
    found: list[tuple[int, int]] = []
    for name in ("textual", "numeric", "month_year", "this_month", "weekday", "lone_month", "year"):
        for match in patterns[name].finditer(folded.folded):
            if not any(start < match.end() and match.start() < end for start, end in found):
                found.append((match.start(), match.end()))
    facts = [_date_fact(folded, start, end) for start, end in sorted(found)]
    return tuple(fact for fact in facts if fact is not None)


# "أمس" (yesterday) and "اليوم" (today) ending a clause ("تحطمت طائرة ... اليوم ."), in the folded form: the report's
# date dates them. "اليوم" before a word is mostly a day's name ("اليوم الوطني") or a weekday, which `find_dates`
# reads; "حتى اليوم" (until today) dates nothing.
_RELATIVE_DAY = re.compile(
    r"(?<![\w])(?P<yesterday>(?:اول\s+)?امس(?:\s+الاول)?)(?![\w])|(?<![\w])(?P<today>اليوم)(?=\s*(?:[.،,؛]|$))"
)
_UNTIL = frozenset({"حتي", "الي", "منذ"})


def find_relative_days(sentence: str) -> list[Fact]:
    """Return "أمس" and a clause-final "اليوم" as facts whose English ("yesterday", "today") the report's date
    turns into a date (`rag.answer.weekdays.dated_relative_day`)."""
    folded = matching_text(sentence)
    facts = []
    for match in _RELATIVE_DAY.finditer(folded.folded):
        before = folded.folded[: match.start()].split()[-1:]
        if match.group("today") and set(before) & _UNTIL:
            continue
        words = match.group().split()
        english = "the day before yesterday" if len(words) > 1 else "yesterday" if match.group("yesterday") else "today"
        start, end = folded.original_span(match.start(), match.end())
        facts.append(Fact(DATE, start, end, sentence[start:end], english))
    return facts


_BARE_YEAR = re.compile(r"(?<![\d.,/٫٬])(1[0-9]\d\d|20\d\d)(?![\d%٪]|[.,/٫٬]\d)")


# A name news sets in quotes or brackets: a programme (برنامج "ليطمئن قلبي"), an operation (عملية «السهم الذهبي»),
# an aircraft (“اينولا غاي”). A few words, with Arabic letters; a long quotation is someone's words, not a name.
_QUOTED = re.compile(r"«([^«»]+)»|“([^“”]+)”|\"([^\"]+)\"|\(([^()]+)\)")
MAX_NAME_WORDS = 4


def find_quoted_names(sentence: str) -> list[Fact]:
    """Return the short spans a sentence sets in quotes or brackets, the names news writes that way."""
    facts = []
    for match in _QUOTED.finditer(sentence):
        index = next(group for group in range(1, 5) if match.group(group) is not None)
        text = match.group(index).strip()
        if not re.search(r"[\u0621-\u064a]", text) or not 1 <= len(text.split()) <= MAX_NAME_WORDS:
            continue
        if re.search(r"[،,؛;:.!?؟]", text):  # "بناءة، مهنية، وذات مغزى": words quoted, not a name
            continue
        start = match.start(index) + (len(match.group(index)) - len(match.group(index).lstrip()))
        facts.append(Fact(NAME, start, start + len(text), text, ""))
    return facts


def find_years(sentence: str) -> list[Fact]:
    """Return the years written alone in a sentence ("أولمبياد 2008"), for a question that asks which year.

    `find_dates` takes a bare number for a year only after عام or سنة: elsewhere it is as often a count.
    """
    folded = matching_text(sentence)
    facts = []
    for match in _BARE_YEAR.finditer(folded.folded):
        start, end = folded.original_span(match.start(), match.end())
        facts.append(Fact(DATE, start, end, sentence[start:end], match.group(1)))
    return facts


# Two years in brackets joined by a dash, after a name: a life's ("ابن خلدون (1332 - 1406م)") or a reign's. An era
# mark after the second year is both years'.
_BRACKETED_YEARS = re.compile(r"\(\s*(\d{3,4})\s*(?:م|هـ?)?\s*[-–—]\s*(\d{3,4})\s*(?:م|هـ?)?\s*\)")


def find_bracketed_years(sentence: str) -> list[Fact]:
    """Return the two years of each bracketed span of years in a sentence, the earlier first.

    Neither is marked by عام or سنة, yet they date the span's start and end (when he was born, when he died) as
    surely as the full dates a bracket after a name more often gives.
    """
    folded = matching_text(sentence)
    facts = []
    for match in _BRACKETED_YEARS.finditer(folded.folded):
        first, second = int(match.group(1)), int(match.group(2))
        if first >= second:
            continue
        span = sentence[slice(*folded.original_span(match.start(), match.end()))]
        for group, year in ((1, first), (2, second)):
            start, end = folded.original_span(match.start(group), match.end(group))
            facts.append(Fact(DATE, start, end, sentence[start:end], _lone_year(year, span)))
    return facts


@lru_cache(maxsize=1)
def _ordinal_words() -> tuple[re.Pattern[str], dict[str, int], dict[int, str]]:
    """Return the pattern of the one-word Arabic ordinals in lexical form, with or without the article and with a
    teen's عشر after them ("الثانية عشرة"); each one's value; and the English ordinal words by value."""
    values = {
        words.removeprefix("ال"): int(value)
        for words, value in load_table("ordinals.tsv").items()
        if words.startswith("ال") and " " not in words and int(value) <= 10  # "العشرين" reads as "عشرين", a count
    }
    pattern = re.compile(
        WORD_EDGE_BEFORE
        + r"(?:[وب]|لل)?(?P<ordinal>(?:ال)?(?P<word>"
        + alternation(list(values))
        + r")(?:\s+(?P<teen>عشر|عشره))?)"
        + WORD_EDGE_AFTER
    )
    english = {int(value): word for word, value in load_table("ordinals_en.tsv").items()}
    return pattern, values, english


def find_ordinals(sentence: str) -> list[Fact]:
    """Return the ordinals of a sentence ("للمرة السابعة", "سابع أكبر بلد", "الثاني عشر"), not the days of dates."""
    folded = matching_text(sentence)
    pattern, values, english = _ordinal_words()
    dates = [(fact.start, fact.end) for fact in find_dates(sentence)]
    facts = []
    for match in pattern.finditer(folded.folded):
        start, end = folded.original_span(match.start("ordinal"), match.end("ordinal"))
        if any(a < end and start < b for a, b in dates):
            continue
        value = values[match.group("word")] + (10 if match.group("teen") else 0)
        facts.append(Fact(NUMBER, start, end, sentence[start:end], english.get(value) or _ordinal(value)))
    return facts


# Words a dateline carries beside its date: "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس".
# No dateline has more words of letters than this: the longest date ("يوم الثلاثاء 26 شوال 1436 هـ الموافق 11 أغسطس
# 2015 م") has under a dozen, a dateline two more (on news-dev's answers the longest had 7).
DATELINE_MAX_WORDS = 24
_DATELINE_WORDS = frozenset({"الموافق", "هـ", "ه", "م", "واس", "يوم", "بتاريخ", "في"})
_LETTERS_WORD = re.compile(r"[^\W\d_]{2,}")


def is_dateline(sentence: str) -> bool:
    """Return whether a sentence is only a dateline or byline: a date and at most two other words (a city, a name)."""
    if len(_LETTERS_WORD.findall(sentence)) > DATELINE_MAX_WORDS:
        return False  # read before the dates, which are the cost: every sentence of every passage is asked
    dates = find_dates(sentence)
    if not dates and not re.search(r"\d{4}-\d\d-\d\d", sentence):
        return False
    rest = sentence
    for fact in sorted(dates, key=lambda item: -item.start):
        rest = rest[: fact.start] + " " + rest[fact.end :]
    rest = re.sub(r"\d{4}-\d\d-\d\d(?:\s+\d\d:\d\d(?::\d\d)?)?", " ", rest)
    words = [word for word in _LETTERS_WORD.findall(rest) if word not in _DATELINE_WORDS]
    return len(words) <= 2


# How many words before a number the noun it numbers may stand, its label counted: "قرار مجلس الأمن رقم 2235".
IDENTIFIED_REACH = 4
_LETTERS = re.compile(r"[\u0621-\u064a]+")


def _identified_noun(before: str) -> str | None:
    """Return the English word for the noun a number names ("Resolution" for "قرارا يحمل رقم", "Article" for
    "المادة (66)"), if known: English news writes it before the number ("Resolution 2235")."""
    nouns = load_table("identified_nouns.tsv")
    for word in reversed(_LETTERS.findall(before)[-IDENTIFIED_REACH:]):
        bare = word.removeprefix("و").removeprefix("ال")
        for form in (bare, bare.removesuffix("ا")):  # "قرارا": the accusative's alef
            if form in nouns:
                return nouns[form]
    return None


def find_numbers(sentence: str) -> list[Fact]:
    """Return the quantities in a sentence (digits or number words, with scale and unit when given)."""
    folded = matching_text(sentence)
    patterns = fact_patterns()
    dates = [(fact.start, fact.end) for fact in find_dates(sentence)]
    facts = []
    for name in ("number", "spelled", "counted", "dual"):
        for match in patterns[name].finditer(folded.folded):
            if name == "counted" and match.group("noun") in ARABIC_STOPWORDS_FOLDED:
                continue  # "خمس على …": no noun counted
            start, end = folded.original_span(match.start(), match.end())
            if any(a < end and start < b for a, b in dates) or any(f.start < end and start < f.end for f in facts):
                continue
            if name == "number" and patterns["label_before"].search(folded.folded[: match.start()][-12:]):
                digits = re.match(r"\d+", match.group())
                if digits:
                    end = start + len(digits.group())
                    noun = _identified_noun(folded.folded[: match.start()]) or "No."
                    facts.append(Fact(IDENTIFIER, start, end, sentence[start:end], f"{noun} {digits.group()}"))
                    continue
            english = _number_english(match.group(), name)
            if not english:
                continue
            if name != "dual":
                first, last, english = _qualified(folded, _opened(folded.folded, match), match.end(), english)
                start, end = folded.original_span(first, last)
            facts.append(Fact(NUMBER, start, end, sentence[start:end], english))
    return _ranges(_compounds(sorted(facts, key=lambda fact: fact.start), sentence), sentence)


# A range's two figures: "من 18 إلى 21 عامًا", "18-21 عامًا", "بين 5 و10 ملايين" ("and" only after "between": "300
# ألف و 20 ألف معتمر" is two figures of their own).
_RANGE_TO = re.compile(r"\s*[)»\"”]?\s*(?:إلى|الى|حتى|-|–|—)\s*[(«\"“]?\s*")
_RANGE_AND = re.compile(r"\s*[)»\"”]?\s*و\s*[(«\"“]?\s*")
_BETWEEN_BEFORE = re.compile(r"(?:^|\s)بين\s*[(«\"“]?\s*$")
_BARE_FIGURE = re.compile(r"[(«\"“]?\s*[\d٠-٩][\d٠-٩.,ر]*\s*[)»\"”]?")
_LEADING_FIGURE = re.compile(r"^(?:[a-z]+ )*?[\d.,]+")
_WRITTEN_FIGURE = re.compile(r"^\D*?[\d٠-٩][\d٠-٩.,ر]*\s*[)»\"”]?\s*")


def _ranges(facts: list[Fact], sentence: str) -> list[Fact]:
    """Return the facts with the first figure of a range given the scale and unit written after the second only:
    "من 18 إلى 21 عامًا" is 18 years to 21 years, "بين 1.5 و2 مليار ريال" 1.5 billion riyals to 2 billion. A bare
    figure read alone would answer "how old" or "how much" with a number of nothing."""
    shared = list(facts)
    for index, (first, second) in enumerate(pairwise(facts)):
        if not (first.kind == second.kind == NUMBER and _BARE_FIGURE.fullmatch(first.text)):
            continue
        between = sentence[first.end : second.start]
        if not (
            _RANGE_TO.fullmatch(between)
            or (_RANGE_AND.fullmatch(between) and _BETWEEN_BEFORE.search(sentence[: first.start]))
        ):
            continue
        figure = _LEADING_FIGURE.match(second.english)
        written = _WRITTEN_FIGURE.match(second.text)  # a second figure spelled out ("خمسة آلاف") is not split
        if not (figure and written):
            continue
        unit_english = second.english[figure.end() :]
        unit_written = second.text[written.end() :].strip()
        if unit_english.strip() and unit_written:
            shared[index] = replace(first, english=first.english + unit_english, shared=unit_written)
    return shared


# "11 ألفًا و 679.70 نقطة", "751 ألفًا و991 سهمًا": thousands, then "and" the rest, as wires write long figures.
_THOUSANDS_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3})*,000")
_REST_ENGLISH = re.compile(r"(\d{1,3}(?:\.\d+)?)((?! (?:thousand|million|billion)\b)(?: \D.*)?)")
_AND = re.compile(r"\s*و\s*")


def _compounds(facts: list[Fact], sentence: str) -> list[Fact]:
    """Return the facts with "N thousand and M" read as one number (11,679.70 points), where nothing larger
    ("15 مليونا و 555 ألفا و 853") comes before the thousands: a figure read in part would be a wrong one."""
    merged: list[Fact] = []
    for fact in facts:
        last = merged[-1] if merged else None
        rest = _REST_ENGLISH.fullmatch(fact.english)
        if (
            last is not None
            and last.kind == fact.kind == NUMBER
            and _THOUSANDS_ENGLISH.fullmatch(last.english)
            and _AND.fullmatch(sentence[last.end : fact.start])
            and rest is not None
            and not _AND.search(sentence[max(0, last.start - 3) : last.start])
        ):
            whole = int(last.english.replace(",", "")) + int(rest.group(1).split(".")[0])
            fraction = rest.group(1).partition(".")[2]
            english = f"{whole:,}" + (f".{fraction}" if fraction else "") + rest.group(2)
            merged[-1] = Fact(NUMBER, last.start, fact.end, sentence[last.start : fact.end], english)
            continue
        merged.append(fact)
    return merged


_OPENING = {"»": "«", ")": "(", '"': '"', "”": "“"}


def _opened(text: str, match: re.Match[str]) -> int:
    """Return where a quantity starts, taking in the quote or bracket that opens it when the match took the one
    that closes it ("«17» يوماً", "( 343 ) دائرة")."""
    start = match.start()
    closing = next((mark for mark in _OPENING if mark in match.group()), None)
    before = text[:start].rstrip()
    if closing and before.endswith(_OPENING[closing]):
        return len(before) - 1
    return start


@lru_cache(maxsize=1)
def _qualifier_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Return the patterns of the words that qualify a quantity before and after it, and their English."""
    table = load_table("number_qualifiers.tsv")
    english = {" ".join(key.split()): value.removesuffix("+").strip() for key, value in table.items()}
    before = [key for key, value in table.items() if not value.endswith("+")]
    after = [" ".join(key.split()) for key, value in table.items() if value.endswith("+")]
    return (
        re.compile(rf"{WORD_EDGE_BEFORE}({alternation(before)})\s+$"),
        re.compile(rf"^\s+({alternation(after)}){WORD_EDGE_AFTER}"),
        english,
    )


def _qualified(folded: MatchingText, start: int, end: int, english: str) -> tuple[int, int, str]:
    """Return a quantity's span and English widened by a qualifier next to it ("نحو 140 ألف" → "about 140,000")."""
    before, after, words = _qualifier_patterns()
    found_before = before.search(folded.folded[max(0, start - 20) : start])
    if found_before:
        start -= len(found_before.group())
        return start, end, f"{words[' '.join(found_before.group(1).split())]} {english}"
    found_after = after.search(folded.folded[end : end + 20])
    if found_after:
        return start, end + found_after.end(), f"{words[' '.join(found_after.group(1).split())]} {english}"
    return start, end, english


def _date_fact(folded: MatchingText, start: int, end: int) -> Fact | None:
    text = folded.folded[start:end]
    english = date_english(text)
    if not english:
        return None
    first, last = folded.original_span(start, end)
    while last < len(folded.original) and folded.original[last] == "\u0640":  # the tatweel of هـ
        last += 1
    return Fact(DATE, first, last, folded.original[first:last], english)


def date_english(text: str) -> str | None:
    """Return the English form of a folded Arabic date expression ("3 August 2015", "Tuesday", "26 Shawwal 1436 AH")."""
    months = load_table("months.tsv")
    weekdays = load_table("weekdays.tsv")
    ordinals = load_table("ordinals.tsv")
    parts = []
    for name, english in weekdays.items():
        if re.search(_whole_word(name), text):
            parts.append(english)
            break
    numeric = re.search(r"(\d{1,4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,4})", text)
    if numeric:
        first, middle, last = (int(group) for group in numeric.groups())
        day, month, year = (last, middle, first) if first > 31 else (first, middle, last)
        parts.append(_calendar_date(day, month, year, hijri=1300 <= year < 1600))
        return " ".join(part for part in parts if part) or None
    month_value = None
    month_at = len(text)
    for name in sorted(months, key=len, reverse=True):
        found = re.search(_whole_word(name), text)
        if found and found.start() < month_at:
            month_value, month_at = months[name], found.start()
    year_match = re.search(r"(?<!\d)(1\d\d\d|20\d\d)(?!\d)", text) or _MARKED_YEAR.search(text)
    year = int(next(group for group in year_match.groups() if group)) if year_match else None
    day = None
    head = text[:month_at]
    digits = re.search(r"(?<!\d)(\d{1,2})(?!\d)", head)
    if digits:
        day = int(digits.group(1))
    else:
        for word, value in sorted(ordinals.items(), key=lambda item: -len(item[0])):
            if re.search(_whole_word(word), head):
                day = int(value)
                break
    if month_value is None and day is not None and re.search(r"(?<![\w])الشهر(?![\w])", text):
        parts.append(f"{_ordinal(day)} of the month")
        return " ".join(parts)
    period = next((english for word, english in _PERIODS.items() if re.search(_whole_word(word), text)), "")
    if month_value is None:
        if year is not None:
            parts.append(f"{period} {_lone_year(year, text)}".strip())
        return " ".join(parts) or None
    if period:
        parts.append(period)
    if month_value.startswith("AH:"):
        _, number, english_month = month_value.split(":", 2)
        parts.append(_calendar_date(day, int(number), year, hijri=True, month_name=english_month))
    else:
        parts.append(_calendar_date(day, int(month_value), year, hijri=False))
    return " ".join(part for part in parts if part) or None


# A year of two to four figures after عام or سنة, or marked by its era: "عام 874", "61 هـ", "874م", "753 ق.م".
_MARKED_YEAR = re.compile(
    r"(?:(?<=عام )|(?<=سنه )|(?<=العام ))(\d{2,4})(?!\d)|(?<!\d)(\d{2,4})(?=م(?![\w])|\s*هـ?(?![\w]))"
    rf"|(?<!\d)(\d{{2,4}})(?=\s*{BEFORE_COMMON_ERA})"
)
_HIJRI_MARK = re.compile(rf"\d\s*(?:{HIJRI_ERAS})(?![\w])")
_CE_MARK = re.compile(rf"\d\s*(?:{GREGORIAN_ERAS})(?![\w])")
_BCE_MARK = re.compile(rf"\d\s*{BEFORE_COMMON_ERA}")


def _lone_year(year: int, text: str) -> str:
    """Return the English of a year standing alone: "1436 AH", "753 BC" or "2015"."""
    if _BCE_MARK.search(text):
        return f"{year} BC"
    return f"{year} AH" if _hijri_year(year, text) else str(year)


def _hijri_year(year: int, text: str) -> bool:
    """Return whether a year standing alone is Hijri: marked هـ, or unmarked in the range news gives Hijri years
    in (1300-1599: "عام 1436"), where "عام 1262" or "874م" is a Gregorian one."""
    if _HIJRI_MARK.search(text):
        return True
    return not _CE_MARK.search(text) and 1300 <= year < 1600


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _whole_word(phrase: str) -> str:
    """Return a pattern for a phrase standing as whole words (spaces matching any run of spaces)."""
    return WORD_EDGE_BEFORE + r"\s+".join(map(re.escape, phrase.split())) + WORD_EDGE_AFTER


def _calendar_date(day: int | None, month: int, year: int | None, *, hijri: bool, month_name: str = "") -> str:
    """Return "3 August 2015", or for a Hijri date "26 Shawwal 1436 AH (11 August 2015)" when it converts."""
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return ""
    if not hijri:
        return " ".join(str(part) for part in (day, GREGORIAN_MONTHS[month - 1], year) if part is not None)
    name = month_name or load_hijri_month(month)
    written = " ".join(str(part) for part in (day, name, year) if part is not None) + (" AH" if year else "")
    if day is None or year is None:
        return written
    try:
        from hijridate import Hijri

        gregorian = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return written
    return f"{written} ({gregorian.day} {GREGORIAN_MONTHS[gregorian.month - 1]} {gregorian.year})"


def load_hijri_month(month: int) -> str:
    """Return the English name of a Hijri month by number."""
    for value in load_table("months.tsv").values():
        if value.startswith(f"AH:{month}:"):
            return value.split(":", 2)[2]
    return ""


def _spelled_english(tokens: list[str], words: dict[str, str], scales: dict[str, str], units: dict[str, str]) -> str:
    """Return the English of a spelled-out quantity: "اثني عشر ألف" → "12,000", "مئتي ألف دولار" → "200,000 dollars"."""
    if not words.get(tokens[0], "").isdigit():
        return ""
    value = int(words[tokens[0]])
    rest = tokens[1:]
    if rest and rest[0] in ("عشر", "عشره"):
        value, rest = value + 10, rest[1:]
    multipliers = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
    while rest and scales.get(rest[0]) in multipliers:
        value, rest = value * multipliers[scales[rest[0]]], rest[1:]
    unit = units.get(rest[-1], "") if rest else ""
    return f"{value:,} {unit}".strip()


def _number_english(text: str, pattern: str) -> str:
    units = load_table("units.tsv")
    scales = load_table("scales.tsv")
    words = load_table("number_words.tsv")
    tokens = text.split()
    if pattern == "dual":
        token = tokens[0]
        for ending in ("تين", "يين", "ين", "ان"):
            if token.endswith(ending):
                stem = token[: -len(ending)]
                for singular in (stem, stem + "ه", stem + "ي"):
                    if singular in units and len(singular) > 2:
                        return f"two {units[singular]}"
        return ""
    if pattern in ("spelled", "counted"):
        return _spelled_english(tokens, words, scales, units)
    number = re.match(r"\d+(?:[.,]\d+)*", text)
    if not number:
        return ""
    value = number.group()
    if re.fullmatch(r"\d+,\d{1,2}", value):  # Arabic decimal comma: 22,82
        value = value.replace(",", ".")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", value):  # 1.384.941: dots that group thousands, as some papers write
        value = value.replace(".", ",")
    if re.fullmatch(r"\d{4,}(?:\.\d+)?", value):  # 1554 → 1,554; 8834.82 → 8,834.82
        whole, _, fraction = value.partition(".")
        value = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    rest = text[number.end() :].lstrip(' »)"”').split()
    scale = next((scales[word] for word in rest if word in scales), "")
    if scale == "thousand" and re.fullmatch(r"\d+", value.replace(",", "")):
        value, scale = f"{int(value.replace(',', '')) * 1000:,}", ""
    tail = " ".join(word for word in rest if word not in scales)
    unit = next((units[key] for key in sorted(units, key=len, reverse=True) if tail.startswith(key)), "")
    if "%" in text:
        unit = "%"
    elif re.fullmatch(r"\d{1,3}\.\d{3}", value) and not scale and unit_class(unit) == "people":
        value = value.replace(".", ",")  # "439.491 مقيمًا": people come whole, so the dot groups thousands
    english = " ".join(part for part in (value, scale) if part)
    return f"{english}%" if unit == "%" else " ".join(part for part in (english, unit) if part)
