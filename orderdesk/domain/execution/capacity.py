"""Production capacity by product line and week: what is booked, what is left, where an order fits.

Settings gives a monthly capacity per product line (the Products' Category); a week holds
12/52 of it. An order's line loads the week it ships in (its Promised Ship Date), and work can
be done in any earlier week of the horizon: what can still be added by week w is the least, over
w and every later week, of the cumulative spare capacity from this week on (adding to week w
must not leave a later week short). So an over-booked week borrows from the weeks before it, and
an order fits in the first week from which enough is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

WEEKS_PER_MONTH = 52 / 12


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_label(day: dt.date) -> str:
    """ISO week, e.g. 2026-W07."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Load:
    """One order line's quantity of a product line, shipping on a day."""

    order_id: str
    category: str
    qty: float
    ship: dt.date


@dataclass
class CapacityBook:
    """Booked and available quantity per product line for `weeks` weeks from `start` (a
    Monday)."""

    start: dt.date
    weeks: int
    weekly: dict[str, float]  # product line (case-folded) → quantity a week
    names: dict[str, str]  # case-folded → as Settings spells it
    booked: dict[str, np.ndarray] = field(default_factory=dict)
    fillers: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, monthly: Mapping[str, float], today: dt.date, weeks: int, loads: Iterable[Load] = ()
    ) -> CapacityBook:
        book = cls(
            start=monday(today),
            weeks=weeks,
            weekly={k.casefold(): float(v) / WEEKS_PER_MONTH for k, v in monthly.items()},
            names={k.casefold(): k for k in monthly},
        )
        for load in loads:
            book.book(load)
        return book

    def knows(self, category: str) -> bool:
        return category.casefold() in self.weekly

    def week_of(self, day: dt.date) -> int:
        return (day - self.start).days // 7

    def week_start(self, index: int) -> dt.date:
        return self.start + dt.timedelta(weeks=index)

    def _booked(self, key: str) -> np.ndarray:
        if key not in self.booked:
            self.booked[key] = np.zeros(self.weeks)
        return self.booked[key]

    def book(self, load: Load) -> None:
        """Add a load to the week it ships in (outside the horizon: not counted)."""
        key = load.category.casefold()
        week = self.week_of(load.ship)
        if key not in self.weekly or not 0 <= week < self.weeks:
            return
        self._booked(key)[week] += load.qty
        self.fillers.setdefault((key, week), []).append(load.order_id)

    def addable(self, category: str) -> np.ndarray:
        """Per week: the most that can still be added shipping that week."""
        key = category.casefold()
        spare = np.cumsum(self.weekly[key] - self._booked(key))
        return np.minimum.accumulate(spare[::-1])[::-1]

    def first_fit(self, category: str, qty: float, not_before: dt.date) -> int | None:
        """The first week (index) from `not_before` on in which `qty` fits; None: none does."""
        first = max(self.week_of(not_before), 0)
        room = self.addable(category)[first:]
        fits = np.flatnonzero(room >= qty - 1e-9)
        return None if not len(fits) else first + int(fits[0])
