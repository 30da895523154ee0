"""Publication dates: month names in three traditions, any digits, no guessed years."""

from __future__ import annotations

import pytest

from rag.ingest.dates import dateline, find_date, parse_date, url_date

LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]  # fmt: skip
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
            "ديسمبر"]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_levantine_and_egyptian_month_names_give_the_same_date(month: int) -> None:
    expected = f"2024-{month:02d}-05"
    assert parse_date(f"5 {LEVANTINE[month - 1]} 2024") == expected
    assert parse_date(f"5 {EGYPTIAN[month - 1]} 2024") == expected
    assert parse_date(f"5 {LEVANTINE[month - 1]}/ {EGYPTIAN[month - 1]} 2024") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024.07.06 | 13:43 دمشق", "2024-07-06"),
        ("تاريخ النشر: 2nd, December 2024 GMT", "2024-12-02"),
        ("December 2, 2024", "2024-12-02"),
        ("15/3/2023", "2023-03-15"),
        ("٣ كانون الثاني ٢٠٢٤", "2024-01-03"),  # Arabic-Indic digits
        ("۱۲ اكتوبر ۲۰۲۳", "2023-10-12"),  # Persian digits, alef without hamza
        ("17 أيلول/ سبتمبر", "--09-17"),  # no year: none is guessed
        ("29 فبراير 2024", "2024-02-29"),
        ("29 فبراير", "--02-29"),
    ],
)
def test_parse_date_reads_numeric_and_named_dates(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31 شباط 2024", "31 نيسان", "29 فبراير 2023", "2024.13.01", "0 مايو 2024"])
def test_parse_date_rejects_days_that_do_not_exist(text: str) -> None:
    assert parse_date(text) is None


def test_dateline_accepts_a_date_stamp_but_not_a_sentence_with_a_date() -> None:
    assert dateline("2024.07.06 | 13:43 دمشق") == "2024-07-06"
    assert dateline("الخميس 5 أيلول 2024 - 10:30 ص") == "2024-09-05"
    assert dateline("وفي 8 كانون الأول/ ديسمبر 2024، دخلت قوات المعارضة إلى دمشق.") is None


def test_find_date_takes_today_not_dates_of_events_in_the_story() -> None:
    text = "عنوان\nونقل موقع الخليج، اليوم الخميس 17 أيلول/ سبتمبر عن مصادر.\nوفي 8 كانون الأول 2024 جرى شيء."
    assert find_date(text) == "--09-17"
    assert find_date("عنوان\nوفاز في انتخابات 18 كانون الأول/ديسمبر الجاري بولاية جديدة.") is None


def test_url_date_reads_dated_paths() -> None:
    assert url_date("/img/NewsGallery/2025/2/12/442278/FeaturedImage/x.webp") == "2025-02-12"
    assert url_date("/img/2025/2/31/x.webp") is None
    assert url_date("/img/gallery/x.webp") is None
