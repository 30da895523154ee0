"""English names of places and foreign people found through their Arabic spellings."""

from __future__ import annotations

import pytest

from rag.query.latin_names import arabic_spellings, name_key, named_in
from rag.query.terms import question_terms, text_keys
from rag.text.arabic import lexical_tokens

SPELLED = [
    ("Athens", "أثينا"),
    ("Beijing", "بكين"),
    ("Germany", "ألمانيا"),
    ("London", "لندن"),
    ("Hiroshima", "هيروشيما"),
    ("Homs", "حمص"),
    ("Putin", "بوتين"),
    ("Erdogan", "أردوغان"),
    ("Merkel", "ميركل"),
    ("Croatia", "كرواتيا"),
    ("Iran", "إيران"),
    ("Zimbabwe", "زمبابوي"),
]


@pytest.mark.parametrize(("english", "arabic"), SPELLED)
def test_a_known_english_name_has_its_arabic_spelling(english, arabic):
    assert tuple(lexical_tokens(arabic)) in arabic_spellings(english)
    assert tuple(lexical_tokens(arabic)) in arabic_spellings(english.upper())


def test_names_are_looked_up_without_case_accents_hyphens_or_possessives():
    assert name_key("Réunion") == "reunion"
    assert name_key("Al-Hilal") == "al hilal"
    assert name_key("Putin's") == "putin"
    assert arabic_spellings("Putin's") == arabic_spellings("putin")
    assert arabic_spellings("Atlantis Prime") == ()


def test_the_longest_known_run_of_capitalised_words_is_one_name():
    found = [name for name, _ in named_in("Which country, South Korea or the Central African Republic, met Putin?")]
    assert found == ["South Korea", "Central African Republic", "Putin"]


def test_question_words_and_stopwords_never_start_a_name():
    skip = frozenset({"which", "what", "the"})
    assert [name for name, _ in named_in("Which Hiroshima mayor spoke?", skip)] == ["Hiroshima"]
    assert named_in("What did they say?", skip) == []


@pytest.mark.parametrize(
    ("question", "name", "sentence"),
    [
        ("By what percentage had the Athens index fallen?", "Athens", "وهبط مؤشر بورصة أثينا 16 في المئة"),
        ("In which year had Beijing hosted the Summer Games?", "Beijing", "استضافت بكين الألعاب الصيفية في 2008"),
        ("Where did the US jet crash in Germany?", "Germany", "تحطمت طائرة أمريكية في ألمانيا"),
        ("What did Merkel say about Greece?", "Merkel", "قالت ميركل إن اليونان"),
        ("What did Merkel say about Greece?", "Greece", "قالت ميركل إن اليونان"),
        ("Who met Erdogan in Ankara?", "Ankara", "التقى أردوغان في أنقرة"),
    ],
)
def test_an_english_question_s_place_or_person_is_found_in_arabic_text(question, name, sentence):
    tokens, skeletons = text_keys(sentence)
    (group,) = [group for group in question_terms(question, "en") if group.label == name]
    assert group.found_in(tokens, skeletons)
    assert not group.found_in(*text_keys("قال المتحدث إن الاجتماع انتهى"))


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Under what operation name was the air base retaken?", set()),
        ("Roughly how many pilgrims reached Mecca?", {"Mecca"}),
        ("According to Reuters, who won the vote?", {"Reuters"}),
        ("Besides Egypt, which countries took part?", {"Egypt"}),
        ("Near which town did the separatists attack?", set()),
        ("Since when has Lebanon been without a president?", {"Lebanon"}),
        ("Around what date did the outbreak end?", set()),
        ("With whom did Putin speak by telephone?", {"Putin"}),
        ("Name the hotel that gunmen stormed in Mali.", {"Mali"}),
    ],
)
def test_a_capitalised_word_that_opens_a_question_is_not_a_name_to_look_for(question, names):
    from rag.query.analysis import analyse

    opener = question.split()[0].rstrip(",")
    query = analyse(question)
    assert opener not in query.names, query.names
    labels = {term.label for term in question_terms(question, "en")}
    assert opener not in labels, labels
    assert names <= labels, labels
