"""The whole days a question names, and the window of articles published on them."""

from __future__ import annotations

import pytest

from rag.index.filters import SearchFilter
from rag.query.analysis import analyse
from rag.query.dates import days_filter, named_dates, published_near

NAMED = [
    ("What was the price of gold on 10 August 2015?", ("2015-08-10",)),
    ("What happened on 3 March 2024 in Gaza?", ("2024-03-03",)),
    ("On August 9, 2015, who spoke?", ("2015-08-09",)),
    ("What did the minister say on December 31 2023?", ("2023-12-31",)),
    ("What were the closing levels on 10 and 11 August 2015?", ("2015-08-10", "2015-08-11")),
    ("Who was killed between 5 and 8 August 2015?", ("2015-08-05", "2015-08-06", "2015-08-07", "2015-08-08")),
    ("كم نقطة خسر المؤشر في تداولات 11 أغسطس 2015؟", ("2015-08-11",)),
    ("ماذا حدث في ١٠ آب ٢٠١٥؟", ("2015-08-10",)),
    ("ماذا قال الوزير يوم 5 من شهر يناير 2020؟", ("2020-01-05",)),
    ("ماذا حدث في 2 كانون الثاني 2016؟", ("2016-01-02",)),
    ("من قتل بين 5 و8 أغسطس 2015؟", ("2015-08-05", "2015-08-06", "2015-08-07", "2015-08-08")),
    ("أين جرت العملية ليلة 9–10 أغسطس 2015؟", ("2015-08-09", "2015-08-10")),
    ("What happened in early August 2015?", ()),  # a month pins no day
    ("Who won in 2015?", ()),
    ("What happened on 31 June 2015?", ()),  # not a day of the calendar
    ("ماذا حدث في 10 شوال 1436؟", ()),  # Hijri dates are left to the answer layer
    ("How many of the 156 meetings had Al-Hilal won?", ()),
    ("Which reactor restarted, the first in 2 years?", ()),
]


@pytest.mark.parametrize(("question", "days"), NAMED)
def test_the_whole_days_a_question_names_are_found(question, days):
    assert named_dates(question) == days


def test_an_analysed_question_carries_its_days_and_a_follow_up_its_parent_s():
    assert analyse("Who spoke on 10 August 2015?").dates == ("2015-08-10",)
    follow = analyse("And who else?", (("Who spoke on 10 August 2015?", "The minister."),))
    assert follow.dates == ("2015-08-10",)


@pytest.mark.parametrize(
    ("published", "near"),
    [("2015-08-10", True), ("2015-08-11", True), ("2015-08-12", False), ("2015-08-09", False), (None, False)],
)
def test_news_of_a_day_is_published_that_day_or_the_next(published, near):
    assert published_near(published, ("2015-08-10",)) is near


def test_the_window_runs_from_the_first_day_to_the_day_after_the_last():
    window = days_filter(("2015-08-10", "2015-08-11"))
    assert window == SearchFilter(date_from="2015-08-10", date_to="2015-08-12")
    assert days_filter(()) is None


def test_the_window_stays_inside_the_user_s_own_filter():
    mine = SearchFilter(outlets=("واس",), date_from="2015-08-11", date_to="2015-12")
    assert days_filter(("2015-08-10",), mine) == SearchFilter(
        outlets=("واس",), date_from="2015-08-11", date_to="2015-08-11"
    )
    assert days_filter(("2015-08-10",), SearchFilter(date_to="2015-08-01")) is None
