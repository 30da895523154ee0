"""The chat page's HTML without a server: escaping, direction attributes, linked markers, highlighted sentences."""

import html as html_module
import re
from html.parser import HTMLParser

import pytest

from rag.errors import InputError
from rag.ingest.outcome import IngestReport, Rejected
from rag.render_text import answer_text
from rag.schema import Answer, Chunk, Citation, Hit, StoryCopy
from ui import bubbles, render
from ui.app import parse_auth
from ui.service import upload_name

XSS_TITLE = "<img src=x onerror=alert(1)> عنوان"
XSS_TEXT = "مقدمة الخبر هنا. <script>alert(2)</script> أرسلت مصر أربعين جهاز تنفس إلى دمشق. خاتمة الخبر."
SENTENCE = "<script>alert(2)</script> أرسلت مصر أربعين جهاز تنفس إلى دمشق."


class _Tags(HTMLParser):
    """Collects the tags and attributes of a fragment, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def tag_names(fragment: str) -> set[str]:
    return {name for name, _ in tags(fragment)}


def make_chunk(text: str = XSS_TEXT, *, start: int = 100, title: str = XSS_TITLE, **fields: str | None) -> Chunk:
    return Chunk(
        chunk_id="c1",
        article_id="a1",
        index=0,
        text=text,
        start=start,
        end=start + len(text),
        title=title,
        path=fields.get("path") or "uploads/<img src=y onerror=alert(3)>.jsonl#3",
        date=fields.get("date", "2024-07-06"),
        outlet=fields.get("outlet", "<i>تلفزيون سوريا</i>"),
    )


def make_citation(n: int = 1, chunk: Chunk | None = None) -> Citation:
    chunk = chunk or make_chunk()
    first = chunk.text.index(SENTENCE)
    return Citation(
        n=n, chunk=chunk, sentence_start=chunk.start + first, sentence_end=chunk.start + first + len(SENTENCE)
    )


def arabic_answer(**changes: object) -> Answer:
    values: dict = {
        "question": "كم جهاز تنفس أرسلت مصر؟",
        "text": f"{SENTENCE} [1] وجملة بلا مصدر [7]",
        "citations": (make_citation(),),
        "grounded": True,
        "language": "ar",
    }
    values.update(changes)
    return Answer(**values)


def test_answer_escapes_article_text_and_links_only_cited_markers():
    html = bubbles.answer_html(arabic_answer(), turn=3)

    assert "<script>" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    links = [attrs for name, attrs in tags(html) if name == "a"]
    assert links == [{"class": "cite", "href": "#src-3-1", "data-turn": "3", "data-n": "1"}]
    assert "[7]" in html  # a marker that points at no citation stays plain text
    assert tags(html)[0] == ("div", {"class": "answer", "dir": "rtl", "lang": "ar", "data-turn": "3"})


def test_english_answer_quoting_arabic_gives_each_line_its_own_direction():
    quote = "«أرسلت مصر أربعين جهاز تنفس إلى دمشق.» [1]"
    answer = arabic_answer(text=f"According to the articles:\n{quote}", language="en")

    html = bubbles.answer_html(answer, turn=1)

    assert tags(html)[0] == ("div", {"class": "answer", "dir": "ltr", "lang": "en", "data-turn": "1"})
    paragraphs = re.findall(r'<p dir="(\w+)">(.*?)</p>', html)
    assert paragraphs[0] == ("ltr", "According to the articles:")
    assert paragraphs[1][0] == "rtl"
    assert paragraphs[1][1].startswith("«أرسلت مصر") and 'href="#src-1-1"' in paragraphs[1][1]


def test_arabic_line_opening_with_latin_text_stays_right_to_left():
    html = bubbles.answer_html(arabic_answer(), turn=1)

    # The sentence opens with "<script>", which would make dir="auto" choose left-to-right.
    assert re.search(r'<p dir="rtl">&lt;script&gt;', html)
    assert render.direction("Putin قال إن الاتصال كان مثمراً") == "rtl"
    assert render.direction("2024-07-06", "rtl") == "rtl"


def test_list_answers_become_list_items_with_auto_direction():
    answer = arabic_answer(text="- 2024-07-06، تلفزيون سوريا: اتصال أول [1]\n- 2024-12-02: اتصال ثان [1]")

    html = bubbles.answer_html(answer, turn=2)

    assert html.count('<li dir="rtl">') == 2 and "<ul>" in html


def test_ungrounded_answer_says_it_is_not_verified():
    html = bubbles.answer_html(arabic_answer(grounded=False), turn=1)
    panel = render.sources_html(arabic_answer(grounded=False), turn=1)

    assert 'class="answer unverified"' in html and "غير مُتحقَّق منها" in html
    assert "غير مُتحقَّق منها" in panel and "<mark" in panel


def test_citation_card_highlights_the_supporting_sentence_and_escapes_everything():
    card = render.citation_card(make_citation(n=2), turn=4, language="ar")

    marked = re.search(r"<mark[^>]*>(.*?)</mark>", card)
    assert marked and marked.group(1) == "&lt;script&gt;alert(2)&lt;/script&gt; أرسلت مصر أربعين جهاز تنفس إلى دمشق."
    assert tag_names(card) <= {"article", "header", "span", "h4", "div", "bdi", "p", "mark", "a"}
    assert next(attrs for name, attrs in tags(card) if name == "a")["href"] == "#answer-4"  # back to the answer
    assert "&lt;img src=x onerror=alert(1)&gt; عنوان" in card
    assert "&lt;i&gt;تلفزيون سوريا&lt;/i&gt;" in card
    shown_file = re.search(r'<bdi class="file" dir="auto" title="([^"]*)">(.*?)</bdi>', card)
    assert shown_file  # the file's name with the record number; the whole path on hover
    assert shown_file.groups() == (
        "uploads/&lt;img src=y onerror=alert(3)&gt;.jsonl#3",
        "&lt;img src=y onerror=alert(3)&gt;.jsonl#3",
    )
    article = tags(card)[0]
    assert article == ("article", {"class": "card", "id": "src-4-2", "dir": "rtl", "lang": "ar"})


def test_dates_without_a_year_say_so():
    assert render.shown_date("--09-17", "en") == "09-17 (year unknown)"
    assert render.shown_date("2024-07-06", "ar") == "2024-07-06"
    assert render.shown_date(None, "ar") == "بلا تاريخ"


def test_english_card_is_left_to_right():
    chunk = make_chunk(f"An English story. {SENTENCE} The end.", title="Story", outlet="Reuters")

    card = render.citation_card(make_citation(chunk=chunk), turn=1, language="en")

    assert tags(card)[0][1]["dir"] == "ltr"


def test_long_passages_are_trimmed_around_the_sentence_at_word_boundaries():
    before = " ".join(["كلمة"] * 200)
    chunk = make_chunk(f"{before} {SENTENCE} {before}")

    head, sentence, tail = render.snippet_parts(
        chunk, make_citation(chunk=chunk).sentence_start, make_citation(chunk=chunk).sentence_end
    )

    assert sentence == SENTENCE
    assert head.startswith("…كلمة") and tail.endswith("كلمة…")
    assert len(head) <= render.CONTEXT_CHARS + 2 and len(tail) <= render.CONTEXT_CHARS + 2


def test_refusal_shows_the_nearest_articles():
    hit = Hit(chunk=make_chunk(), score=0.5, rank=1)
    answer = Answer("سؤال؟", "لم أجد إجابة لهذا السؤال في المقالات المتاحة.", (), False, "ar", True, (hit,))

    panel = render.sources_html(answer, turn=2)

    assert "أقرب المقالات" in panel and 'id="near-2-1"' in panel
    assert "<mark" not in panel and "<script>" not in panel


def test_questions_are_escaped_and_take_their_direction_from_their_text():
    html = bubbles.question_html("<img src=x> ما الذي حدث في الاجتماع؟")

    assert html == '<div class="question" dir="rtl">&lt;img src=x&gt; ما الذي حدث في الاجتماع؟</div>'
    assert bubbles.question_html("What did الشرع say?") == '<div class="question" dir="ltr">What did الشرع say?</div>'


def test_messages_and_pending_placeholder_follow_the_question_language():
    assert 'dir="rtl"' in bubbles.pending_html("ما الخبر؟") and "جارٍ البحث" in bubbles.pending_html("ما الخبر؟")
    assert 'dir="ltr"' in bubbles.pending_html("What happened?")
    assert (
        bubbles.message_html("<b>x</b>") == '<div class="answer error" dir="ltr" lang="en">&lt;b&gt;x&lt;/b&gt;</div>'
    )
    assert "rag ingest PATH" in render.empty_store_text("What?")
    assert "rag ingest PATH" in render.empty_store_text("ما الخبر؟") and "المكتبة" in render.empty_store_text("ما؟")


def test_empty_store_panel_explains_how_to_add_articles_in_both_languages():
    panel = render.empty_store_html()

    assert "Add articles" in panel and "rag ingest PATH" in panel
    assert 'dir="rtl" lang="ar"' in panel and "إضافة مقالات" in panel


def test_ingest_summary_names_the_uploaded_file_and_escapes_reasons():
    stored = "/store/uploads/x<b>.json"
    report = IngestReport(files=1, rejected=(Rejected(stored, f"{stored} holds no <article> text."),))

    html = bubbles.ingest_html(report, [(stored, "x<b>.json")])

    assert "/store/uploads" not in html
    assert "x&lt;b&gt;.json holds no &lt;article&gt; text." in html
    assert 'class="ingest warn"' in html and "0 articles from 1 file: 0 added, 0 unchanged; 1 rejected." in html
    assert '<p class="files">Files: <bdi class="file" dir="auto">x&lt;b&gt;.json</bdi></p>' in html


def test_plain_answer_for_programs_lists_sources():
    text = answer_text(arabic_answer(), quotes=False, file_name=render.file_label)

    lines = text.splitlines()
    assert lines[0].startswith(SENTENCE)
    assert lines[-2:] == [
        "Sources:",
        f"[1] {XSS_TITLE} — <i>تلفزيون سوريا</i>, 2024-07-06 — <img src=y onerror=alert(3)>.jsonl#3",
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\خبر عاجل.md", "خبر عاجل.md"),
        ("<img src=x onerror=alert(1)>.json", "_img src=x onerror=alert(1)_.json"),
        ("records.jsonl#3.jsonl", "records.jsonl_3.jsonl"),
        (".hidden.jsonl", "hidden.jsonl"),
        ("", "upload.txt"),
    ],
)
def test_upload_names_keep_the_base_name_and_drop_unsafe_characters(given, expected):
    assert upload_name(given) == expected


def test_login_setting_is_user_colon_password():
    assert parse_auth(None) is None
    assert parse_auth("editor:s3cr:et") == ("editor", "s3cr:et")
    with pytest.raises(InputError, match="user:password"):
        parse_auth("editor")


STORY = (
    "افتتحت بلدية حمص مكتبة عامة جديدة في حي الوعر. "
    "وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين. "
    "وقال رئيس البلدية إن المكتبة ستفتح أبوابها للطلاب مجاناً. "
    "وبلغت تكلفة المشروع نحو مئتي ألف دولار."
)


def story_citation(n: int, sentence: str, *, chunk: Chunk | None = None) -> Citation:
    chunk = chunk or make_chunk(STORY, title="مكتبة الوعر", outlet="سانا", path="seeds/library.txt")
    first = chunk.text.index(sentence)
    return Citation(
        n=n, chunk=chunk, sentence_start=chunk.start + first, sentence_end=chunk.start + first + len(sentence)
    )


def marked(card: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", card)


def test_every_sentence_cited_from_one_passage_is_marked_in_its_card():
    books = "وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين."
    cost = "وبلغت تكلفة المشروع نحو مئتي ألف دولار."
    # The chain keeps one sentence per passage; the answer cites the passage for two claims.
    answer = arabic_answer(text=f"«{books}» [1]\n«{cost}» [1]", citations=(story_citation(1, books),))

    panel = render.sources_html(answer, turn=1)

    assert marked(panel) == [books, cost]
    assert panel.count('class="card"') == 1


def test_citations_are_numbered_by_first_appearance_and_one_article_is_one_card():
    other = make_chunk(
        "أعلنت وزارة الصحة وصول أربعين جهاز تنفس إلى دمشق من مصر. وستوزع الأجهزة على المستشفيات.",
        title="أجهزة تنفس",
        outlet="الوطن",
        path="seeds/health.txt",
    )
    other = Chunk(**{**other.__dict__, "chunk_id": "c9", "article_id": "a9"})
    second_passage = Chunk(**{**story_citation(1, "وبلغت تكلفة المشروع نحو مئتي ألف دولار.").chunk.__dict__})
    second_passage = Chunk(**{**second_passage.__dict__, "chunk_id": "c2", "index": 1})
    citations = (
        story_citation(1, "وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين."),
        story_citation(2, "وبلغت تكلفة المشروع نحو مئتي ألف دولار.", chunk=second_passage),
        Citation(3, other, other.start, other.start + other.text.index(".") + 1),
    )
    text = (
        "«أعلنت وزارة الصحة وصول أربعين جهاز تنفس إلى دمشق من مصر.» [3]\n"
        "«وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين.» [1]\n"
        "«وبلغت تكلفة المشروع نحو مئتي ألف دولار.» [2]"
    )
    answer = arabic_answer(text=text, citations=citations)

    html = bubbles.answer_html(answer, turn=1)
    panel = render.sources_html(answer, turn=1)

    assert [attrs["data-n"] for name, attrs in tags(html) if name == "a"] == ["1", "2", "2"]
    assert re.findall(r'id="src-1-(\d)"', panel) == ["1", "2"]  # the library story's two passages share card 2
    assert "أجهزة تنفس" in panel.split('id="src-1-2"')[0]
    assert len(marked(panel.split('id="src-1-2"')[1])) == 2


def test_copy_text_is_plain_text_with_a_source_list():
    answer = arabic_answer()

    text = bubbles.copy_text(answer)
    html = bubbles.answer_html(answer, turn=1, copy=text)

    assert text.splitlines()[0] == f"{SENTENCE} [1] وجملة بلا مصدر [7]"
    assert text.splitlines()[-2:] == [
        "المصادر:",
        f"[1] {XSS_TITLE} — <i>تلفزيون سوريا</i>, 2024-07-06, <img src=y onerror=alert(3)>.jsonl#3",
    ]
    hidden = re.search(r'<span class="copy-text">(.*?)</span>', html, re.DOTALL)
    assert hidden and html_module.unescape(hidden.group(1)) == text  # escaped: it is text, not markup
    assert "<script>" not in html and "copy-answer" in html


def test_teaser_passages_are_not_shown_as_sources():
    teaser = make_chunk("اقرأ أيضاً: خبر آخر عن المكتبة.", title="", outlet=None, date=None, path="seeds/x.txt")
    sentence = "اقرأ أيضاً: خبر آخر عن المكتبة."
    books = "وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين."
    citations = (story_citation(1, books), Citation(2, teaser, teaser.start, teaser.start + len(sentence)))
    answer = arabic_answer(text=f"«{books}» [1]\n«{sentence}» [2]", citations=citations)

    panel = render.sources_html(answer, turn=1)

    assert panel.count('class="card"') == 1 and "[2]" not in bubbles.answer_html(answer, turn=1)
    assert "مصدر غير معروف" not in panel
    refusal = Answer("سؤال؟", "لم أجد.", (), False, "ar", True, (Hit(teaser, 0.5, 1),))
    assert render.sources_html(refusal, turn=2) == ""


def test_list_line_keeps_date_and_outlet_in_order_inside_an_english_answer():
    answer = arabic_answer(text="- 2025-02-12, İLKHA: «أرسلت مصر أربعين جهاز تنفس إلى دمشق.» [1]", language="en")

    html = bubbles.answer_html(answer, turn=1)

    assert '<li dir="ltr"><bdi class="item-meta" dir="ltr">2025-02-12, İLKHA:</bdi> <bdi dir="rtl">«' in html


def test_empty_library_message_shows_the_command_as_code_not_backticks():
    html = bubbles.message_html(render.empty_store_text("What?"), kind="empty")

    assert "`" not in html and '<code dir="ltr">rag ingest PATH</code>' in html


def test_a_line_opening_with_an_outlet_before_an_arabic_quote_keeps_the_english_order():
    answer = arabic_answer(text="İLKHA, 12 February 2025: أرسلت مصر أربعين جهاز تنفس إلى دمشق. [1]", language="en")

    html = bubbles.answer_html(answer, turn=1)

    assert '<p dir="ltr"><bdi class="item-meta" dir="ltr">İLKHA, 12 February 2025:</bdi> <bdi dir="rtl">' in html
    arabic_lead = bubbles.answer_html(arabic_answer(text="وأضاف البيان: أرسلت مصر أجهزة. [1]"), turn=1)
    assert "item-meta" not in arabic_lead  # one script throughout: nothing to isolate


def test_an_answer_still_streaming_numbers_its_markers_by_appearance():
    html = bubbles.partial_answer_html("جملة أولى [3] وجملة ثانية [1، 3] وثالثة [3]", "ar")

    assert re.findall(r"\[[\d\]\[]+\]", html) == ["[1]", "[2][1]", "[1]"]


def test_two_passages_of_one_article_cited_together_give_one_number_and_the_claim_its_sentence():
    cost = "وبلغت تكلفة المشروع نحو مئتي ألف دولار."
    first = story_citation(1, "وتضم المكتبة أكثر من اثني عشر ألف كتاب باللغتين.")
    second_passage = Chunk(**{**first.chunk.__dict__, "chunk_id": "c2", "index": 1})
    # The chain chose another sentence for each passage; the claim both markers close is the cost.
    second = story_citation(2, first.sentence, chunk=second_passage)
    answer = arabic_answer(text=f"«{cost}» [1][2]", citations=(first, second))

    html = bubbles.answer_html(answer, turn=1)
    panel = render.sources_html(answer, turn=1)

    assert [attrs["data-n"] for name, attrs in tags(html) if name == "a"] == ["1"]
    assert marked(panel) == [cost]  # the claim's own sentence, in both passages, marked once


def test_a_card_names_the_other_papers_that_carried_the_story_escaped():
    copies = (
        StoryCopy("a2", "نسخة", "news/<b>okaz</b>.json", "2024-07-06", "<b>عكاظ</b>"),
        StoryCopy("a3", "نسخة أخرى", "news/riyadh.json", "2024-07-07", "الرياض"),
        StoryCopy("a4", "نسخة ثالثة", "news/riyadh-2.json", "2024-07-07", "الرياض"),  # one outlet, named once
        StoryCopy("a5", "نسخة من المصدر نفسه", "news/tv.json", "2024-07-07", "<i>تلفزيون سوريا</i>"),
    )
    citation = make_citation(n=1)
    citation = Citation(citation.n, citation.chunk, citation.sentence_start, citation.sentence_end, copies)
    for language, label in (("ar", "ورد أيضاً في"), ("en", "also in")):
        card = render.citation_card(citation, turn=1, language=language)
        also = re.search(r'<div class="card-also"[^>]*>(.*?)</div>', card)
        assert also, card
        names = re.findall(r'<bdi class="outlet" dir="auto">(.*?)</bdi>', also.group(1))
        assert also.group(1).startswith(label) and names == ["&lt;b&gt;عكاظ&lt;/b&gt;", "الرياض"]
        assert tag_names(card) <= {"article", "header", "span", "h4", "div", "bdi", "p", "mark", "a"}
    view = render.cited_answer(arabic_answer(citations=(citation,)))
    assert render.source_card(view.sources[0], turn=2, language="ar").count("card-also") == 1
    assert "card-also" not in render.citation_card(make_citation(), turn=1, language="ar")
