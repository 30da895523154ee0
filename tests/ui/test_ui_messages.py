"""The page's own sentences: the question's language, plurals, the filter errors a page user can cause."""

import pytest

from rag.errors import InputError
from rag.index.filters import SearchFilter
from rag.ingest.outcome import IngestReport
from ui import messages


def _error(**fields: str) -> str:
    with pytest.raises(InputError) as caught:
        SearchFilter(**fields).bounds()
    return str(caught.value)


def test_date_filter_errors_are_said_in_arabic_for_arabic_questions():
    bad = _error(date_from="أمس")
    empty = _error(date_from="2025", date_to="2024")

    assert messages.translated_error(bad, "en") == bad
    assert (
        messages.translated_error(bad, "ar") == "القيمة أمس ليست تاريخاً؛ اكتبها بالشكل 2024 أو 2024-07 أو 2024-07-06."
    )
    assert messages.translated_error(empty, "ar").startswith("نطاق التاريخ من 2025 إلى 2024 فارغ")


def test_a_long_question_is_refused_in_its_own_language():
    assert messages.too_long("ما الخبر؟") is None
    assert messages.too_long("x" * messages.MAX_QUESTION_CHARS) is None
    english = messages.too_long("What " * 1000)
    arabic = messages.too_long("ما الخبر " * 600)
    assert english and english.startswith("The question is 5,000 characters long; shorten it to 1,000")
    assert arabic and arabic.startswith("طول السؤال 5400 حرفاً")
    kept = messages.too_long("ما الخبر " * 600, in_box=True)
    assert kept == arabic + " نصّك ما زال في المربع."


@pytest.mark.parametrize(
    ("articles", "files", "language", "expected"),
    [
        (1, 1, "en", "1 article from 1 file: 1 added, 0 unchanged."),
        (3, 2, "en", "3 articles from 2 files: 1 added, 0 unchanged."),
        (1, 1, "ar", "مقال واحد من ملف واحد: أُضيف 1، ولم يتغير 0."),
        (2, 2, "ar", "مقالان من ملفان: أُضيف 1، ولم يتغير 0."),
        (5, 11, "ar", "5 مقالات من 11 ملفاً: أُضيف 1، ولم يتغير 0."),
    ],
)
def test_upload_summary_counts_in_singular_and_plural(articles, files, language, expected):
    report = IngestReport(files=files, articles=articles, articles_added=1)

    assert messages.upload_summary(report, language) == expected


def test_the_browser_language_decides_the_page_language():
    assert messages.browser_language("ar-SA,ar;q=0.9,en;q=0.8") == "ar"
    assert messages.browser_language("en-US,en;q=0.9,ar;q=0.8") == "en"
    assert messages.browser_language(None) == "en"
