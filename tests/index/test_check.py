"""`rag check`: finds each kind of damage, repairs what is derivable, and says "corrupted" when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.errors import StoreCorruptedError
from rag.index.article_index import KEYWORD_FOLDER, ArticleIndex
from rag.index.check import check_store
from rag.index.write_guard import PENDING_FILE
from tests.index.test_store import _assert_in_step, _chunk, _index, _killed_inside_a_keyword_delete, _vector


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    _index(store).add([_chunk(number) for number in range(1, 9)], [_vector(number) for number in range(1, 9)])
    return store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_sound_store_passes_every_check(tmp_path: Path) -> None:
    store = _store(tmp_path)
    result = run("check", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "PROBLEM" not in result.output and "8 articles in 8 chunks" in result.output


def test_derivable_damage_is_found_then_repaired_without_touching_chroma(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _killed_inside_a_keyword_delete(store, ["chunk-002"])  # leftover .del file and a "write pending" marker
    (store / "0a1b2c3d-0000-4000-8000-000000000000").mkdir()  # a vector folder no collection uses
    found = run("check", "--store", str(store))
    assert found.exit_code == 1
    assert "last write: PROBLEM" in found.output and "keyword files: PROBLEM" in found.output
    assert "vector folders: PROBLEM" in found.output
    repaired = run("check", "--store", str(store), "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert not (store / PENDING_FILE).exists()
    assert len(_assert_in_step(_index(store, create=False))) == 8


def test_a_damaged_keyword_index_is_reported_and_rebuilt(tmp_path: Path) -> None:
    store = _store(tmp_path)
    term = next(file for file in (store / KEYWORD_FOLDER).iterdir() if file.suffix == ".term")
    term.write_bytes(b"")
    report = check_store(store)
    assert not report.healthy and any("damaged" in finding.detail for finding in report.findings)
    assert check_store(store, repair=True).healthy


def test_a_truncated_chroma_database_is_called_corrupted_and_never_mistaken_for_no_store(tmp_path: Path) -> None:
    store = _store(tmp_path)
    database = store / "chroma.sqlite3"
    for size in (database.stat().st_size // 2, 0):
        database.write_bytes(database.read_bytes()[:size])
        result = run("check", "--store", str(store))
        assert result.exit_code == 1 and "database: PROBLEM - corrupted" in result.output, result.output
        for create in (False, True):  # reading, and the next ingest: neither may start an empty store
            try:
                ArticleIndex.open(path=store, model_id="test-model", create=create)
            except StoreCorruptedError as error:
                assert f"The store at {store} is corrupted" in str(error) and "no store" not in str(error)
            else:
                raise AssertionError("a truncated database was opened as a store")


def test_the_reset_a_corrupted_store_advises_works_at_the_first_try(tmp_path: Path) -> None:
    store = _store(tmp_path)
    database = store / "chroma.sqlite3"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    with pytest.raises(StoreCorruptedError, match="--reset"):
        _index(store, create=False)
    ArticleIndex.reset(path=store)  # in the same process, as `rag ingest --reset` does
    fresh = _index(store)
    fresh.add([_chunk(1)], [_vector(1)])
    assert _assert_in_step(fresh) == {"chunk-001"}
    assert check_store(store).healthy
