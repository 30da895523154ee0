"""What a question asks for, read from its form: who / when / where / number / list / yes-no / fact.

The kind decides what an answer must contain (a date for "when", a number for "how many")
and how it is laid out (one line per story for a list). Only the question's wording is
read: its interrogative, and for "which/what X" questions the noun X (a person, a place,
a time, or a plural asking for several items).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.resources import load_table, load_words
from rag.text.arabic import clean, fold_letters

WHO, WHEN, WHERE, NUMBER, LIST, YES_NO, FACT = "who", "when", "where", "number", "list", "yes-no", "fact"
KINDS = (WHO, WHEN, WHERE, NUMBER, LIST, YES_NO, FACT)
COUNTRY, SETTLEMENT = "country", "settlement"  # the kinds of place a "which X" question may ask for

_LEADING_CONJUNCTION = re.compile(r"^\s*(and|but|so|also|then)\b[\s,]*", re.IGNORECASE)
_EN_NUMBER = re.compile(
    r"\bhow (many|much|old|long|far|big|large|high|often)\b|\bwhat (percentage|percent|share|proportion|number)\b"
    r"|\bby what (percentage|margin|amount)\b|\bby how much\b|\bto how many\b"
    r"|\b(what|which) ([\w'’-]+ ){0,4}(yield|price|rate|level|amount|sum|toll|total|figure|score|size|value"
    r"|cost|profit|revenue|budget|salary|population|capacity|loss|debt|age|height|distance|death toll)\b",
    re.IGNORECASE,
)
_EN_WHEN = re.compile(
    r"^\s*(when|since when|from when|until when|by when)\b|\bwhen\b",
    re.IGNORECASE,
)
_EN_WHO = re.compile(r"^\s*(who|whom|whose)\b|\b(by whom|to whom|whose)\b", re.IGNORECASE)
_EN_WHERE = re.compile(r"^\s*where\b|\bwhere (is|was|are|were|did|does|do|will|has|had)\b", re.IGNORECASE)
_EN_WHICH = re.compile(r"\b(which|what)\s+", re.IGNORECASE)
_EN_NAME_OF = re.compile(r"\bname of\s+", re.IGNORECASE)
_PHRASE_WORDS = 5
_COPULA = re.compile(r"^(is|was|are|were)\s+", re.IGNORECASE)
_BOUNDARY_WORDS = frozenset(
    """is was are were did does do has had have will would can could should been be the a an in on at of for from
    to by with about near after before since during that who which whom whose when where and or
    lies lie holds hold runs stands sits belongs remains leads owns hosts borders links connects contains
    includes produces plays lives works""".split()
)
_EN_COUNTED_PLURAL = re.compile(r"\b(which|what|name|list)\s+(two|three|four|five|both|all)\b", re.IGNORECASE)
_EN_LIST_VERB = re.compile(r"^\s*(list|name|enumerate)\b|\b(name|list) (all|every|each)\b", re.IGNORECASE)
_EN_YES_NO = re.compile(r"^\s*(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.IGNORECASE)
_NOT_PLURAL = re.compile(r"(ss|us|is|ics|news|series|species)$")

_AR_LEAD = r"^\s*[وف]?"
_AR_NUMBER = re.compile(
    r"(^|\s)[وف]?(كم|بكم)(\s|$)|(^|\s)[وف]?(ما|وما)\s+(عدد|مقدار|حجم|قيمة|نسبة|مجموع|المبلغ|مبلغ|عمر|سعر|حصيلة)(\s|$)"
    r"|للمرة\s+الكم|(^|\s)(أقصى|اقصى|أدنى|ادنى)\s|الحد\s+(الأدنى|الادنى|الأقصى|الاقصى)"
)
_AR_WHEN = re.compile(
    _AR_LEAD + r"متى|منذ\s+متى|(في|من|منذ|حتى|إلى|الى)\s+(أي|اي)\s+(تاريخ|يوم|عام|سنة|شهر|وقت)"
    r"|(ما|وما)\s+(هو\s+)?(التاريخ|تاريخ|اليوم|يوم|موعد)(\s|$)|(أي|اي)\s+(تاريخ|يوم\s+من\s+الأسبوع)"
)
# "In which year …?", "في أي عام …؟": the answer may be a year standing alone ("أولمبياد 2008").
_EN_YEAR = re.compile(r"\b(which|what) year\b|\bwhat year\b|\bin what year\b", re.IGNORECASE)
_AR_YEAR = re.compile(
    r"(^|\s)[وفب]?(أي|اي|بأي)\s+(عام|سنة|سنه)(\s|$)|(عام|سنة)\s+كم(\s|$)"
    r"|(^|\s)[وف]?ما\s+(هو\s+|هي\s+)?(العام|السنة)\s+(الذي|التي)"
)
_AR_WHERE = re.compile(_AR_LEAD + r"(أين|اين)(\s|$)|(^|\s)(إلى|الى|من)\s+(أين|اين)(\s|$)")
_AR_WHO = re.compile(_AR_LEAD + r"(من|مَن)\s+(هو|هي|هم|الذي|التي|الذين)?")
_AR_WHICH_NOUN = re.compile(r"(^|\s)[وفبل]?(أي|اي|بأي|بأيّ|لأي|وأي|فأي)\s+(\S+)")
_AR_WHAT_NOUN = re.compile(_AR_LEAD + r"(ما|ماذا|ماهي|ما\s+هي|ما\s+هو|ما\s+هما)\s+(\S+)")
_AR_LIST_VERB = re.compile(_AR_LEAD + r"(اذكر|أذكر|عدّد|عدد|سمّ|سم|اسرد)\s+(ال|أسماء|اسماء|كل|جميع)")
_AR_YES_NO = re.compile(_AR_LEAD + r"(هل|أهل)(\s|$)")
_AR_PLURAL_ENDINGS = ("ات", "ين", "ون", "يين")
_AR_NAME_OF = re.compile(r"(^|\s)(اسم|إسم)\s+(\S+)")
_AR_DUAL = re.compile(r"(^|\s)(اسما|إسما|أسماء|اسماء)(\s|$)")


@lru_cache(maxsize=1)
def _nouns() -> dict[str, frozenset[str]]:
    """Return the nouns that make a "which X" question ask for a person, a place or a time."""
    return {
        WHO: load_words("person_nouns.txt"),
        WHERE: load_words("place_nouns.txt"),
        WHEN: load_words("time_nouns.txt"),
        "ar-" + WHO: load_words("person_nouns_ar.txt"),
        "ar-" + WHERE: load_words("place_nouns_ar.txt"),
        "ar-plural": load_words("plural_nouns_ar.txt"),
        NUMBER: load_words("quantity_nouns.txt"),
        "neutral": frozenset({"kind", "type", "sort", "variety", "name", "brand", "form", "part", "piece"}),
    }


# "On what date …?", "في أي تاريخ …؟": a day is asked for (or a weekday the article dates), not a month or a year.
_EN_DATE = re.compile(r"\b(?:which|what) date\b|\bthe date\b", re.IGNORECASE)
_AR_DATE = re.compile(r"(^|\s)[وفب]?(?:أي|اي|بأي|ما|وما)\s+(?:هو\s+)?(?:ال)?تاريخ(\s|$)")


def asks_date(question: str) -> bool:
    """Return whether a question asks for a date, a day of the month ("On what date …?", "في أي تاريخ …؟")."""
    return bool(_EN_DATE.search(question) or _AR_DATE.search(question))


# "On which day of the week …?", "في أي يوم من أيام الأسبوع …؟": a weekday is asked for, which the text names.
_EN_WEEKDAY = re.compile(r"\bday of the week\b|\b(?:which|what) weekday\b", re.IGNORECASE)
_AR_WEEKDAY = re.compile(r"(?:أي|اي)\s+يوم\s+من\s+(?:أيام\s+|ايام\s+)?(?:الأسبوع|الاسبوع)")


def asks_weekday(question: str) -> bool:
    """Return whether a question asks which day of the week something happened."""
    return bool(_EN_WEEKDAY.search(question) or _AR_WEEKDAY.search(question))


# "What was the name of the hotel …?", "Under what operation name …?", "ما اسم البرنامج …؟": a name is asked for.
_EN_NAME = re.compile(
    r"\bname of\b|\bwhat (?:\w+ )?name\b|\bcalled what\b|\bwhat (?:was|is) (?:it|the [\w-]+(?: \w+)?) called\b",
    re.IGNORECASE,
)
_AR_NAME = re.compile(r"(^|\s)[وفب]?(?:ما|بأي|باي|وما)\s+(?:هو\s+|هي\s+)?(?:اسم|إسم|الاسم|الإسم|مسمى)(\s|$)")


def asks_name(question: str) -> bool:
    """Return whether a question asks for the name of something ("What was the name of the hotel …?")."""
    return bool(_EN_NAME.search(question) or _AR_NAME.search(question))


# "ما هي حرب أكتوبر؟", "من هو عادل الجبير؟", "What is the Hajj?": a question that names a thing or a person and asks
# what or who it is. Its answer is what the text says the term is, the predicate after "هو" / "هي". Only a bare term
# counts: "ما هي الحدود في الشمال؟", "ما هو الحزب الذي يرأسه …؟" and "من هو الملقب بعزيز مصر؟" ask about something else.
_AR_DEFINITION = re.compile(
    r"^\W*[وف]?(?:(?:ما|من|مَن)\s*(?:هو|هي|هى|هما|هم)|(?:ما|ماهو|ماهي|ماهى|ما\s+هو|ما\s+هي)\s+(?:تعريف|معنى|معني))"
    r"\s+(?P<term>[^؟?]+)"
)
_EN_DEFINITION = re.compile(r"^\W*(?:what|who)\s+(?:is|are|was|were)\s+(?P<term>[^?]+)", re.IGNORECASE)
_NOT_BARE = re.compile(
    r"(?<!\S)(?:الذي|التي|الذين|اللذين|اللتين|ما|في|من|على|عن|إلى|الى|مع|بين|عند|خلال|بعد|قبل|حسب"
    r"|of|in|on|at|for|to|from|by|with|about|that|which|who|whom|whose|when|where|after|before|during|according"
    r"|الملقب|الملقبة|المعروف|المعروفة|المسمى|المسماة|called|named|known)(?!\S)"
    r"|(?<!\S)(?:بال|لل)\S+",  # a joined preposition: "ترجمة السيدا بالإنجليزية", "الأعراض المشابهة للوسواس"
    re.IGNORECASE,
)
# An Arabic full name runs long ("محمد علي باشا المسعود بن إبراهيم آغا القوللي", eight words): at five, "who is" that
# name was not taken for a definition question and its answer cut to the name's clauses, not the ones after "هو"
# (arcd-train per question 491 → 492 of 693 at eight; news-dev did not move).
MAX_DEFINED_WORDS = 8


def asks_definition(question: str) -> bool:
    """Return whether a question asks what a bare term is or who one is ("ما هو الإيدز؟", "Who is Adel al-Jubeir?")."""
    match = _AR_DEFINITION.match(question) or _EN_DEFINITION.match(question)
    if match is None:
        return False
    term = match.group("term").strip()
    return 0 < len(term.split()) <= MAX_DEFINED_WORDS and not _NOT_BARE.search(term) and not asks_name(question)


# "Which active volcano …?", "Under what operation name …?": an English question that asks which thing, which news
# often names in quotes after its noun (بركان «ساكوراجيما»). Not "what was …", "what did …", which ask other things.
_EN_WHICH_THING = re.compile(
    r"^\s*(?:(?:in|at|on|under|from|to|with|by|of|for|near)\s+)?(?:which|what)\s+"
    r"(?!(?:is|was|are|were|did|does|do|has|had|have|will|would|can|could|happened|caused)\b)[a-z]",
    re.IGNORECASE,
)


def asks_which_thing(question: str) -> bool:
    """Return whether an English question asks which thing ("Which active volcano lies near the reactor?")."""
    return bool(_EN_WHICH_THING.search(question))


_AR_NAME_NOUNS = re.compile(r"(?:اسم|إسم|الاسم|الإسم|مسمى)\s+(\S+)(?:\s+(\S+))?")


def asked_name_nouns(question: str) -> frozenset[str]:
    """Return the folded words, without the article, after "اسم" in an Arabic question: what it asks the name of
    ("ما اسم آخر برنامج قدمه" → آخر, برنامج)."""
    found = _AR_NAME_NOUNS.search(clean(question))
    if not found:
        return frozenset()
    return frozenset(fold_letters(word).removeprefix("ال") for word in found.groups() if word)


# "للمرة الكم …؟", "ما ترتيب الهند …؟", "الرئيس رقم كم …؟", "What rank …?": a place in an order is asked for, which
# news writes as an ordinal ("للمرة السابعة", "سابع أكبر بلد").
_EN_RANK = re.compile(r"\bwhat (?:rank|ranking|position)\b|\bhow-?manyth time\b", re.IGNORECASE)
_AR_RANK = re.compile(
    r"(?:للمرة|المرة|المرتبة|المركز|الرقم|رقم)\s+(?:ال)?كم(\s|$|[؟?])"
    r"|(^|\s)[وف]?(?:ما|ماهو|ماهي)\s+(?:هو\s+|هي\s+)?(?:ترتيب|مرتبة|مركز)(\s|$)|(^|\s)(?:في\s+|ب)?(?:أي|اي)\s+(?:مرتبة|مركز)(\s|$)"
)


def asks_rank(question: str) -> bool:
    """Return whether a question asks for a place in an order, answered by an ordinal ("للمرة الكم …؟")."""
    return bool(_EN_RANK.search(question) or _AR_RANK.search(clean(question)))


# "What was the final score of the match …?", "بأي نتيجة انتهت مباراة …؟": a match's result is asked for, which only a
# score answers ("3-صفر", "بهدفين مقابل هدف"). The result of an election or a study is not a score.
_EN_SCORE = re.compile(r"\b(?:result|scoreline)s?\b|\b(?:the|final|what)\s+score\b", re.IGNORECASE)  # not "to score"
_EN_MATCH = re.compile(
    r"\b(?:match|game|final|cup|derby|league|tie|versus|vs|beat|beaten|defeated|drew|draw|lost to|won against)\b",
    re.IGNORECASE,
)
_AR_SCORE = re.compile(r"(?:^|\s)[وفب]?(?:ال)?نتيج(?:ه|ة)")
_AR_MATCH = re.compile(r"(?:مباراه|مباراة|لقاء|نهائي|كاس|كأس|مواجهه|مواجهة|ديربي|دوري|فوز|فاز|تغلب|خسار|خسر|تعادل|هزم)")


def asks_score(question: str) -> bool:
    """Return whether a question asks for the result of a match, which a score answers."""
    english = _EN_SCORE.search(question) and _EN_MATCH.search(question)
    return bool(english or (_AR_SCORE.search(question) and _AR_MATCH.search(question)))


def asks_year(question: str) -> bool:
    """Return whether a question asks for a year ("In which year …?", "في أي عام …؟")."""
    return bool(_EN_YEAR.search(question) or _AR_YEAR.search(question))


def question_kind(question: str, language: str) -> str:
    """Return what the question asks for: one of KINDS."""
    if language == "ar":
        return _arabic_kind(clean(question).strip())
    return _english_kind(_LEADING_CONJUNCTION.sub("", question).strip())


def _english_kind(text: str) -> str:
    if _EN_LIST_VERB.search(text) or _EN_COUNTED_PLURAL.search(text):
        return LIST
    if _EN_NUMBER.search(text):
        return NUMBER
    noun_kind = _english_noun_kind(text)
    if noun_kind == LIST:
        return LIST
    if _EN_WHO.search(text):
        return WHO
    return noun_kind or _first_kind(text, ((_EN_WHERE, WHERE), (_EN_WHEN, WHEN), (_EN_YES_NO, YES_NO))) or FACT


def _first_kind(text: str, checks: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    """Return the kind of the first pattern, in the order given, that the text holds."""
    return next((kind for pattern, kind in checks if pattern.search(text)), None)


def _english_noun_kind(text: str) -> str | None:
    """Return the kind a "which/what X" or "the name of X" question asks for by its head noun X, if X says it."""
    nouns = _nouns()
    for match in _EN_WHICH.finditer(text):
        rest = _COPULA.sub("", text[match.end() :], count=1)
        found = _head_kind(_noun_phrase(rest), nouns)
        if found:
            return found
    name_of = _EN_NAME_OF.search(text)
    if name_of and any(word in nouns[WHO] for word in _noun_phrase(text[name_of.end() :])):
        return WHO
    return None


def place_kind(question: str, language: str) -> str | None:
    """Return the kind of place (COUNTRY or SETTLEMENT) a "which X" question's noun X asks for, if it says.

    "Which country dismissed …", "With which country's government …", "To which city …", "أي مدينة …", "ما الدولة …".
    """
    kinds = load_table("place_noun_kinds.tsv")
    if language == "ar":
        text = clean(question)
        for match in (*_AR_WHICH_NOUN.finditer(text), *_AR_WHAT_NOUN.finditer(text)):
            noun = match.group(match.lastindex or 0)
            found = kinds.get(noun[2:] if noun.startswith("ال") else noun)
            if found:
                return found
        return None
    text = _LEADING_CONJUNCTION.sub("", question).strip()
    for match in _EN_WHICH.finditer(text):
        for word in reversed(_noun_phrase(_COPULA.sub("", text[match.end() :], count=1))):
            for form in _singulars(_bare_noun(word)):  # "In which countries …" asks for countries too
                if form in kinds:
                    return kinds[form]
    return None


@lru_cache(maxsize=1)
def _designators() -> dict[str, frozenset[str]]:
    """Return each English noun of a kind of named place → the folded Arabic nouns written before such names."""
    return {
        english: frozenset(fold_letters(form.strip()) for form in arabic.split("|") if form.strip())
        for english, arabic in load_table("place_designators.tsv").items()
    }


def place_designators(question: str, language: str) -> frozenset[str]:
    """Return the folded Arabic nouns of the kind of named place a "which X" / "أي X" question asks for: "At which
    stadium …?" → ملعب, استاد, ستاد; "في أي محافظة …" → محافظه. Empty when its noun names no such kind."""
    table = _designators()
    if language == "ar":
        text = clean(question)
        for match in (*_AR_WHICH_NOUN.finditer(text), *_AR_WHAT_NOUN.finditer(text)):
            noun = fold_letters(match.group(match.lastindex or 0))
            noun = noun[2:] if noun.startswith("ال") else noun
            # "أي مقاطعة" is answered by "إقليم فوجيان" too: every noun of a kind the asked noun names
            kinds = [forms for forms in table.values() if noun in forms]
            if kinds:
                return frozenset().union(*kinds)
        return frozenset()
    text = _LEADING_CONJUNCTION.sub("", question).strip()
    for match in _EN_WHICH.finditer(text):
        for word in reversed(_noun_phrase(_COPULA.sub("", text[match.end() :], count=1))):
            for form in _singulars(_bare_noun(word)):
                if form in table:
                    return table[form]
    return frozenset()


