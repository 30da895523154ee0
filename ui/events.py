"""The chat page's event handlers: a conversation's state comes in and goes out as arguments."""

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from rag.answer.sentence_fill import FillProgress
from rag.errors import EmptyStoreError, InputError, RagError, StoreMissingError
from rag.index.filters import SearchFilter
from rag.schema import Answer
from ui import bubbles, conversations, messages, render
from ui.answerers import Answerer
from ui.cited import cited_answer
from ui.service import ChatService

logger = logging.getLogger(__name__)


def _chat_messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    messages_ = []
    for turn in turns:
        messages_.append({"role": "user", "content": turn["question_html"]})
        messages_.append({"role": "assistant", "content": turn["answer_html"]})
    return messages_


def _search_filter(outlets: list[str] | None, date_from: str | None, date_to: str | None) -> SearchFilter | None:
    search_filter = SearchFilter(
        outlets=tuple(outlets or ()),
        date_from=(date_from or "").strip() or None,
        date_to=(date_to or "").strip() or None,
    )
    return None if search_filter.is_empty else search_filter


def _request_language(request: gr.Request | None) -> str:
    headers = getattr(request, "headers", None) or {}
    return messages.browser_language(headers.get("accept-language"))


def _notice(text: str, language: str) -> str:
    """Return a one-sentence message under the question box."""
    return f'<p class="notice error" role="alert" {render.block_attrs(language)}>{render.escape(text)}</p>'


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
            return gr.HTML(bubbles.message_html(str(error)), visible=True), gr.skip(), gr.skip()
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
        refusal = messages.too_long(text, in_box=True)
        try:
            search_filter = _search_filter(outlet_names, since, until)
        except InputError as error:
            refusal = refusal or messages.translated_error(str(error), language)
        if refusal:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), _notice(refusal, language)
            return
        number = len(history) + 1
        shown = bubbles.question_html(text)
        earlier = _chat_messages(history)
        pending = [*earlier, {"role": "user", "content": shown}]
        yield "", [*pending, {"role": "assistant", "content": bubbles.pending_html(text)}], gr.skip(), gr.skip(), ""
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
                partial = bubbles.partial_answer_html(pieces, language)
                yield gr.skip(), [*pending, {"role": "assistant", "content": partial}], gr.skip(), gr.skip(), gr.skip()
            assert answer is not None
            view = cited_answer(answer)
            notes = self._filter_notes(answer, search_filter, text, pairs, int(k))
            said = bubbles.answer_html(answer, number, view, copy=bubbles.copy_text(answer, view), notes=notes)
            panel = render.sources_html(answer, number, view)
        except (EmptyStoreError, StoreMissingError):
            said = bubbles.message_html(render.empty_store_text(text), kind="empty")
        except RagError as error:
            said = bubbles.message_html(messages.translated_error(str(error), language))
        except Exception as error:  # the bubble must not stay "searching" when something unforeseen breaks
            logger.exception("Answering %r failed", text)
            said = bubbles.message_html(f"Unexpected {type(error).__name__}: {error}")
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
        separator = "، " if language == "ar" else ", "
        filters = separator.join(label for _, label in _chips(search_filter, language))
        total_articles = messages.count_of(total, language, "article", "articles")
        notes = [messages.say(language, "filtered_empty", filters=filters, excluded=excluded, total=total_articles)]
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
            search_filter = SearchFilter(outlets=tuple(outlet_names or ()))  # the box itself says what is wrong
        if search_filter is None or search_filter.is_empty:
            return gr.CheckboxGroup(choices=[], value=[], visible=False), gr.HTML("", visible=False)
        chips = _chips(search_filter, language)
        note = ""
        if search_filter.date_from or search_filter.date_to:
            undated = self.service.undated_articles()
            if undated:
                sentence = messages.say(language, "undated_excluded", count=undated)
                note = f'<p class="filter-note" {render.block_attrs(language)}>{render.escape(sentence)}</p>'
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

    def answerer_view(self, request: gr.Request) -> str:
        """Return what the last look for model servers found, in the browser's language."""
        return answerer_status(self.service.detected(), _request_language(request))

    def detect(self, request: gr.Request) -> tuple[Any, str]:
        """Look for language-model servers again; return the refreshed answerer menu and what was found."""
        found = self.service.detect_answerers()
        return gr.Dropdown(choices=self.service.answerer_choices()), answerer_status(found, _request_language(request))

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
            return gr.skip(), bubbles.message_html(message), gr.skip(), gr.skip()

        def step(number: int, total: int, path: str) -> None:
            progress((number - 1, total), desc=f"Reading {render.file_label(path)}", unit="files")

        def filling(state: FillProgress) -> None:
            progress((state.chunks_done, state.chunks_total), desc="Preparing quicker answers", unit="passages")

        progress(0, desc="Reading files")
        try:
            report = self.service.ingest([path for path, _ in stored], progress=step, on_fill=filling)
        except RagError as error:  # the files are kept: those read before the error may hold stored articles
            return gr.skip(), bubbles.message_html(str(error)), gr.skip(), gr.skip()
        self.service.discard_unstored(stored, report)
        summary = bubbles.ingest_html(report, [(str(path), name) for path, name in stored], language)
        status_view, outlet_choices, _ = self.library_view()
        return None, summary, status_view, outlet_choices


def _chips(search_filter: SearchFilter, language: str) -> list[tuple[str, str]]:
    """Return (value, label) of each active filter, as its chip shows it."""
    chips = [(f"{_OUTLET_CHIP}{name}", f"{messages.say(language, 'outlet')}: {name}") for name in search_filter.outlets]
    if search_filter.date_from:
        chips.append(("from", f"{messages.say(language, 'from')}: {search_filter.date_from}"))
    if search_filter.date_to:
        chips.append(("to", f"{messages.say(language, 'to')}: {search_filter.date_to}"))
    return chips


def answerer_status(found: list[Answerer], language: str) -> str:
    """Return the sentence under the answerer menu: the models found on local servers, or that none was."""
    if not found:
        sentence = messages.say(language, "no_answerer")
    else:
        sentence = messages.say(language, "answerers_found", names=", ".join(choice.label for choice in found))
    return f'<p class="answerer-status" {render.block_attrs(language)}>{render.escape(sentence)}</p>'
