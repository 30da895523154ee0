"""The end of a series a question asks for (the first, the last) and the sentences that mark it."""

import pytest

from rag.answer.series_ends import asked_ends, marks_end
from rag.query.analysis import analyse

LAST = frozenset({"اخر", "اخير", "اخيره"})
FIRST = frozenset({"اول", "اولي"})


@pytest.mark.parametrize(
    ("question", "ends"),
    [
        ("ما اسم آخر برنامج قدمه الإعلامي قبل وفاته؟", LAST),
        ("متى كان آخر ظهور تلفزيوني له؟", LAST),
        ("من سجل الهدف الأول في المباراة؟", FIRST),
        ("من أول امرأة تفوز بالجائزة؟", FIRST),
        ("ما البرنامج الأخير الذي قدمه؟", LAST),
        ("What was the last programme he presented?", LAST),
        ("Who scored the first goal of the final?", FIRST),
        ("What was the latest toll?", LAST | {"احدث"}),
        ("كم مفاعلاً يابانياً آخر بقي خارج الخدمة؟", frozenset()),  # "another", after its noun
        ("ما هو الاسم الآخر للموناليزا؟", frozenset()),  # "the other name"
        ("What did the minister say last week?", frozenset()),  # a time, not the end of a series
        ("Where was the summit held last year?", frozenset()),
        ("Who won the cup?", frozenset()),
        ("من فاز بالكأس؟", frozenset()),
    ],
)
def test_a_question_asking_the_first_or_the_last_of_a_series_names_its_arabic_marks(question, ends):
    assert asked_ends(analyse(question)) == ends


@pytest.mark.parametrize(
    ("sentence", "ends", "marks"),
    [
        ("وكان آخر ما قدم الدوسري البرنامج الحواري “ليطمئن قلبي”", LAST, True),
        ("وكان برنامج (ليطمئن قلبي) آخر نشاطات الإعلامي", LAST, True),
        ("وفي الدقيقة الأخيرة سجل اللاعب هدف الفوز", LAST, True),
        ("وسجل ماندزوكيتش الهدف الأول في الدقيقة 69", FIRST, True),
        ("وتعد أول امرأة تتولى المنصب", FIRST, True),
        ("قدم عددا من البرامج من ضمنها برنامج “حنين”", LAST, False),
        ("وسجل ديبالا الهدف الثاني", FIRST, False),
        ("أخرج المخرج الفيلم في العام الماضي", LAST, False),  # أخرج is no آخر
        ("وهاجم الطرف الآخر الحكومة", LAST, False),  # the other side
        ("وقدم الشكر للطرف الآخر وللآخر", LAST, False),
        ("وكان البرنامج الأخير على قناة روتانا", LAST, True),
    ],
)
def test_a_sentence_marks_the_asked_end_by_its_word_with_a_clitic_or_the_article(sentence, ends, marks):
    assert marks_end(sentence, ends) is marks
