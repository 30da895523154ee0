"""Typed facts in Arabic sentences: dates in both calendars and both digit sets, numbers with units, datelines."""

import pytest

from rag.answer.facts import (
    IDENTIFIER,
    NUMBER,
    find_bracketed_years,
    find_dates,
    find_numbers,
    find_ordinals,
    find_years,
    is_dateline,
)

DATES = [
    ("عقد الاجتماع في 3 أغسطس 2015 بالرياض", "3 أغسطس 2015", "3 August 2015"),
    ("عقد الاجتماع في ٣ آب ٢٠١٥ بدمشق", "٣ آب ٢٠١٥", "3 August 2015"),
    ("وصل الوفد يوم 12 كانون الثاني 2024", "12 كانون الثاني 2024", "12 January 2024"),
    ("افتتح المعرض في 7 تشرين الأول", "7 تشرين الأول", "7 October"),
    ("قرر المجلس إعادة فتح البورصة يوم الإثنين الثالث من آب", "يوم الإثنين الثالث من آب", "Monday 3 August"),
    ("يبدأ التسجيل في غرة شهر ذي القعدة", "غرة شهر ذي القعدة", "1 Dhu al-Qadah"),
    ("الرياض 26 شوال 1436 هـ", "26 شوال 1436 هـ", "26 Shawwal 1436 AH (11 August 2015)"),
    ("تنتهي المهلة في 28 /02 /1437 هـ", "28 /02 /1437 هـ", "28 Safar 1437 AH (10 December 2015)"),
    ("تصرف المستحقات من 1 /9 /2015 للموظفين", "1 /9 /2015", "1 September 2015"),
    ("صدر القرار بتاريخ 2015/8/20 عن المجلس", "2015/8/20", "20 August 2015"),
    # hyphens, as some outlets write numeric dates
    ("يبدأ القيد في يوم الأحد 1-11-1436 هـ، في المنطقة", "1-11-1436 هـ", "1 Dhu al-Qadah 1436 AH (16 August 2015)"),
    ("ينتهي التسجيل بتاريخ 22-8-2015م", "22-8-2015م", "22 August 2015"),
    ("أعلنت الوزارة في يونيو 2015 عن الإصدار", "يونيو 2015", "June 2015"),
    ("يبدأ التشغيل التجاري مطلع سبتمبر المقبل", "مطلع سبتمبر", "early September"),
    ("وقع الانفجار يوم الثلاثاء قرب المدرسة", "يوم الثلاثاء", "Tuesday"),
    ("هاجم مسلحون الفندق في السابع من الشهر الحالي", "السابع من الشهر الحالي", "7th of the month"),
    ("استضافت المدينة الألعاب عام 2008 لأول مرة", "عام 2008", "2008"),
    # a year of any age after عام or سنة, or marked by its era after في or منذ; Hijri when marked or in news's range
    ("كانت الجزيرة منذ عام 1262 جزءا من المملكة", "عام 1262", "1262"),
    ("استوطن الجزيرة بشكل دائم في 874م.", "874م", "874"),
    ("توفي في 632م في المدينة", "632م", "632"),
    ("وقعت المعركة سنة 61 للهجرة في كربلاء", "سنة 61 للهجرة", "61 AH"),
    ("بنيت القلعة منذ 1100 هـ.", "1100 هـ", "1100 AH"),
    ("تأسست الجمعية عام 1436هـ", "عام 1436هـ", "1436 AH"),
    ("حكم من 6 نوفمبر 1520م حتى وفاته", "6 نوفمبر 1520م", "6 November 1520"),
    ("بنيت الكنيسة عام 632 للميلاد فوق", "عام 632 للميلاد", "632"),
    # a year before the Common Era, wherever it stands, and never read as Hijri for its range
    ("تأسست المدينة سنة 753 ق.م. على التلال", "سنة 753 ق.م", "753 BC"),
    ("ولد قرابة سنة 356 ق م في بيلا", "سنة 356 ق م", "356 BC"),
    ("قامت أول مملكة في 2800 قبل الميلاد.", "2800 قبل الميلاد", "2800 BC"),
    ("وحد الميديون البلاد عام 625 قبل الميلاد،", "عام 625 قبل الميلاد", "625 BC"),
    ("انتهى بناؤه في العام 280 قبل الميلاد،", "العام 280 قبل الميلاد", "280 BC"),
    ("شيد المعبد عام 1500 قبل الميلاد تقريبا", "عام 1500 قبل الميلاد", "1500 BC"),
    # a year or a month a period word marks keeps it in English
    ("في بداية 2006 اتهم في قضية تزوير", "بداية 2006", "early 2006"),
    ("أعلنت الشركة في أواخر عام 2014 عن الصفقة", "أواخر عام 2014", "late 2014"),
    ("تراجعت الأسعار منذ مطلع العام 2015", "مطلع العام 2015", "early 2015"),
    ("تكتمل المرحلة في منتصف 2017", "منتصف 2017", "mid 2017"),
    ("تأسست الحركة في أواسط 1920م", "أواسط 1920م", "mid 1920"),
    ("يبدأ التشغيل التجاري مطلع سبتمبر 2015", "مطلع سبتمبر 2015", "early September 2015"),
    ("صدر القرار في نهاية شهر مايو 2014", "نهاية شهر مايو 2014", "late May 2014"),
]


