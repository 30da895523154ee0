"""The English opening line of "where" and "who" answers: places from the gazetteer, titles before names."""

from rag.answer.opening import opening_line
from rag.answer.places import find_places
from rag.query.analysis import analyse
from rag.schema import Chunk


def _chunk(text: str) -> Chunk:
    return Chunk("c1", "a1", 0, text, 0, len(text), "عنوان", "file1.txt", date="2015-08-10", outlet="واس")


PLACES = [
    ("عقد الاجتماع في القاهرة بحضور وزراء الخارجية العرب", "القاهرة", "Cairo"),
    ("وصل الوفد إلى الرياض مساء أمس", "الرياض", "Riyadh"),
    ("غادر الرئيس متوجها إلى باريس في زيارة رسمية", "باريس", "Paris"),
    ("وقع الانفجار قرب حلب صباح اليوم", "حلب", "Aleppo"),
    ("نقل الجرحى إلى مستشفى في مدينة الموصل", "الموصل", "Mosul"),
    ("افتتح المعرض الدولي للكتاب بجدة", "بجدة", "Jeddah"),
    ("تستضيف العاصمة القطرية الدوحة المؤتمر", "الدوحة", "Doha"),
    ("سافر اللاعبون إلى لندن لخوض المباراة", "لندن", "London"),
    ("اعتقلت الشرطة المشتبه به في إسطنبول", "إسطنبول", "Istanbul"),
    ("هبطت الطائرة في مطار دبي الدولي", "دبي", "Dubai"),
    ("تظاهر الآلاف وسط بغداد", "بغداد", "Baghdad"),
    ("أعلنت السلطات في طوكيو حالة التأهب", "طوكيو", "Tokyo"),
    ("عاد السفير إلى برلين للتشاور", "برلين", "Berlin"),
    ("نظمت الجالية العربية حفلا في مدينة تورونتو الكندية", "تورونتو", "Toronto"),
    ("وصلت السفينة إلى ميناء الإسكندرية", "الإسكندرية", "Alexandria"),
    ("يقع المقر الرئيسي للشركة في موسكو", "موسكو", "Moscow"),
    ("وقع الحادث في مدينة العريش شمال سيناء", "العريش", "Arish"),
    ("اندلعت الاشتباكات في سوريا منذ سنوات", "سوريا", "Syria"),
]


def test_places_a_locative_or_place_noun_introduces_are_found_with_their_english_names():
    for sentence, written, english in PLACES:
        places = find_places(sentence)
        assert [(place.text, place.english) for place in places] == [(written, english)], sentence
        assert sentence[places[0].start : places[0].end] == written


def test_gazetteer_words_without_a_locative_are_not_places():
    for sentence in [
        "ذكرت صحيفة الرياض أن الأسعار ارتفعت",  # the newspaper, not the city
        "قال الخميس إن المحادثات ستستأنف",
        "انتقل الموظفون إلى المبنى الجديد",
        "التقى الرئيس بنظيره الفرنسي",
        "أكد المتحدث أن القرار نهائي",
        "وقالت دبي للاستثمار إن الأرباح ارتفعت",
        "أشاد الوزير بجهود العاملين",
        "أقيمت المباراة على ملعب نادي الشباب",  # a club, not Nadi in Fiji
    ]:
        assert find_places(sentence) == [], sentence


def test_a_place_the_question_already_names_is_skipped():
    sentence = "انطلق السباق من دبي إلى أبوظبي"
    assert [place.english for place in find_places(sentence)] == ["Dubai", "Abu Dhabi"]
    assert [place.english for place in find_places(sentence, lambda word: word == "دبي")] == ["Abu Dhabi"]


def test_a_country_counts_without_a_locative_only_when_asked_for():
    for sentence, english in [
        ("أقالت كوريا الجنوبية وزير الصحة بسبب تعاملها مع كورونا", "South Korea"),
        ("وافق مجلس الوزراء على التفاوض مع حكومة جمهورية أفريقيا الوسطى", "Central African Republic"),
        ("استدعت ألمانيا سفيرها للتشاور", "Germany"),
        ("وقّعت كوريا الشمالية اتفاقا", "North Korea"),
    ]:
        assert find_places(sentence) == [], sentence
        found = find_places(sentence, countries_uncued=True)
        assert [place.english for place in found] == [english], sentence
        assert found[0].country
    for sentence in ["وقالت دبي للاستثمار إن الأرباح ارتفعت", "ذكرت صحيفة الرياض أن الأسعار ارتفعت"]:
        assert find_places(sentence, countries_uncued=True) == [], sentence  # a city still needs its locative
    assert not find_places("عقد الاجتماع في القاهرة")[0].country


