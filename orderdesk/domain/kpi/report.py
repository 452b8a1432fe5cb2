"""All KPIs of the KPI sheet (and the PNG dashboard) in one report: the summary with each KPI's
value, state and definition, the pivot tables, and the warnings behind the red states."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from orderdesk.domain.aftersales.complaints import sla_share
from orderdesk.domain.aftersales.feedback import satisfaction
from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi import delivery as D
from orderdesk.domain.kpi import money as M
from orderdesk.domain.kpi.bands import Band, Kpi, State
from orderdesk.domain.kpi.base import KpiInputs, Window
from orderdesk.schema import (
    KPI,
    Complaints,
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Quotes,
)

MAX_WARNINGS_PER_KPI = 50


@dataclass
class KpiReport:
    window: Window
    today: dt.date
    base_currency: str
    summary: pd.DataFrame  # schema KPI columns, and each KPI's unit (B.UNIT)
    by_month: pd.DataFrame
    by_customer: pd.DataFrame
    by_country: pd.DataFrame
    pareto: pd.DataFrame
    complaints: pd.DataFrame
    products: pd.DataFrame
    categories: pd.DataFrame
    suppliers: pd.DataFrame
    aging: pd.DataFrame
    aging_customers: pd.DataFrame
    quotes: pd.DataFrame
    warnings: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def value(self, kpi: Kpi) -> float:
        row = self.summary[self.summary[KPI.kpi] == kpi.value]
        return float(row[KPI.value].iloc[0])

    def state(self, kpi: Kpi) -> str:
        row = self.summary[self.summary[KPI.kpi] == kpi.value]
        return str(row[KPI.state].iloc[0])


class Unit(StrEnum):
    """How a KPI's value is counted, and so shown: a count, a percentage, days, money."""

    COUNT = "count"
    PERCENT = "%"
    DAYS = "days"
    MONEY = "money"  # in the base currency


@dataclass(frozen=True)
class KpiInfo:
    unit: Unit
    counts: str  # what a count counts ("orders"); the unit shown for the others
    definition: str  # one line; docs/kpi.md has the whole of it


# What each summary KPI is, in a line the KPI sheet prints beside it.
DEFINITIONS: dict[Kpi, KpiInfo] = {
    Kpi.ORDERS_SHIPPED: KpiInfo(
        Unit.COUNT, "orders", "Orders shipped in the window (Shipped On), not cancelled."
    ),
    Kpi.CYCLE_MEDIAN: KpiInfo(Unit.DAYS, "days", "Median days from Order Date to Shipped On."),
    Kpi.CYCLE_P90: KpiInfo(
        Unit.DAYS, "days", "9 in 10 shipped orders took at most this many days."
    ),
    Kpi.OTIF: KpiInfo(
        Unit.PERCENT, "%", "Shipped on time and in full, of orders with a promised date."
    ),
    Kpi.COMPLAINT_RATE: KpiInfo(
        Unit.PERCENT, "%", "Shipped orders with a complaint, of all shipped orders."
    ),
    Kpi.SUPPLIER_ON_TIME: KpiInfo(
        Unit.PERCENT, "%", "Purchase lines in by their Supplier Due, of lines due."
    ),
    Kpi.PRODUCT_DELAY: KpiInfo(
        Unit.PERCENT, "%", "Lines of orders shipped after their promised ship date."
    ),
    Kpi.GROSS_PROFIT: KpiInfo(
        Unit.MONEY, "", "Amount − Qty × Unit Cost of orders booked in the window."
    ),
    Kpi.TOP_CUSTOMERS: KpiInfo(
        Unit.COUNT, "customers", "Fewest customers who together make 80 % of gross profit."
    ),
    Kpi.RECEIVABLES: KpiInfo(Unit.MONEY, "", "Open invoice amounts at the window's end."),
    Kpi.OVER_90: KpiInfo(Unit.MONEY, "", "Open receivables more than 90 days past due."),
    Kpi.DSO: KpiInfo(Unit.DAYS, "days", "Days sales outstanding: open ÷ invoiced × days."),
    Kpi.WIN_RATE: KpiInfo(
        Unit.PERCENT, "%", "Won ÷ decided (won, lost, expired) quotes in the window."
    ),
    Kpi.MARGIN_WON: KpiInfo(Unit.PERCENT, "%", "Mean Margin % of the quotes won in the window."),
    Kpi.SHIP_RISK: KpiInfo(
        Unit.DAYS, "days", "Worst open order: days late to ship (< 0: days to spare)."
    ),
    # after-sales (issue 21)
    Kpi.COMPLAINT_SLA: KpiInfo(
        Unit.PERCENT, "%", "Complaints in the window acknowledged and answered in time."
    ),
    Kpi.SATISFACTION: KpiInfo(
        Unit.PERCENT, "%", "Survey answers scoring 4 or 5 of 5, received in the window."
    ),
}


