"""Delivery KPIs: order cycle time, OTIF, complaint rate, product delay rate, supplier on-time
rate, and the open orders whose ship date is at risk. Each function states its definition.

An order counts once it has shipped: its Shipped On date is filled in (and not after today) and it
is not cancelled. "In the window" means shipped within it (the supplier on-time rate: due within
it). The delivery KPIs are sliced by month (of shipment), customer and country (the customer's
country in Customers, else the order's ship-to country); the product delay rate by product and
category.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.base import KpiInputs, Window, rate, share
from orderdesk.domain.suppliers.frames import Finder, lookup
from orderdesk.schema import (
    Complaints,
    Customers,
    OrderLines,
    Orders,
    Products,
    Stage,
    Suppliers,
)

# Order facts (internal column names).
CUSTOMER, COUNTRY, MONTH = "customer", "country", "month"
ORDERED, PROMISED, SHIPPED_ON = "ordered", "promised", "shipped_on"
SHIPPED, CYCLE, ON_TIME, SHORT, QTY_COMPLAINT = (
    "shipped",
    "cycle",
    "on_time",
    "short",
    "qty_complaint",
)
IN_FULL, OTIF, JUDGED, COMPLAINED, LATE_DAYS = "in_full", "otif", "judged", "complained", "late"
POS, CUSTOMER_CODE = "pos", "customer_code"

OPEN_STAGES = (Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP)
QUANTITY_CAUSE = "quantity"


def available_qty(lines: pd.DataFrame) -> pd.Series:
    """What a line has to ship: the supplier's Delivered Qty; blank where unknown (goods from
    stock, or not yet delivered). Units rejected at incoming inspection are the supplier's to
    replace before shipment — they count against its quality score, not against the customer's
    OTIF; what the customer did not get shows as a quantity complaint."""
    return pd.to_numeric(lines[OrderLines.delivered_qty], errors="coerce").astype("float64")


def short_lines(lines: pd.DataFrame) -> pd.Series:
    """A line is short when the quantity it has to ship is known and below its Qty."""
    qty = pd.to_numeric(lines[OrderLines.qty], errors="coerce").astype("float64")
    have = available_qty(lines)
    return have.notna() & qty.notna() & (have < qty - 1e-9)


def order_facts(inputs: KpiInputs, today: dt.date) -> pd.DataFrame:
    """One row per order (index: Order ID; POS: its number in `inputs.order_rows`), cancelled
    orders left out.

    - shipped: Shipped On is filled in and not after today;
    - cycle: days from Order Date to Shipped On (a negative span is a typing error: left out);
    - on time: shipped on or before the Promised Ship Date;
    - in full: none of its lines is short (see `short_lines`) and no complaint about quantity;
    - OTIF: on time and in full, judged on shipped orders that have a promised date;
    - complained: at least one complaint logged against the order.
    """
    o = inputs.order_rows
    n = len(o)
    now = pd.Timestamp(today)
    ordered = pd.to_datetime(o[Orders.order_date])
    promised = pd.to_datetime(o[Orders.promised_ship])
    shipped_on = pd.to_datetime(o[Orders.shipped_on])
    shipped = shipped_on.notna() & (shipped_on <= now)
    cycle = (shipped_on - ordered).dt.days.astype("float64")
    cycle = cycle.where(shipped & (cycle >= 0))

    pos = inputs.line_order
    hit = short_lines(inputs.lines).to_numpy() & (pos >= 0)
    short = np.bincount(pos[hit], minlength=n)[:n] > 0
    c = inputs.complaints
    at = pd.Index(o[Orders.order_id]).get_indexer(c[Complaints.order_id].to_numpy())
    cause = c[Complaints.cause].astype("str").str.strip().str.lower().to_numpy()
    complained = np.bincount(at[at >= 0], minlength=n)[:n] > 0
    about_qty = (cause == QUANTITY_CAUSE) & (at >= 0)
    qty_c = np.bincount(at[about_qty], minlength=n)[:n] > 0

    country = Finder(inputs.customers, Customers.customer_id, o[Orders.customer])[Customers.country]
    country = country.where(country.notna(), o[Orders.ship_to_country])
    on_time = (shipped & promised.notna() & (shipped_on <= promised)).to_numpy()
    in_full = ~short & ~qty_c
    facts = pd.DataFrame(
        {
            POS: np.arange(n),
            CUSTOMER: o[Orders.customer].to_numpy(dtype=object),
            CUSTOMER_CODE: inputs.order_customer[0],
            COUNTRY: inputs.order_country,
            ORDERED: ordered.to_numpy(),
            PROMISED: promised.to_numpy(),
            SHIPPED_ON: shipped_on.where(shipped).to_numpy(),
            SHIPPED: shipped.to_numpy(),
            CYCLE: cycle.to_numpy(),
            ON_TIME: on_time,
            SHORT: short,
            QTY_COMPLAINT: qty_c,
            IN_FULL: in_full,
            OTIF: on_time & in_full,
            JUDGED: (shipped & promised.notna()).to_numpy(),
            COMPLAINED: complained,
            LATE_DAYS: (shipped_on - promised).dt.days.to_numpy(dtype="float64", na_value=np.nan),
            MONTH: (shipped_on.dt.year * 12 + shipped_on.dt.month - 1)
            .where(shipped)
            .to_numpy(dtype="float64", na_value=np.nan),
        },
        index=pd.Index(o[Orders.order_id].to_numpy(dtype=object), name=str(Orders.order_id)),
    )
    return facts[~inputs.orders_at(Stage.CANCELLED)]


def shipped_in(facts: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The orders shipped in the window: what the delivery KPIs below are computed over."""
    return facts[facts[SHIPPED] & window.holds(facts[SHIPPED_ON]).to_numpy()]


