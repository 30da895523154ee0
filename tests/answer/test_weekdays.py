"""A weekday named in a report is dated from the report's own date."""

from __future__ import annotations

import pytest

from rag.answer.weekdays import dated_weekday

COUNTED = "(counted from the report's date)"
CASES = [
    # The report's own weekday is the report's day.
    ("Tuesday", "تحطمت طائرة في ألمانيا اليوم الثلاثاء", "2015-08-11", "Tuesday 11 August 2015"),
    ("Friday", "وأقيمت صلاة الجنازة عصر الجمعة", "2024-07-05", "Friday 5 July 2024"),
    # An earlier weekday is the nearest one before the report.
    ("Tuesday", "وقع التفجير يوم الثلاثاء", "2015-07-30", f"Tuesday 28 July 2015 {COUNTED}"),
    ("Saturday", "أعلن الجيش السبت مقتل 5", "2015-08-10", f"Saturday 8 August 2015 {COUNTED}"),
    ("Sunday", "وأجرى الرئيسان اتصالا هاتفيا يوم الأحد", "2024-01-01", f"Sunday 31 December 2023 {COUNTED}"),
    # "الماضي" after it: the week before, even on the same weekday.
    ("Tuesday", "وقع يوم الثلاثاء الماضي", "2015-08-11", f"Tuesday 4 August 2015 {COUNTED}"),
    # "المقبل" / "القادم" after it, or "سوف" before it: the coming one.
    ("Sunday", "يبدأ الأحد القادم موعد قيد الناخبين", "2015-08-11", f"Sunday 16 August 2015 {COUNTED}"),
    ("Monday", "تستأنف البورصة عملها يوم الاثنين المقبل", "2015-08-01", f"Monday 3 August 2015 {COUNTED}"),
    ("Wednesday", "سوف يلتقي الوزيران الأربعاء", "2015-08-12", f"Wednesday 19 August 2015 {COUNTED}"),
]


@pytest.mark.parametrize(("weekday", "sentence", "published", "said"), CASES)
def test_a_weekday_takes_its_date_from_the_report(weekday, sentence, published, said):
    assert dated_weekday(weekday, sentence, published) == said


@pytest.mark.parametrize("published", [None, "", "--08-11", "2015-08", "2015-02-30"])
def test_without_the_report_s_full_date_the_weekday_stays_bare(published):
    assert dated_weekday("Tuesday", "وقع يوم الثلاثاء", published) == "Tuesday"


@pytest.mark.parametrize("english", ["12 August 2015", "early September", "27 Shawwal 1436 AH (12 August 2015)"])
def test_other_dates_are_left_as_they_are(english):
    assert dated_weekday(english, "وقع يوم الثلاثاء", "2015-08-11") == english
