"""Who holds the office a question asks about: names after particles, nationalities, offices, the sentence quoted."""

import pytest

from rag.answer.base import QuotePiece, TextPiece
from rag.answer.names import find_names
from rag.answer.places import find_places, is_nationality
from rag.answer.roles import asked_roles, in_asked_role, names_someone
from rag.query.analysis import analyse
from rag.schema import Chunk, Hit
from rag.text.arabic import fold_letters


def test_the_word_after_a_name_particle_is_part_of_the_name_whatever_the_index_knows_of_it():
    cases = [
        ("وقال رئيس الجمعية المهندس ماجد أبو زاهرة إن العرض", "ماجد أبو زاهرة"),
        ("وقال رئيس الجمعية المهندس ماجد ابوزاهرة : يتوقع", "ماجد ابوزاهرة"),  # "Abu X" written as one word
        ("وأكد وزير الخارجية أحمد أبوالغيط أن المفاوضات", "أحمد أبوالغيط"),
        ("استقبل الأمير خالد بن بندر الوفد", "خالد بن بندر"),
    ]
    for sentence, written in cases:
        assert [name.text for name in find_names(sentence, titled=True)] == [written], sentence
    # a particle still needs a common name in the run: "أبو" before a common word is no name
    assert find_names("وقال إن أبو ظبي تستضيف المعرض", titled=True) == []


NATIONALITIES = [
    "الجزائري",
    "بالجزائري",
    "الكرواتي",
    "الأمريكي",
    "اليونانية",
    "المصري",
    "السعودي",
    "الروسي",
    "البريطاني",
    "التركي",
    "الإماراتي",
    "الياباني",
    "الأسترالي",
    "الإيراني",
    "اليمني",
    "اللبناني",
    "الصيني",
    "الفرنسية",
]
NOT_NATIONALITIES = [
    "الرئيسي",
    "الحالي",
    "العربي",
    "الدولي",
    "الأمني",
    "السياسي",
    "الإسلامي",
    "الوطني",
    "الشرقي",
    "الحوثي",
    "الجمعية",
    "المهندس",
    "الذي",
    "المالية",
    "الثاني",
]


def test_a_country_s_adjective_is_a_nationality_and_other_nisba_adjectives_are_not():
    assert [word for word in NATIONALITIES if not is_nationality(fold_letters(word))] == []
    assert [word for word in NOT_NATIONALITIES if is_nationality(fold_letters(word))] == []


def test_countries_are_found_under_the_names_news_gives_them():
    cases = [
        ("وصل الوفد إلى روسيا أمس", "Russia"),
        ("عقد الاجتماع في تركيا", "Turkey"),
        ("غادر الفريق إلى بريطانيا", "Britain"),
        ("وقعت الاتفاقية في الإمارات", "United Arab Emirates"),
        ("عاد الوزير من أمريكا", "United States"),
    ]
    for sentence, english in cases:
        assert [place.english for place in find_places(sentence)] == [english], sentence


def test_the_offices_a_question_names_are_its_title_words_in_either_language():
    assert "رييس" in asked_roles(analyse("من رئيس الجمعية الفلكية بجدة؟"))
    assert "مدرب" in asked_roles(analyse("من مدرب الفريق في المباراة النهائية؟"))
    assert "رييس" in asked_roles(analyse("Who was the president of the football federation?"))
    assert asked_roles(analyse("من الذي فاز بالجائزة هذا العام؟")) == frozenset()


def test_a_name_is_in_the_asked_office_when_that_office_stands_just_before_it():
    roles = asked_roles(analyse("من رئيس الجمعية الفلكية؟"))
    for sentence, holds in [
        ("وقال رئيس الجمعية المهندس ماجد أبو زاهرة إن العرض سيكون مميزا", True),
        ("وأوضح ورئيس الجمعية الدكتور خالد الزعاق أن الرصد ممكن", True),
        ("وقال المتحدث العميد عبدالله الحربي إن الحادث وقع ليلا", False),
    ]:
        names = find_names(sentence, titled=True)
        assert names, sentence
        assert in_asked_role(sentence, names[0], roles) is holds, sentence


def test_a_sentence_names_someone_when_a_title_or_a_nationality_introduces_the_name():
    for sentence, named in [
        ("وقال رئيس الجمعية المهندس ماجد أبو زاهرة إن العرض مميز", True),
        ("تبنى قيادي متطرف ومرتبط بالجزائري مختار بلمختار الهجوم على الفندق", True),
        ("وسيكون العرض قبل شروق شمس الأربعاء المقبل", False),  # name-like words, no one named
        ("أعلنت الوزارة اليوم عن خطة جديدة للطرق", False),
    ]:
        assert names_someone(sentence, frozenset()) is named, sentence


