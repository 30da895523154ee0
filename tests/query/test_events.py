"""The counted events a question asks about, and the event a figure in a sentence belongs to."""

from rag.query.analysis import analyse
from rag.query.events import asked_events, event_at, event_of_word, of_another_event, tells_event


def test_questions_name_the_events_they_ask_about_in_either_language():
    cases = [
        ("How many policemen were killed in the blast?", {"killed"}),
        ("How many people were injured or killed?", {"killed", "injured"}),
        ("How many suspects were arrested after the attack?", {"arrested"}),
        ("How many soldiers were wounded in the clashes?", {"injured"}),
        ("How many foreign workers were abducted?", {"kidnapped"}),
        ("كم عدد المشتبه بهم الذين قُبض عليهم؟", {"arrested"}),
        ("ما عدد مسلحي الحوثيين الذين قُتلوا في المعركة؟", {"killed"}),
        ("كم بلغ عدد الجرحى في الحادث؟", {"injured"}),
        ("كم عدد النازحين من المدينة؟", {"displaced"}),
        ("كم عدد المفقودين بعد الإعصار؟", {"missing"}),
        ("Who was appointed governor of the province?", {"appointed"}),
        ("من الذي عُيّن أميناً لمنطقة جازان؟", set()),  # "عين" alone is also an eye or a spring: not read
        ("من تم تعيينه أمينا لمنطقة جازان؟", {"appointed"}),
        ("Which club won the Super Cup?", {"won"}),
        ("من فاز بلقب الدوري؟", {"won"}),
        ("Who was elected speaker of parliament?", {"elected"}),
        ("How many constituencies are there?", set()),
        ("كم عدد الدوائر الانتخابية؟", set()),
    ]
    for question, events in cases:
        assert asked_events(question) == events, question


def test_a_hostage_is_the_person_asked_about_not_an_event():
    assert asked_events("On what date did the group kill the hostage?") == {"killed"}


def test_event_words_are_read_with_their_clitics_and_endings():
    cases = [
        ("وإصابة", "injured"),
        ("بمقتل", "killed"),
        ("القتلى", "killed"),
        ("قتيلاً", "killed"),
        ("والجرحى", "injured"),
        ("اعتقلتهم", "arrested"),
        ("بالقبض", "arrested"),
        ("لاختطاف", "kidnapped"),
        ("wounded", "injured"),
        ("الدوائر", None),
        ("أصابع", None),
    ]
    for word, event in cases:
        assert event_of_word(word) == event, word


def _event_of(sentence: str, figure: str) -> str | None:
    start = sentence.index(figure)
    return event_at(sentence, start, start + len(figure))


def test_a_figure_belongs_to_the_event_nearest_it():
    sentence = "أسفر الهجوم عن مقتل 5 أشخاص وإصابة 10 آخرين، فيما ألقت الشرطة القبض على 3 مشتبه بهم"
    assert _event_of(sentence, "5") == "killed"
    assert _event_of(sentence, "10") == "injured"
    assert _event_of(sentence, "3") == "arrested"
    assert _event_of("وقتل 6 وجرح 12 في الانفجار", "12") == "injured"
    assert _event_of("ارتفعت الحصيلة إلى 14 قتيلا", "14") == "killed"
    assert _event_of("خطف في 22 يوليو", "22 يوليو") == "kidnapped"


def test_a_figure_far_from_any_event_word_belongs_to_none():
    assert _event_of("وحددت اللجنة 343 دائرة انتخابية في المملكة", "343") is None
    assert _event_of("قتل الجنود بعد أن قطعوا مسافة طويلة تبلغ 300 كيلومتر", "300") is None


def test_only_a_figure_of_another_event_is_ruled_out():
    sentence = "أدى التفجير إلى إصابة 6 أشخاص بينهم مقتل 2 من رجال الأمن"
    start = sentence.index("6")
    assert of_another_event(frozenset({"arrested"}), sentence, start, start + 1)
    assert not of_another_event(frozenset({"injured"}), sentence, start, start + 1)
    assert not of_another_event(frozenset(), sentence, start, start + 1)
    plain = "وبلغ عدد الموقوفين في القضية 6 أشخاص"
    start = plain.index("6")
    assert not of_another_event(frozenset({"killed"}), "وشارك في الحفل 6 أشخاص", 12, 13)
    assert not of_another_event(frozenset({"arrested"}), plain, start, start + 1)


def test_how_many_when_and_who_questions_carry_their_events():
    assert analyse("How many policemen were killed in Sitra?").events == {"killed"}
    assert analyse("When was the Croatian engineer kidnapped?").events == {"kidnapped"}
    assert analyse("Who was appointed mayor of Jazan?").events == {"appointed"}
    assert analyse("من فاز بجائزة شاعر عكاظ؟").events == {"won"}
    assert analyse("Whom did parliament elect as its speaker?").events == {"elected"}
    assert analyse("Where was the lion killed?").events == frozenset()  # a place asked: no event to find


def test_a_sentence_tells_the_asked_event_only_when_it_names_it_other_than_as_a_threat():
    killed = frozenset({"killed"})
    for sentence, tells in [
        ("أعلن التنظيم إعدام الرهينة الكرواتي في شريط مصور", True),
        ("قتل ثلاثة جنود في هجوم على نقطة تفتيش", True),
        ("بث التنظيم تسجيلا الأربعاء يهدد فيه بإعدام الرهينة", False),
        ("التنظيم الذي يهدد بإعدامه ما لم تطلق السلطات سراح نساء", False),
        ("توجهت وزيرة الخارجية إلى القاهرة يوم الخميس", False),
        ("The group threatened to kill the hostage on Wednesday", False),
        ("The group killed the hostage on Wednesday", True),
    ]:
        assert tells_event(killed, sentence) is tells, sentence
    assert tells_event(frozenset(), "توجهت وزيرة الخارجية إلى القاهرة")  # a question of no event rules nothing out


def test_a_when_question_about_an_event_is_not_dated_by_a_weekday_of_a_sentence_that_only_threatens_it_or_tells_none():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    question = analyse("On what date did the group kill the hostage?")
    assert facts_for(question, "بث التنظيم تسجيل فيديو يوم الأربعاء 5 أغسطس يهدد فيه بإعدام الرهينة") == ()
    assert facts_for(question, "توجهت وزيرة الخارجية إلى القاهرة يوم الخميس") == ()
    # a full date may date it all the same, as a life's dates in brackets after a name do
    assert [fact.english for fact in facts_for(question, "الرهينة توميسلاف سالوبيك (1984 - 12 أغسطس 2015)")] == [
        "12 August 2015"
    ]
    assert [fact.english for fact in facts_for(question, "أعلن التنظيم يوم الأربعاء 12 أغسطس إعدام الرهينة")] == [
        "Wednesday 12 August"
    ]
    # a question of no event is dated by any sentence, as before
    assert facts_for(analyse("On what date did the minister travel to Cairo?"), "توجهت الوزيرة إلى القاهرة يوم 6 أغسطس")