def test_a_distance_or_a_count_is_not_read_as_a_year():
    for sentence in (
        "فاز في سباق 100 م حرة",
        "سباق 1500 م حرة",
        "بلغ عددهم في 2500 منزل",
        "ارتفع المؤشر العام 50 نقطة",
    ):
        assert find_dates(sentence) == [], sentence


@pytest.mark.parametrize(("sentence", "written", "english"), DATES)
def test_dates_are_found_as_written_and_rendered_in_english(sentence, written, english):
    dates = find_dates(sentence)
    assert any(fact.text.strip() == written and fact.english == english for fact in dates), [
        (fact.text, fact.english) for fact in dates
    ]
    for fact in dates:
        assert sentence[fact.start : fact.end] == fact.text


def test_year_ranges_and_day_ranges_are_not_numeric_dates():
    assert find_dates("خلال الفترة 2014-2015 ارتفع الإنتاج") == []
    assert [fact.text for fact in find_dates("يقام المهرجان من 10-12 أغسطس")] == ["12 أغسطس"]


def test_a_period_word_before_a_bare_number_or_the_dual_of_year_makes_no_date():
    assert find_dates("في بداية 250 صفحة من الكتاب") == []
    assert find_dates("ارتفع خلال منتصف الجلسة 1500 نقطة") == []
    assert find_dates("حكم مصر ما بين عامي 1805 إلى 1848") == []


def test_everyday_words_are_not_months():
    assert find_dates("قال أبو محمد إن الأب خرج صفر اليدين من الاجتماع") == []
    assert find_dates("وزير الخارجية يصل إلى عمان") == []


NUMBERS = [
    ("أصدرت الوزارة سندات بقيمة 20 مليار ريال", "20 مليار ريال", "20 billion riyals"),
    ("اشترت المؤسسة 505 آلاف طن من القمح", "505 آلاف طن", "505,000 tonnes"),
    ("دخلت 1554 مركبة إلى السوق أمس", "1554 مركبة", "1,554 vehicles"),
    ("وانخفض المؤشر 22,82 % في دقائق", "22,82 %", "22.82%"),
    ("بلغ العائد 2.65 في المئة سنويا", "2.65 في المئة", "2.65%"),
    ("وأسفر الهجوم عن ٤ جرحى", "٤ جرحى", "4 injured"),
    ("سقط ثلاثة قتلى في الانفجار", "ثلاثة قتلى", "3 dead"),
    ("أصيب جنديين في الانفجار", "جنديين", "two soldiers"),
    ("وتسير الشركة رحلتين أسبوعيا", "رحلتين", "two flights"),
    ("يصرف النظام 9000 ريال شهريا", "9000 ريال", "9,000 riyals"),
    ("حصلت بكين على 44 صوتا مقابل 40", "44 صوتا", "44 votes"),
    ("أمهل التنظيم الحكومة 48 ساعة", "48 ساعة", "48 hours"),
    # a number in quotes or brackets before its unit or scale
    ("ويستمر التسجيل لمدة «17» يوما", "«17» يوما", "17 days"),
    ("بلغ عدد المشاركين (5) آلاف شخص", "(5) آلاف شخص", "5,000 people"),
    ('وصل "300" حاج إلى المطار', '"300" حاج', "300 pilgrims"),
    # wires space the brackets: "بـ ( 343 ) دائرة"
    ("حددت اللجنة عدد الدوائر بـ ( 343 ) دائرة , وفقا للقرار", "( 343 ) دائرة", "343 constituencies"),
    ("تبلغ ( 277 ) مركزا", "( 277 ) مركزا", "277 centres"),
    ("رصدت الوزارة ( 5 ) ملايين ريال", "( 5 ) ملايين ريال", "5 million riyals"),
    ("أسفر التفجير عن مقتل شرطيين", "شرطيين", "two policemen"),
    ("قتل 3 شرطيين في الهجوم", "3 شرطيين", "3 policemen"),
    # a wire's decimal or thousands written with ر, its whole part after it
    ("ستشجع الألعاب 3ر1 مليار صيني على ممارسة الرياضة", "3ر1 مليار", "1.3 billion"),
    ("وانخفض الخام الأمريكي إلى 83ر51 دولار", "83ر51 دولار", "51.83 dollars"),
    ("ارتفعت الأرباح بنسبة 6ر19 بالمئة", "6ر19 بالمئة", "19.6%"),
    ("وبحد أقصى 000ر30 ريال في السنة", "000ر30 ريال", "30,000 riyals"),
    # thousands "and" the rest, as wires write long figures
    ("ليصل المؤشر إلى 11 ألفًا و 679.70 نقطة", "11 ألفًا و 679.70 نقطة", "11,679.70 points"),
    ("بقيمة إجمالية قدرها 87 ألفًا و 150 دينارًا", "87 ألفًا و 150 دينارًا", "87,150 dinars"),
    ("وقتل في الحرب 3 آلاف و500 شخص", "3 آلاف و500 شخص", "3,500 people"),
]


