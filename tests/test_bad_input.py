"""Bad input through the whole ingest: each case is refused in one sentence or stored right, and nothing else is lost.

Cases that need many chunks (5,000 files, a 200 KB line, a multi-megabyte file) use `HashEmbeddings`,
a real `Embeddings` subclass with no model: what they test is the pipeline around the model, and
embedding thousands of chunks with the real one takes many minutes on two cores.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from langchain_core.embeddings import Embeddings

from rag.cli import main
from rag.errors import InputError
from rag.index.article_index import ArticleIndex
from rag.ingest.chunking import MAX_WORDS, embedding_text
from rag.ingest.parts import MAX_PART_CHARS
from rag.ingest.pipeline import BATCH_CHUNKS, Ingestor, IngestReport
from rag.text.arabic import lexical_tokens

pytestmark = pytest.mark.integration

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

GOOD = (
    "بوتين يتصل بالشرع\n"
    "أجرى الرئيس الروسي فلاديمير بوتين اتصالاً هاتفياً مع الرئيس السوري أحمد الشرع، "
    "ودعاه إلى زيارة موسكو في الأسابيع المقبلة.\n"
)
CALL = (
    "الأسد يتصل بالسيسي\n"
    "أجرى رئيس النظام السوري اتصالاً هاتفياً مع الرئيس المصري، تناول العلاقات الثنائية والأوضاع في المنطقة.\n"
)


class HashEmbeddings(Embeddings):
    """A unit-free stand-in for tests of the pipeline at scale: a fixed vector per text, from its hash."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[byte / 255 for byte in hashlib.sha256(text.encode()).digest() * 12] for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _ingest(store: Path, embeddings: Embeddings, *paths: Path, **options) -> tuple[IngestReport, ArticleIndex]:
    index = ArticleIndex.open(path=store, model_id=getattr(embeddings, "model_id", "hash"), create=True)
    return Ingestor(index, embeddings).ingest_paths(list(paths), **options), index


def _assert_in_step(index: ArticleIndex) -> set[str]:
    stored = index.chunks.chunk_ids()
    assert index.keyword.chunk_ids() == stored
    return stored


def _assert_one_sentence(reason: str, path: Path) -> None:
    assert str(path) in reason and reason.endswith(".") and "\n" not in reason and "Traceback" not in reason


def _finds(index: ArticleIndex, word: str) -> list[str]:
    """Return the texts of the chunks the keyword index finds for a word."""
    hits = index.keyword.search(lexical_tokens(word), k=10)
    return [chunk.text for chunk in index.chunks.get_chunks([chunk_id for chunk_id, _ in hits])]


REFUSED = [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "is empty"),
    ("invisible.txt", "\u200b\u200f\u202b\u2066\ufeff\n".encode(), "is empty"),
    ("random.txt", random.Random(7).randbytes(8192), "binary data"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(2048), "is a PNG image, not a text file"),
    ("archive.txt", b"PK\x03\x04" + bytes(512), "ZIP archive"),
    ("broken.txt", GOOD.encode() + b" \xff\xfe\xc3\x28 " + GOOD.encode(), "is not valid UTF-8"),
    ("number.json", b"42", "expected an object or a list of objects"),
    ("strings.json", b'["one story"]', 'is a JSON str, not an object with "text" or "content"'),
    ("untitled.json", json.dumps({"title": "عنوان فقط"}).encode(), 'has no "text" or "content" string'),
    ("blank-text.json", json.dumps([{"text": "   "}]).encode(), "has empty text"),
    ("empty-list.json", b"[]", "holds an empty list"),
    ("cut.json", b'{"text": "\xd9\x86\xd8\xb5', "is not valid JSON"),
    ("lines.jsonl", b"{not json}\n", "line 1 is not valid JSON"),
    ("deep.json", b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    ("deep.html", b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000, "more than 2,000 deep"),
    ("scripts.html", b"<html><head><script>var story = 1;</script><style>p{}</style></head></html>", "no readable"),
]


@pytest.mark.parametrize(("name", "content", "expected"), REFUSED, ids=[name for name, _, _ in REFUSED])
def test_a_bad_file_is_refused_in_one_sentence_and_the_others_are_stored(
    tmp_path: Path, embeddings, name: str, content: bytes, expected: str
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / name).write_bytes(content)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    report, index = _ingest(tmp_path / "store", embeddings, folder)
    [rejected] = report.rejected
    assert rejected.path == str(folder / name) and expected in rejected.reason, rejected.reason
    _assert_one_sentence(rejected.reason, folder / name)
    assert report.articles_added == 1 and _assert_in_step(index)
    assert _finds(index, "موسكو")


