"""Question analysis: kinds read from the question's form, follow-ups told from standalone questions."""

import pytest

from rag.query.analysis import analyse
from rag.query.followup import looks_like_follow_up
from rag.query.kinds import (
    COUNTRY,
    FACT,
    LIST,
    NUMBER,
    SETTLEMENT,
    WHEN,
    WHERE,
    WHO,
    YES_NO,
    asks_date,
    asks_definition,
    asks_end,
    asks_name,
    asks_rank,
    asks_score,
    asks_weekday,
    asks_which_thing,
    asks_year,
    list_item_kind,
    place_designators,
    place_kind,
    question_kind,
)
from rag.query.terms import Coverage, TermGroup, question_terms, share_found

ENGLISH_KINDS = [
    ("Who chaired the emergency meeting in Cairo?", WHO),
    ("Whom did the council appoint as its new secretary?", WHO),
    ("Whose statement was read at the summit?", WHO),
    ("Which minister signed the agreement with Jordan?", WHO),
    ("Which coach led the team in the final?", WHO),
    ("What is the name of the pilot who landed the plane?", WHO),
    ("Which militant group claimed the attack on the convoy?", WHO),
    ("When did the ceasefire come into force?", WHEN),
    ("On what date was the new airport opened?", WHEN),
    ("In which year was the treaty first signed?", WHEN),
    ("Since when has the border crossing been closed?", WHEN),
    ("On which day of the week did the vote take place?", WHEN),
    ("Where was the summit held?", WHERE),
    ("In which city did the talks take place?", WHERE),
    ("Which country hosted the conference?", WHERE),
    ("At which stadium will the final be played?", WHERE),
    ("To which port was the ship diverted?", WHERE),
    ("How many people were injured in the fire?", NUMBER),
    ("How much did the ministry spend on the project?", NUMBER),
    ("How old was the singer when she died?", NUMBER),
    ("By what percentage did oil exports fall?", NUMBER),
    ("What was the company's net profit in the second quarter?", NUMBER),
    ("At what price did the shares close on Monday?", NUMBER),
    ("Which countries signed the declaration?", LIST),
    ("Which two players were sent off in the match?", LIST),
    ("What were the main demands of the protesters?", LIST),
    ("List the ministers who resigned this year.", LIST),
    ("On which dates did the two rounds of talks start?", LIST),
    ("What is the capital of Syria?", WHERE),
    ("What did the minister say about the budget?", FACT),
    ("Which kind of aircraft crashed near the base?", FACT),
    ("What was the name of the operation?", FACT),
    ("Is the border crossing open again?", YES_NO),
    ("Did the parliament approve the law?", YES_NO),
]

ARABIC_KINDS = [
    ("من ترأس الاجتماع الطارئ في القاهرة؟", WHO),
    ("من هو رئيس الوزراء الجديد؟", WHO),
    ("أي وزير وقع الاتفاقية مع الأردن؟", WHO),
    ("ما اسم المدرب الذي قاد الفريق في النهائي؟", WHO),
    ("ما الجهة التي أعلنت المسؤولية عن الهجوم؟", WHO),
    ("متى دخل وقف إطلاق النار حيز التنفيذ؟", WHEN),
    ("في أي تاريخ افتتح المطار الجديد؟", WHEN),
    ("في أي عام وقعت المعاهدة لأول مرة؟", WHEN),
    ("منذ متى والمعبر مغلق؟", WHEN),
    ("في أي يوم من الأسبوع جرى التصويت؟", WHEN),
    ("أين عقدت القمة؟", WHERE),
    ("في أي مدينة جرت المحادثات؟", WHERE),
    ("في أي دولة عقد المؤتمر؟", WHERE),
    ("قرب أي قرية سقطت الطائرة؟", WHERE),
    ("كم عدد المصابين في الحريق؟", NUMBER),
    ("كم بلغت قيمة الصفقة؟", NUMBER),
    ("ما عدد الطلاب المسجلين هذا العام؟", NUMBER),
    ("ما نسبة التضخم في يوليو؟", NUMBER),
    ("بكم ارتفع سعر النفط؟", NUMBER),
    ("ما الدول التي وقعت على الإعلان؟", LIST),
    ("اذكر الوزراء الذين استقالوا هذا العام", LIST),
    ("ما المطالب الرئيسية للمحتجين؟", FACT),
    ("ما الشركات التي فازت بالمناقصة؟", LIST),
    ("ما أسماء اللاعبين الذين طردوا؟", LIST),
    ("ما عاصمة سوريا؟", WHERE),
    ("ماذا قال الوزير عن الميزانية؟", FACT),
    ("ما سبب تأجيل الانتخابات؟", FACT),
    ("هل أعيد فتح المعبر؟", YES_NO),
    ("هل وافق البرلمان على القانون؟", YES_NO),
]