@pytest.mark.parametrize(("sentence", "written", "english"), NUMBERS)
def test_numbers_are_found_with_scale_and_unit(sentence, written, english):
    numbers = find_numbers(sentence)
    assert any(fact.text.strip() == written and fact.english == english for fact in numbers), [
        (fact.text, fact.english) for fact in numbers
    ]


QUALIFIED = [
    ("قتلت القنبلة نحو 140 ألف شخص", "نحو 140 ألف شخص", "about 140,000 people"),
    ("لقي 14 شخصا على الأقل حتفهم في الإعصار", "14 شخصا على الأقل", "at least 14 people"),
    ("أصيب ما لا يقل عن ٢٠ شخصاً في الحادث", "ما لا يقل عن ٢٠ شخصا", "at least 20 people"),
    ("شارك في المخيم قرابة 32 ألف كشاف", "قرابة 32 ألف كشاف", "nearly 32,000 scouts"),
    ("عبر أكثر من 54 مقاتلا الحدود", "أكثر من 54 مقاتلا", "more than 54 fighters"),
    ("خطف التنظيم حوالي 230 مدنيا", "حوالي 230 مدنيا", "about 230 civilians"),
    ("نجا 3 أشخاص فقط من الحادث", "3 أشخاص فقط", "only 3 people"),
    ("بلغت الخسائر ما يزيد على 5 مليارات دولار", "ما يزيد على 5 مليارات دولار", "more than 5 billion dollars"),
    ("سجل المؤشر أقل من 2 % من التراجع", "أقل من 2 %", "less than 2%"),
    ("وزعت الجمعية زهاء 500 سلة غذائية", "زهاء 500", "about 500"),
    ("تضم المكتبة أكثر من اثني عشر ألف كتاب", "أكثر من اثني عشر ألف", "more than 12,000"),
    ("بلغت تكلفة المشروع نحو مئتي ألف دولار", "نحو مئتي ألف دولار", "about 200,000 dollars"),
    ("شارك في المسيرة خمسة آلاف شخص", "خمسة آلاف شخص", "5,000 people"),
]


@pytest.mark.parametrize(("sentence", "written", "english"), QUALIFIED)
def test_a_qualifier_next_to_a_quantity_is_kept_in_its_span_and_its_english(sentence, written, english):
    numbers = find_numbers(sentence)
    assert [(fact.text.strip(), fact.english) for fact in numbers] == [(written, english)]
    assert sentence[numbers[0].start : numbers[0].end].strip() == written


COUNTED_BY_WORDS = [
    # a number word counts whatever indefinite noun follows it, a known unit or not
    ("تمتلك البلاد أربعة مواقع ضمن قائمة التراث العالمي", "أربعة مواقع", "4"),
    ("وتتكون المملكة من ثلاث جزر في البحر", "ثلاث جزر", "3"),
    ("فاز الفريق بالكأس ثماني مرات في تاريخه", "ثماني مرات", "8"),
    ("تنقسم البلاد إلى اثنتي عشرة مقاطعة", "اثنتي عشرة مقاطعة", "12"),
    ("وشاركت في البطولة عشرون بعثة من المنطقة", "عشرون بعثة", "20"),
    ("قتل ثلاثة أشخاص في الحادث", "ثلاثة أشخاص", "3 people"),
]


