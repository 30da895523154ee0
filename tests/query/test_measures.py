"""The measure a quantity question asks for, and which quantities can answer it."""

import pytest

from rag.query.analysis import analyse
from rag.query.measures import (
    COUNT,
    IDENTIFIER,
    MONEY,
    PERCENT,
    asked_measure,
    asked_noun,
    asks_duration,
    counts_noun,
    counts_things,
    fits,
    is_duration,
    quantity_measure,
)

QUESTIONS = [
    ("What price per tonne did the grain organisation pay?", MONEY),
    ("How much did the new stadium cost?", MONEY),
    ("What is the estimated budget of the Games?", MONEY),
    ("What was the company's net profit for the first half?", MONEY),
    ("What fare does the airline charge between the two cities?", MONEY),
    ("What yield did the ten-year bonds carry?", PERCENT),
    ("By what percentage did the index fall?", PERCENT),
    ("What proportion of the voters were women?", PERCENT),
    ("How many voters had registered by mid-August?", COUNT),
    ("How many soldiers were wounded?", COUNT),
    ("كم عدد النساء اللاتي سجلن مرشحات؟", COUNT),
    ("كم نقطة خسر المؤشر العام؟", COUNT),
    ("كم يبلغ سعر تذكرة الرحلة؟", MONEY),
    ("ما المبلغ الذي يحتاجه البرنامج؟", MONEY),
    ("بكم في المئة انخفض ربح الشركة؟", PERCENT),
    ("ما نسبة الإقبال على التصويت؟", PERCENT),
    ("ما حجم الإصدار الجديد من السندات؟", None),
    ("How much wheat did the organisation buy?", None),
    ("How old was the broadcaster?", None),
    ("What number did the resolution carry?", IDENTIFIER),
]


@pytest.mark.parametrize(("question", "measure"), QUESTIONS)
def test_the_measure_a_question_names_is_found(question, measure):
    assert asked_measure(question) == measure


QUANTITIES = [
    ("20 billion riyals", MONEY),
    ("about 1,095 dollars", MONEY),
    ("2.65%", PERCENT),
    ("less than 2%", PERCENT),
    ("about 2 million tonnes", COUNT),
    ("54 fighters", COUNT),
    ("30 centres", COUNT),
    ("2.94 million", None),
    ("439,491", None),
]


@pytest.mark.parametrize(("english", "measure"), QUANTITIES)
def test_a_quantity_s_measure_is_read_from_its_unit(english, measure):
    assert quantity_measure(english) == measure


def test_a_quantity_of_another_measure_does_not_answer():
    assert not fits(MONEY, "about 2 million tonnes")
    assert not fits(MONEY, "40%")
    assert not fits(PERCENT, "20 billion riyals")
    assert not fits(COUNT, "40%")
    assert not fits(COUNT, "6.17 billion riyals")
    assert fits(COUNT, "48 hours") and fits(MONEY, "9,000 riyals") and fits(PERCENT, "22.82%")


def test_a_bare_number_answers_a_count_but_a_bare_year_answers_nothing():
    for measure in (None, COUNT):
        assert fits(measure, "2,235") and fits(measure, "140,000") and fits(measure, "60")
    for measure in (None, MONEY, PERCENT, COUNT):
        assert not fits(measure, "2,008") and not fits(measure, "1995")


@pytest.mark.parametrize("bare", ["2,235", "140,000", "60", "4", "1.5", "10 million"])
def test_a_price_or_a_share_needs_its_currency_or_per_cent_sign(bare):
    assert not fits(MONEY, bare) and not fits(PERCENT, bare)
    assert fits(MONEY, f"{bare} riyals") and fits(MONEY, f"{bare} dollars") and fits(PERCENT, f"{bare}%")


