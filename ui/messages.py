"""The page's own sentences in English and Arabic, chosen by the question's language or the browser's.

Errors the library raises are written in English for the command line; the few a page user can cause
(a date the filter cannot read, a range that is empty) are recognised here and said again in Arabic.
"""

from __future__ import annotations

import re

from rag.ingest.outcome import IngestReport
from rag.text.arabic import detect_language

# A question longer than this is refused before it is sent: no news question needs more, and a pasted
# article would be echoed as a wall of text and search for everything at once.
MAX_QUESTION_CHARS = 1000

TEXT = {
    "en": {
        "too_long": "The question is {length:,} characters long; shorten it to {limit:,} or fewer and ask again.",
        "kept": " Your text is still in the box.",
        "bad_date": "The date {value} is not a date; write it as 2024, 2024-07 or 2024-07-06.",
        "empty_range": "The date range {low} to {high} is empty; the start must not be after the end.",
        "filtered_empty": "Nothing was found within the filters ({filters}): they leave out {excluded} of {total}.",
        "filter_caused": "Without the filters there is an answer: remove a filter above to see it.",
        "undated_excluded": "Articles without a full date cannot match a date filter and are left out ({count}).",
        "files": "Files",
        "upload_summary": "{articles} from {files}: {added} added, {unchanged} unchanged",
        "replaced": "{count} replaced",
        "rejected": "{count} rejected",
        "file": "file",
        "file_plural": "files",
        "no_answerer": "No language-model server was found (Ollama on port 11434, llama.cpp on port 8080, "
        "or RAG_LLM_BASE_URL); answers are quoted from the articles.",
        "answerers_found": "Found: {names}.",
        "outlet": "Outlet",
        "from": "From",
        "to": "To",
    },
    "ar": {
        "too_long": "طول السؤال {length} حرفاً؛ اختصره إلى {limit} حرف أو أقل ثم اسأل من جديد.",
        "kept": " نصّك ما زال في المربع.",
        "bad_date": "القيمة {value} ليست تاريخاً؛ اكتبها بالشكل 2024 أو 2024-07 أو 2024-07-06.",
        "empty_range": "نطاق التاريخ من {low} إلى {high} فارغ؛ يجب ألا تأتي البداية بعد النهاية.",
        "filtered_empty": "لم يُعثر على شيء ضمن التصفية ({filters}): فهي تستبعد {excluded} من أصل {total}.",
        "filter_caused": "توجد إجابة من دون التصفية: أزل أحد المرشحات أعلاه لتراها.",
        "undated_excluded": "المقالات التي بلا تاريخ كامل لا تطابق تصفية التاريخ فتُستبعد ({count}).",
        "files": "الملفات",
        "upload_summary": "{articles} من {files}: أُضيف {added}، ولم يتغير {unchanged}",
        "replaced": "استُبدل {count}",
        "rejected": "رُفض {count}",
        "file": "ملف",
        "file_plural": "ملفات",
        "no_answerer": "لم يُعثر على خادم نموذج لغوي (Ollama على المنفذ 11434، أو llama.cpp على المنفذ 8080، "
        "أو RAG_LLM_BASE_URL)؛ تُقتبس الإجابات من المقالات.",
        "answerers_found": "عُثر على: {names}.",
        "outlet": "المصدر",
        "from": "من",
        "to": "إلى",
    },
}

_BAD_DATE = re.compile(r"^The date '(.*)' is not a date;")
_EMPTY_RANGE = re.compile(r"^The date range (.*) to (.*) is empty;")
_ARABIC_LOCALE = re.compile(r"^\s*ar\b", re.IGNORECASE)


def language_of(question: str) -> str:
    """Return "ar" or "en": the language the page answers a question in."""
    return detect_language(question)


def browser_language(accept_language: str | None) -> str:
    """Return "ar" when the browser's first preferred language is Arabic, else "en"."""
    return "ar" if _ARABIC_LOCALE.match(accept_language or "") else "en"


def say(language: str, key: str, **values: object) -> str:
    """Return the page's sentence `key` in `language`, filled with `values`."""
    return TEXT[language if language in TEXT else "en"][key].format(**values)


def too_long(question: str, *, in_box: bool = False) -> str | None:
    """Return why a question is refused for its length, in its language, or None when it may be sent.

    `in_box`: the question was typed on the page, where it stays in the question box to be shortened.
    """
    if len(question) <= MAX_QUESTION_CHARS:
        return None
    language = language_of(question)
    refusal = say(language, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)
    return refusal + say(language, "kept") if in_box else refusal


def translated_error(message: str, language: str) -> str:
    """Return a library error in `language`: the filter errors a page user can cause are said in Arabic too."""
    if language != "ar":
        return message
    if match := _BAD_DATE.match(message):
        return say("ar", "bad_date", value=match.group(1))
    if match := _EMPTY_RANGE.match(message):
        return say("ar", "empty_range", low=match.group(1), high=match.group(2))
    return message


def count_of(count: int, language: str, singular: str, plural: str) -> str:
    """Return "1 article", "2 articles" (Arabic: "مقال واحد", "مقالان", "3 مقالات", "11 مقالاً")."""
    if language != "ar":
        return f"{count} {singular if count == 1 else plural}"
    words = {"article": ("مقال", "مقالان", "مقالات", "مقالاً"), "file": ("ملف", "ملفان", "ملفات", "ملفاً")}
    one, two, few, many = words["file" if singular == "file" else "article"]
    if count == 1:
        return f"{one} واحد"
    if count == 2:
        return two
    if 3 <= count % 100 <= 10:
        return f"{count} {few}"
    return f"{count} {many}"


def upload_summary(report: IngestReport, language: str) -> str:
    """Return an upload's one-line summary in `language`, with singular and plural as they should be."""
    articles = count_of(report.articles, language, "article", "articles")
    files = count_of(report.files, language, "file", "files")
    line = say(
        language,
        "upload_summary",
        articles=articles,
        files=files,
        added=report.articles_added,
        unchanged=report.articles_unchanged,
    )
    if report.articles_removed:
        line += ("، " if language == "ar" else "; ") + say(language, "replaced", count=report.articles_removed)
    if report.rejected:
        line += ("، " if language == "ar" else "; ") + say(language, "rejected", count=len(report.rejected))
    return line + "."
