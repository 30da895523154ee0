"""A quote under an opening line that states the fact is its evidence, cut short around that fact."""

import re

import pytest

from rag.answer.base import QuotePiece, TextPiece
from rag.answer.clauses import EVIDENCE_QUOTE_WORDS, MAX_QUOTE_WORDS, trim_to_clauses, words_around
from rag.answer.extractive import Candidate, ExtractiveAnswerer, _offers_another
from rag.answer.facts import find_numbers
from rag.index.keyword import KeywordIndex
from rag.query.analysis import analyse
from rag.schema import Chunk, Hit

_WORD = re.compile(r"\S+")

# Long sentences with no comma to cut at, each with one word of it to keep in view.
LONG_SENTENCES = [
    (
        "أعلنت وزارة الصحة اليوم أن عدد المصابين بالفيروس في المملكة ارتفع إلى 1059 شخصا منذ ظهور الفيروس قبل "
        "ثلاثة أعوام وأن فرق الرقابة الصحية تواصل أعمالها في جميع المستشفيات والمراكز الصحية التابعة للوزارة في "
        "مختلف مناطق المملكة خلال موسم الصيف الحالي",
        "1059",
    ),
    (
        "وصلت إلى مطار الملك عبدالعزيز الدولي بجدة أمس أولى رحلات الحجاج القادمين من خارج المملكة لأداء فريضة "
        "الحج لهذا العام وكان في استقبالهم مدير عام الجوازات اللواء سليمان اليحيى وعدد من المسؤولين في المطار "
        "الذين قدموا لهم الورود والهدايا التذكارية ترحيبا بقدومهم",
        "اليحيى",
    ),
    (
        "واصل الذهب تعافيه من الانخفاضات الأخيرة في السوق الفورية وسط تراجع الدولار أمام سلة من العملات الرئيسية "
        "قبل صدور بيانات الوظائف الأمريكية التي يترقبها المستثمرون هذا الأسبوع ليصل سعر الأوقية في نهاية "
        "التداولات إلى 1095 دولارا",
        "1095",
    ),
    (
        "The committee met on Tuesday in the capital to review the reports sent by the regional offices and after "
        "a long session that lasted until the evening it approved the new budget of 42 million dollars for the "
        "coming year",
        "42",
    ),
    (
        "قال شهود عيان إن الانفجار وقع قرابة منتصف الليل أمام مبنى البلدية في وسط المدينة حيث تجمع عدد كبير من "
        "المواطنين الذين هرعوا إلى المكان لمعرفة ما جرى بعد أن سمعوا دويا هائلا هز أرجاء الحي",
        "منتصف",
    ),
]


@pytest.mark.parametrize("limit", [12, 20, 25])
@pytest.mark.parametrize(("text", "word"), LONG_SENTENCES)
def test_the_words_around_a_span_are_a_run_of_exactly_the_limit_that_holds_it(text, word, limit):
    start = text.index(word)
    window = words_around(text, (start, start + len(word)), limit)
    assert window is not None
    piece = text[window[0] : window[1]]
    assert word in piece and len(_WORD.findall(piece)) == limit
    assert text[window[0] - 1 : window[0]] in ("", " ") and text[window[1] : window[1] + 1] in ("", " ")
    words = _WORD.findall(text)
    at = next(i for i, found in enumerate(words) if word in found)
    if at < limit:  # a span among the first words keeps the sentence's start
        assert window[0] == 0
    elif at < len(words) - limit + limit // 3:  # else the span stands a third of the way in
        assert len(_WORD.findall(text[window[0] : start])) == limit // 3
    else:  # or as far in as the sentence's end allows
        assert window[1] == len(text)


@pytest.mark.parametrize(("text", "word"), LONG_SENTENCES)
def test_no_words_are_cut_from_a_text_as_short_as_the_limit_or_around_a_span_as_long(text, word):
    start = text.index(word)
    words = len(_WORD.findall(text))
    assert words_around(text, (start, start + len(word)), words) is None
    assert words_around(text, (start, start + len(word)), words + 5) is None
    assert words_around(text, (0, len(text)), words - 1) is None


