"""Hybrid retrieval over the seeds: the right article first, in either language, with filters."""

import dataclasses
import itertools
import json
import re
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.index.filters import SearchFilter
from rag.query.analysis import analyse
from rag.query.dates import published_near
from rag.query.outlets import named_outlets
from rag.query.retrieval import HybridRetriever, fuse
from tests.paths import TEST_DATA

QUESTIONS = [json.loads(line) for line in (TEST_DATA / "seed_questions.jsonl").open()]
ANSWERABLE = [q for q in QUESTIONS if q["source"]]


def article_rank(hits, source: str) -> int:
    """Return the 1-based rank of the first hit from the file `source` (99 when absent)."""
    files = []
    for hit in hits:
        name = Path(hit.chunk.path.split("#")[0]).name
        if name not in files:
            files.append(name)
    return files.index(source) + 1 if source in files else 99


def test_fusion_rewards_agreement_and_weights():
    fused = dict(fuse([(["a", "b", "c"], 1.0), (["b", "c", "a"], 1.0)], rrf_k=60))
    assert max(fused, key=fused.get) == "b"
    only_dense = dict(fuse([(["a", "b"], 1.0), (["b", "a"], 0.0)]))
    assert only_dense["a"] > only_dense["b"]


@pytest.fixture(scope="module")
def retriever(seeded_assistant) -> HybridRetriever:
    return seeded_assistant.retriever


# The seed questions are a smoke test: retrieval quality is measured on news-dev (test_newsdev.py).
@pytest.mark.integration
@pytest.mark.parametrize("question", ANSWERABLE, ids=[q["id"] for q in ANSWERABLE])
def test_smoke_each_seed_question_finds_its_source_article_in_the_top_three(retriever, question):
    hits = retriever.search(question["question"], k=5)
    assert article_rank(hits, question["source"]) <= 3, [hit.chunk.title for hit in hits]


@pytest.mark.integration
def test_latin_names_find_their_arabic_spelling(retriever):
    keyword = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings, mode="keyword")
    hits = keyword.search("Pezeshkian", k=3)
    assert hits and "بزشكيان" in hits[0].chunk.text


@pytest.mark.integration
def test_a_name_the_tables_spell_in_arabic_is_searched_as_a_keyword_of_its_own(retriever):
    question = "What did Putin and the Syrian president discuss in their phone call?"
    unspelled = dict(retriever.weights) | {"en": dataclasses.replace(retriever.weights["en"], spelled=0.0)}
    without = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings, weights=unspelled)
    scores = {hit.chunk.chunk_id: hit.score for hit in without.search(question, k=10)}
    hits = retriever.search(question, k=10)
    naming = [hit for hit in hits if "بوتين" in hit.chunk.text and hit.chunk.chunk_id in scores]
    assert naming and all(hit.score > scores[hit.chunk.chunk_id] for hit in naming)
    others = [
        hit for hit in hits if "بوتين" not in f"{hit.chunk.title} {hit.chunk.text}" and hit.chunk.chunk_id in scores
    ]
    assert all(hit.score == pytest.approx(scores[hit.chunk.chunk_id]) for hit in others)


@pytest.mark.integration
def test_an_arabic_keyword_with_a_proclitic_finds_the_articles_that_write_it_bare(retriever):
    assert retriever.query_tokens("ما الذي جرى بموسكو؟", "ar") == ["جري", "بموسكو", "موسكو"]
    keyword = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings, mode="keyword")
    hits = keyword.search("ما الذي جرى بموسكو؟", k=3)
    assert hits and "موسكو" in hits[0].chunk.text and "بموسكو" not in hits[0].chunk.text


@pytest.mark.integration
def test_a_question_naming_its_source_ranks_that_outlet_s_articles_higher(retriever):
    plain = "ماذا دار في المكالمة الهاتفية بين الأسد والسيسي؟"
    outlets = {hit.chunk.outlet for hit in retriever.search(plain, k=10) if hit.chunk.outlet}
    outlet = next(name for name in sorted(outlets) if named_outlets(f"بحسب {name}", "ar") == (name,))
    query = analyse(f"ماذا دار في المكالمة الهاتفية بين الأسد والسيسي بحسب {outlet}؟")
    assert query.outlets == (outlet,)
    unnamed = dict(retriever.weights) | {"ar": dataclasses.replace(retriever.weights["ar"], outlet=0.0)}
    without = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings, weights=unnamed)
    vector = retriever.embeddings.embed_query(query.search_text)
    scores = {hit.chunk.chunk_id: hit.score for hit in without.search(query, k=10, vector=vector)}
    hits = [hit for hit in retriever.search(query, k=10, vector=vector) if hit.chunk.chunk_id in scores]
    assert any(hit.chunk.outlet == outlet for hit in hits)
    for hit in hits:
        if hit.chunk.outlet == outlet:
            assert hit.score > scores[hit.chunk.chunk_id]
        else:
            assert hit.score == pytest.approx(scores[hit.chunk.chunk_id])


