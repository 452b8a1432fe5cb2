"""What happened with each supplier in each period: counts and sums the formulas score from.

Everything is computed over whole columns (pandas/numpy), one groupby per kind of fact, so 200,000
purchase lines take a fraction of a second. Rows with a blank supplier are not purchase lines and
are left out; dates after today are typing mistakes or plans and are not counted yet.

Which period a fact belongs to:
- on time and price: the period of the line's Supplier Due date (price: once that date has come);
- quality: the period of its Supplier Delivered date;
- complaints: the period of the complaint's Date, traced to a supplier through the complaint's
  Supplier, or else through the purchase line of the same order and SKU;
- responsiveness: the period the request was Sent.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from orderdesk.domain.reference.fx import rates_vector
from orderdesk.domain.suppliers.frames import empty_frame, lookup, stage_in
from orderdesk.domain.suppliers.periods import PeriodKind, period_codes, period_of
from orderdesk.schema import (
    Complaints,
    OrderLines,
    Orders,
    Products,
    Stage,
    SupplierRequests,
    Suppliers,
)

# Fact columns (internal names; the sheet shows scores, not these).
N_DUE = "n_due"
N_ON_DATE = "n_on_date"
N_OTIF = "n_otif"
N_DELIVERED = "n_delivered"
INSPECTED_QTY = "inspected_qty"
ACCEPTED_QTY = "accepted_qty"
N_COMPLAINTS = "n_complaints"
SPEND_VS_MEDIAN = "spend_vs_median"
REF_MEDIAN = "ref_median"
SPEND_VS_TARGET = "spend_vs_target"
REF_TARGET = "ref_target"
N_REQUESTS = "n_requests"
REQUEST_POINTS = "request_points"
FACT_COLUMNS = (
    N_DUE,
    N_ON_DATE,
    N_OTIF,
    N_DELIVERED,
    INSPECTED_QTY,
    ACCEPTED_QTY,
    N_COMPLAINTS,
    SPEND_VS_MEDIAN,
    REF_MEDIAN,
    SPEND_VS_TARGET,
    REF_TARGET,
    N_REQUESTS,
    REQUEST_POINTS,
)
SUPPLIER, CODE = "supplier", "code"


@dataclass
class ScoreInputs:
    """The register tables the scorecard reads, as typed frames (columns = schema headers)."""

    lines: pd.DataFrame = field(default_factory=lambda: empty_frame(OrderLines))
    suppliers: pd.DataFrame = field(default_factory=lambda: empty_frame(Suppliers))
    products: pd.DataFrame = field(default_factory=lambda: empty_frame(Products))
    complaints: pd.DataFrame = field(default_factory=lambda: empty_frame(Complaints))
    requests: pd.DataFrame = field(default_factory=lambda: empty_frame(SupplierRequests))
    orders: pd.DataFrame = field(default_factory=lambda: empty_frame(Orders))
    base_currency: str = "USD"


def lines_in_play(lines: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The order lines minus those of cancelled orders: a cancelled order's purchase is called
    off too, so its supplier is neither late nor scored on it."""
    cancelled = orders.loc[stage_in(orders[Orders.stage], (Stage.CANCELLED,)), Orders.order_id]
    return lines[~lines[OrderLines.order_id].isin(cancelled)]


@dataclass(frozen=True)
class LineStatus:
    """Per purchase line: is it due (counted), delivered on its date, delivered in full."""

    purchase: pd.Series  # has a supplier
    counted: pd.Series  # delivered, or its due date has passed
    on_date: pd.Series  # delivered on or before the due date
    in_full: pd.Series  # delivered quantity ≥ ordered quantity
    delivered_qty: pd.Series  # a delivery date without a quantity counts as the full quantity


def line_status(lines: pd.DataFrame, today: dt.date) -> LineStatus:
    """The delivery status of every purchase line as of `today` (shared with the KPIs)."""
    now = pd.Timestamp(today)
    supplier = lines[OrderLines.supplier]
    due = pd.to_datetime(lines[OrderLines.supplier_due])
    delivered = pd.to_datetime(lines[OrderLines.supplier_delivered])
    qty = pd.to_numeric(lines[OrderLines.qty], errors="coerce").astype("float64")
    dq = pd.to_numeric(lines[OrderLines.delivered_qty], errors="coerce").astype("float64")
    was_delivered = delivered.notna() & (delivered <= now)
    dq = dq.where(dq.notna() | ~was_delivered, qty)
    purchase = supplier.notna()
    in_full = dq.notna() & (qty.isna() | (dq >= qty - 1e-9))
    counted = purchase & due.notna() & (due <= now) & (was_delivered | (due < now))
    on_date = was_delivered & (delivered <= due)
    return LineStatus(purchase, counted, on_date, in_full & was_delivered, dq)


