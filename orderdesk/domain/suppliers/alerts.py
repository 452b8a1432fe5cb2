"""Supplier delay alerts: open purchase lines whose due date has passed without full delivery.

A line is open when it has a supplier and a due date, is not yet delivered in full, and its
customer order is still to ship (not shipped, invoiced, closed or cancelled). It raises an alert
when it is more days overdue than the threshold in Settings ('supplier delay alert days', default
1: a line due on Monday and still missing on Wednesday is on the list). Each alert names the
customer order it puts at risk, with that order's promised ship date and the days left until it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from orderdesk.domain.suppliers.facts import line_status
from orderdesk.domain.suppliers.frames import lookup, stage_in
from orderdesk.schema import OrderLines, Orders, Stage

DAYS_LATE = "Days Late"
DAYS_TO_SHIP = "Days to Ship"  # promised ship date − today; negative: already past

_CLOSED = (Stage.SHIPPED, Stage.INVOICED, Stage.CLOSED, Stage.CANCELLED)


def delay_alerts(
    lines: pd.DataFrame, orders: pd.DataFrame, threshold_days: int, today: dt.date
) -> pd.DataFrame:
    """The alert list, most overdue first."""
    now = pd.Timestamp(today)
    status = line_status(lines, today)
    due = pd.to_datetime(lines[OrderLines.supplier_due])
    late_days = (now - due).dt.days
    qty = pd.to_numeric(lines[OrderLines.qty], errors="coerce")
    delivered = status.delivered_qty.fillna(0.0)
    short = qty.isna() | (delivered < qty - 1e-9)
    overdue = status.purchase & due.notna() & short & (late_days > threshold_days)
    # Only the overdue lines need their order looked up: is it still to ship?
    o = orders.drop_duplicates(Orders.order_id).set_index(Orders.order_id)
    closed = lookup(stage_in(o[Orders.stage], _CLOSED), lines.loc[overdue, OrderLines.order_id])
    hit = overdue.copy()
    hit[overdue] = ~closed.fillna(False).astype(bool)
    L = lines.loc[hit]
    promised = pd.to_datetime(lookup(o[Orders.promised_ship], L[OrderLines.order_id]))
    out = pd.DataFrame(
        {
            str(OrderLines.supplier): L[OrderLines.supplier].to_numpy(dtype=object),
            str(OrderLines.order_id): L[OrderLines.order_id].to_numpy(dtype=object),
            str(OrderLines.line_no): L[OrderLines.line_no].to_numpy(dtype=object),
            str(OrderLines.sku): L[OrderLines.sku].to_numpy(dtype=object),
            str(OrderLines.supplier_due): due[hit].to_numpy(),
            DAYS_LATE: late_days[hit].astype("int64").to_numpy(),
            str(OrderLines.qty): qty[hit].to_numpy(),
            str(OrderLines.delivered_qty): delivered[hit].to_numpy(),
            str(Orders.customer): lookup(o[Orders.customer], L[OrderLines.order_id]).to_numpy(
                dtype=object
            ),
            str(Orders.promised_ship): promised.to_numpy(),
            DAYS_TO_SHIP: (promised - now).dt.days.to_numpy(dtype="float64", na_value=np.nan),
        }
    )
    return out.sort_values(
        [DAYS_LATE, str(OrderLines.order_id)], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
