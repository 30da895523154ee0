"""Loading files: which files are found, how they decode, and a clear reason for every bad one."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.ingest.loaders import decode_references, discover, iter_documents, load
from rag.ingest.parts import MAX_PART_CHARS, split_parts
from tests.paths import ROOT

ARABIC = (
    "الأسد يتصل بالسيسي.. ماذا دار في المكالمة الهاتفية؟\n"
    "أجرى رئيس النظام السوري اتصالاً هاتفياً مع الرئيس المصري، في 6 تموز.\n"
)


def test_discover_walks_folders_sorted_and_skips_hidden_files(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.html", ".hidden.txt", ".git/d.txt", "sub/.e.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("نص", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in discover([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.html"]


def test_discover_keeps_given_files_once_and_yields_missing_paths(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_text("نص", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    assert list(discover([file, tmp_path, missing])) == [file, missing]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM, native order
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),  # no BOM
        lambda text: text.encode("utf-16-be"),  # no BOM
        lambda text: text.encode("cp1256"),  # legacy Windows Arabic
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "cp1256"],
)
def test_each_encoding_decodes_to_the_same_text(tmp_path: Path, encode) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(encode(ARABIC))
    [document] = load(path)
    assert document.text == ARABIC
    assert document.path == str(path)


def test_windows_newlines_become_line_feeds(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARABIC.replace("\n", "\r\n").encode("utf-8"))
    assert load(path)[0].text == ARABIC


def test_zero_width_and_bidi_characters_are_kept(tmp_path: Path) -> None:
    text = "\u200fعنوان\u200b الخبر\u202b نص\u202c\n"
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    assert load(path)[0].text == text


def test_json_object_and_list_records_carry_their_metadata(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"content": "نص الخبر.", "title": "عنوان", "source": "سانا", "url": "https://x/1"}))
    [document] = load(single)
    assert (document.path, document.text, document.title, document.outlet, document.url) == (
        str(single), "نص الخبر.", "عنوان", "سانا", "https://x/1"
    )  # fmt: skip
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "أول."}, {"text": "ثان.", "date": "2024-07-06T13:43:00Z"}]))
    documents = load(many)
    assert [document.path for document in documents] == [f"{many}#1", f"{many}#2"]
    assert documents[1].date == "2024-07-06"


REFERENCES = [
    ("&quot;داعش&quot; يتبنى الهجوم", '"داعش" يتبنى الهجوم'),
    ("قال&nbsp;الوزير", "قال\xa0الوزير"),
    ("&#8220;السهم الذهبي&#8221;", "“السهم الذهبي”"),
    ("وزارة الشؤون البلدية &amp; القروية", "وزارة الشؤون البلدية & القروية"),
    ("&#x627;&#X644;", "ال"),
    ("شركة AT&T وأرامكو", "شركة AT&T وأرامكو"),  # no reference
    ("R&D; &unknown; &amp", "R&D; &unknown; &amp"),  # unknown names and a reference without its ";" stay
    ("&amp;quot;", "&quot;"),  # decoded once
]


@pytest.mark.parametrize(("text", "decoded"), REFERENCES)
def test_character_references_left_in_text_are_decoded_once(text: str, decoded: str) -> None:
    assert decode_references(text) == decoded


def test_a_text_or_json_file_s_character_references_are_decoded_in_its_text_and_title(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("&quot;داعش&quot; يتبى هجوماً\nسبق | 2015-07-21 02:41:08\n\nقالت مصادر إن &quot;5&quot; قتلوا.\n")
    [document] = load(text)
    assert "&quot;" not in document.text and '"داعش" يتبى هجوماً' in document.text
    record = tmp_path / "story.json"
    fields = {"text": "قال الوزير &#8220;نعم&#8221;.", "title": "&quot;عنوان&quot;", "source": "سبق"}
    record.write_text(json.dumps(fields))
    [document] = load(record)
    assert (document.text, document.title) == ("قال الوزير “نعم”.", '"عنوان"')


def test_jsonl_records_are_named_by_line_number(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text('{"text": "أول."}\n\n{"content": "ثالث.", "title": "ع"}\n', encoding="utf-8")
    documents = load(path)
    assert [(document.path, document.text, document.title) for document in documents] == [
        (f"{path}#1", "أول.", None),
        (f"{path}#3", "ثالث.", "ع"),
    ]


def test_html_keeps_the_article_and_never_scripts_styles_or_navigation(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>عنوان الصفحة | الموقع</title><meta property='og:site_name' content='الموقع'>"
        "<meta property='article:published_time' content='2024-07-06T10:00:00Z'>"
        "<style>.secret-style{color:red}</style><script>var secretScript = 1;</script></head>"
        "<body><nav>القائمة</nav><header>شعار الموقع</header>"
        "<article><h1>عنوان الخبر</h1><p>الفقرة   الأولى.</p><script>alert('secretScript')</script>"
        "<p>الفقرة <b>الثانية</b><br>سطر ثان.</p></article><aside>روابط</aside><footer>حقوق</footer></body></html>",
        encoding="utf-8",
    )
    [document] = load(path)
    assert document.text == "عنوان الخبر\n\nالفقرة الأولى.\n\nالفقرة الثانية\n\nسطر ثان."
    assert (document.title, document.date, document.outlet) == ("عنوان الخبر", "2024-07-06", "الموقع")
    for hidden in ["secret", "القائمة", "شعار", "روابط", "حقوق"]:
        assert hidden not in document.text


def test_html_in_windows_1256_decodes(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes("<html><body><p>الأسد يتصل بالسيسي.</p></body></html>".encode("cp1256"))
    assert load(path)[0].text == "الأسد يتصل بالسيسي."


def _reason(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert str(path) in message and message.endswith(".") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n\xe2\x80\x8b\n", "empty"),
        ("noise.txt", random.Random(1).randbytes(4096), "binary"),
        ("noise-without-nul.txt", random.Random(1).randbytes(4096).replace(b"\0", b"a"), "not readable text"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        ("broken.txt", ARABIC.encode() + b"\xff broken \xc3\x28" + ARABIC.encode(), "not valid UTF-8"),
        ("scan.pdf", b"%PDF-1.4", "unsupported file type (.pdf)"),
        ("notes", b"text", "unsupported file type (no extension)"),
        ("bad.json", b'{"title": "only a title"}', 'no "text" or "content"'),
        ("number.json", b"42", "expected an object or a list of objects"),
        ("list.json", b'[{"text": "ok"}, "just a string"]', "item 2 is a JSON str"),
        ("cut.json", b'{"text": ', "not valid JSON"),
        ("bad.jsonl", b'{"text": "ok"}\nnot json\n', "line 2 is not valid JSON"),
        ("scripts.html", b"<html><script>var a = 1;</script><style>p{}</style></html>", "no readable text"),
    ],
)
def test_bad_input_gets_a_one_sentence_reason(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _reason(path)


def test_a_file_removed_after_discovery_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "soon-gone.txt"
    path.write_text(ARABIC, encoding="utf-8")
    [found] = list(discover([tmp_path]))
    path.unlink()
    assert "does not exist" in _reason(found)


def test_a_long_line_without_punctuation_loads_whole(tmp_path: Path) -> None:
    text = "كلمة " * 40_000  # 200 KB, one line
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    [document] = load(path)
    assert document.text == text and document.part is None


def test_long_files_come_in_numbered_parts_cut_between_paragraphs(tmp_path: Path) -> None:
    paragraph = "أجرى رئيس النظام السوري اتصالاً هاتفياً مع الرئيس المصري تناول فيه عدة قضايا إقليمية. " * 4
    text = "".join(f"{paragraph}{number}\n\n" for number in range(3000))  # about 1.1 M characters
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    documents = list(iter_documents(path))
    assert len(documents) > 4
    assert [document.part for document in documents] == list(range(1, len(documents) + 1))
    assert all(len(document.text) <= MAX_PART_CHARS for document in documents)
    assert all(document.text.endswith("\n\n") for document in documents[:-1])
    assert "".join(document.text for document in documents) == text


def test_split_parts_cuts_text_without_spaces_at_the_limit() -> None:
    parts = list(split_parts(["ا" * 250, "ب" * 100], limit=100))
    assert [len(part) for part in parts] == [100, 100, 100, 50]


def test_html_article_header_gives_the_title_and_date_and_comments_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><body><header><a>الرئيسية</a></header><main><article><header><h1>عنوان</h1>"
        "<time datetime='2025-02-12'>12 شباط</time></header><div>نص <i>الخبر</i>.</div></article></main>"
        "<div class='comments'><article>تعليق قصير</article></div></body></html>",
        encoding="utf-8",
    )
    [document] = load(path)
    assert (document.title, document.date) == ("عنوان", "2025-02-12")
    assert document.text == "نص الخبر."  # the headline is the title; the menu and the comment are gone


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_is_read() -> None:
    # Root reads any folder whatever its mode, so the ingest runs as the unprivileged user "nobody".
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to read the folders as an unprivileged user")
    top = Path(tempfile.mkdtemp(prefix="rag-unreadable-"))
    news = top / "news"
    try:
        (news / "locked").mkdir(parents=True)
        (news / "locked" / "hidden.txt").write_text(ARABIC, encoding="utf-8")
        (news / "open").mkdir()
        (news / "open" / "b.txt").write_text(ARABIC.replace("السوري", "اللبناني"), encoding="utf-8")
        (news / "a.txt").write_text(ARABIC, encoding="utf-8")
        (news / "locked").chmod(0)
        top.chmod(0o777)  # the store is written there, as nobody
        root = ROOT
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", _INGEST, str(top)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=120)
        assert done.returncode == 0, done.stderr
        articles, reasons = json.loads(done.stdout)
        assert articles == 2
        assert reasons == [f"{news / 'locked'} cannot be read (Permission denied), so the files in it were skipped."]
    finally:
        (news / "locked").chmod(0o755)
        shutil.rmtree(top)


_INGEST = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from langchain_core.embeddings import Embeddings
    from rag.index.article_index import ArticleIndex
    from rag.ingest.pipeline import Ingestor

    class Unit(Embeddings):
        def embed_documents(self, texts):
            return [[1.0, 0.0, 0.0] for _ in texts]

        def embed_query(self, text):
            return [1.0, 0.0, 0.0]

    top = Path(sys.argv[1])
    index = ArticleIndex.open(path=top / "store", model_id="unit", create=True)
    report = Ingestor(index, Unit()).ingest_paths([top / "news"])
    print(json.dumps([report.articles, [rejected.reason for rejected in report.rejected]]))
    """
)
