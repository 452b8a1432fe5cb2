"""Typing the messy cells in: after the core data and every extension, a few cells are replaced
by what staff really type (planted.MESSY), each on a different row that carries no planted
problem, and listed in `Sample.messy` with the value it must read as."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pandas as pd

from orderdesk.sample import Sample
from orderdesk.sample import planted as P
from orderdesk.schema import Customers, Invoices, Orders

Typist = Callable[[Any], str]


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def _european(amount: float) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


_TYPISTS: dict[P.MessyKind, Typist] = {
    P.PRICE_TEXT: lambda v: f"{v:,.2f}",
    P.QTY_TEXT: lambda v: f"{int(v)}",
    P.SKU_SPACE: lambda v: f"{v} ",
    P.DATE_DOTS: lambda v: f"{_day(v):%d.%m.%Y}",
    P.DATE_SLASHES: lambda v: f"{_day(v).year}/{_day(v).month}/{_day(v).day}",
    P.DATE_CJK: lambda v: f"{_day(v).year}年{_day(v).month}月{_day(v).day}日",
    P.INCOTERM_SPACE: lambda v: f"{v} ",
    P.CURRENCY_LOWER: lambda v: str(v).lower(),
    P.PERCENT_TEXT: lambda v: f"{round(v * 100)}%",
    P.AMOUNT_EUROPEAN: _european,
}


def _candidates(sample: Sample, kind: P.MessyKind) -> pd.Series:
    """Which rows this way of typing fits (a boolean mask over the table's frame)."""
    frame = sample.frame(kind.table)
    col = frame[kind.column]
    fits = col.notna()
    if kind is P.PRICE_TEXT:
        fits &= col.ge(1000) & (col % 1).ne(0)
        if not fits.any():
            fits = col.notna()
    elif kind is P.QTY_TEXT:
        fits &= col.ge(1000)
    elif kind is P.PERCENT_TEXT:
        fits &= col.eq(0.3)
    elif kind is P.DATE_DOTS:
        customers = sample.frame(Customers)
        german = customers.loc[customers[Customers.language].eq("de"), Customers.customer_id]
        fits &= frame[Orders.customer].isin(german)
    elif kind is P.AMOUNT_EUROPEAN:
        fits &= frame[Invoices.currency].eq("EUR") & col.ge(1000)
    return fits


def type_messy_cells(sample: Sample, rng: random.Random) -> None:
    planted = {(p.table, p.key) for p in sample.planted}
    # Orders with a planted problem keep only that one: no messy cell on them or their lines.
    taken: set[tuple[type, tuple[Any, ...]]] = {
        (Orders, (p.order_id,)) for p in sample.planted if p.order_id
    }
    for kind in P.MESSY:
        table = kind.table
        frame = sample.frame(table)
        if frame.empty:
            continue
        keys = list(table.keys())
        fits = _candidates(sample, kind)
        candidates = list(frame.index[fits.to_numpy()])
        rng.shuffle(candidates)
        chosen = None
        for index in candidates:
            key = tuple(_plain(frame.at[index, k]) for k in keys)
            # Keep messy cells off planted rows and off each other's rows (an order and its
            # lines count as one).
            if (table, key) in planted or (table, key) in taken or _order_of(key) in taken:
                continue
            chosen = index, key
            break
        if chosen is None:
            continue
        index, key = chosen
        clean = frame.at[index, kind.column]
        raw = _TYPISTS[kind](clean)
        if frame[kind.column].dtype != object:
            frame[kind.column] = frame[kind.column].astype(object)
        frame.at[index, kind.column] = raw
        taken.add((table, key))
        taken.add(_order_of(key))
        sample.messy.append(P.Messy(table, key, kind.column, raw, _plain(clean), kind.how))


def _order_of(key: tuple[Any, ...]) -> tuple[type, tuple[Any, ...]]:
    return (Orders, key[:1])


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value