def kind_of(unit: str) -> Unit:
    """A summary row's Unit as it is written on the sheet ('%', 'days', 'orders', 'USD' …)."""
    counted = {i.counts for i in DEFINITIONS.values() if i.unit is Unit.COUNT}
    if unit in counted:
        return Unit.COUNT
    return Unit(unit) if unit in (Unit.PERCENT, Unit.DAYS) else Unit.MONEY


def shown(value: float, unit: str, *, short: bool = False) -> str:
    """A KPI value as people read it: '92.5 %', '33.0 days' ('33.0 d' short), '3,150 USD',
    '108 orders'."""
    if value is None or math.isnan(value):
        return "–" if short else "no data"
    kind = kind_of(unit)
    if kind is Unit.PERCENT:
        return f"{value:.1f} %"
    if kind is Unit.DAYS:
        return f"{value:.1f} {'d' if short else 'days'}"
    return f"{value:,.0f}" if short else f"{value:,.0f} {unit}"


def band_text(band: Band | None, unit: str) -> str:
    """The band as the State column applies it: 'red < 80 % ≤ amber < 90 % ≤ green'."""
    if band is None:
        return "no band"
    kind = kind_of(unit)
    suffix = {Unit.PERCENT: " %", Unit.DAYS: " d"}.get(kind, "")

    def at(v: float) -> str:
        return f"{v:,.0f}{suffix}" if float(v).is_integer() else f"{v:,.1f}{suffix}"

    # A value on a threshold keeps the better state (bands.py): ≤ on the better side.
    if band.higher_is_better:  # worst first: red < 80 % ≤ amber < 90 % ≤ green
        steps = [(s, v) for s, v in (("red", band.red), ("amber", band.amber)) if v is not None]
        text = " ≤ ".join(f"{state} < {at(v)}" for state, v in steps)
        return f"{text} ≤ green" if steps else "no thresholds set"
    # best first: green ≤ 45 d < amber ≤ 60 d < red
    steps = [(s, v) for s, v in (("amber", band.amber), ("red", band.red)) if v is not None]
    better = ["green", *(state for state, _ in steps)]
    text = " < ".join(f"{b} ≤ {at(v)}" for b, (_, v) in zip(better, steps, strict=False))
    return f"{text} < {better[-1]}" if steps else "no thresholds set"


PERCENT_KPIS = {k for k, i in DEFINITIONS.items() if i.unit is Unit.PERCENT}


def _summary(values: dict[Kpi, float], bands: dict[Kpi, Band], base_currency: str) -> pd.DataFrame:
    rows = []
    for kpi, value in values.items():
        info = DEFINITIONS[kpi]
        unit = info.counts or base_currency
        shown = value * 100 if kpi in PERCENT_KPIS else value
        band = bands.get(kpi)
        if band is not None:
            state = band.state(shown).value
        else:
            state = State.NO_DATA.value if np.isnan(shown) else ""
        rows.append(
            {
                str(KPI.kpi): kpi.value,
                str(KPI.value): shown,
                B.UNIT: unit,
                str(KPI.state): state,
                str(KPI.band): band_text(band, unit),
                str(KPI.definition): info.definition,
            }
        )
    return pd.DataFrame(rows, columns=[str(c) for c in KPI.columns()] + [B.UNIT])


