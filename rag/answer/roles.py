"""The office a "who" question asks the holder of, and whether a sentence names someone in that office.

"من رئيس الجمعية الفلكية …؟" asks for whoever a sentence introduces as رئيس: "وقال رئيس الجمعية المهندس ماجد
أبو زاهرة". Any titled name is too loose a test (most news sentences name an official), so only the offices the
question itself names count.
"""

from __future__ import annotations

from rag.answer.names import Name, find_names, person_titles, words_before
from rag.answer.places import is_nationality
from rag.query.analysis import Query
from rag.text.arabic import bare_forms, fold_letters

# How many words before a name the office may stand: "رئيس الجمعية المهندس ماجد" puts two between them.
ROLE_REACH = 3


def asked_roles(query: Query) -> frozenset[str]:
    """Return the offices, folded and without the article, that the question names (its own Arabic words, or the
    Arabic renderings of an English question's terms)."""
    words = {word for term in query.terms for alternative in term.alternatives for word in alternative}
    words |= {fold_letters(token) for token in query.tokens}
    return frozenset(word.removeprefix("ال") for word in words) & person_titles()


def in_asked_role(sentence: str, name: Name, roles: frozenset[str]) -> bool:
    """Return whether one of the asked offices stands just before a name in a sentence ("وقال رئيس الجمعية …")."""
    return any(bare_forms(word) & roles for word in words_before(sentence, name.start, ROLE_REACH))


def names_someone(sentence: str, skip: frozenset[str]) -> bool:
    """Return whether a sentence introduces someone by name: after a title or office ("رئيس الجمعية المهندس ماجد
    …") or a nationality ("بالجزائري مختار بلمختار"); a run of name-like words alone may be a phrase (شروق شمس)."""
    if find_names(sentence, skip=skip, titled=True):
        return True
    for name in find_names(sentence, skip=skip):
        before = words_before(sentence, name.start, 1)
        if before and is_nationality(before[0]):
            return True
    return False
