"""Encoder paths: which one a CPU's flags choose, a path refused when it cannot reproduce float32, and stores
built on one path searched with another."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.embedding.cpu import BF16, FLOAT32, INT8, candidate_paths, cpu_flags, path_reason
from rag.embedding.encoders import (
    DEFAULT_ENCODERS,
    MIN_COSINE,
    Bf16Encoder,
    EncoderChoice,
    check_texts,
    record_choice,
    recorded_choice,
)
from rag.embedding.models import E5_PASSAGE_PREFIX, E5Embeddings
from rag.index.article_index import ArticleIndex
from rag.ingest.chunking import embedding_text
from rag.ingest.pipeline import Ingestor
from tests.paths import SEEDS

# /proc/cpuinfo flag lines of the machines the project runs on, cut to the flags that matter plus a few others.
SAPPHIRE_RAPIDS = "fpu sse2 avx avx2 avx512f avx512bw avx512_vnni avx512_bf16 avx_vnni amx_bf16 amx_tile amx_int8"
ICE_LAKE = "fpu sse2 avx avx2 avx512f avx512bw avx512_vnni avx512vbmi"
COOPER_LAKE = "fpu sse2 avx avx2 avx512f avx512_vnni avx512_bf16"
ALDER_LAKE = "fpu sse2 avx avx2 avx_vnni"
HASWELL = "fpu sse2 avx avx2 fma"
SKYLAKE_SERVER = "fpu sse2 avx avx2 avx512f avx512bw avx512cd"
ZEN4 = "fpu sse2 avx avx2 avx512f avx512_bf16 avx512_vnni"
OLD = "fpu sse2 sse4_2"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (SAPPHIRE_RAPIDS, (BF16, INT8, FLOAT32)),
        (ICE_LAKE, (INT8, FLOAT32)),
        (COOPER_LAKE, (BF16, INT8, FLOAT32)),
        (ALDER_LAKE, (INT8, FLOAT32)),
        (HASWELL, (FLOAT32,)),
        (SKYLAKE_SERVER, (FLOAT32,)),
        (ZEN4, (BF16, INT8, FLOAT32)),
        (OLD, (FLOAT32,)),
        ("", (FLOAT32,)),
        ("amx_bf16", (BF16, FLOAT32)),
        ("amx_int8", (INT8, FLOAT32)),
    ],
)
def test_the_paths_tried_follow_the_cpu_flags_fastest_first(flags: str, expected: tuple[str, ...]) -> None:
    assert candidate_paths(frozenset(flags.split())) == expected


def test_the_reason_names_the_flags_that_make_a_path_fast() -> None:
    flags = frozenset(SAPPHIRE_RAPIDS.split())
    assert path_reason(BF16, flags) == "amx_bf16, avx512_bf16"
    assert path_reason(INT8, flags) == "amx_int8, avx512_vnni, avx_vnni"
    assert path_reason(BF16, frozenset(HASWELL.split())) == "none of amx_bf16, avx512_bf16"
    assert path_reason(FLOAT32, frozenset()) == "every CPU"


def test_this_machines_flags_are_read_from_the_system() -> None:
    flags = cpu_flags()
    assert flags, "no CPU flags found"
    assert candidate_paths(flags)[-1] == FLOAT32


class NoisyBf16Encoder(Bf16Encoder):
    """The bf16 path with a fault: its vectors drift from float32's (as a broken kernel's would)."""

    def encode(self, texts):
        vectors = super().encode(texts)
        noise = np.random.default_rng(0).normal(0, 0.15, vectors.shape).astype(np.float32)
        drifted = vectors + noise
        return drifted / np.linalg.norm(drifted, axis=1, keepdims=True)


def _embeddings(model_source: E5Embeddings, encoder: str, flags: str, **options) -> E5Embeddings:
    """Return embeddings sharing the session's loaded model, on the given path and pretend CPU flags."""
    return E5Embeddings(
        lambda: model_source.model, model_source.model_id, encoder=encoder, flags=frozenset(flags.split()), **options
    )


def test_a_path_that_fails_its_check_is_refused_with_a_reason_and_float32_is_used(embeddings) -> None:
    encoders = dict(DEFAULT_ENCODERS) | {BF16: NoisyBf16Encoder}
    noisy = _embeddings(embeddings, "auto", "amx_bf16", encoders=encoders)
    vectors = noisy.encode_passages(["أعلنت الوزارة نتائج الامتحانات"])
    choice = noisy.encoder_choice
    assert choice is not None and choice.path == FLOAT32
    [reason] = choice.refused
    assert reason.startswith("bf16: cosine") and f"below {MIN_COSINE}" in reason and "\n" not in reason
    reference = _embeddings(embeddings, FLOAT32, "").encode_passages(["أعلنت الوزارة نتائج الامتحانات"])
    assert float(vectors[0] @ reference[0]) > 0.9999  # what was refused was not used