@pytest.mark.parametrize(("question", "kind"), ENGLISH_KINDS)
def test_english_question_kinds(question, kind):
    assert question_kind(question, "en") == kind


@pytest.mark.parametrize(("question", "kind"), ARABIC_KINDS)
def test_arabic_question_kinds(question, kind):
    assert question_kind(question, "ar") == kind


LIST_ITEMS = [
    ("Which two candidates announced bids for the presidency?", "en", WHO),
    ("Which ministers attended the meeting in Jeddah?", "en", WHO),
    ("In which cities were the matches played?", "en", WHERE),
    ("Which countries recalled their ambassadors?", "en", WHERE),
    ("In which provinces did it rain on Monday?", "en", WHERE),
    ("On which dates did the banks and the exchange reopen?", "en", WHEN),
    ("What were the closing levels of the index on both days?", "en", NUMBER),
    ("What were the prices of Brent crude on Monday and Tuesday?", "en", NUMBER),
    ("Which figures did the two ministries give for the harvest?", "en", NUMBER),
    ("Which markets closed higher on Monday?", "en", None),
    ("ما اسما اللاعبين اللذين سجلا الهدفين؟", "ar", WHO),
    ("اذكر أسماء الوزراء الجدد", "ar", WHO),
    ("ما الشركات التي أعلنت أرباحها؟", "ar", None),
    ("ما المدن التي زارها الوزير خلال جولته؟", "ar", WHERE),
    ("في أي الدول أقام الفريقان معسكراتهما؟", "ar", WHERE),
    ("ما البلدان التي استدعت سفراءها؟", "ar", WHERE),
]


@pytest.mark.parametrize(("question", "language", "kind"), LIST_ITEMS)
def test_a_list_question_s_plural_noun_says_what_each_item_is(question, language, kind):
    assert list_item_kind(question, language) == kind


PLACE_KINDS = [
    ("Which country recalled its ambassador from Tehran?", "en", COUNTRY),
    ("With which country's government did the cabinet authorise talks?", "en", COUNTRY),
    ("Which nation topped the medal table?", "en", COUNTRY),
    ("To which city was the wreckage sent for analysis?", "en", SETTLEMENT),
    ("In which town did the protest begin?", "en", SETTLEMENT),
    ("Which Gulf capital hosted the talks?", "en", SETTLEMENT),
    ("And near which village were the hostages freed?", "en", SETTLEMENT),
    ("In which province did the storm make landfall?", "en", None),
    ("At which stadium will the final be played?", "en", None),
    ("Where did the minister sign the agreement?", "en", None),
    ("أي دولة استدعت سفيرها؟", "ar", COUNTRY),
    ("ما الدولة التي فازت بتنظيم البطولة؟", "ar", COUNTRY),
    ("في أي بلد عقد المؤتمر؟", "ar", COUNTRY),
    ("في أي مدينة عقدت القمة؟", "ar", SETTLEMENT),
    ("وما المدينة التي خسرت التصويت؟", "ar", SETTLEMENT),
    ("في أي عاصمة اجتمع الوزراء؟", "ar", SETTLEMENT),
    ("في أي مقاطعة ضرب الإعصار؟", "ar", None),
    ("أين عقد الاجتماع؟", "ar", None),
]