@pytest.mark.parametrize(("sentence", "written", "english"), COUNTED_BY_WORDS)
def test_a_number_word_counts_the_noun_after_it(sentence, written, english):
    assert [(fact.text, fact.english) for fact in find_numbers(sentence)] == [(written, english)]


@pytest.mark.parametrize(
    "sentence",
    [
        "يشكل الأجانب خمس السكان في المدينة",  # a fifth of the population
        "اجتمعت الدول الأربع الكبرى في باريس",  # the four: an adjective after its noun
        "وصل خمس على الأقل من المشاركين",  # no noun counted
        "قتل سبعة وعشرون من المسلحين",  # a compound number is not read as its first word
        "هذا واحد من أهم المشاريع",  # one of
        "يعقد المدرب مؤتمرا عند الساعة الثانية عشر ظهرا",  # the twelfth hour: the end of an ordinal
    ],
)
def test_a_number_word_before_no_indefinite_noun_is_no_count(sentence):
    assert find_numbers(sentence) == []


def test_thousands_and_a_rest_that_is_no_whole_figure_stay_two_numbers():
    assert [fact.english for fact in find_numbers("وصل 300 ألف و 20 ألف معتمر")] == ["300,000", "20,000 pilgrims"]
    # a figure read in part would be a wrong one: millions first, then thousands and the rest
    assert "555,853 dollars" not in [fact.english for fact in find_numbers("بقيمة 15 مليونا و 555 ألفا و 853 دولارا")]


RANGES = [
    ("وتخفيض سن القيد من 18 إلى 21 عامًا، في الدورة", "18", "18 years", "18 عامًا"),
    ("يتراوح عددهم بين 5 و10 ملايين نسمة", "5", "5 million people", "5 ملايين نسمة"),
    ("ارتفعت الأسعار من 3 الى 4 ريالات للكيلو", "3", "3 riyals", "3 ريالات"),
    ("وتراوحت الارتفاعات ما بين 20 و 30 في المائة", "20", "20%", "20 في المائة"),
    ("تستغرق الرحلة 3-4 أيام", "3", "3 days", "3 أيام"),
    ("تقدر التكلفة من 1.5 إلى 2 مليار ريال", "1.5", "1.5 billion riyals", "1.5 مليار ريال"),
    ("يعاقب بالسجن ما بين «5» و«7» سنوات", "5", "5 years", "5 سنوات"),
    ("ارتفع العدد من ٢ حتى نحو ٥ ملايين", "٢", "2 million", "٢ ملايين"),
]


@pytest.mark.parametrize(("sentence", "first", "english", "written"), RANGES)
def test_the_first_figure_of_a_range_shares_the_unit_written_after_the_second(sentence, first, english, written):
    number = find_numbers(sentence)[0]
    assert (number.text, number.english, number.written) == (first, english, written)
    assert sentence[number.start : number.end] == first  # the span stays the figure as written


@pytest.mark.parametrize(
    "sentence",
    [
        "وصل 300 ألف و 20 ألف معتمر",  # "and" without "between": two figures of their own
        "تنص المادتان 5 و6 من النظام على ذلك",  # no unit to share
        "ارتفع العدد من 300 ألف إلى 2 مليون",  # the first figure has its own scale
        "حكم عليه بالسجن من سنتين إلى 5 سنوات",  # the first is spelled out with its own unit
        "فاز الفريق 3 - 1 على منافسه",  # a score, no unit
        "وصل 20 شخصا ثم 30 آخرين",  # not a range
    ],
)
def test_figures_that_are_no_range_with_one_unit_keep_their_own(sentence):
    assert all(not number.shared for number in find_numbers(sentence))


def test_a_date_is_not_also_counted_as_a_number():
    numbers = find_numbers("أعلنت الشركة في 3 أغسطس 2015 أرباحا بلغت 10 مليارات ريال")
    assert [fact.english for fact in numbers] == ["10 billion riyals"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("مسقط 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس", True),
        ("الشرق الأوسط | 2015-08-09 17:20:38", True),
        ("جدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", True),
        ("أغلق سوق الأسهم السعودية في آخر جلساته يوم الأربعاء 15/7/2015م عند مستوى مرتفع", False),
        ("أعلنت الوزارة أمس أسماء الفائزين بالجائزة", False),
    ],
)
def test_datelines_are_told_from_sentences(line, expected):
    assert is_dateline(line) is expected


