"""What the KPIs read, the reporting window, and the headers of the KPI sheet's blocks.

Headers that are a register column use the schema's column; the others are named here, once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from orderdesk.domain.suppliers.facts import LineStatus, line_status
from orderdesk.domain.suppliers.frames import Finder, empty_frame
from orderdesk.schema import (
    Complaints,
    Customers,
    Feedback,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Quotes,
    Stage,
    Suppliers,
)


@dataclass
class KpiInputs:
    """The register tables the KPIs read, as typed frames (columns = schema headers)."""

    orders: pd.DataFrame = field(default_factory=lambda: empty_frame(Orders))
    lines: pd.DataFrame = field(default_factory=lambda: empty_frame(OrderLines))
    customers: pd.DataFrame = field(default_factory=lambda: empty_frame(Customers))
    products: pd.DataFrame = field(default_factory=lambda: empty_frame(Products))
    suppliers: pd.DataFrame = field(default_factory=lambda: empty_frame(Suppliers))
    complaints: pd.DataFrame = field(default_factory=lambda: empty_frame(Complaints))
    invoices: pd.DataFrame = field(default_factory=lambda: empty_frame(Invoices))
    quotes: pd.DataFrame = field(default_factory=lambda: empty_frame(Quotes))
    base_currency: str = "USD"
    # after-sales (issue 21): the customers' survey answers
    feedback: pd.DataFrame = field(default_factory=lambda: empty_frame(Feedback))

    # Keys resolved once per refresh and shared by every KPI: each of 300,000 lines points at its
    # order, SKU and supplier by number, so no KPI hashes those texts again.

    @cached_property
    def order_rows(self) -> pd.DataFrame:
        """The orders with an Order ID (the first row of each ID), numbered from 0."""
        o = self.orders
        return o[o[Orders.order_id].notna() & ~o[Orders.order_id].duplicated()].reset_index(
            drop=True
        )

    @cached_property
    def line_order(self) -> np.ndarray:
        """For each line, its order's number in `order_rows` (−1: no such order)."""
        ids = pd.Index(self.order_rows[Orders.order_id])
        return ids.get_indexer(self.lines[OrderLines.order_id].to_numpy())

    @cached_property
    def order_customer(self) -> tuple[np.ndarray, pd.Index]:
        """Customer codes per order row (−1: blank) and the distinct customer IDs."""
        codes, ids = pd.factorize(self.order_rows[Orders.customer])
        return codes, pd.Index(ids, dtype=object)

    @cached_property
    def order_country(self) -> np.ndarray:
        """Each order's country: its customer's (Customers), else its ship-to country."""
        codes, ids = self.order_customer
        found = Finder(self.customers, Customers.customer_id, ids.to_series())
        per_customer = np.array([*found[Customers.country].tolist(), None], dtype=object)
        country = per_customer[codes]
        ship_to = self.order_rows[Orders.ship_to_country].to_numpy(dtype=object)
        missing = pd.isna(country)
        country[missing] = ship_to[missing]
        return country

    @cached_property
    def _stages(self) -> tuple[np.ndarray, list[Stage | None]]:
        codes, distinct = pd.factorize(self.order_rows[Orders.stage])
        return codes, [Stage.read(text) for text in distinct]

    def orders_at(self, *stages: Stage) -> np.ndarray:
        """Per order row: is its stage one of these (as typed: any case or spacing)."""
        codes, distinct = self._stages
        hit = np.array([s in stages for s in distinct] + [False], dtype=bool)
        return hit[codes]

    def per_line(self, per_order: np.ndarray, blank: object = False) -> np.ndarray:
        """An order-level array spread over the lines; `blank` (of a type the array holds: False,
        NaN, NaT) for a line without an order."""
        values, pos = np.asarray(per_order), self.line_order
        if len(values) == 0:
            return np.full(len(pos), blank)
        out = values[np.maximum(pos, 0)]
        out[pos < 0] = blank
        return out

    @cached_property
    def lines_in_play(self) -> np.ndarray:
        """Lines not on a cancelled order (a cancelled order's purchase is called off too)."""
        cancelled = self.orders_at(Stage.CANCELLED)
        return ~self.per_line(cancelled, False)

    def line_status(self, today: dt.date) -> LineStatus:
        """The purchase lines' delivery status as of `today` (computed once per day asked)."""
        known: dict[dt.date, LineStatus] = self.__dict__.setdefault("_line_status", {})
        if today not in known:
            known[today] = line_status(self.lines, today)
        return known[today]

    @cached_property
    def line_sku(self) -> tuple[np.ndarray, pd.Index]:
        """SKU codes per line (−1: blank) and the distinct SKUs."""
        codes, skus = pd.factorize(self.lines[OrderLines.sku])
        return codes, pd.Index(skus, dtype=object)

    @cached_property
    def line_supplier(self) -> tuple[np.ndarray, pd.Index]:
        """Supplier codes per line (−1: blank) and the distinct supplier IDs."""
        codes, ids = pd.factorize(self.lines[OrderLines.supplier])
        return codes, pd.Index(ids, dtype=object)


