import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.levels import asks_level, asks_price, is_level
from rag.query.analysis import analyse

LEVEL_QUESTIONS = [
    ("At what level did the Saudi index close on Monday?", True),
    ("What was the price of Brent crude on Tuesday?", True),
    ("What was the closing value of the Dubai index?", True),
    ("عند أي مستوى أغلق المؤشر العام؟", True),
    ("كم بلغ سعر برميل النفط؟", True),
    ("By how much did the index rise on Monday?", False),
    ("How many points did the index gain?", False),
    ("How many people were killed in the attack?", False),
    ("كم عدد القتلى في الهجوم؟", False),
]


@pytest.mark.parametrize(("question", "asked"), LEVEL_QUESTIONS)
def test_a_question_asking_what_something_stood_at_is_told_from_one_asking_how_much_it_moved(question, asked):
    assert asks_level(question) is asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What was the price of gold?", True),
        ("How much does a ticket cost?", True),
        ("كم يبلغ سعر التذكرة؟", True),
        ("ما تكلفة المشروع؟", True),
        ("What was the company's net profit?", False),
        ("كم بلغ صافي الأرباح؟", False),
    ],
)
def test_a_question_asking_a_price_is_told_apart(question, asked):
    assert asks_price(question) is asked


@pytest.mark.parametrize(
    ("sentence", "figure", "level"),
    [
        ("ارتفع سعر خام برنت 1.8 دولار عند التسوية إلى 50.41 دولار للبرميل", "50.41", True),
        ("ارتفع سعر خام برنت 1.8 دولار عند التسوية إلى 50.41 دولار للبرميل", "1.8", False),
        ("ارتفع المؤشر 135.65 نقطة ليغلق عند مستوى 8834.82 نقطة", "8834.82", True),
        ("ارتفع المؤشر 135.65 نقطة ليغلق عند مستوى 8834.82 نقطة", "135.65", False),
        ("وزاد الذهب 0.3 % ليصل إلى 1095 دولارا للأوقية", "1095", True),
        ("وقتل 12 شخصا في الهجوم", "12", False),
    ],
)
def test_a_level_word_before_a_figure_marks_it_as_the_level_reached(sentence, figure, level):
    assert is_level(sentence, sentence.index(figure)) is level


def test_a_price_question_takes_the_level_per_unit_and_a_change_question_the_change():
    sentence = "وارتفع سعر خام برنت 1.8 دولار عند التسوية إلى 50.41 دولار للبرميل"
    price = facts_for(analyse("What was the price of Brent crude?"), sentence)
    assert price[0].english == "50.41 dollars"
    change = facts_for(analyse("By how much did Brent crude rise?"), sentence)
    assert change[0].english == "1.8 dollars"
    # a figure per barrel answers no question that asks neither a price nor per barrel
    assert "50.41 dollars" not in [fact.english for fact in facts_for(analyse("How much did Brent rise?"), sentence)]
