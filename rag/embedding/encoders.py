"""Encoder paths for batches of passages: float32, bf16 autocast, int8 dynamic quantisation, checked before use.

Every path runs the same sentence-transformers model and must reproduce its float32 vectors on fixed passages
(cosine >= MIN_COSINE for each) before it is used, so a store built on one machine is searched on another with
vectors that agree; a path that fails is refused with a one-line reason and the next one is tried.
"""

from __future__ import annotations

import contextlib
import json
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.embedding.cpu import AUTO, BF16, FLOAT32, INT8, candidate_paths, path_reason

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MIN_COSINE = 0.995
CHECK_TEXTS_FILE = "encoder_check_texts.txt"
CHOICE_FILE = "encoder-choice.json"


class TorchEncoder:
    """The float32 path: the model as it was loaded. Subclasses change how the forward pass runs."""

    path = FLOAT32

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Hold whatever the forward pass runs under (nothing for float32)."""
        yield

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text (prefixes already added), encoded as one batch."""
        with self.running():
            vectors = self.model.encode(
                list(texts),
                batch_size=max(len(texts), 1),
                normalize_embeddings=False,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        vectors = np.asarray(vectors, dtype=np.float32)
        # normalised here, in float32, whatever precision the pass ran in
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


class Bf16Encoder(TorchEncoder):
    """Matrix products in bfloat16 under torch's CPU autocast (AMX tiles or AVX-512-BF16), the rest in float32."""

    path = BF16

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16):
            yield


class Int8Encoder(TorchEncoder):
    """The Linear layers quantised to int8 with dynamic activation scales (VNNI dot products), on a copy."""

    path = INT8

    def __init__(self, model: SentenceTransformer) -> None:
        import copy

        import torch

        with warnings.catch_warnings():  # torch announces the API's move to torchao on every call
            warnings.simplefilter("ignore")
            quantised = torch.ao.quantization.quantize_dynamic(copy.deepcopy(model), {torch.nn.Linear}, torch.qint8)
        super().__init__(quantised)


DEFAULT_ENCODERS: Mapping[str, type[TorchEncoder]] = {FLOAT32: TorchEncoder, BF16: Bf16Encoder, INT8: Int8Encoder}


@dataclass(frozen=True)
class EncoderChoice:
    """The path a process encodes passages with, why, and the paths it refused."""

    path: str
    reason: str
    cosine: float | None = None  # the lowest cosine to float32 over the check texts; None when not checked
    refused: tuple[str, ...] = ()  # one line per path tried and refused

    def describe(self) -> str:
        """Return the choice as one line for `rag stats` and the benchmarks."""
        line = f"{self.path} ({self.reason})"
        return line + "".join(f"; refused {reason}" for reason in self.refused)


def check_texts(prefix: str) -> list[str]:
    """Return the fixed passages every path is checked on, with the model's passage prefix."""
    from rag.resources import load_words

    return [prefix + text for text in sorted(load_words(CHECK_TEXTS_FILE))]


def lowest_cosine(reference: np.ndarray, vectors: np.ndarray) -> float:
    """Return the lowest row-wise cosine between two matrices of normalised rows."""
    return float(np.min(np.sum(reference * vectors, axis=1)))


def choose_encoder(
    model: SentenceTransformer,
    requested: str,
    flags: frozenset[str],
    texts: Sequence[str],
    encoders: Mapping[str, type[TorchEncoder]] = DEFAULT_ENCODERS,
) -> tuple[TorchEncoder, EncoderChoice]:
    """Return the encoder to use and the choice made: the first candidate that reproduces float32 on `texts`.

    `requested` is "auto" (the candidates this CPU's flags suggest, fastest first), or one path to force; a
    forced path is still checked and refused when it fails, so no setting can make a store's vectors disagree.
    """
    reference_encoder = encoders[FLOAT32](model)
    if requested == FLOAT32:
        return reference_encoder, EncoderChoice(FLOAT32, "asked for")
    candidates = candidate_paths(flags) if requested == AUTO else (requested, FLOAT32)
    reference = reference_encoder.encode(texts)
    refused = []
    for path in candidates:
        if path == FLOAT32:
            break
        try:
            encoder = encoders[path](model)
            cosine = lowest_cosine(reference, encoder.encode(texts))
        except (RuntimeError, ValueError, NotImplementedError) as error:  # a backend without this kernel
            refused.append(f"{path}: failed on this machine ({str(error).strip().splitlines()[0][:120]})")
            continue
        if cosine >= MIN_COSINE:
            why = f"auto: {path_reason(path, flags)}" if requested == AUTO else "asked for"
            return encoder, EncoderChoice(path, f"{why}; cosine {cosine:.5f} to float32", cosine, tuple(refused))
        refused.append(f"{path}: cosine {cosine:.4f} to float32 on the check passages, below {MIN_COSINE}")
    if refused:
        why = "the faster paths failed their check"
    else:
        why = f"auto: no faster path on this CPU ({path_reason(BF16, flags)}; {path_reason(INT8, flags)})"
    return reference_encoder, EncoderChoice(FLOAT32, why, 1.0, tuple(refused))


def record_choice(folder: Path, model_id: str, requested: str, choice: EncoderChoice) -> None:
    """Write the last choice made on this machine, so `rag stats` can report it without loading the model."""
    data = {"model_id": model_id, "requested": requested, "checked_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    data |= asdict(choice)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{CHOICE_FILE}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(folder / CHOICE_FILE)
    except OSError:
        pass  # a read-only cache only costs `rag stats` its report


def recorded_choice(folder: Path, model_id: str, requested: str) -> tuple[EncoderChoice, str] | None:
    """Return the last choice recorded here for this model and setting, with when it was made; None if none."""
    try:
        data = json.loads((folder / CHOICE_FILE).read_text(encoding="utf-8"))
        if data["model_id"] != model_id or data["requested"] != requested:
            return None
        choice = EncoderChoice(data["path"], data["reason"], data["cosine"], tuple(data["refused"]))
        return choice, str(data["checked_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
