"""`rag stats` and `rag check`: what a store holds, which model and encoder built it, and whether it is sound."""

from __future__ import annotations

from pathlib import Path

import click

from rag.cli_options import emit, store_options
from rag.config import Settings


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
    }
    if as_json:
        emit(record)
        return
    for key, value in record.items():
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")


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
