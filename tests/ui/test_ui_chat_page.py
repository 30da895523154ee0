"""What users of the leading RAG chat pages expect, in headless Chromium, for Arabic and English readers.

Plain-text copy and message names, every cited sentence marked, sources numbered in order, filters shown
as chips and explained when they empty an answer, messages in the question's language, long questions
refused before sending, conversations kept across a reload, local model servers found, a phone screen.
Screenshots of each state go to test-output/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.llm_server import SERVER_MODEL_ALIAS
from tests.ui_browser import PHONE, ask, direction, open_page, serve_page, shot, upload

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ARABIC_QUESTION = "ما العقد الذي ألغته القيادة السورية الجديدة؟"
ENGLISH_QUESTION = "Who did Putin invite to visit Russia?"
LIST_QUESTION = "متى تحدث بوتين هاتفياً مع رؤساء آخرين؟"
SEED_FILE = "002_8ece1b97102c8d72.txt"
TAG = re.compile(r"<\s*/?\s*(div|p|a|span|bdi|mark|button|ul|li)\b")
# A claim and its marker: «quoted sentence» [n], or a sentence closed by its [n].
CLAIM = re.compile(r"([^\n«»\]]{12,}?)»?\s*((?:\[\d+\])+)")


def message_labels(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#chat [data-testid="user"], #chat [data-testid="bot"]')]
        .map(message => message.getAttribute("aria-label"))"""
    )


def copy_answer(page, answer) -> str:
    answer.locator("button.copy-answer").click()
    page.wait_for_timeout(300)
    return page.evaluate("navigator.clipboard.readText()")


def open_filters(page) -> None:
    if not page.locator("#date-from textarea, #date-from input").first.is_visible():
        page.locator("#filters").get_by_text("التصفية والمجيب").first.click()


def set_box(page, elem_id: str, value: str) -> None:
    box = page.locator(f"#{elem_id} textarea, #{elem_id} input").first
    box.fill(value)
    box.press("Tab")  # Gradio reports a textbox's change when it loses focus or after typing


def choose_outlet(page, outlet: str) -> None:
    page.locator("#outlets input").click()
    page.get_by_role("option", name=outlet).click()
    page.locator("#outlets input").press("Escape")


def chips(page) -> list[str]:
    return page.locator("#filter-chips label").all_inner_texts()


def test_copy_gives_plain_text_with_sources_and_messages_are_named_by_their_text(open_context, page_url):
    page = open_context().new_page()
    open_page(page, page_url)

    arabic = ask(page, ARABIC_QUESTION)
    copied_arabic = copy_answer(page, arabic)
    english = ask(page, ENGLISH_QUESTION)
    copied_english = copy_answer(page, english)
    shot(page, "copy-and-labels")

    for copied in (copied_arabic, copied_english):
        assert not TAG.search(copied), copied
    answer_text, _, sources = copied_arabic.partition("\n\nالمصادر:\n")
    assert "ميناء طرطوس" in answer_text and answer_text.rstrip().endswith("[1]")
    assert re.fullmatch(rf"\[1\] بوتين يجري اتصالاً هاتفياً .+ — İLKHA, 2025-02-12, {SEED_FILE}", sources.splitlines()[0])
    assert "\n\nSources:\n[1] " in copied_english
    labels = message_labels(page)
    assert len(labels) == 4
    assert labels[0] == f"سؤال: {ARABIC_QUESTION}"
    assert labels[1].startswith("إجابة: ") and "ميناء طرطوس" in labels[1] and not labels[1].endswith("نسخ")
    assert labels[2] == f"Question: {ENGLISH_QUESTION}" and labels[3].startswith("Answer: ")
    for label in labels:
        assert not TAG.search(label) and "&lt;" not in label, label