COUNTED = [
    ("How many electoral constituencies did the committee set?", "constituencies"),
    ("How many people did the typhoon kill?", "people"),
    ("How many soldiers were wounded by the landmines?", "people"),
    ("How many Boeing 777-300ER aircraft had the airline ordered?", "aircraft"),
    ("How many days after the plane vanished was the wing found?", "days"),
    ("How many votes did Beijing receive?", "votes"),
    ("How many policemen were killed?", "people"),
    ("How many bridges were built?", None),  # not a counted noun the facts know
    ("How much wheat did it buy?", None),
    ("كم مركبة دخلت السوق أمس؟", "vehicles"),
    ("كم ساعة أمهل التنظيم الحكومة؟", "hours"),
    ("كم عدد المراكز الانتخابية في المنطقة؟", "centres"),
    ("كم عدد النساء اللاتي سجلن؟", "people"),
    ("How many voters had registered by mid-August?", "people"),
    ("How many registered voters were there?", "people"),
    ("كم عدد الناخبين المسجلين؟", "people"),
    ("كم عدد المشتبه بهم الذين قبض عليهم؟", "people"),
    ("How many companies bid for the contract?", "companies"),
    ("كم شركة تقدمت للمناقصة؟", "companies"),
    ("How many ships will carry the wheat?", "ships"),
    ("How many tonnes of wheat were bought?", "tonnes"),
    ("كم يوما استمر البحث؟", "days"),
    ("How many pilgrims arrived by air?", "people"),
    ("وما عدد رحلاتها الأسبوعية على هذا الخط؟", "flights"),
    ("كم عدد سياراتهم؟", "vehicles"),  # cars, trucks and buses are all vehicles
    ("How many trucks crossed the border?", "vehicles"),
    ("كم عدد طائراتها الجديدة؟", "aircraft"),
    ("كم طالبا؟", "people"),
]


@pytest.mark.parametrize(("question", "counted"), COUNTED)
def test_what_a_how_many_question_counts_is_read_from_its_noun(question, counted):
    assert analyse(question).counted == counted


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many policemen were killed in the bombing?", "policemen"),
        ("How many civilians did the group abduct?", "civilians"),
        ("How many electoral constituencies were set?", "constituencies"),
        ("كم شرطيا قتل في التفجير؟", "policemen"),
        ("كم عدد الدوائر الانتخابية؟", "constituencies"),
        ("كم عدد طائراتها الجديدة؟", "aircraft"),
        ("How many people attended?", "people"),
        ("How much did the company earn?", None),
        ("How many were killed?", None),
    ],
)
def test_the_very_noun_a_how_many_question_counts_is_kept_beside_its_class(question, noun):
    assert asked_noun(question) == noun


@pytest.mark.parametrize(
    ("english", "noun", "counts"),
    [
        ("two policemen", "policemen", True),
        ("about 230 civilians", "civilians", True),
        ("343 constituencies", "constituencies", True),
        ("6 people", "policemen", False),
        ("5", "policemen", False),
        ("284", "constituencies", False),
        ("20 aircraft", None, False),
    ],
)
def test_a_quantity_counts_the_asked_noun_only_when_it_names_that_noun(english, noun, counts):
    assert counts_noun(english, noun) is counts


def test_a_count_of_other_things_does_not_answer_but_any_count_of_people_does():
    assert not fits(COUNT, "250 centres", "constituencies")
    assert not fits(COUNT, "8 aircraft", "people")
    assert fits(COUNT, "14 dead", "people") and fits(COUNT, "two soldiers", "people")
    assert fits(COUNT, "343", "constituencies")  # a bare number may count anything
    assert fits(COUNT, "343 constituencies", "constituencies")
    assert fits(COUNT, "4 million voters", "people") and fits(COUNT, "17 women", "people")
    assert not fits(COUNT, "21 years", "people") and not fits(COUNT, "9 ships", "people")
    assert fits(COUNT, "1,554 cars", "vehicles") and fits(COUNT, "30 buses", "vehicles")
    assert not fits(COUNT, "209,020 cartons", "vehicles") and not fits(COUNT, "584 tonnes", "vehicles")


@pytest.mark.parametrize("unit", ["days", "hours", "years", "tonnes", "km", "points"])
def test_a_count_of_a_unit_of_measure_needs_that_unit(unit):
    assert fits(COUNT, f"48 {unit}", unit)
    assert not fits(COUNT, "777", unit)  # "how many days" is not answered by "Boeing 777"
    assert not fits(COUNT, "3 aircraft", unit)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What number did the UN Security Council resolution carry?", True),
        ("Which number should callers dial?", True),
        ("ما رقم القرار الذي تبناه مجلس الأمن؟", True),
        ("وبأي رقم يمكن الاتصال بالمديرية؟", True),
        ("What number of people died?", False),
        ("How many people died?", False),
        ("كم عدد الأرقام المسجلة؟", False),
    ],
)
def test_a_question_asking_what_number_names_something_is_told_from_a_count(question, asks):
    assert (asked_measure(question) == IDENTIFIER) is asks