def test_a_forced_path_is_still_checked(embeddings) -> None:
    encoders = dict(DEFAULT_ENCODERS) | {BF16: NoisyBf16Encoder}
    forced = _embeddings(embeddings, BF16, SAPPHIRE_RAPIDS, encoders=encoders)
    forced.encode_passages(["نص"])
    assert forced.encoder_choice.path == FLOAT32 and forced.encoder_choice.refused[0].startswith("bf16:")


def test_a_path_that_reproduces_float32_is_used_and_its_cosine_recorded(embeddings, tmp_path: Path) -> None:
    fast = _embeddings(embeddings, "auto", "amx_bf16 avx512_bf16", choice_folder=tmp_path)
    texts = check_texts(E5_PASSAGE_PREFIX)
    assert len(texts) >= 5
    vectors = fast.encode_passages(["وصل وفد رسمي إلى العاصمة لإجراء محادثات"])
    choice = fast.encoder_choice
    assert choice.path == BF16 and choice.cosine >= MIN_COSINE and not choice.refused
    assert "amx_bf16" in choice.reason
    assert vectors.dtype == np.float32 and abs(float(np.linalg.norm(vectors[0])) - 1) < 1e-5
    recorded, _ = recorded_choice(tmp_path, embeddings.model_id, "auto")
    assert recorded == choice
    assert recorded_choice(tmp_path, embeddings.model_id, FLOAT32) is None  # another setting was never checked


def test_int8_is_used_only_when_it_passes_its_check(embeddings) -> None:
    int8 = _embeddings(embeddings, INT8, ICE_LAKE)
    int8.encode_passages(["نص"])
    choice = int8.encoder_choice
    if choice.path == INT8:
        assert choice.cosine >= MIN_COSINE
    else:
        assert choice.path == FLOAT32 and choice.refused[0].startswith("int8: cosine")


def test_a_store_built_on_one_path_is_searched_with_another(embeddings, tmp_path: Path) -> None:
    built_bf16 = _embeddings(embeddings, BF16, SAPPHIRE_RAPIDS)
    index = ArticleIndex.open(path=tmp_path / "store", model_id=embeddings.model_id, create=True)
    report = Ingestor(index, built_bf16).ingest_paths([SEEDS])
    assert built_bf16.encoder_choice.path == BF16 and report.chunks_added > 0
    searcher = _embeddings(embeddings, FLOAT32, HASWELL)  # an AVX2-only machine opening the same store
    chunks = list(index.chunks.chunks())
    recomputed = searcher.encode_passages([embedding_text(chunk) for chunk in chunks])
    assert searcher.encoder_choice.path == FLOAT32
    # each chunk's float32 vector finds that chunk first in the store bf16 built, at the cosine the check promises
    for chunk, vector in zip(chunks, recomputed, strict=True):
        [hit] = index.chunks.search(vector, 1)
        assert hit.chunk.chunk_id == chunk.chunk_id and hit.score >= MIN_COSINE
    question = "بوتين يتصل بالشرع ويدعوه لزيارة روسيا"
    bf16_hits = [hit.chunk.chunk_id for hit in index.chunks.search(built_bf16.encode_queries([question])[0], 5)]
    float32_hits = [hit.chunk.chunk_id for hit in index.chunks.search(searcher.encode_queries([question])[0], 5)]
    assert bf16_hits[:3] == float32_hits[:3]


def test_rag_stats_reports_the_path_checked_on_this_machine(tmp_path: Path, seeded_store: Path, embeddings) -> None:
    runner = CliRunner()
    before = runner.invoke(
        main, ["stats", "--json", "--store", str(seeded_store)], env={"RAG_MODEL_CACHE": str(tmp_path)}
    )
    assert before.exit_code == 0, before.output
    expected = json.loads(before.output)["encoder"]
    assert "expected" in expected and "checked against float32 when the model loads" in expected
    choice = EncoderChoice(
        BF16, "auto: amx_bf16; cosine 0.99999 to float32", 0.99999, ("int8: cosine 0.9700 to float32",)
    )
    record_choice(tmp_path, embeddings.model_id, "auto", choice)
    after = runner.invoke(main, ["stats", "--store", str(seeded_store)], env={"RAG_MODEL_CACHE": str(tmp_path)})
    [line] = [line for line in after.output.splitlines() if line.startswith("encoder:")]
    assert line.startswith("encoder: bf16 (auto: amx_bf16") and "refused int8" in line and "checked 20" in line
