"""Whether a "when" question asks of something past or to come, and which dates that rules out."""

from rag.answer.asked_facts import facts_for
from rag.query.analysis import analyse
from rag.query.tense import FUTURE, PAST, asked_tense, on_the_wrong_side

TENSES = [
    ("In which year had Beijing previously hosted the Summer Olympics?", PAST),
    ("When had the ministry made its previous bond issue?", PAST),
    ("How many years ago was the stadium opened?", PAST),
    ("When was the bridge formerly closed to traffic?", PAST),
    ("When will the new stadium open?", FUTURE),
    ("When is the shipment due to arrive?", FUTURE),
    ("On what date is the congress scheduled to meet?", FUTURE),
    ("When was commercial operation due to begin?", FUTURE),
    ("متى سبق أن استضافت المدينة البطولة؟", PAST),
    ("متى سوف تفتتح المحطة الجديدة؟", FUTURE),
    ("في أي يوم تبدأ الدورة المقبلة من الانتخابات؟", FUTURE),
    # neither: the words say nothing of the side, or say both
    ("When did the bank reopen?", None),
    ("To what date did the authority postpone the deadline?", None),
    ("When was the Super Cup to be played?", None),
    ("When had the games been scheduled to start?", None),
    ("متى أعيد افتتاح البورصة؟", None),
]


def test_a_question_s_words_place_what_it_asks_about_before_or_after_the_report():
    for question, tense in TENSES:
        assert asked_tense(question) == tense, question


def test_only_a_year_on_the_other_side_of_the_report_is_ruled_out():
    assert on_the_wrong_side(PAST, 2018, "2015-08-02")
    assert not on_the_wrong_side(PAST, 2008, "2015-08-02")
    assert not on_the_wrong_side(PAST, 2015, "2015-08-02")  # the report's own year may lie either side of its day
    assert on_the_wrong_side(FUTURE, 2008, "2015-08-02")
    assert not on_the_wrong_side(FUTURE, 2022, "2015-08-02")
    assert not on_the_wrong_side(None, 2018, "2015-08-02")
    assert not on_the_wrong_side(PAST, 2018, None)  # an undated article rules nothing out
    assert not on_the_wrong_side(PAST, None, "2015-08-02")


def test_a_past_when_question_is_not_answered_by_a_year_the_report_looks_ahead_to():
    sentence = "وتستضيف بيونغ تشانغ الأولمبياد الشتوي عام 2018 بعد أن استضافت بكين الألعاب الصيفية عام 2008"
    past = analyse("In which year had Beijing previously hosted the Summer Olympics?")
    assert [fact.english for fact in facts_for(past, sentence, "2015-08-02")] == ["2008"]
    future = analyse("In which year will the Winter Olympics be held?")
    assert [fact.english for fact in facts_for(future, sentence, "2015-08-02")] == ["2018"]
    plain = analyse("In which year were the Olympics held?")
    assert [fact.english for fact in facts_for(plain, sentence, "2015-08-02")] == ["2018", "2008"]
    assert [fact.english for fact in facts_for(past, sentence)] == ["2018", "2008"]  # no article date: both stand
