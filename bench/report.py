"""The results as Markdown: targets met or missed (by how much, and what dominates), then every figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Target:
    """One bar from the issue: a measured value against its limit."""

    name: str
    value: float | None
    limit: float
    unit: str
    higher_is_better: bool = False
    dominant: str = ""

    @property
    def met(self) -> bool | None:
        """Return whether the bar is met; None when it was not measured in this run."""
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def verdict(self) -> str:
        """Return "met", "not measured", or "missed by ..." with the distance to the bar."""
        if self.met is None:
            return "not measured"
        if self.met:
            return "met"
        assert self.value is not None
        if self.higher_is_better:
            return f"missed by {self.limit - self.value:.2f} ({self.value / self.limit:.0%} of the bar)"
        return f"missed by {_amount(self.value - self.limit, self.unit)} ({self.value / self.limit:.1f}× the bar)"


def _amount(value: float, unit: str) -> str:
    return f"{value:,.2f} {unit}" if unit in ("s", "×") else f"{value:,.0f} {unit}"


def _ms(summary: dict[str, float] | None, key: str = "p50_ms") -> str:
    return f"{summary[key]:.0f}" if summary else "–"


def _pair(summary: dict[str, float]) -> str:
    return f"{_ms(summary)} / {_ms(summary, 'p95_ms')}"


def _scale_row(scale: dict[str, Any] | None, size: int) -> dict[str, Any] | None:
    rows = {row["size"]: row for row in (scale or {}).get("rows", [])}
    return rows.get(size)


def _search_dominant(row: dict[str, Any]) -> str:
    parts = {
        "embedding the question": row["embed_query"]["p95_ms"],
        "the vector search (Chroma)": row["dense"]["p95_ms"],
        "the keyword search (Tantivy)": row["keyword"]["p95_ms"],
    }
    rest = row["search_no_embed"]["p95_ms"] - row["dense"]["p95_ms"] - row["keyword"]["p95_ms"]
    parts["fusion and fetching chunks"] = max(rest, 0.0)
    name = max(parts, key=lambda part: parts[part])
    listed = ", ".join(f"{key} {ms:.0f} ms" for key, ms in parts.items())
    return f"largest part: {name} (p95 of each part: {listed})"


def targets(results: dict[str, Any]) -> list[Target]:
    """Return the issue's bars with this run's values."""
    ingest = results.get("ingest")
    latency = results.get("latency")
    cold = results.get("cold")
    scale = results.get("scale")
    found = []
    if ingest:
        dominant = (
            f"embedding {ingest['embed_share']:.0%} of ingest time, writing {ingest['write_share']:.0%}, "
            f"the rest chunking and id checks"
        )
        found.append(Target("Ingest ÷ model forward throughput", ingest["ratio"], 0.8, "×", True, dominant))
    if latency:
        dominant = _search_dominant(latency)
        found.append(Target("Search p50, seeds store, warm", latency["search"]["p50_ms"], 50, "ms", dominant=dominant))
        dominant = (
            f"embedding the passages' sentences for the extractive answerer, {latency['ask_sentences']:.0f} "
            f"sentences per question, {latency['ask_sentence_share']:.0%} of the time; p50 "
            f"{latency['ask_first_time']['p50_ms']:.0f} ms with the sentence cache emptied before each question"
        )
        if "ask_sentences_stored" in latency:
            dominant += (
                f", {latency['ask_sentences_stored']['p50_ms']:.0f} ms so on a store whose sentences were "
                "embedded ahead (`rag sentence-vectors`)"
            )
        found.append(Target("`rag ask` p50, extractive, warm", latency["ask"]["p50_ms"], 150, "ms", dominant=dominant))
    if cold:
        slowest = max(cold["phases"].items(), key=lambda pair: pair[1]["wall_s"])
        dominant = f"largest step: {slowest[0]} ({slowest[1]['cpu_s']:.1f} s CPU)"
        first = cold.get("first_result_s", cold["wall_s"])
        found.append(Target("Cold `rag search` to first result, median", first, 4.0, "s", dominant=dominant))
    for size, limit in ((10_000, 50), (100_000, 150)):
        row = _scale_row(scale, size)
        value = row["search"]["p95_ms"] if row else None
        dominant = _search_dominant(row) if row else ""
        found.append(Target(f"Search p95 at {size // 1000}k chunks", value, limit, "ms", dominant=dominant))
    row = _scale_row(scale, 100_000)
    found.append(Target("Peak RSS at 100k chunks", row["peak_rss_mb"] / 1024 if row else None, 2.5, "GB"))
    add = row["add_article"] if row else None
    found.append(
        Target(
            "Add one article at 100k chunks",
            add["seconds"] if add else None,
            2.0,
            "s",
            dominant=f"embedding {add['embed']:.2f} s, writing {add['write']:.2f} s, CPU {add['cpu']:.2f} s"
            if add
            else "",
        )
    )
    return found


def markdown(results: dict[str, Any]) -> str:
    """Return the whole RESULTS.md text."""
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['date']} with `{results['command']}` in {results['seconds'] / 60:.1f} min.",
        "",
        _machine(results),
        "",
        "## Targets",
        "",
        "| Figure | Measured | Bar | Verdict |",
        "| --- | --- | --- | --- |",
    ]
    for target in targets(results):
        value = "–" if target.value is None else f"{target.value:,.2f} {target.unit}".replace(".00 ms", " ms")
        bar = f"{'≥' if target.higher_is_better else '≤'} {target.limit:g} {target.unit}"
        lines.append(f"| {target.name} | {value} | {bar} | {target.verdict()} |")
    missed = [target for target in targets(results) if target.met is False and target.dominant]
    if missed:
        lines += ["", "What dominates where a bar is missed:", ""]
        lines += [f"- **{target.name}**: {target.dominant}." for target in missed]
    for section in (_ingest, _latency, _cold, _scale, _baseline):
        text = section(results)
        if text:
            lines += ["", *text]
    return "\n".join(lines) + "\n"


def _machine(results: dict[str, Any]) -> str:
    machine = results["machine"]
    busy = max(results["load_start"][0], results["load_end"][0]) > 0.75 * machine["cores"]
    shared = (
        "other work shared the cores, so absolute times are inflated: compare figures measured in the same run"
        if busy
        else "little else ran beside the benchmark"
    )
    return (
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python {machine['python']}, "
        f"torch {machine['torch']} ({machine['torch_threads']} threads). Load average (1, 5, 15 min) at start "
        f"{results['load_start']}, at end {results['load_end']}: {shared}."
    )


def _ingest(results: dict[str, Any]) -> list[str]:
    ingest = results.get("ingest")
    if not ingest:
        return []
    return [
        "## Ingestion",
        "",
        f"{ingest['chunks']} chunks (the seed files through the real loaders, and {results['arcd_paragraphs']} ARCD "
        f"paragraphs as articles), each pipeline run into an empty store, alternated with the bare model "
        f"`SentenceTransformer.encode` on exactly the same embedding texts (batch {ingest['batch_size']}, sorted by "
        f"length), {ingest['rounds']} rounds, medians. Each round: "
        + "; ".join(
            f"forward {forward:.2f}, ingest {ingest_rate:.2f}"
            for forward, ingest_rate in zip(ingest["runs"]["forward"], ingest["runs"]["ingest"], strict=True)
        )
        + " chunks/s.",
        "",
        "| | chunks/s |",
        "| --- | --- |",
        f"| Model forward (`model.encode`) | {ingest['forward_chunks_per_s']:.2f} |",
        f"| Ingestion (`Ingestor`: chunk, embed, Chroma + keyword index) | {ingest['ingest_chunks_per_s']:.2f} |",
        f"| Ratio | **{ingest['ratio']:.2f}** (per CPU second: {ingest['cpu_ratio']:.2f}) |",
        "",
        f"Inside ingestion: embedding {ingest['embed_share']:.0%} of the time ({ingest['embed_calls']} calls), "
        f"writing to Chroma and the keyword index {ingest['write_share']:.0%}.",
    ]


def _latency(results: dict[str, Any]) -> list[str]:
    latency = results.get("latency")
    if not latency:
        return []
    return [
        "## Warm latency on the seeds store",
        "",
        f"{latency['chunks']} chunks; {latency['questions']} searches and {latency['asked']} questions asked (the "
        "seed questions, Arabic and English, after a warm-up). The extractive answerer embedded "
        f"{latency['ask_sentences']:.0f} sentences per question that its cache did not hold, "
        f"{latency['ask_sentence_share']:.0%} of the ask time.{_fill_sentence(latency)}",
        "",
        "| ms | p50 | p95 |",
        "| --- | --- | --- |",
        *[
            f"| {label} | {_ms(latency[key])} | {_ms(latency[key], 'p95_ms')} |"
            for key, label in (
                ("search", "Search (`HybridRetriever.search`, question embedded inside)"),
                ("search_no_embed", "Search, question vector given"),
                ("embed_query", "Embedding the question"),
                ("dense", "Vector search (50 candidates)"),
                ("keyword", "Keyword search (50 candidates)"),
                ("ask", "`rag ask` (`Assistant.ask`, extractive answerer)"),
                ("ask_first_time", "`rag ask`, sentence cache emptied before each question"),
                ("ask_sentences_stored", "`rag ask`, cache emptied, the store's sentences embedded ahead"),
            )
            if key in latency
        ],
    ]


def _fill_sentence(latency: dict[str, Any]) -> str:
    if "fill_seconds" not in latency:
        return ""
    return (
        f" Embedding the store's {latency['fill_sentences']} quotable sentences ahead (`rag sentence-vectors`) "
        f"took {latency['fill_seconds']:.1f} s."
    )


def _cold(results: dict[str, Any]) -> list[str]:
    cold = results.get("cold")
    if not cold:
        return []
    lines = [
        "## Cold start of `rag search`",
        "",
        f"`rag search QUESTION --store <seeds store> --k 3` as a new process, {cold['runs']} runs: median "
        f"**{cold['first_result_s']:.2f} s** from start to the first result line, {cold['wall_s']:.2f} s to exit "
        f"({cold['cpu_s']:.2f} s CPU); each run to its first result: {cold['all_first_result_s']} s.",
        "",
        "| Step (one new process) | wall s | CPU s |",
        "| --- | --- | --- |",
        *[f"| {name} | {step['wall_s']:.2f} | {step['cpu_s']:.2f} |" for name, step in cold["phases"].items()],
    ]
    if cold.get("imports"):
        lines += ["", "Import time by package (`python -X importtime`, each module's own time, summed):", ""]
        lines += [f"- `{name}` {seconds:.2f} s" for name, seconds in cold["imports"]]
    return lines


def _scale(results: dict[str, Any]) -> list[str]:
    scale = results.get("scale")
    if not scale:
        return []
    lines = [
        "## Cost as the collection grows",
        "",
        f"Chunks recombined from ARCD sentences ({scale['pool']['sentences']} sentences embedded once), vectors "
        "precomputed, inserted through `ArticleIndex.add`. Searches: "
        f"{scale['questions']} real questions (ARCD and seed), each once, warm, in a new process per size. "
        "*Search* is the whole `HybridRetriever.search` with the question embedded inside the timing; "
        "*no embed* is the same call given a vector embedded beforehand. RSS is the peak of the process that "
        "loads the model, opens the store, searches and adds articles; *build RSS* that of the inserting process.",
        "",
        "| chunks | search p50 / p95 ms | no embed p50 / p95 | embed p50 | vector p50 / p95 | keyword p50 / p95 "
        "| peak RSS MB | build RSS MB | disk MB | add 1 article s | insert chunks/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in scale["rows"]:
        add = row["add_article"]
        lines.append(
            f"| {row['chunks']:,} | {_pair(row['search'])} | {_pair(row['search_no_embed'])} "
            f"| {_ms(row['embed_query'])} "
            f"| {_pair(row['dense'])} | {_pair(row['keyword'])} "
            f"| {row['peak_rss_mb']:,.0f} | {row['build']['peak_rss_mb']:,.0f} | {row['disk_mb']:,.0f} "
            f"| {add['seconds']:.2f} ({add['chunks']:.0f} chunks: embed {add['embed']:.2f}, write {add['write']:.2f}; "
            f"CPU {add['cpu']:.2f}) "
            f"| {row['build']['chunks_per_s']:,.0f} |"
        )
    return lines


def _baseline(results: dict[str, Any]) -> list[str]:
    baseline = results.get("baseline")
    if not baseline:
        return []
    tutorial, ours = baseline["tutorial"], baseline["ours"]
    return [
        "## Against the LangChain tutorial pipeline",
        "",
        f"Same texts (seed files and {results['arcd_paragraphs']} ARCD paragraphs), same {baseline['questions']} ARCD "
        "questions; Recall@5 = the paragraph that answers the question is among the first 5 passages. Latency "
        "includes embedding the question in both.",
        "",
        "| Pipeline | chunks | Recall@5 | p50 ms | p95 ms |",
        "| --- | --- | --- | --- | --- |",
        f"| Tutorial: RecursiveCharacterTextSplitter 1000/200, all-MiniLM-L6-v2, Chroma similarity_search "
        f"| {tutorial['chunks']} | {tutorial['recall_at_5']:.3f} | {_ms(tutorial)} | {_ms(tutorial, 'p95_ms')} |",
        f"| Ours: hybrid (e5-small + BM25, fused) | {results['ingest']['chunks'] if results.get('ingest') else '–'} "
        f"| {ours['hybrid']['recall_at_5']:.3f} | {_ms(ours['hybrid'])} | {_ms(ours['hybrid'], 'p95_ms')} |",
        f"| Ours: dense half alone | | {ours['dense']['recall_at_5']:.3f} | {_ms(ours['dense'])} "
        f"| {_ms(ours['dense'], 'p95_ms')} |",
    ]


def replace_section(path: Path, title: str, lines: list[str]) -> None:
    """Write `## title` with `lines` into the Markdown file at `path`, replacing that section if it is there."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    heading = f"## {title}"
    section = "\n".join([heading, "", *lines]).rstrip() + "\n"
    if heading in text:
        before, _, rest = text.partition(heading)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")
