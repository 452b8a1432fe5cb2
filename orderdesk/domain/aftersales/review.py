"""Post-order review (PAR) of closed orders: each dimension the register knows, a score, the worst.

Dimensions (each scored 0–100; a dimension the register does not know is left blank and out of
the score, which is the mean of the others):

- cycle time vs plan: days from Order Date to Shipped On against the days to the Promised Ship
  Date; 100 on plan, 10 points off per day over;
- OTIF: shipped by the promised date and in full (no short line, no quantity complaint): 100 or 0;
- document discrepancies: the L/C check's discrepancies for the order (known for the orders
  Check L/C looked at: in its planner or its discrepancies); 25 points off each;
- complaints: 25 points off each, and the claim amounts' share of the revenue off in full;
- margin: realised vs quoted. Quoted: the quote's build-up, Σ (price − unit cost) × qty ÷
  Σ price × qty over its lines. Realised: revenue (the invoices, else the order total) less the
  costs actually booked — the purchase lines' Unit Cost × Qty converted to the order currency at
  the ECB rate of the order date, plus the freight and insurance of the quote's build-up per
  unit (the register books no actual freight), plus the complaints' claim amounts — ÷ revenue.
  100 when realised ≥ quoted, 10 points off per percentage point eroded;
- payment: days the last invoice was paid after its due date (or is still open past it);
  3 points off per day;
- feedback: the customer's survey score 1–5 as 0–100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from orderdesk.domain.kpi.delivery import QUANTITY_CAUSE, short_lines
from orderdesk.domain.reference import fx
from orderdesk.schema import (
    Complaints,
    Invoices,
    LCDiscrepancies,
    OrderLines,
    Orders,
    QuoteLines,
    Reviews,
    Stage,
    Suppliers,
)

UNIT_COST_CONVERTED, SHORT = "_unit_cost_order_ccy", "_short"
WORST_SHOWN = 2
BAR = 60  # a review scored below this is a finding
DIMENSIONS = ("cycle time", "OTIF", "documents", "complaints", "margin", "payment", "feedback")


@dataclass
class ReviewInputs:
    orders: pd.DataFrame
    lines: pd.DataFrame
    quote_lines: pd.DataFrame
    invoices: pd.DataFrame
    complaints: pd.DataFrame
    suppliers: pd.DataFrame
    discrepancies: pd.DataFrame | None = None
    feedback: Mapping[str, float] = field(default_factory=dict)  # order → mean score 1–5
    lc_checked: frozenset[str] = frozenset()  # orders Check L/C planned (LCPlan): documents known


def _blank(v: object) -> bool:
    return v is None or bool(pd.isna(v))  # type: ignore[call-overload]  # a cell: scalar or NaT


def _day(v: object) -> dt.date | None:
    return None if _blank(v) else pd.Timestamp(v).date()  # type: ignore[arg-type]  # a date cell


def _num(v: object) -> float:
    return 0.0 if _blank(v) else float(v)  # type: ignore[arg-type]  # a number cell


def _groups(frame: pd.DataFrame | None, key: str) -> dict[str, pd.DataFrame]:
    if frame is None or frame.empty:
        return {}
    ids = frame[key].astype("object")
    ids = ids.where(ids.notna(), None)
    return {str(k): g for k, g in frame.groupby(ids.map(lambda v: v or ""), sort=False) if k}


def _clip(x: float) -> float:
    return max(0.0, min(100.0, x))


def quoted_margin(quote_lines: pd.DataFrame) -> float | None:
    price = (
        quote_lines[QuoteLines.unit_price].astype("float64") * quote_lines[QuoteLines.qty]
    ).sum()
    cost = (quote_lines[QuoteLines.unit_cost].astype("float64") * quote_lines[QuoteLines.qty]).sum()
    return None if not price else float((price - cost) / price)


def realised_margin(
    order: pd.Series,
    lines: pd.DataFrame,
    quote_lines: pd.DataFrame,
    invoices: pd.DataFrame,
    claims: float,
) -> float | None:
    """(revenue − purchase cost − quoted freight and insurance − claims) ÷ revenue; the lines
    carry their Unit Cost in the order currency (`with_line_facts`)."""
    revenue = float(invoices[Invoices.amount].astype("float64").sum()) if len(invoices) else 0.0
    if not revenue:
        revenue = _num(order[Orders.order_total])
    if not revenue:
        return None
    per_unit: Mapping[str, float] = {}
    if len(quote_lines):
        logistics = quote_lines[
            [QuoteLines.inland_freight, QuoteLines.main_freight, QuoteLines.insurance]
        ]
        per_unit = dict(
            zip(
                quote_lines[QuoteLines.sku],
                logistics.astype("float64").fillna(0).sum(axis=1),
                strict=True,
            )
        )
    qty = pd.to_numeric(lines[OrderLines.qty], errors="coerce").fillna(0.0)
    unit = lines[UNIT_COST_CONVERTED].astype("float64").fillna(0.0)
    freight = lines[OrderLines.sku].map(lambda s: per_unit.get(s, 0.0)).astype("float64")
    cost = float((qty * (unit + freight)).sum())
    return (revenue - cost - claims) / revenue


def _payment_days_late(invoices: pd.DataFrame, today: dt.date) -> int | None:
    worst: int | None = None
    for _, inv in invoices.iterrows():
        due = _day(inv[Invoices.due_date])
        if due is None:
            continue
        paid = _day(inv[Invoices.last_payment])
        open_ = _num(inv[Invoices.outstanding]) > 0.005 or paid is None
        end = today if open_ else paid
        assert end is not None
        days = max(0, (end - due).days)
        worst = days if worst is None else max(worst, days)
    return worst


def with_line_facts(inputs: ReviewInputs) -> pd.DataFrame:
    """The purchase lines with their Unit Cost in the order's currency (ECB rate of the order
    date; the supplier's currency, else the order's) and whether each is short — for every line
    at once, not one lookup per line."""
    lines = inputs.lines.copy()
    if lines.empty:
        lines[UNIT_COST_CONVERTED] = pd.Series(dtype="float64")
        lines[SHORT] = pd.Series(dtype="bool")
        return lines
    orders = inputs.orders.drop_duplicates(Orders.order_id).set_index(Orders.order_id)
    to_ccy = lines[OrderLines.order_id].map(orders[Orders.currency]).fillna("")
    on = lines[OrderLines.order_id].map(orders[Orders.order_date])
    sup = inputs.suppliers.drop_duplicates(Suppliers.supplier_id).set_index(Suppliers.supplier_id)
    from_ccy = lines[OrderLines.supplier].map(sup[Suppliers.currency]).fillna("")
    from_ccy = from_ccy.where(from_ccy.astype(bool), to_ccy)
    cost = pd.to_numeric(lines[OrderLines.unit_cost], errors="coerce").astype("float64")
    same = from_ccy.astype(str).str.upper().eq(to_ccy.astype(str).str.upper())
    rate = fx.rates_vector(from_ccy.to_numpy(), to_ccy.to_numpy(), on.to_numpy())["rate"]
    rate = pd.Series(rate.to_numpy(), index=lines.index).where(~same, 1.0)
    lines[UNIT_COST_CONVERTED] = cost * rate
    lines[SHORT] = short_lines(lines).to_numpy()
    return lines


def review_orders(inputs: ReviewInputs, today: dt.date) -> pd.DataFrame:
    """One Reviews row per closed order, in the Orders sheet's order."""
    invoices = _groups(inputs.invoices, Invoices.order_id)
    complaints = _groups(inputs.complaints, Complaints.order_id)
    disc = _groups(inputs.discrepancies, LCDiscrepancies.order_id)
    no_disc = None if inputs.discrepancies is None else inputs.discrepancies.iloc[0:0]
    checked = set(disc) | set(inputs.lc_checked)
    qlines = _groups(inputs.quote_lines, QuoteLines.quote_id)
    all_lines = with_line_facts(inputs)
    empty_lines = all_lines.iloc[0:0]
    lines = _groups(all_lines, OrderLines.order_id)
    rows = []
    for _, order in inputs.orders.iterrows():
        if Stage.read(order[Orders.stage]) is not Stage.CLOSED:
            continue
        oid = str(order[Orders.order_id])
        rows.append(
            _review(
                order,
                oid,
                lines.get(oid, empty_lines),
                invoices.get(oid),
                complaints.get(oid),
                disc.get(oid, no_disc) if oid in checked else None,
                _quote_lines(order, qlines),
                inputs.feedback.get(oid),
                today,
            )
        )
    return pd.DataFrame(rows, columns=[str(c) for c in Reviews.columns()])


