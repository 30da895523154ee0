"""The parts of an extractive answer: names and their Latin spelling, the opening line, cut quotes, list lines."""

import re
from dataclasses import replace

import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.base import QuotePiece, TextPiece
from rag.answer.clauses import MAX_QUOTE_WORDS, clause_spans, trim_to_clauses
from rag.answer.extractive import TYPE_WEIGHT, Candidate, _restates, _second
from rag.answer.facts import find_dates, find_numbers
from rag.answer.lists import list_pieces, story_headline
from rag.answer.names import find_names, romanise
from rag.answer.opening import opening_line, outlet_english
from rag.query.analysis import analyse
from rag.schema import Chunk, Hit, StoryCopy


def _chunk(text: str, n: int = 1, *, date: str | None = "2015-08-10", outlet: str | None = "واس") -> Chunk:
    return Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), f"عنوان {n}", f"file{n}.txt", date=date, outlet=outlet)


def test_names_introduced_by_a_role_are_found_and_romanised():
    cases = [
        ("أكد رئيس وزراء ماليزيا نجيب عبد الرزاق أن الحطام للطائرة", "نجيب عبد الرزاق", "Najib"),
        ("بينهم قائد الفرقة العقيد نديم الحسن مساء الأربعاء", "نديم الحسن", "Nadim"),
        ("حصلت المصورة السعودية نجلاء الخليفة على الميدالية الذهبية", "نجلاء الخليفة", "Najla"),
        ("استقبل المدير العام المهندس صالح بن ناصر الجاسر الطائرة", "صالح بن ناصر الجاسر", "Saleh"),
        # "Abd al-X" written as one word, as Saudi news often writes it
        ("أعلن مدير المؤسسة المهندس أحمد بن عبدالعزيز الفارس ترسية المناقصة", "أحمد بن عبدالعزيز الفارس", "Ahmed"),
        ("أكد إمام الحرم الشيخ عبدالرحمن السديس أن الخطة اكتملت", "عبدالرحمن السديس", "Abd"),
        ("صرح المتحدث العميد عبدالله الحربي بأن الحادث وقع ليلا", "عبدالله الحربي", "Abd"),
    ]
    for sentence, written, latin in cases:
        names = find_names(sentence, titled=True)
        assert [name.text for name in names] == [written], (sentence, names)
        assert names[0].latin.startswith(latin)
        assert sentence[names[0].start : names[0].end] == written


def test_phrases_and_untitled_words_are_not_names():
    for sentence in [
        "نفى باحث في مجال الحياة البرية مقتل الأسد",
        "أعلنت الوزارة اليوم عن خطة جديدة للطرق",
        "ارتفعت أسعار النفط في الأسواق العالمية",
    ]:
        assert find_names(sentence, titled=True) == []
    # untitled, for English readers: a common noun beside a word that is also a name is no name
    assert [name.text for name in find_names("نفى باحث مقتل أسد في زيمبابوي اليوم")] == []
    assert [name.text for name in find_names("قال وزير البيئة محمد المشنوق")] == ["محمد المشنوق"]
    # a surname that is also a common word is a name only with the rest of the name: الأسد is the lion here
    assert find_names("وقتل الصياد الأسد سيسيل قرب الحديقة") == []
    assert [(name.text, name.latin) for name in find_names("وقال الرئيس السوري بشار الأسد")] == [
        ("بشار الأسد", "Bashar al-Assad")
    ]


def test_a_name_ends_before_the_age_a_death_report_gives():
    cases = [
        ("أعلن عن وفاة المذيع السعودي سعود الدوسري عمر ناهز 46 سنة", ["سعود الدوسري"]),
        ("توفي الفنان المصري عمر الشريف عن عمر يناهز 83 عاما", ["عمر الشريف"]),
        ("رحل الشاعر محمد الثبيتي عن عمر قارب الستين", ["محمد الثبيتي"]),
        ("وقال الأمير عمر بن عبدالله إن", ["عمر بن عبدالله"]),  # Omar the given name stays one
    ]
    for sentence, names in cases:
        assert [name.text for name in find_names(sentence)] == names, sentence


def test_foreign_names_take_their_usual_english_spelling():
    assert romanise("بوتين") == "Putin"
    assert romanise("أردوغان") == "Erdogan"
    assert romanise("فلاديمير بوتين") == "Vladimir Putin"
    assert romanise("أليكسيس تسيبراس") == "Alexis Tsipras"
    assert romanise("بان كي مون") == "Ban Ki-moon"
    assert romanise("ميشيل بلاتيني") == "Michel Platini"
    # A known word keeps its spelling inside a name the table does not hold whole, and a name the romanizer
    # misreads is corrected there too.
    assert romanise("سيب بلاتر") == "Sepp Blatter"
    assert romanise("يوري بوتين").endswith(" Putin")
    assert romanise("سلطان بن عبدالعزيز") == "Sultan bin Abdulaziz"
    assert romanise("محمد بن سلمان") == "Mohamed bin Salman"  # nothing known: the romanizer's own spelling
    sentence = "فجرها رئيس الوزراء الكسيس تسيبراس باعلانه عن تنظيم استفتاء"
    line = opening_line(analyse("Whose announcement closed the exchange?"), (), sentence, _chunk(sentence))
    assert line == "Prime Minister Alexis Tsipras."
    assert outlet_english("واس") == "SPA"
    assert outlet_english("الشرق الأوسط") == "Asharq Al-Awsat"
    assert not re.search("[\u0600-\u06ff]", outlet_english("صحيفة المستقبل"))


def test_the_opening_line_states_the_fact_in_the_question_language():
    sentence = "أعلنت الوزارة أنها اشترت 505 آلاف طن من القمح المستورد"
    facts = tuple(find_numbers(sentence))
    english = analyse("How much wheat did the ministry buy?")
    arabic = analyse("كم طنا من القمح اشترت الوزارة؟")
    line = opening_line(english, facts, sentence, _chunk(sentence))
    assert line == "505,000 tonnes, according to SPA, 10 August 2015."
    assert opening_line(arabic, facts, sentence, _chunk(sentence)) == "505 آلاف طن."


def test_an_english_figure_or_date_is_attributed_to_its_outlet_and_day():
    cases = [
        ("How many fighters crossed the border?", "عبر 54 مقاتلا الحدود بعد انتهاء تدريبهم", "54 fighters"),
        ("By what percentage did the index fall?", "هبط المؤشر 22,82 % في الدقائق الأولى", "22.82%"),
        ("How many people died?", "قتل نحو 140 ألف شخص في المدينة", "about 140,000 people"),
        ("In which year did the city host the Games?", "استضافت المدينة الألعاب الصيفية عام 2008", "2008"),
    ]
    for question, sentence, said in cases:
        query = analyse(question)
        facts = tuple(find_dates(sentence) if query.kind == "when" else find_numbers(sentence))
        line = opening_line(query, facts, sentence, _chunk(sentence, outlet="الرياض"))
        assert line == f"{said}, according to Al Riyadh, 10 August 2015.", (question, line)
        assert re.search("[a-z]", line) and not re.search("[\u0600-\u06ff]", line)
    undated = _chunk("عبر 54 مقاتلا الحدود", outlet=None, date=None)
    line = opening_line(analyse("How many fighters crossed?"), tuple(find_numbers(undated.text)), undated.text, undated)
    assert line == "54 fighters, according to the article."


def test_a_month_named_without_a_year_next_to_the_article_s_month_takes_its_year():
    query = analyse("When will commercial operation begin?")
    for sentence, said in [
        ("يبدأ التشغيل التجاري مطلع سبتمبر", "early September 2015"),
        ("تنتهي الأعمال في أواخر يوليو", "late July 2015"),
        ("يفتتح المعرض في شهر مارس", "March"),  # far from the article's August: either year
    ]:
        line = opening_line(query, tuple(find_dates(sentence)), sentence, _chunk(sentence))
        assert line == f"{said}, according to SPA, 10 August 2015.", line