IDENTIFIED = [
    ("أو التواصل مع المديرية من خلال الاتصال على الرقم (922) .", "922", "No. 922"),
    ("تبنى مجلس الأمن بالإجماع قرارا يحمل رقم 2235 لتحديد المسؤولين", "2235", "Resolution 2235"),
    ("وصدر قرار مجلس الأمن رقم 2216 بشأن اليمن", "2216", "Resolution 2216"),
    ("وصلت طائرة جديدة من طراز 777 إلى جدة", "777", "No. 777"),
    ("للاستفسار يرجى الاتصال بالهاتف 920000890", "920000890", "No. 920000890"),
    ("وأعلن المركز الرمز 2030 شعارا للحملة", "2030", "No. 2030"),
    ("وحملت الرحلة رقم 370 على متنها 239 راكبا", "370", "Flight 370"),
    ("فيما أكدت المادة (66) من نظام المجالس البلدية على مشاركة 20 امرأة", "66", "Article 66"),
    ("ونص البند 5 من الاتفاقية على إعفاء 300 شركة", "5", "Clause 5"),
]


@pytest.mark.parametrize(("sentence", "number", "english"), IDENTIFIED)
def test_a_number_that_names_something_is_not_a_quantity_and_says_what_it_numbers(sentence, number, english):
    facts = {fact.text: fact for fact in find_numbers(sentence)}
    assert facts[number].kind == IDENTIFIER and facts[number].english == english
    assert all(fact.kind == NUMBER for text, fact in facts.items() if text != number)


def test_a_count_next_to_a_word_that_is_not_a_label_stays_a_quantity():
    (fact,) = find_numbers("وقتل 14 شخصا في الهجوم")
    assert fact.kind == NUMBER
    (fact,) = find_numbers("وبلغ عدد الأرقام المسجلة 500 ألف")
    assert fact.kind == NUMBER


def test_a_year_standing_alone_is_found_for_a_question_that_asks_which_year():
    cases = [
        ("سبق لها تنظيم أولمبياد 2008 الصيفي", ["2008"]),
        ("تأسست الشركة في 1932 بمدينة جدة", ["1932"]),
        ("بين 1990 و2000", ["1990", "2000"]),
        ("وفي سنة ١٩٤٦ نالت البلاد استقلالها", ["1946"]),  # Arabic-Indic digits
        ("بلغ الإنتاج 2008.5 مليون برميل", []),  # a decimal is no year
        ("ارتفع المؤشر 2010% منذ الإدراج", []),
        ("تبلغ المسافة 12345 كيلومترا", []),
        ("في 12/3/2008", []),  # part of a numeric date, which find_dates reads whole
    ]
    for sentence, years in cases:
        found = find_years(sentence)
        assert [fact.english for fact in found] == years, (sentence, found)
        assert all(sentence[fact.start : fact.end] == fact.text for fact in found)


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("ابن خلدون هو عبد الرحمن بن محمد الحضرمي (1332 - 1406م)، ولد في تونس", ["1332", "1406"]),
        ("توماس أديسون (1847-1931)، مخترع ورجل أعمال أمريكي.", ["1847", "1931"]),
        ("حكم الملك عبدالعزيز (١٩٠٢–١٩٥٣) البلاد", ["1902", "1953"]),  # Arabic-Indic digits, an en dash
        ("تولى الإمارة (1436هـ - 1440هـ) قبل أن يعين وزيرا", ["1436 AH", "1440 AH"]),
        ("الخطة الخمسية (1436 — 1441 هـ) أقرت أمس", ["1436 AH", "1441 AH"]),  # the era mark after the second
        ("سجل الفريق أهدافا (20 - 30) في الموسم", []),  # figures, not years
        ("بلغت النتيجة (2015 - 1990) في الاستطلاع", []),  # a later year first is no span
        ("ولد الشاعر عام 1940 وتوفي عام 2015", []),  # not in brackets: find_dates reads them
    ],
)
def test_the_two_years_of_a_bracketed_span_date_its_start_and_end(sentence, years):
    found = find_bracketed_years(sentence)
    assert [fact.english for fact in found] == years
    assert all(sentence[fact.start : fact.end] == fact.text for fact in found)