def test_a_number_that_names_answers_only_a_question_asking_for_one():
    assert fits(IDENTIFIER, "No. 2235", names=True) and fits(IDENTIFIER, "2235")
    assert not fits(IDENTIFIER, "14 people") and not fits(IDENTIFIER, "20 billion riyals")
    for asked in (None, COUNT, MONEY, PERCENT):
        assert not fits(asked, "No. 922", names=True)


@pytest.mark.parametrize(
    ("english", "noun", "answers"),
    [
        ("two policemen", "suspects", False),
        ("20 soldiers", "pilgrims", False),
        ("20 soldiers", "suspects", False),
        ("5 suspects", "suspects", True),
        ("6 people", "suspects", True),  # people of no group may be the suspects
        ("12 dead", "soldiers", True),
        ("20 soldiers", "people", True),  # any group is people
        ("30 injured", "civilians", True),
        ("two officers", "members", True),  # members of the security forces
    ],
)
def test_a_count_of_one_group_of_people_does_not_answer_how_many_of_another_there_were(english, noun, answers):
    assert fits(COUNT, english, "people", noun=noun) is answers


def test_a_question_asks_for_a_span_of_time_by_its_noun_or_a_word_of_duration():
    cases = [
        ("How long did the siege of the hotel last?", True),
        ("How old was the broadcaster when he died?", True),
        ("How many days after the plane vanished was the debris confirmed?", True),
        ("To how many years in prison was he sentenced?", True),
        ("كم كان عمرها؟", True),
        ("ما مدة المهلة التي حددها التنظيم؟", True),
        ("كم ساعة أمهل التنظيم الحكومة؟", True),
        ("كم دام حكم السلطان؟", True),
        ("كم قضى في السجن؟", True),
        ("كم تحتاج أعراض العدوى حتى تظهر؟", True),
        ("ما الحد الأدنى لعمر الناخب؟", True),
        ("ما حجم الإصدار الجديد من السندات؟", False),
        ("How many scouts took part in the jamboree?", False),
        ("كم بلغت أرباح الشركة؟", False),
        ("What yield did the bonds pay?", False),
    ]
    for question, asks in cases:
        assert asks_duration(question, asked_noun(question)) is asks, question


def test_spans_of_time_are_told_from_other_quantities():
    for english in ["5 years", "48 hours", "10 days", "3 months", "2 weeks", "90 minutes"]:
        assert is_duration(english), english
    for english in ["20 billion riyals", "5", "2.65%", "343 constituencies", "50 km", "120 points"]:
        assert not is_duration(english), english


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("How many reactors remain offline?", True),
        ("How many polling centres will the region have?", True),
        ("Roughly how many civilians were abducted?", True),
        ("How many more days will the strike last?", False),
        ("How many times has the club won the cup?", False),
        ("How much wheat did the organisation buy?", False),
        ("كم مفاعلاً يابانياً بقي خارج الخدمة؟", True),
        ("كم يوماً استمر الإضراب؟", True),
        ("كم مركبة دخلت السوق أمس؟", True),
        ("ما عدد القتلى في الهجوم؟", True),
        ("وكم عدد الناخبين المسجلين؟", True),
        ("كم بلغت المسافة بين المدينتين؟", False),
        ("كم يبلغ طول الجسر الجديد؟", False),
        ("كم كانت حصيلة الإعصار؟", False),
        ("كم تبلغ قيمة الصفقة؟", False),
        ("كم مدة السندات؟", False),  # a span of time
        ("كم عمره حين توفي؟", False),
        ("كم مفاعلاً بقي خارج الخدمة؟", True),
    ],
)
def test_a_question_counting_things_it_names_is_told_from_one_asking_a_quantity(question, counts):
    assert counts_things(question) is counts


def test_a_count_of_things_is_not_answered_by_a_measure_of_something_else():
    # "how many reactors": not the 50 km the plant lies from a volcano, where 47 units or a bare 47 may answer
    assert not fits(COUNT, "about 50 km", counting=True)
    assert not fits(COUNT, "505,000 tonnes", counting=True) and not fits(COUNT, "12.11 points", counting=True)
    assert fits(COUNT, "47 units", counting=True) and fits(COUNT, "47", counting=True)
    assert fits(COUNT, "3 days", noun="days", counting=True)  # the measure counted is the one asked
    assert fits(COUNT, "about 50 km")  # a quantity of no named kind ("كم بلغت المسافة") may be a distance