@pytest.mark.parametrize(
    ("sentence", "arabic", "english"),
    [
        # two dates as full: the first, where the span runs from
        (
            "تبدأ مرحلة قيد الناخبين يوم السبت 7-11-1436 هـ وتنتهي يوم الاثنين 1-12-1436 هـ",
            "7-11-1436",
            "7 Dhu al-Qadah 1436 AH",
        ),
        ("افتتح المعرض في 3 أغسطس 2015 ويستمر حتى 20 أغسطس 2015", "3 أغسطس 2015", "3 August 2015"),
        # a fuller date after a weekday or a month alone
        ("أعلنت الوزارة يوم الأحد أن التسجيل يبدأ في 16 أغسطس 2015", "16 أغسطس 2015", "16 August 2015"),
        ("تأجل الموعد من مايو إلى 26 أكتوبر 2015", "26 أكتوبر 2015", "26 October 2015"),
    ],
)
def test_a_when_answer_opens_with_the_fullest_date_of_its_sentence_and_of_two_as_full_the_first(
    sentence, arabic, english
):
    arabic_query, english_query = analyse("متى يبدأ؟"), analyse("When does it begin?")
    opened = opening_line(arabic_query, facts_for(arabic_query, sentence), sentence, _chunk(sentence))
    assert opened.startswith(arabic)
    line = opening_line(english_query, facts_for(english_query, sentence), sentence, _chunk(sentence))
    assert line.startswith(english), line


def test_a_when_question_asking_only_when_something_ends_takes_the_second_of_two_full_dates():
    sentence = "تبدأ مرحلة قيد الناخبين يوم السبت 7-11-1436 هـ وتنتهي يوم الاثنين 1-12-1436 هـ"
    for question, said in [
        ("متى تنتهي مرحلة القيد؟", "1-12-1436"),
        ("When does registration end?", "1 Dhu al-Hijjah 1436 AH"),
        ("When does registration begin and end?", "7 Dhu al-Qadah 1436 AH"),
    ]:
        query = analyse(question)
        line = opening_line(query, facts_for(query, sentence), sentence, _chunk(sentence))
        assert line.startswith(said), line


def test_a_date_without_a_year_takes_the_article_year_and_the_article_date_is_labelled():
    sentence = "قرر المجلس إعادة فتح البورصة يوم الإثنين الثالث من آب"
    query = analyse("When did the exchange reopen?")
    facts = tuple(find_dates(sentence))
    line = opening_line(query, facts, sentence, _chunk(sentence, date="2015-08-01"))
    assert line == "Monday 3 August 2015, according to SPA, 1 August 2015."
    undated = "قرر المجلس إعادة فتح البورصة قريبا"
    line = opening_line(query, (), undated, _chunk(undated, date="2015-08-01"))
    assert line == "The article's own date: 1 August 2015 (SPA)."
    arabic = opening_line(analyse("متى تفتح البورصة؟"), (), undated, _chunk(undated, date="2015-08-01"))
    assert arabic == "تاريخ المقال: 2015-08-01 (واس)."


def test_an_english_reader_is_told_which_arabic_sentence_answers_when_no_fact_is_typed():
    sentence = "وصلت القطعة إلى المختبر لفحصها"
    line = opening_line(analyse("Where was the part sent?"), (), sentence, _chunk(sentence, outlet="الرياض"))
    assert line == "The answer is in this Arabic sentence from Al Riyadh, 10 August 2015:"
    assert opening_line(analyse("إلى أين أرسلت القطعة؟"), (), sentence, _chunk(sentence)) is None


def _candidate(text: str, n: int = 1, score: float = 0.9, offset: int = 0) -> Candidate:
    return Candidate(n, offset, offset + len(text), text, score, tuple(find_numbers(text)))


def test_a_long_sentence_is_cut_to_an_exact_span_that_keeps_the_fact():
    text = (
        "وقال المتحدث باسم الوزارة في مؤتمر صحفي عقده في الرياض مساء أمس بحضور عدد من المسؤولين، "
        "إن الحكومة قررت تخصيص مبالغ إضافية للمشاريع الجديدة في المناطق الشمالية والجنوبية، "
        "وإن المؤسسة اشترت 505 آلاف طن من القمح المستورد في مناقصتها الثالثة هذا العام، "
        "مؤكدا أن الشحنات ستصل تباعا خلال الأشهر المقبلة إلى موانئ المملكة على البحر الأحمر والخليج العربي."
    )
    candidate = _candidate(text, offset=100)
    start, end, quote = trim_to_clauses(candidate, analyse("How much wheat did the organisation buy?"))
    assert quote == text[start - 100 : end - 100]
    assert "505 آلاف طن" in quote
    assert len(quote.split()) <= MAX_QUOTE_WORDS + 20
    assert len(clause_spans(text)) == 4


def test_a_long_sentence_is_cut_to_the_clauses_of_its_first_fact_not_of_another_one():
    text = (
        "خطف التنظيم المتطرف نحو 230 مدنيا، "
        "بينهم 60 مسيحيا على الأقل، بعد استيلائه على بلدة القريتين في ريف حمص الشرقي قرب طريق تدمر الصحراوي، "
        "حسب ما أفاد المرصد السوري لحقوق الإنسان في بيان مطول نشره أمس على موقعه الإلكتروني الرسمي باللغتين، "
        "وقال مدير المرصد في اتصال هاتفي إن مصير المخطوفين من أبناء البلدة لا يزال مجهولا حتى الآن "
        "رغم محاولات الوساطة التي يقوم بها وجهاء العشائر في المنطقة منذ أيام."
    )
    query = analyse("How many civilians did the group abduct after seizing al-Qaryatain in Homs?")
    candidate = Candidate(1, 0, len(text), text, 0.9, facts_for(query, text))
    assert candidate.facts[0].english == "about 230 civilians"
    _, _, quote = trim_to_clauses(candidate, query)
    assert "230" in quote


def test_a_long_sentence_without_a_fact_keeps_the_clause_after_the_question_s_words():
    text = (
        "وأخذت جهود تكرير وعزل الساليسين وحمض السالسيليك سنوات عديدة امتدت من منتصف إلى آخر القرن التاسع عشر، "
        "وأتمها فيليكس هوفمان الكيميائي التابع لمعامل باير في ألمانيا بعد تجارب طويلة على المركب، "
        "وكان قد سبقه إلى ذلك الكيميائي الفرنسي شارل فريدريك جيرهارد في منتصف القرن نفسه، "
        "ثم انتشر الدواء في أوروبا وأمريكا خلال العقود التالية وأصبح من أكثر الأدوية استعمالا في العالم."
    )
    candidate = Candidate(1, 0, len(text), text, 0.9, ())
    start, end, quote = trim_to_clauses(candidate, analyse("من قام بتكرير وعزل الساليسين وحمض السالسيليك؟"))
    assert quote.startswith("وأخذت جهود") and "فيليكس هوفمان" in quote and quote == text[start:end]
    assert len(quote.split()) <= MAX_QUOTE_WORDS


def test_a_quote_without_a_fact_runs_on_through_every_following_clause_that_fits():
    text = (
        "وفي الصباح الباكر من يوم السادس بدأت القوات المصرية الهجوم على طول الجبهة الممتدة من السويس، "
        "وكانت هناك إنجازات ملموسة في الساعات الأولى للمعارك، "
        "فعبرت القوات قناة السويس بنجاح وحطمت حصون خط بارليف خلال ست ساعات، "
        "بينما تقدمت القوات السورية في هضبة الجولان وحققت تقدما كبيرا في الأيام الأولى من الحرب قبل أن "
        "تتغير موازين القتال على الجبهتين في الأسبوع الثاني بعد وصول الإمدادات الأمريكية الكبيرة إلى إسرائيل."
    )
    assert len(text.split()) > MAX_QUOTE_WORDS
    candidate = Candidate(1, 0, len(text), text, 0.9, ())
    start, end, quote = trim_to_clauses(candidate, analyse("ماذا فعلت القوات المصرية في بداية الهجوم؟"))
    assert quote == text[start:end]
    assert quote.startswith("وفي الصباح") and "قناة السويس" in quote
    assert len(quote.split()) <= MAX_QUOTE_WORDS


