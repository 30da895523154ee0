"""Metadata filters (outlets, date range) shared by every search path."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any

from rag.errors import InputError
from rag.text.arabic import western_digits

# The outlet's metadata key in Chroma. Stores written before the code called it `outlet` hold it as "source",
# so the stored name stays and they open unchanged.
OUTLET_KEY = "source"

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def date_key(date: str | None) -> int:
    """Return yyyymmdd as an int for a full ISO date, 0 when the date or its year is unknown."""
    match = _FULL_DATE.match(date or "")
    return int("".join(match.groups())) if match else 0


def _bound(value: str, *, upper: bool) -> int:
    """Return the yyyymmdd key of a user's date bound: 2024, 2024-07 or 2024-07-06."""
    value = western_digits(value.strip())
    try:
        if match := _FULL_DATE.match(value):
            day = datetime.date(*map(int, match.groups()))
        elif match := _YEAR_MONTH.match(value):
            year, month = int(match.group(1)), int(match.group(2))
            last = calendar.monthrange(year, month)[1]
            day = datetime.date(year, month, last if upper else 1)
        elif match := _YEAR.match(value):
            day = datetime.date(int(match.group(1)), 12, 31) if upper else datetime.date(int(match.group(1)), 1, 1)
        else:
            raise ValueError(value)
    except ValueError:
        raise InputError(f"The date {value!r} is not a date; write it as 2024, 2024-07 or 2024-07-06.") from None
    return int(day.strftime("%Y%m%d"))


@dataclass(frozen=True)
class SearchFilter:
    """Which chunks a search may return: any of `outlets`, dated within [date_from, date_to]."""

    outlets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        low, high = self.bounds()
        if low and high and low > high:
            raise InputError(
                f"The date range {self.date_from} to {self.date_to} is empty; the start must not be after the end."
            )

    def bounds(self) -> tuple[int, int]:
        """Return the (from, to) yyyymmdd keys, 0 where open."""
        low = _bound(self.date_from, upper=False) if self.date_from else 0
        high = _bound(self.date_to, upper=True) if self.date_to else 0
        return low, high

    @property
    def is_empty(self) -> bool:
        """Return whether this filter lets every chunk through."""
        return not self.outlets and not self.date_from and not self.date_to

    def to_where(self) -> dict[str, Any] | None:
        """Return the Chroma `where` clause for this filter, or None when it filters nothing."""
        clauses: list[dict[str, Any]] = []
        if self.outlets:
            clauses.append({OUTLET_KEY: {"$in": list(self.outlets)}})
        low, high = self.bounds()
        if low:
            clauses.append({"date_key": {"$gte": low}})
        if high:
            clauses.append({"date_key": {"$lte": high}})
        if high and not low:
            clauses.append({"date_key": {"$gt": 0}})  # undated articles fall outside any range
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}
