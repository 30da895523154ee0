import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.scores import find_scores
from rag.query.analysis import analyse

SCORES = [
    ("أحرز يوفنتوس لقب الكأس بفوزه على لاتسيو 2-صفر اليوم السبت", ["2-صفر"], ["2-0"]),
    ("وكان الفريق قد خسر صفر - 2 أمام بوروسيا دورتموند", ["صفر - 2"], ["0-2"]),
    ("بعد تعثر الأهلي بالتعادل مع فريق التعاون 2/2 برصيد 59 نقطة", ["2/2"], ["2-2"]),
    ("وتغلب المنتخب على ضيفه ٣ - ١ في الجولة الأولى", ["٣ - ١"], ["3-1"]),
    ("وانتهى اللقاء بفوز النصر بهدفين مقابل هدف للتعاون", ["بهدفين مقابل هدف"], ["2-1"]),
    ("فاز الفريق بثلاثة أهداف مقابل هدفين", ["بثلاثة أهداف مقابل هدفين"], ["3-2"]),
    ("وحسم الجيش المباراة النهائية بهدف يتيم دون رد", ["بهدف يتيم دون رد"], ["1-0"]),
    ("فاز النصر بهدف نظيف مقابل لاشيء سجله السهلاوي", ["بهدف نظيف مقابل لاشيء"], ["1-0"]),
    ("وانتهت مواجهة الإياب بالتعادل الإيجابي بهدفين لمثلهما", ["بهدفين لمثلهما"], ["2-2"]),
    ("واحتكم الفريقان إلى ركلات الترجيح بعدما انتهت المباراة بالتعادل السلبي", ["بالتعادل السلبي"], ["0-0"]),
    # the same shapes that are no score
    ("في قرار مجلس الشورى رقم ( 11 / 8 ) وتاريخ 6 / 4 / 1436هـ", [], []),
    ("وتهدف الحملة إلى التوعية بهدف إيجاد بيئة آمنة", [], []),
    ("انتهت الجلسة في الساعة 5:30 مساء", [], []),
    ("وارتفع المؤشر 2-3 في المئة خلال الجلسة", [], []),  # no word of winning or drawing before it
]


@pytest.mark.parametrize(("sentence", "written", "english"), SCORES)
def test_match_scores_are_found_as_written_with_their_english(sentence, written, english):
    found = find_scores(sentence)
    assert [fact.text for fact in found] == written
    assert [fact.english for fact in found] == english


def test_a_question_asking_a_result_takes_the_score_not_a_count_or_a_date():
    sentence = "أحرز يوفنتوس اللقب للمرة السابعة بفوزه 2-صفر على لاتسيو يوم 8 أغسطس أمام 40 ألف متفرج"
    for question in ("What was the score of the Super Cup match?", "بأي نتيجة انتهت مباراة السوبر؟"):
        assert [fact.english for fact in facts_for(analyse(question), sentence)] == ["2-0"], question


def test_a_score_of_a_meeting_in_another_year_does_not_answer_for_the_year_asked():
    sentence = "وهذه المرة الثالثة بعد عامي 2006 (فاز اشبيلية على برشلونة 3-صفر) و2014 (خسر اشبيلية صفر-2)، "
    asked_2015 = analyse("بأي نتيجة انتهت مباراة الكأس بين برشلونة وإشبيلية في أغسطس 2015؟")
    assert facts_for(asked_2015, sentence) == ()
    asked_2006 = analyse("What was the score of the 2006 cup match between Sevilla and Barcelona?")
    assert [fact.english for fact in facts_for(asked_2006, sentence)] == ["3-0"]
    unasked = analyse("What was the score of the cup match between Sevilla and Barcelona?")
    assert [fact.english for fact in facts_for(unasked, sentence)] == ["3-0", "0-2"]
