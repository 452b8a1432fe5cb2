"""Consistency: amounts that must add up, dates that must come in order, a deposit that must match
the payment terms, Incoterms that must fit the transport and name a destination, quantities and
prices above zero, customer PO numbers used once, confirmed orders with lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import numpy as np
import pandas as pd

from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.incoterms import Incoterm, TransportMode, incoterm, transport_mode
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.domain.validation.registry import ERROR, WARNING, Hits, hits, rule, show
from orderdesk.domain.validation.view import (
    CONFIRMED,
    Tables,
)
from orderdesk.schema import OrderLines, Orders, Table


@cache
def half_minor_unit(currency: object) -> float:
    """Half of a currency's minor unit (0.005 for USD, 0.5 for JPY); 0.005 when unknown."""
    if not isinstance(currency, str):
        return 0.005
    try:
        return 0.5 * 10.0 ** -minor_units(currency)
    except Exception:  # an unknown currency is reported by CURRENCY-UNKNOWN
        return 0.005


def _tolerance(t: Tables, table: type[Table]) -> pd.Series:
    """Half a minor unit of the currency of each row's order."""
    if table is Orders:
        return t.each(Orders, Orders.currency, half_minor_unit).fillna(0.005).astype(float)
    if not t.has(Orders):
        return pd.Series(0.005, index=t[table].frame.index)
    return t.from_orders(table, _tolerance(t, Orders), 0.005).astype(float)


def _beyond(diff: pd.Series, tolerance: pd.Series, scale: pd.Series) -> pd.Series:
    # Float sums carry noise far below a minor unit; only a real difference counts.
    return diff.abs() > tolerance + 1e-9 * scale.abs().clip(lower=1)


def _money(x: float) -> str:
    return show(OrderLines.amount, round(float(x), 6))


@rule("AMOUNT-MISMATCH", ERROR, OrderLines, title="line amount ≠ qty × unit price")
def amount_mismatch(t: Tables) -> Iterator[Hits]:
    frame = t[OrderLines].frame
    amount = frame[OrderLines.amount]
    expected = frame[OrderLines.qty] * frame[OrderLines.unit_price]
    tolerance = _tolerance(t, OrderLines)
    diff = amount - expected
    bad = (
        amount.notna()
        & expected.notna()
        & _beyond(diff, tolerance, expected)
        & t.active(OrderLines)
    )
    yield hits(
        OrderLines,
        OrderLines.amount,
        bad,
        lambda rows: [
            f"qty × unit price = {_money(expected.loc[r])} (a difference of {_money(diff.loc[r])})"
            for r in rows
        ],
    )


@rule("TOTAL-MISMATCH", ERROR, Orders, OrderLines, title="order total ≠ sum of its lines")
def total_mismatch(t: Tables) -> Iterator[Hits]:
    orders = t[Orders].frame
    value = t.line_value
    line_sum = t.per_order(value.fillna(0.0).to_numpy())
    count = t.per_order(np.ones(len(value)))
    unknown = t.per_order(value.isna().to_numpy(dtype=float))
    total = orders[Orders.order_total]
    tolerance = _tolerance(t, Orders)
    diff = total - line_sum
    bad = (
        total.notna()
        & (count > 0)
        & (unknown == 0)
        & _beyond(diff, tolerance, total)
        & t.active(Orders)
    )
    yield hits(
        Orders,
        Orders.order_total,
        bad,
        lambda rows: [
            f"its {int(count.loc[r])} line(s) on {OrderLines.sheet} add up to "
            f"{_money(line_sum.loc[r])} (a difference of {_money(diff.loc[r])})"
            for r in rows
        ],
    )


@rule("DATE-ORDER", ERROR, Orders, title="not order date ≤ promised ship date ≤ requested delivery")
def date_order(t: Tables) -> Iterator[Hits]:
    """The promised ship date is the date the desk set, so it carries the finding when it is
    out of order (before the order, or after the delivery the customer asked for); without a
    promise, a requested delivery before the order date carries it."""
    frame = t[Orders].frame
    ordered = frame[Orders.order_date]
    ship = frame[Orders.promised_ship]
    wanted = frame[Orders.requested_delivery]
    active = t.active(Orders)
    ship_early = active & ordered.notna() & ship.notna() & (ship < ordered)
    ship_late = active & ~ship_early & ship.notna() & wanted.notna() & (wanted < ship)

    def reason(rows: pd.Index) -> list[str]:
        return [
            f"before the order date {show(Orders.order_date, ordered.loc[r])}"
            if ship_early.loc[r]
            else f"after the requested delivery {show(Orders.requested_delivery, wanted.loc[r])}"
            for r in rows
        ]

    yield hits(Orders, Orders.promised_ship, ship_early | ship_late, reason)
    before_order = active & ship.isna() & ordered.notna() & wanted.notna() & (wanted < ordered)
    yield hits(
        Orders,
        Orders.requested_delivery,
        before_order,
        lambda rows: [
            f"before the order date {show(Orders.order_date, ordered.loc[r])}" for r in rows
        ],
    )


def _deposit_of(text: object) -> float:
    term = payment_term(str(text))
    return float(term.deposit) if term else np.nan


@rule("DEPOSIT-TERMS", WARNING, Orders, title="deposit % differs from the payment terms' deposit")
def deposit_terms(t: Tables) -> Iterator[Hits]:
    frame = t[Orders].frame
    deposit = frame[Orders.deposit_pct]
    terms = t.order_terms
    expected = t.each(Orders, Orders.payment_terms, _deposit_of).astype(float)
    bad = (
        t.active(Orders)
        & deposit.notna()
        & expected.notna()
        & ((deposit - expected).abs() > 0.0049)
    )
    yield hits(
        Orders,
        Orders.deposit_pct,
        bad,
        lambda rows: [
            f"the payment terms {terms.loc[r].code} ask for a {expected.loc[r]:.0%} deposit"
            for r in rows
        ],
    )