def _stories(embeddings, closer: str, farther: str):
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.index.keyword import KeywordIndex

    chunks = [
        Chunk(
            f"c{n}", f"a{n}", 0, text, 0, len(text), "الجمعية الفلكية تتوقع عرضا للشهب", f"f{n}.txt", date="2015-08-10"
        )
        for n, text in ((1, closer), (2, farther))
    ]
    keyword = KeywordIndex()
    keyword.add(chunks)
    return ExtractiveAnswerer(embeddings, keyword), [
        Hit(chunks[0], 1.0, 1, dense=0.95),
        Hit(chunks[1], 0.5, 2, dense=0.55),
    ]


@pytest.mark.integration
def test_a_who_question_quotes_first_a_close_sentence_naming_someone_in_the_asked_office(embeddings):
    closer = "قالت الجمعية الفلكية بجدة إن العام الحالي سيكون من أفضل الأعوام لرصد زخة الشهب في سماء المنطقة."
    named = "وقال رئيس الجمعية المهندس ماجد أبو زاهرة إنه يتوقع أن يكون عرض زخة الشهب هذا العام الأكثر روعة."
    answerer, hits = _stories(embeddings, closer, named)
    query = analyse("من رئيس الجمعية الفلكية الذي توقع عرضا استثنائيا للشهب؟")
    vector = embeddings.embed_query(query.search_text)
    pieces = list(answerer.stream(query, hits, vector))
    first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
    assert first_quote.n == 2, pieces
    assert isinstance(pieces[0], TextPiece) and "ماجد أبو زاهرة" in pieces[0].text
    # a closest sentence that itself introduces someone stays first: the office alone does not outrank it
    other = "وقال عضو الجمعية الدكتور خالد الزعاق إن العام الحالي سيكون من أفضل الأعوام لرصد زخة الشهب."
    answerer, hits = _stories(embeddings, other, named)
    pieces = list(answerer.stream(query, hits, vector))
    assert next(piece for piece in pieces if isinstance(piece, QuotePiece)).n == 1, pieces


def test_a_name_keeps_its_chain_of_fathers_and_stops_at_punctuation_and_a_rank_s_ordinal():
    cases = [
        (
            "أعلنت القيادة استشهاد الرقيب ماجد بن فهد بن فهيد السبيعي -رحمه الله- من منسوبي الحرس",
            "ماجد بن فهد بن فهيد السبيعي",
        ),
        ("وقال المهندس محمد بن حمود بن صالح الشايع إن المراكز جاهزة", "محمد بن حمود بن صالح الشايع"),
        ("أعلنت القيادة استشهاد الجندي أول يحيى متعب من منسوبي القوات البرية", "يحيى متعب"),
        ("وقال الرئيس السوري بشار الأسد، محمد علي في المؤتمر", "بشار الأسد"),
    ]
    for sentence, written in cases:
        assert [name.text for name in find_names(sentence, titled=True)][:1] == [written], sentence


def test_an_english_who_answer_gives_the_military_rank_english_news_writes():
    from rag.answer.opening import opening_line

    sentence = "أعلنت القيادة استشهاد الرقيب ماجد بن فهد بن فهيد السبيعي من منسوبي الحرس الوطني"
    chunk = Chunk("c1", "a1", 0, sentence, 0, len(sentence), "استشهاد", "f.txt", date="2015-08-06")
    line = opening_line(analyse("Which soldier of the National Guard was killed?"), (), sentence, chunk)
    assert line is not None and line.startswith("Sergeant Majed bin Fahd"), line


def test_a_runner_up_that_only_restates_the_opening_fact_is_not_quoted_again():
    from rag.answer.asked_facts import facts_for
    from rag.answer.extractive import Candidate, _restates

    query = analyse("Roughly how many civilians did ISIS abduct after seizing the town?")
    first = "خطف تنظيم داعش نحو 230 مدنيًا بعد استيلائه على البلدة"
    for runner_up, restates in [
        ("وأشار المرصد إلى أن التنظيم اختطف 230 مدنيًا غداة سيطرته على المدينة", True),  # another paper, same count
        ("وأشار المرصد إلى أن التنظيم اختطف 250 مدنيًا غداة سيطرته على المدينة", False),  # another count: evidence
        ("وسيطر التنظيم على البلدة بعد معارك عنيفة مع القوات الحكومية", False),  # no count: it may be the answer
    ]:
        best = Candidate(1, 0, len(first), first, 0.9, facts_for(query, first))
        second = Candidate(2, 0, len(runner_up), runner_up, 0.89, facts_for(query, runner_up))
        assert _restates(second, best, first) is restates, runner_up
    # an opening with no fact in the quote restates nothing
    best = Candidate(1, 0, len(first), first, 0.9, ())
    other_paper = "وأشار المرصد إلى أن التنظيم اختطف 230 مدنيًا غداة سيطرته على المدينة"
    assert not _restates(Candidate(2, 0, 10, other_paper, 0.89, facts_for(query, other_paper)), best, first)
