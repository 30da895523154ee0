"""Embeddings that remember the passages they have encoded: an answer's sentences recur across questions."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol

from langchain_core.embeddings import Embeddings

# 4,096 sentences of 384 float32s take about 6 MB.
DEFAULT_SIZE = 4096


class StoredVectors(Protocol):
    """Vectors encoded ahead of time, by the exact text encoded (see `rag.index.sentence_vectors`)."""

    def vectors(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Return the stored vector of each text that has one."""
        ...


class CachedEmbeddings(Embeddings):
    """Wraps embeddings, keeping the vectors of the most recently encoded passages by their exact text.

    Questions about the same story weigh the same sentences again (a follow-up, a rephrasing, another
    detail of the same article), and encoding those sentences is most of what an extractive answer
    costs. Questions themselves are never cached: each is new.

    `stored` returns the store's vectors encoded ahead of time, when it has any: a passage found
    there is not encoded at all. It is asked on every call, so a store filled while the page runs
    is used from the next question on.
    """

    def __init__(
        self, inner: Embeddings, size: int = DEFAULT_SIZE, stored: Callable[[], StoredVectors | None] | None = None
    ) -> None:
        self.inner = inner
        self.size = size
        self.stored = stored
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one vector per passage, encoding only those not seen recently (in one batch)."""
        with self._lock:
            known = {text: self._vectors[text] for text in texts if text in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(text for text in texts if text not in known))
        ahead = self.stored() if missing and self.stored is not None else None
        if ahead is not None:
            known.update(ahead.vectors(missing))
            missing = [text for text in missing if text not in known]
        if missing:
            fresh = dict(zip(missing, self.inner.embed_documents(missing), strict=True))
            with self._lock:
                for text, vector in fresh.items():
                    self._vectors[text] = vector
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
            known.update(fresh)
        return [known[text] for text in texts]

    def embed_query(self, text: str) -> list[float]:
        """Return the question's vector, always computed."""
        return self.inner.embed_query(text)

    def clear(self) -> None:
        """Forget every cached vector."""
        with self._lock:
            self._vectors.clear()
