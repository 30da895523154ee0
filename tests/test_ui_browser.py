"""The chat page in Debian's headless Chromium, driven by Playwright, over a real app on a free localhost port.

Each test opens a fresh page (a new conversation) and saves a screenshot under
test-output/screenshots/. The app serves a copy of the seeded store, since uploads write to it.
"""

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from ui.app import create_app, serve

pytestmark = [pytest.mark.browser, pytest.mark.integration]

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
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
ANSWER_TIMEOUT_MS = 180_000

ARABIC_QUESTION = "ما العقد الذي ألغته القيادة السورية الجديدة؟"
ENGLISH_QUESTION = "Which side initiated the phone call between Putin and Pezeshkian?"

LIBRARY_ARTICLE = """# بلدية حمص تفتتح مكتبة عامة جديدة في حي الوعر

افتتحت بلدية حمص يوم الأحد مكتبة عامة جديدة في حي الوعر تضم أكثر من اثني عشر ألف كتاب باللغتين العربية والإنجليزية.

وقال رئيس البلدية إن المكتبة ستفتح أبوابها للطلاب مجاناً من الساعة الثامنة صباحاً حتى الثامنة مساءً طوال أيام الأسبوع.

وأضاف أن تكلفة المشروع بلغت نحو مئتي ألف دولار بتمويل من جمعية أهلية.
"""
XSS_ARTICLE = {
    "title": "<img src=x onerror=alert(1)> مهرجان التمور في بريدة",
    "source": "<script>alert('outlet')</script>",
    "date": "2024-09-01",
    "text": "انطلق مهرجان التمور السنوي في مدينة بريدة بمشاركة أكثر من ثلاثمئة مزارع من مختلف مناطق المملكة.\n\n"
    "<script>alert(2)</script> <img src=x onerror=alert(3)> وقدّر المنظمون مبيعات مهرجان التمور في بريدة "
    "بخمسين مليون ريال خلال أسبوعين.\n\nويستمر المهرجان حتى نهاية الشهر الجاري وسط إقبال كبير من الزوار والتجار.",
}

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM}; run .ci/install-chromium"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _serve(store: Path, embeddings) -> tuple[str, object]:
    assistant = Assistant(Settings(store=store))
    assistant.__dict__["embeddings"] = embeddings
    app = create_app(assistant)
    return serve(app, host="127.0.0.1", port=free_port(), block=False), app


@pytest.fixture(scope="module")
def page_url(tmp_path_factory, seeded_store, embeddings) -> Iterator[str]:
    """Return the URL of the chat page over a copy of the seeded store."""
    store = tmp_path_factory.mktemp("ui") / "store"
    shutil.copytree(seeded_store, store)
    url, app = _serve(store, embeddings)
    yield url
    app.close()


@pytest.fixture(scope="module")
def empty_page_url(tmp_path_factory, embeddings) -> Iterator[str]:
    """Return the URL of the chat page over a store that does not exist yet."""
    url, app = _serve(tmp_path_factory.mktemp("ui-empty") / "store", embeddings)
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
def page(browser, dialogs, request):
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="en-US")
    page = context.new_page()

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


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
        page.get_by_text("Add articles · إضافة مقالات").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    report = page.locator("#upload-report .ingest")
    report.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return report.inner_text()


def test_arabic_question_streams_an_answer_with_linked_highlighted_sources(page, page_url, dialogs):
    open_page(page, page_url)

    answer = ask(page, ARABIC_QUESTION)

    assert "ميناء طرطوس" in answer.inner_text()
    states = page.evaluate("window.answerStates")
    assert "pending" in states[0], states  # the bubble shows progress before the answer arrives
    assert "pending" not in states[-1] and "streaming" not in states[-1], states
    link = answer.locator("a.cite").first
    assert link.inner_text() == "[1]"
    card = page.locator("#sources #src-1-1")
    highlight = card.locator("mark")
    assert "ميناء طرطوس" in highlight.inner_text()
    assert highlight.evaluate("mark => getComputedStyle(mark).backgroundColor") not in ("rgba(0, 0, 0, 0)", "")
    for block in (page.locator("#chat .question").first, answer, answer.locator("p").first, card, highlight):
        assert direction(block) == "rtl"
    assert answer.evaluate("element => getComputedStyle(element).textAlign") in ("start", "right")

    link.click()
    page.wait_for_function("document.querySelector('#src-1-1').classList.contains('flash')")
    assert not dialogs