def cycle_time(shipped: pd.DataFrame) -> tuple[float, float]:
    """Order cycle time: days from Order Date to Shipped On, over the orders shipped in the
    window; its median and its 90th percentile (linear interpolation, as Excel's
    PERCENTILE.INC)."""
    days = shipped[CYCLE].dropna()
    if days.empty:
        return float("nan"), float("nan")
    return float(days.median()), float(days.quantile(0.9))


def otif(shipped: pd.DataFrame) -> float:
    """OTIF: orders shipped on time (on or before the Promised Ship Date) and in full, as a share
    of the orders shipped in the window that have a promised date."""
    s = shipped
    return share(float(s[OTIF].sum()), float(s[JUDGED].sum()))


def complaint_rate(shipped: pd.DataFrame) -> float:
    """Complaint rate: orders shipped in the window with at least one complaint (logged at any
    time), as a share of the orders shipped in the window."""
    s = shipped
    return share(float(s[COMPLAINED].sum()), float(len(s)))


def delivery_by(shipped: pd.DataFrame, key: str, customers: pd.Index) -> pd.DataFrame:
    """Orders shipped, OTIF, cycle time (median, p90) and complaint rate per month, customer or
    country (`key`), over the orders shipped in the window. Months and customers are grouped by
    their codes; `customers` names the customer codes."""
    by = CUSTOMER_CODE if key == CUSTOMER else key
    s = shipped if key != COUNTRY else shipped.assign(**{COUNTRY: shipped[COUNTRY].fillna("")})
    g = s.groupby(by, sort=True)
    out = pd.DataFrame(
        {
            B.ORDERS_SHIPPED: g.size(),
            B.OTIF_PCT: rate(g[OTIF].sum(), g[JUDGED].sum()),
            B.CYCLE_MEDIAN: g[CYCLE].median(),
            B.CYCLE_P90: g[CYCLE].quantile(0.9),
            B.COMPLAINT_PCT: rate(g[COMPLAINED].sum(), g.size()),
        }
    )
    codes = out.index.to_numpy()
    if key == MONTH:
        out.index = pd.Index([B.month_label(int(c)) for c in codes])
    elif key == CUSTOMER:
        names = np.array([*customers.tolist(), ""], dtype=object)
        out.index = pd.Index(names[codes.astype("int64")])
    return out


