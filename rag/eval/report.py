"""`rag eval` reports: per-question records, the report dicts built from them, and their text form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rag.eval.metrics import contains_gold, median, mrr, percentile, recall_at, share, word_count
from rag.schema import Hit

BASELINE = "baseline: best sentence of top passage"


@dataclass(frozen=True)
class Case:
    """One question to score; `gold` is the key of the article that answers it, None when none does."""

    qid: str
    question: str
    language: str
    gold: str | None
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Retrieved:
    """Where one mode ranked a question's gold article, and how long the search took."""

    rank: int | None
    ms: float
    top: Hit | None


@dataclass(frozen=True)
class Answered:
    """What the chain and the baseline said to one question."""

    text: str
    refused: bool
    ms: float
    baseline: str


def retrieval_report(cases: Sequence[Case], found: Sequence[Retrieved], k: int) -> dict[str, Any]:
    """Return recall, MRR and search latency over the answerable cases, overall and per language."""

    def scores(languages: set[str]) -> dict[str, Any]:
        ranks = [r.rank for c, r in zip(cases, found, strict=True) if c.gold is not None and c.language in languages]
        return {
            "questions": len(ranks),
            "recall@1": recall_at(ranks, 1),
            "recall@5": recall_at(ranks, 5),
            f"mrr@{k}": mrr(ranks, k),
        }

    languages = sorted({case.language for case in cases if case.gold is not None})
    times = [r.ms for r in found]
    return {
        **scores(set(languages)),
        "unanswerable": sum(1 for case in cases if case.gold is None),
        "search_ms_p50": percentile(times, 50),
        "search_ms_p95": percentile(times, 95),
        "by_language": {language: scores({language}) for language in languages} if len(languages) > 1 else {},
    }


def answer_report(cases: Sequence[Case], answered: Sequence[Answered], answerer: str) -> dict[str, Any]:
    """Return how often answers hold a gold string, their length, refusal errors and latency."""
    pairs = list(zip(cases, answered, strict=True))
    gold = [(c, a) for c, a in pairs if c.gold is not None and c.answers]
    answerable = [a for c, a in pairs if c.gold is not None]
    unanswerable = [a for c, a in pairs if c.gold is None]
    times = [a.ms for a in answered]
    return {
        "answerer": answerer,
        "with_gold_strings": len(gold),
        "contains_gold": share([contains_gold(a.text, c.answers) and not a.refused for c, a in gold]),
        # Apart from refusals: whether the sentences picked, when it does answer, hold the answer.
        "contains_gold_when_answered": share([contains_gold(a.text, c.answers) for c, a in gold if not a.refused]),
        "median_words": median([word_count(a.text) for a in answered if not a.refused]),
        "refused": share([a.refused for a in answerable]),
        "answerable_refused": sum(a.refused for a in answerable),
        "answerable": len(answerable),
        "unanswerable_answered": sum(not a.refused for a in unanswerable),
        "unanswerable": len(unanswerable),
        "ask_ms_p50": percentile(times, 50),
        "ask_ms_p95": percentile(times, 95),
        "baseline_contains_gold": share([contains_gold(a.baseline, c.answers) for c, a in gold]),
        "baseline_median_words": median([word_count(a.baseline) for a in answerable if a.baseline]),
    }


def failures(
    cases: Sequence[Case], ranks: dict[str, list[Retrieved]], answered: Sequence[Answered], mode: str, k: int
) -> list[dict[str, Any]]:
    """Return the questions the assistant got wrong in `mode`, each with the reasons and what it said."""
    rows = []
    for index, (case, said) in enumerate(zip(cases, answered, strict=True)):
        rank = ranks[mode][index].rank
        reasons = []
        if case.gold is None:
            if not said.refused:
                reasons.append("unanswerable question answered")
        else:
            if rank != 1:
                reasons.append(f"source at rank {rank}" if rank else f"source not in top {k}")
            if said.refused:
                reasons.append("answerable question refused")
            elif case.answers and not contains_gold(said.text, case.answers):
                reasons.append("no expected string in answer")
        if reasons:
            rows.append(
                {
                    "id": case.qid,
                    "language": case.language,
                    "ranks": {name: found[index].rank for name, found in ranks.items()},
                    "reason": "; ".join(reasons),
                    "answer": " ".join(said.text.split()),
                }
            )
    return rows


