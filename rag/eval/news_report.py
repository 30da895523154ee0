"""The news-dev report: figures per language and per kind, and their text table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rag.eval.metrics import median, percentile, share, word_count
from rag.eval.newsdev import KINDS

if TYPE_CHECKING:
    from rag.eval.news_run import NewsResult

COLUMNS = (
    ("n", "n", 4, 0),
    ("R@1", "recall@1", 5, 2),
    ("R@5", "recall@5", 5, 2),
    ("fact", "fact", 5, 2),
    ("ar", "arabic_span", 5, 2),
    ("en", "english_rendering", 5, 2),
    ("en-read", "english_readable", 7, 2),
    ("cited", "cited_gold", 5, 2),
    ("list", "list_coverage", 5, 2),
    ("unans-ref", "unanswerable_refused", 9, 2),
    ("ans-ref", "answerable_refused", 7, 0),
    ("words", "median_words", 5, 0),
    ("p50ms", "ms_p50", 6, 0),
    ("p95ms", "ms_p95", 6, 0),
)


def figures(results: Sequence[NewsResult]) -> dict[str, Any]:
    """Return the figures of a group of results (None where a figure has no question to count)."""
    answerable = [r for r in results if r.question.answerable]
    ranked = [r for r in answerable if r.question.sources]
    unanswerable = [r for r in results if not r.question.answerable]
    english = [r for r in answerable if r.question.language == "en"]
    lists = [r for r in answerable if r.question.match_all]
    times = [r.ms for r in results]
    return {
        "n": len(results),
        "recall@1": share([r.rank is not None and r.rank <= 1 for r in ranked]),
        "recall@5": share([r.rank is not None and r.rank <= 5 for r in ranked]),
        "fact": share([_correct(r) for r in answerable]),
        "arabic_span": share([bool(r.score and r.score.arabic and not r.refused) for r in answerable]),
        "english_rendering": share([bool(r.score and r.score.english and not r.refused) for r in english]),
        "english_readable": share([bool(r.score and r.score.readable and not r.refused) for r in english]),
        "cited_gold": share([r.cited_gold for r in answerable if not r.question.match_all]),
        "list_coverage": _mean([0.0 if r.refused else (r.score.coverage or 0.0) for r in lists if r.score]),
        "unanswerable_refused": share([r.refused for r in unanswerable]),
        "answerable_refused": sum(r.refused for r in answerable) if answerable else None,
        "answerable": len(answerable),
        "median_words": median([word_count(r.answer) for r in results if not r.refused]),
        "ms_p50": percentile(times, 50),
        "ms_p95": percentile(times, 95),
    }


def _correct(result: NewsResult) -> bool:
    return bool(result.score and result.score.correct and not result.refused)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def news_report(results: Sequence[NewsResult]) -> dict[str, Any]:
    """Return figures overall, per language, and per language and kind."""
    languages = sorted({r.question.language for r in results})
    report: dict[str, Any] = {"all": figures(results), "languages": {}}
    for language in languages:
        mine = [r for r in results if r.question.language == language]
        kinds = {kind: figures([r for r in mine if r.question.kind == kind]) for kind in KINDS}
        report["languages"][language] = {
            "all": figures(mine),
            "kinds": {kind: value for kind, value in kinds.items() if value["n"]},
        }
    return report


def format_news_report(report: dict[str, Any]) -> str:
    """Return the report as a table: one row per language and kind, then the language totals."""
    header = report["header"]
    lines = [
        f"{header['file']} against {header['store']}: {header['questions']} questions, answerer {header['answerer']}"
        f" (corpus ingest {header['ingest_seconds']:.1f} s)",
        "",
        f"{'lang':<5}{'kind':<13}" + " ".join(f"{title:>{width}}" for title, _, width, _ in COLUMNS),
    ]
    for language, block in report["languages"].items():
        for kind, values in block["kinds"].items():
            lines.append(_row(language, kind, values))
        lines.append(_row(language, "ALL", block["all"]))
    lines.append(_row("all", "ALL", report["all"]))
    lines += [
        "",
        "fact: the answer holds a gold Arabic span or (English) the key English rendering; ar / en: each alone;",
        "en-read: English opening line with the rendering's key words; cited: a cited sentence holds a gold span;",
        "list: share of list items found; unans-ref: unanswerable questions refused; ans-ref: answerable refused.",
    ]
    return "\n".join(lines)


def _row(language: str, kind: str, values: dict[str, Any]) -> str:
    cells = []
    for _, key, width, decimals in COLUMNS:
        value = values.get(key)
        cells.append(f"{'-':>{width}}" if value is None else f"{value:>{width}.{decimals}f}")
    return f"{language:<5}{kind:<13}" + " ".join(cells)