@pytest.mark.parametrize("question", [LIST_QUESTION, ENGLISH_QUESTION], ids=["arabic", "english"])
def test_every_cited_sentence_is_marked_in_one_card_per_article_numbered_in_order(page, page_url, question):
    open_page(page, page_url)

    answer = ask(page, question)

    text = answer.inner_text()
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
    assert numbers, text
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(1, len(first_seen) + 1)), text  # 1, 2, 3 in order of first appearance
    cards = page.locator("#sources .card")
    assert cards.count() == len(first_seen)
    identities = [
        (card.locator(".card-title").inner_text(), card.locator(".file").inner_text()) for card in cards.all()
    ]
    assert len(set(identities)) == len(identities)  # one article, one card
    claims = CLAIM.findall(text)
    assert claims, text
    for claim, markers in claims:
        words = claim.strip(" «\"'.:").split()[-4:]  # the claim's last words, which its sentence ends with too
        for n in re.findall(r"\d+", markers):
            marks = " ".join(page.locator(f"#sources #src-1-{n} mark").all_inner_texts())
            assert " ".join(words).rstrip(".") in " ".join(marks.split()), (claim, n, marks)
    for card in cards.all():
        meta = card.locator(".card-meta").inner_text()
        snippet = card.locator(".snippet").inner_text()
        assert not ("unknown outlet" in meta and "undated" in meta and len(snippet) < 160)


def test_filters_show_as_chips_that_remove_them_and_undated_articles_are_said_to_be_left_out(page, page_url):
    open_page(page, page_url)
    open_filters(page)

    choose_outlet(page, "İLKHA")
    set_box(page, "date-from", "2025")
    page.locator("#filter-chips").wait_for()
    page.wait_for_function("document.querySelectorAll('#filter-chips label').length === 2")
    shot(page, "filter-chips")

    assert chips(page) == ["Outlet: İLKHA", "From: 2025"]
    chip_box = page.locator("#filter-chips").bounding_box()
    question_box = page.locator("#question").bounding_box()
    assert chip_box and question_box and abs(chip_box["x"] - question_box["x"]) < 40  # under the question box
    note = page.locator("#filter-note")
    assert "Articles without a full date cannot match a date filter and are left out (7)." in note.inner_text()

    page.locator("#filter-chips label", has_text="Outlet: İLKHA").click()
    page.wait_for_function("document.querySelectorAll('#filter-chips label').length === 1")
    assert chips(page) == ["From: 2025"]
    assert page.locator("#outlets .token").count() == 0  # the outlet filter itself is gone
    answer = ask(page, ARABIC_QUESTION)
    assert "ميناء طرطوس" in answer.inner_text()  # the 2025 story is within the filter


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            ARABIC_QUESTION,
            [
                "لم يُعثر على شيء ضمن التصفية (من: 2026): فهي تستبعد 10 من أصل 10 مقالات.",
                "المقالات التي بلا تاريخ كامل لا تطابق تصفية التاريخ فتُستبعد (7).",
                "توجد إجابة من دون التصفية: أزل أحد المرشحات أعلاه لتراها.",
            ],
        ),
        (
            ENGLISH_QUESTION,
            [
                "Nothing was found within the filters (From: 2026): they leave out 10 of 10 articles.",
                "Articles without a full date cannot match a date filter and are left out (7).",
                "Without the filters there is an answer: remove a filter above to see it.",
            ],
        ),
    ],
    ids=["arabic", "english"],
)
def test_an_answer_a_filter_emptied_says_so_and_how_many_articles_it_left_out(page, page_url, question, expected):
    open_page(page, page_url)
    open_filters(page)
    set_box(page, "date-from", "2026")

    answer = ask(page, question)

    notes = answer.locator(".filter-note").all_inner_texts()
    assert notes == expected
    assert direction(answer.locator(".filter-note").first) == ("rtl" if question == ARABIC_QUESTION else "ltr")


def test_a_bad_date_and_a_long_question_are_refused_in_the_question_language_and_nothing_is_lost(page, page_url):
    open_page(page, page_url)
    open_filters(page)
    set_box(page, "date-from", "أمس")
    box = page.locator("#question textarea")

    box.fill(ARABIC_QUESTION)
    box.press("Enter")
    notice = page.locator("#question-notice .notice")
    notice.wait_for()
    shot(page, "bad-date-arabic")
    assert notice.inner_text() == "القيمة أمس ليست تاريخاً؛ اكتبها بالشكل 2024 أو 2024-07 أو 2024-07-06."
    assert direction(notice) == "rtl"
    assert box.input_value() == ARABIC_QUESTION
    assert page.locator("#chat .question").count() == 0

    set_box(page, "date-from", "")
    long_question = ("What did the Syrian and Russian presidents say about the port of Tartus? " * 70)[:5000]
    box.fill(long_question)
    counter = page.locator("#question-counter .counter")
    assert counter.inner_text() == "5,000 / 1,000" and "over" in (counter.get_attribute("class") or "")
    box.press("Enter")
    page.wait_for_function(
        "document.querySelector('#question-notice .notice')?.textContent.startsWith('The question is 5,000')"
    )
    shot(page, "long-question")
    assert notice.inner_text() == (
        "The question is 5,000 characters long; shorten it to 1,000 or fewer and ask again. "
        "Your text is still in the box."
    )
    assert box.input_value() == long_question  # the text is kept, to be shortened
    assert page.locator("#chat .question").count() == 0  # and never echoed

    box.fill(ARABIC_QUESTION)
    answer = ask(page, ARABIC_QUESTION)
    assert "ميناء طرطوس" in answer.inner_text() and page.locator("#question-notice .notice").count() == 0


