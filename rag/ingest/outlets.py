"""The outlet that published a news text, when the text names it in a byline, credit or tag."""

from __future__ import annotations

import re

# Outlets common in Arabic news, so that a bare name on a header line is recognised.
KNOWN_OUTLETS = frozenset(
    """الجزيرة
    الجزيرة نت
    العربية
    العربية نت
    سكاي نيوز عربية
    بي بي سي عربي
    فرانس 24
    دويتشه فيله
    الأناضول
    وكالة الأناضول
    رويترز
    سانا
    الميادين
    المنار
    عنب بلدي
    تلفزيون سوريا
    طيف بوست
    زمان الوصل
    الشرق الأوسط
    القدس العربي
    العربي الجديد
    روسيا اليوم
    RT عربي
    سبوتنيك
    الأهرام
    اليوم السابع
    المصري اليوم
    الخليج الجديد
    عكاظ
    إرم نيوز
    قناة اليمن اليوم
    سبأ
    وفا
    İLKHA
    إيلكا""".split("\n")
)
KNOWN_OUTLETS = frozenset(name.strip() for name in KNOWN_OUTLETS)

# Datelines name the outlet and the city it reports from: `تلفزيون سوريا ـ إسطنبول`.
DATELINE_CITIES = frozenset(
    """إسطنبول اسطنبول دمشق حلب إدلب ادلب حمص درعا الرقة دير الزور القامشلي غازي عنتاب أنقرة انقرة بيروت
    عمان عمّان القاهرة الإسكندرية الرياض جدة الدوحة دبي أبوظبي المنامة الكويت مسقط بغداد أربيل صنعاء عدن
    طرابلس تونس الجزائر الرباط الخرطوم القدس غزة رام الله طهران موسكو واشنطن نيويورك لندن باريس برلين
    بروكسل جنيف وكالات متابعات خاص""".split()
)

_DASH = r"[ـ–—-]"
_SOURCE_LABEL = re.compile(r"^\s*(?:المصدر|مصدر الخبر|Source)\s*[:：\-–]\s*(?P<name>.+?)\s*$", re.IGNORECASE)
_EDITORIAL_BYLINE = re.compile(rf"^\s*(?P<name>.+?)\s*{_DASH}\s*(?:فريق\s+)?(?:التحرير|تحرير)\s*$")
_DATELINE = re.compile(rf"^\s*(?P<name>.+?)\s+{_DASH}\s*(?P<place>[^ـ–—-]+?)\s*$")
# An agency tag closing a paragraph: `... من سوريا. (İLKHA)`. Latin capitals only:
# Arabic parentheses at the end of a sentence usually name the subject, as in `(حماس)`.
_AGENCY_TAG = re.compile(r"\((?P<name>[A-ZİĞÜŞÖÇ][A-ZİĞÜŞÖÇa-z0-9.\- ]{1,24})\)\s*[.،]?\s*$")
_OUTLET_PREFIX = re.compile(r"^(?:موقع|صحيفة|جريدة|وكالة|قناة|شبكة)\s+")

_HEAD_LINES = 10
_MAX_LINE = 120  # bylines are short; longer lines are story text
_MAX_NAME_WORDS = 5


def source_line(line: str) -> tuple[str, bool] | None:
    """Return (outlet, is_attribution) when a whole line is a byline or source credit, else None.

    `is_attribution` is True for `المصدر: X`, which credits where one story came
    from rather than naming the site that shows it.
    """
    text = line.strip().strip("\u00a0")
    if not text or len(text) > _MAX_LINE:
        return None
    label = _SOURCE_LABEL.match(text)
    if label:
        name = _clean_name(label.group("name"))
        return (name, True) if name else None
    byline = _EDITORIAL_BYLINE.match(text)
    if byline:
        name = _clean_name(byline.group("name"))
        return (name, False) if name else None
    dateline = _DATELINE.match(text)
    if dateline:
        name = _clean_name(dateline.group("name"))
        place = dateline.group("place").strip()
        if name and (place in DATELINE_CITIES or _is_known(name)):
            return name, False
    if _is_known(_clean_name(text) or ""):
        return _clean_name(text), False
    return None


def agency_tag(paragraph: str) -> str | None:
    """Return the agency named by a Latin tag in parentheses ending a paragraph, or None."""
    match = _AGENCY_TAG.search(paragraph[-60:])
    return match.group("name").strip() if match else None


def find_source(text: str) -> tuple[str, bool] | None:
    """Return (outlet, is_attribution) for the outlet a news text names, or None.

    Looks for a `المصدر:` credit on any short line, a byline or dateline among the
    first lines, then an agency tag ending a paragraph.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines:
        if _SOURCE_LABEL.match(line[: _MAX_LINE + 20]):
            found = source_line(line)
            if found:
                return found
    for line in lines[:_HEAD_LINES]:
        found = source_line(line)
        if found:
            return found
    for line in lines:
        tag = agency_tag(line)
        if tag:
            return tag, False
    return None


def _clean_name(name: str) -> str | None:
    """Return an outlet name without surrounding punctuation, or None if it is not name-like."""
    name = name.strip().strip("\u00a0").strip(" .،:|\"'“”«»")
    if not name or len(name.split()) > _MAX_NAME_WORDS or any(mark in name for mark in ".؟?!"):
        return None
    return name


def _is_known(name: str) -> bool:
    """Return whether a name is a known outlet, with or without a `موقع`/`قناة` prefix."""
    return name in KNOWN_OUTLETS or _OUTLET_PREFIX.sub("", name) in KNOWN_OUTLETS