@pytest.mark.integration
def test_an_analysed_follow_up_is_searched_by_its_standalone_form(retriever):
    history = (("What did Putin and al-Sharaa discuss on the phone?", "They discussed the situation in Syria."),)
    query = analyse("And when was that?", history)
    assert query.follow_up and query.language == "en"
    plain = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings)  # fused order, not reranked
    by_query = [hit.chunk.chunk_id for hit in plain.search(query, k=5)]
    assert by_query == [hit.chunk.chunk_id for hit in plain.search(query.search_text, k=5)]
    assert by_query != [hit.chunk.chunk_id for hit in plain.search(query.text, k=5)]


@pytest.mark.integration
def test_results_are_capped_per_article_and_scored_best_first(retriever):
    hits = retriever.search("بوتين الشرع اتصال", k=5)
    per_article = {}
    for hit in hits:
        per_article[hit.chunk.article_id] = per_article.get(hit.chunk.article_id, 0) + 1
    assert max(per_article.values()) <= retriever.per_article
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


@pytest.mark.integration
def test_outlet_filter_returns_only_that_outlet(retriever):
    hits = retriever.search("اتصال هاتفي", k=5, search_filter=SearchFilter(outlets=("İLKHA",)))
    assert hits and {hit.chunk.outlet for hit in hits} == {"İLKHA"}


@pytest.mark.integration
def test_date_filter_keeps_dated_articles_in_range(retriever):
    hits = retriever.search("اتصال هاتفي", k=5, search_filter=SearchFilter(date_from="2024-07", date_to="2024-12"))
    assert hits
    assert all(hit.chunk.date and "2024-07-01" <= hit.chunk.date <= "2024-12-31" for hit in hits)


def test_an_impossible_date_range_is_refused_with_a_reason():
    with pytest.raises(InputError, match="empty"):
        SearchFilter(date_from="2025-01-01", date_to="2024-01-01")


@pytest.mark.integration
def test_a_question_naming_a_day_ranks_articles_published_then_first(retriever):
    days = {hit.chunk.date for hit in retriever.search("اتصال هاتفي", k=10)}
    days = sorted(day for day in days if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day))
    assert len(days) >= 2  # the seeds span several days: the question's day must decide
    months = "January February March April May June July August September October November December".split()
    for day in days:
        query = analyse(f"What was said in the phone call on {int(day[8:])} {months[int(day[5:7]) - 1]} {day[:4]}?")
        assert query.dates == (day,)
        assert published_near(retriever.search(query, k=1)[0].chunk.date, query.dates)


@pytest.mark.integration
def test_an_analysed_question_s_passages_are_reranked_by_evidence_within_the_passages_an_answer_reads(retriever):
    plain = HybridRetriever(index=retriever.index, embeddings=retriever.embeddings, k=retriever.k)
    assert retriever.reranker is not None
    questions = ["متى جرى الاتصال الهاتفي بين الرئيسين؟", "How many were killed?", "When did the call take place?"]
    for question in questions:
        query = analyse(question)
        hits = retriever.search(query, k=retriever.k)
        fused = plain.search(query, k=retriever.k)
        assert {hit.chunk.chunk_id for hit in hits} == {hit.chunk.chunk_id for hit in fused}  # reordered, no others
        assert [hit.chunk.chunk_id for hit in hits] == [
            hit.chunk.chunk_id for hit in retriever.reranker.rerank(query, fused)
        ]
        assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
        assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
        # a passage's place does not depend on how many are asked for
        assert retriever.search(query, k=1)[0].chunk.chunk_id == hits[0].chunk.chunk_id
        deeper = retriever.search(query, k=10)
        assert [hit.chunk.chunk_id for hit in deeper[: len(hits)]] == [hit.chunk.chunk_id for hit in hits]
