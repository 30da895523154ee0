"""Sentences embedded ahead of the questions: answers unchanged, and no passage encoded while answering."""

import shutil

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from rag.answer.extractive import framed_quotable_sentences
from rag.assistant import Assistant
from rag.config import Settings
from rag.embedding.cache import CachedEmbeddings
from rag.embedding.models import ENGINE_MAX_TEXTS
from rag.index.sentence_vectors import SentenceVectors

pytestmark = pytest.mark.integration

# A short article unlike the seeds, written for these tests.
ARTICLE = """افتتاح مكتبة عامة جديدة في مدينة أبها

افتتح أمير منطقة عسير أمس مكتبة عامة جديدة في مدينة أبها تضم أكثر من أربعين ألف كتاب.
وقال مدير المكتبة إن القاعات ستفتح للزوار طوال أيام الأسبوع من الساعة التاسعة صباحا.
وتضم المكتبة قسما للأطفال وقاعة للمحاضرات تتسع لمئتي شخص.
"""


def _article(folder):
    path = folder / "abha-library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# Questions of every kind about the seed stories, in both languages, written for this test.
QUESTIONS = (
    "مع من تحدث بوتين هاتفيا؟",
    "متى عقدت القمة؟",
    "أين جرى اللقاء؟",
    "كم عدد الضحايا؟",
    "Who did the Russian president call?",
    "When was the meeting held?",
    "What did the ministers discuss?",
)


class CountingEmbeddings(Embeddings):
    """The real model, recording the passages it is asked to encode."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.encoded: list[str] = []
        self.batches: list[int] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.encoded.extend(texts)
        self.batches.append(len(texts))
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture
def filled(tmp_path, seeded_store, embeddings):
    """An assistant over a copy of the seeded store whose sentences were filled, counting what it encodes."""
    copy = tmp_path / "store"
    shutil.copytree(seeded_store, copy)
    counting = CountingEmbeddings(embeddings)
    assistant = Assistant(Settings(store=copy), embeddings=counting)
    report = assistant.fill_sentence_vectors()
    assert report.sentences_embedded > 0 and report.sentences_stored == report.sentences_embedded
    # batched as an answer's sentences are, so they take the path an answer's take
    assert counting.batches and max(counting.batches) <= ENGINE_MAX_TEXTS < report.sentences_embedded
    counting.encoded.clear()
    return assistant, counting


def test_a_filled_store_answers_as_before_without_encoding_a_passage(filled, seeded_assistant):
    assistant, counting = filled
    for question in QUESTIONS:
        seeded_assistant.chain.answerer.embeddings.clear()  # the unfilled store encodes every sentence afresh
        before = seeded_assistant.ask(question)
        after = assistant.ask(question)
        assert after.text == before.text, question
        assert after.citations == before.citations, question
    assert counting.encoded == []


def test_every_sentence_the_answerer_encodes_is_one_a_fill_stores(seeded_assistant, seeded_store, embeddings):
    index = seeded_assistant.index()
    stored = {text for chunk in index.chunks.chunks() for text in framed_quotable_sentences(chunk)}
    recorder = CountingEmbeddings(embeddings)
    answerer = seeded_assistant.chain.answerer
    original = answerer.embeddings
    answerer.embeddings = CachedEmbeddings(recorder)
    try:
        for question in QUESTIONS:
            seeded_assistant.ask(question)
    finally:
        answerer.embeddings = original
    assert recorder.encoded and set(recorder.encoded) <= stored


def test_stored_vectors_are_the_vectors_the_model_gives(filled, embeddings):
    assistant, _ = filled
    vectors = SentenceVectors.open(assistant.settings.sentence_vectors_file(), embeddings.model_id)
    chunk = next(iter(assistant.index().chunks.chunks()))
    texts = framed_quotable_sentences(chunk)
    found = vectors.vectors(texts)
    assert set(found) == set(texts)
    fresh = embeddings.embed_documents(texts)
    for text, vector in zip(texts, fresh, strict=True):
        assert float(np.dot(found[text], vector)) > 0.99999


def test_a_filled_store_stays_filled_as_articles_are_added(filled, embeddings, tmp_path):
    assistant, _ = filled
    before = SentenceVectors.open(assistant.settings.sentence_vectors_file(), embeddings.model_id).count()
    states = []
    report = assistant.ingest([_article(tmp_path)], on_fill=states.append)
    assert report.chunks_added > 0
    assert states and states[-1].chunks_done == states[-1].chunks_total == report.chunks_added
    vectors = SentenceVectors.open(assistant.settings.sentence_vectors_file(), embeddings.model_id)
    assert vectors.chunks_done() == assistant.index().chunks.chunk_ids()
    assert vectors.count() > before
    again = assistant.fill_sentence_vectors()
    assert again.chunks == 0 and again.sentences_embedded == 0  # nothing left: a fill continues, never repeats


def test_a_store_never_filled_has_no_file_after_an_ingest(tmp_path, embeddings):
    assistant = Assistant(Settings(store=tmp_path / "store"), embeddings=embeddings)
    assistant.ingest([_article(tmp_path)])
    assert not assistant.settings.sentence_vectors_file().exists()
    assert assistant.sentence_vectors() is None
