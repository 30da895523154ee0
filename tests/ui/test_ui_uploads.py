"""Uploads through the page's own handler: each file stands alone, only ingested files are kept, edits replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from ui.events import PageEvents
from ui.service import ChatService

pytestmark = pytest.mark.integration

STORY = (
    "بلدية حمص تفتتح مكتبة\n"
    "افتتحت بلدية حمص مكتبة عامة جديدة في حي الوعر تضم أكثر من اثني عشر ألف كتاب باللغتين العربية والإنجليزية.\n"
)


def _gradio_temporary(folder: Path, number: int, name: str, content: str) -> str:
    """Write a file where Gradio puts an upload: a folder of its own in its temporary folder."""
    holder = folder / f"{number:040x}"
    holder.mkdir(parents=True)
    (holder / name).write_text(content, encoding="utf-8")
    return str(holder / name)


@pytest.fixture
def events(tmp_path: Path, embeddings) -> PageEvents:
    assistant = Assistant(Settings(store=tmp_path / "store"), embeddings=embeddings)
    return PageEvents(ChatService(assistant, assistant.settings.uploads_folder()))


def _texts(events: PageEvents) -> str:
    return " ".join(chunk.text for chunk in events.service.assistant.index().chunks.chunks())


def test_ten_files_with_a_bad_one_among_them_store_the_nine_and_keep_only_those(tmp_path: Path, events) -> None:
    temporary = tmp_path / "gradio"
    towns = ["حمص", "حماة", "حلب", "إدلب", "درعا", "دوما", "جبلة", "بانياس", "طرطوس"]
    paths = [
        _gradio_temporary(temporary, number, f"{number}.txt", STORY.replace("حمص", town))
        for number, town in enumerate(towns)
    ]
    paths.insert(4, _gradio_temporary(temporary, 99, "deep.json", "[" * 2000 + "]" * 2000))
    _, summary, _, _ = events.add_files(paths)
    assert "deep.json is JSON nested too deeply" in summary
    assert all(town in _texts(events) for town in towns)
    uploads = events.service.uploads_dir
    assert sorted(file.name for file in uploads.iterdir()) == sorted(f"{number}.txt" for number in range(9))
    assert not list(temporary.rglob("*.*"))  # Gradio's temporary copies are gone, the rejected one too


def test_an_edited_file_uploaded_again_replaces_its_old_version(tmp_path: Path, events) -> None:
    events.add_files([_gradio_temporary(tmp_path / "gradio", 1, "library.txt", STORY)])
    edited = STORY.replace("اثني عشر ألف", "خمسة عشر ألف")
    events.add_files([_gradio_temporary(tmp_path / "gradio", 2, "library.txt", edited)])
    assert "خمسة عشر ألف" in _texts(events) and "اثني عشر ألف" not in _texts(events)
    assert [file.name for file in events.service.uploads_dir.iterdir()] == ["library.txt"]


def test_uploads_have_one_documented_place_whatever_the_store(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings(store=tmp_path / "store").uploads_folder() == tmp_path / "store" / "uploads"
    remote = Settings(chroma_url="http://127.0.0.1:8000", collection="news").uploads_folder()
    assert remote.is_absolute() and remote.parts[-2:] == ("uploads", "news")
    assert not str(remote).startswith(str(tmp_path))  # never ./vectorstore/uploads beside wherever the page ran
    monkeypatch.setenv("RAG_UPLOADS", str(tmp_path / "kept"))
    assert Settings().uploads_folder() == tmp_path / "kept"
