"""News-grade ingestion: bylines read apart, teasers kept as links, addresses shown, dates from metadata first.

The last tests ingest a sample of news-dev (every format, every kind of page) through the real pipeline and
check what the outlet filter lists and that no "read also" teaser became an article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.news_pages import LAYOUTS, build_page
from rag.answer.opening import source_label
from rag.cli import main
from rag.ingest.articles import iter_articles, split_articles
from rag.ingest.bylines import byline_line, read_byline
from rag.ingest.loaders import SourceDocument, load
from rag.ingest.news_header import record_metadata, split_header
from rag.schema import Chunk, Citation
from tests.paths import NEWS_DEV as NEWS_DEV_ROOT
from ui.render import citation_card

NEWS_DEV = NEWS_DEV_ROOT / "corpus"
STORY = [
    "أجرى الرئيس الروسي فلاديمير بوتين مكالمة هاتفية مع نظيره الإيراني مسعود بزشكيان، بحثا فيها الوضع في سوريا.",
    "وقال الكرملين في بيان إن الجانبين أكدا أهمية تنسيق الجهود في إطار صيغة أستانا بمشاركة تركيا.",
    "وفي يناير 2017 انطلق مسار أستانا ضمن مباحثات أعقبت توقيع اتفاق وقف إطلاق النار بين الحكومة والمعارضة.",
]
TEASERS = ["الرئيس السيسي يستقبل ملك البحرين في شرم الشيخ", "انخفاض أسعار النفط مع تراجع الطلب العالمي"]


@pytest.mark.parametrize(
    ("byline", "outlet", "author", "agency"),
    [
        ("الرياض - واس", None, None, "واس"),
        ("واس - الرياض", None, None, "واس"),
        ("الرياض: واس", None, None, "واس"),
        ("«الاقتصادية» من الرياض", "الاقتصادية", None, None),
        ('"الاقتصادية" من الرياض', "الاقتصادية", None, None),
        ("الاقتصادية الإلكترونية من الرياض", "الاقتصادية", None, None),
        ("لندن: «الشرق الأوسط أونلاين»", "الشرق الأوسط", None, None),
        ("الوئام - رويترز:", "الوئام", None, "رويترز"),
        ("الرياض-الوئام:", "الوئام", None, None),
        ("عبدالله البرقاوي- سبق- الرياض:", "سبق", "عبدالله البرقاوي", None),
        ("محمد داوود (جدة)", None, "محمد داوود", None),
        ("جدة: محمد باسنيد", None, "محمد باسنيد", None),
        ("نايف الحربي - الرياض", None, "نايف الحربي", None),
        ("خليفة الهاملي من بريدة", None, "خليفة الهاملي", None),
        ("متابعة - الرياض الإلكتروني", "الرياض", None, None),
        ("كتب - عيسى الحكمي:", None, "عيسى الحكمي", None),
        ("القاهرة - مكتب الجزيرة - طارق محيي:", "الجزيرة", "طارق محيي", None),
        ("بيروت - أ ف ب", None, None, "أ ف ب"),
        ("كوالالمبور\u00a0- (أ ف ب):", None, None, "أ ف ب"),
        ("ا ف ب - موسكو", None, None, "أ ف ب"),
        ("تبيليسي ـ الفرنسية:", None, None, "أ ف ب"),
        ("بكين :د ب أ", None, None, "د ب أ"),
        ("واس (الرياض)، محمد السبيعي (الخرمة)", None, "محمد السبيعي", "واس"),
        ("عكاظ (الرياض)", "عكاظ", None, None),
        ("اليوم - الدمام", "اليوم", None, None),
        ("صقر أبو حسن ـ صنعاء", None, "صقر أبو حسن", None),
        ("أيمـن الـحـمـاد", None, "أيمـن الـحـمـاد", None),
        ("الوكالات - نيويورك", None, None, None),
        ("وكالات - انقرة", None, None, None),
        ("أهالي الحي", None, None, None),
        ("متابعات", None, None, None),
        ("Next Previous رغد عشميل – عين اليوم", "عين اليوم", "رغد عشميل", None),
        ("موقع النبأ – فريق التحرير", "موقع النبأ", None, None),
        ("تلفزيون سوريا ـ إسطنبول", "تلفزيون سوريا", None, None),
        ("نيويورك - رويترز", None, None, "رويترز"),
        ("القاهرة رويترز", None, None, "رويترز"),  # no separator: known credits peeled off the ends
        ("كفاح زبون تل أبيب", None, "كفاح زبون", None),
        ("م واس", None, None, "واس"),
        ("مكة المكرمة الوطن", "الوطن", None, None),
        ("بيروت: هبة القدسي بيروت، بولا أسطيح", None, "هبة القدسي، بولا أسطيح", None),
    ],
)
def test_bylines_give_authors_outlets_and_agencies_apart(byline, outlet, author, agency):
    credit = read_byline(byline)
    assert (credit.outlet, credit.author, credit.agency) == (outlet, author, agency)


@pytest.mark.parametrize(
    "line",
    [
        "قال وزير الخارجية إن الاتصال تناول عدة قضايا إقليمية.",
        "الرياض تستضيف القمة العربية المقبلة في شهر مايو من العام الجاري",
        "السعودية - الإمارات",
        "سمات الأولمبياد الصين بكين",  # a page's tag line
        "وأضاف: نحن مستعدون للحوار.",
        "",
    ],
)
def test_sentences_and_headlines_are_not_bylines(line):
    assert byline_line(line) is None


def test_desk_labels_and_reporters_never_become_outlets():
    text = "عنوان الخبر\nمنيف الشهراني - الرياض\nنص الخبر الذي يتحدث عن افتتاح مشروع جديد في المدينة."
    [article] = split_articles(SourceDocument(path="a.txt", text=text))
    assert (article.outlet, article.author) == (None, "منيف الشهراني")
    assert "منيف" not in article.text  # the byline is metadata, not story text
    [agency_only] = split_articles(SourceDocument(path="b.json", text="نص الخبر.", author="الرياض - واس"))
    assert (agency_only.outlet, agency_only.agency) == ("واس", "واس")  # no outlet named: the agency stands in
    [paper] = split_articles(
        SourceDocument(path="c.json", text="نص الخبر.", outlet="الشرق الأوسط أونلاين", author="بيروت: بولا أسطيح")
    )
    assert (paper.outlet, paper.author, paper.agency) == ("الشرق الأوسط", "بولا أسطيح", None)


def test_a_crawler_text_header_becomes_metadata():
    text = (
        "إصابة يمني في سقوط مقذوف عسكري بنجران\n"
        "عين اليوم | 2015-07-24 15:38:19\n"
        "نجران - واس\n"
        "http://www.3alyoum.com/news/local/a/123/\n\n"
        "صرح المتحدث الإعلامي للدفاع المدني بمنطقة نجران أن رجال الدفاع المدني باشروا الحادث.\n"
    )
    metadata, rest = split_header(text)
    assert metadata == {
        "outlet": "عين اليوم",
        "date": "2015-07-24",
        "url": "http://www.3alyoum.com/news/local/a/123/",
        "author": "نجران - واس",
    }
    assert rest.startswith("إصابة يمني") and "http" not in rest and "|" not in rest and "واس" not in rest
    assert split_header("عنوان\nنص عادي | بلا تاريخ\nفقرة.") == ({}, "عنوان\nنص عادي | بلا تاريخ\nفقرة.")


def test_news_dev_text_file_gives_outlet_date_address_and_agency():
    [article] = list(iter_articles(load(NEWS_DEV / "aleqtisadiya-20150801-0488.txt")))
    assert (article.outlet, article.date, article.agency) == ("الاقتصادية", "2015-08-01", "واس")
    assert article.url and article.url.startswith("http") and article.url not in article.text


@pytest.mark.parametrize(
    ("record", "date", "crawled"),
    [
        ({"date": "2015-07-24 10:00:00", "date_extracted": "2015-08-01 09:00:00"}, "2015-07-24", False),
        ({"date_extracted": "2015-08-01 09:00:00"}, "2015-08-01", True),
        ({"crawled_at": "2024-03-05T10:00:00Z", "published_at": "2024-03-01"}, "2024-03-01", False),
        ({"date": "", "scraped_at": "2024-03-05"}, "2024-03-05", True),
        ({"date": "not a date", "date_extracted": "2015-08-01"}, "2015-08-01", True),
        ({}, None, False),
    ],
)
def test_publication_dates_come_before_crawl_dates(record, date, crawled):
    metadata = record_metadata(record)
    assert (metadata["date"], metadata["date_crawled"]) == (date, crawled)


def test_a_dateline_in_the_text_beats_a_crawl_date_but_not_a_publication_date():
    text = "عنوان الخبر\n2024.07.06 | 13:43 دمشق\nنص الخبر."
    [crawl] = split_articles(SourceDocument(path="a.json", text=text, date="2024-09-01", date_crawled=True))
    assert (crawl.date, crawl.date_crawled) == ("2024-07-06", False)
    [undated] = split_articles(SourceDocument(path="b.json", text="نص الخبر.", date="2024-09-01", date_crawled=True))
    assert (undated.date, undated.date_crawled) == ("2024-09-01", True)
    [published] = split_articles(SourceDocument(path="c.json", text=text, date="2024-07-05"))
    assert (published.date, published.date_crawled) == ("2024-07-05", False)


def test_a_crawl_date_is_never_called_the_articles_own_date():
    chunk = Chunk("c", "a", 0, "نص.", 0, 3, "عنوان", "a.json", date="2015-08-01", outlet="واس", date_crawled=True)
    assert source_label(chunk) == "SPA, collected 1 August 2015"
    from rag.answer.opening import _article_date

    assert "collected on 1 August 2015" in _article_date(chunk, english=True)
    assert "own date" not in _article_date(chunk, english=True)
    assert "جُمع في 2015-08-01" in _article_date(chunk, english=False)


def test_html_dates_come_from_the_page_markup_before_the_text(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in STORY)
    page = tmp_path / "dated.html"
    page.write_text(
        "<html lang='ar' dir='rtl'><head><meta property='article:published_time' content='2024-12-02T08:00:00Z'>"
        f"</head><body><article><h1>عنوان</h1><p>الرياض 5 يناير 2024</p>{body}</article></body></html>",
        encoding="utf-8",
    )
    [document] = load(page)
    assert (document.date, document.date_crawled) == ("2024-12-02", False)
    timed = tmp_path / "timed.html"
    timed.write_text(
        f"<html><body><article><h1>عنوان</h1><time datetime='2023-03-04'>4 مارس</time>{body}</article></body></html>",
        encoding="utf-8",
    )
    assert load(timed)[0].date == "2023-03-04"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_pages_keep_the_story_and_give_teasers_as_links(tmp_path, layout):
    built = build_page("بوتين وبزشكيان يبحثان الوضع في سوريا", STORY, TEASERS, layout=layout, outlet="قناة المثال")
    path = tmp_path / f"{layout}.html"
    path.write_text(built.html, encoding="utf-8")
    [article] = list(iter_articles(load(path)))
    for paragraph in STORY:
        assert paragraph in article.text
    chrome = ["ملفات تعريف الارتباط", "الرئيسية", "شارك:", "واتساب", "جميع الحقوق", "إعلان", "dataLayer", "بقلم"]
    for furniture in chrome:
        assert furniture not in article.text, furniture
    for teaser in TEASERS:
        assert teaser not in article.text
    assert [link.title for link in article.links] == TEASERS
    assert all(link.url and link.url.startswith("https://news.example.com/2024/07/06/") for link in article.links)
    assert (article.title, article.outlet, article.date, article.url) == (
        built.title, "قناة المثال", "2024-07-06", built.url
    )  # fmt: skip


def test_a_page_trafilatura_cannot_read_falls_back_to_the_block_reader(tmp_path):
    path = tmp_path / "tiny.html"
    path.write_text("<html><body><div><h1>عنوان</h1></div><div>خبر قصير جدا.</div></body></html>", encoding="utf-8")
    [document] = load(path)
    assert "خبر قصير جدا." in document.text


def test_read_also_links_in_prose_are_kept_but_story_links_are_not(tmp_path):
    path = tmp_path / "inline.html"
    path.write_text(
        "<html><body><article><h1>عنوان</h1>"
        f"<p>{STORY[0]}</p><p>اقرأ أيضاً: <a href='https://x.example/1'>{TEASERS[0]}</a></p>"
        f"<p>{STORY[1]} وفق <a href='https://kremlin.example/'>بيان الكرملين</a> الرسمي الذي نشر اليوم.</p>"
        f"<p>{STORY[2]}</p></article></body></html>",
        encoding="utf-8",
    )
    [article] = list(iter_articles(load(path)))
    assert [(link.title, link.url) for link in article.links] == [(TEASERS[0], "https://x.example/1")]
    assert TEASERS[0] not in article.text and STORY[2] in article.text


def _chunk(url: str | None, author: str | None = None) -> Chunk:
    return Chunk("c1", "a1", 0, "نص الخبر.", 0, 9, "عنوان", "news.html", date="2024-07-06", outlet="سانا", url=url,
                 author=author)  # fmt: skip


def test_cards_show_http_addresses_escaped_and_authors():
    card = citation_card(
        Citation(1, _chunk('https://x.example/a?b=1&c="><script>x</script>', "بولا أسطيح"), 0, 9), 1, "ar"
    )
    assert "<script>x" not in card and 'class="card-url"' not in card  # a quote or bracket in it: refused whole
    good = citation_card(Citation(1, _chunk("https://x.example/a?b=1&c=2", "بولا أسطيح"), 0, 9), 1, "en")
    assert 'href="https://x.example/a?b=1&amp;c=2"' in good and 'rel="noopener noreferrer nofollow"' in good
    assert '<bdi class="author" dir="auto">بولا أسطيح</bdi>' in good
    for unsafe in ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//x.example/a"]:
        assert 'class="card-url"' not in citation_card(Citation(1, _chunk(unsafe), 0, 9), 1, "en")


def test_url_and_links_reach_the_store_and_the_json_output(tmp_path, embeddings):
    folder = tmp_path / "news"
    folder.mkdir()
    built = build_page("بوتين وبزشكيان يبحثان الوضع في سوريا", STORY, TEASERS, layout="article")
    (folder / "page.html").write_text(built.html, encoding="utf-8")
    record = {"title": "اتصال", "content": "تلقى الرئيس اتصالا هاتفيا من ملك البحرين.", "source": "سبق",
              "url": "https://sabq.example/1", "author": "جدة: محمد باسنيد"}  # fmt: skip
    (folder / "record.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder), "--store", store]).exit_code == 0
    found = runner.invoke(main, ["search", "مسار أستانا بوتين بزشكيان", "--json", "--k", "2", "--store", store])
    hits = {hit["title"]: hit for hit in json.loads(found.output)["hits"]}
    page_hit = hits[built.title]
    assert page_hit["url"] == built.url and page_hit["outlet"] == "صحيفة المثال"
    assert [link["title"] for link in page_hit["links"]] == TEASERS
    asked = runner.invoke(main, ["ask", "من اتصل بالرئيس؟", "--json", "--store", store])
    citations = json.loads(asked.output)["citations"]
    assert citations and any(c["url"] == "https://sabq.example/1" and c["author"] == "محمد باسنيد" for c in citations)


# Every format of news-dev, all its pages among them; the rest picked at a fixed stride.
SAMPLE_PER_FORMAT = {".html": 20, ".txt": 20, ".json": 12, ".jsonl": 8}
# The wire agencies news-dev's README names (SPA, Reuters, AFP, dpa), as its bylines write them.
AGENCIES = {"واس", "رويترز", "أ ف ب", "د ب أ"}


def _news_dev_sample(folder: Path) -> list[Path]:
    chosen = []
    for suffix, count in SAMPLE_PER_FORMAT.items():
        files = sorted(NEWS_DEV.glob(f"*{suffix}"))
        chosen += files[:: max(len(files) // count, 1)][:count]
    for path in chosen:
        shutil.copy(path, folder / path.name)
    return chosen


def _stated_outlets() -> set[str]:
    """Return the outlet names news-dev's files state themselves: JSON `source` fields and text headers."""
    names = set()
    for path in NEWS_DEV.iterdir():
        if path.suffix == ".json":
            names.add(json.loads(path.read_text(encoding="utf-8"))["source"])
        elif path.suffix == ".jsonl":
            names.add(json.loads(path.read_text(encoding="utf-8").splitlines()[0])["source"])
        elif path.suffix == ".txt":
            names.add(path.read_text(encoding="utf-8").split("\n")[1].split("|")[0].strip())
    return names


