"""The `rag` command: ingest, search, ask, chat, stats, eval and the chat page."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from rag.config import Settings
from rag.errors import InputError, RagError


class _Group(click.Group):
    """Turns project errors into one readable line and a non-zero exit, never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Python hands over bytes that are not UTF-8 as lone surrogates, which fail only later, when printed.
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise click.UsageError(
                    f"The argument {shown!r} is not valid UTF-8; set a UTF-8 locale or re-type it.", ctx
                ) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RagError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            # The reader (`rag search ... | head`) has what it wanted. Point stdout at nowhere so the
            # flush at exit cannot fail again, and stop without a message.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if os.environ.get("RAG_DEBUG"):
                raise
            raise click.ClickException(
                f"Unexpected {type(error).__name__}: {error} (set RAG_DEBUG=1 to see the traceback)"
            ) from None


_PASSAGES = click.IntRange(min=1)  # 0 used to become the default quietly


def _assistant(ctx: click.Context, **overrides: object):
    from rag.assistant import Assistant

    settings: Settings = ctx.obj.with_overrides(**overrides)
    return Assistant(settings)


def _store_options(command):
    command = click.option("--store", type=click.Path(path_type=Path), help="Store folder (default: vectorstore/).")(
        command
    )
    return click.option("--chroma-url", help="Use a Chroma server instead, e.g. http://127.0.0.1:8000.")(command)


def _filter_options(command):
    command = click.option("--outlet", "outlets", multiple=True, help="Only articles from this outlet (repeatable).")(
        command
    )
    command = click.option("--since", help="Only articles dated on or after: 2024, 2024-07 or 2024-07-06.")(command)
    return click.option("--until", help="Only articles dated on or before.")(command)


def _search_filter(outlets: tuple[str, ...], since: str | None, until: str | None):
    from rag.index.filters import SearchFilter

    return SearchFilter(sources=tuple(outlets), date_from=since, date_to=until)


def _batch_lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"The batch file {path} cannot be read as UTF-8 text ({error}).") from error


def _history(raw: str) -> tuple[tuple[str, str], ...]:
    """Return the conversation a JSON batch line carries in "history": [[question, answer], ...]."""
    if not raw.lstrip().startswith("{"):
        return ()
    try:
        turns = json.loads(raw).get("history") or ()
        return tuple((str(asked), str(said)) for asked, said in turns)
    except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
        raise InputError('The line\'s "history" must be a list of [question, answer] pairs.') from None


def _question_text(raw: str) -> str:
    """Return the question of a batch line: plain text, or the "question"/"query" of a JSON object."""
    if raw.lstrip().startswith("{"):
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            return raw
        return str(record.get("question") or record.get("query") or "")
    return raw