def test_an_arabic_browser_gets_an_arabic_page_and_upload_summary(open_context, page_url, tmp_path):
    article = tmp_path / "مكتبة حماة.md"
    article.write_text(
        "# مكتبة عامة جديدة في حماة\n\nافتتحت بلدية حماة مكتبة عامة جديدة تضم تسعة آلاف كتاب للطلاب والباحثين.\n",
        encoding="utf-8",
    )
    page = open_context(locale="ar-SA").new_page()
    open_page(page, page_url)

    summary = upload(page, article)
    shot(page, "arabic-upload")

    assert summary.startswith("مقال واحد من ملف واحد: أُضيف 1"), summary
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("#ask").inner_text() == "اسأل" and page.locator("#new-chat").inner_text() == "محادثة جديدة"
    open_filters(page)
    assert page.locator("#answerer-status .answerer-status").inner_text().startswith("لم يُعثر على خادم نموذج لغوي")
    assert direction(page.locator("#upload-report .ingest")) == "rtl"


def test_empty_library_message_shows_the_command_without_backticks(page, empty_page_url):
    open_page(page, empty_page_url)

    answer = ask(page, "What happened?")

    assert "`" not in answer.inner_text() and answer.locator("code").inner_text() == "rag ingest PATH"


def test_conversations_are_kept_across_a_reload_reopened_and_deleted(page, page_url):
    open_page(page, page_url)
    ask(page, ARABIC_QUESTION)
    page.locator("#conversations label").first.wait_for()

    page.reload()
    page.wait_for_selector("#chat .answer")
    shot(page, "history-after-reload")
    assert "ميناء طرطوس" in page.locator("#chat .answer").first.inner_text()
    assert page.locator("#sources #src-1-1 mark").count() >= 1  # its sources come back too
    assert page.locator("#conversations label").all_inner_texts() == [ARABIC_QUESTION]

    page.locator("#new-chat").click()
    page.wait_for_function("document.querySelectorAll('#chat .answer').length === 0")
    ask(page, ENGLISH_QUESTION)
    page.wait_for_function("document.querySelectorAll('#conversations label').length === 2")
    assert page.locator("#conversations label").all_inner_texts() == [ENGLISH_QUESTION, ARABIC_QUESTION]

    page.locator("#conversations label", has_text=ARABIC_QUESTION).click()
    page.wait_for_function("document.querySelector('#chat .question')?.textContent.startsWith('ما العقد')")
    assert page.locator("#chat .question").count() == 1
    page.locator("#delete-chat").click()
    page.wait_for_function("document.querySelectorAll('#conversations label').length === 1")
    assert page.locator("#conversations label").all_inner_texts() == [ENGLISH_QUESTION]
    assert page.locator("#chat .question").count() == 0
    page.reload()
    page.wait_for_selector("#conversations label")
    assert page.locator("#conversations label").all_inner_texts() == [ENGLISH_QUESTION]


def test_without_a_model_server_the_page_says_so(page, page_url):
    open_page(page, page_url)
    open_filters(page)

    status = page.locator("#answerer-status")

    assert status.inner_text().startswith("No language-model server was found")