def test_a_long_following_clause_lends_its_first_words_to_a_quote_without_a_fact():
    text = (
        "حكم آل سعود تاريخيا في نجد ومناطق واسعة من الجزيرة العربية أكثر من مرة، "
        "وتعتبر المملكة الحالية نتاجا ووارثة لتلك الكيانات التاريخية، "
        "أول تلك الكيانات إمارة الدرعية التي أسسها محمد بن سعود سنة 1744 وظلت قائمة حتى قاد إبراهيم باشا جيش "
        "والي مصر في حملة طويلة للقضاء عليها بعد حصار دام شهورا وانتهى بسقوط العاصمة وتدمير أسوارها وأسر أمرائها."
    )
    candidate = Candidate(1, 0, len(text), text, 0.9, ())
    start, end, quote = trim_to_clauses(candidate, analyse("من أسس أول الكيانات التاريخية في الجزيرة العربية؟"))
    assert quote == text[start:end]
    assert "محمد بن سعود" in quote
    assert len(quote.split()) <= MAX_QUOTE_WORDS
    assert not quote.endswith("أمرائها.")  # the long clause is cut at the quote's length


DEFINED = [
    (
        "ما هي حرب أكتوبر؟",
        "حرب أكتوبر أو حرب العاشر من رمضان كما تعرف في مصر أو حرب تشرين التحريرية كما تعرف في سوريا، "
        "أو حرب يوم الغفران بالعبرية كما تعرف في إسرائيل وفي كثير من وسائل الإعلام الغربية منذ ذلك الوقت، "
        "هي حرب شنتها كل من مصر وسوريا على إسرائيل عام 1973 وهي رابع الحروب العربية الإسرائيلية، "
        "بعد حرب 1948 وحرب 1956 وحرب 1967 التي احتلت فيها إسرائيل شبه جزيرة سيناء وهضبة الجولان.",
        "هي حرب شنتها كل من مصر وسوريا",
    ),
    (
        "ماهو الإيدز؟",
        "الإيدز أو السيدا أو متلازمة نقص المناعة المكتسبة (بالإنجليزية: AIDS؛ وبالفرنسية: SIDA؛ وبالإسبانية: SIDA؛ "
        "وبالألمانية: AIDS؛ وبالإيطالية: AIDS؛ وبالبرتغالية: SIDA؛ وبالروسية: СПИД؛ وبالتركية: AIDS) "
        "هو مرض يصيب الجهاز المناعي البشري ويسببه فيروس نقص المناعة البشرية، "
        "وتؤدي الإصابة به إلى التقليل من فاعلية الجهاز المناعي للإنسان بشكل تدريجي على مدى سنوات طويلة من العدوى.",
        "هو مرض يصيب الجهاز المناعي",
    ),
    (
        "Who is Mohammed Ali Pasha?",
        "محمد علي باشا المسعود بن إبراهيم آغا القوللي (بالتركية العثمانية: قوللى محمد على پاشا؛ وبالتركية الحديثة: "
        "Kavalalı Mehmet Ali Paşa؛ وبالألبانية: Mehmet Ali Pasha)، الملقب بالعزيز أو عزيز مصر في كتب التاريخ والصحافة، "
        "هو مؤسس الأسرة العلوية وحاكم مصر ما بين عامي 1805 إلى 1848، ويشيع وصفه بأنه مؤسس مصر الحديثة "
        "وهي مقولة كان هو نفسه أول من روج لها في رسائله إلى القناصل والتجار الأوروبيين في الإسكندرية.",
        "هو مؤسس الأسرة العلوية",
    ),
]


@pytest.mark.parametrize(("question", "text", "predicate"), DEFINED)
def test_a_long_definition_is_cut_to_the_clauses_after_its_pronoun(question, text, predicate):
    query = analyse(question)
    candidate = Candidate(1, 0, len(text), text, 0.9, ())
    start, end, quote = trim_to_clauses(candidate, query)
    assert quote == text[start:end]
    assert predicate in quote
    assert len(quote.split()) <= MAX_QUOTE_WORDS


def test_a_question_about_a_term_is_not_cut_to_a_pronoun():
    text = DEFINED[0][1]
    _, _, quote = trim_to_clauses(Candidate(1, 0, len(text), text, 0.9, ()), analyse("متى بدأت حرب أكتوبر؟"))
    assert not quote.startswith("هي حرب")


LONG_WHO = [
    (
        "من المدير العام للخطوط السعودية الذي استقبل الطائرة الجديدة في جدة؟",
        "تسلمت الخطوط الجوية العربية السعودية طائرة جديدة من طراز بوينج عريضة الهيكل وبعيدة المدى، "
        "ووصلت الطائرة يقودها طاقمان من طياري الخطوط السعودية إلى مطار الملك عبدالعزيز الدولي في جدة يوم الخميس، "
        "بعد رحلة مباشرة من الولايات المتحدة استغرقت أربع عشرة ساعة فوق المحيط الأطلسي وأوروبا، "
        "حيث جرى استقبالها بحضور المهندس صالح بن ناصر الجاسر وعدد من المسؤولين في المؤسسة.",
        "صالح بن ناصر الجاسر",
    ),
    (
        "Who heads the grain organisation that bought the third wheat shipment?",
        "أتمت المؤسسة العامة لصوامع الغلال ومطاحن الدقيق إجراءات ترسية الدفعة الثالثة من القمح المستورد لهذا العام، "
        "وتبلغ الكمية 505 آلاف طن تصل خلال الأشهر المقبلة إلى موانئ جدة والدمام في تسع بواخر، "
        "وقد تمت الترسية على عدد من الشركات العالمية بعد دراسة العروض المقدمة، "
        "وأوضح ذلك مدير عام المؤسسة المهندس أحمد بن عبدالعزيز الفارس في تصريح صحفي اليوم.",
        "أحمد بن عبدالعزيز الفارس",
    ),
]


def test_a_long_who_sentence_is_cut_to_clauses_that_keep_the_name():
    from rag.answer.opening import answer_names

    for question, text, name in LONG_WHO:
        query = analyse(question)
        candidate = Candidate(1, 50, 50 + len(text), text, 0.9, ())  # "who" sentences carry no typed facts
        named = answer_names(query, text, untitled=False)
        assert [found.text for found in named] == [name], question
        start, end, quote = trim_to_clauses(candidate, query, [(found.start, found.end) for found in named])
        assert name in quote and quote == text[start - 50 : end - 50], question


def test_a_list_answer_has_one_dated_line_per_story_in_date_order():
    texts = [
        "أعلنت الحكومة فتح البنوك اليونانية يوم 20 يوليو بعد إغلاق دام ثلاثة أسابيع كاملة",
        "قرر مجلس إدارة البورصة إعادة فتح سوق أثينا يوم الإثنين الثالث من آب بعد إغلاق طويل",
        "قرر مجلس إدارة البورصة إعادة فتح سوق أثينا يوم الإثنين الثالث من آب بعد إغلاق طويل جدا",
    ]
    okaz = StoryCopy("a3", "عنوان 3", "file3.txt", "2015-08-01", "عكاظ")
    copy = _chunk(texts[2], 3, date="2015-08-01", outlet="عكاظ")
    passages = [
        Hit(_chunk(texts[0], 1, date="2015-07-20", outlet="الرياض"), 1.0, 1),
        Hit(_chunk(texts[1], 2, date="2015-08-01", outlet="واس"), 0.9, 2, copies=(okaz,)),
        Hit(Chunk(**{**copy.__dict__, "story": "a2"}), 0.8, 3),  # the copy in its story, as a store groups it
    ]
    candidates = [_candidate(texts[1], 2, 0.92), _candidate(texts[0], 1, 0.9), _candidate(texts[2], 3, 0.89)]
    pieces = list_pieces(analyse("On which dates did the banks and the exchange reopen?"), candidates, passages)
    quotes = [piece for piece in pieces if isinstance(piece, QuotePiece)]
    assert [quote.n for quote in quotes] == [1, 2]  # by date; the copy in عكاظ is folded into its story
    text = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece))
    assert "20 July 2015" in text and "SPA" in text and "also in: Okaz" in text
    # A list of dates opens with the dates themselves, in English for an English question, then one line each.
    opening = text.splitlines()[0]
    assert opening.startswith("20 July") and "Monday 3 August" in opening and not re.search("[\u0600-\u06ff]", opening)
    arabic = list_pieces(analyse("في أي يومين فتحت البنوك والبورصة؟"), candidates, passages)
    assert len([piece for piece in arabic if isinstance(piece, QuotePiece)]) == 2