def kpi_report(
    inputs: KpiInputs, bands: dict[Kpi, Band], window: Window, today: dt.date
) -> KpiReport:
    facts = D.order_facts(inputs, today)
    shipped = D.shipped_in(facts, window)
    median, p90 = D.cycle_time(shipped)
    by_sku, by_category, delay = D.product_delay(shipped, inputs)
    by_supplier, supplier_months, supplier_rate = D.supplier_on_time(inputs, window, today)
    risk = D.ship_date_risk(inputs, today)
    profit = M.gross_profit(inputs, window)
    pareto = M.customer_pareto(profit, inputs.customers)
    rec = M.receivables(inputs, window)
    quotes, latest_quotes = M.quote_results(inputs.quotes, window)

    values: dict[Kpi, float] = {
        Kpi.ORDERS_SHIPPED: float(len(shipped)),
        Kpi.CYCLE_MEDIAN: median,
        Kpi.CYCLE_P90: p90,
        Kpi.OTIF: D.otif(shipped),
        Kpi.COMPLAINT_RATE: D.complaint_rate(shipped),
        Kpi.SUPPLIER_ON_TIME: supplier_rate,
        Kpi.PRODUCT_DELAY: delay,
        Kpi.GROSS_PROFIT: profit.total,
        Kpi.TOP_CUSTOMERS: float((pareto[B.TOP_80] == "yes").sum()),
        Kpi.RECEIVABLES: rec.open_total,
        Kpi.OVER_90: float(rec.invoices.loc[rec.invoices[B.DAYS] > 90, B.OPEN_AMOUNT].sum()),
        Kpi.DSO: rec.dso,
        Kpi.WIN_RATE: M.win_rate(quotes),
        Kpi.MARGIN_WON: M.margin_won(latest_quotes),
        Kpi.SHIP_RISK: float(risk[B.DAYS].max()) if len(risk) else float("nan"),
        Kpi.COMPLAINT_SLA: sla_share(inputs.complaints, window.start, window.end),
        Kpi.SATISFACTION: satisfaction(inputs.feedback, window.start, window.end),
    }
    summary = _summary(values, bands, inputs.base_currency)

    by_month = D.delivery_by(shipped, D.MONTH, inputs.order_customer[1])
    by_month[B.SUPPLIER_ON_TIME_PCT] = supplier_months[B.SUPPLIER_ON_TIME_PCT]
    months = sorted(set(by_month.index) | set(supplier_months.index))
    by_month = by_month.reindex(months)
    by_month[B.ORDERS_SHIPPED] = by_month[B.ORDERS_SHIPPED].fillna(0).astype("int64")
    by_month[B.SUPPLIER_ON_TIME_PCT] = supplier_months[B.SUPPLIER_ON_TIME_PCT].reindex(months)

    by_country = D.delivery_by(shipped, D.COUNTRY, inputs.order_customer[1])
    country_profit = M.profit_by_country(profit)
    by_country = by_country.join(country_profit.rename(B.GROSS_PROFIT), how="outer")
    by_country[B.ORDERS_SHIPPED] = by_country[B.ORDERS_SHIPPED].fillna(0).astype("int64")

    by_customer = D.delivery_by(shipped, D.CUSTOMER, inputs.order_customer[1])
    names = inputs.customers.drop_duplicates(Customers.customer_id).set_index(Customers.customer_id)
    by_customer.insert(0, str(Customers.name), names[Customers.name].reindex(by_customer.index))
    by_customer.insert(
        1, str(Customers.country), names[Customers.country].reindex(by_customer.index)
    )

    by_category = by_category.join(
        M.profit_by_category(profit, inputs.products).rename(B.GROSS_PROFIT)
    )

    notes = []
    if profit.without_cost:
        notes.append(
            f"Gross profit leaves out {profit.without_cost} order line(s) without a Unit Cost."
        )
    if profit.unconvertible or rec.unconvertible:
        notes.append(
            f"{profit.unconvertible + rec.unconvertible} amount(s) in a currency without an ECB "
            "rate are left out of profit and receivables."
        )
    warnings = _warnings(summary, bands, shipped, inputs, window, today, rec, latest_quotes, risk)
    return KpiReport(
        window=window,
        today=today,
        base_currency=inputs.base_currency,
        summary=summary,
        by_month=_indexed(by_month, B.MONTH),
        by_customer=_indexed(by_customer, str(Orders.customer)),
        by_country=_indexed(by_country, str(Customers.country)),
        pareto=pareto,
        complaints=D.complaints_by_cause(shipped, inputs.complaints),
        products=_indexed(by_sku, str(OrderLines.sku)),
        categories=_indexed(by_category, str(Products.category)),
        suppliers=_indexed(by_supplier, str(OrderLines.supplier)),
        aging=_indexed(M.aging_by_bucket(rec), B.BUCKET),
        aging_customers=_indexed(
            M.aging_by_customer(rec, inputs.customers), str(Invoices.customer)
        ),
        quotes=_indexed(quotes, str(Quotes.sales_owner)),
        warnings=warnings,
        notes=notes,
    )


