"""The chat page in Debian's headless Chromium, driven by Playwright, over a real app on a free localhost port.

Fixtures give a module a page server over a copy of the seeded store (uploads write to it) and a fresh
browser page per test (a new conversation, its own local storage); each test's last state is saved as a
screenshot under test-output/screenshots/, and `shot` saves the states in between. The fixtures are
registered in ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from tests.paths import TEST_OUTPUT
from tests.ports import free_port
from ui.app import create_app, serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = TEST_OUTPUT / "screenshots"
ANSWER_TIMEOUT_MS = 180_000
DESKTOP = {"width": 1360, "height": 1000}
PHONE = {"width": 390, "height": 844}

# Records each state of the newest answer bubble, so a test can see the answer arrive in steps.
WATCH_ANSWER = """() => {
  window.answerStates = [];
  const chat = document.querySelector("#chat");
  new MutationObserver(() => {
    const bubbles = chat.querySelectorAll(".answer");
    const last = bubbles[bubbles.length - 1];
    if (!last) return;
    const state = last.className + "|" + last.textContent.length;
    if (window.answerStates[window.answerStates.length - 1] !== state) window.answerStates.push(state);
  }).observe(chat, { childList: true, subtree: true, characterData: true });
}"""
FINAL_ANSWER = "#chat .answer:not(.pending):not(.streaming)"


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM}; run .ci/install-chromium"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def serve_page(store: Path, embeddings, secret_dir: Path, **settings: object) -> tuple[str, object]:
    """Serve the page over `store` on a free port; return its URL and the app (to close)."""
    assistant = Assistant(Settings(store=store, **settings), embeddings=embeddings)
    app = create_app(assistant, secret_dir=secret_dir)
    return serve(app, host="127.0.0.1", port=free_port(), block=False), app


@pytest.fixture(scope="module")
def page_url(tmp_path_factory, seeded_store, embeddings) -> Iterator[str]:
    """Return the URL of the chat page over a copy of the seeded store."""
    folder = tmp_path_factory.mktemp("ui")
    shutil.copytree(seeded_store, folder / "store")
    url, app = serve_page(folder / "store", embeddings, folder / "secret")
    yield url
    app.close()


@pytest.fixture(scope="module")
def empty_page_url(tmp_path_factory, embeddings) -> Iterator[str]:
    """Return the URL of the chat page over a store that does not exist yet."""
    folder = tmp_path_factory.mktemp("ui-empty")
    url, app = serve_page(folder / "store", embeddings, folder / "secret")
    yield url
    app.close()


@pytest.fixture(scope="module")
def browser():
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Return the messages of every alert/confirm the page opens (there should be none)."""
    return []


@pytest.fixture
def open_context(browser, dialogs, request):
    """Return a function opening a browser context (a locale, a screen size); its pages are screenshotted."""
    contexts = []

    def opener(locale: str = "en-US", viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport, locale=locale)
        context.grant_permissions(["clipboard-read", "clipboard-write"])

        def on_dialog(dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        context.on("page", lambda page: page.on("dialog", on_dialog))
        contexts.append(context)
        return context

    yield opener
    for number, context in enumerate(contexts):
        for index, page in enumerate(context.pages):
            suffix = "" if number == index == 0 else f"-{number}-{index}"
            shot(page, f"{request.node.name}{suffix}")
        context.close()


@pytest.fixture
def page(open_context):
    """Return a fresh page in an English-speaking desktop browser."""
    return open_context().new_page()


def shot(page, name: str) -> None:
    """Save a screenshot of the whole page under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.evaluate(WATCH_ANSWER)


def ask(page, question: str):
    """Ask a question and return the final answer bubble once it has arrived."""
    answers = page.locator(FINAL_ANSWER)
    before = answers.count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll({json.dumps(FINAL_ANSWER)}).length > {before}", timeout=ANSWER_TIMEOUT_MS
    )
    return answers.nth(before)


def direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def upload(page, path: Path) -> str:
    """Upload a file under "Add articles" and return the summary the page shows."""
    if page.locator("#upload input[type=file]").count() == 0 or not page.locator("#upload").is_visible():
        page.locator("#add-articles").get_by_text("إضافة مقالات").first.click()  # either language
    page.locator("#upload input[type=file]").set_input_files(str(path))
    report = page.locator("#upload-report .ingest")
    report.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return report.inner_text()
