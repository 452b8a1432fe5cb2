"""What the register already knows about an order's milestones: their actual dates.

- deposit received / balance received: the order's deposit / balance (or full) invoice, paid in
  full by Sync bank (Status paid or overpaid), on its Last Payment day;
- L/C received: the order's L/C, on its issue date (31C); L/C paid: its balance invoice paid;
- booking, cargo ready, on board: the carriers' actual events (booked; stuffed or gated in;
  loaded or departed), else the shipment's ATD or the order's Shipped On for on board;
- documents sent: the order's commercial invoice generated (Documents), or the L/C presentation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd

from orderdesk.schema import Documents, Invoices, LCs, Orders, ShipmentEvents, Shipments

PAID = {"paid", "overpaid"}
EVENT_MILESTONES = {
    "booked": "booking",
    "stuffed": "cargo ready",
    "gated in": "cargo ready",
    "loaded": "on board",
    "departed": "on board",
}

Actuals = dict[str, dict[str, dt.date]]  # order → milestone (case-folded) → actual date


def _day(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _first(out: Actuals, order: object, milestone: str, day: object) -> None:
    """Keep the earliest date a milestone is known done on."""
    when = _day(day)
    if not isinstance(order, str) or when is None:
        return
    known = out[order].get(milestone)
    if known is None or when < known:
        out[order][milestone] = when


def actuals(
    *,
    orders: pd.DataFrame | None = None,
    invoices: pd.DataFrame | None = None,
    lcs: pd.DataFrame | None = None,
    shipments: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
) -> Actuals:
    out: Actuals = defaultdict(dict)
    if invoices is not None and len(invoices):
        paid = invoices[
            invoices[Invoices.status].astype("string").str.strip().str.lower().isin(PAID)
        ]
        for order, kind, day in zip(
            paid[Invoices.order_id], paid[Invoices.kind], paid[Invoices.last_payment], strict=True
        ):
            kind = str(kind).strip().lower()
            if kind == "deposit":
                _first(out, order, "deposit received", day)
            elif kind in ("balance", "full"):
                _first(out, order, "balance received", day)
                _first(out, order, "l/c paid", day)
    if lcs is not None and len(lcs):
        for order, issued, presented in zip(
            lcs[LCs.order_id], lcs[LCs.issue_date], lcs[LCs.presented_on], strict=True
        ):
            _first(out, order, "l/c received", issued)
            _first(out, order, "documents sent", presented)
    _shipping(out, orders, shipments, events)
    if documents is not None and len(documents):
        ci = documents[documents[Documents.kind].astype("string").str.strip().str.lower().eq("ci")]
        for order, at in zip(ci[Documents.order_id], ci[Documents.at], strict=True):
            _first(out, order, "documents sent", at)
    return out


def _shipping(
    out: Actuals,
    orders: pd.DataFrame | None,
    shipments: pd.DataFrame | None,
    events: pd.DataFrame | None,
) -> None:
    if events is not None and len(events):
        cls = events[ShipmentEvents.classifier].astype("string").str.strip().str.upper()
        actual = events[cls.isna() | cls.eq("ACT")]
        for order, milestone, at in zip(
            actual[ShipmentEvents.order_id],
            actual[ShipmentEvents.milestone],
            actual[ShipmentEvents.event_time],
            strict=True,
        ):
            ours = EVENT_MILESTONES.get(str(milestone).strip().lower())
            if ours:
                _first(out, order, ours, at)
    if shipments is not None and len(shipments):
        for order, atd in zip(shipments[Shipments.order_id], shipments[Shipments.atd], strict=True):
            _first(out, order, "on board", atd)
    if orders is not None and len(orders):
        for order, shipped in zip(orders[Orders.order_id], orders[Orders.shipped_on], strict=True):
            _first(out, order, "on board", shipped)
