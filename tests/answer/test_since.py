""" "Since when?" questions and the date "since" opens in a sentence."""

import pytest

from rag.answer.asked_facts import facts_for
from rag.answer.base import QuotePiece, TextPiece
from rag.answer.since import asks_since, opens_since
from rag.query.analysis import analyse
from rag.schema import Chunk, Hit


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("منذ متى تغلق المدارس أبوابها؟", True),
        ("منذ أي تاريخ كانت البورصة مغلقة؟", True),
        ("مُنذ أيّ يوم والطريق مقطوع؟", True),
        ("ومنذ متى؟", True),
        ("Since when has the border been closed?", True),
        ("Since what date have flights been suspended?", True),
        ("And since when?", True),
        ("متى أغلقت البورصة منذ بدء الأزمة؟", False),  # "when", and "since" dates the crisis
        ("في أي صحيفة يكتب عموداً منذ عام 2017؟", False),
        ("Which city has ISIS held since May?", False),
        ("متى أعيد فتح البورصة؟", False),
        ("When did the exchange reopen?", False),
    ],
)
def test_a_question_asks_since_when_only_with_since_before_when_or_which(question, asks):
    assert asks_since(question) == asks


@pytest.mark.parametrize(
    ("sentence", "date", "opened"),
    [
        ("وسوق أثينا للأسهم مغلقة منذ 29 حزيران (يونيو) عندما أغلقت الحكومة المصارف", "29 حزيران", True),
        ("والطريق مقطوع منذ يوم 5 مايو الماضي", "5 مايو", True),
        ("وتتواصل الاحتجاجات منذ تاريخ 12 يوليو", "12 يوليو", True),
        ("ومنذ 3 أغسطس لم تصل أي شحنة", "3 أغسطس", True),
        ("The border has been closed since 17 July 2015.", "17 July", True),
        ("قرر المجلس إعادة فتح البورصة يوم الإثنين 3 آب", "3 آب", False),
        ("وأعلنت الشركة منذ قليل أن الرحلة ستقلع في 9 أغسطس", "9 أغسطس", False),  # too far after "since"
        ("It reopened on 3 August after weeks of closure.", "3 August", False),
    ],
)
def test_since_opens_only_a_date_it_stands_just_before(sentence, date, opened):
    assert opens_since(sentence, sentence.index(date)) == opened


def test_a_since_when_question_takes_the_date_since_opens_and_keeps_a_sentence_s_dates_when_none_is():
    both = "قرر المجلس إعادة فتح البورصة يوم 3 أغسطس بعد أن ظلت مغلقة منذ 29 يونيو."
    other = "قرر المجلس إعادة فتح البورصة يوم 3 أغسطس."
    since = analyse("منذ متى كانت البورصة مغلقة؟")
    assert [fact.text for fact in facts_for(since, both)] == ["29 يونيو"]
    assert [fact.text for fact in facts_for(since, other)] == ["3 أغسطس"]
    when = analyse("متى تعيد البورصة فتح أبوابها؟")
    assert [fact.text for fact in facts_for(when, both)] == ["3 أغسطس", "29 يونيو"]


SINCE_WHEN = ["منذ متى كانت بورصة أثينا مغلقة؟", "Since when had the Athens exchange been shut?"]


@pytest.mark.parametrize("question", SINCE_WHEN)
def test_a_since_when_answer_quotes_the_sentence_since_dates_before_a_closer_one_dating_something_else(
    embeddings, question
):
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.index.keyword import KeywordIndex

    reopening = "وقرر مجلس إدارة سوق أثينا للأسهم إعادة فتح بورصة أثينا المغلقة يوم الإثنين 3 أغسطس."
    closed = "وكانت الحكومة قد أغلقت المصارف منذ 29 يونيو وفرضت قيودا على سحب الأموال."
    text = f"{reopening} {closed}"
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), "إعادة فتح بورصة أثينا", "file1.txt", date="2015-08-01")
    keyword = KeywordIndex()
    keyword.add([chunk])
    answerer = ExtractiveAnswerer(embeddings, keyword)
    query = analyse(question)
    pieces = list(answerer.stream(query, [Hit(chunk, 1.0, 1, dense=0.85)], embeddings.embed_query(query.search_text)))
    first_quote = next(piece for piece in pieces if isinstance(piece, QuotePiece))
    opening = "".join(piece.text for piece in pieces if isinstance(piece, TextPiece)).splitlines()[0]
    assert first_quote.text == closed, pieces
    assert "29" in opening and "3" not in opening.replace("29", ""), opening
