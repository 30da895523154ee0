"""Articles from the seed pages: titles, dates, outlets, chrome removed, bundled stories split apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import InputError
from rag.ingest.articles import iter_articles, split_articles
from rag.ingest.loaders import SourceDocument, load
from rag.schema import Article
from tests.paths import SEEDS


def seed_articles(number: str) -> list[Article]:
    [path] = SEEDS.glob(f"{number}_*.txt")
    return list(iter_articles(load(path)))


@pytest.mark.parametrize(
    ("seed", "title", "date", "source", "count"),
    [
        ("000", "الأسد يتصل بالسيسي.. ماذا دار في المكالمة الهاتفية؟", "2024-07-06", "تلفزيون سوريا", 1),
        ("001", "محادثات سرية بين الأسد والسيسي.. ومصادر تكشف تفاصيلها والهدف منها..!", "--09-17", "طيف بوست", 1),
        ("002", "بوتين يجري اتصالاً هاتفياً مع الرئيس السوري الشرع", "2025-02-12", "İLKHA", 5),
        ("003", "رئيسي والسيسي يتفقان على اتخاذ خطوات ملموسة لإنهاء الخلافات بين إيران ومصر", None, None, 1),
        ("004", 'بوتين وبزشكيان يؤكدان دعم الأسد وأهمية "أستانا"', "2024-12-02", "قناة اليمن اليوم", 2),
    ],
)
def test_seed_title_date_outlet_and_article_count(
    seed: str, title: str, date: str | None, source: str | None, count: int
) -> None:
    articles = seed_articles(seed)
    main = articles[0]
    assert (main.title, main.date, main.outlet) == (title, date, source)
    assert len(articles) == count
    assert all(article.path.endswith(".txt") and Path(article.path).name.startswith(seed) for article in articles)


def test_page_chrome_and_metadata_lines_are_not_story_text() -> None:
    text = seed_articles("000")[0].text
    assert text.startswith("الأسد يتصل بالسيسي.. ماذا دار في المكالمة الهاتفية؟\n")
    for chrome in ["icon", "التغطية الحية", "+A", "حجم الخط", "-A", "13:43", "إسطنبول", "(وكالات)"]:
        assert chrome not in text
    assert "العلاقات المصرية مع النظام السوري" in text  # a subheading is story text
    assert "اخترنا لك" not in seed_articles("003")[0].text
    assert "المصدر:" not in seed_articles("004")[0].text


TAG_LISTS_AND_LINKS_BACK = [
    # (a story's last lines as crawled, what must stay, what must go)
    (
        "وجرى خلال الاستقبال بحث التعاون الخليجي المشترك . سمات عادل بن أحمد الجبير مجلس التعاون الخليجي",
        "بحث التعاون الخليجي المشترك",
        "سمات",
    ),
    ("وانتهى الأمر بين السيدات بالسباب. سمات الامارات عبير صبري ملابس مول", "بالسباب.", "مول"),
    ("وأكد المتحدث أن التحقيقات مستمرة.\nسمات: اليمن الحوثي صنعاء", "مستمرة.", "صنعاء"),
    # an obfuscated tag's dot ends no sentence
    ("كانت مهربة للبلاد من إيران. سمات البحرين تفجـ.ـير سترة شرطة", "من إيران.", "شرطة"),
    ("وأكدت المصادر مقتل قائد ميداني. سمات العراق داعـ.ـش الموصل", "قائد ميداني.", "الموصل"),
    ("وأكد المتحدث أن التحقيقات مستمرة.\nوسوم الرياض الأمن", "مستمرة.", "وسوم"),
    ("وأكدت الوزارة أن الحالات مستقرة.\nرابط الخبر بصحيفة الوئام: ارتفاع إصابات كورونا", "مستقرة.", "رابط"),
    ("وأكدت الوزارة أن الحالات مستقرة.\nرابط الخبر بصحيفة الوئام:", "مستقرة.", "الوئام"),
    # the word in prose, or ending a sentence of its own, is story text
    ("وقال الخبير إن من سمات القيادة الصبر. سمات المرحلة المقبلة تتطلب الحذر.", "سمات المرحلة المقبلة", ""),
    ("وأوضح أن رابط التسجيل متاح على موقع الوزارة: www.example.sa", "رابط التسجيل", ""),
]


@pytest.mark.parametrize(("tail", "kept", "dropped"), TAG_LISTS_AND_LINKS_BACK)
def test_tag_lists_and_links_back_to_the_outlet_are_not_story_text(tail: str, kept: str, dropped: str) -> None:
    text = f"عنوان الخبر في سطره\nقال مصدر مطلع اليوم إن الاجتماع عقد في موعده.\n{tail}"
    [article] = split_articles(SourceDocument(path="story.txt", text=text))
    assert kept in article.text
    assert not dropped or dropped not in article.text


def test_a_headline_opening_with_the_tag_word_stays() -> None:
    text = "سمات القيادة الناجحة في المؤسسات\nقال الخبير إن الصبر أولها."
    [article] = split_articles(SourceDocument(path="story.txt", text=text))
    assert article.title == "سمات القيادة الناجحة في المؤسسات"


def test_story_text_keeps_the_file_characters() -> None:
    text = seed_articles("001")[0].text
    assert "مواجـ.ـهة" in text and "“القاهرة”" in text  # obfuscation and quotes as written
    assert text.count("محادثات سرية بين الأسد والسيسي") == 1  # the repeated title line is dropped


def test_bahrain_call_is_its_own_article_not_part_of_the_putin_story() -> None:
    putin, bahrain = seed_articles("004")
    assert "ملك البحرين" not in putin.text and "حمد بن عيسى" not in putin.text
    assert putin.text.rstrip().endswith("منذ عام 2011.")
    assert bahrain.title == "الرئيس السيسي وملك البحرين يؤكدان رفضهما القاطع لتهجير الفلسطينيين من أرضهم"
    assert "تلقى الرئيس عبد الفتاح السيسي، اليوم، اتصالًا هاتفيًا من الملك حمد بن عيسى آل خليفة" in bahrain.text
    assert "ليبيا" not in bahrain.text and "شرم الشيخ" not in bahrain.text
    assert (bahrain.date, bahrain.outlet) == (None, None)  # nothing inherited from the Putin story's credit
    assert [link.title for link in bahrain.links] == [  # teasers after the Bahrain story are its links
        "الرئيس السيسي يؤكد دعم مصر الكامل لسيادة ليبيا ووحدة وسلامة أراضيها",
        "الرئيس السيسي: السلام سيظل خيار مصر الاستراتيجي",
        "الرئيس السيسي يستقبل ملك البحرين في مقر قمة شرم الشيخ للسلام",
    ]


def test_inline_read_also_lines_become_links_of_the_story_and_the_story_continues() -> None:
    [story] = seed_articles("001")
    first, second = story.links
    assert first.title.startswith("تركيا تتحدث عن إمكانية نهاية اتفاق إدلب")
    assert second.title.startswith("الفجوة تتسع بين روسيا وتركيا في إدلب")
    assert "اقرأ أيضاً" not in story.text and "نهاية اتفاق إدلب" not in story.text
    assert "وبحسب المصادر، فإنه تم مناقشة رفع التجـ.ـميد" in story.text  # after the first read-also line
    assert story.text.endswith("سياسياً وأمنـ.ـياً واقتصادياً.")  # after the second


def test_items_after_a_rights_notice_are_separate_articles() -> None:
    story, *items = seed_articles("002")
    assert story.text.endswith("(İLKHA)")
    assert "تنبيه" not in story.text and "![" not in story.text and "NewsGallery" not in story.text
    assert len(items) == 4
    assert items[0].title == 'انتقد نائب رئيس حزب هدى بار وعضو البرلمان عن غازي عنتاب، "شهزاده…'
    assert items[3].text.startswith('أجرى الرئيس الأمريكي "دونالد ترامب" مكالمة هاتفية')
    assert all(item.date is None and item.outlet == "İLKHA" for item in items)
    assert all("ترامب لاحتلال غزة" not in article.text for article in [story, *items[1:]])


def test_ids_are_content_hashes_shared_by_the_same_story_under_another_name() -> None:
    text = "الرئيس يتصل بنظيره.\nوتناول الاتصال القضايا الإقليمية."
    first = split_articles(SourceDocument(path="a.txt", text=text))[0]
    copy = split_articles(SourceDocument(path="b/copy.md", text="\n" + text.replace(" ", "  ") + "\n"))[0]
    other = split_articles(SourceDocument(path="a.txt", text=text + " وأكثر."))[0]
    assert first.article_id == copy.article_id and first.content_hash == copy.content_hash
    assert first.article_id == first.content_hash[:32] and len(first.content_hash) == 64
    assert other.article_id != first.article_id


def test_long_text_parts_are_titled_after_the_first_part() -> None:
    documents = [
        SourceDocument(path="big.txt", text="الملف الكبير\nتاريخ النشر: 5 مايو 2024\nنص أول.", part=1),
        SourceDocument(path="big.txt", text="نص ثان طويل.", part=2),
    ]
    articles = list(iter_articles(documents))
    assert [article.title for article in articles] == ["الملف الكبير (part 1)", "الملف الكبير (part 2)"]
    assert [article.date for article in articles] == ["2024-05-05", "2024-05-05"]


def test_a_paragraph_without_punctuation_is_titled_by_its_first_words() -> None:
    [article] = split_articles(SourceDocument(path="line.txt", text="كلمة " * 40_000))
    assert article.title == " ".join(["كلمة"] * 12) + "…"


def test_invisible_marks_stay_in_article_text() -> None:
    text = "\u200fعنوان\u200b الخبر\nنص\u202b الخبر.\u202c"
    [article] = split_articles(SourceDocument(path="marks.txt", text=text))
    assert article.text == text


def test_a_page_of_only_chrome_is_refused_with_a_reason() -> None:
    with pytest.raises(InputError, match="no story text"):
        split_articles(SourceDocument(path="chrome.txt", text="icon\nالتغطية الحية\n+A\nحجم الخط\n-A\nاخترنا لك"))


def test_links_after_a_bare_marker_are_teasers_of_the_story_and_the_story_resumes() -> None:
    text = (
        "عنوان الخبر الرئيسي\n"
        "فقرة أولى من الخبر الرئيسي تتحدث عن الاتصال بالتفصيل.\n"
        "اقرأ أيضاً:\n"
        "عنوان رابط أول\n"
        "عنوان رابط ثان\n"
        "وتابع الخبر الرئيسي حديثه بفقرة طويلة تنتهي بنقطة كما يجب.\n"
        "إقرأ أيضا:\n"
        "عنوان قصة ثانية\n"
        "2024.07.06 | 13:43 دمشق\n"
        "نص القصة الثانية الذي ينتهي بنقطة.\n"
    )
    main, story = split_articles(SourceDocument(path="page.txt", text=text))
    assert main.text.endswith("وتابع الخبر الرئيسي حديثه بفقرة طويلة تنتهي بنقطة كما يجب.")
    assert "رابط" not in main.text and "القصة الثانية" not in main.text
    assert [link.title for link in main.links] == ["عنوان رابط أول", "عنوان رابط ثان"]
    assert story.links == ()
    assert (story.title, story.date, story.text) == (
        "عنوان قصة ثانية", "2024-07-06", "عنوان قصة ثانية\nنص القصة الثانية الذي ينتهي بنقطة."
    )  # fmt: skip


def test_stated_metadata_wins_and_markdown_headings_make_plain_titles() -> None:
    document = SourceDocument(path="n.jsonl#2", text="نص الخبر.", title="عنوان", date="2024-01-02", outlet="سانا")
    [article] = split_articles(document)
    assert (article.title, article.date, article.outlet, article.path) == ("عنوان", "2024-01-02", "سانا", "n.jsonl#2")
    [markdown] = split_articles(SourceDocument(path="n.md", text="# عنوان **الخبر**\n\nنص الخبر."))
    assert markdown.title == "عنوان الخبر"
