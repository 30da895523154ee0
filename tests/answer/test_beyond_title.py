"""Under a headline that only names its subject, the question's other words tell the article's sentences apart."""

import pytest

from rag.answer.extractive import BEYOND_TITLE_WEIGHT, ExtractiveAnswerer
from rag.index.keyword import KeywordIndex
from rag.query.analysis import analyse
from rag.query.terms import Coverage
from rag.schema import Chunk, Hit

# (headline naming the subject, the lead restating it, the sentence that answers, question)
ENTRIES = [
    (
        "نهر النيل",
        "نهر النيل هو أطول أنهار العالم ويجري في قارة أفريقيا عبر عدة دول.",
        "وينبع النهر من بحيرة فيكتوريا في شرق القارة ويصب في البحر الأبيض المتوسط.",
        "من أين ينبع نهر النيل؟",
    ),
    (
        "مدينة العلا",
        "مدينة العلا مدينة تاريخية في شمال غرب المملكة العربية السعودية تتبع منطقة المدينة المنورة وتضم آثارا "
        "تعود إلى آلاف السنين.",
        "وعرفت قديما باسم ددان وكانت عاصمة لمملكة لحيان.",
        "بأي اسم عرفت مدينة العلا قديما؟",
    ),
    (
        "الدولة السلجوقية",
        "الدولة السلجوقية أو دولة السلاجقة العظام دولة إسلامية حكمت إيران والعراق والشام وآسيا الصغرى في القرنين "
        "الحادي عشر والثاني عشر.",
        "تأسست الدولة على يد سلالة تركية تنحدر من قبيلة قنق.",
        "على يد من تأسست الدولة السلجوقية؟",
    ),
    (
        "جزيرة فرسان",
        "جزيرة فرسان أكبر جزر أرخبيل فرسان في البحر الأحمر وتتبع منطقة جازان في جنوب غرب المملكة العربية السعودية.",
        "ويقام فيها سنويا مهرجان الحريد احتفاء بصيد أسماك الببغاء.",
        "ما المهرجان الذي يقام سنويا في جزيرة فرسان؟",
    ),
    (
        "طه حسين",
        "طه حسين أديب وناقد مصري كبير لقب بعميد الأدب العربي ويعد من أبرز الشخصيات في الحركة العربية الأدبية الحديثة.",
        "واتهم بالإلحاد بعد نشر كتابه في الشعر الجاهلي عام 1926.",
        "بماذا اتهم طه حسين؟",
    ),
    (
        "حديقة الملك عبدالله",
        "حديقة الملك عبدالله حديقة عامة كبيرة في مدينة الرياض تضم مسطحات خضراء وممرات للمشي وبحيرات صناعية.",
        "وافتتحها أمير منطقة الرياض في عام 2014 بحضور عدد من المسؤولين.",
        "من افتتح حديقة الملك عبدالله؟",
    ),
    (
        "الخط العربي",
        "الخط العربي فن وتصميم الكتابة في مختلف اللغات التي تستعمل الحروف العربية ويتميز بالمرونة والتنوع.",
        "ومن أشهر أنواعه خط النسخ وخط الثلث والخط الديواني والخط الكوفي.",
        "ما أشهر أنواع الخط العربي؟",
    ),
]
# A news headline says what happened: the question's other words are no sign of the answer under it.
NEWS_HEADLINE = "وزارة الثقافة تعلن برنامج الفعاليات الصيفية في عدد من مناطق المملكة"


def _margin(embeddings, title: str, lead: str, answer: str, question: str, weight: float) -> float:
    """Return how far the answering sentence scores above the lead, for an answerer weighing the question's words
    beyond the headline by `weight`."""
    text = f"{lead} {answer}"
    chunk = Chunk("c1", "a1", 0, text, 0, len(text), title, "entry.txt")
    keyword = KeywordIndex()
    keyword.add([chunk])
    query = analyse(question)
    answerer = ExtractiveAnswerer(embeddings, keyword, beyond_title_weight=weight)
    vector = embeddings.embed_query(query.search_text)
    scores = {candidate.text: candidate.score for candidate in answerer.candidates(query, [Hit(chunk, 1.0, 1)], vector)}
    return scores[answer] - scores[lead]


@pytest.mark.parametrize(("title", "lead", "answer", "question"), ENTRIES)
def test_under_a_naming_headline_the_sentence_with_the_question_s_other_words_gains_on_the_lead(
    embeddings, title, lead, answer, question
):
    with_rule = _margin(embeddings, title, lead, answer, question, BEYOND_TITLE_WEIGHT)
    without = _margin(embeddings, title, lead, answer, question, 0.0)
    assert with_rule > without
    assert with_rule > 0  # and the answering sentence ranks above the lead
    # under a headline that says what happened, or none, the rule does not weigh in
    for headline in (NEWS_HEADLINE, ""):
        margins = [_margin(embeddings, headline, lead, answer, question, weight) for weight in (BEYOND_TITLE_WEIGHT, 0)]
        assert margins[0] == pytest.approx(margins[1]), headline


def test_the_coverage_beyond_a_headline_weighs_only_the_terms_it_does_not_hold():
    query = analyse("على يد من تأسست الدولة السلجوقية في القرن الحادي عشر؟")
    coverage = Coverage(query.terms, lambda token: 10, 1000)
    beyond = coverage.beyond("الدولة السلجوقية")
    labels = {group.label for group in beyond.groups}
    assert labels and not labels & {"دوله", "سلجوقيه"} and len(beyond.groups) == len(coverage.groups) - 2
    answer = "تأسست على يد سلالة السلاجقة في القرن الحادي عشر"
    assert beyond(answer) > coverage(answer)
    assert beyond("الدولة السلجوقية دولة تركية") == 0.0 < coverage("الدولة السلجوقية دولة تركية")
    # a headline that holds none of the question's terms leaves the whole coverage
    assert beyond.groups != coverage.groups and coverage.beyond("أخبار").groups == coverage.groups
