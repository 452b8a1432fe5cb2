"""The business-hours clock: the issue's check case, holidays, and properties (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain.aftersales.sla import (
    Calendar,
    CalendarError,
    parse_holidays,
    parse_hours,
    parse_workdays,
)

NINE_TO_SIX = Calendar(parse_workdays("Mon-Fri"), *parse_hours("09:00-18:00"))
FRIDAY_1730 = dt.datetime(2026, 11, 27, 17, 30)  # a Friday


def test_friday_evening_complaint_is_acknowledged_by_monday_half_past_nine() -> None:
    assert FRIDAY_1730.weekday() == 4
    assert NINE_TO_SIX.add_hours(FRIDAY_1730, 1) == dt.datetime(2026, 11, 30, 9, 30)


def test_a_holiday_monday_moves_the_due_time_to_tuesday() -> None:
    cal = Calendar(
        NINE_TO_SIX.workdays, NINE_TO_SIX.start, NINE_TO_SIX.end, parse_holidays("2026-11-30")
    )
    assert cal.add_hours(FRIDAY_1730, 1) == dt.datetime(2026, 12, 1, 9, 30)


def test_solution_within_24_business_hours_spans_three_working_days() -> None:
    # Friday 17:30 + 24 h: 0.5 h Friday, 9 h Monday, 9 h Tuesday, 5.5 h Wednesday → 14:30
    assert NINE_TO_SIX.add_hours(FRIDAY_1730, 24) == dt.datetime(2026, 12, 2, 14, 30)


def test_received_in_the_night_starts_at_nine() -> None:
    assert NINE_TO_SIX.add_hours(dt.datetime(2026, 12, 1, 3, 0), 1) == dt.datetime(2026, 12, 1, 10)


def test_a_sunday_to_thursday_week_reads_as_a_range_that_wraps() -> None:
    assert parse_workdays("Sun-Thu") == frozenset({6, 0, 1, 2, 3})
    cal = Calendar(parse_workdays("Sun-Thu"), dt.time(8), dt.time(17))
    # Thursday 16:30 + 1 h: 0.5 h Thursday, then Sunday 08:00 + 0.5 h
    assert cal.add_hours(dt.datetime(2026, 12, 3, 16, 30), 1) == dt.datetime(2026, 12, 6, 8, 30)


def test_late_hours_count_only_business_time() -> None:
    due = dt.datetime(2026, 11, 30, 9, 30)
    assert NINE_TO_SIX.hours_between(due, dt.datetime(2026, 12, 1, 10, 0)) == 9.5  # 8.5 + 1
    assert NINE_TO_SIX.hours_between(due, due - dt.timedelta(hours=1)) == 0.0


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_workdays, "Mon-Fry"),
        (parse_hours, "9 till 6"),
        (parse_hours, "25:00-26:00"),
        (parse_holidays, "25/12/2026"),
    ],
)
def test_settings_that_make_no_sense_are_refused(parse: object, text: str) -> None:
    with pytest.raises(CalendarError):
        parse(text)  # type: ignore[operator]  # one of the three parsers


def test_a_day_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(CalendarError):
        Calendar(frozenset({0}), dt.time(18), dt.time(9))


calendars = st.builds(
    lambda days, start, length, hols: Calendar(
        frozenset(days),
        dt.time(start),
        dt.time(start + length),
        frozenset(dt.date(2026, 11, 20) + dt.timedelta(days=h) for h in hols),
    ),
    st.sets(st.integers(0, 6), min_size=1),
    st.integers(0, 12),
    st.integers(1, 11),
    st.sets(st.integers(0, 60), max_size=10),
)
moments = st.datetimes(dt.datetime(2026, 11, 1), dt.datetime(2027, 1, 31)).map(
    lambda t: t.replace(second=0, microsecond=0)
)
hours = st.integers(0, 80 * 4).map(lambda q: q / 4)


@settings(max_examples=150, deadline=None)
@given(calendars, moments, hours)
def test_the_due_time_is_exactly_that_many_working_hours_later(
    cal: Calendar, start: dt.datetime, h: float
) -> None:
    due = cal.add_hours(start, h)
    assert due >= start
    assert cal.hours_between(start, due) == pytest.approx(h)
    # the due time is inside working time (its end included), on a working day
    assert cal.working(due.date())
    assert cal.start <= due.time() <= cal.end


@settings(max_examples=100, deadline=None)
@given(calendars, moments, hours, hours)
def test_more_hours_never_fall_due_earlier(
    cal: Calendar, start: dt.datetime, a: float, b: float
) -> None:
    lo, hi = sorted((a, b))
    assert cal.add_hours(start, lo) <= cal.add_hours(start, hi)
