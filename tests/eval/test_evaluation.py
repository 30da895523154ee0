"""`rag eval`: the measures on hand-made rankings and answers, the dataset readers, and real runs through the CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.errors import InputError
from rag.eval.datasets import SeedQuestion, SquadSet, read_dataset
from rag.eval.metrics import (
    contains_gold,
    gold_rank,
    mrr,
    normalise,
    percentile,
    recall_at,
    story_rank,
    word_count,
)
from rag.eval.squad import format_report
from rag.schema import Chunk, Hit, StoryCopy
from tests.paths import ROOT

ARCD = ROOT.parent / "shared" / "devdata" / "arcd-train.json"
SEED_QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"


def test_gold_rank_counts_distinct_articles_only() -> None:
    assert gold_rank(["a", "a", "b", "c"], "c") == 3
    assert gold_rank(["a", "b"], "a") == 1
    assert gold_rank(["a", "b"], "z") is None
    assert gold_rank([], "a") is None


def _hit(article: str, rank: int, *copies: str) -> Hit:
    chunk = Chunk(f"{article}-0", article, 0, "نص", 0, 3, "عنوان", f"{article}.txt")
    return Hit(chunk, 1.0 / rank, rank, copies=tuple(StoryCopy(copy, "عنوان", f"{copy}.txt") for copy in copies))


def test_a_gold_article_shown_as_another_paper_s_copy_counts_at_that_hit_s_rank() -> None:
    by_id = lambda article: article.article_id  # noqa: E731
    hits = [_hit("a", 1), _hit("b", 2, "gold", "c"), _hit("d", 3)]
    assert story_rank(hits, {"gold"}, by_id) == 2
    assert story_rank(hits, {"d"}, by_id) == 3
    assert story_rank(hits, {"z"}, by_id) is None
    # Two passages of one article are one entry.
    assert story_rank([_hit("a", 1), _hit("a", 2), _hit("b", 3)], {"b"}, by_id) == 2


def test_recall_and_mrr_on_hand_made_rankings() -> None:
    ranks = [1, 2, 5, 6, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 5)
    assert recall_at(ranks, 5) == pytest.approx(3 / 5)
    assert mrr(ranks, 10) == pytest.approx((1 + 1 / 2 + 1 / 5 + 1 / 6) / 5)
    # A gold article found beyond the cut-off earns nothing.
    assert mrr(ranks, 5) == pytest.approx((1 + 1 / 2 + 1 / 5) / 5)
    assert recall_at([], 5) == 0.0
    assert mrr([], 10) == 0.0


def test_contains_gold_normalises_digits_marks_and_spacing() -> None:
    answer = "انطلق مسار أستانا في  يناير ٢٠١٧ [1] بمشاركة روسيا وتركيا وإيران. [2]"
    assert contains_gold(answer, ["يناير 2017"])
    assert contains_gold("وصلت ٤٠ جهازاً", ["40 جهاز"])
    assert contains_gold("قال إنَّ الجانبَ الإيرانيَّ بادر", ["الجانب الإيراني"])
    assert contains_gold("According to the articles:\n«Sisi won 89.6 percent»", ["89.6"])
    assert contains_gold("Putin invited AL-SHAIBANI", ["al-Shaibani"])
    assert not contains_gold(answer, ["يناير 2018"])
    assert not contains_gold(answer, [])
    assert not contains_gold(answer, ["", "  "])  # an empty gold string matches nothing


def test_gold_split_by_a_citation_marker_still_counts() -> None:
    assert contains_gold("ثورة 30 [1] حزيران", ["ثورة 30 حزيران"])
    assert normalise(" ثورة\u0640 ٣٠\n حزيران ") == "ثورة 30 حزيران"


def test_word_count_ignores_citation_markers() -> None:
    assert word_count("انطلق مسار أستانا [1] في يناير 2017 [2, 3]") == 6
    assert word_count("") == 0


def test_percentile_interpolates_and_handles_no_values() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == pytest.approx(25.0)
    assert percentile([5.0], 95) == 5.0
    assert percentile([], 50) is None


def _squad(paragraphs: list[tuple[str, str, list[tuple[str, list[str]]]]]) -> dict:
    data: dict[str, list] = {}
    for title, context, qas in paragraphs:
        data.setdefault(title, []).append(
            {
                "context": context,
                "qas": [
                    {"id": f"{title}-{n}", "question": q, "answers": [{"text": a, "answer_start": 0} for a in answers]}
                    for n, (q, answers) in enumerate(qas)
                ],
            }
        )
    return {"version": "1.1", "data": [{"title": t, "paragraphs": p} for t, p in data.items()]}


def test_squad_paragraphs_become_articles_with_their_questions(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    document = _squad(
        [
            ("دمشق", "دمشق عاصمة سوريا.", [(" - ما عاصمة سوريا؟ ", [" دمشق ", "دمشق"])]),
            ("دمشق", "يمر بها نهر بردى.", [("ما النهر الذي يمر بدمشق؟", ["نهر بردى"]), ("  ", ["x"])]),
        ]
    )
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    data = read_dataset(path)
    assert isinstance(data, SquadSet)
    first, second = data.paragraphs
    article = second.article()
    assert (article.title, article.path, article.text) == ("دمشق 2", "squad:دمشق#2", "يمر بها نهر بردى.")
    assert article.article_id == article.content_hash != first.article().article_id
    # Blank questions are skipped; answers are stripped and deduplicated; whitespace is collapsed.
    assert [(q.question, q.answers, q.language) for q in data.questions] == [
        ("- ما عاصمة سوريا؟", ("دمشق",), "ar"),
        ("ما النهر الذي يمر بدمشق؟", ("نهر بردى",), "ar"),
    ]
    assert [q.article_id for q in data.questions] == [first.article_id, second.article_id]


def test_seed_questions_file_is_read_with_unanswerable_ones() -> None:
    questions = read_dataset(SEED_QUESTIONS)
    assert isinstance(questions, tuple)
    assert all(isinstance(question, SeedQuestion) for question in questions)
    assert {question.language for question in questions} == {"ar", "en"}
    unanswerable = [question.qid for question in questions if not question.answerable]
    assert unanswerable == ["s17", "s18"]


def test_unreadable_dataset_says_what_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "ok"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="Line 2 of"):
        read_dataset(path)
    empty = tmp_path / "empty.json"
    empty.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(InputError, match="holds no questions"):
        read_dataset(empty)


def _row(output: str, mode: str) -> list[str]:
    """Return the cells of the overall row of a mode in the retrieval table."""
    return next(line.split() for line in output.splitlines() if line.split()[:2] == [mode, "all"])


@pytest.mark.integration
def test_rag_eval_on_a_squad_sample_finds_the_gold_paragraphs(tmp_path: Path) -> None:
    if not ARCD.exists():
        pytest.skip(f"{ARCD} is not on this machine")
    arcd = json.loads(ARCD.read_text(encoding="utf-8"))
    pairs = [(entry["title"], paragraph) for entry in arcd["data"] for paragraph in entry["paragraphs"]]
    sample = random.Random(20).sample(pairs, 5)
    tiny = {"version": "1.1", "data": [{"title": title, "paragraphs": [paragraph]} for title, paragraph in sample]}
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(tiny, ensure_ascii=False), encoding="utf-8")

    result = CliRunner().invoke(main, ["eval", str(path), "--mode", "all"])

    assert result.exit_code == 0, result.output
    output = result.output
    for name in ("R@1", "R@5", "MRR@10", "p50 ms", "has gold", "median words", "baseline", "refusal errors"):
        assert name in output
    questions = sum(len(paragraph["qas"]) for _, paragraph in sample)
    assert "5 paragraphs ingested" in output and f"{questions} questions" in output
    for mode in ("keyword", "dense", "hybrid"):
        cells = _row(output, mode)
        assert int(cells[2]) == questions
        assert float(cells[4]) > 0.6  # R@5


@pytest.mark.integration
def test_rag_eval_on_seed_questions_ranks_sources_and_lists_failures(seeded_store: Path) -> None:
    """Uses the session's seeded store (tests/conftest.py); eval only reads it."""
    args = ["eval", str(SEED_QUESTIONS), "--store", str(seeded_store), "--mode", "hybrid", "--json"]

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["hybrid"]
    assert (report["questions"], report["unanswerable"]) == (16, 2)
    assert set(report["by_language"]) == {"ar", "en"}
    assert report["recall@5"] >= 0.8
    answers = report["answers"]
    assert (answers["answerable"], answers["unanswerable"]) == (16, 2)
    assert 0 <= answers["answerable_refused"] <= 16 and 0 <= answers["unanswerable_answered"] <= 2
    known = {json.loads(line)["id"] for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines()}
    assert all(row["id"] in known and row["reason"] for row in report["failures"])
    # Each refusal error is listed as a failure, with what the assistant said.
    refused_or_answered = [
        row for row in report["failures"] if "refused" in row["reason"] or "unanswerable" in row["reason"]
    ]
    assert len(refused_or_answered) == answers["answerable_refused"] + answers["unanswerable_answered"]
    assert all(row["answer"] for row in refused_or_answered)

    # The text form of the same report: the per-language rows and the failures table.
    text = format_report(json.loads(result.output))
    assert _row(text, "hybrid")[2] == "16"
    languages = [line.split()[0] for line in text.splitlines() if line.startswith("          ")]
    assert languages == ["ar", "en"]
    assert "failures over hybrid retrieval" in text