PLURAL_PLACE_KINDS = [
    ("In which countries did the clubs hold their training camps?", "en", COUNTRY),
    ("Which countries' ministers attended?", "en", None),
    ("In which foreign cities were the national teams competing?", "en", SETTLEMENT),
    ("Near which villages were the bodies found?", "en", SETTLEMENT),
    ("في أي الدول أقام الفريقان معسكراتهما؟", "ar", COUNTRY),
    ("ما المدن التي زارها الوزير؟", "ar", SETTLEMENT),
    ("ما القرى التي غمرتها السيول؟", "ar", SETTLEMENT),
    ("ما المحافظات التي هطلت عليها الأمطار؟", "ar", None),
]


@pytest.mark.parametrize(("question", "language", "kind"), PLURAL_PLACE_KINDS)
def test_a_plural_place_noun_says_the_kind_of_place_each_listed_item_is(question, language, kind):
    assert place_kind(question, language) == kind


@pytest.mark.parametrize(("question", "language", "kind"), PLACE_KINDS)
def test_a_which_place_question_s_noun_says_whether_it_wants_a_country_or_a_city(question, language, kind):
    assert place_kind(question, language) == kind
    assert question_kind(question, language) == WHERE


DESIGNATED = [
    ("At which stadium will the final be played?", "en", {"ملعب", "استاد", "ستاد"}),
    ("Which nuclear power station restarted its reactor?", "en", {"محطه"}),
    ("In which province did the storm make landfall?", "en", {"محافظه", "ولايه", "مقاطعه", "اقليم"}),
    ("At what hotel did the gunmen take hostages?", "en", {"فندق"}),
    ("Near which airports were the drones seen?", "en", {"مطار"}),
    ("Near which town was he seized?", "en", {"بلده", "مدينه"}),
    ("في أي ملعب تقام المباراة النهائية؟", "ar", {"ملعب", "استاد", "ستاد", "صاله"}),
    ("قرب أي حديقة وطنية قتل الأسد؟", "ar", {"حديقه", "منتزه"}),
    ("ما المحطة التي أعيد تشغيلها؟", "ar", {"محطه", "مصنع"}),
    ("في أي مقاطعة صينية ضرب الإعصار البر الرئيسي؟", "ar", {"محافظه", "ولايه", "مقاطعه", "اقليم"}),
    ("On which Indian Ocean islands was debris examined?", "en", {"جزيره", "جزر"}),
]


def test_a_list_question_about_named_places_carries_their_designators_as_a_where_question_does():
    assert analyse("On which Indian Ocean islands was debris examined?").designators == {"جزيره", "جزر"}
    assert analyse("At which stadium will the final be played?").designators == {"ملعب", "استاد", "ستاد"}
    assert analyse("How many stadiums will host the matches?").designators == frozenset()


@pytest.mark.parametrize(("question", "language", "nouns"), DESIGNATED)
def test_a_which_place_question_s_noun_gives_the_arabic_nouns_its_answer_s_name_follows(question, language, nouns):
    assert place_designators(question, language) == nouns


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Where did the minister sign the agreement?", "en"),
        ("Which country recalled its ambassador?", "en"),
        ("Which minister signed the agreement?", "en"),
        ("What kind of aircraft part was found?", "en"),
        ("أين عقد الاجتماع؟", "ar"),
        ("أي دولة استدعت سفيرها؟", "ar"),
        ("ما اسم البرنامج؟", "ar"),
    ],
)
def test_a_question_naming_no_kind_of_named_place_has_no_designator(question, language):
    assert place_designators(question, language) == frozenset()