def _emit(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Ask questions about Arabic news articles, with citations.

    \b
    Examples:
      rag ingest seeds/
      rag search "الاتصال بين بوتين والشرع"
      rag ask "Who did Putin invite to visit Russia?"
      rag ui
    """
    ctx.obj = Settings()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_options
@click.option("--reset", is_flag=True, help="Empty the store first.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], store, chroma_url, reset: bool) -> None:
    """Add articles from files and folders (.txt .md .html .json .jsonl).

    \b
    Example:
      rag ingest seeds/ more-articles/ --store vectorstore
    """
    from tqdm import tqdm

    assistant = _assistant(ctx, store=store, chroma_url=chroma_url)
    with tqdm(total=0, unit="file", disable=None, file=sys.stderr, leave=False) as bar:

        def progress(number: int, total: int, path: str) -> None:
            bar.total = total
            bar.update(number - bar.n)

        report = assistant.ingest(list(paths), reset=reset, progress=progress)
    for rejected in report.rejected:
        click.echo(f"skipped: {rejected.reason}", err=True)
    click.echo(report.summary())
    if any(not path.exists() for path in paths):
        ctx.exit(1)  # a path the user named is missing: the run went on, but say so in the exit code
    if report.rejected and report.articles == 0:
        ctx.exit(1)  # nothing could be read: a script must not take that for success


@main.command()
@click.argument("query", required=False)
@click.option("--k", type=_PASSAGES, help="How many passages (default: RAG_K, else 5).")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="One query per line.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (JSON Lines with --batch).")
@_store_options
@_filter_options
@click.pass_context
def search(ctx, query, k, batch, as_json, store, chroma_url, outlets, since, until) -> None:
    """Find the passages that best match a question.

    \b
    Examples:
      rag search "متى انطلق مسار أستانا؟" --k 3
      rag search --batch questions.txt --json
    """
    from rag.render_text import also_in, hit_record

    queries = _queries(query, batch)
    where = _search_filter(outlets, since, until)
    retriever = _assistant(ctx, store=store, chroma_url=chroma_url).retriever
    for text in queries:
        hits = retriever.search(text, k=k, search_filter=where) if text.strip() else []
        if as_json or batch:
            _emit({"query": text, "hits": [hit_record(hit) for hit in hits]})
            continue
        if not hits:
            click.echo("No matching passages.")
        for hit in hits:
            chunk = hit.chunk
            click.echo(f"[{hit.rank}] {hit.score:.4f}  {chunk.title}  ({chunk.source or '-'}, {chunk.date or '-'})")
            click.echo(f"    {chunk.path}")
            if outlets := also_in(hit.copies, chunk.source):
                click.echo(f"    also in: {', '.join(outlets)}")
            click.echo("    " + " ".join(chunk.text.split())[:300])


def _queries(query: str | None, batch: Path | None) -> list[str]:
    if batch is not None:
        return [_question_text(line) for line in _batch_lines(batch)]
    if query is None:
        raise InputError("Give a question, or a file of questions with --batch FILE.")
    return [query]


@main.command()
@click.argument("question", required=False)
@click.option("--k", type=_PASSAGES, help="How many passages to answer from (default: RAG_K, else 5).")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="One question per line.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (JSON Lines with --batch).")
@click.option("--llm", help="Answerer: extractive (default), ollama:MODEL, openai:MODEL or llamacpp:PATH.gguf.")
@click.option("--llm-base-url", help="Base URL of an OpenAI-compatible server.")
@_store_options
@_filter_options
@click.pass_context
def ask(ctx, question, k, batch, as_json, llm, llm_base_url, store, chroma_url, outlets, since, until) -> None:
    """Answer a question from the articles, citing passages as [n].

    \b
    Examples:
      rag ask "كم جهاز تنفس أرسلت مصر إلى النظام السوري؟"
      rag ask "Which side initiated the call?" --llm openai:qwen2.5 --llm-base-url http://127.0.0.1:8080/v1
    """
    from rag.render_text import answer_record, answer_text

    assistant = _assistant(ctx, store=store, chroma_url=chroma_url, llm=llm, llm_base_url=llm_base_url, k=k)
    where = _search_filter(outlets, since, until)
    lines = list(_batch_lines(batch)) if batch is not None else [None]
    for line, text in zip(lines, _queries(question, batch), strict=True):
        try:
            history = _history(line) if line is not None else ()
            answer = assistant.ask(text, history=history, search_filter=where)
        except InputError as error:
            if batch is None:
                raise
            _emit({"question": text, "error": str(error)})  # one bad line must not end the batch
            continue
        if as_json or batch:
            _emit(answer_record(answer))
        else:
            click.echo(answer_text(answer))


@main.command()
@click.option("--k", type=_PASSAGES, help="How many passages to answer from (default: RAG_K, else 5).")
@click.option("--llm", help="Answerer: extractive (default), ollama:MODEL, openai:MODEL or llamacpp:PATH.gguf.")
@click.option("--llm-base-url", help="Base URL of an OpenAI-compatible server.")
@_store_options
@click.pass_context
def chat(ctx, k, llm, llm_base_url, store, chroma_url) -> None:
    """Talk with the articles in the terminal; follow-up questions use the conversation."""
    from rag.render_text import answer_text

    assistant = _assistant(ctx, store=store, chroma_url=chroma_url, llm=llm, llm_base_url=llm_base_url, k=k)
    assistant.open_for_reading()
    history: list[tuple[str, str]] = []
    click.echo("Ask a question (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = assistant.ask(question, history=history)
        except RagError as error:
            click.echo(str(error), err=True)
            continue
        click.echo(answer_text(answer))
        history.append((question, answer.text))


@main.command()
@_store_options
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def stats(ctx, store, chroma_url, as_json) -> None:
    """Show what the store holds and which embedding model built it."""
    from rag.index.article_index import ArticleIndex

    settings: Settings = ctx.obj.with_overrides(store=store, chroma_url=chroma_url)
    index = ArticleIndex.open(path=settings.store, url=settings.chroma_url, name=settings.collection)
    articles = index.chunks.article_ids()
    record = {
        "articles": len(articles),
        "stories": index.chunks.story_count(),  # copies of one story in several papers count once
        "chunks": index.count(),
        "keyword_chunks": index.keyword.count(),
        "embedding_model": index.chunks.model_id,
        "store": index.chunks.location,
        "outlets": index.chunks.sources(),
    }
    if as_json:
        _emit(record)
        return
    for key, value in record.items():
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")


@main.command()
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


@main.command(name="eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--depth", default=10, show_default=True, help="Ranks counted by MRR.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "keyword", "all"]), default="hybrid", show_default=True)
@click.option("--limit", type=int, help="Only the first N questions.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@_store_options
@click.pass_context
def evaluate(ctx, dataset, depth, mode, limit, as_json, store, chroma_url) -> None:
    """Measure retrieval and answers on a SQuAD-format file or a seed-questions JSONL file.

    \b
    Examples:
      rag eval ../shared/devdata/arcd-train.json
      rag eval tests/data/seed_questions.jsonl --mode all
    """
    from tqdm import tqdm

    from rag.eval.squad import EvalOptions, evaluate_dataset, format_report

    assistant = _assistant(ctx, store=store, chroma_url=chroma_url)
    with tqdm(total=0, unit="question", disable=None, file=sys.stderr, leave=False) as bar:

        def progress(stage: str, number: int, total: int) -> None:
            if bar.total != total or number == 1:
                bar.reset(total=total)
            bar.set_description(stage, refresh=False)
            bar.update(number - bar.n)

        options = EvalOptions(k=depth, modes=_modes(mode), limit=limit, progress=progress)
        reports = evaluate_dataset(assistant, dataset, options)
    if as_json:
        _emit({name: report for name, report in reports.items()})
    elif "languages" in reports:
        from rag.eval.news_report import format_news_report

        click.echo(format_news_report(reports))
    else:
        click.echo(format_report(reports))


def _modes(mode: str) -> tuple[str, ...]:
    return ("keyword", "dense", "hybrid") if mode == "all" else (mode,)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7860, show_default=True, type=int)
@click.option("--auth", help="Require a login: user:password (or set RAG_AUTH).")
@click.option("--share", is_flag=True, help="Also publish a public Gradio link (off by default).")
@click.option(
    "--seed", "seed_dir", type=click.Path(path_type=Path), help="Ingest this folder first if the store is empty."
)
@_store_options
@click.pass_context
def ui(ctx, host, port, auth, share, seed_dir, store, chroma_url) -> None:
    """Open the chat page in your browser (http://127.0.0.1:7860 by default)."""
    from ui.app import launch

    assistant = _assistant(ctx, store=store, chroma_url=chroma_url, auth=auth)
    if not _loopback(host) and not assistant.settings.auth:
        click.echo(
            f"warning: listening on {host} without --auth: anyone who can reach this machine can read and add "
            "articles; set --auth user:password (or RAG_AUTH).",
            err=True,
        )
    launch(assistant, host=host, port=port, share=share, seed_dir=seed_dir)


def _loopback(host: str) -> bool:
    """Return whether `host` is reachable from this machine only."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
