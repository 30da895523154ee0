"""The `rag` command: ingest, search, ask, chat, stats, eval and the chat page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rag.cli_options import (
    PASSAGES,
    ErrorsInOneLine,
    batch_history,
    batch_lines,
    emit,
    filter_options,
    open_assistant,
    question_text,
    report_library_messages,
    search_filter,
    store_options,
)
from rag.cli_store import check, fill_with_progress, sentence_vectors, stats
from rag.config import Settings
from rag.errors import InputError, RagError


@click.group(cls=ErrorsInOneLine, context_settings={"help_option_names": ["-h", "--help"]})
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
    report_library_messages()
    ctx.obj = Settings()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_options
@click.option("--reset", is_flag=True, help="Empty the store first.")
@click.option(
    "--sentence-vectors",
    "sentence_vectors",
    is_flag=True,
    help="Also embed every quotable sentence now, so answers are quicker (see `rag sentence-vectors`).",
)
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], store, chroma_url, reset: bool, sentence_vectors: bool) -> None:
    """Add articles from files and folders (.txt .md .html .json .jsonl, and .jsonl.gz archives).

    Articles already stored are skipped without being embedded again, so an interrupted
    run continues where it stopped when run again.

    \b
    Examples:
      rag ingest seeds/ more-articles/ --store vectorstore
      RAG_ENCODER=float32 rag ingest archive.jsonl.gz --store archive-store
    """
    from tqdm import tqdm

    from rag.ingest.reading import IngestProgress

    assistant = open_assistant(ctx, store=store, chroma_url=chroma_url)
    # Only on a terminal (disable=None): articles per second and the time left, with the chunks embedded so far.
    with tqdm(total=0, unit=" articles", disable=None, file=sys.stderr, leave=False, smoothing=0.05) as bar:

        def on_progress(state: IngestProgress) -> None:
            bar.total = state.articles_expected
            bar.set_postfix_str(f"{state.chunks_added} chunks embedded, {state.chunks_unchanged} already stored")
            bar.update(state.articles - bar.n)

        report = assistant.ingest(list(paths), reset=reset, on_progress=on_progress)
    for rejected in report.rejected:
        click.echo(f"skipped: {rejected.reason}", err=True)
    click.echo(report.summary())
    if sentence_vectors and assistant.index().count():
        click.echo(fill_with_progress(assistant).summary())
    if any(not path.exists() for path in paths):
        ctx.exit(1)  # a path the user named is missing: the run went on, but say so in the exit code
    if report.rejected and report.articles == 0:
        ctx.exit(1)  # nothing could be read: a script must not take that for success


@main.command()
@click.argument("query", required=False)
@click.option("--k", type=PASSAGES, help="How many passages (default: RAG_K, else 5).")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="One query per line.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (JSON Lines with --batch).")
@store_options
@filter_options
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
    where = search_filter(outlets, since, until)
    retriever = open_assistant(ctx, store=store, chroma_url=chroma_url).retriever
    for text in queries:
        hits = retriever.search(text, k=k, search_filter=where) if text.strip() else []
        if as_json or batch:
            emit({"query": text, "hits": [hit_record(hit) for hit in hits]})
            continue
        if not hits:
            click.echo("No matching passages.")
        for hit in hits:
            chunk = hit.chunk
            click.echo(f"[{hit.rank}] {hit.score:.4f}  {chunk.title}  ({chunk.outlet or '-'}, {chunk.date or '-'})")
            click.echo(f"    {chunk.path}")
            if outlets := also_in(hit.copies, chunk.outlet):
                click.echo(f"    also in: {', '.join(outlets)}")
            click.echo("    " + " ".join(chunk.text.split())[:300])


def _queries(query: str | None, batch: Path | None) -> list[str]:
    if batch is not None:
        return [question_text(line) for line in batch_lines(batch)]
    if query is None:
        raise InputError("Give a question, or a file of questions with --batch FILE.")
    return [query]


@main.command()
@click.argument("question", required=False)
@click.option("--k", type=PASSAGES, help="How many passages to answer from (default: RAG_K, else 5).")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="One question per line.")
@click.option("--json", "as_json", is_flag=True, help="JSON output (JSON Lines with --batch).")
@click.option("--llm", help="Answerer: extractive (default), ollama:MODEL, openai:MODEL or llamacpp:PATH.gguf.")
@click.option("--llm-base-url", help="Base URL of an OpenAI-compatible server.")
@store_options
@filter_options
@click.pass_context
def ask(ctx, question, k, batch, as_json, llm, llm_base_url, store, chroma_url, outlets, since, until) -> None:
    """Answer a question from the articles, citing passages as [n].

    \b
    Examples:
      rag ask "كم جهاز تنفس أرسلت مصر إلى النظام السوري؟"
      rag ask "Which side initiated the call?" --llm openai:qwen2.5 --llm-base-url http://127.0.0.1:8080/v1
    """
    from rag.render_text import answer_record, answer_text

    assistant = open_assistant(ctx, store=store, chroma_url=chroma_url, llm=llm, llm_base_url=llm_base_url, k=k)
    where = search_filter(outlets, since, until)
    lines = list(batch_lines(batch)) if batch is not None else [None]
    for line, text in zip(lines, _queries(question, batch), strict=True):
        try:
            history = batch_history(line) if line is not None else ()
            answer = assistant.ask(text, history=history, search_filter=where)
        except InputError as error:
            if batch is None:
                raise
            emit({"question": text, "error": str(error)})  # one bad line must not end the batch
            continue
        if as_json or batch:
            emit(answer_record(answer))
        else:
            click.echo(answer_text(answer))


@main.command()
@click.option("--k", type=PASSAGES, help="How many passages to answer from (default: RAG_K, else 5).")
@click.option("--llm", help="Answerer: extractive (default), ollama:MODEL, openai:MODEL or llamacpp:PATH.gguf.")
@click.option("--llm-base-url", help="Base URL of an OpenAI-compatible server.")
@store_options
@click.pass_context
def chat(ctx, k, llm, llm_base_url, store, chroma_url) -> None:
    """Talk with the articles in the terminal; follow-up questions use the conversation."""
    from rag.render_text import answer_text

    assistant = open_assistant(ctx, store=store, chroma_url=chroma_url, llm=llm, llm_base_url=llm_base_url, k=k)
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


@main.command(name="eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--depth", default=10, show_default=True, help="Ranks counted by MRR.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "keyword", "all"]), default="hybrid", show_default=True)
@click.option("--limit", type=int, help="Only the first N questions.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@store_options
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

    assistant = open_assistant(ctx, store=store, chroma_url=chroma_url)
    with tqdm(total=0, unit="question", disable=None, file=sys.stderr, leave=False) as bar:

        def progress(stage: str, number: int, total: int) -> None:
            if bar.total != total or number == 1:
                bar.reset(total=total)
            bar.set_description(stage, refresh=False)
            bar.update(number - bar.n)

        options = EvalOptions(k=depth, modes=_modes(mode), limit=limit, progress=progress)
        reports = evaluate_dataset(assistant, dataset, options)
    if as_json:
        emit({name: report for name, report in reports.items()})
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
@store_options
@click.pass_context
def ui(ctx, host, port, auth, share, seed_dir, store, chroma_url) -> None:
    """Open the chat page in your browser (http://127.0.0.1:7860 by default)."""
    from ui.app import launch

    assistant = open_assistant(ctx, store=store, chroma_url=chroma_url, auth=auth)
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


main.add_command(stats)
main.add_command(check)
main.add_command(sentence_vectors)


if __name__ == "__main__":
    main()
