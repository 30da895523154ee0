"""The chat page: `create_app` builds the Gradio app over one assistant; `launch` serves it.

Per-conversation state lives in `gr.State`, the chatbot's value and the browser's local storage (saved
conversations); the assistant, its index and the answer chains are shared by every conversation through
one `ChatService` (ui/service.py); the handlers are `PageEvents` (ui/events.py). Programs can call the chat
at `api_name="/chat"`; it returns plain text, described in `ChatService.chat`.
"""

# No `from __future__ import annotations` here: gr.api reads the /chat endpoint's types from live annotations.

import sys
from functools import cache
from pathlib import Path

import gradio as gr
from platformdirs import user_data_path

from rag.assistant import Assistant
from rag.errors import EmptyStoreError, InputError, StoreMissingError
from rag.ingest.loaders import SUPPORTED_SUFFIXES
from rag.ingest.outcome import IngestReport
from ui import conversations, messages, render
from ui.events import PageEvents, answerer_status
from ui.labels import PAGE_I18N, label
from ui.login import LoginThrottle
from ui.script import HEAD
from ui.service import ChatService

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


@cache
def page_css() -> str:
    """Return the page's style sheet."""
    return (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def page_theme() -> gr.themes.Base:
    """Return the page theme: system fonts that carry Arabic, nothing fetched from the internet."""
    return gr.themes.Default(font=FONTS, font_mono=["DejaVu Sans Mono", "monospace"])


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
                new_chat = gr.Button(label("new_chat"), elem_id="new-chat", size="sm")
                listed = gr.Radio(choices=[], label=label("conversations"), elem_id="conversations", interactive=True)
                delete = gr.Button(label("delete_chat"), elem_id="delete-chat", size="sm", variant="stop")
            with gr.Column(scale=3, min_width=360):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label=label("chat"),
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
                        placeholder=label("question"),
                        lines=1,
                        max_lines=6,
                        scale=6,
                        autofocus=True,
                    )
                    ask = gr.Button(label("ask"), variant="primary", scale=1, min_width=90, elem_id="ask")
                gr.HTML(
                    f'<span class="counter" dir="ltr">0 / {messages.MAX_QUESTION_CHARS:,}</span>',
                    elem_id="question-counter",
                )
                notice = gr.HTML("", elem_id="question-notice")
                chips = gr.CheckboxGroup(
                    choices=[],
                    value=[],
                    label=label("chips"),
                    elem_id="filter-chips",
                    visible=False,
                )
                filter_note = gr.HTML("", elem_id="filter-note", visible=False)
                with gr.Row(elem_id="examples"):
                    gr.Examples(
                        EXAMPLES,
                        inputs=[question],
                        label=label("examples"),
                        example_labels=[example_label(example) for example in EXAMPLES],
                    )
            with gr.Column(scale=2, min_width=300):
                sources = gr.HTML(render.sources_placeholder(), elem_id="sources")
        with gr.Accordion(label("filters"), open=False, elem_id="filters"):
            with gr.Row():
                outlets = gr.Dropdown(choices=[], multiselect=True, label=label("outlets"), elem_id="outlets", scale=2)
                date_from = gr.Textbox(
                    label=label("from"), placeholder="2024, 2024-07 or 2024-07-06", elem_id="date-from"
                )
                date_to = gr.Textbox(label=label("to"), placeholder="2024, 2024-07 or 2024-07-06", elem_id="date-to")
            with gr.Row():
                passages = gr.Slider(1, 10, value=settings.k, step=1, label=label("passages"), elem_id="k")
                answerer = gr.Dropdown(
                    choices=service.answerer_choices(),
                    value=service.default_answerer(),
                    label=label("answerer"),
                    interactive=True,
                    elem_id="answerer",
                    scale=2,
                )
                detect = gr.Button(label("detect"), elem_id="detect", size="sm")
            answerer_note = gr.HTML(answerer_status(service.detected(), "en"), elem_id="answerer-status")
        with gr.Accordion(label("add_articles"), open=False, elem_id="add-articles") as add_articles:
            gr.HTML(
                '<p dir="ltr">Files are checked and read as by <code>rag ingest</code> (.txt, .md, .html, .json, '
                ".jsonl) and are searchable as soon as the summary appears.</p>"
                '<p dir="rtl" lang="ar">تُقرأ الملفات بالقواعد نفسها التي يتبعها الأمر rag ingest، '
                "ويمكن البحث فيها فور ظهور الملخص.</p>"
            )
            files = gr.File(file_count="multiple", file_types=FILE_TYPES, label=label("files"), elem_id="upload")
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
        detect.click(events.detect, outputs=[answerer, answerer_note], api_visibility="private")
        files.upload(
            events.add_files, inputs=[files], outputs=[files, upload_report, status, outlets], api_visibility="private"
        )
        app.load(events.library_view, outputs=[status, outlets, add_articles], api_visibility="private")
        app.load(events.answerer_view, outputs=[answerer_note], api_visibility="private")
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
        i18n=PAGE_I18N,
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
    warm = getattr(assistant.embeddings, "warm_batches", None)
    if warm is not None:  # the page lives long: answers' sentence batches go to the faster path once it loads
        warm()
    serve(create_app(assistant), host=host, port=port, auth=auth, share=share, block=True)
