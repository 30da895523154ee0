"""The chat page in Debian's headless Chromium, driven by Playwright, over a real app on a free localhost port.

Each test opens a fresh page (a new conversation) and saves a screenshot under test-output/screenshots/.
The app serves a copy of the seeded store, since uploads write to it (fixtures: tests/ui_browser.py).
"""

import json
import re

import pytest

from tests.ui_browser import ask, direction, open_page, upload

pytestmark = [pytest.mark.browser, pytest.mark.integration]

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

    assert "لم أجد" not in second.inner_text()  # answered from the conversation, not refused
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
    assert re.match(r"[A-Z][a-z]+ ", lead.inner_text()) and direction(lead) == "ltr"  # the answer's English opening
    assert direction(quote) == "rtl"  # a quoted Arabic sentence reads right-to-left inside the English answer
    assert answer.locator("a.cite").count() >= 1
    assert page.locator("#sources mark").count() >= 1


def test_uploaded_article_is_searchable_at_once_under_its_own_name(page, page_url, tmp_path):
    article = tmp_path / "مكتبة الوعر.md"
    article.write_text(LIBRARY_ARTICLE, encoding="utf-8")
    open_page(page, page_url)

    summary = upload(page, article)

    assert "1 article from 1 file: 1 added" in summary, summary
    answer = ask(page, "كم كتاباً تضم المكتبة العامة الجديدة في حي الوعر؟")
    assert "اثني عشر ألف كتاب" in answer.inner_text()
    card = page.locator("#sources .card").first
    assert card.locator(".file").inner_text() == "مكتبة الوعر.md"
    assert "اثني عشر ألف كتاب" in " ".join(card.locator("mark").all_inner_texts())


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