def _quote_lines(order: pd.Series, qlines: dict[str, pd.DataFrame]) -> pd.DataFrame:
    got = qlines.get(str(order[Orders.quote_id]))
    if got is None:
        return pd.DataFrame(columns=[str(c) for c in QuoteLines.columns()])
    version = order[Orders.quote_version]
    versions = got[QuoteLines.version]
    want = versions.max() if _blank(version) else version
    return got[versions == want]


def _review(
    order: pd.Series,
    oid: str,
    lines: pd.DataFrame,
    invoices: pd.DataFrame | None,
    complaints: pd.DataFrame | None,
    disc: pd.DataFrame | None,
    qlines: pd.DataFrame,
    feedback: float | None,
    today: dt.date,
) -> dict[str, object]:
    invoices = (
        pd.DataFrame(columns=[str(c) for c in Invoices.columns()]) if invoices is None else invoices
    )
    ordered, promised, shipped = (
        _day(order[c]) for c in (Orders.order_date, Orders.promised_ship, Orders.shipped_on)
    )
    scores: dict[str, float] = {}
    cycle = plan = None
    if ordered and shipped:
        cycle = (shipped - ordered).days
        if promised:
            plan = (promised - ordered).days
            scores["cycle time"] = _clip(100 - 10 * max(0, cycle - plan))
    otif = None
    if shipped and promised:
        n_c = complaints if complaints is not None else None
        qty_c = (
            n_c is not None
            and (
                n_c[Complaints.cause].astype("str").str.strip().str.lower() == QUANTITY_CAUSE
            ).any()
        )
        otif = shipped <= promised and not bool(lines[SHORT].any()) and not qty_c
        scores["OTIF"] = 100.0 if otif else 0.0
    n_disc = None
    if disc is not None:
        n_disc = int(
            (disc[LCDiscrepancies.severity].astype("str").str.lower() == "discrepancy").sum()
        )
        scores["documents"] = _clip(100 - 25 * n_disc)
    n_comp = 0 if complaints is None else len(complaints)
    cost = (
        0.0
        if complaints is None
        else float(complaints[Complaints.claim_amount].astype("float64").fillna(0).sum())
    )
    quoted = quoted_margin(qlines) if len(qlines) else None
    realised = realised_margin(order, lines, qlines, invoices, cost)
    revenue = _num(order[Orders.order_total]) or 1.0
    scores["complaints"] = _clip(100 - 25 * n_comp - 100 * cost / revenue)
    if quoted is not None and realised is not None:
        scores["margin"] = _clip(100 - 10 * max(0.0, (quoted - realised) * 100))
    late = _payment_days_late(invoices, today)
    if late is not None:
        scores["payment"] = _clip(100 - 3 * late)
    if feedback is not None:
        scores["feedback"] = _clip((feedback - 1) / 4 * 100)
    score = sum(scores.values()) / len(scores) if scores else None
    worst = sorted((v, DIMENSIONS.index(k), k) for k, v in scores.items() if v < 100)
    return {
        Reviews.order_id: oid,
        Reviews.customer: order[Orders.customer],
        Reviews.cycle_days: cycle,
        Reviews.plan_days: plan,
        Reviews.otif: None if otif is None else ("yes" if otif else "no"),
        Reviews.doc_discrepancies: n_disc,
        Reviews.complaints: n_comp,
        Reviews.complaint_cost: round(cost, 2),
        Reviews.quoted_margin: None if quoted is None else round(quoted, 4),
        Reviews.realised_margin: None if realised is None else round(realised, 4),
        Reviews.days_late: late,
        Reviews.feedback: feedback,
        Reviews.score: None if score is None else round(score, 1),
        Reviews.worst: ", ".join(f"{k} ({v:.0f})" for v, _, k in worst[:WORST_SHOWN]) or None,
    }