_NOT_ALNUM = re.compile(r"[\W_]+")
_SEPARATORS = str.maketrans("", "", " -_/.#:")


def po_key(value: object) -> str | None:
    """A PO number as staff type it, reduced to what identifies it: 'PO 4500123', 'po-4500123'
    and 'PO4500123' are one number."""
    if not isinstance(value, str):
        return None
    key = value.casefold().translate(_SEPARATORS)
    return (key if key.isalnum() else _NOT_ALNUM.sub("", key)) or None


@rule(
    "PO-DUPLICATE",
    WARNING,
    Orders,
    title="the same customer PO number on two orders of one customer",
)
def po_duplicate(t: Tables) -> Iterator[Hits]:
    frame = t[Orders].frame
    po = t.each(Orders, Orders.customer_po, po_key)
    customer = t.each(Orders, Orders.customer, lambda v: " ".join(str(v).split()).casefold())
    usable = t.active(Orders) & po.notna() & customer.notna()
    keys = pd.DataFrame({"customer": customer[usable], "po": po[usable]})
    dup = keys.duplicated(keep=False)
    if not dup.any():
        return
    ids = frame[Orders.order_id]
    groups = keys[dup].groupby(["customer", "po"]).groups
    others: dict[int, str] = {}
    for rows in groups.values():
        for r in rows:
            names = [f"{ids.loc[o] or '?'} (row {int(o)})" for o in rows if o != r]
            others[int(r)] = ", ".join(names)
    mask = pd.Series(frame.index.isin(list(others)), index=frame.index)
    yield hits(
        Orders,
        Orders.customer_po,
        mask,
        lambda rows: [
            f"the same customer PO is on order {others[int(r)]} of this customer" for r in rows
        ],
    )


@rule("QTY-NOT-POSITIVE", ERROR, OrderLines, title="quantity ≤ 0")
def qty_not_positive(t: Tables) -> Iterator[Hits]:
    qty = t[OrderLines].frame[OrderLines.qty]
    yield hits(
        OrderLines, OrderLines.qty, t.active(OrderLines) & (qty <= 0), "a quantity must be above 0"
    )


@rule("PRICE-NOT-POSITIVE", ERROR, OrderLines, title="unit price ≤ 0")
def price_not_positive(t: Tables) -> Iterator[Hits]:
    price = t[OrderLines].frame[OrderLines.unit_price]
    yield hits(
        OrderLines,
        OrderLines.unit_price,
        t.active(OrderLines) & (price <= 0),
        "a unit price must be above 0 (a free sample still needs its value for customs)",
    )


@rule("NO-LINES", ERROR, Orders, OrderLines, title="an order from 'confirmed' on without any lines")
def no_lines(t: Tables) -> Iterator[Hits]:
    with_lines = t.first_rows(OrderLines, OrderLines.order_id)
    bad = (
        t[Orders].frame[Orders.order_id].notna()
        & ~t.known(Orders, Orders.order_id, with_lines)
        & (t.order_rank >= CONFIRMED)
    )
    yield hits(
        Orders,
        Orders.order_id,
        bad,
        f"the order has no lines on the {OrderLines.sheet} sheet; from 'confirmed' on it needs them",
    )


def _waterborne(mode: TransportMode | None) -> bool | None:
    return None if mode is None else mode.is_waterborne


def _sea_only(term: Incoterm | None) -> bool:
    return bool(term and term.sea_only)


_MULTIMODAL_TWIN = {"FAS": "FCA", "FOB": "FCA", "CFR": "CPT", "CIF": "CIP"}


@rule(
    "INCOTERM-MODE",
    ERROR,
    Orders,
    title="FAS/FOB/CFR/CIF with transport other than sea or inland waterway",
)
def incoterm_mode(t: Tables) -> Iterator[Hits]:
    mode = t.each(Orders, Orders.transport_mode, transport_mode)
    by_water = t.each(Orders, Orders.transport_mode, lambda v: _waterborne(transport_mode(v)))
    sea_only = t.each(Orders, Orders.incoterm, lambda v: _sea_only(incoterm(v)))
    bad = sea_only.eq(True) & by_water.eq(False) & t.active(Orders)

    def reason(rows: pd.Index) -> list[str]:
        out = []
        for r in rows:
            code = t.order_incoterm.loc[r].code
            out.append(
                f"{code} is for sea and inland waterway transport only, and this order goes "
                f"by {mode.loc[r].value}; use {_MULTIMODAL_TWIN[code]} (or correct the transport mode)"
            )
        return out

    yield hits(Orders, Orders.incoterm, bad, reason)


@rule("INCOTERM-PLACE", ERROR, Orders, title="a C- or D-term without a named place")
def incoterm_place(t: Tables) -> Iterator[Hits]:
    bad = (
        t.order_needs_destination
        & ~t.order_place_in_incoterm
        & t.blank(Orders, Orders.named_place)
        & t.active(Orders)
    )
    code = t.order_incoterm
    yield hits(
        Orders,
        Orders.named_place,
        bad,
        lambda rows: [
            f"{code.loc[r].code} names the place of destination (e.g. '{code.loc[r].code} Rotterdam'); "
            "fill in the named place"
            for r in rows
        ],
    )
