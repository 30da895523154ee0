"""`rag stats`, `rag check` and `rag sentence-vectors`: what a store holds, which model and encoder built it,
whether it is sound, and its sentences embedded ahead of the questions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rag.cli_options import emit, open_assistant, store_options
from rag.config import Settings

if TYPE_CHECKING:
    from rag.answer.sentence_fill import FillReport
    from rag.assistant import Assistant


@click.command()
@store_options
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def stats(ctx, store, chroma_url, as_json) -> None:
    """Show what the store holds and which embedding model built it."""
    from rag.index.article_index import ArticleIndex

    settings: Settings = ctx.obj.with_overrides(store=store, chroma_url=chroma_url)
    index = ArticleIndex.open(
        path=settings.store, url=settings.chroma_url, name=settings.collection, snapshots=settings.keyword_snapshots
    )
    articles = index.chunks.article_ids()
    record = {
        "articles": len(articles),
        "stories": index.chunks.story_count(),  # copies of one story in several papers count once
        "chunks": index.count(),
        "keyword_chunks": index.keyword.count(),
        "embedding_model": index.chunks.model_id,
        "encoder": _encoder_line(settings.encoder, index.chunks.model_id),
        "store": index.chunks.location,
        "outlets": index.chunks.outlets(),
        "sentence_vectors": _sentence_vector_count(settings, index.chunks.model_id),
    }
    if as_json:
        emit(record)
        return
    for key, value in record.items():
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")


def _sentence_vector_count(settings: Settings, model_id: str) -> int:
    """Return how many sentence vectors of this store's model are kept (0 where none were filled)."""
    from rag.index.sentence_vectors import SentenceVectors

    vectors = SentenceVectors.open(settings.sentence_vectors_file(), model_id)
    if vectors is None:
        return 0
    try:
        return vectors.count()
    finally:
        vectors.close()


@click.command(name="sentence-vectors")
@store_options
@click.pass_context
def sentence_vectors(ctx, store, chroma_url) -> None:
    """Embed every quotable sentence of the stored articles now, so that answers need not.

    An answer weighs a dozen sentences against the question, and encoding them is most of its time.
    Filled once, the store stays filled: every later ingest into it embeds its new articles' sentences
    too (on a two-core machine about one and a half times as long as the ingest itself). Run it again
    after an interruption to continue.

    \b
    Examples:
      rag sentence-vectors --store vectorstore
      rag ingest more-articles/ --sentence-vectors
    """
    click.echo(fill_with_progress(open_assistant(ctx, store=store, chroma_url=chroma_url)).summary())


def fill_with_progress(assistant: Assistant) -> FillReport:
    """Fill a store's sentence vectors, with a progress bar on a terminal."""
    from tqdm import tqdm

    with tqdm(total=0, unit=" passages", disable=None, file=sys.stderr, leave=False) as bar:

        def on_progress(state) -> None:
            bar.total = state.chunks_total
            bar.set_postfix_str(f"{state.sentences_embedded} sentences embedded")
            bar.update(state.chunks_done - bar.n)

        return assistant.fill_sentence_vectors(on_progress)


def _encoder_line(requested: str, model_id: str) -> str:
    """Return the encoder path this machine uses: the last check recorded here, else what its flags suggest."""
    from rag.embedding.converter import cache_root
    from rag.embedding.cpu import AUTO, candidate_paths, cpu_flags, path_reason
    from rag.embedding.encoders import recorded_choice

    recorded = recorded_choice(cache_root(), model_id, requested)
    if recorded is not None:
        choice, checked_at = recorded
        return f"{choice.describe()}; checked {checked_at}"
    expected = candidate_paths(cpu_flags())[0] if requested == AUTO else requested
    return f"{expected} expected ({path_reason(expected, cpu_flags())}); checked against float32 when the model loads"


@click.command()
@click.option("--store", type=click.Path(path_type=Path), help="Store folder (default: vectorstore/).")
@click.option("--repair", is_flag=True, help="Also mend what can be rebuilt from the rest (never the vectors).")
@click.pass_context
def check(ctx, store, repair: bool) -> None:
    """Check a store folder's integrity: Chroma's database and vectors, the keyword index, the last write.

    \b
    Examples:
      rag check
      rag check --store vectorstore --repair
    """
    from rag.index.check import check_store

    settings: Settings = ctx.obj.with_overrides(store=store)
    report = check_store(settings.store, name=settings.collection, repair=repair)
    for finding in report.findings:
        click.echo(finding.line())
    if not report.healthy:
        ctx.exit(1)
