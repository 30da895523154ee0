"""Of a sentence's dates or figures, the one beside the question's words comes first; of dates as near, the fullest."""

import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.facts import find_dates
from rag.answer.fullest_dates import date_parts, fullest_first
from rag.answer.nearness import nearest_first
from rag.query.analysis import analyse


@pytest.mark.parametrize(
    ("question", "sentence", "first"),
    [
        (
            "متى افتتح الملك الجسر الجديد؟",
            "بدأ العمل في المشروع عام 2009، وافتتح الملك الجسر الجديد في 12 مارس 2014 بحضور الوزراء.",
            "12 مارس 2014",
        ),
        (
            "في أي عام تولى الأمير إمارة المنطقة؟",
            "ولد الأمير في 3 يونيو 1950 بمدينة الرياض، وتولى إمارة المنطقة عام 1992 بعد وفاة أخيه.",
            "عام 1992",
        ),
        (
            "متى وقع الزلزال الأول؟",
            "ضرب الزلزال الأول المدينة في 5 أغسطس، بينما سجلت هزة ارتدادية في 9 أغسطس قرب الساحل.",
            "5 أغسطس",
        ),
        (
            "متى سجلت الهزة الارتدادية؟",
            "ضرب الزلزال الأول المدينة في 5 أغسطس، بينما سجلت هزة ارتدادية في 9 أغسطس قرب الساحل.",
            "9 أغسطس",
        ),
        (
            "متى تبدأ مرحلة الطعون؟",
            "تنتهي مرحلة قيد الناخبين في 3 سبتمبر، وتبدأ مرحلة الطعون في 10 سبتمبر وتستمر أسبوعا.",
            "10 سبتمبر",
        ),
        (
            "When did the ministry open the new hospital?",
            "أعلنت الوزارة الخطة في 3 يناير 2014، وافتتحت المستشفى الجديد في مايو 2015 في جدة.",
            "مايو 2015",
        ),
    ],
)
def test_a_when_question_takes_the_date_in_the_clause_with_its_words(question, sentence, first):
    assert facts_for(analyse(question), sentence)[0].text == first


@pytest.mark.parametrize(
    ("question", "sentence", "first"),
    [
        (
            "كم عدد الجرحى في الحادث؟",
            "قتل 4 أشخاص في الحادث، وأصيب 17 جريحا نقلوا إلى المستشفى.",
            "17",
        ),
        (
            "كم طائرة اشترت الشركة هذا العام؟",
            "استأجرت الشركة 12 سفينة، واشترت 30 طائرة جديدة هذا العام.",
            "30 طائرة",
        ),
        (
            "ما نسبة الأكراد من السكان؟",
            "ويشكل العرب نحو 75% من السكان، والأكراد 15% من السكان، والباقي أقليات أخرى.",
            "15%",
        ),
        (
            "How many students joined the new university?",
            "وظفت الجامعة الجديدة 300 أستاذ، والتحق بها 5000 طالب في عامها الأول.",
            "5000",
        ),
    ],
)
def test_a_how_many_question_takes_the_figure_in_the_clause_with_its_words(question, sentence, first):
    assert facts_for(analyse(question), sentence)[0].text.startswith(first)


def test_the_words_of_a_fact_itself_do_not_make_it_near():
    # "عام" asks a year; "عام 1921" holds it, and that says nothing of what happened in 1921
    question = analyse("في أي عام توفي العالم الشهير؟")
    sentence = "توفي العالم الشهير في 18 أبريل 1955، وكان قد نال جائزة نوبل عام 1921."
    assert facts_for(question, sentence)[0].text == "18 أبريل 1955"


def test_facts_as_near_keep_their_order():
    question = analyse("كم سيارة باعت الشركة؟")
    sentence = "باعت الشركة 120 سيارة و40 شاحنة."
    facts = facts_for(question, sentence)
    assert nearest_first(question, sentence, list(reversed(facts))) == list(reversed(facts))
    assert nearest_first(question, sentence, facts[:1]) == list(facts[:1])


@pytest.mark.parametrize(
    ("sentence", "ends", "first"),
    [
        ("تبدأ يوم السبت 7-11-1436 هـ وتنتهي يوم الاثنين 1-12-1436 هـ", False, "7-11-1436 هـ"),
        ("تبدأ يوم السبت 7-11-1436 هـ وتنتهي يوم الاثنين 1-12-1436 هـ", True, "1-12-1436 هـ"),
        ("وصل الوفد يوم الاثنين، وكان الاتفاق قد وقع في 3 أغسطس 2015", False, "3 أغسطس 2015"),
        ("عاش بين (14 مارس 1879 – 18 أبريل 1955)", True, "18 أبريل 1955"),
        ("افتتح المعرض في مايو ثم نقل في 20 يونيو", False, "20 يونيو"),
    ],
)
def test_of_dates_as_near_the_fullest_comes_first_and_the_last_when_an_end_is_asked(sentence, ends, first):
    dates = find_dates(sentence)
    assert fullest_first(dates, ends)[0].text == first


def test_a_date_s_parts_count_day_month_year_and_half_a_weekday():
    assert date_parts("3 August 2015") == 3
    assert date_parts("August 2015") == 2
    assert date_parts("2015") == 1
    assert date_parts("Monday") == 0.5
    assert date_parts("28 Safar 1437 AH (10 December 2015)") == 3


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("رجب طيب أردوغان رئيس الجمهورية", []),
        ("قال رمضان عبد الله إن الوفد وصل", []),
        ("استقبل محرم بك الضيوف", []),
        ("وقع الحادث في رجب الماضي", ["رجب"]),
        ("تبدأ الحملة مطلع شهر رمضان", ["مطلع شهر رمضان"]),
        ("خلال شهر شعبان المقبل", ["شهر شعبان"]),
        ("منذ محرم الماضي", ["محرم"]),
        ("وفي رمضان الماضي زار الوفد", ["رمضان"]),
        ("تصدر النتائج مطلع سبتمبر", ["مطلع سبتمبر"]),
        ("في 15 رجب 1436 هـ", ["15 رجب 1436 هـ"]),
    ],
)
def test_a_month_that_is_also_a_given_name_dates_only_after_month_a_time_word_or_a_preposition(sentence, dates):
    assert [fact.text for fact in find_dates(sentence)] == dates
