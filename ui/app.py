"""The chat page: `create_app` builds the Gradio app over one assistant; `launch` serves it.

Per-conversation state lives in `gr.State` and the chatbot's value; the assistant,
its index and the answer chains are shared by every conversation (the index is
opened and written under the assistant's lock). Programs can call the chat at
`api_name="/chat"`; it returns plain text, described in `ChatService.chat`.
"""

# No `from __future__ import annotations` here: gr.api reads the /chat endpoint's types from live annotations.

import contextlib
import logging
import re
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import gradio as gr
from platformdirs import user_data_path

from rag.answer.chain import AnswerChain, make_chain
from rag.assistant import Assistant
from rag.errors import EmptyStoreError, InputError, RagError, StoreMissingError
from rag.filters import SearchFilter, date_key
from rag.ingest import IngestReport
from rag.loaders import SUPPORTED_SUFFIXES
from rag.schema import Answer
from ui import answerers as found_answerers
from ui import conversations, messages, render
from ui.answerers import Answerer
from ui.cited import cited_answer
from ui.login import LoginThrottle
from ui.script import HEAD

logger = logging.getLogger(__name__)

# Conversations answered at once; more wait in Gradio's queue.
CONCURRENCY = 8
MAX_UPLOAD = "100mb"
FILE_TYPES = sorted(SUPPORTED_SUFFIXES)
EXAMPLES = [
    "ما العقد الذي ألغته القيادة السورية الجديدة؟",
    "أين جرت المحادثات السرية بين الوفد السوري والمسؤولين المصريين؟",
    "Who did Putin invite to visit Russia?",
    "Which side initiated the phone call between Putin and Pezeshkian?",
]
EXAMPLE_CHARS = 60  # Gradio shows this much of an example's text
FONTS = ["Noto Naskh Arabic", "Amiri", "Segoe UI", "Tahoma", "DejaVu Sans", "sans-serif"]

_UNSAFE_NAME = re.compile(r"[^\w.\- ()=+,@]+", re.UNICODE)  # no "#": it marks a record (file.jsonl#3)
_MAX_NAME = 120