PLACE_KIND_CASES = [
    (
        "To which city in France was the wing fragment sent?",
        "عثر على القطعة في جزيرة قرب مدغشقر وأرسلت إلى مدينة تولوز في فرنسا",
        "Toulouse.",
    ),
    (
        "Which country dismissed its health minister?",
        "أقالت كوريا الجنوبية وزير الصحة في العاصمة سيول",
        "South Korea.",
    ),
    ("In which city did the broadcaster die?", "توفي الإعلامي في الولايات المتحدة بمدينة بوسطن", "Boston."),
    ("Which country hosted the talks?", "استضافت العاصمة القطرية الدوحة المحادثات في قطر", "Qatar."),
]


def test_a_where_question_that_names_a_kind_of_place_is_answered_by_that_kind():
    for question, sentence, line in PLACE_KIND_CASES:
        assert opening_line(analyse(question), (), sentence, _chunk(sentence)) == line, question


ANCHORED = [
    (  # the place nearest the named town, not the one nearest the month
        "Which city is linked by road to al-Qaryatain, as reported in May?",
        "تقع بلدة القريتين على طريق طويل يصل إلى مدينة حمص عبر البادية، وقد زار الوفد في مايو مدينة دمشق.",
        "Homs.",
    ),
    (
        "Which city near Fallujah did the army retake on Monday?",
        "أعلن الجيش يوم الاثنين الماضي في بيان من بغداد أنه استعاد مدينة الرمادي القريبة من الفلوجة بعد معارك.",
        "Ramadi.",
    ),
]


def test_a_where_answer_is_the_place_nearest_the_question_s_names_not_its_common_words():
    for question, sentence, line in ANCHORED:
        assert opening_line(analyse(question), (), sentence, _chunk(sentence)) == line, question


WHERE_CASES = [
    ("In which city was the summit held?", "عقدت القمة في العاصمة السعودية الرياض بحضور القادة", "Riyadh."),
    ("Where did the minister go after his talks in Paris?", "توجه الوزير من باريس إلى برلين", "Berlin."),
    ("Where was the Egyptian soldier killed?", "قتل الجندي في مدينة العريش في مصر", "Arish."),
    ("Where did the plane land?", "هبطت الطائرة اضطراريا في مطار دبي", "Dubai."),
    ("Where will the tournament be played?", "تقام البطولة في الدوحة الشهر المقبل", "Doha."),
    ("Where was the exhibition opened?", "افتتح المعرض بالرياض أمس", "Riyadh."),
    # a country the question names by its adjective is not the answer
    ("In which Yemeni city did the fighting break out?", "اندلعت الاشتباكات في اليمن قرب مدينة تعز", "Taiz."),
    ("Near which Syrian town was he seized?", "خطف في سوريا قرب حلب", "Aleppo."),
    ("Where did the Egyptian delegation arrive?", "وصل الوفد المصري من مصر إلى الرياض", "Riyadh."),
]


def test_an_english_where_question_opens_with_the_place_in_english():
    for question, sentence, line in WHERE_CASES:
        assert opening_line(analyse(question), (), sentence, _chunk(sentence)) == line, question


def test_a_where_answer_without_a_known_place_says_which_arabic_sentence_holds_it():
    sentence = "وصل الوفد صباح اليوم بعد رحلة طويلة"
    line = opening_line(analyse("Where did the delegation arrive?"), (), sentence, _chunk(sentence))
    assert line == "The answer is in this Arabic sentence from SPA, 10 August 2015:"
    # The runner-up sentence quoted after the best one may hold the place.
    runner_up = "وكان الوفد قد غادر إلى عمان"
    assert opening_line(analyse("Where did the delegation go?"), (), sentence, _chunk(sentence), runner_up) == "Oman."
    assert opening_line(analyse("إلى أين وصل الوفد؟"), (), sentence, _chunk(sentence)) is None


TITLED = [
    ("أعلن العقيد أحمد المسماري أن القوات تقدمت نحو المدينة", "Colonel "),
    ("قال اللواء محمد الحربي إن الوحدات انتشرت على الحدود", "Major General "),
    ("صرح الدكتور خالد العتيبي بأن المستشفى استقبل الحالات", "Dr. "),
    ("استقبل الشيخ محمد بن زايد الوفد الزائر", "Sheikh "),
    ("وقال رئيس الوزراء حيدر العبادي إن الحكومة ستواصل الإصلاحات", "Prime Minister "),
    ("والتقى الأمير محمد بن نايف الوفد", "Prince "),
    ("وأكد وزير الخارجية عادل الجبير أن المملكة تدعم الحل السياسي", "Foreign Minister "),
    ("أعلن المهندس سامي الخالدي افتتاح المشروع", "Eng. "),
    ("أفاد الرائد فهد العنزي بأن الحريق أخمد", "Major "),
    ("قال المقدم سعد الغامدي إن التحقيقات مستمرة", "Lieutenant Colonel "),
    ("صرح العميد يوسف المنصوري بأن التدريبات انتهت", "Brigadier General "),
    ("التقى الرئيس عبد الفتاح السيسي بوفد من رجال الأعمال", "President "),
    ("أعلن وزير المالية إبراهيم العساف أن الميزانية أقرت", "Finance Minister "),
    ("قال مدير الشرطة سالم الدوسري إن الطريق أغلق", ""),  # a role English news puts after the name
    ("قال رئيس البرلمان سليم الجبوري إن الجلسة تأجلت", ""),  # "President" only for the president himself
]


