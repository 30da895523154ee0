"""What the page asks of the assistant: answers, outlets, filter counts, answerers, uploads.

One `ChatService` is shared by every conversation of a page, so it keeps no conversation state; the
assistant's index is opened and written under the assistant's lock.
"""

import contextlib
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rag.answer.chain import AnswerChain, make_chain
from rag.assistant import Assistant
from rag.errors import EmptyStoreError, InputError, RagError, StoreMissingError
from rag.index.filters import SearchFilter, date_key
from rag.ingest.outcome import IngestReport
from rag.render_text import answer_text
from rag.schema import Answer
from ui import answerers as found_answerers
from ui import messages, render
from ui.answerers import Answerer

_UNSAFE_NAME = re.compile(r"[^\w.\- ()=+,@]+", re.UNICODE)  # no "#": it marks a record (file.jsonl#3)
_MAX_NAME = 120


def upload_name(name: str) -> str:
    """Return a safe file name for an upload: its base name with unusual characters replaced."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    stem, suffix = Path(base).stem, Path(base).suffix
    if len(base) > _MAX_NAME:
        base = stem[: _MAX_NAME - len(suffix)] + suffix
    return base or "upload.txt"


class ChatService:
    """What the page asks of the assistant; shared by every conversation, so it keeps no conversation state."""

    def __init__(self, assistant: Assistant, uploads_dir: Path) -> None:
        self.assistant = assistant
        self.uploads_dir = uploads_dir
        self._lock = threading.Lock()
        self._chains: dict[str, AnswerChain] = {}
        self._outlets: list[str] | None = None
        self._articles: dict[str, tuple[str, int]] | None = None  # article id -> (outlet, date key)
        self._uploads_seen = 0  # bumped by every ingest, so an outlet list read before one is not kept
        self._has_articles = False  # once true it stays true: the page never empties the store
        self._detected: list[Answerer] = []
        self.detect_answerers()  # at start, so the menu lists the servers already running

    def _choices(self) -> dict[str, Answerer]:
        settings = self.assistant.settings
        configured = found_answerers.answerer(settings.llm, settings.llm_base_url, "configured")
        choices = {found_answerers.EXTRACTIVE: found_answerers.EXTRACTIVE_ANSWERER, configured.key: configured}
        with self._lock:
            for found in self._detected:
                choices.setdefault(found.key, found)
        return choices

    def answerers(self) -> list[str]:
        """Return the answerer choices: extractive, the configured one, and every model a local server offers."""
        return list(self._choices())

    def answerer_choices(self) -> list[tuple[str, str]]:
        """Return the answerer menu's (label, key) pairs."""
        return [(choice.label, key) for key, choice in self._choices().items()]

    def default_answerer(self) -> str:
        """Return the answerer a new conversation starts with: the configured one."""
        settings = self.assistant.settings
        return found_answerers.answerer(settings.llm, settings.llm_base_url).key

    def detected(self) -> list[Answerer]:
        """Return the models the last look for local servers found."""
        with self._lock:
            return list(self._detected)

    def detect_answerers(self) -> list[Answerer]:
        """Look for local language-model servers now and return the models they offer."""
        candidates = found_answerers.servers(self.assistant.settings.llm_base_url)
        detected = found_answerers.detect(candidates)
        with self._lock:
            self._detected = detected
        return detected

    def chain(self, spec: str) -> AnswerChain:
        """Return the answer chain for an answerer (a key of `answerers()`), built once."""
        choice = self._choices().get(spec)
        if choice is None:
            raise InputError(f"The answerer {spec!r} is not available; choose one of {', '.join(self.answerers())}.")
        with self._lock:
            chain = self._chains.get(choice.key)
            if chain is None:
                settings = self.assistant.settings
                configured = choice.spec == settings.llm and choice.base_url == settings.llm_base_url
                chain = self.assistant.chain if configured else None
                chain = chain or make_chain(
                    self.assistant.retriever, choice.spec, choice.base_url, stored=self.assistant.sentence_vectors
                )
                self._chains[choice.key] = chain
            return chain

    def filter_counts(self, search_filter: SearchFilter) -> tuple[int, int, int]:
        """Return (articles the filter leaves out, articles in all, undated ones left out by a date bound)."""
        articles = self._article_meta()
        low, high = search_filter.bounds()
        excluded = undated = 0
        for source, key in articles.values():
            if search_filter.outlets and source not in search_filter.outlets:
                excluded += 1
            elif (low or high) and not (key and (not low or key >= low) and (not high or key <= high)):
                excluded += 1
                undated += not key
        return excluded, len(articles), undated

    def undated_articles(self) -> int:
        """Return how many stored articles have no full date (a date filter leaves them out)."""
        return sum(1 for _, key in self._article_meta().values() if not key)

    def _article_meta(self) -> dict[str, tuple[str, int]]:
        with self._lock:
            if self._articles is not None:
                return self._articles
            seen = self._uploads_seen
        found: dict[str, tuple[str, int]] = {}
        try:
            for chunk in self.assistant.index().chunks.chunks():
                found.setdefault(chunk.article_id, (chunk.outlet or "", date_key(chunk.date)))
        except StoreMissingError:
            pass
        with self._lock:
            if seen == self._uploads_seen:
                self._articles = found
        return found

    def answers_without_filter(self, question: str, history: list[tuple[str, str]], k: int) -> bool:
        """Return whether the articles answer a question when no filter applies (quoted, so no model runs)."""
        answer = None
        for item in self.stream(question, history=history, k=k, answerer=found_answerers.EXTRACTIVE):
            if isinstance(item, Answer):
                answer = item
        return answer is not None and not answer.refused

    def is_empty(self) -> bool:
        """Return whether the library holds no articles (or no store exists yet)."""
        if self._has_articles:
            return False
        try:
            self.assistant.open_for_reading()
        except (EmptyStoreError, StoreMissingError):
            return True
        self._has_articles = True
        return False

    def outlets(self) -> list[str]:
        """Return the outlets named by stored articles (remembered until the next upload).

        Read outside the lock: opening the index waits for any ingest in progress, and
        page loads should not queue behind it when the list is already known.
        """
        with self._lock:
            if self._outlets is not None:
                return list(self._outlets)
            seen = self._uploads_seen
        try:
            found = self.assistant.index().chunks.outlets()
        except StoreMissingError:
            found = []
        with self._lock:
            if seen == self._uploads_seen:
                self._outlets = found
        return list(found)

    def stream(
        self,
        question: str,
        *,
        history: list[tuple[str, str]],
        search_filter: SearchFilter | None = None,
        k: int | None = None,
        answerer: str = "extractive",
    ) -> Iterator[str | Answer]:
        """Yield the answer's text pieces, then the checked `Answer`."""
        chain = self.chain(answerer)
        request = self.assistant.request(question, history=history, search_filter=search_filter, k=k)
        yield from chain.stream(request)

    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer:
        """Return the checked answer with the configured answerer."""
        answer = None
        for item in self.stream(question, history=list(history), answerer=self.default_answerer()):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def chat(self, message: str, history: list[list[str]] | None = None) -> str:
        """Answer a question from the articles.

        Returns the answer text, then a blank line and "Sources:" with one line per
        citation: `[n] title — outlet, date — file`. A refusal lists "Nearest articles:"
        instead. `history` is earlier [question, answer] pairs, for follow-up questions.
        Problems (an empty or too long question, an empty library) come back as one sentence.
        """
        if refusal := messages.too_long(message or ""):
            return refusal
        pairs = [(str(pair[0]), str(pair[1])) for pair in history or [] if len(pair) >= 2]
        try:
            return answer_text(self.ask(message, pairs), quotes=False, file_name=render.file_label)
        except (EmptyStoreError, StoreMissingError):
            return render.empty_store_text(message)
        except RagError as error:
            return str(error)

    def store_uploads(self, paths: list[str]) -> list[tuple[Path, str]]:
        """Move uploaded temporary files into the uploads folder under their own names.

        Returns (stored path, name shown to the user) pairs. A file uploaded again under
        the same name replaces the earlier one, so an edited article replaces its old
        version; two files of one upload with the same name are kept as `name`, `name (2)`.
        The temporary copies Gradio made are deleted.
        """
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        stored: list[tuple[Path, str]] = []
        with self._lock:
            for temp in paths:
                source = Path(temp)
                name = upload_name(source.name)
                target = self._free_target(name, {path for path, _ in stored})
                shutil.copyfile(source, target)
                _discard_temporary(source)
                stored.append((target, name))
        return stored

    def _free_target(self, name: str, taken: set[Path]) -> Path:
        stem, suffix = Path(name).stem, Path(name).suffix
        number = 1
        while True:
            target = self.uploads_dir / (name if number == 1 else f"{stem} ({number}){suffix}")
            if target not in taken:
                return target
            number += 1

    def discard_unstored(self, stored: list[tuple[Path, str]], report: IngestReport) -> None:
        """Delete the uploads no article was stored from: only what was ingested is kept."""
        kept = set(report.stored_files)
        for path, _ in stored:
            if str(path.resolve()) not in kept:
                path.unlink(missing_ok=True)

    def ingest(self, paths: list[Path], progress: Any = None, on_fill: Any = None) -> IngestReport:
        """Ingest files and forget the remembered outlets, so filters offer the new ones.

        `on_fill` follows the embedding of the new sentences ahead, in a store that keeps them (`rag sentence-vectors`).
        """
        try:
            return self.assistant.ingest(paths, progress=progress, on_fill=on_fill)
        finally:
            with self._lock:
                self._outlets = None
                self._articles = None
                self._uploads_seen += 1


def _discard_temporary(path: Path) -> None:
    """Delete Gradio's temporary copy of an upload, and its folder once empty."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # Gradio keeps each upload in a folder of its own