def test_a_list_of_places_or_people_names_each_item_on_its_line():
    places = [
        "توجه محققون إلى جزيرة ريونيون لمعاينة حطام طائرة عثر عليه الأربعاء",
        "وصل فريق من الخبراء إلى المالديف لفحص حطام عثر عليه السكان على الشاطئ",
    ]
    passages = [Hit(_chunk(text, n, date=f"2015-08-0{n}"), 1.0 - n / 10, n) for n, text in enumerate(places, 1)]
    candidates = [_candidate(text, n, 0.9 - n / 100) for n, text in enumerate(places, 1)]
    pieces = list_pieces(analyse("On which islands was debris examined?"), candidates, passages)
    text = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece))
    assert text.splitlines()[0] == "Réunion; Maldives.", text
    assert "- Maldives — SPA, 2 August 2015: «عنوان 2» — " in text


def test_a_list_line_shows_its_story_s_headline_without_the_wire_desk_unless_the_quote_says_it():
    quotes = [
        "وبلغ حجم التداول في البورصة 110 آلاف سهم بقيمة 357 ألف دولار",
        "سجل المؤشر العام لبورصة قطر اليوم ارتفاعا بقيمة 69.84 نقطة",
        "أغلق مؤشر سوق مسقط اليوم مرتفعا بنسبة 0.19 %",
    ]
    titles = [
        "اقتصادي / مؤشر بورصة بيروت يغلق على ارتفاع بنسبة 0.27 %",
        "مؤشر بورصة قطر يسجل ارتفاعا",
        "أغلق مؤشر سوق مسقط اليوم مرتفعا…",  # the quote says the headline: not said twice
    ]
    passages = [
        Hit(Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), title, f"f{n}.txt", date="2015-08-10", outlet="واس"), 0.9, n)
        for n, (text, title) in enumerate(zip(quotes, titles, strict=True), 1)
    ]
    candidates = [_candidate(text, n, 0.9 - n / 100) for n, text in enumerate(quotes, 1)]
    pieces = list_pieces(analyse("ما البورصات التي أغلقت مرتفعة؟"), candidates, passages)
    lines = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece)).splitlines()
    assert lines[0] == "- 2015-08-10، واس: «مؤشر بورصة بيروت يغلق على ارتفاع بنسبة 0.27 %» — "
    assert lines[1] == "- 2015-08-10، واس: «مؤشر بورصة قطر يسجل ارتفاعا» — "
    assert lines[2] == "- 2015-08-10، واس: "
    assert story_headline("عام / ", "نص") == "" and story_headline("", "نص") == ""
    assert story_headline("2015/8/20 افتتاح المعرض", "نص") == "2015/8/20 افتتاح المعرض"  # a date is no desk


def test_a_list_gives_a_line_to_a_new_item_rather_than_another_story_of_an_item_already_listed():
    sentences = [
        "وتقام مباراة كأس السوبر السعودي في العاصمة البريطانية لندن يوم الأربعاء",
        "ووصل فريق النصر إلى العاصمة البريطانية لندن استعدادا لمباراة كأس السوبر",
        "وأحرز يوفنتوس كأس السوبر الإيطالي في مدينة شانغهاي الصينية يوم السبت",
        "وتنطلق منافسات الدوري السعودي للمحترفين بعد مباراة السوبر بأسبوع",
    ]
    passages = [Hit(_chunk(text, n, date=f"2015-08-0{n}"), 1.0 - n / 10, n) for n, text in enumerate(sentences, 1)]
    candidates = [_candidate(text, n, 0.95 - n / 100) for n, text in enumerate(sentences, 1)]
    pieces = list_pieces(analyse("In which cities were the two super cups played?"), candidates, passages)
    assert [piece.n for piece in pieces if isinstance(piece, QuotePiece)] == [1, 3, 4]  # no second London story
    text = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece))
    assert text.splitlines()[0] == "London; Shanghai.", text


def test_a_who_question_opens_with_the_name_in_its_own_script():
    sentence = "خطفت الجبهة ثمانية عناصر بينهم قائد الفرقة العقيد نديم الحسن قرب مدينة اعزاز"
    chunk = _chunk(sentence)
    assert opening_line(analyse("من هو قائد الفرقة المخطوف؟"), (), sentence, chunk) == "نديم الحسن."
    assert opening_line(analyse("Who commanded the unit?"), (), sentence, chunk) == "Colonel Nadim al-Hassan."


RELATIONS = [
    ("Since when had rubbish been piling up in the streets?", "Since 17 July 2015"),
    ("Until when will the landfill stay closed?", "Until 17 July 2015"),
    ("From what date can workers apply for the benefit?", "From 17 July 2015"),
    ("By which date must the forms be returned?", "By 17 July 2015"),
    ("And since when has the road been closed?", "Since 17 July 2015"),
    ("When did the rubbish start piling up?", "17 July 2015"),
    ("When was the road closed since the storm began?", "17 July 2015"),
    ("What date did the ministry give for the reopening?", "17 July 2015"),
]


def test_an_english_date_opens_with_the_relation_the_question_asks_for():
    sentence = "تتكدس النفايات في الشوارع منذ 17 يوليو الماضي بعد إغلاق المطمر الرئيسي"
    for question, opening in RELATIONS:
        line = opening_line(analyse(question), find_dates(sentence), sentence, _chunk(sentence, date="2015-07-26"))
        assert line == f"{opening}, according to SPA, 26 July 2015.", question


def _one_story(embeddings, text: str, title: str):
    """Return an answerer over one story, and its hit, close to the questions asked of it."""
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), title, "file1.txt", date="2015-08-11")
    return _extractive(embeddings, [chunk]), [Hit(chunk, 1.0, 1, dense=0.85)]


def _pieces(answerer, question: str, hits: list[Hit], embeddings) -> list:
    """Return the pieces an answerer yields for a question over the given hits."""
    query = analyse(question)
    return list(answerer.stream(query, hits, embeddings.embed_query(query.search_text)))


def _extractive(embeddings, chunks: list[Chunk]):
    """Return the extractive answerer with a keyword index of the chunks for its word statistics."""
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.index.keyword import KeywordIndex

    keyword = KeywordIndex()
    keyword.add(chunks)
    return ExtractiveAnswerer(embeddings, keyword)


def test_of_two_like_sentences_the_one_whose_passage_is_closer_to_the_question_ranks_first(embeddings):

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), "أرباح الشركة", f"file{n}.txt", date="2015-08-10")

    sentence = "وقالت الشركة في بيان إن صافي أرباحها بلغ {} مليارات ريال خلال النصف الأول من العام."
    chunks = [chunk(1, sentence.format(5)), chunk(2, sentence.format(7)), chunk(3, "وتراجع سهم الشركة في السوق أمس.")]
    answerer = _extractive(embeddings, chunks)
    query = analyse("كم بلغ صافي أرباح الشركة؟")
    vector = embeddings.embed_query(query.search_text)
    for dense, first in [((0.80, 0.90, 0.70), 2), ((0.90, 0.80, 0.70), 1), ((0.90, None, 0.75), 1)]:
        pairs = enumerate(zip(chunks, dense, strict=True), start=1)
        hits = [Hit(chunk, 1.0 / rank, rank, dense=value) for rank, (chunk, value) in pairs]
        # a passage found by keywords alone is taken as no closer than the farthest the vector search saw
        assert answerer.candidates(query, hits, vector)[0].n == first, dense


SAME_STORY = [
    "أحرز الفريق كأس السوبر للمرة السابعة في تاريخه إثر فوزه على منافسه 2-0 في شنغهاي.",
    "وتعد هذه المرة الرابعة التي تقام فيها المباراة في الصين بعد ثلاث نسخ في بكين.",
    "وسجل المهاجم الجديد الهدف الأول في الدقيقة 69 من متابعة لتمريرة عرضية.",
    "وبلغ عدد المتفرجين في الملعب 40 ألف متفرج بحسب المنظمين.",
]
WORDS_ASKED = [
    "للمرة الكم أحرز الفريق كأس السوبر بفوزه على منافسه؟",
    "في أي دقيقة سجل المهاجم الجديد الهدف الأول؟",
    "كم بلغ عدد المتفرجين في ملعب المباراة؟",
    "في أي مدينة أقيمت المباراة للمرة الرابعة؟",
]