YEAR_QUESTIONS = [
    ("In which year had Beijing hosted the Summer Olympics?", True),
    ("What year did the war end?", True),
    ("في أي عام توفي صلاح الدين؟", True),
    ("في أي سنة تم نقل العاصمة؟", True),
    ("ما العام الذي استقلت فيه سوريا؟", True),
    ("وفي عام كم تأسست الشركة؟", True),
    ("When did the war end?", False),
    ("متى انتهت الحرب؟", False),
    ("How many years did the war last?", False),
    ("في أي شهر تبدأ الدراسة؟", False),
]


DATE_QUESTIONS = [
    ("On what date did the plane vanish?", True),
    ("What date did the ministry set for the reopening?", True),
    ("What was the date of the attack?", True),
    ("في أي تاريخ اختفت الطائرة؟", True),
    ("ما تاريخ افتتاح المعرض؟", True),
    ("وما هو التاريخ المحدد لبدء التسجيل؟", True),
    ("منذ أي تاريخ كانت البورصة مغلقة؟", True),
    ("When did the plane vanish?", False),
    ("In which year did the war end?", False),
    ("متى اختفت الطائرة؟", False),
    ("في أي شهر تبدأ الدراسة؟", False),
    ("What does the history of the city tell us?", False),
]


NAME_QUESTIONS = [
    ("What was the name of the hotel that gunmen stormed?", True),
    ("Under what operation name was the base retaken?", True),
    ("What was the B-29 bomber called?", True),
    ("ما اسم آخر برنامج قدمه المذيع؟", True),
    ("بأي اسم عرفت العملية؟", True),
    ("Who named the new minister?", False),
    ("Which hotel was attacked?", False),
    ("ما اسما العسكريين؟", False),  # the names of people: a list of who
    ("متى أعلن الاسم الجديد؟", False),
]
RANK_QUESTIONS = [
    ("أحرز يوفنتوس كأس السوبر الإيطالية للمرة الكم؟", True),
    ("ما ترتيب الهند من حيث المساحة؟", True),
    ("ماهو ترتيب اقتصاد سويسرا عالميا؟", True),
    ("أردوغان هو الرئيس رقم كم لتركيا؟", True),
    ("في أي مرتبة جاء المنتخب في البطولة؟", True),
    ("What rank does India hold in military spending?", True),
    ("كم مرة فاز النادي بالكأس؟", False),  # a count of times
    ("How many times did Juventus win the cup?", False),
    ("ما رقم القرار الذي أصدره مجلس الأمن؟", False),  # a number that names
    ("ما المركز الذي افتتحه الوزير؟", False),  # a centre, not a place in an order
]
SCORE_QUESTIONS = [
    ("What was the final score of the cup final?", True),
    ("What was the result of the match between Al-Ahli and Al-Ittihad?", True),
    ("How did the derby end, and what was the scoreline?", True),
    ("بأي نتيجة انتهت مباراة الهلال والنصر؟", True),
    ("ما نتيجة لقاء الفريقين في نهائي الكأس؟", True),
    ("وما النتيجة النهائية للمباراة؟", True),
    ("What was the score when Al-Nassr beat Al-Taawoun?", True),
    ("ما نتيجة فوز النصر على التعاون؟", True),
    ("What was the result of the municipal elections in Riyadh?", False),  # not a match
    ("ما نتيجة التحقيق في حادث الطائرة؟", False),
    ("How many goals did the striker score in the league?", False),  # a count of goals
    ("Which team won the match?", False),
]
WEEKDAY_QUESTIONS = [
    ("On which day of the week did the bombing take place?", True),
    ("What weekday did the market reopen?", True),
    ("في أي يوم من أيام الأسبوع وقع التفجير؟", True),
    ("في أي يوم من الأسبوع تعقد الجلسة؟", True),
    ("On what date did the bombing take place?", False),
    ("في أي يوم وقع التفجير؟", False),  # a day, which a date or "yesterday" gives
    ("How many days of the week is the market open?", False),
]
END_QUESTIONS = [
    ("When did he die?", True),
    ("When will the war end?", True),
    ("When does voter registration close?", True),
    ("متى تنتهي مرحلة قيد الناخبين؟", True),
    ("وفي أي عام توفي؟", True),
    ("ما موعد نهاية التسجيل؟", True),
    ("When does the programme begin and end?", False),  # the start first
    ("متى تبدأ وتنتهي الفعاليات؟", False),
    ("When was the deal announced at the end of July?", False),  # dated by an end, not asking one
    ("متى أعلن الاتفاق في نهاية يوليو؟", False),
    ("When was he born?", False),
    ("متى يبدأ التسجيل؟", False),
]
WHICH_THING_QUESTIONS = [
    ("Which active volcano lies near the reactor?", True),
    ("Under what operation name was the base retaken?", True),
    ("What kind of aircraft part was found?", True),
    ("In which hotel did the gunmen hold hostages?", True),
    ("What was the name of the hotel?", False),  # asks_name's
    ("What did the minister announce?", False),
    ("What happened at the border?", False),
    ("ما اسم البركان؟", False),  # English only
]
DEFINITION_QUESTIONS = [
    ("ما هي حرب أكتوبر؟", True),
    ("ماهو الإيدز؟", True),
    ("ما هى الموناليزا؟", True),
    ("من هو عادل الجبير؟", True),
    ("من هو محمد علي باشا المسعود بن إبراهيم آغا القوللي؟", True),  # a full name of eight words
    ("من هو الأمير سلطان بن سلمان بن عبدالعزيز آل سعود؟", True),
    ("Who is Mohammed bin Salman bin Abdulaziz Al Saud?", True),
    ("ما تعريف الأندلس؟", True),
    ("ما معنى الاستدامة؟", True),
    ("Who is Adel al-Jubeir?", True),
    ("What is the Hajj?", True),
    ("What are sukuk?", True),
    ("ما هي الحدود في الشمال؟", False),  # a preposition: something about the term is asked
    ("ما هو الحزب الذي يرأسه أردوغان؟", False),  # a relative clause
    ("من هو الملقب بعزيز مصر؟", False),  # the one so called: a name is asked
    ("ما هي ترجمة الإيدز بالإنجليزية؟", False),
    ("ما هو اسم الفندق؟", False),  # asks_name's
    ("Who is the president of Yemen?", False),
    ("What is the name of the hotel?", False),
    ("What was the death toll in the attack on the mosque in Abha?", False),
    ("ما هو عدد القتلى نتيجة الهجوم على المسجد في أبها؟", False),
    ("من قتل الأسد سيسيل؟", False),
    ("ما هي أهم الأسباب السياسية والاقتصادية والاجتماعية والعسكرية لسقوط الدولة العثمانية وانهيارها؟", False),
]
ASKS = (
    [(asks_definition, question, asked) for question, asked in DEFINITION_QUESTIONS]
    + [(asks_end, question, asked) for question, asked in END_QUESTIONS]
    + [(asks_which_thing, question, asked) for question, asked in WHICH_THING_QUESTIONS]
    + [(asks_rank, question, asked) for question, asked in RANK_QUESTIONS]
    + [(asks_score, question, asked) for question, asked in SCORE_QUESTIONS]
    + [(asks_weekday, question, asked) for question, asked in WEEKDAY_QUESTIONS]
    + [(asks_date, question, asked) for question, asked in DATE_QUESTIONS]
    + [(asks_year, question, asked) for question, asked in YEAR_QUESTIONS]
    + [(asks_name, question, asked) for question, asked in NAME_QUESTIONS]
)


