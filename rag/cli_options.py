"""What the `rag` commands share: one-line errors, the store and filter options, batch-file lines."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from rag.config import Settings
from rag.errors import InputError, RagError


class ErrorsInOneLine(click.Group):
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


PASSAGES = click.IntRange(min=1)  # 0 used to become the default quietly


def open_assistant(ctx: click.Context, **overrides: object):
    from rag.assistant import Assistant

    settings: Settings = ctx.obj.with_overrides(**overrides)
    return Assistant(settings)


def store_options(command):
    command = click.option("--store", type=click.Path(path_type=Path), help="Store folder (default: vectorstore/).")(
        command
    )
    return click.option("--chroma-url", help="Use a Chroma server instead, e.g. http://127.0.0.1:8000.")(command)


def filter_options(command):
    command = click.option("--outlet", "outlets", multiple=True, help="Only articles from this outlet (repeatable).")(
        command
    )
    command = click.option("--since", help="Only articles dated on or after: 2024, 2024-07 or 2024-07-06.")(command)
    return click.option("--until", help="Only articles dated on or before.")(command)


def search_filter(outlets: tuple[str, ...], since: str | None, until: str | None):
    from rag.index.filters import SearchFilter

    return SearchFilter(outlets=tuple(outlets), date_from=since, date_to=until)


def batch_lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"The batch file {path} cannot be read as UTF-8 text ({error}).") from error


def batch_history(raw: str) -> tuple[tuple[str, str], ...]:
    """Return the conversation a JSON batch line carries in "history": [[question, answer], ...]."""
    if not raw.lstrip().startswith("{"):
        return ()
    try:
        turns = json.loads(raw).get("history") or ()
        return tuple((str(asked), str(said)) for asked, said in turns)
    except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
        raise InputError('The line\'s "history" must be a list of [question, answer] pairs.') from None


def question_text(raw: str) -> str:
    """Return the question of a batch line: plain text, or the "question"/"query" of a JSON object."""
    if raw.lstrip().startswith("{"):
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            return raw
        return str(record.get("question") or record.get("query") or "")
    return raw


def emit(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


def report_library_messages() -> None:
    """Show the library's progress notes and warnings (model preparation, engine fallback) on stderr, once."""
    library = logging.getLogger("rag")
    if not library.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        library.addHandler(handler)
        library.setLevel(logging.INFO)