def test_an_arabic_questions_words_in_a_sentence_raise_its_score_and_an_english_questions_do_not(embeddings):
    from dataclasses import replace

    from rag.answer.extractive import COVERAGE_WEIGHT
    from rag.query.terms import Coverage

    chunks = [
        Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), "الفريق يتوج بكأس السوبر", f"f{n}.txt", date="2015-08-08")
        for n, text in enumerate(SAME_STORY, start=1)
    ]
    answerer = _extractive(embeddings, chunks)
    hits = [Hit(chunk, 1.0 / rank, rank, dense=0.85) for rank, chunk in enumerate(chunks, start=1)]
    assert COVERAGE_WEIGHT["ar"] > 0 and not COVERAGE_WEIGHT.get("en")
    for question in WORDS_ASKED:
        query = analyse(question)
        vector = embeddings.embed_query(query.search_text)
        arabic = {candidate.text: candidate for candidate in answerer.candidates(query, hits, vector)}
        english = {
            candidate.text: candidate for candidate in answerer.candidates(replace(query, language="en"), hits, vector)
        }
        coverage = Coverage(query.terms, answerer.idf.doc_freq, answerer.idf.count())
        shares = {text: coverage(text) for text in arabic}
        assert max(shares.values()) > 2 * min(shares.values()), (question, shares)  # the sentences differ in words held
        for text, candidate in arabic.items():
            lift = candidate.score - english[text].score
            typed = TYPE_WEIGHT * (bool(candidate.facts) - bool(english[text].facts))
            assert lift == pytest.approx(COVERAGE_WEIGHT["ar"] * shares[text] + typed, abs=1e-6), (question, text)


def test_a_list_question_weighs_sentences_from_every_passage_not_only_the_best_one(embeddings):
    from rag.answer.extractive import MAX_EMBEDDED

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), "معسكرات الأندية", f"file{n}.txt", date="2015-07-2{n}")

    # The first article says "معسكر" in every sentence; the others name their camp once, among other news.
    crowded = " ".join(f"وواصل الفريق معسكر الإعداد الخارجي في يومه رقم {day} بتدريبات بدنية." for day in range(15))
    others = [
        "وصل فريق الشباب إلى هولندا أمس لبدء التحضير للموسم الجديد. وتعاقد النادي مع مدرب جديد للياقة.",
        "غادر فريق الاتفاق إلى تركيا لإقامة معسكره. وأعلنت الإدارة تجديد عقد قائد الفريق لموسمين.",
        "بدأ فريق الفتح تحضيراته في النمسا استعدادا للموسم. وأكد رئيس النادي جاهزية الملعب.",
    ]
    chunks = [chunk(1, crowded), *(chunk(n, text) for n, text in enumerate(others, start=2))]
    answerer = _extractive(embeddings, chunks)
    hits = [Hit(chunk, 1.0 / rank, rank, dense=0.8) for rank, chunk in enumerate(chunks, start=1)]
    for question, listed in [("في أي الدول أقامت الأندية معسكراتها؟", True), ("أين أقام الفريق معسكره؟", False)]:
        query = analyse(question)
        assert query.wants_list is listed, question
        candidates = answerer.candidates(query, hits, embeddings.embed_query(query.search_text))
        passages = {candidate.n for candidate in candidates}
        if listed:
            assert passages == {1, 2, 3, 4}, question
        else:
            assert len(candidates) == MAX_EMBEDDED, question


def test_a_list_opening_names_each_item_once_in_its_fullest_form():
    sentences = [
        ("أعلن الفرنسي ميشال بلاتيني رئيس الاتحاد الأوروبي ترشحه لرئاسة الفيفا رسميا", "2015-07-29"),
        ("وقال بلاتيني في بيان إنه سيقدم ملفه للاتحادات قبل نهاية المهلة المحددة", "2015-07-30"),
        ("أعلن الكوري الجنوبي تشونغ مونغ جون نيته الترشح لرئاسة الاتحاد الدولي", "2015-07-31"),
    ]
    passages = [Hit(_chunk(text, n, date=date), 1.0 - n / 10, n) for n, (text, date) in enumerate(sentences, 1)]
    candidates = [_candidate(text, n, 0.9 - n / 100) for n, (text, _) in enumerate(sentences, 1)]
    for question in ("Which candidates announced bids for the FIFA presidency?", "ما أسماء المرشحين لرئاسة الفيفا؟"):
        pieces = list_pieces(analyse(question), candidates, passages)
        opening = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece)).splitlines()[0]
        items = opening.rstrip(".").split("; " if question.isascii() else "؛ ")
        assert len(items) == 2 and not any(a != b and a in b for a in items for b in items), opening


NOT_KNOWN_SENTENCES = [
    "ولم يعرف بعد سبب الحادث.",
    "ولم تتضح بعد ملابسات الهجوم الذي استهدف الدورية.",
    "وقال المتحدث إن هوية المهاجمين لا تزال مجهولة حتى الآن.",
    "وأكدت الشرطة أن أسباب الحريق قيد التحقيق.",
    "ولم يتم تحديد موعد لاستئناف الرحلات حتى الساعة.",
    "ولا يزال مصير الطيار مجهولا.",
]
KNOWN_SENTENCES = [
    "وأرجع الدفاع المدني سبب الحريق إلى تماس كهربائي.",
    "وقال إن الأسباب معروفة للجميع.",
    "أعلن تنظيم داعش مسؤوليته عن الهجوم.",
    "ولم يكن الحادث الأول من نوعه في المنطقة.",
]


def test_sentences_that_say_a_fact_is_not_known_yet_are_told_from_those_that_state_it():
    from rag.answer.not_known import says_not_known

    for sentence in NOT_KNOWN_SENTENCES:
        assert says_not_known(sentence), sentence
    for sentence in KNOWN_SENTENCES:
        assert not says_not_known(sentence), sentence


def test_when_the_closest_sentence_says_the_fact_is_not_known_the_answer_says_so_and_quotes_it(embeddings):
    from rag.answer.base import NotKnownPiece

    text = "تحطمت طائرة عسكرية أمريكية في غابة بولاية بافاريا جنوب ألمانيا اليوم. ولم يعرف بعد سبب الحادث."
    answerer, hits = _one_story(embeddings, text, "تحطم طائرة عسكرية في ألمانيا")
    for question in ("What caused the military jet to crash in Bavaria?", "لماذا تحطمت الطائرة؟"):
        pieces = _pieces(answerer, question, hits, embeddings)
        assert isinstance(pieces[0], NotKnownPiece), (question, pieces)
        (quote,) = [piece for piece in pieces if isinstance(piece, QuotePiece)]
        assert quote.text == "ولم يعرف بعد سبب الحادث." and text[quote.start : quote.end] == quote.text
    # a sentence that names the asked-for person answers a "who" question, though it says something is unknown
    text = "وكان مقنعون اختطفوا في مايو الأب جاك مراد رئيس دير مار إليان، ولا يزال مصيره مجهولا."
    chunk = Chunk("c2", "a2", 0, text, 0, len(text), "خطف رجل دين في القريتين", "file2.txt", date="2015-08-08")
    answerer = _extractive(embeddings, [chunk])
    query = analyse("من رجل الدين الذي خطف في القريتين؟")
    pieces = list(answerer.stream(query, [Hit(chunk, 1.0, 1, dense=0.85)], embeddings.embed_query(query.search_text)))
    assert not any(isinstance(piece, NotKnownPiece) for piece in pieces) and "جاك مراد" in pieces[0].text


def _two_stories(embeddings, title: str, closer: str, farther: str):
    """Return an answerer over two one-sentence stories, and their hits with the first much closer to questions."""
    first, second = (
        Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), title, f"file{n}.txt", date="2015-08-10")
        for n, text in ((1, closer), (2, farther))
    )
    return _extractive(embeddings, [first, second]), [Hit(first, 1.0, 1, dense=0.95), Hit(second, 0.5, 2, dense=0.55)]


