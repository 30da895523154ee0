"""The answerer's sentence-vector cache: the same vectors, computed once."""

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from rag.embedding.cache import CachedEmbeddings

pytestmark = pytest.mark.integration


class CountingEmbeddings(Embeddings):
    """The real model, counting the passages it is asked to encode."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.encoded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.encoded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_known_sentences_are_not_encoded_again_and_keep_their_vectors(embeddings):
    counting = CountingEmbeddings(embeddings)
    cached = CachedEmbeddings(counting)
    first = cached.embed_documents(["أجرى بوتين اتصالا هاتفيا", "زار شكري دمشق"])
    second = cached.embed_documents(["زار شكري دمشق", "عقدت القمة في شرم الشيخ", "زار شكري دمشق"])
    assert counting.encoded == ["أجرى بوتين اتصالا هاتفيا", "زار شكري دمشق", "عقدت القمة في شرم الشيخ"]
    assert np.allclose(second[0], first[1]) and np.allclose(second[2], first[1])
    assert np.allclose(second[1], embeddings.embed_documents(["عقدت القمة في شرم الشيخ"])[0], atol=1e-6)


def test_the_oldest_sentences_are_forgotten_first(embeddings):
    counting = CountingEmbeddings(embeddings)
    cached = CachedEmbeddings(counting, size=2)
    cached.embed_documents(["غزة", "دمشق"])
    cached.embed_documents(["غزة"])  # used again: now the newest
    cached.embed_documents(["القاهرة"])  # evicts دمشق
    cached.embed_documents(["غزة", "دمشق"])
    assert counting.encoded == ["غزة", "دمشق", "القاهرة", "دمشق"]


def test_an_answer_from_cached_vectors_is_the_answer_computed_afresh(seeded_assistant):
    question = "ما الاتصالات التي أجراها بوتين؟"
    seeded_assistant.chain.answerer.embeddings.clear()
    fresh = seeded_assistant.ask(question)
    again = seeded_assistant.ask(question)  # every sentence vector now comes from the cache
    assert again.text == fresh.text and again.citations == fresh.citations