def test_a_short_clause_holding_the_fact_joins_the_next_even_past_the_limit():
    # The fact's own clause is under the twelve words a cut quote keeps, and it with the next is over the limit:
    # the quote still holds the fact rather than the clauses after it.
    text = (
        "بعد 515 يوما من فقدان الطائرة، أعلن رئيس الوزراء أن فريق الخبراء الدوليين أكد بشكل نهائي أن حطام "
        "الطائرة الذي عثر عليه في جزيرة لاريونيون في المحيط الهندي يعود إلى الرحلة المفقودة منذ شهر مارس من "
        "العام الماضي، وأن عمليات البحث ستتواصل في المنطقة خلال الأسابيع المقبلة بمشاركة فرق من عدة دول."
    )
    candidate = Candidate(1, 0, len(text), text, 0.9, tuple(find_numbers(text)))
    query = analyse("How many days after the plane vanished was the debris confirmed?")
    for limit in (25, 35, MAX_QUOTE_WORDS):
        start, end, quote = trim_to_clauses(candidate, query, limit=limit)
        assert "515" in quote and quote == text[start:end], limit


def _answerer_and_hit(embeddings, text: str, title: str) -> tuple[ExtractiveAnswerer, Hit]:
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), title, "file1.txt", date="2015-08-11", outlet="واس")
    keyword = KeywordIndex()
    keyword.add([chunk])
    return ExtractiveAnswerer(embeddings, keyword), Hit(chunk, 1.0, 1, dense=0.85)


def _answer(embeddings, text: str, title: str, question: str) -> tuple[str, QuotePiece]:
    answerer, hit = _answerer_and_hit(embeddings, text, title)
    query = analyse(question)
    pieces = list(answerer.stream(query, [hit], embeddings.embed_query(query.search_text)))
    opening = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece))
    (quote,) = [piece for piece in pieces if isinstance(piece, QuotePiece)]
    assert text[quote.start : quote.end] == quote.text  # still an exact span of the article
    return opening, quote


# (sentence, headline, question, the fact as the opening line states it, as the sentence writes it)
EVIDENCE_CASES = [
    (*LONG_SENTENCES[0], "كورونا في المملكة", "How many people has the virus infected in the Kingdom?", "1,059"),
    (*LONG_SENTENCES[0], "كورونا في المملكة", "كم عدد المصابين بالفيروس في المملكة؟", "1059"),
    (*LONG_SENTENCES[1], "وصول أولى رحلات الحجاج", "Who welcomed the first pilgrims at Jeddah airport?", "Yahya"),
    (*LONG_SENTENCES[1], "وصول أولى رحلات الحجاج", "من استقبل أولى رحلات الحجاج في مطار جدة؟", "اليحيى"),
    (*LONG_SENTENCES[2], "أسعار الذهب", "What was the price of an ounce of gold?", "1,095"),
    (*LONG_SENTENCES[2], "أسعار الذهب", "كم بلغ سعر أوقية الذهب؟", "1095"),
]


@pytest.mark.parametrize(("text", "written", "title", "question", "stated"), EVIDENCE_CASES)
def test_a_quote_under_an_opening_that_states_the_sentence_s_one_fact_is_cut_short_around_it(
    embeddings, text, written, title, question, stated
):
    opening, quote = _answer(embeddings, text, title, question)
    language = "en" if question.isascii() else "ar"
    assert stated in opening and written in quote.text
    assert len(_WORD.findall(quote.text)) <= EVIDENCE_QUOTE_WORDS[language] < len(_WORD.findall(text))
    # where the quote breaks off inside the sentence, the answer shows it
    assert quote.cut_before == (quote.start > 0) and quote.cut_after == (quote.end < len(text))
    assert quote.shown.startswith("…") == quote.cut_before and quote.shown.endswith("…") == quote.cut_after


def test_a_quote_whose_sentence_holds_several_facts_of_the_kind_asked_is_not_cut_for_them(embeddings):
    text = (
        "وأوضح التقرير أن عدد المصابين بالفيروس في المملكة بلغ 1059 شخصا منذ ظهور الفيروس توفي منهم 471 شخصا "
        "في حين تماثل للشفاء 583 شخصا بعد تلقيهم العلاج في المستشفيات والمراكز الصحية التابعة للوزارة في مختلف "
        "المناطق"
    )
    for question in ("How many people has the virus infected in the Kingdom?", "كم عدد المصابين بالفيروس؟"):
        _, quote = _answer(embeddings, text, "كورونا في المملكة", question)
        assert quote.text == text and not (quote.cut_before or quote.cut_after), question


def test_a_quote_is_shown_with_an_ellipsis_where_it_breaks_off():
    assert QuotePiece(1, 0, 4, "نص").shown == "نص"
    assert QuotePiece(1, 0, 4, "نص", cut_before=True).shown == "…نص"
    assert QuotePiece(1, 0, 4, "نص", cut_after=True).shown == "نص…"
    assert QuotePiece(1, 0, 4, "نص", True, True).shown == "…نص…"


