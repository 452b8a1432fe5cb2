"""Reading what staff type: numbers, dates, percentages and yes/no, leniently but never wrongly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderdesk.domain import values as V


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1 234,50", "1234.50"),
        ("12,5", "12.5"),
        ("0,75", "0.75"),
        ("1,234", "1234"),
        ("12,345,678", "12345678"),
        ("1.234.567", "1234567"),
        ("  42 ", "42"),
        ("USD 1,200.00", "1200.00"),
        ("$1,200.00", "1200.00"),
        ("1.200,00 €", "1200.00"),
        ("(300.00)", "-300.00"),
        ("-15", "-15"),
        ("１２３", "123"),  # full-width digits from a CJK input method
        ("١٢٣", "123"),  # Arabic-Indic digits
        (1234.5, "1234.5"),
        (7, "7"),
    ],
)
def test_numbers_as_staff_type_them(typed: object, number: str) -> None:
    assert V.parse_decimal(typed) == Decimal(number)


@pytest.mark.parametrize(
    "typed", ["abc", "1,23,4.5", "12.5.3,1", "1.2.3", "--5", "", True, dt.date(2026, 1, 1)]
)
def test_not_numbers_are_refused_with_a_reason(typed: object) -> None:
    with pytest.raises(V.Unreadable) as info:
        V.parse_decimal(typed)
    assert str(info.value)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_thousands_formatting_round_trips(amount: Decimal) -> None:
    assert V.parse_decimal(f"{amount:,.2f}") == amount
    european = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert V.parse_decimal(european) == amount


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-03-07", dt.date(2026, 3, 7)),
        ("2026/3/7", dt.date(2026, 3, 7)),
        ("20260307", dt.date(2026, 3, 7)),
        ("07.03.2026", dt.date(2026, 3, 7)),
        ("07/03/2026", dt.date(2026, 3, 7)),  # day first by default
        ("03/17/2026", dt.date(2026, 3, 17)),  # only one reading is possible
        ("7 Mar 2026", dt.date(2026, 3, 7)),
        ("March 7, 2026", dt.date(2026, 3, 7)),
        ("7-Mar-26", dt.date(2026, 3, 7)),
        ("7 de marzo de 2026", dt.date(2026, 3, 7)),
        ("7. März 2026", dt.date(2026, 3, 7)),
        ("2026年3月7日", dt.date(2026, 3, 7)),
        ("2026-03-07T14:30:00Z", dt.date(2026, 3, 7)),
        (46088, dt.date(2026, 3, 7)),  # an Excel serial
        (46088.75, dt.date(2026, 3, 7)),
        (dt.datetime(2026, 3, 7, 9, 0), dt.date(2026, 3, 7)),
    ],
)
def test_dates_in_the_forms_staff_use(typed: object, day: dt.date) -> None:
    assert V.parse_date(typed) == day


def test_ambiguous_slash_dates_follow_the_register_setting() -> None:
    assert V.parse_date("03/04/2026", day_first=True) == dt.date(2026, 4, 3)
    assert V.parse_date("03/04/2026", day_first=False) == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    "typed", ["31/02/2026", "2026-13-01", "next week", "12", 5, 99999999, "2026-03-07 25:00"]
)
def test_impossible_dates_are_refused(typed: object) -> None:
    with pytest.raises(V.Unreadable):
        V.parse_date(typed)


@given(st.dates(min_value=dt.date(1951, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_excel_serials_round_trip(day: dt.date) -> None:
    assert V.parse_date(V.to_serial(day)) == day


@pytest.mark.parametrize(
    ("typed", "share"),
    [
        ("30%", "0.3"),
        ("30 %", "0.3"),
        (0.3, "0.3"),
        (30, "0.3"),
        ("12,5%", "0.125"),
        (1, "1"),
        (0, "0"),
    ],
)
def test_percentages(typed: object, share: str) -> None:
    assert V.parse_percent(typed) == Decimal(share)


@pytest.mark.parametrize("typed", [150, "-5%", "lots"])
def test_impossible_percentages(typed: object) -> None:
    with pytest.raises(V.Unreadable):
        V.parse_percent(typed)


@pytest.mark.parametrize("typed", ["yes", "Y", "x", "✓", "是", "sí", "TRUE", 1, True])
def test_yes(typed: object) -> None:
    assert V.parse_bool(typed) is True


@pytest.mark.parametrize("typed", ["no", "N", "否", "nein", "False", 0, False])
def test_no(typed: object) -> None:
    assert V.parse_bool(typed) is False


def test_text_is_trimmed_and_folded_but_kept() -> None:
    assert V.clean_text("  Müller  GmbH ") == "Müller GmbH"
    assert V.clean_text("上海 贸易") == "上海 贸易"
    assert V.clean_text(12345.0) == "12345"
    assert V.clean_text("   ") is None


def test_line_breaks_typed_with_alt_enter_are_kept() -> None:
    marks = "ACME GMBH\r\n  HAMBURG  \nC/NO. 1-84\n\n"
    assert V.clean_text(marks) == "ACME GMBH\nHAMBURG\nC/NO. 1-84"
    assert V.clean_text("\n  x  \n") == "x"