def test_an_english_who_answer_keeps_the_title_english_news_writes_before_the_name():
    for sentence, title in TITLED:
        line = opening_line(analyse("Who made the announcement?"), (), sentence, _chunk(sentence))
        assert line and line.endswith("."), sentence
        name = line.removeprefix(title)
        assert name != line or not title, (sentence, line)
        assert name[0].isupper() and not any(name.startswith(other) for other in ("President ", "Colonel ")), line
        arabic = opening_line(analyse("من أعلن ذلك؟"), (), sentence, _chunk(sentence))
        assert arabic and arabic.count(" ") <= 4 and not any("a" <= char <= "z" for char in arabic.lower()), arabic


def test_a_name_asked_for_opens_an_english_answer_transliterated_in_latin_letters_only():
    from rag.answer.asked_facts import facts_for

    sentence = "وقامت قاذفة اميركية من طراز بي-29 اطلق عليها اسم “اينولا غاي” بالتحليق فوق المدينة"
    query = analyse("What was the name of the B-29 bomber that dropped the bomb?")
    line = opening_line(query, facts_for(query, sentence), sentence, _chunk(sentence))
    assert line is not None and line.endswith("”, according to SPA, 10 August 2015.")
    assert line.startswith("“")
    assert line.replace("“", "").replace("”", "").isascii()  # the Arabic stands in the quote under it
    arabic = analyse("ما اسم القاذفة التي ألقت القنبلة؟")
    assert opening_line(arabic, facts_for(arabic, sentence), sentence, _chunk(sentence)) == "اينولا غاي."


def test_the_first_figure_of_a_range_opens_the_answer_with_the_unit_the_range_shares():
    from rag.answer.asked_facts import facts_for

    sentence = "ومن مستجدات الدورة تخفيض سن القيد من 18 إلى 21 عامًا، وفق اللائحة الجديدة"
    arabic = analyse("ما الحد الأدنى لعمر الناخب؟")
    english = analyse("What is the minimum voting age?")
    assert opening_line(arabic, facts_for(arabic, sentence), sentence, _chunk(sentence)) == "18 عامًا."
    line = opening_line(english, facts_for(english, sentence), sentence, _chunk(sentence))
    assert line == "18 years, according to SPA, 10 August 2015."


DESIGNATED_CASES = [
    (  # the stadium's name in quotes, not the city beside it
        "At which stadium was the cup final played?",
        "سيلتقي الفريقان على أرض ملعب “لوفتس رود” التابع لنادي كوينز بارك في العاصمة البريطانية لندن",
        "“Luftis Roud”.",
        "لوفتس رود",
    ),
    (  # a name in quotes after the noun, not the volcano (a word that is also the town Berkane) or the island
        "Which nuclear power station restarted a reactor?",
        'قامت الشركة بتشغيل المفاعل رقم 1 في محطة "سينداي" للطاقة النووية، على بعد 50 كيلومترا من بركان "ساكوراجيما"',
        "“Sinday”.",
        "سينداي",
    ),
    (  # the province, not the city north of which it lies
        "In which Yemeni province is the air base?",
        'أكبر قاعدة جوية في اليمن وتقع بمحافظة "لحج" على بعد 60 كيلومترا شمال عدن',
        "“Lahedj”.",
        "لحج",
    ),
    (  # a place the gazetteer knows after the noun keeps its English name
        "Near which town was the colonel seized?",
        "خطفت الجبهة قائد الفرقة العقيد مساء الأربعاء في ريف حلب قرب مدينة أعزاز الحدودية",
        "I‘zaz.",  # GeoNames' spelling
        "أعزاز",
    ),
    (  # no name after the noun asked: the place the sentence names otherwise
        "At which stadium was the match played?",
        "أقيمت المباراة على الملعب الرئيسي في مدينة جدة",
        "Jeddah.",
        "جدة",
    ),
]


def test_a_which_stadium_station_or_province_question_opens_with_the_name_after_that_noun():
    from rag.answer.opening import answer_place

    for question, sentence, line, written in DESIGNATED_CASES:
        query = analyse(question)
        assert opening_line(query, (), sentence, _chunk(sentence)) == line, question
        place = answer_place(query, sentence)
        assert place is not None and sentence[place.start : place.end] == written, question


def test_a_gazetteer_word_before_a_name_in_quotes_is_a_common_noun_not_a_place():
    assert find_places('يبعد 50 كيلومترا من بركان "ساكوراجيما" النشط') == []  # a volcano, not Berkane
    assert [place.english for place in find_places('وصل الوفد إلى "لندن" أمس')] == ["London"]