def test_follow_up_uses_the_conversation_and_earlier_sources_come_back(page, page_url):
    open_page(page, page_url)
    ask(page, ARABIC_QUESTION)

    second = ask(page, "ومع أي شركة كان؟")

    assert "شركة روسية" in second.inner_text()
    assert second.locator("a.cite").first.get_attribute("href") == "#src-2-1"
    assert page.locator("#sources #src-2-1").count() == 1 and page.locator("#sources #src-1-1").count() == 0
    page.locator("#chat .answer").first.click()  # an earlier answer's sources come back
    page.locator("#sources #src-1-1").wait_for()
    page.locator("#chat a.cite").first.click()
    page.wait_for_function("document.querySelector('#src-1-1').classList.contains('flash')")


def test_question_box_follows_the_direction_of_what_is_typed(page, page_url):
    open_page(page, page_url)
    box = page.locator("#question textarea")

    box.fill("ما الخبر؟")
    assert direction(box) == "rtl"
    box.fill("What happened?")
    assert direction(box) == "ltr"


def test_english_question_is_answered_left_to_right_with_arabic_sources_right_to_left(page, page_url):
    open_page(page, page_url)

    answer = ask(page, ENGLISH_QUESTION)

    assert direction(answer) == "ltr"
    cards = page.locator("#sources .card")
    assert cards.count() >= 1
    assert direction(cards.first) == "rtl"  # the seed articles are Arabic
    assert "refused" not in (answer.get_attribute("class") or "")
    lead, quote = answer.locator("p").nth(0), answer.locator("p").nth(1)
    assert lead.inner_text() == "According to the articles:" and direction(lead) == "ltr"
    assert direction(quote) == "rtl"  # a quoted Arabic sentence reads right-to-left inside the English answer
    assert answer.locator("a.cite").count() >= 1
    assert page.locator("#sources mark").count() >= 1


def test_uploaded_article_is_searchable_at_once_under_its_own_name(page, page_url, tmp_path):
    article = tmp_path / "مكتبة الوعر.md"
    article.write_text(LIBRARY_ARTICLE, encoding="utf-8")
    open_page(page, page_url)

    summary = upload(page, article)

    assert "1 articles from 1 files" in summary and "1 added" in summary, summary
    answer = ask(page, "كم كتاباً تضم المكتبة العامة الجديدة في حي الوعر؟")
    assert "اثني عشر ألف كتاب" in answer.inner_text()
    card = page.locator("#sources .card").first
    assert card.locator(".file").inner_text() == "مكتبة الوعر.md"
    assert "اثني عشر ألف كتاب" in card.locator("mark").inner_text()


def test_article_holding_markup_shows_it_as_text_and_runs_nothing(page, page_url, tmp_path, dialogs):
    article = tmp_path / "dates<img src=x onerror=alert(4)>.json"
    article.write_text(json.dumps(XSS_ARTICLE, ensure_ascii=False), encoding="utf-8")
    open_page(page, page_url)

    summary = upload(page, article)
    answer = ask(page, "كم بلغت مبيعات مهرجان التمور في بريدة؟")
    page.wait_for_timeout(1000)  # time for any injected handler to fire

    assert "1 added" in summary, summary
    card = page.locator("#sources .card").first
    assert "<img src=x onerror=alert(1)>" in card.locator(".card-title").inner_text()
    assert "<script>alert('outlet')</script>" in card.locator(".outlet").inner_text()
    assert "<script>alert(2)</script>" in card.locator("mark").inner_text()
    assert "<script>alert(2)</script>" in answer.inner_text()
    for area in ("#chat", "#sources", "#upload-report"):
        assert page.locator(f"{area} img").count() == 0
        assert page.locator(f"{area} .answer script, {area} .card script").count() == 0
    assert not dialogs


def test_empty_store_explains_how_to_add_articles(page, empty_page_url):
    open_page(page, empty_page_url)

    status = page.locator("#library-status")
    status.get_by_text("No articles yet.").wait_for()
    assert "rag ingest PATH" in status.inner_text()
    assert direction(status.locator("p[lang=ar]")) == "rtl"
    assert page.locator("#upload").is_visible()  # the upload section opens by itself

    answer = ask(page, "ما الخبر؟")
    assert "rag ingest PATH" in answer.inner_text() and "error" not in (answer.get_attribute("class") or "")
