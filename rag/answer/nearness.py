"""Which of a sentence's facts the question's words stand beside: of two dates or figures in one sentence, the one
in the clause that tells what the question asks about answers it.

"وقد استلم الرئاسة في عام 2000" answers when Bashar took office, not his birth date in brackets after his name;
"ولمَّا تمَّ للفاطميين فتح مصر سنة 358هـ" when the Fatimids took Egypt, not the "سنة 300هـ" of the city they
founded first.

On arcd-train 8 more answers open with the asked-for date or figure (one more holds the gold span: 493 of 693 in the
per-question run); on news-dev one more English answer opens with it and none holds the fact less often, though one
Arabic answer now opens with its exception's date (the clause saying Makkah's registration starts a week earlier
holds the question's "قيد الناخبين"; the kingdom-wide date's does not). Counting
only the question's rare terms (its key terms) lost a news-dev answer: "شهري" is in the wrong clause's "الشهرية" and
not in the right one's "شهرياً".
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.clauses import clause_spans
from rag.answer.facts import Fact
from rag.query.analysis import Query
from rag.query.terms import TermGroup, text_keys


def nearest_first(query: Query, text: str, facts: Sequence[Fact]) -> list[Fact]:
    """Return the facts, those whose clause holds more of the question's terms first, in their order otherwise."""
    if len(facts) < 2:
        return list(facts)
    # A term within a fact ("سنة" of "سنة 358هـ", "عام" of "عام 1921") names the kind of fact asked, not its subject.
    within = text_keys(" ".join(fact.text for fact in facts))
    groups = [group for group in query.terms if not group.found_in(*within)]
    spans = clause_spans(text)
    return sorted(facts, key=lambda fact: -_terms_beside(groups, text, spans, fact))


def _terms_beside(groups: Sequence[TermGroup], text: str, spans: Sequence[tuple[int, int]], fact: Fact) -> int:
    """Return how many of the terms the clause holding a fact holds, the fact's own words aside."""
    for start, end in spans:
        if start <= fact.start < end:
            keys = text_keys(f"{text[start : fact.start]} {text[fact.end : end]}")
            return sum(group.found_in(*keys) for group in groups)
    return 0
