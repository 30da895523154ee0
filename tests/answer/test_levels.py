import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.levels import asks_level, asks_price, asks_total, is_level, is_total
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


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How many polling centres will the region have, including the new women's centres?", True),
        ("How many medals did the delegation win in total?", True),
        ("How many people were killed altogether?", True),
        ("What was the overall number of candidates?", True),
        ("ما إجمالي عدد المراكز الانتخابية في المنطقة؟", True),
        ("كم مجموع الأوسمة التي نالها الوفد؟", True),
        ("كم عدد المراكز بما فيها مراكز النساء؟", True),
        ("How many centres were added for women?", False),
        ("كم عدد المراكز الجديدة للنساء؟", False),
    ],
)
def test_a_question_asking_a_whole_is_told_from_one_asking_a_part(question, asked):
    assert asks_total(question) is asked


TOTALS = "رفع عدد المراكز إلى 42 مركزاً إضافة إلى 27 مركزاً للنساء ليصبح الإجمالي 69 مركزاً"


@pytest.mark.parametrize(
    ("sentence", "figure", "total"),
    [
        (TOTALS, "69", True),
        (TOTALS, "42", False),
        (TOTALS, "27", False),
        ("وليصل بذلك مجموع الدوائر الانتخابية إلى ( 343 ) دائرة", "343", True),
        ("خصصت 10 دوائر لكل أمانة بإجمالي 50 دائرة", "50", True),
        ("خصصت 10 دوائر لكل أمانة بإجمالي 50 دائرة", "10", False),
        ("وقتل 12 شخصا في الهجوم", "12", False),
    ],
)
def test_a_total_word_before_a_figure_marks_it_as_the_whole(sentence, figure, total):
    assert is_total(sentence, sentence.index(figure)) is total


def test_a_whole_question_takes_the_total_and_a_part_question_keeps_reading_order():
    whole = facts_for(analyse("How many centres will the region have, including the new women's centres?"), TOTALS)
    assert whole[0].english == "69 centres"
    part = facts_for(analyse("How many centres will the region have?"), TOTALS)
    assert part[0].english == "42 centres"


def test_a_count_of_the_very_noun_asked_comes_before_a_count_of_other_people():
    sentence = "وشارك في التحقيق 6 أشخاص، وأسفر التفجير عن مقتل شرطيين"
    facts = facts_for(analyse("How many policemen were killed in the bombing?"), sentence)
    assert [fact.english for fact in facts] == ["two policemen", "6 people"]