def test_a_when_question_takes_a_bracketed_span_s_first_year_for_a_start_and_its_second_for_an_end():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    sentence = "ابن خلدون هو عبد الرحمن بن محمد الحضرمي الإشبيلي (1332 - 1406م)، مؤرخ وعالم اجتماع."
    assert facts_for(analyse("متى ولد ابن خلدون؟"), sentence)[0].english == "1332"
    assert facts_for(analyse("متى توفي ابن خلدون؟"), sentence)[0].english == "1406"
    assert facts_for(analyse("When did Ibn Khaldun die?"), sentence)[0].english == "1406"


def test_a_question_that_asks_for_a_date_takes_a_day_not_a_month_or_a_year():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    sentences = {
        "وكانت الطائرة اختفت في 8 مارس 2014 بعد ساعة من إقلاعها": ["8 March 2014"],
        "وفي مايو أيار اختفت طائرة الركاب خلال رحلتها": [],
        "وفي عام 2014 اختفت الطائرة": [],
        "وقع الهجوم الجمعة على الفندق": ["Friday"],  # a weekday is a day the article's date places
        "يبدأ التسجيل في 1 ذو القعدة 1436 هـ": ["1 Dhu al-Qadah 1436 AH (16 August 2015)"],
    }
    for question in ("On what date did it happen?", "في أي تاريخ وقع ذلك؟"):
        for sentence, dates in sentences.items():
            assert [fact.english for fact in facts_for(analyse(question), sentence)] == dates, (question, sentence)
    # "when?" takes a month or a year too
    assert [fact.english for fact in facts_for(analyse("When did it happen?"), "وفي مايو أيار اختفت الطائرة")]


def test_short_spans_in_quotes_or_brackets_are_read_as_names_and_long_ones_are_not():
    from rag.answer.facts import find_quoted_names

    cases = [
        ("وكان برنامج (ليطمئن قلبي) مع الشيخ الدكتور", ["ليطمئن قلبي"]),
        ("قاذفة من طراز بي-29 اطلق عليها اسم “اينولا غاي” بالتحليق", ["اينولا غاي"]),
        ("في ضوء استئناف عملية «السهم الذهبي» التي حررت عدن", ["السهم الذهبي"]),
        ('برنامجين هما "سمر حتى السهر" و"ليلة خميس"', ["سمر حتى السهر", "ليلة خميس"]),
        ('وقال "إننا سنواصل العمل حتى تحقيق جميع الأهداف المرجوة من هذه الحملة"', []),  # a quotation
        ("بلغ العدد (5) ملايين", []),  # no letters
        ('وأكد أن المكالمة كانت "بناءة، مهنية، وذات مغزى"', []),  # quoted words, not a name
    ]
    for sentence, names in cases:
        found = find_quoted_names(sentence)
        assert [fact.text for fact in found] == names, sentence
        assert all(sentence[fact.start : fact.end] == fact.text for fact in found)


def test_a_question_asking_a_name_takes_the_quoted_name_its_noun_or_a_naming_word_introduces():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    cases = [
        ("ما اسم آخر برنامج قدمه الدوسري؟", "وكان برنامج (ليطمئن قلبي) مع الشيخ الدكتور", ["ليطمئن قلبي"]),
        (
            "What was the name of the B-29 bomber?",
            "قاذفة من طراز بي-29 اطلق عليها اسم “اينولا غاي” بالتحليق",
            ["اينولا غاي"],
        ),
        ("ما اسم العملية العسكرية؟", "في ضوء استئناف عملية «السهم الذهبي» التي حررت عدن", ["السهم الذهبي"]),
        # a flight number in brackets beside the volcano asked about is no name of it
        ("ما اسم البركان الذي ثار في ريونيون؟", "عثر على قطعة من جناح طائرة خاصة بالرحلة (ام.اتش370) قرب البركان", []),
        # a name the question already holds is not its answer
        ("ما اسم البرنامج الذي قدمه بعد «حنين»؟", "وقدم برنامج «حنين» على الإذاعة", []),
        # a question that does not ask a name takes none
        ("ماذا قدم الدوسري؟", "وكان برنامج (ليطمئن قلبي) مع الشيخ الدكتور", []),
        # an English question asking which thing: a name in quotes after the Arabic of one of its terms
        (
            "Which active volcano lies about 50 km from the reactor?",
            'والذي يبعد نحو 50 كيلومترا من بركان "ساكوراجيما" النشط في جزيرة "كيوشو" جنوب البلاد',
            ["ساكوراجيما"],
        ),
        ("Which programme did the presenter host last?", "وكان آخر برنامج «ليطمئن قلبي» على القناة", ["ليطمئن قلبي"]),
        ("Under what operation name was the city retaken?", "في ضوء استئناف عملية «السهم الذهبي»", ["السهم الذهبي"]),
        # not one after a noun the question does not hold, nor the place the question names itself
        ("Which active volcano erupted?", 'وصلت الطائرة إلى جزيرة "كيوشو" جنوب البلاد', []),
        ("Under what operation name was the Al-Anad air base retaken?", 'وتعتبر قاعدة "العند" الأكبر في البلاد', []),
        # the noun stands right before the name, and is the head of its Arabic ("مكالمة هاتفية"), not an adjective
        ("Which phone call did the minister make?", 'وقال إن المكالمة الهاتفية كانت "مثمرة"', []),
        # nor does an English question that asks something else
        ("What did the gunmen storm?", "هاجم مسلحون فندق «بيبلوس» في مدينة سيفاري", []),
    ]
    for question, sentence, names in cases:
        assert [fact.text for fact in facts_for(analyse(question), sentence)] == names, question