@cache
def page_css() -> str:
    """Return the page's style sheet."""
    return (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def page_theme() -> gr.themes.Base:
    """Return the page theme: system fonts that carry Arabic, nothing fetched from the internet."""
    return gr.themes.Default(font=FONTS, font_mono=["DejaVu Sans Mono", "monospace"])


def upload_name(name: str) -> str:
    """Return a safe file name for an upload: its base name with unusual characters replaced."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    stem, suffix = Path(base).stem, Path(base).suffix
    if len(base) > _MAX_NAME:
        base = stem[: _MAX_NAME - len(suffix)] + suffix
    return base or "upload.txt"


def example_label(question: str, limit: int = EXAMPLE_CHARS) -> str:
    """Return an example question as its chip shows it: whole, or cut at a word with "…" at its logical end.

    Gradio cuts longer example texts itself, mid-word and with "..." that lands on the wrong side of Arabic.
    """
    if len(question) <= limit:
        return question
    cut = question.rfind(" ", 0, limit - 1)
    return question[: cut if cut > 0 else limit - 1].rstrip("،, ") + "…"


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """Return the (user, password) login of a "user:password" setting, or None when there is none."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise InputError("The login must be written as user:password (set with --auth or RAG_AUTH).")
    return user, password


class ChatService:
    """What the page asks of the assistant; shared by every conversation, so it keeps no conversation state."""

    def __init__(self, assistant: Assistant, uploads_dir: Path, *, detect: bool = True) -> None:
        self.assistant = assistant
        self.uploads_dir = uploads_dir
        self._lock = threading.Lock()
        self._chains: dict[str, AnswerChain] = {}
        self._outlets: list[str] | None = None
        self._articles: dict[str, tuple[str, int]] | None = None  # article id -> (outlet, date key)
        self._uploads_seen = 0  # bumped by every ingest, so an outlet list read before one is not kept
        self._has_articles = False  # once true it stays true: the page never empties the store
        self._detected: list[Answerer] = []
        if detect:
            self.detect_answerers()

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
                chain = chain or make_chain(self.assistant.retriever, choice.spec, choice.base_url)
                self._chains[choice.key] = chain
            return chain

    def filter_counts(self, search_filter: SearchFilter) -> tuple[int, int, int]:
        """Return (articles the filter leaves out, articles in all, undated ones left out by a date bound)."""
        articles = self._article_meta()
        low, high = search_filter.bounds()
        excluded = undated = 0
        for source, key in articles.values():
            if search_filter.sources and source not in search_filter.sources:
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
                found.setdefault(chunk.article_id, (chunk.source or "", date_key(chunk.date)))
        except StoreMissingError:
            pass
        with self._lock:
            if seen == self._uploads_seen:
                self._articles = found
        return found

    def answers_without_filter(self, request_question: str, history: list[tuple[str, str]], k: int) -> bool:
        """Return whether the articles answer a question when no filter applies (quoted, so no model runs)."""
        answer = None
        for item in self.stream(request_question, history=history, k=k, answerer=found_answerers.EXTRACTIVE):
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
            found = self.assistant.index().chunks.sources()
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
        Problems (an empty question, an empty library) come back as one sentence.
        """
        pairs = [(str(pair[0]), str(pair[1])) for pair in history or [] if len(pair) >= 2]
        try:
            return render.answer_plain(self.ask(message, pairs))
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

    def ingest(self, paths: list[Path], progress: Any = None) -> IngestReport:
        """Ingest files and forget the remembered outlets, so filters offer the new ones."""
        try:
            return self.assistant.ingest(paths, progress=progress)
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


def _chat_messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    messages_ = []
    for turn in turns:
        messages_.append({"role": "user", "content": turn["question_html"]})
        messages_.append({"role": "assistant", "content": turn["answer_html"]})
    return messages_


def _search_filter(outlets: list[str] | None, date_from: str | None, date_to: str | None) -> SearchFilter | None:
    search_filter = SearchFilter(
        sources=tuple(outlets or ()),
        date_from=(date_from or "").strip() or None,
        date_to=(date_to or "").strip() or None,
    )
    return None if search_filter.is_empty else search_filter


def _request_language(request: gr.Request | None) -> str:
    headers = getattr(request, "headers", None) or {}
    return messages.browser_language(headers.get("accept-language"))


def _notice(text: str, language: str) -> str:
    """Return a one-sentence message under the question box."""
    attrs = 'dir="rtl" lang="ar"' if language == "ar" else 'dir="ltr" lang="en"'
    return f'<p class="notice error" role="alert" {attrs}>{render.escape(text)}</p>'


# Chip values: the outlet's name after "outlet:", or the date bound's side.
_OUTLET_CHIP = "outlet:"


class PageEvents:
    """The page's event handlers. A conversation's state comes in and goes out as arguments, never kept here."""

    def __init__(self, service: ChatService) -> None:
        self.service = service

    def library_view(self) -> tuple[Any, Any, Any]:
        """Return the library status panel, the outlet choices, and whether to open "Add articles"."""
        try:
            empty = self.service.is_empty()
            choices = self.service.outlets()
        except RagError as error:
            return gr.HTML(render.message_html(str(error)), visible=True), gr.skip(), gr.skip()
        return (
            gr.HTML(render.empty_store_html() if empty else "", visible=empty),
            gr.Dropdown(choices=choices),
            gr.Accordion(open=True) if empty else gr.skip(),
        )

    def respond(
        self,
        message: str,
        history: list[dict[str, Any]],
        outlet_names: list[str] | None,
        since: str,
        until: str,
        k: float,
        spec: str,
    ) -> Iterator[tuple[Any, Any, Any, Any, Any]]:
        """Yield (question box, chat, sources panel, turns, notice) as the answer to `message` arrives.

        A question that cannot be sent (too long, a filter that is not one) stays in the box, with a
        sentence under it in the question's language saying why.
        """
        text = (message or "").strip()
        if not text:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), ""
            return
        language = messages.language_of(text)
        refusal = messages.too_long(text)
        try:
            search_filter = _search_filter(outlet_names, since, until)
        except InputError as error:
            refusal = refusal or messages.translated_error(str(error), language)
        if refusal:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), _notice(refusal, language)
            return
        number = len(history) + 1
        shown = render.question_html(text)
        earlier = _chat_messages(history)
        pending = [*earlier, {"role": "user", "content": shown}]
        yield "", [*pending, {"role": "assistant", "content": render.pending_html(text)}], gr.skip(), gr.skip(), ""
        answer: Answer | None = None
        panel = ""
        pairs = [(turn["question"], turn["answer"]) for turn in history if turn["answered"]]
        try:
            pieces = ""
            for item in self.service.stream(text, history=pairs, search_filter=search_filter, k=int(k), answerer=spec):
                if isinstance(item, Answer):
                    answer = item
                    continue
                pieces += item
                partial = render.partial_answer_html(pieces, language)
                yield gr.skip(), [*pending, {"role": "assistant", "content": partial}], gr.skip(), gr.skip(), gr.skip()
            assert answer is not None
            view = cited_answer(answer)
            notes = self._filter_notes(answer, search_filter, text, pairs, int(k))
            said = render.answer_html(answer, number, view, copy=render.copy_text(answer, view), notes=notes)
            panel = render.sources_html(answer, number, view)
        except (EmptyStoreError, StoreMissingError):
            said = render.message_html(render.empty_store_text(text), kind="empty")
        except RagError as error:
            said = render.message_html(messages.translated_error(str(error), language))
        except Exception as error:  # the bubble must not stay "searching" when something unforeseen breaks
            logger.exception("Answering %r failed", text)
            said = render.message_html(f"Unexpected {type(error).__name__}: {error}")
        turn = {
            "question": text,
            "answer": answer.text if answer else "",
            "answered": answer is not None and not answer.refused,
            "question_html": shown,
            "answer_html": said,
            "sources_html": panel,
        }
        history = [*history, turn]
        yield gr.skip(), _chat_messages(history), panel or render.sources_placeholder(), history, gr.skip()

    def _filter_notes(
        self,
        answer: Answer,
        search_filter: SearchFilter | None,
        question: str,
        history: list[tuple[str, str]],
        k: int,
    ) -> list[str]:
        """Return what a reader of an answer found nothing for must know about the filters that applied."""
        if search_filter is None or not answer.refused:
            return []
        language = answer.language
        excluded, total, undated = self.service.filter_counts(search_filter)
        notes = [
            messages.say(
                language,
                "filtered_empty",
                filters="، ".join(label for _, label in _chips(search_filter, language))
                if language == "ar"
                else ", ".join(label for _, label in _chips(search_filter, language)),
                excluded=excluded,
                total=messages.count_of(total, language, "article", "articles"),
            )
        ]
        if undated:
            notes.append(messages.say(language, "undated_excluded", count=undated))
        if excluded and self.service.answers_without_filter(question, history, k):
            notes.append(messages.say(language, "filter_caused"))
        return notes

    def show_turn(self, history: list[dict[str, Any]], event: gr.SelectData) -> Any:
        """Return the sources panel of the answer the user clicked."""
        index = event.index if isinstance(event.index, int) else event.index[0]
        number = index // 2
        if 0 <= number < len(history) and history[number]["sources_html"]:
            return history[number]["sources_html"]
        return gr.skip()

    def filter_chips(self, outlet_names: list[str] | None, since: str, until: str, request: gr.Request) -> tuple:
        """Return the active-filter chips beside the question box, and the note on undated articles."""
        language = _request_language(request)
        try:
            search_filter = _search_filter(outlet_names, since, until)
        except InputError:
            search_filter = SearchFilter(sources=tuple(outlet_names or ()))  # the box itself says what is wrong
        if search_filter is None or search_filter.is_empty:
            return gr.CheckboxGroup(choices=[], value=[], visible=False), gr.HTML("", visible=False)
        chips = _chips(search_filter, language)
        note = ""
        if search_filter.date_from or search_filter.date_to:
            undated = self.service.undated_articles()
            if undated:
                attrs = 'dir="rtl" lang="ar"' if language == "ar" else 'dir="ltr" lang="en"'
                sentence = messages.say(language, "undated_excluded", count=undated)
                note = f'<p class="filter-note" {attrs}>{render.escape(sentence)}</p>'
        return (
            gr.CheckboxGroup(
                choices=[(label, value) for value, label in chips], value=[v for v, _ in chips], visible=True
            ),
            gr.HTML(note, visible=bool(note)),
        )

    def remove_filter(self, kept: list[str] | None, outlet_names: list[str] | None, since: str, until: str) -> tuple:
        """Return the filters with the chip the user unticked removed."""
        kept = kept or []
        outlets_left = [name for name in outlet_names or [] if f"{_OUTLET_CHIP}{name}" in kept]
        return outlets_left, since if "from" in kept else "", until if "to" in kept else ""

    def detect(self, request: gr.Request) -> tuple[Any, str]:
        """Look for language-model servers again; return the refreshed answerer menu and what was found."""
        found = self.service.detect_answerers()
        return gr.Dropdown(choices=self.service.answerer_choices()), _answerer_status(found, _request_language(request))

    def remember(
        self, turns: list[dict[str, Any]], conversation_id: str | None, saved: list[Any] | None, spec: str
    ) -> tuple[Any, Any, Any]:
        """Save the open conversation in the browser; return the saved list, its id and the list shown."""
        saved, conversation_id = conversations.save(saved, conversation_id, turns, spec)
        return saved, conversation_id, gr.Radio(choices=conversations.choices(saved), value=conversation_id)

    def new_chat(self) -> tuple[Any, ...]:
        """Return an empty conversation: no turns, no id, the sources placeholder."""
        return [], [], None, render.sources_placeholder(), gr.Radio(value=None), self.service.default_answerer(), ""

    def reopen(self, conversation_id: str | None, saved: list[Any] | None) -> tuple[Any, ...]:
        """Return a saved conversation as it was left: its messages, turns, last sources and answerer."""
        found = conversations.find(saved, conversation_id)
        if found is None:
            return self.new_chat()
        turns = found["turns"]
        spec = found.get("answerer")
        spec = spec if spec in self.service.answerers() else self.service.default_answerer()
        panel = next((turn["sources_html"] for turn in reversed(turns) if turn.get("sources_html")), "")
        return (
            _chat_messages(turns),
            turns,
            found["id"],
            panel or render.sources_placeholder(),
            gr.skip(),
            spec,
            "",
        )

    def restore(self, saved: list[Any] | None) -> tuple[Any, ...]:
        """Return the conversation list on page load, the most recent conversation reopened."""
        listed = conversations.choices(saved)
        latest = listed[0][1] if listed else None
        chat, turns, conversation_id, panel, _, spec, notice = self.reopen(latest, saved)
        return chat, turns, conversation_id, panel, gr.Radio(choices=listed, value=latest), spec, notice

    def forget(self, conversation_id: str | None, saved: list[Any] | None) -> tuple[Any, ...]:
        """Delete the open conversation from the browser and start a new one."""
        saved = conversations.delete(saved, conversation_id)
        chat, turns, _, panel, _, spec, notice = self.new_chat()
        return saved, chat, turns, None, panel, gr.Radio(choices=conversations.choices(saved), value=None), spec, notice

    def add_files(
        self,
        paths: list[str] | None,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        """Store and ingest uploaded files; clear the upload box, show the summary, refresh the outlets."""
        if not paths:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        language = _request_language(request)
        try:
            stored = self.service.store_uploads(paths)
        except OSError as error:
            folder = self.service.uploads_dir
            message = f"The uploads folder {folder} cannot be written ({error.strerror or error}); nothing was added."
            return gr.skip(), render.message_html(message), gr.skip(), gr.skip()

        def step(number: int, total: int, path: str) -> None:
            progress((number - 1, total), desc=f"Reading {render.file_label(path)}", unit="files")

        progress(0, desc="Reading files")
        try:
            report = self.service.ingest([path for path, _ in stored], progress=step)
        except RagError as error:  # the files are kept: those read before the error may hold stored articles
            return gr.skip(), render.message_html(str(error)), gr.skip(), gr.skip()
        self.service.discard_unstored(stored, report)
        summary = render.ingest_html(report, [(str(path), name) for path, name in stored], language)
        status_view, outlet_choices, _ = self.library_view()
        return None, summary, status_view, outlet_choices


def _chips(search_filter: SearchFilter, language: str) -> list[tuple[str, str]]:
    """Return (value, label) of each active filter, as its chip shows it."""
    chips = [(f"{_OUTLET_CHIP}{name}", f"{messages.say(language, 'outlet')}: {name}") for name in search_filter.sources]
    if search_filter.date_from:
        chips.append(("from", f"{messages.say(language, 'from')}: {search_filter.date_from}"))
    if search_filter.date_to:
        chips.append(("to", f"{messages.say(language, 'to')}: {search_filter.date_to}"))
    return chips


def _answerer_status(found: list[Answerer], language: str) -> str:
    attrs = 'dir="rtl" lang="ar"' if language == "ar" else 'dir="ltr" lang="en"'
    if not found:
        sentence = messages.say(language, "no_answerer")
    else:
        sentence = messages.say(language, "answerers_found", names=", ".join(choice.label for choice in found))
    return f'<p class="answerer-status" {attrs}>{render.escape(sentence)}</p>'


def create_app(assistant: Assistant, *, uploads_dir: Path | None = None, secret_dir: Path | None = None) -> gr.Blocks:
    """Return the chat page over `assistant` (not started: see `launch`).

    Uploaded files that were ingested are kept in `uploads_dir` (default: the settings' uploads folder).
    Conversations are kept in the browser, encrypted with a secret kept in `secret_dir` (default: the
    user's data folder), so they survive a restart of the page.
    """
    settings = assistant.settings
    service = ChatService(assistant, uploads_dir or settings.uploads_folder())
    events = PageEvents(service)
    secret = conversations.page_secret(secret_dir or user_data_path("arabic-news-rag"))

    with gr.Blocks(title="Arabic news assistant · مساعد الأخبار", analytics_enabled=False) as app:
        gr.HTML(
            '<header class="page-header"><h1 dir="auto">Arabic news assistant · مساعد الأخبار العربية</h1>'
            '<p dir="ltr" lang="en">Ask in Arabic or English; every answer cites the articles it comes from.</p>'
            '<p dir="rtl" lang="ar">اسأل بالعربية أو بالإنجليزية؛ كل إجابة تشير إلى المقالات التي أُخذت منها.</p>'
            "</header>"
        )
        status = gr.HTML(visible=False, elem_id="library-status")
        turns = gr.State([])
        conversation_id = gr.State(None)
        saved = gr.BrowserState([], storage_key="arabic-news-rag-conversations", secret=secret)
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=200, elem_id="history"):
                new_chat = gr.Button("New chat · محادثة جديدة", elem_id="new-chat", size="sm")
                listed = gr.Radio(
                    choices=[], label="Conversations · المحادثات", elem_id="conversations", interactive=True
                )
                delete = gr.Button("Delete this chat · احذف المحادثة", elem_id="delete-chat", size="sm", variant="stop")
            with gr.Column(scale=3, min_width=360):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label="Conversation · المحادثة",
                    height=520,
                    render_markdown=False,
                    sanitize_html=True,
                    allow_tags=False,
                    latex_delimiters=[],
                    buttons=[],  # each answer carries its own copy button, which copies plain text
                    feedback_options=None,
                    group_consecutive_messages=False,
                    layout="bubble",
                )
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="question",
                        show_label=False,
                        placeholder="Ask about the articles… · اسأل عن المقالات…",
                        lines=1,
                        max_lines=6,
                        scale=6,
                        autofocus=True,
                    )
                    ask = gr.Button("Ask · اسأل", variant="primary", scale=1, min_width=90, elem_id="ask")
                gr.HTML(
                    f'<span class="counter" dir="ltr">0 / {messages.MAX_QUESTION_CHARS:,}</span>',
                    elem_id="question-counter",
                )
                notice = gr.HTML("", elem_id="question-notice")
                chips = gr.CheckboxGroup(
                    choices=[],
                    value=[],
                    label="Active filters (untick to remove) · التصفية النشطة (أزل العلامة للحذف)",
                    elem_id="filter-chips",
                    visible=False,
                )
                filter_note = gr.HTML("", elem_id="filter-note", visible=False)
                with gr.Row(elem_id="examples"):
                    gr.Examples(
                        EXAMPLES,
                        inputs=[question],
                        label="Examples · أمثلة",
                        example_labels=[example_label(example) for example in EXAMPLES],
                    )
            with gr.Column(scale=2, min_width=300):
                sources = gr.HTML(render.sources_placeholder(), elem_id="sources")
        with gr.Accordion("Filters and answerer · التصفية والمجيب", open=False, elem_id="filters"):
            with gr.Row():
                outlets = gr.Dropdown(
                    choices=[], multiselect=True, label="Outlets · المصادر", elem_id="outlets", scale=2
                )
                date_from = gr.Textbox(
                    label="From · من", placeholder="2024, 2024-07 or 2024-07-06", elem_id="date-from"
                )
                date_to = gr.Textbox(label="To · إلى", placeholder="2024, 2024-07 or 2024-07-06", elem_id="date-to")
            with gr.Row():
                passages = gr.Slider(1, 10, value=settings.k, step=1, label="Passages · عدد المقاطع", elem_id="k")
                answerer = gr.Dropdown(
                    choices=service.answerer_choices(),
                    value=service.default_answerer(),
                    label="Answerer (this conversation) · المجيب (لهذه المحادثة)",
                    interactive=True,
                    elem_id="answerer",
                    scale=2,
                )
                detect = gr.Button("Look for model servers · ابحث عن خوادم النماذج", elem_id="detect", size="sm")
            answerer_status = gr.HTML(_answerer_status(service._detected, "en"), elem_id="answerer-status")
        with gr.Accordion("Add articles · إضافة مقالات", open=False, elem_id="add-articles") as add_articles:
            gr.HTML(
                '<p dir="ltr">Files are checked and read as by <code>rag ingest</code> (.txt, .md, .html, .json, '
                ".jsonl) and are searchable as soon as the summary appears.</p>"
                '<p dir="rtl" lang="ar">تُقرأ الملفات بالقواعد نفسها التي يتبعها الأمر rag ingest، '
                "ويمكن البحث فيها فور ظهور الملخص.</p>"
            )
            files = gr.File(
                file_count="multiple", file_types=FILE_TYPES, label="Article files · ملفات المقالات", elem_id="upload"
            )
            upload_report = gr.HTML(elem_id="upload-report")

        controls = [outlets, date_from, date_to, passages, answerer]
        conversation = [chatbot, turns, conversation_id, sources, listed, answerer, notice]
        # One listener for both triggers, so a conversation never has two answers in flight at once.
        gr.on(
            [question.submit, ask.click],
            events.respond,
            inputs=[question, turns, *controls],
            outputs=[question, chatbot, sources, turns, notice],
            trigger_mode="once",
            api_visibility="private",
        ).then(
            events.remember,
            inputs=[turns, conversation_id, saved, answerer],
            outputs=[saved, conversation_id, listed],
            api_visibility="private",
        )
        chatbot.select(events.show_turn, inputs=[turns], outputs=[sources], api_visibility="private")
        chatbot.clear(events.new_chat, outputs=conversation, api_visibility="private")
        new_chat.click(events.new_chat, outputs=conversation, api_visibility="private")
        listed.input(events.reopen, inputs=[listed, saved], outputs=conversation, api_visibility="private")
        delete.click(
            events.forget,
            inputs=[conversation_id, saved],
            outputs=[saved, chatbot, turns, conversation_id, sources, listed, answerer, notice],
            api_visibility="private",
        )
        gr.on(
            [outlets.change, date_from.change, date_to.change],
            events.filter_chips,
            inputs=[outlets, date_from, date_to],
            outputs=[chips, filter_note],
            api_visibility="private",
        )
        chips.input(
            events.remove_filter,
            inputs=[chips, outlets, date_from, date_to],
            outputs=[outlets, date_from, date_to],
            api_visibility="private",
        )
        # The answerer belongs to the conversation: choosing one is saved with it.
        answerer.input(
            events.remember,
            inputs=[turns, conversation_id, saved, answerer],
            outputs=[saved, conversation_id, listed],
            api_visibility="private",
        )
        detect.click(events.detect, outputs=[answerer, answerer_status], api_visibility="private")
        files.upload(
            events.add_files, inputs=[files], outputs=[files, upload_report, status, outlets], api_visibility="private"
        )
        app.load(events.library_view, outputs=[status, outlets, add_articles], api_visibility="private")
        app.load(events.restore, inputs=[saved], outputs=conversation, api_visibility="private")
        gr.api(service.chat, api_name="chat")

    app.queue(default_concurrency_limit=CONCURRENCY)
    return app


def serve(
    app: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int | None = 7860,
    auth: tuple[str, str] | LoginThrottle | None = None,
    share: bool = False,
    block: bool = True,
) -> str:
    """Start serving the page (in the background unless `block`) and return its local URL.

    A (user, password) login is checked by a `LoginThrottle`, so it cannot be guessed at speed.
    """
    if isinstance(auth, tuple):
        auth = LoginThrottle(*auth)
    _, url, _ = app.launch(
        server_name=host,
        server_port=port,
        share=share,
        auth=auth,
        auth_message="Log in to the news assistant · سجّل الدخول إلى مساعد الأخبار" if auth else None,
        prevent_thread_lock=not block,
        max_file_size=MAX_UPLOAD,
        ssr_mode=False,
        theme=page_theme(),
        css=page_css(),
        head=HEAD,
        quiet=not block,
    )
    return url


def seed(assistant: Assistant, seed_dir: Path) -> IngestReport | None:
    """Ingest `seed_dir` when the store is empty or missing, printing progress; return the report, if any."""
    try:
        assistant.open_for_reading()
        return None
    except (EmptyStoreError, StoreMissingError):
        pass
    from tqdm import tqdm

    print(f"The store is empty; adding the articles in {seed_dir} first.", file=sys.stderr)
    with tqdm(total=0, unit="file", file=sys.stderr, leave=False) as bar:

        def progress(number: int, total: int, path: str) -> None:
            bar.total = total
            bar.update(number - bar.n)

        report = assistant.ingest([seed_dir], progress=progress)
    for rejected in report.rejected:
        print(f"skipped: {rejected.reason}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return report


def launch(
    assistant: Assistant,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    share: bool = False,
    seed_dir: Path | None = None,
) -> None:
    """Serve the chat page until interrupted; ingest `seed_dir` first when the store is empty."""
    auth = parse_auth(assistant.settings.auth)
    if seed_dir is not None:
        seed(assistant, seed_dir)
    serve(create_app(assistant), host=host, port=port, auth=auth, share=share, block=True)
