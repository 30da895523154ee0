import pytest

from rag.query.analysis import analyse
from rag.query.outlets import named_outlets

NAMED = [
    ("Which Gulf markets closed higher, according to SPA's market briefs?", "en", ("واس",)),
    ("What was the price of gold reported by SPA from London?", "en", ("واس",)),
    ("On what date did the jet crash, according to SPA?", "en", ("واس",)),
    ("What did Asharq Al-Awsat report about the talks in Yemen?", "en", ("الشرق الأوسط",)),
    ("What did Al Riyadh say about the cabinet session?", "en", ("الرياض",)),
    ("What did Reuters report about the oil price?", "en", ("رويترز",)),
    ("كم مركبة دخلت السوق في اليوم الذي رصده تقرير واس؟", "ar", ("واس",)),
    ("ما المحافظات التي أفادت واس بهطول أمطار عليها؟", "ar", ("واس",)),
    ("ما الذي نشرته صحيفة عكاظ عن المهرجان؟", "ar", ("عكاظ",)),
    ("ماذا ذكرت الشرق الأوسط عن الهدنة؟", "ar", ("الشرق الأوسط",)),
    # the same words that name no source
    ("Who won the Poet of Okaz prize at the fair?", "en", ()),
    ("How many people were killed in Riyadh on Monday?", "en", ()),
    ("What did the minister say about the Middle East?", "en", ()),
    ("ما البرنامج الثقافي في سوق عكاظ؟", "ar", ()),
    ("كيف الطقس اليوم في المدينة المنورة؟", "ar", ()),
    ("ما الذي يهدد الوطن العربي؟", "ar", ()),
    ("متى يعقد مؤتمر الشرق الأوسط للطاقة؟", "ar", ()),
]


@pytest.mark.parametrize(("question", "language", "outlets"), NAMED)
def test_an_outlet_counts_only_where_the_question_names_it_as_its_source(question, language, outlets):
    assert named_outlets(question, language) == outlets


def test_a_follow_up_keeps_the_source_its_question_named():
    history = [("ما المحافظات التي أفادت واس بهطول أمطار عليها؟", "العرضيات.")]
    assert analyse("وماذا عن يوم الثلاثاء؟", history).outlets == ("واس",)