def test_a_sentence_naming_the_asked_member_of_a_series_is_preferred_among_the_closest(embeddings):
    # The running total sits in the passage closest to the question; the third batch in one a little farther. (A
    # news headline: one that only names a subject would let the question's words beyond it rank the batch first.)
    answerer, hits = _two_stories(
        embeddings,
        "المؤسسة تعلن ترسية مناقصة جديدة لاستيراد القمح",
        "وأفاد أن المؤسسة بترسيتها لهذه المناقصة تكون قد تعاقدت منذ بداية هذا العام على نحو 2 مليون طن.",
        "وأتمت المؤسسة إجراءات ترسية الدفعة الثالثة من القمح المستورد لهذا العام بكمية 505 آلاف طن.",
    )
    for question in (
        "How much imported wheat did the organisation award in its third tender?",
        "كم طنا من القمح رست في المناقصة الثالثة؟",
    ):
        query = analyse(question)
        vector = embeddings.embed_query(query.search_text)
        assert answerer.candidates(query, hits, vector)[0].n == 1, question  # closer in meaning with its passage
        pieces = list(answerer.stream(query, hits, vector))
        first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
        assert "الدفعة الثالثة" in first_quote.text, (question, pieces)


def test_a_who_question_about_an_event_quotes_first_a_close_sentence_telling_it(embeddings):
    # The office's holder speaks in the passage closest to the question; the appointment is a little farther.
    answerer, hits = _two_stories(
        embeddings,
        "أمانة منطقة جازان",
        "أوضح أمين منطقة جازان المهندس محمد بن حمود الشايع أنه تم رفع عدد المراكز الانتخابية في المنطقة.",
        "وشملت القرارات تعيين المهندس محمد بن مبارك الدوسري على وظيفة أمين منطقة جازان.",
    )
    for question, said in (
        ("Who was appointed mayor of Jazan region?", "تعيين"),
        ("من تم تعيينه أمينا لمنطقة جازان؟", "تعيين"),
    ):
        query = analyse(question)
        vector = embeddings.embed_query(query.search_text)
        assert answerer.candidates(query, hits, vector)[0].n == 1, question  # closer in meaning with its passage
        pieces = list(answerer.stream(query, hits, vector))
        first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
        assert said in first_quote.text, (question, pieces)


def test_a_follow_up_asking_a_new_figure_may_be_answered_by_the_sentence_quoted_before(embeddings):
    stormed = "قتل 12 شخصا بينهم خمسة عسكريين في عملية احتجاز الرهائن في فندق بيبلوس في مدينة سيفاري."
    staff = "وأعلنت البعثة الأممية أن 5 موظفين متعاقدين معها قتلوا في الهجوم على الفندق."
    answerer, hits = _one_story(embeddings, f"{stormed} {staff}", "مقتل 12 شخصا في هجوم على فندق في مالي")
    said = f"The answer is in this Arabic sentence: {stormed} [1]"

    def first_quote(question: str, earlier: str) -> str:
        query = analyse(question, ((earlier, said),))
        assert query.follow_up, question
        pieces = list(answerer.stream(query, hits, embeddings.embed_query(query.search_text)))
        return next(piece.text for piece in pieces if isinstance(piece, QuotePiece))

    # the hotel's name was asked before: the count is new, and the sentence quoted then holds it
    assert "12 شخصا" in first_quote("How many people were killed there?", "Which hotel in Sévaré was stormed?")
    # a count was asked before: that answer's sentence is not given again
    assert "5 موظفين" in first_quote("And how many of them were UN staff?", "How many people were killed in Sévaré?")


def test_a_long_where_sentence_is_cut_to_clauses_that_keep_the_place_its_opening_names(embeddings):

    text = (
        "تعتبر قاعدة العند الجوية التي بناها الاتحاد السوفيتي إبان الحرب الباردة في عهد الدولة الجنوبية السابقة "
        "أوائل ثمانينيات القرن الماضي أكبر قاعدة جوية عسكرية في البلاد، وقد شهدت القاعدة أهم المعارك والاشتباكات "
        "خلال حرب 1994 الأهلية بين القوات الشمالية والجنوبية، وتقع قرب مدينة تعز على بعد 60 كيلومترا من الساحل، "
        "واستعادتها القوات الحكومية من الحوثيين أمس بعد معارك عنيفة استمرت أياما."
    )
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), "استعادة قاعدة العند الجوية", "file1.txt", date="2015-08-03")
    answerer = _extractive(embeddings, [chunk])
    for question, place in (
        ("Near which city is the Al-Anad air base?", "Taiz"),
        ("قرب أي مدينة تقع قاعدة العند؟", "تعز"),
    ):
        query = analyse(question)
        pieces = list(
            answerer.stream(query, [Hit(chunk, 1.0, 1, dense=0.85)], embeddings.embed_query(query.search_text))
        )
        opening = next(piece for piece in pieces if isinstance(piece, TextPiece)).text if question.isascii() else ""
        quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
        assert len(quote.text.split()) < len(text.split()) and "تعز" in quote.text, (question, pieces)
        assert place in (opening or quote.text), (question, pieces)


def test_a_question_asking_a_name_opens_with_the_name_a_close_sentence_sets_in_quotes(embeddings):

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(
            f"c{n}", f"a{n}", 0, text, 0, len(text), "رحيل المذيع سعود الدوسري", f"file{n}.txt", date="2015-08-09"
        )

    praise = chunk(1, "وقد تميز الراحل في آخر برنامج قدمه بأسلوبه الهادئ الرزين الذي تمكن من خلاله من استنطاق ضيوفه.")
    named = chunk(2, 'وكان آخر ظهور له من خلال تقديم برنامج "ليطمئن قلبي" على شاشة روتانا خليجية.')
    answerer = _extractive(embeddings, [praise, named])
    hits = [Hit(praise, 1.0, 1, dense=0.95), Hit(named, 0.5, 2, dense=0.55)]
    query = analyse("ما اسم آخر برنامج قدمه المذيع الراحل؟")
    vector = embeddings.embed_query(query.search_text)
    assert answerer.candidates(query, hits, vector)[0].n == 1  # the praise is closer, with its passage
    pieces = list(answerer.stream(query, hits, vector))
    assert isinstance(pieces[0], TextPiece) and pieces[0].text == "ليطمئن قلبي.\n", pieces
    assert next(piece for piece in pieces if isinstance(piece, QuotePiece)).n == 2


PLACED_AMONG_CLOSEST = [
    # (question, a close sentence naming no place the question does not, a sentence naming the place, the place)
    (
        "Which country dismissed its health minister after the outbreak?",
        "وتراجعت شعبية رئيسة البلاد بعد انتقادات واسعة لتعامل وزير الصحة مع تفشي الفيروس.",
        "أقالت رئيسة كوريا الجنوبية وزير الصحة بعد الانتقادات التي وجهت له بسبب تعامله مع تفشي الفيروس.",
        "South Korea",
    ),
    (
        "In which city did the delegation sign the trade agreement?",
        "ووقع الوفد على اتفاقية التجارة بعد مفاوضات استمرت عدة أشهر بين الجانبين.",
        "واختتمت المفاوضات التجارية في مدينة جدة بتوقيع الوفدين على الاتفاقية.",
        "Jeddah",
    ),
    (
        "أين وقع الوفد اتفاقية التجارة؟",
        "ووقع الوفد على اتفاقية التجارة بعد مفاوضات استمرت عدة أشهر بين الجانبين.",
        "واختتمت المفاوضات التجارية في مدينة جدة بتوقيع الوفدين على الاتفاقية.",
        "جدة",
    ),
]


def test_a_where_question_quotes_first_a_close_sentence_that_names_a_place(embeddings):
    for question, unplaced, placed, place in PLACED_AMONG_CLOSEST:
        chunks = [
            Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), "مفاوضات وإقالات", f"file{n}.txt", date="2015-08-04")
            for n, text in enumerate((unplaced, placed), start=1)
        ]
        answerer = _extractive(embeddings, chunks)
        hits = [Hit(chunks[0], 1.0, 1, dense=0.95), Hit(chunks[1], 0.5, 2, dense=0.9)]
        query = analyse(question)
        vector = embeddings.embed_query(query.search_text)
        assert answerer.candidates(query, hits, vector)[0].n == 1, question  # the unplaced one is closer
        pieces = list(answerer.stream(query, hits, vector))
        first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
        assert first_quote.n == 2, (question, pieces)
        assert place in "".join(piece.text for piece in pieces), (question, pieces)