def test_deep_or_huge_json_beside_good_files_costs_only_itself(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "1-good.txt").write_text(GOOD, encoding="utf-8")  # read, and queued, before the bad files
    (folder / "2-deep.json").write_text("[" * 1000 + '{"text": "x"}' + "]" * 1000, encoding="utf-8")
    huge = "9" * 5000
    (folder / "3-huge.json").write_text(f'[{{"text": {json.dumps(CALL)}, "views": {huge}}}]', encoding="utf-8")
    deep_line = "[" * 3000 + "]" * 3000
    good_lines = [json.dumps({"text": GOOD.replace("بوتين", name)}, ensure_ascii=False) for name in ("لافروف", "شويغو")]
    lines = [good_lines[0], deep_line, "{broken", good_lines[1]]
    (folder / "4-lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = [{"text": CALL.replace("المصري", "الأردني")}, {"title": "no text"}, 7]
    (folder / "5-items.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), folder)
    reasons = sorted(rejected.reason for rejected in report.rejected)
    assert len(reasons) == 5, reasons  # every problem listed, each in one sentence naming its file
    for rejected in report.rejected:
        _assert_one_sentence(rejected.reason, Path(rejected.path))
    assert any("2-deep.json is JSON nested too deeply" in reason for reason in reasons)
    assert any("4-lines.jsonl line 2 is JSON nested too deeply" in reason for reason in reasons)
    assert any("4-lines.jsonl line 3 is not valid JSON" in reason for reason in reasons)
    assert any("5-items.json item 2 has no" in reason for reason in reasons)
    assert any("5-items.json item 3 is a JSON int" in reason for reason in reasons)
    assert report.articles_added == 5 and _assert_in_step(index)
    for word in ("موسكو", "المصري", "لافروف", "شويغو", "الأردني"):  # the good file, the huge number's record,
        assert _finds(index, word), word  # both good lines around the bad ones, and the good list item


def test_a_record_that_turns_bad_keeps_the_files_older_articles(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    first, second = json.dumps({"text": GOOD}, ensure_ascii=False), json.dumps({"text": CALL}, ensure_ascii=False)
    path.write_text(f"{first}\n{second}\n", encoding="utf-8")
    _, index = _ingest(tmp_path / "store", HashEmbeddings(), path)
    before = _assert_in_step(index)
    path.write_text(f"{first}\n{{cut\n", encoding="utf-8")  # the second record damaged, say by a bad edit
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), path)
    assert len(report.rejected) == 1 and report.articles_removed == 0
    assert _assert_in_step(index) == before and _finds(index, "المصري")


@pytest.mark.timeout(60)  # before the fix the pipe hung the run and the link grew memory until killed
def test_a_pipe_and_a_link_to_a_device_are_refused_without_reading_them(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    os.mkfifo(folder / "x.txt")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "null.txt").symlink_to("/dev/null")  # another device: links are told apart by where they lead
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), folder)
    reasons = {Path(rejected.path).name: rejected.reason for rejected in report.rejected}
    assert reasons.keys() == {"x.txt", "zero.json", "null.txt"}
    assert reasons["x.txt"] == f"{folder / 'x.txt'} is a pipe, not a regular file; only regular files are read."
    assert "is a device or socket, not a regular file" in reasons["zero.json"]
    assert "is a device or socket, not a regular file" in reasons["null.txt"]
    assert report.articles_added == 1 and _finds(index, "موسكو")


def test_a_file_that_turns_bad_part_way_keeps_what_was_read_and_its_older_articles(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    paragraph = "أجرى رئيس النظام السوري اتصالاً هاتفياً مع الرئيس المصري تناول فيه قضايا عديدة. "
    good = "".join(f"{paragraph * 4}فقرة {number}.\n\n" for number in range(900)).encode()
    path.write_bytes(good)
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), path)
    assert not report.rejected and report.articles > 1
    before = _assert_in_step(index)
    path.write_bytes(good + b"\xff\xfe broken tail \xc3\x28")  # the bad bytes sit past the first 64 KB
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), path)
    [rejected] = report.rejected
    assert "is not valid utf-8 (offset" in rejected.reason.lower()
    assert report.articles_removed == 0 and _assert_in_step(index) >= before


