"""Reporting periods (month, ISO week, year) as integer codes, so grouping stays vectorised.

A period is coded as one integer per date — months as year × 12 + month − 1, weeks as whole weeks
since Monday 1970-01-05, years as the year — and only the distinct codes are turned into labels
("2026-03", "2026-W09", "2026"). Labels of one kind sort in time order as text, too.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, cast, get_args

import numpy as np
import pandas as pd

PeriodKind = Literal["month", "week", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)

_WEEK_ZERO = np.datetime64("1970-01-05", "D")  # a Monday: ISO weeks start on Mondays


def check_kind(kind: str) -> PeriodKind:
    if kind not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {kind!r}")
    return cast(PeriodKind, kind)


def period_codes(dates: pd.Series, kind: PeriodKind) -> np.ndarray:
    """One float code per date (NaN where the date is blank)."""
    when = pd.to_datetime(dates)
    if kind == "month":
        codes = when.dt.year * 12 + when.dt.month - 1
    elif kind == "year":
        codes = when.dt.year
    else:
        days = when.to_numpy(dtype="datetime64[D]")
        weeks = (days - _WEEK_ZERO).astype("float64") // 7
        return np.where(np.isnat(days), np.nan, weeks)
    return codes.to_numpy(dtype="float64", na_value=np.nan)


def period_of(day: dt.date, kind: PeriodKind) -> int:
    return int(period_codes(pd.Series([pd.Timestamp(day)]), kind)[0])


def period_label(code: int, kind: PeriodKind) -> str:
    if kind == "month":
        year, month0 = divmod(int(code), 12)
        return f"{year}-{month0 + 1:02d}"
    if kind == "year":
        return str(int(code))
    monday = dt.date(1970, 1, 5) + dt.timedelta(weeks=int(code))
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def period_start(code: int, kind: PeriodKind) -> dt.date:
    if kind == "month":
        year, month0 = divmod(int(code), 12)
        return dt.date(year, month0 + 1, 1)
    if kind == "year":
        return dt.date(int(code), 1, 1)
    return dt.date(1970, 1, 5) + dt.timedelta(weeks=int(code))


def labels(codes: pd.Series | np.ndarray, kind: PeriodKind) -> np.ndarray:
    """Labels for many codes: each distinct code is formatted once."""
    values = np.asarray(codes, dtype="int64")
    distinct, inverse = np.unique(values, return_inverse=True)
    names = np.array([period_label(int(c), kind) for c in distinct], dtype=object)
    return names[inverse]