ORDINALS = [
    # (sentence, the ordinals as written, their English)
    ("أحرز يوفنتوس لقب الكأس السوبر للمرة السابعة في تاريخه", ["السابعة"], ["seventh"]),
    ("تعدّ سابع أكبر بلد من حيث المساحة، والثانية من حيث عدد السكان", ["سابع", "الثانية"], ["seventh", "second"]),
    ("هو رئيس جمهورية تركيا الثاني عشر والحالي", ["الثاني عشر"], ["twelfth"]),
    ("وهي الدولة التاسعة عشرة كأكبر اقتصاد في العالم", ["التاسعة عشرة"], ["19th"]),
    ("تحتل الهند المرتبة السادسة في الإنفاق العسكري", ["السادسة"], ["sixth"]),
    ("ويعود الفريق إلى التدريبات في الثالث من آب المقبل", [], []),  # a date's day
    ("وبلغ عدد المشاركين عشرين ألف مشارك", [], []),  # a count
    ("وأكد الوزير أن الاجتماع عقد بحضور الوفود", [], []),
]


@pytest.mark.parametrize(("sentence", "written", "english"), ORDINALS)
def test_ordinals_are_found_as_written_with_their_english_and_not_in_dates(sentence, written, english):
    found = find_ordinals(sentence)
    assert [fact.text for fact in found] == written
    assert [fact.english for fact in found] == english


def test_a_question_asking_a_rank_takes_the_ordinal_not_the_count_or_the_score():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    sentence = "توج يوفنتوس بلقب كأس السوبر للمرة السابعة في تاريخه إثر فوزه 2-صفر على لاتسيو أمام 40 ألف متفرج"
    for question in ("أحرز يوفنتوس كأس السوبر للمرة الكم؟", "What rank in history is this title for Juventus?"):
        assert [fact.text for fact in facts_for(analyse(question), sentence)] == ["السابعة"], question
    assert "السابعة" not in [fact.text for fact in facts_for(analyse("كم متفرجا حضر المباراة؟"), sentence)]


def test_a_how_manyth_time_question_takes_an_ordinal_over_all_time_not_one_within_a_window_or_a_streak():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    query = analyse("أحرز الفريق كأس السوبر للمرة الكم؟")
    sentences = {
        "وتعد هذه هي المرة الثالثة خلال الأعوام الأربعة الأخيرة التي يتوج فيها الفريق": [],
        "بعدما حقق انتصاره الرابع على التوالي على فريق العاصمة": [],
        "وهو لقبه الثاني في المواسم الثلاثة الأخيرة": [],
        "للتتويج بلقب كأس السوبر للمرة السابعة في تاريخه": ["السابعة"],
        "وأحرز اللقب للمرة السابعة العام الماضي": ["السابعة"],  # when it happened, not a window
    }
    for sentence, ordinals in sentences.items():
        assert [fact.text for fact in facts_for(query, sentence)] == ordinals, sentence
    # a question asking the streak itself takes it
    streak = analyse("للمرة الكم على التوالي فاز الفريق؟")
    assert [fact.text for fact in facts_for(streak, "بعدما حقق انتصاره الرابع على التوالي")] == ["الرابع"]