def complaints_by_cause(shipped: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Complaint rate by cause: orders shipped in the window with a complaint of that cause, as a
    share of the orders shipped in the window (an order with two causes counts under each)."""
    s = shipped
    c = complaints[complaints[Complaints.order_id].isin(s.index)]
    cause = c[Complaints.cause].astype("str").str.strip().str.lower()
    cause = cause.where(c[Complaints.cause].notna(), "(no cause)")
    pairs = pd.DataFrame({"order": c[Complaints.order_id], "cause": cause}).drop_duplicates()
    counts = pairs.groupby("cause").size().sort_values(ascending=False, kind="stable")
    return pd.DataFrame(
        {
            str(Complaints.cause): counts.index.to_numpy(dtype=object),
            B.ORDERS_WITH_COMPLAINT: counts.to_numpy(),
            B.COMPLAINT_PCT: counts.to_numpy() / len(s) if len(s) else np.nan,
        }
    )


def product_delay(
    shipped: pd.DataFrame, inputs: KpiInputs
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Product delay rate: among the order lines of the orders shipped in the window, the share
    whose order shipped after its Promised Ship Date — per product (SKU), per product category
    (Products → Category), and overall."""
    s = shipped
    s = s[s[JUDGED]]
    n = len(inputs.order_rows)
    in_scope, late = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    in_scope[s[POS].to_numpy()] = True
    late[s[POS].to_numpy()] = ~s[ON_TIME].to_numpy()
    sku, skus = inputs.line_sku
    ok = inputs.per_line(in_scope, False) & (sku >= 0)
    counted = np.bincount(sku[ok], minlength=len(skus))
    delayed = np.bincount(sku[ok], weights=inputs.per_line(late, False)[ok], minlength=len(skus))
    per = pd.DataFrame(
        {B.LINES_SHIPPED: counted, B.LINES_DELAYED: delayed.astype("int64")}, index=skus
    )[counted > 0]
    found = Finder(inputs.products, Products.sku, per.index.to_series())
    category = found[Products.category].fillna(B.NO_CATEGORY).to_numpy(dtype=object)

    def ranked(frame: pd.DataFrame) -> pd.DataFrame:
        frame[B.DELAY_PCT] = rate(frame[B.LINES_DELAYED], frame[B.LINES_SHIPPED])
        return frame.sort_values(
            [B.DELAY_PCT, B.LINES_DELAYED], ascending=[False, False], kind="stable"
        )

    by_category = ranked(per.groupby(category, sort=True).sum())
    by_sku = per.copy()
    by_sku.insert(0, str(Products.category), category)
    by_sku.insert(0, str(Products.description), found[Products.description].to_numpy())
    overall = share(float(per[B.LINES_DELAYED].sum()), float(per[B.LINES_SHIPPED].sum()))
    return ranked(by_sku), by_category, overall


def supplier_lines(
    inputs: KpiInputs, window: Window, today: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """Per line: is it counted by the supplier on-time rate (a line of an order in play, with a
    supplier, due in the window: delivered, or its due date passed), and was it on time."""
    status = inputs.line_status(today)
    due = pd.to_datetime(inputs.lines[OrderLines.supplier_due])
    counted = (status.counted & window.holds(due)).to_numpy() & inputs.lines_in_play
    sup, _ = inputs.line_supplier
    return counted & (sup >= 0), status.on_date.to_numpy()


def supplier_on_time(
    inputs: KpiInputs, window: Window, today: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Supplier on-time rate: purchase lines delivered on or before their Supplier Due date, as a
    share of the purchase lines due in the window (a line is due once delivered or once its due
    date has passed; a missing delivery is late) — per supplier, per month of the due date, and
    overall. The date only: short deliveries are the scorecard's and OTIF's business. Lines of
    cancelled orders are left out."""
    due = pd.to_datetime(inputs.lines[OrderLines.supplier_due])
    ok, on_date = supplier_lines(inputs, window, today)
    sup, ids = inputs.line_supplier
    due_n = np.bincount(sup[ok], minlength=len(ids))
    on_n = np.bincount(sup[ok], weights=on_date[ok], minlength=len(ids)).astype("int64")
    by_supplier = pd.DataFrame({B.LINES_DUE: due_n, B.LINES_ON_TIME: on_n}, index=ids)[due_n > 0]
    by_supplier[B.SUPPLIER_ON_TIME_PCT] = rate(
        by_supplier[B.LINES_ON_TIME], by_supplier[B.LINES_DUE]
    )
    by_supplier = by_supplier.sort_index()
    names = Finder(inputs.suppliers, Suppliers.supplier_id, by_supplier.index.to_series())
    by_supplier.insert(0, str(Suppliers.name), names[Suppliers.name].to_numpy())

    month = (due.dt.year * 12 + due.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)
    m = month[ok].astype("int64")
    first = int(m.min()) if len(m) else 0
    months_n = np.bincount(m - first) if len(m) else np.zeros(0, dtype="int64")
    months_on = np.bincount(m - first, weights=on_date[ok]) if len(m) else np.zeros(0)
    labels = [B.month_label(first + i) for i in range(len(months_n))]
    by_month = pd.DataFrame(
        {B.LINES_DUE: months_n, B.LINES_ON_TIME: months_on.astype("int64")}, index=labels
    )[months_n > 0]
    by_month[B.SUPPLIER_ON_TIME_PCT] = rate(by_month[B.LINES_ON_TIME], by_month[B.LINES_DUE])
    overall = share(float(on_date[ok].sum()), float(ok.sum()))
    return by_supplier, by_month, overall


def ship_date_risk(inputs: KpiInputs, today: dt.date) -> pd.DataFrame:
    """Open orders whose ship date is at risk, and by how many days.

    Open: confirmed, in production or ready to ship, not yet shipped, with a Promised Ship Date.
    The goods are expected ready when the last purchase line arrives: a line delivered in full on
    its Supplier Delivered date, an undelivered or short line on its Supplier Due date — or today,
    if that has passed. At-risk days = (the later of that date and today) − Promised Ship Date;
    above 0 the promise cannot be kept as things stand. Lines from stock (no supplier) are ready.
    """
    o = inputs.order_rows
    open_ = inputs.orders_at(*OPEN_STAGES) & o[Orders.shipped_on].isna().to_numpy()
    open_ &= o[Orders.promised_ship].notna().to_numpy()
    o = o[open_]
    now = pd.Timestamp(today)
    lines = inputs.lines
    mine = inputs.per_line(open_, False) & inputs.line_status(today).purchase.to_numpy()
    L = lines[mine]
    delivered_qty = inputs.line_status(today).delivered_qty[mine]
    qty = pd.to_numeric(L[OrderLines.qty], errors="coerce")
    full = delivered_qty.notna() & (qty.isna() | (delivered_qty >= qty - 1e-9))
    delivered = pd.to_datetime(L[OrderLines.supplier_delivered])
    due = pd.to_datetime(L[OrderLines.supplier_due])
    ready = delivered.where(full & delivered.notna(), due.where(due > now, now))
    ready = ready.where(ready.notna(), now)  # a purchase line without a due date: unknown, today
    per = pd.DataFrame(
        {"order": L[OrderLines.order_id].to_numpy(dtype=object), "ready": ready.to_numpy()}
    )
    latest = per.groupby("order")["ready"].max()
    # The line that sets the date, to name it in the warning.
    last_line = (
        per.assign(
            line=L[OrderLines.line_no].to_numpy(dtype=object),
            supplier=L[OrderLines.supplier].to_numpy(dtype=object),
        )
        .sort_values("ready", kind="stable")
        .drop_duplicates("order", keep="last")
        .set_index("order")
    )
    ready_by_order = lookup(latest, o[Orders.order_id])
    expected = ready_by_order.where(ready_by_order > now, now).fillna(now)
    promised = pd.to_datetime(o[Orders.promised_ship])
    risk = (expected - promised).dt.days
    out = pd.DataFrame(
        {
            str(Orders.order_id): o[Orders.order_id].to_numpy(dtype=object),
            str(Orders.customer): o[Orders.customer].to_numpy(dtype=object),
            str(Orders.promised_ship): promised.to_numpy(),
            "expected": expected.to_numpy(),
            B.DAYS: risk.to_numpy(dtype="int64"),
            str(OrderLines.line_no): lookup(last_line["line"], o[Orders.order_id]).to_numpy(
                dtype=object
            ),
            str(OrderLines.supplier): lookup(last_line["supplier"], o[Orders.order_id]).to_numpy(
                dtype=object
            ),
        }
    )
    return out.sort_values(
        [B.DAYS, str(Orders.order_id)], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
