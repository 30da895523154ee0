"""Large collections made quickly: chunks recombined from ARCD sentences, with vectors derived from theirs.

Each sentence of the ARCD training paragraphs is embedded once; a synthetic chunk is a seeded random
run of sentences (120-220 words, as the chunker makes them) and its vector is the normalised mean of
its sentences' vectors plus a little noise. The vectors then lie where real passage vectors lie, so
the vector index is searched as it would be for real text, without embedding 100k passages.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from bench.corpus import arcd_paragraphs
from rag.schema import Chunk
from rag.text.sentences import sentence_spans

OUTLETS = ("الجزيرة نت", "تلفزيون سوريا", "العربي الجديد", "عنب بلدي", "الشرق الأوسط", "بي بي سي عربي")
NOISE = 0.02  # spread of the noise added to each mean vector, relative to its unit length


@dataclass(frozen=True)
class SentencePool:
    """ARCD sentences, the title of the article each came from, and their passage vectors."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    vectors: np.ndarray  # float32, one unit row per sentence

    @property
    def words(self) -> np.ndarray:
        """Return the word count of each sentence."""
        return np.array([len(sentence.split()) for sentence in self.sentences])


def arcd_sentences(min_words: int = 4) -> tuple[list[str], list[str]]:
    """Return every ARCD training sentence of at least `min_words` words, and its article's title."""
    sentences, titles = [], []
    for paragraph in arcd_paragraphs():
        for start, end in sentence_spans(paragraph.text):
            sentence = " ".join(paragraph.text[start:end].split())
            if len(sentence.split()) >= min_words:
                sentences.append(sentence)
                titles.append(paragraph.title)
    return sentences, titles


def synthetic_batches(
    pool: SentencePool, count: int, batch: int = 2000, seed: int = 0
) -> Iterator[tuple[list[Chunk], np.ndarray]]:
    """Yield (chunks, vectors) batches, `count` chunks in all, grouped 1-4 chunks per article."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    words = pool.words
    made = 0
    article = 0
    while made < count:
        chunks: list[Chunk] = []
        vectors: list[np.ndarray] = []
        while len(chunks) < batch and made < count:
            article += 1
            parts = min(rng.randint(1, 4), count - made)
            for chunk, vector in _article(pool, words, rng, noise, f"{seed}-{article}", parts):
                chunks.append(chunk)
                vectors.append(vector)
                made += 1
        yield chunks, np.vstack(vectors).astype(np.float32)


def _article(
    pool: SentencePool, words: np.ndarray, rng: random.Random, noise: np.random.Generator, key: str, parts: int
) -> Iterator[tuple[Chunk, np.ndarray]]:
    """Yield the chunks of one synthetic article and their vectors."""
    title = pool.titles[rng.randrange(len(pool.titles))]
    article_id = hashlib.sha256(f"synthetic-{key}".encode()).hexdigest()
    dimension = pool.vectors.shape[1]
    date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    source = rng.choice(OUTLETS)
    offset = 0
    for index in range(parts):
        picked = _sentences(words, rng, target=rng.randint(120, 220))
        text = " ".join(pool.sentences[i] for i in picked)
        mean = pool.vectors[picked].mean(axis=0) + noise.normal(0, NOISE / np.sqrt(dimension), dimension)
        digest = hashlib.sha256(f"{article_id}\x00{offset}\x00{text}".encode()).hexdigest()[:32]
        chunk = Chunk(
            chunk_id=digest,
            article_id=article_id,
            index=index,
            text=text,
            start=offset,
            end=offset + len(text),
            title=title,
            path=f"synthetic/{key}.txt",
            date=date,
            outlet=source,
        )
        offset += len(text) + 1
        yield chunk, mean / np.linalg.norm(mean)


def _sentences(words: np.ndarray, rng: random.Random, target: int) -> list[int]:
    """Return indices of random sentences whose words add up to about `target`."""
    picked: list[int] = []
    total = 0
    while total < target:
        choice = rng.randrange(len(words))
        if total and total + words[choice] > 220:
            break
        picked.append(choice)
        total += int(words[choice])
    return picked