@dataclass(frozen=True)
class Window:
    """The reporting window, both ends included: `--from` (None: since the first record) and
    `--to` (default today). Each KPI filters on its own event date (ship date, due date …)."""

    start: dt.date | None
    end: dt.date

    def __post_init__(self) -> None:
        if self.start is not None and self.start > self.end:
            raise ValueError(
                f"the window starts after it ends ({self.start.isoformat()} > "
                f"{self.end.isoformat()})"
            )

    def holds(self, dates: pd.Series) -> pd.Series:
        """Whether each date is inside the window (a blank date is not)."""
        when = pd.to_datetime(dates)
        inside = when.notna() & (when <= pd.Timestamp(self.end))
        if self.start is not None:
            inside &= when >= pd.Timestamp(self.start)
        return inside

    def describe(self) -> str:
        if self.start is None:
            return f"everything up to {self.end.isoformat()}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def month_label(code: int) -> str:
    """'2026-03' for a month code year × 12 + month − 1."""
    return f"{code // 12}-{code % 12 + 1:02d}"


def month_labels(dates: pd.Series) -> pd.Series:
    """'2026-03' for each date (blank stays blank): a month label that sorts as text."""
    when = pd.to_datetime(dates)
    codes = (when.dt.year * 12 + when.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)
    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    ok = ~np.isnan(codes)
    if ok.any():
        distinct, inverse = np.unique(codes[ok].astype("int64"), return_inverse=True)
        names = np.array([month_label(int(c)) for c in distinct], dtype=object)
        out[ok] = names[inverse]
    return out


def rate(hits: pd.Series, total: pd.Series) -> pd.Series:
    """hits ÷ total per group as a fraction, NaN where the total is 0 (nothing to judge by)."""
    return (hits / total.where(total > 0)).astype("float64")


def share(hits: float, total: float) -> float:
    """hits ÷ total as a fraction, NaN when the total is 0 (nothing to judge by)."""
    return float(hits) / float(total) if total else float("nan")


# --- headers of the KPI sheet's blocks (those that are not register columns) ---------------
UNIT = "Unit"  # of a summary KPI: what its Value counts, or %, days, the base currency
MONTH = "Month"
ORDERS_SHIPPED = "Orders Shipped"
OTIF_PCT = "OTIF %"
CYCLE_MEDIAN = "Cycle Days (median)"
CYCLE_P90 = "Cycle Days (p90)"
COMPLAINT_PCT = "Complaint Rate %"
SUPPLIER_ON_TIME_PCT = "Supplier On-Time %"
LINES_DUE = "Lines Due"
LINES_ON_TIME = "Lines On Time"
RANK = "Rank"
GROSS_PROFIT = "Gross Profit"
SHARE = "Share"
CUMULATIVE = "Cumulative Share"
TOP_80 = "Top 80 %"
CUSTOMERS = "Customers"
LINES_SHIPPED = "Lines Shipped"
LINES_DELAYED = "Lines Delayed"
DELAY_PCT = "Delay Rate %"
ORDERS_WITH_COMPLAINT = "Orders with Complaint"
BUCKET = "Days Overdue"
OPEN_AMOUNT = "Open Amount"
INVOICES = "Invoices"
TOTAL = "Total"
QUOTES_DECIDED = "Quotes Decided"
QUOTES_WON = "Won"
WIN_PCT = "Win Rate %"
MARGIN_WON = "Avg Margin Won"
MARGIN_LOST = "Avg Margin Lost"
QUOTES_OPEN = "Open Quotes"
REFERENCE = "Reference"
DATE = "Date"
DAYS = "Days"
DETAIL = "Detail"
NO_CATEGORY = "(no category)"
NO_OWNER = "(no sales owner)"