@pytest.mark.llm
def test_a_local_llama_cpp_server_is_detected_and_chosen_per_conversation(
    open_context, tmp_path, seeded_store, embeddings, llama_server
):
    url, app = serve_page(seeded_store, embeddings, tmp_path / "secret", llm_base_url=llama_server)
    try:
        page = open_context().new_page()
        open_page(page, url)
        ask(page, ARABIC_QUESTION)
        open_filters(page)
        page.locator("#detect").click()
        status = page.locator("#answerer-status .answerer-status")
        page.wait_for_function(
            "document.querySelector('#answerer-status .answerer-status')?.textContent.startsWith('Found')"
        )
        page.locator("#answerer input").click()
        options = page.get_by_role("option").all_inner_texts()
        shot(page, "model-servers")
        assert status.inner_text() == f"Found: openai:{SERVER_MODEL_ALIAS} · RAG_LLM_BASE_URL {llama_server[7:]}."
        assert options[0].endswith("extractive (quotes the articles)") and len(options) == 2, options
        page.get_by_role("option", name=f"openai:{SERVER_MODEL_ALIAS}").click()
        page.wait_for_timeout(500)  # the choice is saved with the conversation

        page.locator("#new-chat").click()
        page.wait_for_function("document.querySelector('#answerer input').value.startsWith('extractive')")
        page.locator("#conversations label", has_text=ARABIC_QUESTION).click()
        page.wait_for_function("document.querySelector('#answerer input').value.startsWith('openai:')")
    finally:
        app.close()


def test_on_a_phone_a_source_leads_back_to_its_answer(open_context, page_url):
    page = open_context(viewport=PHONE).new_page()
    open_page(page, page_url)
    answer = ask(page, ARABIC_QUESTION)

    answer.locator("a.cite").first.click()
    card = page.locator("#sources #src-1-1")
    page.wait_for_function("document.querySelector('#src-1-1').classList.contains('flash')")
    page.wait_for_timeout(800)  # the smooth scroll
    shot(page, "phone-source")
    assert in_view(page, card)
    assert not in_view(page, answer)
    back = card.locator("a.back-to-answer")
    assert back.is_visible() and back.inner_text() == "↑ العودة إلى الإجابة"

    back.click()
    page.wait_for_timeout(800)
    shot(page, "phone-back")
    assert in_view(page, answer)


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] < PHONE["height"] and box["y"] + box["height"] > 0


def test_desktop_hides_the_way_back_it_does_not_need(page, page_url):
    open_page(page, page_url)
    ask(page, ARABIC_QUESTION)

    assert not page.locator("#sources a.back-to-answer").first.is_visible()


# Where the first and the last character of an element's text are drawn, left to right on the screen.
CHARACTER_EDGES = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) if (walker.currentNode.textContent.trim()) nodes.push(walker.currentNode);
  const first = nodes[0], last = nodes[nodes.length - 1];
  const at = (node, offset) => {
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return range.getBoundingClientRect().left;
  };
  const end = last.textContent.trimEnd().length - 1;
  return [at(first, first.textContent.length - first.textContent.trimStart().length), at(last, end)];
}"""


def test_example_questions_are_cut_at_a_word_with_the_ellipsis_at_their_end(page, page_url):
    open_page(page, page_url)

    arabic = page.locator("#examples").get_by_text("أين جرت المحادثات", exact=False).first
    english = page.locator("#examples").get_by_text("Which side initiated", exact=False).first

    assert arabic.inner_text() == "أين جرت المحادثات السرية بين الوفد السوري والمسؤولين…"
    first, last = arabic.evaluate(CHARACTER_EDGES)
    assert last < first  # right to left: the ellipsis is drawn at the left end
    first, last = english.evaluate(CHARACTER_EDGES)
    assert english.inner_text().endswith(" and…") and last > first


def test_an_english_line_naming_outlet_and_date_before_an_arabic_quote_reads_in_order(page, page_url):
    open_page(page, page_url)

    answer = ask(page, "List the phone calls between presidents")

    leads = answer.locator(".item-meta")
    assert leads.count() >= 1, answer.inner_html()
    lead = leads.first
    assert direction(lead) == "ltr" and re.search(r"[A-Za-z]", lead.inner_text())
    quote = lead.locator("xpath=following-sibling::bdi[1]")
    assert direction(quote) == "rtl"
    lead_box, line_box = lead.bounding_box(), lead.locator("xpath=..").bounding_box()
    assert lead_box and line_box and abs(lead_box["x"] - line_box["x"]) < 2  # the English opening starts the line
    assert lead_box["y"] - line_box["y"] < lead_box["height"]  # on its first line
    first, last = lead.evaluate(CHARACTER_EDGES)
    assert first < last  # and reads left to right: "İLKHA, 12 February 2025:" not reversed
