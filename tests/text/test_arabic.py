"""Arabic normalisation: what matches, what stays as written."""

import pytest

from rag.text.arabic import clean, detect_language, keyword_forms, lexical, lexical_tokens

OBFUSCATED = [
    ("مواجـ.ـهة", "مواجهة"),
    ("تكـ.ـتم", "تكتم"),
    ("السـ.ـرية", "السرية"),
    ("فيـ.ـروس كـ.ـورونا", "فيروس كورونا"),
    ("الحـ.ـرس الثـ.ـوري", "الحرس الثوري"),
    ("اللاسـ.ـلكي", "اللاسلكي"),
    ("داعـ ـش", "داعش"),
    ("داعـ . ـش", "داعش"),
    ("داعـ.ش", "داعش"),
    ("داع.ـش", "داعش"),
]
# A tatweel before a space ends a word (the Hijri mark, a dash drawn with it): the next word stays another word.
ENDED_BY_TATWEEL = [
    ("الرياض 26 شوال 1436 هـ الموافق 11 اغسطس", "الرياض 26 شوال 1436 ه الموافق 11 اغسطس"),
    ("يبدأ في 7-11-1436 هـ وينتهي", "يبدأ في 7-11-1436 ه وينتهي"),
    ("صدر عام 1436هـ. وقال المتحدث", "صدر عام 1436ه. وقال المتحدث"),
    ("الدمام ـ واس", "الدمام  واس"),
    ("الملك سلمان حفظهـ الله", "الملك سلمان حفظه الله"),
]


@pytest.mark.parametrize(("written", "matched"), OBFUSCATED + ENDED_BY_TATWEEL)
def test_obfuscated_words_are_repaired_and_a_word_ended_by_a_tatweel_is_joined_to_none(written, matched):
    assert clean(written) == matched


@pytest.mark.parametrize("kept", ["د.محمد", "أ.د.", "3.5", "U.S.", "د. محمد", "2024.07.06"])
def test_abbreviations_and_decimals_stay_as_written(kept):
    assert clean(kept) == kept


def test_clean_removes_diacritics_tatweel_and_invisible_controls():
    assert clean("هنّأه") == "هنأه"
    assert clean("الرئيـــس") == "الرئيس"
    assert clean("سو\u200bريا\u200f") == "سوريا"
    assert clean("\u202bبوتين\u202c") == "بوتين"


def test_clean_maps_digits_and_persian_letters():
    assert clean("رقم (٢٨٠٣)") == "رقم (2803)"
    assert clean("۱۴۰۳") == "1403"
    assert clean("فلسطین کرد") == "فلسطين كرد"


def test_clean_applies_nfkc_to_presentation_forms():
    assert clean("ﻻ") == "لا"


def test_lexical_folds_letters_and_strips_clitic_prefixes():
    assert lexical("أحمد إبراهيم آمال") == lexical("احمد ابراهيم امال")
    assert lexical("مستشفى") == "مستشفي"
    assert lexical("الجامعة") == "جامعه"
    assert lexical_tokens("وبالجامعة العربية") == ["جامعه", "عربيه"]


def test_lexical_form_is_the_same_for_question_and_document_spellings():
    document = "قال وزير الخارجية إن الحـ.ـرس الثـ.ـوري أرسل ٤٠ جهازاً"
    question = "ماذا قال وزير الخارجيه عن الحرس الثوري و40"
    shared = set(lexical_tokens(document)) & set(lexical_tokens(question))
    assert {"وزير", "خارجيه", "حرس", "ثوري", "40"} <= shared


def test_short_words_keep_their_letters():
    assert lexical_tokens("ولد") == ["ولد"]
    assert lexical_tokens("فيروس") == ["فيروس"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("من كشف عن الاتصال الهاتفي؟", "ar"),
        ("Who did Putin invite to visit Russia?", "en"),
        ("What did بوتين say?", "en"),
        ("ماذا قال Putin عن سوريا؟", "ar"),
    ],
)
def test_language_of_a_question(text, language):
    assert detect_language(text) == language


# A question's keyword is also looked for without a one-letter proclitic and without an attached pronoun (with its
# ta marbuta restored); a form that is no word matches nothing. A bare form of three letters is not looked for (too
# many words are another word without their first letter); ه and نا are not stripped (ta marbuta, word endings).
KEYWORD_FORMS = [
    ("بلندن", ("بلندن", "لندن")),
    ("بفوزه", ("بفوزه", "فوزه")),
    ("لمحافظه", ("لمحافظه", "محافظه")),
    ("فتسجيل", ("فتسجيل", "تسجيل")),
    ("كمدينه", ("كمدينه", "مدينه")),
    ("فرنسا", ("فرنسا", "رنسا")),
    ("لعمر", ("لعمر",)),
    ("بحر", ("بحر",)),
    ("مدرسه", ("مدرسه",)),
    ("انتخابات", ("انتخابات",)),
    ("رحلتها", ("رحلتها", "رحلت", "رحله")),
    ("مشوارها", ("مشوارها", "مشوار")),
    ("قيادتهم", ("قيادتهم", "قيادت", "قياده")),
    ("بلادكم", ("بلادكم", "لادكم", "بلاد")),  # each form strips one thing: a proclitic or a pronoun
    ("بفوزهما", ("بفوزهما", "فوزهما", "بفوز")),
    ("منها", ("منها",)),
    ("مدرسه", ("مدرسه",)),
    ("london", ("london",)),
    ("2015", ("2015",)),
]


@pytest.mark.parametrize(("token", "forms"), KEYWORD_FORMS)
def test_a_keyword_is_also_looked_for_without_a_one_letter_proclitic_or_an_attached_pronoun(token, forms):
    assert keyword_forms(token) == forms


def test_keyword_forms_apply_to_lexical_tokens_after_the_conjunction_and_article_are_stripped():
    tokens = lexical_tokens("وبلندن وبالمدينة")
    assert [keyword_forms(token) for token in tokens] == [("بلندن", "لندن"), ("مدينه",)]
