"""Business-hours clocks: when a complaint's acknowledgement and solution fall due.

The company's calendar (Settings: working days, working hours, holidays) says which minutes
count. `Calendar.add_hours(start, h)` is the moment `h` working hours after `start` (a complaint
received outside working time starts its clock at the next working minute); `hours_between`
counts the working hours of an interval, which is how late a breach is. Exact to the minute.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from orderdesk.errors import OrderDeskError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MAX_DAYS = 3 * 366  # a calendar with fewer working days than this in three years is an error


class CalendarError(OrderDeskError):
    """A calendar setting that cannot be read (the action names the Settings cell)."""


@dataclass(frozen=True)
class Calendar:
    """Working weekdays (0 = Monday), the working day's start and end, and holidays."""

    workdays: frozenset[int] = frozenset(range(5))
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.workdays:
            raise CalendarError("no working day in the week")
        if self.end <= self.start:
            raise CalendarError(f"working hours end ({self.end:%H:%M}) before they start")

    def working(self, day: dt.date) -> bool:
        return day.weekday() in self.workdays and day not in self.holidays

    def _minutes(self, t: dt.time) -> int:
        return t.hour * 60 + t.minute

    def _span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return dt.datetime.combine(day, self.start), dt.datetime.combine(day, self.end)

    def _next_day(self, day: dt.date) -> dt.date:
        for _ in range(_MAX_DAYS):
            day += dt.timedelta(days=1)
            if self.working(day):
                return day
        raise CalendarError("no working day within three years (every day a holiday?)")

    def add_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` working hours after `start` (to the minute)."""
        left = round(hours * 60)
        at = start.replace(second=0, microsecond=0)
        if start.second or start.microsecond:
            at += dt.timedelta(minutes=1)
        day = at.date()
        if not self.working(day):
            day = self._next_day(day)
            at = self._span(day)[0]
        while True:
            open_, close = self._span(day)
            at = max(at, open_)
            if at < close:
                room = int((close - at).total_seconds() // 60)
                if left <= room:
                    return at + dt.timedelta(minutes=left)
                left -= room
            day = self._next_day(day)
            at = self._span(day)[0]

    def hours_between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Working hours from `a` to `b` (0 when `b` is not after `a`)."""
        if b <= a:
            return 0.0
        minutes = 0.0
        day = a.date()
        for _ in range((b.date() - a.date()).days + 1):
            if self.working(day):
                open_, close = self._span(day)
                lo, hi = max(a, open_), min(b, close)
                if hi > lo:
                    minutes += (hi - lo).total_seconds() / 60
            day += dt.timedelta(days=1)
        return minutes / 60


# --- reading the Settings values --------------------------------------------------------------


def parse_workdays(text: str) -> frozenset[int]:
    """ "Mon-Fri", "Mon, Tue, Thu", "Sun-Thu" (a range may wrap), "mon fri"."""
    out: set[int] = set()
    for part in re.split(r"[,;\s]+", text.strip().lower()):
        if not part:
            continue
        ends = part.split("-")
        try:
            idx = [DAY_NAMES.index(e.strip()[:3]) for e in ends]
        except ValueError:
            raise CalendarError(
                f"'{part}' is not a day or a range of days (Mon, Tue … Sun; Mon-Fri)"
            ) from None
        if len(idx) == 1:
            out.add(idx[0])
        elif len(idx) == 2:
            span = (idx[1] - idx[0]) % 7
            out.update((idx[0] + i) % 7 for i in range(span + 1))
        else:
            raise CalendarError(f"'{part}' is not a range of days")
    if not out:
        raise CalendarError("no working day given")
    return frozenset(out)


def parse_hours(text: str) -> tuple[dt.time, dt.time]:
    """ "09:00-18:00", "9-18", "8:30–17:30"."""
    m = re.fullmatch(
        r"\s*(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?\s*", text.replace("to", "-")
    )
    if not m:
        raise CalendarError(f"'{text}' is not a span of hours such as 09:00-18:00")
    h1, m1, h2, m2 = (int(g or 0) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise CalendarError(f"'{text}' is not a span of hours such as 09:00-18:00")
    end = dt.time(23, 59) if h2 == 24 else dt.time(h2, m2)
    return dt.time(h1, m1), end


def parse_holidays(text: str) -> frozenset[dt.date]:
    """ISO dates separated by commas, semicolons or spaces: "2026-12-25, 2027-01-01"."""
    out = set()
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            out.add(dt.date.fromisoformat(part))
        except ValueError:
            raise CalendarError(f"'{part}' is not a date (YYYY-MM-DD)") from None
    return frozenset(out)