def _indexed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The index as the first column (a block on the sheet has no index)."""
    out = frame.copy()
    out.index.name = name
    return out.reset_index()


# --- warnings: the orders behind each red KPI -------------------------------------------

WARNING_COLUMNS = (
    str(KPI.kpi),
    str(Orders.order_id),
    str(Orders.customer),
    B.REFERENCE,
    B.DATE,
    B.DAYS,
    B.DETAIL,
)


Listed = tuple[pd.DataFrame, int]  # the first rows of a warning list, and how many there are


def _first(selected: pd.DataFrame) -> Listed:
    """Cap a sorted selection before its texts are written (a red OTIF over 100,000 orders lists
    the worst ones, and says how many more)."""
    return selected.head(MAX_WARNINGS_PER_KPI), len(selected)


def _rows(kpi: Kpi, listed: Listed) -> pd.DataFrame:
    frame, total = listed
    frame = frame.reindex(columns=list(WARNING_COLUMNS))
    frame[str(KPI.kpi)] = kpi.value
    if total > len(frame):
        tail: dict[str, object] = {c: None for c in WARNING_COLUMNS}
        tail.update({str(KPI.kpi): kpi.value, B.DETAIL: f"… and {total - len(frame)} more"})
        frame = pd.concat([frame, pd.DataFrame([tail])], ignore_index=True)
    return frame


def _d(value: object) -> str:
    when = pd.Timestamp(value)  # type: ignore[arg-type]
    return "?" if pd.isna(when) else when.date().isoformat()


def _otif_misses(shipped: pd.DataFrame) -> Listed:
    miss = shipped[shipped[D.JUDGED] & ~shipped[D.OTIF]]
    miss, total = _first(miss.sort_values(D.LATE_DAYS, ascending=False, kind="stable"))
    detail = []
    for late, short, qty_c, promised, on in zip(
        miss[D.LATE_DAYS],
        miss[D.SHORT],
        miss[D.QTY_COMPLAINT],
        miss[D.PROMISED],
        miss[D.SHIPPED_ON],
        strict=True,
    ):
        why = []
        if late > 0:
            why.append(f"shipped {_d(on)}, {late:.0f} day(s) after the promised {_d(promised)}")
        if short:
            why.append("a line short (delivered below Qty)")
        if qty_c:
            why.append("a quantity complaint")
        detail.append("; ".join(why))
    frame = pd.DataFrame(
        {
            str(Orders.order_id): miss.index,
            str(Orders.customer): miss[D.CUSTOMER].to_numpy(),
            B.DATE: miss[D.SHIPPED_ON].to_numpy(),
            B.DAYS: miss[D.LATE_DAYS].clip(lower=0).to_numpy(),
            B.DETAIL: detail,
        }
    )
    return frame, total


def _slow_orders(shipped: pd.DataFrame, band: Band) -> Listed:
    slow = shipped[band.beyond_red_mask(shipped[D.CYCLE])]
    slow, total = _first(slow.sort_values(D.CYCLE, ascending=False, kind="stable"))
    frame = pd.DataFrame(
        {
            str(Orders.order_id): slow.index,
            str(Orders.customer): slow[D.CUSTOMER].to_numpy(),
            B.DATE: slow[D.SHIPPED_ON].to_numpy(),
            B.DAYS: slow[D.CYCLE].to_numpy(),
            B.DETAIL: [f"{c:.0f} days from order to shipment" for c in slow[D.CYCLE]],
        }
    )
    return frame, total


def _complained(shipped: pd.DataFrame, complaints: pd.DataFrame) -> Listed:
    c = complaints[complaints[Complaints.order_id].isin(shipped.index[shipped[D.COMPLAINED]])]
    c, total = _first(c)
    frame = pd.DataFrame(
        {
            str(Orders.order_id): c[Complaints.order_id].to_numpy(),
            str(Orders.customer): shipped[D.CUSTOMER].reindex(c[Complaints.order_id]).to_numpy(),
            B.REFERENCE: c[Complaints.complaint_id].to_numpy(),
            B.DATE: c[Complaints.date].to_numpy(),
            B.DETAIL: [
                f"complaint: {cause if isinstance(cause, str) else 'no cause given'}"
                + (f" — {text}" if isinstance(text, str) else "")
                for cause, text in zip(c[Complaints.cause], c[Complaints.description], strict=True)
            ],
        }
    )
    return frame, total


def _late_purchase_lines(inputs: KpiInputs, window: Window, today: dt.date) -> Listed:
    lines = inputs.lines
    status = inputs.line_status(today)
    due = pd.to_datetime(lines[OrderLines.supplier_due])
    late = (status.counted & ~status.on_date & window.holds(due)).to_numpy()
    at = np.flatnonzero(late & inputs.lines_in_play)
    delivered = pd.to_datetime(lines[OrderLines.supplier_delivered]).to_numpy()[at]
    until = np.where(np.isnat(delivered), np.datetime64(today, "ns"), delivered)
    days = (until - due.to_numpy()[at]) // np.timedelta64(1, "D")
    worst = np.argsort(-days, kind="stable")[:MAX_WARNINGS_PER_KPI]
    L = lines.iloc[at[worst]]
    customers = np.array([*inputs.order_rows[Orders.customer].tolist(), None], dtype=object)
    customer = customers[inputs.line_order[at[worst]]]  # −1 (no such order) → the None
    frame = pd.DataFrame(
        {
            str(Orders.order_id): L[OrderLines.order_id].to_numpy(),
            str(Orders.customer): customer,
            B.REFERENCE: [
                f"line {n} · {s}"
                for n, s in zip(L[OrderLines.line_no], L[OrderLines.supplier], strict=True)
            ],
            B.DATE: due.to_numpy()[at[worst]],
            B.DAYS: days[worst],
            B.DETAIL: np.where(
                np.isnat(delivered[worst]),
                "not delivered yet",
                "delivered after the Supplier Due date",
            ),
        }
    )
    return frame, len(at)


def _overdue_invoices(rec: M.Receivables, base_currency: str) -> Listed:
    inv = rec.invoices[rec.invoices[B.DAYS] > 0]
    inv, total = _first(inv.sort_values(B.DAYS, ascending=False, kind="stable"))
    frame = pd.DataFrame(
        {
            str(Orders.order_id): inv[Invoices.order_id].to_numpy(),
            str(Orders.customer): inv[Invoices.customer].to_numpy(),
            B.REFERENCE: inv[Invoices.invoice_no].to_numpy(),
            B.DATE: inv[Invoices.due_date].to_numpy(),
            B.DAYS: inv[B.DAYS].to_numpy(),
            B.DETAIL: [f"{a:,.2f} {base_currency} open, overdue" for a in inv[B.OPEN_AMOUNT]],
        }
    )
    return frame, total


def _lost_quotes(latest: pd.DataFrame) -> Listed:
    lost, total = _first(latest[latest["_status"].isin(M.DECIDED[1:])])
    frame = pd.DataFrame(
        {
            str(Orders.order_id): lost[Quotes.order_id].to_numpy(),
            str(Orders.customer): lost[Quotes.customer].to_numpy(),
            B.REFERENCE: [
                f"{q} v{v}"
                for q, v in zip(lost[Quotes.quote_id], lost[Quotes.version], strict=True)
            ],
            B.DATE: lost[Quotes.quote_date].to_numpy(),
            B.DETAIL: [f"quote {s}" for s in lost["_status"]],
        }
    )
    return frame, total


def _at_risk(risk: pd.DataFrame, band: Band) -> Listed:
    r, total = _first(risk[band.beyond_red_mask(risk[B.DAYS])])  # already worst first
    detail = [
        f"goods expected {_d(e)}"
        + (
            f" (line {n} from {s})"
            if isinstance(s, str) and pd.Timestamp(e) > pd.Timestamp(p)
            else ""
        )
        + f", promised ship {_d(p)}"
        for e, n, s, p in zip(
            r["expected"],
            r[OrderLines.line_no],
            r[OrderLines.supplier],
            r[Orders.promised_ship],
            strict=True,
        )
    ]
    frame = pd.DataFrame(
        {
            str(Orders.order_id): r[Orders.order_id].to_numpy(),
            str(Orders.customer): r[Orders.customer].to_numpy(),
            B.DATE: r[Orders.promised_ship].to_numpy(),
            B.DAYS: r[B.DAYS].to_numpy(),
            B.DETAIL: detail,
        }
    )
    return frame, total


def _warnings(
    summary: pd.DataFrame,
    bands: dict[Kpi, Band],
    shipped: pd.DataFrame,
    inputs: KpiInputs,
    window: Window,
    today: dt.date,
    rec: M.Receivables,
    latest_quotes: pd.DataFrame,
    risk: pd.DataFrame,
) -> pd.DataFrame:
    red = set(summary.loc[summary[KPI.state] == State.RED.value, KPI.kpi])
    parts = []
    for kpi in Kpi:
        if kpi.value not in red:
            continue
        band = bands[kpi]
        if kpi is Kpi.OTIF:
            rows = _otif_misses(shipped)
        elif kpi is Kpi.CYCLE_MEDIAN or kpi is Kpi.CYCLE_P90:
            rows = _slow_orders(shipped, band)
        elif kpi is Kpi.COMPLAINT_RATE:
            rows = _complained(shipped, inputs.complaints)
        elif kpi is Kpi.SUPPLIER_ON_TIME:
            rows = _late_purchase_lines(inputs, window, today)
        elif kpi is Kpi.DSO or kpi is Kpi.OVER_90:
            rows = _overdue_invoices(rec, inputs.base_currency)
        elif kpi is Kpi.WIN_RATE:
            rows = _lost_quotes(latest_quotes)
        elif kpi is Kpi.SHIP_RISK:
            rows = _at_risk(risk, band)
        else:
            continue
        parts.append(_rows(kpi, rows))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WARNING_COLUMNS})
    return pd.concat(parts, ignore_index=True)
