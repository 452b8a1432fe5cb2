"""A whole column typed at once reads every cell as the one-cell parsers read it.

`values.coerce` takes the cells that already are what they read as (floats, clean text, dates)
in whole-column numpy steps and parses only the rest; these tests hold it to the one-cell
parsers (`parse_float`, `parse_datetime`, `clean_text` …) on columns of mixed, messy cells.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain import values as V
from orderdesk.schema import ColType, Column

_BLANK = object()
_BAD = object()


def one_by_one(value: Any, kind: ColType, day_first: bool = True) -> Any:
    """What one cell reads as, by the one-cell parsers alone: a value, _BLANK or _BAD."""
    if value is None or value == "":
        return _BLANK
    if isinstance(value, V.CellError):
        return _BAD
    if (
        type(value) is float
        and math.isnan(value)
        and kind
        in (
            ColType.NUMBER,
            ColType.MONEY,
            ColType.RATE,
        )
    ):
        return _BLANK
    try:
        got = V.cell_parser(kind, day_first)(value)
    except V.Unreadable:
        return _BAD
    except (TypeError, ValueError, OverflowError):
        return _BAD
    return _BLANK if got is None else got


def _same(read: Any, want: Any) -> bool:
    if want is _BLANK or want is _BAD:
        return read is None or read is pd.NA or read is pd.NaT or pd.isna(read)
    if isinstance(want, float):
        return isinstance(read, float) and read == want
    return bool(read == want) and type(read) is not type(None)


def check(cells: list[Any], kind: ColType) -> None:
    col = Column("Field", kind)
    series, bad = V.coerce(cells, col)
    assert len(series) == len(cells)
    assert str(series.dtype) == V.DTYPES.get(kind, "str")
    bad_at = {pos for pos, _, _ in bad}
    for i, cell in enumerate(cells):
        want = one_by_one(cell, kind)
        assert (i in bad_at) == (want is _BAD), (i, cell, kind)
        assert _same(series.iloc[i], want), (i, cell, kind, series.iloc[i], want)


texts = st.one_of(
    st.sampled_from(["USD", "usd ", " PCS", "a  b", "Line\nTwo", "Ünïcode", "x|y", "| a", ""]),
    st.text(max_size=8),
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6).map(round),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.sampled_from([0.0, 1.0, 0.3, 100.0, 30.0, 2.0**53, -0.0, 1e11]),
)
moments = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1, 1, 1)),
    st.sampled_from([dt.date(9999, 12, 31), dt.datetime(1600, 1, 1, 5), dt.date(2026, 3, 7)]),
)
cells = st.one_of(
    texts,
    numbers,
    moments,
    st.booleans(),
    st.none(),
    st.sampled_from(["1,234.50", "30%", "yes", "no", "2026-03-07", "07/03/2026", "46000", "  "]),
    st.just(V.CellError("#N/A")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cells, max_size=40), st.sampled_from(list(ColType)))
def test_a_column_reads_as_its_cells_one_by_one(column: list[Any], kind: ColType) -> None:
    check(column, kind)


@pytest.mark.parametrize("kind", list(ColType))
def test_long_columns_of_typical_cells(kind: ColType) -> None:
    # Long enough for several runs of text checked together, with unclean text among clean.
    column: list[Any] = []
    for i in range(1500):
        column += [f"SO-{i:04d}", float(i) / 7, dt.date(2026, 1, 1 + i % 28), None, ""]
    column[700] = " SO-0140"
    column[1303] = "two  spaces"
    column[2999] = "caf\u00e9"
    check(column, kind)


@pytest.mark.parametrize("kind", [ColType.DATE, ColType.DATETIME])
def test_a_datetime_with_a_time_zone_among_plain_ones_is_refused_alone(kind: ColType) -> None:
    # Whole runs of dates and datetimes are converted at once; one with a time zone must not
    # be read as its wall-clock time, nor spoil the plain ones beside it.
    column: list[Any] = [
        dt.datetime(2026, 3, 7, 9, 30, 15, 250) + dt.timedelta(days=i) for i in range(50)
    ]
    column += [dt.date(2026, 1, 1 + i % 28) for i in range(50)]
    column[20] = dt.datetime(2026, 3, 7, 12, tzinfo=dt.UTC)
    check(column, kind)
    _, bad = V.coerce(column, Column("Shipped On", kind))
    assert [pos for pos, _, _ in bad] == [20]


def test_text_with_stray_spaces_is_cleaned_among_clean_text() -> None:
    texts = [f"CU-{i:04d}" for i in range(600)]
    texts[10], texts[300], texts[599] = " CU-0010", "CU-0300 ", "CU-  0599"
    series, bad = V.coerce(texts, Column("Customer", ColType.KEY))
    assert not bad
    assert series[10] == "CU-0010" and series[300] == "CU-0300" and series[599] == "CU- 0599"
    assert series[11] == "CU-0011"


def test_codes_are_upper_cased_and_far_dates_held_at_the_last_day() -> None:
    codes, _ = V.coerce(["usd", "Eur ", None], Column("Currency", ColType.CODE))
    assert codes.tolist()[:2] == ["USD", "EUR"]
    days, _ = V.coerce(
        [dt.date(9999, 12, 31), dt.datetime(2026, 3, 7, 15)], Column("D", ColType.DATE)
    )
    assert list(days) == [pd.Timestamp("2262-04-11"), pd.Timestamp("2026-03-07")]


def test_whole_numbers_and_an_unreadable_one() -> None:
    got, bad = V.coerce([3.0, 2.5, "4", float("nan")], Column("Qty", ColType.INT))
    assert got.tolist()[0] == 3 and got.tolist()[2] == 4
    assert [pos for pos, _, _ in bad] == [1, 3]