@pytest.mark.integration
def test_news_dev_sample_lists_real_outlets_and_no_teaser_articles(tmp_path, embeddings):
    from rag.index.article_index import ArticleIndex
    from rag.ingest.pipeline import Ingestor

    folder = tmp_path / "corpus"
    folder.mkdir()
    sample = _news_dev_sample(folder)
    assert len(sample) == 60
    index = ArticleIndex.open(path=tmp_path / "store", model_id=embeddings.model_id, create=True)
    report = Ingestor(index, embeddings).ingest_paths([folder])
    assert not report.rejected, report.rejected
    assert report.articles == 60  # one article per file: no teaser, byline or footer became one
    listed = index.chunks.outlets()
    real = _stated_outlets() | AGENCIES
    share = sum(name in real for name in listed) / len(listed)
    assert share >= 0.95, sorted(set(listed) - real)
    first_chunks = [chunk for chunk in index.chunks.chunks() if chunk.index == 0]
    assert len({chunk.article_id for chunk in first_chunks}) == 60
    teasers = {link.title for chunk in first_chunks for link in chunk.links}
    assert len(teasers) >= 5 * 20 - 5  # the sidebars of the pages (a headline may repeat across a day's pages)
    assert not teasers & {chunk.title for chunk in first_chunks}
    pages = [chunk for chunk in first_chunks if chunk.path.endswith(".html")]
    assert len(pages) == 20 and all(chunk.url and chunk.url.startswith("http") for chunk in pages)
    assert all(chunk.author not in real for chunk in first_chunks if chunk.author)