def format_report(reports: dict[str, dict[str, Any]]) -> str:
    """Return the reports as readable tables."""
    if not reports:
        return "Nothing was evaluated."
    first = next(iter(reports.values()))
    k = first["k"]
    lines = [_title(first), ""]
    lines.append(f"{'mode':<9} {'lang':<4} {'n':>5} {'R@1':>6} {'R@5':>6} {f'MRR@{k}':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for mode, report in reports.items():
        lines.append(_retrieval_row(mode, "all", report, k, report))
        for language, scores in report["by_language"].items():
            lines.append(_retrieval_row("", language, scores, k))
    for mode, report in reports.items():
        if "answers" in report:
            lines += ["", *_answer_lines(mode, report["answers"])]
        if report.get("failures") is not None:
            lines += ["", *_failure_lines(mode, report["failures"], list(reports))]
    return "\n".join(lines)


def _title(report: dict[str, Any]) -> str:
    if report["dataset"] == "squad":
        return (
            f"{report['file']}: {report['paragraphs']} paragraphs ingested in {report['ingest_seconds']:.1f} s, "
            f"{report['questions']} questions (SQuAD, gold = the question's paragraph)"
        )
    return (
        f"{report['file']} against {report['store']}: {report['questions']} answerable questions, "
        f"{report['unanswerable']} unanswerable (gold = the source file)"
    )


def _retrieval_row(mode: str, language: str, scores: dict[str, Any], k: int, latency: dict | None = None) -> str:
    row = (
        f"{mode:<9} {language:<4} {scores['questions']:>5} {scores['recall@1']:>6.3f} {scores['recall@5']:>6.3f} "
        f"{scores[f'mrr@{k}']:>7.3f}"
    )
    if latency:
        row += f" {_number(latency['search_ms_p50'], 8, 1)} {_number(latency['search_ms_p95'], 8, 1)}"
    return row


def _answer_lines(mode: str, answers: dict[str, Any]) -> list[str]:
    width = len(BASELINE)
    return [
        f"answers over {mode} retrieval ({answers['with_gold_strings']} questions with gold strings)",
        f"{'answerer':<{width}} {'has gold':>8} {'median words':>12} {'refused':>8} {'p50 ms':>8} {'p95 ms':>8}",
        f"{answers['answerer']:<{width}} {_number(answers['contains_gold'], 8, 3)} "
        f"{_number(answers['median_words'], 12, 0)} {_number(answers['refused'], 8, 3)} "
        f"{_number(answers['ask_ms_p50'], 8, 1)} {_number(answers['ask_ms_p95'], 8, 1)}",
        f"{BASELINE:<{width}} {_number(answers['baseline_contains_gold'], 8, 3)} "
        f"{_number(answers['baseline_median_words'], 12, 0)}",
        f"when not refusing, {answers['answerer']} answers hold a gold string "
        f"{_number(answers['contains_gold_when_answered'], 0, 3).strip()} of the time",
        f"refusal errors: {answers['answerable_refused']} of {answers['answerable']} answerable questions refused, "
        f"{answers['unanswerable_answered']} of {answers['unanswerable']} unanswerable ones answered",
    ]


def _failure_lines(mode: str, rows: list[dict[str, Any]], modes: list[str]) -> list[str]:
    if not rows:
        return [f"failures over {mode} retrieval: none"]
    ranks_header = "rank " + "/".join(name[:3] for name in modes)
    lines = [f"failures over {mode} retrieval", f"{'id':<8} {'lang':<4} {ranks_header:<16} reason | answer"]
    for row in rows:
        ranks = "/".join("-" if row["ranks"].get(name) is None else str(row["ranks"][name]) for name in modes)
        answer = row["answer"] if len(row["answer"]) <= 140 else row["answer"][:139] + "…"
        lines.append(f"{row['id']:<8} {row['language']:<4} {ranks:<16} {row['reason']} | {answer}")
    return lines


def _number(value: float | None, width: int, decimals: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{decimals}f}"
