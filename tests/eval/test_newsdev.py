"""News-dev: the data set's scoring rules, and `rag eval` on a fixed sample of it with floors on the aggregates.

The floors sit a little below what the sample measured when they were set; the figures for the
whole set are in the closing notes of the work that changed them (`rag eval` prints them).
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.eval.newsdev import english_found, mostly_latin, news_questions, score_answer, span_found
from tests.paths import NEWS_DEV, TEST_OUTPUT

# Every third question (and the question each chosen follow-up is asked after), with its source files and
# a fixed slice of the other articles as distractors: about 60 questions over ~330 articles, a few minutes.
EVERY = 3
DISTRACTORS = 120


def test_arabic_spans_match_after_normalisation_and_numbers_match_whole():
    assert span_found("أعلن أن الرهينة توميسلاف سالوبيك [1] بخير", "سالوبيك")
    assert span_found("أصيب ٦٠ شخصا", "60")
    assert not span_found("أصيب 1600 شخص", "60")
    assert not span_found("بلغ 60.5 في المئة", "60")
    assert span_found("تنظيم داعـ.ـش أعلن", "داعش")
    assert span_found("إلى الأمام", "الى الامام")


def test_english_renderings_ignore_case_accents_articles_and_thousands_separators():
    assert english_found("The hotel in Sevare was attacked", "Sévaré, Mali")
    assert english_found("It paid 1554 riyals", "1,554 vehicles") is False
    assert english_found("1554 vehicles entered", "1,554 vehicles")
    assert english_found("Naameh landfill south of Beirut closed", "the Naameh landfill south of Beirut")
    assert not english_found("the Naameh landfill closed", "the Naameh landfill south of Beirut")
    assert english_found("Saleh bin Nasser Jasser", "Eng. Saleh bin Nasser al-Jasser") is False
    assert english_found("Colonel Nadim al-Hassan [1]", "Colonel Nadim al-Hassan")
    assert mostly_latin("Tuesday 11 August 2015.") and not mostly_latin("الثلاثاء 11 أغسطس")


def test_list_answers_score_the_share_of_items_found():
    questions = news_questions(
        json.dumps(
            {
                "id": "x1",
                "question": "Which cities?",
                "lang": "en",
                "kind": "list",
                "sources": ["a.txt"],
                "answers": ["لندن", "شنغهاي"],
                "answers_en": ["London (Saudi Super Cup)", "Shanghai"],
                "match": "all",
            }
        ),
        Path("q.jsonl"),
    )
    score = score_answer(questions[0], "- London: «...» [1]")
    assert score.coverage == 0.5 and not score.correct
    assert score_answer(questions[0], "- London [1]\n- في شنغهاي [2]").correct


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, embeddings):
    questions = [json.loads(line) for line in (NEWS_DEV / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen_ids = {q["id"] for q in questions[::EVERY]}
    chosen_ids |= {q["follows"] for q in questions if q["id"] in chosen_ids and q.get("follows")}
    chosen = [q for q in questions if q["id"] in chosen_ids]
    sources = {name for q in chosen for name in q["sources"]}
    others = sorted(path.name for path in (NEWS_DEV / "corpus").iterdir() if path.name not in sources)
    folder = tmp_path_factory.mktemp("news-dev-sample")
    (folder / "corpus").mkdir()
    for name in sorted(sources) + others[:: max(len(others) // DISTRACTORS, 1)][:DISTRACTORS]:
        shutil.copy(NEWS_DEV / "corpus" / name, folder / "corpus" / name)
    (folder / "questions.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in chosen), encoding="utf-8"
    )
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.eval.news_report import format_news_report
    from rag.eval.news_run import evaluate_news
    from rag.eval.newsdev import news_questions as read

    path = folder / "questions.jsonl"
    assistant = Assistant(Settings(store=folder / "store"), embeddings=embeddings)
    report = evaluate_news(assistant, read(path.read_text(encoding="utf-8"), path), path)
    # The figures, for whoever reads a failure or wants to reset the floors.
    output = TEST_OUTPUT
    output.mkdir(exist_ok=True)
    (output / "news-dev-sample.txt").write_text(format_news_report(report) + "\n", encoding="utf-8")
    return report


# Measured on the sample: R@1 ar 0.89 / en 0.74, R@5 1.00 / 0.97; fact ar 0.74 / en 0.57, English rendering 0.40,
# English-readable 0.46 on a CPU with bf16; on one without (float32 throughout), fact ar 0.68 / en 0.63, English
# rendering 0.46, English-readable 0.49 (test-output/news-dev-sample.txt has the whole table). Since an English
# question's named places and people are searched by their Arabic spellings too, English R@1 is 0.83 (float32).
# Since who questions prefer the asked office, when questions their tense and figures read grouped thousands (float32,
# AVX2): R@1 0.89 / 0.89, fact ar 0.84 / en 0.69, English rendering 0.49, English-readable 0.54.
@pytest.mark.integration
def test_sample_retrieval_finds_the_source_first(sample_report):
    languages = sample_report["languages"]
    assert languages["ar"]["all"]["recall@1"] >= 0.75
    assert languages["en"]["all"]["recall@1"] >= 0.70
    assert languages["ar"]["all"]["recall@5"] >= 0.9 and languages["en"]["all"]["recall@5"] >= 0.85


@pytest.mark.integration
def test_sample_answers_hold_the_asked_for_fact(sample_report):
    languages = sample_report["languages"]
    assert languages["ar"]["all"]["fact"] >= 0.72
    assert languages["en"]["all"]["fact"] >= 0.57
    assert languages["en"]["all"]["english_rendering"] >= 0.40
    assert languages["en"]["all"]["english_readable"] >= 0.45


@pytest.mark.integration
def test_sample_answerable_questions_are_rarely_refused_and_answers_are_short(sample_report):
    overall = sample_report["all"]
    # Measured: 3 of 54 refused, median 45 words (the whole set: 2 of 145, 39 Arabic / 46 English). Since a quote
    # under an opening line that states its fact is cut short around it: median 33 words (the whole set: 35, Arabic
    # 35 / English 34).
    assert overall["answerable_refused"] <= round(0.1 * overall["answerable"])
    assert overall["median_words"] <= 38


@pytest.mark.integration
def test_sample_lists_find_their_items_and_unanswerable_questions_are_refused(sample_report):
    overall = sample_report["all"]
    # Measured: list coverage 0.50 (4 English lists), 3 of 3 unanswerable questions refused (the whole set: lists
    # 0.56, unanswerable 7 of 15).
    assert overall["list_coverage"] >= 0.4
    assert overall["unanswerable_refused"] >= 0.6


@pytest.mark.integration
def test_cli_eval_prints_the_news_dev_table(tmp_path, sample_report):
    runner = CliRunner()
    store = Path(sample_report["header"]["store"])
    questions = tmp_path / "questions.jsonl"
    first = next(record for record in sample_report["records"] if record["kind"] not in ("followup",))
    source = json.loads(
        next(
            line
            for line in (NEWS_DEV / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if json.loads(line)["id"] == first["id"]
        )
    )
    questions.write_text(json.dumps(source, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["eval", str(questions), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "R@1" in result.output and "en-read" in result.output and source["lang"] in result.output
