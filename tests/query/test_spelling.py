"""A question's misspelt Arabic words are respelt as the words the store's passages hold."""

import pytest

from rag.index.keyword import KeywordIndex
from rag.query.spelling import MIN_RESPELT_LETTERS, Respelling, respellings, respelt
from rag.schema import Chunk

PASSAGES = [
    "ويشير تقرير المنظمة إلى أن السرطان أودى بحياة ملايين الأشخاص في العالم خلال العقد الماضي.",
    "يستخدم اللاعبون أرجلهم في تمرير الكرة بينما يستخدم الحارس يديه داخل منطقة الجزاء.",
    "تقع بلجيكا في غرب أوروبا وعاصمتها بروكسل ويبلغ عدد سكانها نحو أحد عشر مليون نسمة.",
    "يبدأ الاضطراب عادة قبل سن العشرين ويصيب الرجال والنساء بالنسبة نفسها.",
    "عقد مجلس الشورى جلسته الأسبوعية برئاسة رئيس المجلس وناقش تقرير وزارة الصحة.",
    "افتتح الفنان معرضه الأول في جدة بحضور عدد من الفنانين والنقاد.",
    "وصل الفاتحون إلى المدينة في القرن الأول الهجري ونشروا فيها الإسلام.",
    "انسحب الجيش من القطاع بعد اتفاق وقف إطلاق النار الذي رعته الأمم المتحدة.",
    "رسمت الحدود بين البلدين بموجب اتفاقية وقعت في القرن الماضي.",
    "تراجع سعر النفط في الأسواق العالمية مع ارتفاع المخزونات الأمريكية.",
]


@pytest.fixture(scope="module")
def idf(tmp_path_factory) -> KeywordIndex:
    index = KeywordIndex(tmp_path_factory.mktemp("spelling") / "keyword")
    index.add([Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), "", f"p{n}.txt") for n, text in enumerate(PASSAGES)])
    return index


# (question, word as written, word the passages hold); each slip is one letter away from the held word.
SLIPS = [
    ("كم شخص مات بالصرطان في العالم؟", "بالصرطان", "بالسرطان"),  # a sound written with its neighbour's letter
    ("متى يبدأ الاظطراب عادة؟", "الاظطراب", "الاضطراب"),  # ض for ظ
    ("ماذا يستخدم الاعبون في تمرير الكرة؟", "الاعبون", "اللاعبون"),  # the article's lam dropped
    ("كم عدد سكان بلجيكيا؟", "بلجيكيا", "بلجيكا"),  # a letter added
    ("متى وصل الفاتتحون إلى المدينة؟", "الفاتتحون", "الفاتحون"),  # a letter doubled
    ("متى يعقد مجسل الشورى جلسته؟", "مجسل", "مجلس"),  # two neighbours swapped
    ("أين رسمت جدود البلدين؟", "جدود", "حدود"),  # a dot misplaced
    ("من افتتح الفنان معرضا في جده مع الففانين؟", "الففانين", "الفنانين"),
]


@pytest.mark.parametrize(("question", "written", "meant"), SLIPS)
def test_a_word_no_passage_holds_is_respelt_as_the_held_word_one_letter_away(idf, question, written, meant):
    assert Respelling(written, meant) in respellings(question, idf)


@pytest.mark.parametrize("question", [*PASSAGES, "ما سعر النفط في الأسواق العالمية؟"])
def test_words_the_passages_hold_are_never_respelt(idf, question):
    assert respellings(question, idf) == ()


def test_short_words_and_words_with_no_held_neighbour_are_left_as_written(idf):
    # صعر is one letter from the held سعر, but a word this short has many real neighbours: it is not guessed at.
    assert len("صعر") < MIN_RESPELT_LETTERS
    assert respellings("ما صعر النفط اليوم؟", idf) == ()
    # Words far from every word of the store keep their spelling: the question is asked as written.
    assert respellings("من هو مخترع التلغراف اللاسلكي؟", idf) == ()


def test_the_respelt_question_replaces_whole_words_only(idf):
    question = "كم عدد سكان بلجيكيا وبلجيكيا الجديدة؟"
    changes = (Respelling("بلجيكيا", "بلجيكا"),)
    assert respelt(question, changes) == "كم عدد سكان بلجيكا وبلجيكيا الجديدة؟"
    assert respelt("كم عدد سُكّان بلجيكيا؟", changes) == "كم عدد سكان بلجيكا؟"  # in the question's clean form