@pytest.mark.parametrize(("question", "unplaced", "placed", "place"), PLACED_AMONG_CLOSEST)
def test_a_sentence_naming_a_place_far_below_the_closest_is_not_quoted_before_it(question, unplaced, placed, place):
    from rag.answer.extractive import PLACE_MARGIN, _naming_a_place_first

    query = analyse(question)

    def ranked(margin: float) -> list[Candidate]:
        # both in passages that hold the question's key terms: only the score tells them apart
        return [
            Candidate(1, 0, len(unplaced), unplaced, 0.95, facts_for(query, unplaced)),
            Candidate(2, 0, len(placed), placed, 0.95 - margin, facts_for(query, placed)),
        ]

    assert _naming_a_place_first(query, ranked(PLACE_MARGIN / 2))[0].text == placed
    assert _naming_a_place_first(query, ranked(PLACE_MARGIN))[0].text == placed
    assert _naming_a_place_first(query, ranked(PLACE_MARGIN * 1.5))[0].text == unplaced


def test_a_runner_up_of_the_closest_story_saying_the_fact_is_not_known_is_the_answer_when_the_closest_gives_none():
    from rag.answer.asked_facts import facts_for
    from rag.answer.extractive import _saying_not_known

    event = "تحطمت طائرة عسكرية أمريكية مقاتلة في غابة بولاية بافاريا جنوب ألمانيا اليوم أثناء مهمة تدريبية."
    unknown = "ولم يعرف حتى الآن سبب الحادث."
    toll = "وأسفر الحادث عن مقتل 3 جنود كانوا على متن الطائرة العسكرية الأمريكية."

    def ranked(query, *sentences: tuple[str, int, float]) -> list[Candidate]:
        return [Candidate(n, 0, len(text), text, score, facts_for(query, text)) for text, n, score in sentences]

    why = [analyse("What caused the US military jet to crash in Bavaria?"), analyse("ما سبب تحطم الطائرة في بافاريا؟")]
    for query in why:
        # the closest sentence tells the event; the runner-up, in the same story, says the cause is not known
        found = _saying_not_known(query, ranked(query, (event, 1, 0.90), (unknown, 1, 0.89)))
        assert found is not None and found.text == unknown, query.text
        assert _saying_not_known(query, ranked(query, (unknown, 1, 0.90), (event, 1, 0.89))).text == unknown
        # another story saying so is not the story that answers
        assert _saying_not_known(query, ranked(query, (event, 1, 0.90), (unknown, 2, 0.89))) is None
        # third in the ranking is too far
        third = ranked(query, (event, 1, 0.90), (event + " ", 1, 0.895), (unknown, 1, 0.89))
        assert _saying_not_known(query, third) is None
    # a closest sentence holding the number asked for answers, whatever the runner-up says
    count = analyse("How many soldiers died in the crash?")
    assert _saying_not_known(count, ranked(count, (toll, 1, 0.90), (unknown, 1, 0.89))) is None
    assert _saying_not_known(count, ranked(count, (event, 1, 0.90), (unknown, 1, 0.89))).text == unknown


def test_an_english_who_answer_quotes_the_clause_with_the_name_its_opening_gives(embeddings):
    text = (  # longer than a quote is kept whole: it is cut to its clauses
        "أوضح أمين المنطقة رئيس اللجنة المحلية للانتخابات البلدية بالمنطقة محمد بن حمود الشايع أنه تم رفع عدد "
        "المراكز الانتخابية لانتخاب أعضاء المجالس البلدية بالمنطقة إلى 42 مركزاً بزيادة مركزين عن عدد الدورة "
        "السابقة ، إضافة إلى 27 مركزاً للنساء تم استحداثها للدورة الحالية ليصبح الإجمالي 69 مركزاً انتخابيًا "
        "بالمنطقة في النطاق المكاني والإشرافي للجنة الانتخابات المحلية في جميع المحافظات والمراكز التابعة لها."
    )
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), "69 مركزاً انتخابياً في المنطقة", "file1.txt", date="2015-08-10")
    answerer = _extractive(embeddings, [chunk])
    query = analyse("Who heads the local committee for the municipal elections in the region?")
    pieces = list(answerer.stream(query, [Hit(chunk, 1.0, 1, dense=0.85)], embeddings.embed_query(query.search_text)))
    opening = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece)).splitlines()[0]
    quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
    assert opening.startswith("Mohamed bin Hamoud"), opening
    assert "محمد بن حمود الشايع" in quote.text


def test_a_how_many_answer_quotes_a_close_count_of_the_very_noun_asked_before_a_closer_bare_figure(embeddings):
    answerer, hits = _two_stories(
        embeddings,
        "تفجير سترة",
        "وأعلنت وزارة الداخلية أمس أسماء 5 من المشتبه بهم في التفجير الذي وقع في سترة.",
        "وقالت الوزارة إن التفجير الذي وقع في سترة أسفر عن مقتل شرطيين وإصابة آخرين.",
    )
    for question, opening in [
        ("How many policemen were killed in the bombing in Sitra?", "two policemen"),
        ("كم شرطيا قتل في تفجير سترة؟", "شرطيين"),
    ]:
        query = analyse(question)
        vector = embeddings.embed_query(query.search_text)
        assert answerer.candidates(query, hits, vector)[0].n == 1, question  # the suspects are closer
        pieces = list(answerer.stream(query, hits, vector))
        assert "".join(piece.text for piece in pieces).startswith(opening), (question, pieces)
        assert next(piece for piece in pieces if isinstance(piece, QuotePiece)).n == 2, question


def test_a_list_of_quantities_opens_with_those_of_the_best_story_s_measure_each_shown_in_its_quote():
    sentences = [
        "أغلق مؤشر سوق الأسهم السعودية اليوم على ارتفاع بـ135.65 نقطة ليغلق عند مستوى 8834.82 نقطة",
        "وبلغت قيمة التداول في السوق العمانية 2.61 مليون ريال عماني مرتفعة عن الجلسة السابقة",
        "سجل مؤشر سوق الأسهم السعودية اليوم تراجعا بـ76.18 نقطة ليغلق عند مستوى 8758.64 نقطة",
    ]
    candidates = [_candidate(text, n, 0.95 - n / 100) for n, text in enumerate(sentences, 1)]
    passages = [Hit(_chunk(text, n, date=f"2015-08-1{n - 1}"), 1.0 - n / 10, n) for n, text in enumerate(sentences, 1)]
    pieces = list_pieces(
        analyse("What were the closing levels of the Saudi index on 10 and 12 August?"), candidates, passages
    )
    text = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece))
    # the levels it closed at, not the points it moved by, and not the other market's riyals
    assert text.splitlines()[0] == "8,834.82 points; 8,758.64 points.", text
    assert "- 8,834.82 points — SPA, 10 August 2015: «عنوان 1» — " in text
    assert "- SPA, 11 August 2015: «عنوان 2» — " in text  # its line stays, without an item of another measure


def test_a_list_about_an_event_on_named_days_lists_the_stories_telling_it_on_those_days():
    sentences = [
        (1, "أعلنت القيادة استشهاد الرقيب ماجد بن فهد السبيعي بعد إصابته بمقذوف في قطاع نجران", "2015-08-08"),
        (2, "وأوضح المتحدث الرائد يحيى عبدالله القحطاني أن مقذوفات سقطت على قرية دون إصابات", "2015-08-06"),
        (3, "أعلنت القيادة استشهاد الجندي خالد بن سعد العتيبي بعد إصابته بمقذوف في قطاع جازان", "2015-08-06"),
        (4, "أعلنت القيادة استشهاد العريف فهد بن محمد الشهري بعد إصابته بمقذوف في قطاع الطوال", "2015-07-20"),
    ]
    passages = [Hit(_chunk(text, n, date=date), 1.0 - n / 10, n) for n, text, date in sentences]
    candidates = [_candidate(text, n, 0.95 - n / 100) for n, text, _ in sentences]
    query = analyse("ما أسماء العسكريين الذين قتلوا بمقذوفات من اليمن بين 5 و8 أغسطس 2015؟")
    pieces = list_pieces(query, candidates, passages)
    # the spokesman's report of shelling that killed no one, and the killing of 20 July, are not listed
    assert [piece.n for piece in pieces if isinstance(piece, QuotePiece)] == [3, 1]
    # with fewer than two stories of those days, the killings of any day are listed
    pieces = list_pieces(query, candidates[1:], passages)
    assert [piece.n for piece in pieces if isinstance(piece, QuotePiece)] == [4, 3]


