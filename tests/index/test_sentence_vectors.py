"""The file of sentence vectors embedded ahead of the questions: exact vectors by exact text, one model, a cache."""

import numpy as np

from rag.index.sentence_vectors import SentenceVectors

RNG = np.random.default_rng(7)


def _vectors(count: int) -> list[list[float]]:
    return RNG.standard_normal((count, 384)).astype(np.float32).tolist()


def test_stored_vectors_come_back_exactly_by_their_text(tmp_path):
    path = tmp_path / "sv.sqlite3"
    writer = SentenceVectors.open(path, "model-a", create=True)
    texts = ["الرياض: أعلنت الوزارة", "جدة: افتتح المعرض", "سيسيل: قتل الأسد قرب الحديقة"]
    vectors = _vectors(3)
    writer.add(texts, vectors, ["c1", "c2"])
    reader = SentenceVectors.open(path, "model-a")
    found = reader.vectors(["جدة: افتتح المعرض", "نص لم يخزن", "الرياض: أعلنت الوزارة"])
    assert set(found) == {"جدة: افتتح المعرض", "الرياض: أعلنت الوزارة"}
    assert found["جدة: افتتح المعرض"] == vectors[1]  # float32 kept bit for bit
    assert reader.missing(["x", "جدة: افتتح المعرض", "x", "y"]) == ["x", "y"]
    assert reader.chunks_done() == {"c1", "c2"} and reader.count() == 3


def test_a_text_differing_by_one_letter_is_another_text(tmp_path):
    writer = SentenceVectors.open(tmp_path / "sv.sqlite3", "m", create=True)
    writer.add(["أعلنت الوزارة"], _vectors(1))
    assert writer.vectors(["اعلنت الوزارة", "أعلنت الوزارة "]) == {}


def test_many_texts_are_looked_up_past_the_parameter_limit(tmp_path):
    writer = SentenceVectors.open(tmp_path / "sv.sqlite3", "m", create=True)
    texts = [f"جملة رقم {n}" for n in range(1234)]
    writer.add(texts, _vectors(len(texts)))
    assert len(writer.vectors([*texts, "غير موجودة"])) == 1234


def test_no_file_means_no_vectors_and_no_file_is_made(tmp_path):
    path = tmp_path / "absent.sqlite3"
    assert SentenceVectors.open(path, "m") is None
    assert not path.exists()


def test_a_file_of_another_model_is_not_read_and_a_fill_starts_it_afresh(tmp_path):
    path = tmp_path / "sv.sqlite3"
    old = SentenceVectors.open(path, "old-model", create=True)
    old.add(["نص"], _vectors(1), ["c1"])
    old.close()
    assert SentenceVectors.open(path, "new-model") is None
    new = SentenceVectors.open(path, "new-model", create=True)
    assert new.count() == 0 and new.chunks_done() == set()
    assert SentenceVectors.open(path, "new-model") is not None


def test_a_damaged_file_costs_only_its_vectors(tmp_path):
    path = tmp_path / "sv.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    assert SentenceVectors.open(path, "m") is None  # answers encode their sentences instead
    remade = SentenceVectors.open(path, "m", create=True)
    remade.add(["نص"], _vectors(1))
    assert remade.count() == 1


def test_clearing_forgets_vectors_and_done_chunks_but_keeps_the_file(tmp_path):
    path = tmp_path / "sv.sqlite3"
    writer = SentenceVectors.open(path, "m", create=True)
    writer.add(["أ", "ب"], _vectors(2), ["c1"])
    writer.clear()
    assert writer.count() == 0 and writer.chunks_done() == set()
    assert SentenceVectors.open(path, "m") is not None


def test_a_reader_sees_what_a_writer_adds_later(tmp_path):
    path = tmp_path / "sv.sqlite3"
    writer = SentenceVectors.open(path, "m", create=True)
    reader = SentenceVectors.open(path, "m")
    assert reader.vectors(["لاحقا"]) == {}
    writer.add(["لاحقا"], _vectors(1))
    assert list(reader.vectors(["لاحقا"])) == ["لاحقا"]
