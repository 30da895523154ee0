"""Retrieved passages reranked by the evidence they hold: a fact of the asked kind beside the question's words."""

from rag.answer.evidence import EVIDENCE_WEIGHT, TypedEvidence
from rag.index.keyword import KeywordIndex
from rag.query.analysis import analyse
from rag.schema import Chunk, Hit

FEATURE = "أحيت اليابان الذكرى السبعين لإلقاء القنبلة الذرية على هيروشيما وسط مشاركة دولية. وقرعت الأجراس في المدينة."
REPORT = "وكانت اليابان قد استسلمت في 15 أغسطس 1945 لتنتهي بذلك الحرب العالمية الثانية. وحضر الحفل آلاف الأشخاص."
OTHER = "وسجلت الأسهم اليابانية ارتفاعا في 15 أغسطس. وتراجع الين أمام الدولار."


def _chunk(n: int, text: str) -> Chunk:
    return Chunk(f"c{n}", f"a{n}", 0, text, 0, len(text), f"خبر {n}", f"file{n}.txt", date="2015-08-06")


def _reranker(chunks: list[Chunk]) -> TypedEvidence:
    keyword = KeywordIndex()
    keyword.add(chunks)
    return TypedEvidence(keyword)


def _hits(chunks: list[Chunk], scores: list[float]) -> list[Hit]:
    return [Hit(chunk, score, rank) for rank, (chunk, score) in enumerate(zip(chunks, scores, strict=True), start=1)]


def test_a_passage_with_the_asked_date_beside_the_question_s_words_rises_above_a_closer_feature():
    chunks = [_chunk(1, FEATURE), _chunk(2, REPORT), _chunk(3, OTHER)]
    reranker = _reranker(chunks)
    hits = _hits(chunks, [0.033, 0.032, 0.031])
    for question in ["في أي تاريخ استسلمت اليابان منهية الحرب العالمية الثانية؟", "On what date did Japan surrender?"]:
        reranked = reranker.rerank(analyse(question), hits)
        assert [hit.chunk.chunk_id for hit in reranked][:1] == ["c2"], question
        assert [hit.rank for hit in reranked] == [1, 2, 3]


def test_a_date_without_the_question_s_words_weighs_little_and_far_lower_passages_stay_lower():
    chunks = [_chunk(1, FEATURE), _chunk(2, OTHER), _chunk(3, REPORT)]
    reranker = _reranker(chunks)
    query = analyse("في أي تاريخ استسلمت اليابان منهية الحرب العالمية الثانية؟")
    reranked = reranker.rerank(query, _hits(chunks, [0.033, 0.032, 0.031]))
    assert reranked[0].chunk.chunk_id == "c3"  # the surrender date, not the market's "15 أغسطس"
    far = reranker.rerank(query, _hits(chunks, [0.05, 0.032, 0.05 - 2 * EVIDENCE_WEIGHT]))
    assert far[0].chunk.chunk_id == "c1"  # evidence adds at most EVIDENCE_WEIGHT to a passage's fused score


def test_a_question_that_asks_for_no_typed_fact_keeps_the_fused_order():
    chunks = [_chunk(1, FEATURE), _chunk(2, REPORT), _chunk(3, OTHER)]
    hits = _hits(chunks, [0.033, 0.032, 0.031])
    for question in ["من ألقى القنبلة على هيروشيما؟", "Why did Japan surrender?"]:
        assert _reranker(chunks).rerank(analyse(question), hits) == hits, question