def test_when_the_closest_sentence_tells_another_case_than_asked_the_answer_says_so_and_quotes_it(embeddings):
    from rag.answer.base import OtherCasePiece

    text = (
        "أصدرت وزارة المالية سندات تنمية حكومية بقيمة 20 مليار ريال. "
        "وبلغ العائد على السندات لأجل 5 سنوات 1.92 في المائة، ولأجل 10 سنوات 2.65 في المائة."
    )
    answerer, hits = _one_story(embeddings, text, "وزارة المالية تصدر سندات تنمية")
    for question in ("What yield did the 15-year development bonds pay?", "ما عائد السندات لأجل 15 عاما؟"):
        pieces = _pieces(answerer, question, hits, embeddings)
        assert isinstance(pieces[0], OtherCasePiece), (question, pieces)
        (quote,) = [piece for piece in pieces if isinstance(piece, QuotePiece)]
        assert "5 سنوات" in quote.text and text[quote.start : quote.end] == quote.text
    # the asked tenor is among those the sentence gives: it answers
    pieces = _pieces(answerer, "What yield did the 10-year development bonds pay?", hits, embeddings)
    assert not any(isinstance(piece, OtherCasePiece) for piece in pieces)
    assert "2.65" in "".join(piece.text for piece in pieces if hasattr(piece, "text"))


# A close sentence about the person asked, without the fact the kind asks for, and a farther one holding such a
# fact about someone else, in a story that never names the person asked.
ABOUT_ANOTHER = [
    (
        "في أي مدينة ولد الكاتب سليم الحداد؟",
        ("سليم الحداد", "ولد الكاتب سليم الحداد لأسرة تحب الأدب ونشأ بين الكتب."),
        ("نجيب الرفاعي", "ولد الكاتب نجيب الرفاعي في حي الجمالية بمدينة القاهرة."),
    ),
    (
        "كم كان عمر المناضل عمر المختار عندما حارب الإيطاليين لأول مرة؟",
        ("عمر المختار", "حارب عمر المختار الإيطاليين منذ كان عمره 53 عامًا في معارك كثيرة."),
        ("محمد بن عبد الله", "فعاش في يثرب عشر سنين أخر وجمع فيها العرب لأول مرة على دين واحد."),
    ),
]


@pytest.mark.parametrize(("question", "asked", "other"), ABOUT_ANOTHER)
def test_a_sentence_from_a_story_not_naming_what_the_question_names_is_not_quoted_before_the_closest(
    embeddings, question, asked, other
):
    chunks = [
        Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), title, f"file{n}.txt", date="2015-08-04")
        for n, (title, text) in enumerate((asked, other), start=1)
    ]
    # other stories, so that the question's names are rare in the archive, as names are
    filler = [
        Chunk(f"f{n}", f"f{n}", 0, text, 0, len(text), "أخبار محلية", f"filler{n}.txt", date="2015-08-04")
        for n, text in enumerate(["أعلنت البلدية عن مشروع جديد لتطوير الحدائق العامة في الأحياء."] * 60)
    ]
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.index.keyword import KeywordIndex

    keyword = KeywordIndex()
    keyword.add(chunks + filler)
    answerer = ExtractiveAnswerer(embeddings, keyword)
    hits = [Hit(chunks[0], 1.0, 1, dense=0.95), Hit(chunks[1], 0.5, 2, dense=0.55)]
    query = analyse(question, (), keyword)
    vector = embeddings.embed_query(query.search_text)
    candidates = answerer.candidates(query, hits, vector)
    assert candidates[0].n == 1, question
    assert candidates[0].grounding > next(c for c in candidates if c.n == 2).grounding, question
    pieces = list(answerer.stream(query, hits, vector))
    first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
    assert first_quote.n == 1, (question, pieces)


# (runner-up's passage, score, grounding, quoted as second?) against a best sentence of passage 1 scoring 0.80 with
# grounding 0.75: a runner-up is quoted only when nearly as close and from a passage holding as many key terms.
RUNNERS_UP = [
    (2, 0.795, 0.75, True),
    (2, 0.795, 1.0, True),
    (1, 0.79, 0.75, True),
    (2, 0.799, 0.5, False),
    (3, 0.79, 0.0, False),
    (2, 0.70, 1.0, False),
]


@pytest.mark.parametrize(("n", "score", "grounding", "quoted"), RUNNERS_UP)
def test_a_runner_up_is_quoted_only_when_as_close_and_as_grounded_as_the_best(n, score, grounding, quoted):
    best = replace(_candidate("وقال المتحدث باسم الوزارة إن المحادثات ستستأنف قريبا.", 1, 0.80), grounding=0.75)
    runner_up = _candidate("وأضاف أن الوفدين اتفقا على جدول أعمال من ثلاث نقاط.", n, score, 500)
    runner_up = replace(runner_up, grounding=grounding)
    assert (_second([best, runner_up], best, 10) is runner_up) is quoted


# (quote given, runner-up, a repeat?): the same wire sentence in two papers' words, against sentences that share
# the story's words but tell something more.
REPEATS = [
    (
        "وأوضح الجيش الأوكراني إن الانفصاليين هاجموا بالدبابات القوات الحكومية المتمركزة حول بلدة ستاروناتيفكا.",
        "وقال الجيش الأوكراني إن الانفصاليين هاجموا بالدبابات القوات الحكومية المتمركزة حول بلدة ستاروناتيفكا.",
        True,
    ),
    (
        "الولايات المتحدة الأمريكية (بالإنجليزية: United States) هي جمهورية دستورية اتحادية ومنطقة العاصمة الاتحادية.",
        "الولايات المتحدة الأمريكية هي جمهورية دستورية اتحادية ومنطقة العاصمة الاتحادية.",
        True,
    ),
    (
        "أعلنت الوزارة تسجيل إصابة جديدة بالفيروس في مدينة الرياض لمواطن.",
        "وأعلنت الوزارة تسجيل وفاة بالفيروس في مدينة الهفوف لمقيم كان يعالج في المستشفى منذ أسبوع.",
        False,
    ),
    (
        "انطلقت اليوم فعاليات المهرجان في بريدة بمشاركة واسعة.",
        "ويستمر المهرجان ثلاثة أسابيع وتعرض فيه أصناف التمور من مزارع القصيم.",
        False,
    ),
]


@pytest.mark.parametrize(("quote", "runner_up", "repeat"), REPEATS)
def test_a_runner_up_repeating_the_quote_in_other_words_is_not_quoted_again(quote, runner_up, repeat):
    best = _candidate(quote, 1, 0.80)
    second = _candidate(runner_up, 2, 0.79, 1000)
    assert _restates(second, best, quote) is repeat


def test_bylines_datelines_and_tag_lists_left_in_a_passage_are_never_quoted():
    from rag.answer.extractive import quotable_sentences

    story = [
        "قالت وكالة أنباء البحرين اليوم إن عدداً من المشتبه بهم اعتقلوا بعد التفجير.",
        "وذكرت الوزارة أن التحقيقات مستمرة مع الموقوفين في القضية.",
        "من جانب آخر أكدت وسائل إعلام حكومية أن المتفجرات مهربة من الخارج.",
    ]
    furniture = [
        "لجين الأحمدي – عين اليوم",  # a reporter and her outlet
        "الرياض - واس",  # a place and an agency
        "محمد داوود (جدة)",
        "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015",  # a dateline
        "سمات البحرين تفجـ.ـير سترة شرطة",  # a page's tag list, its dot an obfuscation
        "وسوم الرياض الأمن المخدرات",
    ]
    lines = [furniture[0], story[0], furniture[1], furniture[2], story[1], furniture[3], story[2], *furniture[4:]]
    text = "\n".join(lines)
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), "البحرين تقبض على مشتبه بهم", "file1.txt", date="2015-07-31")
    quoted = [sentence.strip() for *_, sentence in quotable_sentences([Hit(chunk, 1.0, 1)])]
    assert quoted == story