def test_windows_1256_and_utf16_arabic_are_stored_as_the_same_text(tmp_path: Path, embeddings) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    encodings = {
        "cp1256.txt": CALL.encode("cp1256"),
        "utf16-bom.txt": CALL.replace("المصري", "التركي").encode("utf-16"),
        "utf16le.txt": CALL.replace("المصري", "الإيراني").encode("utf-16-le"),
        "utf16be.md": CALL.replace("المصري", "الروسي").encode("utf-16-be"),
        "cp1256.html": f"<html><body><p>{CALL.replace('المصري', 'الأردني')}</p></body></html>".encode("cp1256"),
    }
    for name, content in encodings.items():
        (folder / name).write_bytes(content)
    report, index = _ingest(tmp_path / "store", embeddings, folder)
    assert not report.rejected and report.articles_added == len(encodings)
    texts = [chunk.text for chunk in index.chunks.chunks()]
    for president in ("المصري", "التركي", "الإيراني", "الروسي", "الأردني"):
        [text] = _finds(index, president)
        assert f"مع الرئيس {president}، تناول" in text
    assert not any("\ufffd" in text or "\x00" in text for text in texts)


def test_zero_width_and_bidi_controls_neither_split_words_nor_disappear_from_the_text(
    tmp_path: Path, embeddings
) -> None:
    marked = (
        "\u202bبو\u200bتين\u202c يتصل بالشرع\n"
        "أجرى الرئيس الروسي فلاديمير \u2067بو\u200dتين\u2069 اتصالاً \u200fهاتفياً\u200e مع الرئيس السوري "
        "أحمد ال\u200cشرع، ودعاه إلى زيارة موسكو.\n"
    )
    path = tmp_path / "marks.txt"
    path.write_text(marked, encoding="utf-8")
    report, index = _ingest(tmp_path / "store", embeddings, path)
    assert report.articles_added == 1
    [chunk] = list(index.chunks.chunks())
    assert "\u2067بو\u200dتين\u2069" in chunk.text  # displayed as written
    assert _finds(index, "بوتين") == _finds(index, "الشرع") == [chunk.text]  # found as the words they are
    assert not _INVISIBLE.search(embedding_text(chunk))  # and embedded as if the marks were not there


def test_html_scripts_styles_and_navigation_never_reach_the_index(tmp_path: Path, embeddings) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>بوتين يتصل بالشرع | الموقع</title>"
        "<style>.x{content:'مخفيستايل'}</style><script>var t = 'مخفيسكربت';</script></head><body>"
        "<nav>القائمة مخفيقائمة</nav><article><h1>بوتين يتصل بالشرع</h1>"
        "<p>أجرى الرئيس الروسي اتصالاً هاتفياً مع الرئيس السوري.</p><script>document.write('مخفيداخلي')</script>"
        "<noscript>مخفينوسكربت</noscript><p>ودعاه إلى زيارة موسكو.</p></article>"
        "<footer>مخفيتذييل</footer><script src='x.js'></script></body></html>",
        encoding="utf-8",
    )
    report, index = _ingest(tmp_path / "store", embeddings, page)
    assert report.articles_added == 1
    [chunk] = list(index.chunks.chunks())
    assert "موسكو" in chunk.text and chunk.title == "بوتين يتصل بالشرع"
    for hidden in ("مخفيستايل", "مخفيسكربت", "مخفيقائمة", "مخفيداخلي", "مخفينوسكربت", "مخفيتذييل", "document"):
        assert hidden not in chunk.text
        assert not _finds(index, hidden)


def test_the_same_content_under_two_names_is_stored_once(tmp_path: Path, embeddings) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "copy of a.txt").write_text(GOOD.replace("\n", "\r\n"), encoding="utf-8")  # other line ends
    (folder / "b.json").write_text(json.dumps({"text": GOOD}, ensure_ascii=False), encoding="utf-8")
    report, index = _ingest(tmp_path / "store", embeddings, folder)
    assert (report.articles, report.articles_added, report.articles_unchanged) == (3, 1, 2)
    assert len(index.chunks.article_ids()) == 1 and len(_assert_in_step(index)) == 1