def _runner_up(text: str) -> Candidate:
    return Candidate(2, 0, len(text), text, 0.8, tuple(find_numbers(text)))


@pytest.mark.parametrize(
    ("best", "second", "another"),
    [
        ("وعلى متنها 227 راكبا من جنسيات مختلفة", "وكان على متن الطائرة 239 شخصا بينهم 153 صينيا", True),
        ("وعلى متنها 227 راكبا من جنسيات مختلفة", "وأقلعت الطائرة وعلى متنها 227 راكبا", False),
        ("ارتفع المؤشر إلى 8834 نقطة", "وقال المحللون إن السوق ستواصل الصعود في الأيام المقبلة", False),
        ("بلغت الأرباح 10 مليارات ريال", "ووزعت الشركة 7.5 مليارات ريال على المساهمين", True),
    ],
)
def test_a_runner_up_offers_another_answer_only_with_a_fact_other_than_the_one_stated(best, second, another):
    assert _offers_another(_runner_up(second), _runner_up(best)) is another


# An entry's long lead and the long sentence that answers what the question asks of its subject.
LEAD = (
    "رجب طيب أردوغان سياسي تركي ولد في حي قاسم باشا في مدينة إسطنبول، وهو رئيس الجمهورية التركية الثاني عشر "
    "والحالي منذ عام طويل، وكان قبل ذلك رئيسا للوزراء ورئيسا لبلدية إسطنبول، وأسس حزب العدالة والتنمية مع عدد من "
    "رفاقه بعد خروجهم من حزب الفضيلة الذي حظرته المحكمة الدستورية"
)
ANSWERING = (
    "واتهم أردوغان بالتحريض على الكراهية الدينية وأوقف من منصبه رئيسا لبلدية إسطنبول، وحكم عليه بالسجن بسبب "
    "اقتباسه أبياتا من شعر تركي في خطاب جماهيري، ألقاه أمام أنصاره في مدينة سعرد جنوب شرق البلاد خلال زيارة "
    "رسمية للمدينة في ذلك العام"
)


def _pair(question: str, runner_up_score: float, runner_up_grounding: float = 1.0):
    from rag.answer.extractive import _paired_runner_up

    query = analyse(question)
    best = Candidate(1, 0, len(LEAD), LEAD, 1.0, ())
    runner_up = Candidate(1, 1000, 1000 + len(ANSWERING), ANSWERING, runner_up_score, (), runner_up_grounding)
    quote = trim_to_clauses(best, query)[2]
    return _paired_runner_up(query, [best, runner_up], best, (), quote)


def test_a_runner_up_as_close_as_the_best_is_quoted_beside_it_cut_so_both_fit_the_answer():
    from rag.answer.extractive import MAX_ANSWER_WORDS, PAIRED_RUNNER_UP_WORDS, SECOND_MARGIN

    for question in ["بماذا اتهم رجب طيب أردوغان؟", "ما التهمة التي وجهت إلى أردوغان؟", "لماذا أوقف أردوغان من منصبه؟"]:
        paired = _pair(question, 1.0 - SECOND_MARGIN / 2)
        assert paired is not None, question
        (start, end, quote), runner_up = paired
        assert runner_up.text == ANSWERING and LEAD[start:end] == quote
        second = trim_to_clauses(runner_up, analyse(question), limit=PAIRED_RUNNER_UP_WORDS)[2]
        assert len(_WORD.findall(quote)) + len(_WORD.findall(second)) <= MAX_ANSWER_WORDS, question
        assert len(_WORD.findall(quote)) < len(_WORD.findall(LEAD)), question  # the best quote made room


def test_no_runner_up_is_paired_far_below_the_best_of_a_less_grounded_passage_or_after_a_typed_or_english_question():
    from rag.answer.extractive import SECOND_MARGIN

    assert _pair("بماذا اتهم رجب طيب أردوغان؟", 1.0 - 2 * SECOND_MARGIN) is None  # not close enough
    assert _pair("بماذا اتهم رجب طيب أردوغان؟", 1.0, runner_up_grounding=0.5) is None  # another story's
    # a date, figure, name or place asked for is stated by the opening line; the quote under it is its evidence
    for typed in [
        "متى اتهم أردوغان بالتحريض؟",
        "من اتهم أردوغان بالتحريض؟",
        "أين ولد أردوغان؟",
        "كم عاما سجن أردوغان؟",
    ]:
        assert _pair(typed, 1.0) is None, typed
    # an English reader is given no second Arabic quote they cannot read
    assert _pair("What was Erdogan accused of?", 1.0) is None