def test_a_count_or_date_of_another_event_does_not_answer():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    blast = "أدى التفجير إلى إصابة 6 أشخاص، وألقت الشرطة القبض على 3 مشتبه بهم"
    cases = [
        ("How many suspects were arrested after the blast?", blast, ["3 مشتبه"]),
        ("كم عدد الذين أصيبوا في التفجير؟", blast, ["6 أشخاص"]),
        ("How many people were killed in the blast?", blast, []),
        ("كم عدد الدوائر الانتخابية؟", "وحددت اللجنة 343 دائرة انتخابية", ["343 دائرة"]),
    ]
    for question, sentence, counts in cases:
        assert [fact.text for fact in facts_for(analyse(question), sentence)] == counts, question
    kidnapped = "وأكد أنه خطف في 22 يوليو، وأعلن التنظيم إعدامه يوم 12 أغسطس"
    assert [fact.english for fact in facts_for(analyse("When was the hostage killed?"), kidnapped)] == ["12 August"]
    assert [fact.english for fact in facts_for(analyse("When was he kidnapped?"), kidnapped)] == ["22 July"]


def test_a_span_of_time_answers_only_a_question_asking_for_one():
    from rag.answer.asked_facts import facts_for
    from rag.query.analysis import analyse

    tenors = "وطرحت الوزارة سندات لأجل 5 سنوات بقيمة 20 مليار ريال"
    assert [fact.text for fact in facts_for(analyse("ما حجم الإصدار الجديد من السندات؟"), tenors)] == ["20 مليار ريال"]
    assert "5 سنوات" in [fact.text for fact in facts_for(analyse("كم مدة السندات؟"), tenors)]
    assert "5 سنوات" in [fact.text for fact in facts_for(analyse("How many years do the bonds run for?"), tenors)]


def test_dots_that_group_thousands_are_read_as_thousands_not_as_a_decimal_point():
    cases = [
        ("بلغ عدد الحجاج 1.384.941 حاجا هذا العام", "1,384,941 pilgrims"),
        ("أنهت الجوازات تصحيح أوضاع ( 439.491 ) مقيمًا من أبناء اليمن", "439,491 residents"),
        ("وصل إلى المخيم 2.500 لاجئ خلال الأسبوع", "2,500 refugees"),
        ("شارك في الاقتراع 12.345.678 مواطنا", "12,345,678 citizens"),
        # a single dot before three digits is a decimal point where the quantity need not be whole
        ("بلغ سعر البرميل 50.410 دولار", "50.410 dollars"),
        ("ارتفع المؤشر إلى 8.834 نقطة", "8.834 points"),
        ("بلغ معدل النمو 2.125 في المائة", None),
    ]
    for sentence, english in cases:
        found = [fact.english for fact in find_numbers(sentence)]
        if english is None:
            assert all("," not in figure for figure in found), (sentence, found)
        else:
            assert english in found, (sentence, found)


def test_people_a_report_counts_by_their_status_are_counted_nouns_of_people():
    from rag.query.measures import unit_class

    for sentence, english in [
        ("وعلى متنها 227 راكبا و12 من أفراد الطاقم", "227 passengers"),
        ("فرقت الشرطة 300 متظاهر أمام البرلمان", "300 protesters"),
        ("وأنقذ خفر السواحل 120 مهاجرا", "120 migrants"),
        ("وأصيب 4 مواطنين بجروح", "4 citizens"),
    ]:
        found = [fact.english for fact in find_numbers(sentence)]
        assert english in found, (sentence, found)
        assert unit_class(english.split()[-1]) == "people"


def test_dates_read_again_are_the_same_and_a_caller_s_changes_do_not_carry_over():
    sentence = "وصلت الدفعة الأولى يوم 8 مارس 2014 وتصل الثانية في 22 / 8 / 2015"
    first = find_dates(sentence)
    first.clear()  # a caller's own list
    again = find_dates(sentence)
    assert [fact.text for fact in again] == [fact.text for fact in find_dates(sentence)] and len(again) == 2


def test_a_long_sentence_with_a_date_is_no_dateline_and_a_dateline_is_one():
    assert is_dateline("الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس")
    assert is_dateline("2015-08-11 10:42:00")
    long = "وقال الوزير في مؤتمر صحفي عقده في الرياض يوم الثلاثاء 11 أغسطس 2015 " + "إن الحكومة ماضية في خطتها " * 5
    assert not is_dateline(long)
