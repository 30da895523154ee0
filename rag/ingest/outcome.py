"""What an ingest run did: the files it rejected and why, and the counts of articles and chunks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejected:
    """A file that was not ingested, and why, in one sentence."""

    path: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did."""

    files: int = 0
    articles: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0
    articles_removed: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    rejected: tuple[Rejected, ...] = ()
    seconds: float = 0.0
    stored_files: tuple[str, ...] = ()  # the files (resolved paths) that hold at least one stored article

    def summary(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        parts = [
            f"{self.articles} articles from {self.files} files",
            f"{self.articles_added} added",
            f"{self.articles_unchanged} unchanged",
        ]
        if self.articles_removed:
            parts.append(f"{self.articles_removed} replaced")
        parts.append(f"{self.chunks_added} chunks added, {self.chunks_unchanged} skipped")
        if self.rejected:
            parts.append(f"{len(self.rejected)} rejected (files or records)")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"
