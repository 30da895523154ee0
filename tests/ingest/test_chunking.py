"""Sentences and chunks keep exact spans of the original article text."""

import itertools

from rag.ingest.articles import split_articles
from rag.ingest.chunking import MAX_WORDS, chunk_article, chunk_spans, embedding_text
from rag.ingest.loaders import load
from rag.text.sentences import sentence_spans
from tests.paths import SEEDS


def _sentences(text):
    return [text[start:end] for start, end in sentence_spans(text)]


def test_sentences_end_at_arabic_and_latin_punctuation_and_newlines():
    text = "هل تعلم؟ نعم! انتهى الأمر. سطر بلا نقطة\nسطر آخر… وآخر"
    assert _sentences(text) == ["هل تعلم؟", "نعم!", "انتهى الأمر.", "سطر بلا نقطة", "سطر آخر…", "وآخر"]


def test_sentences_never_split_at_arabic_comma_or_semicolon():
    text = "قال الوزير، في بيان؛ إن الوضع مستقر."
    assert _sentences(text) == [text]


def test_sentences_keep_abbreviations_and_decimals_whole():
    text = "قال د. محمد إن النسبة 89.6% في U.S. مرتفعة. ثم غادر."
    assert _sentences(text) == ["قال د. محمد إن النسبة 89.6% في U.S. مرتفعة.", "ثم غادر."]


def test_closing_quotes_stay_with_their_sentence():
    text = "وقالت: «هذا صحيح.» ثم قال: “نعم”. انتهى"
    assert _sentences(text) == ["وقالت: «هذا صحيح.»", "ثم قال: “نعم”.", "انتهى"]


def test_obfuscation_dots_are_not_sentence_ends():
    text = "لمواجـ.ـهة فيـ.ـروس كـ.ـورونا. وانتهى"
    assert _sentences(text) == ["لمواجـ.ـهة فيـ.ـروس كـ.ـورونا.", "وانتهى"]


def _seed_articles():
    return [article for path in sorted(SEEDS.iterdir()) for doc in load(path) for article in split_articles(doc)]


def test_chunk_text_is_the_article_text_at_its_span():
    for article in _seed_articles():
        for chunk in chunk_article(article):
            assert article.text[chunk.start : chunk.end] == chunk.text
            assert chunk.title == article.title and chunk.article_id == article.article_id


def test_chunks_cover_the_article_in_bounded_sizes_with_one_sentence_overlap():
    words = [f"كلمة{i}" for i in range(12)]
    text = "\n".join(" ".join(words) + "." for _ in range(60))  # 60 sentences of 12 words
    spans = chunk_spans(text)
    assert len(spans) > 3
    for start, end in spans:
        assert len(text[start:end].split()) <= MAX_WORDS
    for (_, first_end), (second_start, _) in itertools.pairwise(spans):
        overlap = text[second_start:first_end]
        assert overlap.count(".") == 1  # exactly one shared sentence
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_a_long_line_without_punctuation_is_cut_into_windows():
    text = " ".join(f"كلمة{i}" for i in range(1000))
    spans = chunk_spans(text)
    assert all(len(text[start:end].split()) <= MAX_WORDS for start, end in spans)
    assert " ".join(text[start:end] for start, end in spans).split()[-1] == "كلمة999"


def test_chunk_ids_are_stable_content_hashes():
    article = _seed_articles()[0]
    assert [chunk.chunk_id for chunk in chunk_article(article)] == [chunk.chunk_id for chunk in chunk_article(article)]


def test_embedded_text_is_clean_and_only_the_first_chunk_carries_the_title():
    article = next(a for a in _seed_articles() if "مواجـ.ـهة" in a.text)
    chunks = chunk_article(article)
    assert len(chunks) > 1
    assert embedding_text(chunks[0]).startswith(article.title.split()[0])
    assert not embedding_text(chunks[-1]).startswith(article.title.split()[0])
    assert "ـ" not in " ".join(embedding_text(chunk) for chunk in chunks)
