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


RELATIVE = [
    # (sentence, what it holds as a relative day, the report's date, the date it stands for)
    ("تحطمت طائرة عسكرية أمريكية في غابة بولاية بافاريا جنوب ألمانيا اليوم .", "today", "2015-08-11", "2015-08-11"),
    ("اليوم، أعلنت الوزارة نتائج الانتخابات", "today", "2015-08-11", "2015-08-11"),
    ("وصل الوفد أمس إلى الرياض قادما من القاهرة", "yesterday", "2015-08-01", "2015-07-31"),
    ("وكان الرئيس قد قال أول أمس إن المفاوضات مستمرة", "the day before yesterday", "2024-01-01", "2023-12-30"),
    # a day's name, "until today" and a weekday after "اليوم" are no relative day
    ("احتفلت المملكة اليوم الوطني بعروض جوية", None, "2015-08-11", None),
    ("وما زالت البورصة مغلقة حتى اليوم.", None, "2015-08-11", None),
    ("وتعقد الجلسة اليوم الثلاثاء في مقر المجلس", None, "2015-08-11", None),
]


@pytest.mark.parametrize(("sentence", "relative", "published", "iso"), RELATIVE)
def test_yesterday_and_a_clause_final_today_are_dated_from_the_report(sentence, relative, published, iso):
    from rag.answer.facts import find_relative_days
    from rag.answer.weekdays import dated_relative_day

    found = find_relative_days(sentence)
    assert [fact.english for fact in found] == ([relative] if relative else [])
    if relative:
        assert dated_relative_day(relative, published)[0] == iso
        assert dated_relative_day(relative, None) is None and dated_relative_day(relative, "--08-11") is None


def test_a_when_answer_from_yesterday_or_today_opens_with_the_date_the_report_gives_it():
    from rag.answer.asked_facts import facts_for
    from rag.answer.opening import opening_line
    from rag.query.analysis import analyse
    from rag.schema import Chunk

    sentence = "تحطمت طائرة عسكرية أمريكية في غابة بولاية بافاريا جنوب ألمانيا اليوم ."
    dated = Chunk("c1", "a1", 0, sentence, 0, len(sentence), "تحطم طائرة", "f.txt", date="2015-08-11", outlet="واس")
    crawled = Chunk(**{**dated.__dict__, "date_crawled": True})
    for question, line in (
        (
            "On what date did the US jet crash in Germany?",
            "Tuesday 11 August 2015 (the report's day), according to SPA",
        ),
        ("متى تحطمت الطائرة الأمريكية في ألمانيا؟", "اليوم (2015-08-11)."),
    ):
        query = analyse(question)
        facts = facts_for(query, sentence)
        assert [fact.english for fact in facts] == ["today"], question
        assert opening_line(query, facts, sentence, dated).startswith(line), question
        # a page dated only by when it was collected gives no day to count from: the line says so
        collected = opening_line(query, facts, sentence, crawled)
        assert "the report's day" not in collected and "(2015-08-11)" not in collected, question
        assert "collected" in collected or "جُمع" in collected, question


def test_a_question_asking_the_day_of_the_week_takes_the_weekday_the_text_names_not_yesterday():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    said = "وقالت الوزارة في بيان لها أمس إن التفجير وقع الثلاثاء في البحرين"
    weekday = analyse("On which day of the week did the bombing take place?")
    assert [fact.english for fact in facts_for(weekday, said)] == ["Tuesday"]
    assert [fact.english for fact in facts_for(weekday, "وقالت الوزارة في بيان لها أمس إن التفجير أودى بشرطيين")] == []
    when = analyse("When did the ministry speak?")
    assert {fact.english for fact in facts_for(when, said)} == {"yesterday", "Tuesday"}