def test_a_file_removed_while_the_ingest_runs_is_listed_and_nothing_else_is_lost(tmp_path: Path, embeddings) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "1.txt").write_text(GOOD, encoding="utf-8")
    (folder / "2.txt").write_text(CALL, encoding="utf-8")
    (folder / "3.txt").write_text(GOOD.replace("بوتين", "لافروف"), encoding="utf-8")

    def remove_the_second_file(number: int, total: int, path: str) -> None:
        if number == 1:  # the files are listed by now; the second disappears before it is read
            (folder / "2.txt").unlink()

    report, index = _ingest(tmp_path / "store", embeddings, folder, progress=remove_the_second_file)
    [rejected] = report.rejected
    assert rejected.path == str(folder / "2.txt") and "does not exist (was it moved or deleted?)" in rejected.reason
    assert report.articles_added == 2 and len(_assert_in_step(index)) == 2
    assert _finds(index, "لافروف") and not _finds(index, "المصري")


def test_a_200_kb_line_without_punctuation_becomes_bounded_chunks_that_cover_it(tmp_path: Path) -> None:
    words = "رئيس النظام السوري اتصال هاتفي الرئيس المصري العلاقات الثنائية الأوضاع المنطقة".split()
    rng = random.Random(3)
    line = " ".join(rng.choice(words) for _ in range(18_500))
    assert len(line.encode()) > 200_000 and len(line) < MAX_PART_CHARS and "\n" not in line
    path = tmp_path / "line.txt"
    path.write_text(line, encoding="utf-8")
    started = time.perf_counter()
    report, index = _ingest(tmp_path / "store", HashEmbeddings(), path)
    print(f"\n200 KB line: {report.chunks_added} chunks in {time.perf_counter() - started:.1f} s")
    assert not report.rejected and report.articles == 1
    chunks = sorted(index.chunks.chunks(), key=lambda chunk: chunk.index)
    assert len(chunks) > 50 and all(len(chunk.text.split()) <= MAX_WORDS for chunk in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(line)
    for before, after in itertools.pairwise(chunks):
        assert not line[before.end : after.start].strip()  # nothing between two chunks but a space
    assert len(_assert_in_step(index)) == len(chunks)


def test_5000_tiny_files_are_written_in_batches_and_skipped_when_ingested_again(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    for number in range(5000):
        sub = folder / f"{number // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:05d}.txt").write_text(f"خبر رقم {number}: وصل الوفد {number} إلى المدينة.\n", "utf-8")

    writes: list[int] = []

    class CountingIndex(ArticleIndex):
        def add(self, chunks, vectors) -> None:
            writes.append(len(chunks))
            super().add(chunks, vectors)

    index = ArticleIndex.open(path=tmp_path / "store", model_id="hash", create=True)
    counting = CountingIndex(index.chunks, index.keyword, index.guard)
    started = time.perf_counter()
    first = Ingestor(counting, HashEmbeddings()).ingest_paths([folder])
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = Ingestor(counting, HashEmbeddings()).ingest_paths([folder])
    print(f"\n5,000 files: {first_seconds:.1f} s, again {time.perf_counter() - started:.1f} s, {len(writes)} writes")
    assert (first.files, first.articles_added, first.chunks_added, first.rejected) == (5000, 5000, 5000, ())
    assert len(writes) == -(-5000 // BATCH_CHUNKS) and max(writes) == BATCH_CHUNKS
    assert (again.articles_unchanged, again.chunks_added, again.articles_removed) == (5000, 0, 0)
    assert len(writes) == -(-5000 // BATCH_CHUNKS)  # nothing written the second time
    assert len(_assert_in_step(index)) == 5000


def _write_numbered_paragraphs(path: Path, megabytes: int) -> int:
    """Write a text of numbered paragraphs (`فقرة N.`) of about `megabytes` MB; return how many."""
    paragraph = "أجرى رئيس النظام السوري اتصالاً هاتفياً مع الرئيس المصري تناول فيه قضايا إقليمية ودولية. " * 5
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < megabytes * 1024 * 1024:
            handle.write(f"{paragraph}فقرة {count}.\n\n")
            count += 1
    return count


def _run_measured(script: str, *arguments: Path) -> dict:
    """Run a Python script in its own process and return the JSON it prints (its figures).

    Scripts report their peak memory as VmHWM, which, unlike ru_maxrss, does not count
    the memory of the test process they were forked from.
    """
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, arguments)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


_STREAM = textwrap.dedent(
    """
    import json, re, sys
    from pathlib import Path
    from rag.ingest.articles import iter_articles
    from rag.ingest.chunking import chunk_article
    from rag.ingest.loaders import iter_documents

    numbers = total = chunks = 0
    for article in iter_articles(iter_documents(Path(sys.argv[1]))):
        found = [int(number) for number in re.findall(r"فقرة (\\d+)\\.", article.text)]
        numbers += len(found)
        total += sum(found)
        chunks += len(chunk_article(article))
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
    print(json.dumps({"paragraphs": numbers, "sum": total, "chunks": chunks, "peak_kb": peak}))
    """
)


def test_a_50_mb_text_file_streams_through_loading_and_chunking_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    count = _write_numbered_paragraphs(path, 50)
    started = time.perf_counter()
    figures = _run_measured(_STREAM, path)
    peak_mb = figures["peak_kb"] / 1024
    print(f"\n50 MB: {figures['chunks']} chunks in {time.perf_counter() - started:.1f} s, peak {peak_mb:.0f} MB")
    assert (figures["paragraphs"], figures["sum"]) == (count, count * (count - 1) // 2)  # each paragraph once
    assert peak_mb < 100  # read whole, the file would take over 100 MB: 50 MB of bytes and as much text


_INGEST = textwrap.dedent(
    """
    import hashlib, json, re, sys
    from pathlib import Path
    from langchain_core.embeddings import Embeddings
    from rag.index.article_index import ArticleIndex
    from rag.ingest.pipeline import Ingestor

    class HashEmbeddings(Embeddings):
        def embed_documents(self, texts):
            return [[byte / 255 for byte in hashlib.sha256(text.encode()).digest() * 12] for text in texts]

        def embed_query(self, text):
            return self.embed_documents([text])[0]

    index = ArticleIndex.open(path=Path(sys.argv[2]), model_id="hash", create=True)
    report = Ingestor(index, HashEmbeddings()).ingest_paths([Path(sys.argv[1])])
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
    print(json.dumps({
        "articles": report.articles, "chunks": report.chunks_added, "rejected": len(report.rejected),
        "in_step": index.keyword.chunk_ids() == index.chunks.chunk_ids(),
        "texts": [chunk.text for chunk in index.chunks.chunks()], "peak_kb": peak,
    }, ensure_ascii=False))
    """
)


def test_a_multi_megabyte_file_is_ingested_end_to_end_in_parts_and_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    count = _write_numbered_paragraphs(path, 3)
    started = time.perf_counter()
    figures = _run_measured(_INGEST, path, tmp_path / "store")
    peak_mb = figures["peak_kb"] / 1024
    print(f"\n3 MB: {figures['chunks']} chunks in {time.perf_counter() - started:.1f} s, peak {peak_mb:.0f} MB")
    assert figures["rejected"] == 0 and figures["in_step"] and figures["articles"] > 1
    stored = {int(number) for text in figures["texts"] for number in re.findall(r"فقرة (\d+)\.", text)}
    assert stored == set(range(count))  # every paragraph of every part is stored
    assert peak_mb < 600  # Chroma, Tantivy and one part of the text; the model's own memory comes on top


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("", "The question is empty"),
        ("   \n\t ", "The question is empty"),
        ("ما " * 5000, "characters long; keep it under"),
        ("؟!... ،؛ ?!", "has no words to search for"),
        ("😀🎉🔥👍", "has no words to search for"),
    ],
    ids=["empty", "whitespace", "10000-characters", "punctuation", "emoji"],
)
def test_a_question_that_cannot_be_searched_gets_one_sentence(seeded_assistant, question: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        seeded_assistant.ask(question)
    message = str(caught.value)
    assert expected in message and message.endswith(".") and "\n" not in message


def test_a_long_or_odd_search_query_still_returns_at_most_k_passages(seeded_assistant) -> None:
    retriever = seeded_assistant.retriever
    for query in ("بوتين " * 2000, "؟!...", "😀🎉", "بو\u200bتين\u202b"):
        assert len(retriever.search(query, k=3)) <= 3


def test_an_impossible_date_range_is_refused_in_one_line(tmp_path: Path) -> None:
    for bounds, named in [
        (["--since", "2025-03", "--until", "2024-12-31"], ["2025-03", "2024-12-31", "empty"]),
        (["--since", "last week"], ["last week", "2024-07-06"]),
    ]:
        result = CliRunner().invoke(main, ["search", "بوتين", "--store", str(tmp_path), *bounds])
        assert result.exit_code == 1
        [line] = result.output.strip().splitlines()
        assert line.startswith("Error: ") and line.endswith(".") and all(word in line for word in named)