class _Suppliers:
    """Supplier IDs as integer codes shared by every table: text is hashed once per table, and
    every grouping after that runs on integers."""

    def __init__(self, *columns: pd.Series) -> None:
        values = [c.astype("object").to_numpy(dtype=object) for c in columns]
        codes, self.names = pd.factorize(np.concatenate(values) if values else np.array([]))
        bounds = np.cumsum([0, *(len(v) for v in values)])
        self.codes = [codes[a:b] for a, b in itertools.pairwise(bounds)]


def _group(supplier: np.ndarray, period: np.ndarray, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sums of `values` per supplier × period, keyed by one int64 (supplier << 32 | period)."""
    ok = (supplier >= 0) & ~np.isnan(period) & (period >= 0)
    key = (supplier[ok].astype("int64") << 32) | period[ok].astype("int64")
    frame = pd.DataFrame({k: np.asarray(v, dtype="float64")[ok] for k, v in values.items()})
    return frame.groupby(key, sort=False).sum()


def _on_time_facts(
    lines: pd.DataFrame, supplier: np.ndarray, status: LineStatus, kind: PeriodKind, upto: int
) -> pd.DataFrame:
    codes = period_codes(lines[OrderLines.supplier_due], kind)
    codes = np.where(status.counted.to_numpy() & (codes <= upto), codes, np.nan)
    values = {
        N_DUE: np.ones(len(lines)),
        N_ON_DATE: status.on_date.to_numpy(dtype="float64"),
        N_OTIF: (status.on_date & status.in_full).to_numpy(dtype="float64"),
    }
    return _group(supplier, codes, values)


def _quality_facts(
    lines: pd.DataFrame, supplier: np.ndarray, status: LineStatus, kind: PeriodKind, upto: int
) -> pd.DataFrame:
    codes = period_codes(lines[OrderLines.supplier_delivered], kind)
    codes = np.where(codes <= upto, codes, np.nan)
    accepted = pd.to_numeric(lines[OrderLines.accepted_qty], errors="coerce").astype("float64")
    dq = status.delivered_qty
    inspected = accepted.notna() & (dq > 0)
    values = {
        N_DELIVERED: np.ones(len(lines)),
        INSPECTED_QTY: dq.where(inspected, 0.0).to_numpy(),
        ACCEPTED_QTY: accepted.clip(upper=dq).where(inspected, 0.0).to_numpy(),
    }
    return _group(supplier, codes, values)


def traced_supplier(complaints: pd.DataFrame, lines: pd.DataFrame) -> pd.Series:
    """The supplier a complaint is traced to: its own Supplier cell, else the purchase line of the
    same order and SKU (the first one, when an order buys a SKU from two suppliers)."""
    own = complaints[Complaints.supplier].astype("object")
    untraced = own.isna()
    if not untraced.any():
        return own
    orders = complaints.loc[untraced, Complaints.order_id].dropna().unique()
    near = lines[lines[OrderLines.order_id].isin(orders) & lines[OrderLines.supplier].notna()]
    by_line = near.drop_duplicates([OrderLines.order_id, OrderLines.sku]).set_index(
        [OrderLines.order_id, OrderLines.sku]
    )[OrderLines.supplier]
    keys = pd.MultiIndex.from_arrays(
        [
            complaints[Complaints.order_id].astype("object"),
            complaints[Complaints.sku].astype("object"),
        ]
    )
    traced = pd.Series(by_line.reindex(keys).to_numpy(dtype=object), index=complaints.index)
    return own.where(~untraced, traced)


def _complaint_facts(
    complaints: pd.DataFrame, supplier: np.ndarray, kind: PeriodKind, upto: int
) -> pd.DataFrame:
    codes = period_codes(complaints[Complaints.date], kind)
    codes = np.where(codes <= upto, codes, np.nan)
    return _group(supplier, codes, {N_COMPLAINTS: np.ones(len(complaints))})


def others_median(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """For each row, the median `value` of the *other* rows of its group (NaN when alone).

    Sorted once by (group, value); removing row i from a sorted group of n shifts the elements
    after it by one, so the median of the other n − 1 is read at fixed positions.
    """
    n = len(value)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    by_value = np.argsort(value, kind="stable")
    order = by_value[np.argsort(group[by_value], kind="stable")]  # by group, then value
    s, g = value[order], group[order]
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    sizes = np.diff(np.r_[starts, n])
    start, size = np.repeat(starts, sizes), np.repeat(sizes, sizes)
    i = np.arange(n) - start
    m = size - 1
    lo, hi = np.maximum((m - 1) // 2, 0), m // 2

    def kth(j: np.ndarray) -> np.ndarray:
        return s[np.minimum(start + j + (j >= i), n - 1)]

    med = np.where(m > 0, (kth(lo) + kth(hi)) / 2, np.nan)
    out[order] = med
    return out


def to_base(amount: pd.Series, currency: pd.Series, on: pd.Series, base: str) -> pd.Series:
    """Amounts in the base currency at the ECB rate of the day (a blank currency is the base
    currency; an unknown one gives NaN). Rates are looked up once per distinct currency and day."""
    ccy = currency.astype("object").where(currency.notna(), base).to_numpy(dtype=object)
    codes, names = pd.factorize(ccy)
    return to_base_coded(amount, codes, np.asarray(names, dtype=object), on, base)


def to_base_coded(
    amount: pd.Series, ccy_codes: np.ndarray, ccy_names: np.ndarray, on: pd.Series, base: str
) -> pd.Series:
    """`to_base` with the currencies already as codes into `ccy_names` (−1: unknown → NaN), for
    callers that have them (a supplier's currency for each of 300,000 lines)."""
    d_codes, d_values = pd.factorize(pd.to_datetime(on).to_numpy(dtype="datetime64[ns]"))
    if len(ccy_names) == 0 or len(d_values) == 0:
        return amount.astype("float64") * np.nan
    pair = ccy_codes.astype("int64") * len(d_values) + d_codes
    pair[(ccy_codes < 0) | (d_codes < 0)] = -1
    distinct, inverse = np.unique(pair, return_inverse=True)
    ok = distinct >= 0
    pair_ccy = pd.Series(ccy_names[distinct[ok] // len(d_values)], dtype=object)
    pair_day = pd.Series(np.asarray(d_values)[distinct[ok] % len(d_values)])
    rates = np.full(len(distinct), np.nan)
    looked_up = rates_vector(pair_ccy, pd.Series(base, index=pair_ccy.index), pair_day)["rate"]
    same = pair_ccy.astype("str").str.upper() == base.upper()
    rates[ok] = looked_up.where(~same, 1.0).to_numpy()
    return amount.astype("float64") * rates[inverse.reshape(-1)]


def _price_facts(
    inputs: ScoreInputs, supplier: np.ndarray, kind: PeriodKind, today: dt.date
) -> pd.DataFrame:
    lines = inputs.lines
    cost = pd.to_numeric(lines[OrderLines.unit_cost], errors="coerce").astype("float64")
    due = pd.to_datetime(lines[OrderLines.supplier_due])
    keep = (supplier >= 0) & (cost > 0).to_numpy() & lines[OrderLines.sku].notna().to_numpy()
    keep &= (due <= pd.Timestamp(today)).to_numpy()
    if not keep.any():
        return _group(
            np.array([], dtype="int64"), np.array([]), {c: np.array([]) for c in _PRICE_FACTS}
        )
    L = lines.loc[keep]
    due = due[keep]
    codes = period_codes(due, kind).astype("int64")
    qty = pd.to_numeric(L[OrderLines.qty], errors="coerce").astype("float64")
    qty = qty.where(qty > 0, 1.0)
    ccy = lookup(
        inputs.suppliers.set_index(Suppliers.supplier_id)[Suppliers.currency],
        L[OrderLines.supplier],
    )
    spend = to_base(cost[keep] * qty, ccy, due, inputs.base_currency).to_numpy()
    prod = inputs.products.set_index(Products.sku)
    parts = [Products.material_cost, Products.labour_cost, Products.packaging_cost]
    target_unit = prod[parts].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=1)
    target_unit = target_unit.astype("float64")
    target = to_base(
        lookup(target_unit.where(target_unit > 0), L[OrderLines.sku]) * qty,
        lookup(prod[Products.cost_currency], L[OrderLines.sku]),
        due,
        inputs.base_currency,
    ).to_numpy()

    # One price per supplier × product × period: its volume-weighted unit cost. The three are
    # folded into one int64 key so the grouping runs on integers.
    sku, _ = pd.factorize(L[OrderLines.sku])
    sup = supplier[keep].astype("int64")
    first, span, n_sku = codes.min(), int(codes.max() - codes.min()) + 1, int(sku.max()) + 1
    key = (sup * n_sku + sku) * span + (codes - first)
    valid = ~np.isnan(spend)
    g = pd.DataFrame(
        {"spend": spend[valid], "qty": qty.to_numpy()[valid], "target": target[valid]}
    ).groupby(key[valid], sort=False)
    sums = g[["spend", "qty"]].sum()
    tgt = g["target"].sum(min_count=1).to_numpy()  # NaN when no line had a target cost
    k = sums.index.to_numpy()
    period, rest = k % span + first, k // span
    unit = (sums["spend"] / sums["qty"]).to_numpy()
    median = others_median(rest % n_sku * span + (period - first), unit)
    ref_median = np.where(np.isnan(median), tgt, median * sums["qty"].to_numpy())
    has_m, has_t = ~np.isnan(ref_median), ~np.isnan(tgt)
    spent = sums["spend"].to_numpy()
    values = {
        SPEND_VS_MEDIAN: np.where(has_m, spent, 0.0),
        REF_MEDIAN: np.where(has_m, ref_median, 0.0),
        SPEND_VS_TARGET: np.where(has_t, spent, 0.0),
        REF_TARGET: np.where(has_t, tgt, 0.0),
    }
    return _group(rest // n_sku, period.astype("float64"), values)


_PRICE_FACTS = (SPEND_VS_MEDIAN, REF_MEDIAN, SPEND_VS_TARGET, REF_TARGET)


def _request_facts(
    requests: pd.DataFrame, supplier: np.ndarray, kind: PeriodKind, today: dt.date
) -> pd.DataFrame:
    now = pd.Timestamp(today)
    sent = pd.to_datetime(requests[SupplierRequests.sent])
    answered = pd.to_datetime(requests[SupplierRequests.answered])
    waited = answered.where(answered.notna() & (answered <= now), now)
    days = (waited - sent).dt.days.astype("float64")
    codes = period_codes(sent, kind)
    codes = np.where((sent <= now).to_numpy(), codes, np.nan)
    values = {N_REQUESTS: np.ones(len(requests)), REQUEST_POINTS: answer_score(days)}
    return _group(supplier, codes, values)


ANSWER_POINTS_PER_DAY = 10.0  # points lost per day beyond the first


def answer_score(days: pd.Series | np.ndarray) -> np.ndarray:
    """One request's score from the days it took (or has waited) to be answered; the formula
    'answer days' (formulas.py) averages these over the requests of a period."""
    d = np.clip(np.asarray(days, dtype="float64"), 0, None)
    return np.clip(100 - ANSWER_POINTS_PER_DAY * (d - 1), 0, 100)


def supplier_facts(inputs: ScoreInputs, kind: PeriodKind, today: dt.date) -> pd.DataFrame:
    """One row per supplier × period code that has any fact; every fact column, 0 where none.
    Indexed by (supplier ID, period code)."""
    upto = period_of(today, kind)
    lines = lines_in_play(inputs.lines, inputs.orders)
    inputs = replace(inputs, lines=lines)
    complaints, requests = inputs.complaints, inputs.requests
    status = line_status(lines, today)
    keys = _Suppliers(
        lines[OrderLines.supplier],
        traced_supplier(complaints, lines),
        requests[SupplierRequests.supplier],
    )
    on_lines, on_complaints, on_requests = keys.codes
    parts = [
        _on_time_facts(lines, on_lines, status, kind, upto),
        _quality_facts(lines, on_lines, status, kind, upto),
        _complaint_facts(complaints, on_complaints, kind, upto),
        _price_facts(inputs, on_lines, kind, today),
        _request_facts(requests, on_requests, kind, today),
    ]
    facts = pd.concat(parts, axis=1).reindex(columns=list(FACT_COLUMNS)).fillna(0.0)
    key = facts.index.to_numpy(dtype="int64")
    names = np.asarray(keys.names, dtype=object)
    facts.index = pd.MultiIndex.from_arrays(
        [names[key >> 32], (key & 0xFFFFFFFF).astype("float64")], names=[SUPPLIER, CODE]
    )
    return facts.astype("float64").sort_index()