def _bare_noun(word: str) -> str:
    """Return an English noun without a possessive ending: "country's" → "country"."""
    return re.sub(r"['’]s$", "", word)


def list_item_kind(question: str, language: str) -> str | None:
    """Return what each item of a list question is (WHO, WHERE, WHEN or NUMBER) when its plural head noun says so.

    "Which two candidates …" lists people, "In which foreign cities …" places, "On which dates …" times, "What were
    the closing levels …" quantities;
    "أسماء …" / "ما اسما …" names people, "ما المدن …" places.
    """
    if language == "ar":
        if _AR_DUAL.search(clean(question)):
            return WHO
        return WHERE if place_kind(question, language) else None  # "ما المدن التي …", "في أي الدول …"
    nouns = _nouns()
    text = _LEADING_CONJUNCTION.sub("", question).strip()
    for match in _EN_WHICH.finditer(text):
        words = _noun_phrase(_COPULA.sub("", text[match.end() :], count=1))
        if not words:
            continue
        for form in _singulars(words[-1]):
            for kind in (WHO, WHERE, WHEN, NUMBER):
                if form in nouns[kind]:
                    return kind
    return None


def _singulars(word: str) -> list[str]:
    """Return the forms an English plural noun may have in the singular (cities → city, places → place)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _head_kind(words: list[str], nouns: dict[str, frozenset[str]]) -> str | None:
    """Return LIST for a plural head noun, else the kind of the nearest known noun, reading back from the head."""
    if not words:
        return None
    if _is_plural(words[-1]) and words[-1] not in nouns[WHEN]:
        return LIST
    for word in reversed(words):
        if word in nouns["neutral"]:
            return None
        for kind in (WHEN, WHERE, WHO):
            if _bare_noun(word) in nouns[kind]:
                return kind
    return None


def _noun_phrase(text: str) -> list[str]:
    """Return the words of the noun phrase a text starts with (up to a verb, preposition or article)."""
    words = []
    for raw in re.findall(r"[\w'-]+", text.lower())[:_PHRASE_WORDS]:
        if words and (raw in _BOUNDARY_WORDS or raw.endswith("ed")):
            break
        if raw in ("the", "a", "an") and not words:
            continue
        if raw in _BOUNDARY_WORDS:
            break
        words.append(raw)
    return words


def _is_plural(word: str) -> bool:
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not _NOT_PLURAL.search(word) and not word.endswith("'s")


def _arabic_kind(text: str) -> str:
    stated = _first_kind(
        text, ((_AR_LIST_VERB, LIST), (_AR_DUAL, LIST), (_AR_NUMBER, NUMBER), (_AR_WHEN, WHEN), (_AR_WHERE, WHERE))
    )
    if stated:
        return stated
    nouns = _nouns()
    for match in (*_AR_WHICH_NOUN.finditer(text), *_AR_WHAT_NOUN.finditer(text), *_AR_NAME_OF.finditer(text)):
        noun = match.group(match.lastindex or 0)
        bare = noun[2:] if noun.startswith("ال") else noun
        if noun in nouns["ar-plural"] or (
            noun.startswith("ال") and bare.endswith(_AR_PLURAL_ENDINGS) and len(bare) > 4
        ):
            return LIST
        if bare in nouns["ar-" + WHO] or noun in nouns["ar-" + WHO]:
            return WHO
        if bare in nouns["ar-" + WHERE] or noun in nouns["ar-" + WHERE]:
            return WHERE
    if _AR_WHO.match(text):
        return WHO
    if _AR_YES_NO.match(text):
        return YES_NO
    return FACT


# "at the end of July", "في نهاية يوليو": the question is dated by it; it does not ask when something ends.
_DATED_BY_END = re.compile(r"\b(?:at|by|before|until|towards?|in) the end of\b|(?:في|قبل|بحلول|حتي)\s+نهايه")


def asks_end(question: str) -> bool:
    """Return whether a "when" question asks only when something ends or ended ("متى تنتهي", "when did he die"),
    not when it starts ("when does it begin and end?" asks the start first)."""
    words = load_table("span_words.tsv")
    said = _DATED_BY_END.sub(" ", fold_letters(question.lower()))
    asked = {
        words.get(word) or words.get(word[1:]) if word[:1] in "وف" else words.get(word)
        for word in re.findall(r"[\w']+", said)
    }
    return "end" in asked and "start" not in asked