@pytest.mark.parametrize(("asks", "question", "asked"), ASKS)
def test_a_question_that_asks_for_a_definition_a_date_an_end_a_weekday_a_year_a_name_a_rank_or_a_score_is_told_apart(
    asks, question, asked
):
    assert asks(question) is asked


def test_kinds_agree_with_hand_labels_on_most_questions():
    labelled = [(q, "en", k) for q, k in ENGLISH_KINDS] + [(q, "ar", k) for q, k in ARABIC_KINDS]
    right = sum(question_kind(question, language) == kind for question, language, kind in labelled)
    assert right == len(labelled)


ENGLISH_STANDALONE = [
    "What is the capital of Syria?",
    "What is the capital of Syria and its population?",
    "Who founded that company in 1990?",
    "When did the ceasefire in Gaza begin?",
    "How many people died in the Beirut port explosion?",
    "Which minister resigned over the scandal?",
    "Where was the OPEC meeting held in June?",
    "What did the Saudi cabinet approve on Monday?",
    "Who won the presidential election in Tunisia?",
    "How much did oil prices rise after the announcement?",
    "Which teams reached the final of the Asian Champions League?",
    "What is the name of the new Jordanian prime minister?",
    "When will the new metro line in Riyadh open?",
    "Why did the central bank raise interest rates?",
    "How many votes did the winning candidate receive?",
    "Which airline launched flights between Cairo and Jeddah?",
    "What caused the fire at the Kuwaiti refinery?",
    "Who is the chairman of the Saudi football federation?",
    "Where did the UN envoy meet the Yemeni delegation?",
    "What percentage of voters took part in the referendum?",
    "Did the parliament approve the budget?",
]
ENGLISH_FOLLOW_UPS = [
    "How old was he?",
    "When was he arrested?",
    "And when was that?",
    "What did she say about the talks?",
    "Where did they meet?",
    "How many people were killed there?",
    "Who else attended?",
    "And how much did it cost?",
    "Why did he resign?",
    "What was their response?",
    "And the second round?",
    "Who replaced him?",
    "What happened to them afterwards?",
    "Did it pass?",
    "And in Lebanon?",
    "What else did the statement say?",
    "How long did it last?",
    "Why did that happen?",
    "But who paid for it?",
    "So what was the final score?",
    "When did his predecessor step down?",
]
ARABIC_STANDALONE = [
    "من هو رئيس الوزراء الماليزي؟",
    "ما هي عاصمة سوريا؟",
    "متى بدأ وقف إطلاق النار في غزة؟",
    "كم عدد ضحايا انفجار مرفأ بيروت؟",
    "أي وزير استقال بسبب الفضيحة؟",
    "أين عقد اجتماع أوبك في يونيو؟",
    "ماذا أقر مجلس الوزراء السعودي يوم الاثنين؟",
    "من فاز بالانتخابات الرئاسية في تونس؟",
    "ما نسبة ارتفاع أسعار النفط بعد الإعلان؟",
    "ما الفرق التي تأهلت إلى نهائي دوري أبطال آسيا؟",
    "ما اسم رئيس الوزراء الأردني الجديد؟",
    "متى يفتتح خط المترو الجديد في الرياض؟",
    "لماذا رفع البنك المركزي أسعار الفائدة؟",
    "كم صوتاً حصل عليه المرشح الفائز؟",
    "ما شركة الطيران التي دشنت رحلات بين القاهرة وجدة؟",
    "ما سبب الحريق في مصفاة الكويت؟",
    "من رئيس الاتحاد السعودي لكرة القدم؟",
    "أين التقى المبعوث الأممي بالوفد اليمني؟",
    "هل أقر البرلمان الميزانية؟",
    "ما هو سعر برميل النفط اليوم؟",
    "من هي وزيرة الخارجية الجديدة؟",
    "مع أي دولة وقعت المملكة الاتفاقية؟",
    "في أي عام تأسست الشركة؟",
    "وزير الخارجية يزور عمان، متى؟",
]
ARABIC_FOLLOW_UPS = [
    "وكم كان عمره؟",
    "ومتى اعتقل؟",
    "ومتى كان ذلك؟",
    "وماذا قالت عن المحادثات؟",
    "وأين التقوا؟",
    "ومن أيضاً؟",
    "وكم كلف ذلك؟",
    "ولماذا استقال؟",
    "ومن حل محله؟",
    "فما كان ردهم؟",
    "وما عدد رحلاتها على هذا الخط؟",
    "وما المدينة التي خسرت في ذلك التصويت؟",
    "وهل مر القرار؟",
    "ومتى؟",
    "وأين؟",
    "وفي لبنان؟",
    "ومن دفع ثمنه؟",
    "وكم استمر ذلك؟",
    "وما النتيجة النهائية؟",
    "وما الذي حدث لهم بعد ذلك؟",
    "ومن أيضا حضر الاجتماع؟",
    "وفي أي عام حدث ذلك؟",
    "ومع من التقى؟",
    "وإلى أين توجه الوفد بعدها؟",
    "وعن ماذا تحدث؟",
]


