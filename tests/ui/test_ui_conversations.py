"""Conversations kept in the browser: saved newest first, reopened, deleted, and a secret that outlives a restart."""

from ui import conversations


def turn(question: str) -> dict[str, object]:
    return {
        "question": question,
        "answer": "",
        "answered": False,
        "question_html": "",
        "answer_html": "",
        "sources_html": "",
    }


def test_a_conversation_is_saved_on_top_and_keeps_its_id():
    saved, first = conversations.save([], None, [turn("ما العقد الذي ألغته القيادة السورية الجديدة؟")], "extractive")
    saved, second = conversations.save(saved, None, [turn("Who did Putin invite?")], "extractive")
    saved, again = conversations.save(saved, first, [turn("ما العقد"), turn("ومع أي شركة؟")], "openai:gemma")

    assert again == first and second != first
    assert [item["id"] for item in saved] == [first, second]
    assert conversations.find(saved, first)["answerer"] == "openai:gemma"
    assert conversations.choices(saved)[0] == ("ما العقد", first)


def test_an_empty_conversation_is_not_saved_and_a_deleted_one_is_gone():
    saved, kept = conversations.save([], None, [turn("Q?")], "extractive")
    unsaved, none = conversations.save(saved, None, [], "extractive")

    assert none is None and unsaved == saved
    assert conversations.delete(saved, kept) == []
    assert conversations.find(saved, "not-there") is None
    assert conversations.choices([{"no": "id"}, "junk", *saved]) == [("Q?", kept)]  # a damaged entry is skipped


def test_a_conversation_saved_in_another_shape_is_not_reopened():
    saved, kept = conversations.save([], None, [turn("Q?")], "extractive")
    older = [{**saved[0], "turns": [{"question": "Q?", "answer": 3}]}]

    assert conversations.find(saved, kept) is not None
    assert conversations.find(older, kept) is None


def test_long_first_questions_make_short_titles_cut_at_a_word():
    title = conversations.title_of([turn("كلمة " * 40)])

    assert title.endswith("…") and len(title) <= conversations.TITLE_CHARS + 1 and "كلم…" not in title


def test_only_the_newest_conversations_are_kept():
    saved: list = []
    for number in range(conversations.MAX_CONVERSATIONS + 5):
        saved, _ = conversations.save(saved, None, [turn(f"Q{number}")], "extractive")

    assert len(saved) == conversations.MAX_CONVERSATIONS and saved[0]["title"] == f"Q{number}"


def test_the_page_secret_is_made_once_and_kept(tmp_path):
    secret = conversations.page_secret(tmp_path / "data")

    assert len(secret) >= 24 and conversations.page_secret(tmp_path / "data") == secret
    assert (tmp_path / "data" / ".conversations-secret").stat().st_mode & 0o077 == 0  # readable by its owner only