@pytest.mark.parametrize("question", ENGLISH_STANDALONE + ARABIC_STANDALONE)
def test_standalone_questions_are_not_follow_ups(question):
    assert not looks_like_follow_up(question)


@pytest.mark.parametrize("question", ENGLISH_FOLLOW_UPS + ARABIC_FOLLOW_UPS)
def test_follow_ups_are_recognised(question):
    assert looks_like_follow_up(question)


def test_a_follow_up_borrows_the_previous_question_and_keeps_its_own_kind():
    history = (("Who won the presidential election in Tunisia?", "Kais Saied [1]"),)
    query = analyse("And when was that?", history)
    assert query.follow_up and query.previous == history[0]
    assert query.search_text.startswith("Who won the presidential election in Tunisia?")
    assert query.kind == WHEN and query.language == "en"
    alone = analyse("When did the ceasefire in Gaza begin?", history)
    assert not alone.follow_up and alone.search_text == "When did the ceasefire in Gaza begin?"


def test_english_names_become_skeleton_terms():
    query = analyse("Where did Erdogan meet Putin in 2015?")
    assert set(query.names) == {"Erdogan", "Putin"}
    assert {term.label for term in query.key_terms} == {"Erdogan", "Putin"}
    assert "2015" in query.numbers


def test_a_follow_up_asking_for_more_is_told_from_one_asking_about_the_same_thing():
    from rag.query.followup import asks_for_more

    for question in [
        "Who else?",
        "And who else was there?",
        "What else did he say?",
        "Any others?",
        "ومن أيضاً؟",
        "وماذا كذلك؟",
        "ومن غيره؟",
        "وما الدول الأخرى؟",
        "Which countries too?",
    ]:
        assert asks_for_more(question), question
    for question in [
        "And when was that?",
        "How many people were killed there?",
        "وكم كان عمرها؟",
        "Where is it?",
        "What other reasons did the ministry give for the delay?",
        "ومتى حدث ذلك؟",
    ]:
        assert not asks_for_more(question), question


def test_an_arabic_keyword_with_a_proclitic_is_found_without_it_and_weighs_as_written():
    groups = question_terms("من فاز بالمباراة بلندن؟", "ar")
    (london,) = [group for group in groups if group.label == "بلندن"]
    assert share_found([london], "أقيمت المباراة في لندن") == 1.0
    assert share_found([london], "أقيمت المباراة بلندن") == 1.0
    assert share_found([london], "أقيمت المباراة في باريس") == 0.0
    # a bare form that is no word ("فرنسا" → "رنسا") is in no article: the term still weighs as its written form
    (france,) = question_terms("ماذا أعلنت فرنسا؟", "ar")[-1:]
    assert france.alternatives == (("فرنسا",), ("رنسا",))
    frequencies = {"فرنسا": 50}
    weighed = Coverage([france], lambda token: frequencies.get(token, 0), 1000)
    as_written = Coverage([TermGroup("فرنسا", (("فرنسا",),))], lambda token: frequencies.get(token, 0), 1000)
    assert weighed.weights == as_written.weights
