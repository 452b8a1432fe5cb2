"""Refresh KPIs (ribbon: Suppliers & KPIs → Refresh KPIs; CLI: `orderdesk kpi`).

Reads the register, computes every KPI over the window, and replaces the KPI sheet (summary with
early-warning states, warnings, pivot tables, native charts). Optionally writes a one-page PNG
dashboard with the same numbers and charts. The user's own sheets are never touched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress
from orderdesk.actions.pivots import update_pivots
from orderdesk.actions.suppliers import unreadable
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain import kpi as K
from orderdesk.domain import values as V
from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.bands import STATE_COLOURS
from orderdesk.domain.kpi.dashboard import render_png
from orderdesk.domain.kpi.money import AGING_BUCKETS, pareto_chart
from orderdesk.domain.kpi.report import Unit, kind_of, shown
from orderdesk.ports import Block, ChartSpec, Register, SheetContent, TableData, today
from orderdesk.schema import (
    KPI,
    Column,
    Complaints,
    Customers,
    Invoices,
    KpiBands,
    OrderLines,
    Orders,
    Products,
    Quotes,
    Setting,
    Suppliers,
    Table,
)
from orderdesk.settings import PolicyError, load_policy

PCT, DAYS, MONEY, COUNT = "0.0%", '0.0" d"', "#,##0", "0"

# The columns each KPI reads: an unreadable cell in one of them is named in the summary.
_USED: dict[type[Table], tuple[Column, ...]] = {
    Orders: (Orders.order_date, Orders.promised_ship, Orders.shipped_on, Orders.stage),
    OrderLines: (
        OrderLines.qty,
        OrderLines.unit_price,
        OrderLines.amount,
        OrderLines.unit_cost,
        OrderLines.supplier_due,
        OrderLines.supplier_delivered,
        OrderLines.delivered_qty,
        OrderLines.accepted_qty,
    ),
    Complaints: (Complaints.date,),
    Invoices: (Invoices.issue_date, Invoices.due_date, Invoices.amount, Invoices.outstanding),
    Quotes: (Quotes.quote_date, Quotes.version, Quotes.margin_pct),
}


def read_kpi_inputs(register: Register) -> tuple[K.KpiInputs, list[TableData]]:
    tables = (Orders, OrderLines, Customers, Products, Suppliers, Complaints, Invoices, Quotes)
    datas = {t: register.read(t) for t in tables}
    inputs = K.KpiInputs(
        orders=datas[Orders].frame,
        lines=datas[OrderLines].frame,
        customers=datas[Customers].frame,
        products=datas[Products].frame,
        suppliers=datas[Suppliers].frame,
        complaints=datas[Complaints].frame,
        invoices=datas[Invoices].frame,
        quotes=datas[Quotes].frame,
        base_currency=load_policy(register).base_currency,
    )
    return inputs, list(datas.values())


def load_bands(register: Register) -> tuple[dict[K.Kpi, K.Band], list[str]]:
    try:
        return K.read_bands(register.read(KpiBands))
    except K.BandError as exc:
        raise PolicyError(f"{exc} (the KPI early-warning bands)") from exc


def refresh_kpis(
    register: Register,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    png: Path | None = None,
    on: dt.date | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    day = on or today()
    try:
        # A window end past pandas' dates (--to 3000-01-01) means "no end": its last day.
        window = K.Window(V.calculable_day(date_from), V.calculable_day(date_to or day) or day)
    except ValueError as exc:
        raise PolicyError(f"--from/--to: {exc}") from exc
    progress.start("Refreshing KPIs", 3)
    try:
        inputs, datas = read_kpi_inputs(register)
        bands, band_notes = load_bands(register)
        progress.advance()
        report = K.kpi_report(inputs, bands, window, day)
        report.notes += band_notes
        progress.advance()
        company = str(load_policy(register).get(Setting.COMPANY_NAME) or "")
        register.write_sheet(kpi_sheet(report))
        update_pivots(register, inputs, day)  # the helper columns; the Pivots sheet, once
        if png is not None:  # first: a PNG that cannot be written leaves the workbook as it was
            png = write_file(Path(png), render_png(report, company))
        register.save()
        progress.advance()
    finally:
        progress.done()
    return _outcome(report, png, unreadable(datas, _USED))


# --- the KPI sheet ----------------------------------------------------------------------


def _pct(frame: pd.DataFrame) -> dict[str, str]:
    return {c: PCT for c in frame.columns if str(c).endswith("%") or c in (B.SHARE, B.CUMULATIVE)}


def _formats(frame: pd.DataFrame, **extra: str) -> dict[str, str]:
    out = _pct(frame)
    for col in (B.CYCLE_MEDIAN, B.CYCLE_P90):
        out[col] = DAYS
    for col in (B.GROSS_PROFIT, B.OPEN_AMOUNT, B.TOTAL, *AGING_BUCKETS):
        out[col] = MONEY
    for col in (B.MARGIN_WON, B.MARGIN_LOST):
        out[col] = PCT
    out[B.INVOICES] = COUNT
    out.update(extra)
    return {k: v for k, v in out.items() if k in frame.columns}


def value_formats(summary: pd.DataFrame, currency: str) -> dict[tuple[int, str], str]:
    """Each summary value in its own unit: 108 (orders), 69.4 %, 53.0 d, 943,105 USD. The
    value stays a number (percent points for a %, as the bands are)."""
    by_kind = {
        Unit.COUNT: "#,##0",
        Unit.PERCENT: '0.0" %"',
        Unit.DAYS: '0.0" d"',
        Unit.MONEY: f'#,##0" {currency}"',
    }
    return {(i, str(KPI.value)): by_kind[kind_of(unit)] for i, unit in enumerate(summary[B.UNIT])}


def _pareto_chart(pareto: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The chart's data block (what it draws) and its title, from one `pareto_chart`."""
    chart = pareto_chart(pareto)
    top = chart.rows
    label = top[str(Customers.name)].where(
        top[str(Customers.name)].notna(), top[str(Orders.customer)]
    )
    frame = pd.DataFrame(
        {
            str(Orders.customer): label.astype("str").str.slice(0, 24).to_numpy(),
            B.GROSS_PROFIT: top[B.GROSS_PROFIT].to_numpy(),
            B.CUMULATIVE: top[B.CUMULATIVE].to_numpy(),
        }
    )
    return frame, chart.title


def kpi_sheet(report: K.KpiReport) -> SheetContent:
    ccy = report.base_currency
    notes = [
        f"Window: {report.window.describe()} (--from/--to); as of {report.today.isoformat()}. "
        f"Amounts in {ccy}. Each KPI's definition is beside it (docs/kpi.md has the full ones).",
        "State: green, amber or red as the KPI's value stands against its Band (from Settings → "
        "KPI early-warning bands; on a threshold, the better colour); blank: no band set.",
        *report.notes,
    ]
    summary_title = "Summary"
    pareto_data, pareto_title = _pareto_chart(report.pareto)
    blocks = [
        Block(  # each value in its unit (the format), so the unit needs no column of its own
            KPI.table_name,
            report.summary.drop(columns=[B.UNIT]),
            title=summary_title,
            widths={str(c): c.width for c in KPI.columns()},
            cell_formats=value_formats(report.summary, ccy),
        ),
    ]
    pivots = [
        (
            "tblKpiMonth",
            report.by_month,
            "By month (of shipment; supplier on-time: of the due date)",
        ),
        ("tblKpiPareto", report.pareto, "Customer profit Pareto (orders booked in the window)"),
        (
            "tblKpiParetoChart",
            pareto_data,
            f"Chart data: the {len(pareto_data)} customers the Pareto chart draws",
        ),
        ("tblKpiCustomers", report.by_customer, "By customer (orders shipped in the window)"),
        ("tblKpiCountries", report.by_country, "By country"),
        ("tblKpiComplaints", report.complaints, "Complaint rate by cause"),
        ("tblKpiProducts", report.products, "Product delay rate by product"),
        ("tblKpiCategories", report.categories, "Product delay rate and gross profit by category"),
        ("tblKpiSuppliers", report.suppliers, "Supplier on-time rate"),
        (
            "tblKpiAging",
            report.aging,
            f"Receivables aging ({ccy}, as of {report.window.end.isoformat()})",
        ),
        ("tblKpiAgingCustomers", report.aging_customers, "Receivables aging by customer"),
        ("tblKpiQuotes", report.quotes, "Quote win rate and margin by sales owner"),
    ]
    blocks += [
        Block(name, frame, title=title, formats=_formats(frame)) for name, frame, title in pivots
    ]
    # Last: the longest list, so that on paper its header repeats on each of its pages.
    blocks.append(
        Block(
            "tblKpiWarnings",
            report.warnings,
            title=f"Warnings: the orders behind the red KPIs ({_count(report.warnings)})",
            formats={B.DAYS: COUNT},
            widths={B.DETAIL: 50},
        )
    )
    widest = max(len(b.frame.columns) for b in blocks)
    col = get_column_letter(widest + 2)
    charts = [
        ChartSpec(
            "line",
            "OTIF by month",
            "tblKpiMonth",
            B.MONTH,
            [B.OTIF_PCT],
            anchor=f"{col}3",
            percent_axis=True,
            y_title="OTIF",
        ),
        ChartSpec(
            "line",
            "Order cycle time by month",
            "tblKpiMonth",
            B.MONTH,
            [B.CYCLE_MEDIAN, B.CYCLE_P90],
            anchor=f"{col}21",
            y_title="days",
        ),
        ChartSpec(
            "column+line",
            pareto_title,
            "tblKpiParetoChart",
            str(Orders.customer),
            [B.GROSS_PROFIT],
            secondary=[B.CUMULATIVE],
            anchor=f"{col}39",
            y_title=f"gross profit ({ccy})",
        ),
        ChartSpec(
            "column",
            "Receivables aging",
            "tblKpiAging",
            B.BUCKET,
            [B.OPEN_AMOUNT],
            anchor=f"{col}57",
            y_title=ccy,
        ),
    ]
    header = _first_header_row(notes, summary_title)
    state_col = get_column_letter(list(report.summary.columns).index(str(KPI.state)) + 1)
    marks = {
        f"{state_col}{header + 1 + i}": STATE_COLOURS[K.State(s)]
        for i, s in enumerate(report.summary[KPI.state])
        if s in STATE_COLOURS
    }
    return SheetContent(
        KPI.sheet,
        blocks,
        charts,
        heading=f"KPIs: {report.window.describe()}",
        notes=notes,
        marks=marks,
    )


def _first_header_row(notes: list[str], title: str | None) -> int:
    """The header row of the first block, as the sheet writer lays a sheet out: the heading, the
    notes, a blank row, the block's title."""
    return 1 + 1 + len(notes) + 1 + (1 if title else 0)


def _count(frame: pd.DataFrame) -> str:
    orders = frame[str(Orders.order_id)].dropna().nunique() if len(frame) else 0
    return f"{orders} order(s)"


# --- the outcome ------------------------------------------------------------------------


def _outcome(report: K.KpiReport, png: Path | None, skipped: list[str]) -> Outcome:
    s = report.summary
    red = s[s[KPI.state] == K.State.RED.value]
    amber = s[s[KPI.state] == K.State.AMBER.value]
    details = [
        f"{r[KPI.state]}: {r[KPI.kpi]} {shown(r[KPI.value], r[B.UNIT])}"
        for _, r in pd.concat([red, amber]).iterrows()
    ]
    details += report.notes + skipped
    if png is not None:
        details.append(f"wrote {png}")
    key = {
        k: shown(report.value(k), s.loc[s[KPI.kpi] == k.value, B.UNIT].iloc[0])
        for k in (K.Kpi.OTIF, K.Kpi.CYCLE_MEDIAN, K.Kpi.DSO)
    }
    summary = (
        f"KPIs for {report.window.describe()}: OTIF {key[K.Kpi.OTIF]}, cycle time "
        f"{key[K.Kpi.CYCLE_MEDIAN]} (median), DSO {key[K.Kpi.DSO]}; {len(red)} red, "
        f"{len(amber)} amber; {_count(report.warnings)} in warnings"
    )
    kpis = [
        {
            "kpi": r[KPI.kpi],
            "value": None if pd.isna(r[KPI.value]) else round(float(r[KPI.value]), 4),
            "unit": r[B.UNIT],
            "state": r[KPI.state] or None,
        }
        for _, r in s.iterrows()
    ]
    return Outcome(
        summary,
        findings=len(red),
        details=details,
        data={
            "window": {
                "from": report.window.start.isoformat() if report.window.start else None,
                "to": report.window.end.isoformat(),
            },
            "kpis": kpis,
            "warnings": len(report.warnings),
            "png": str(png) if png else None,
        },
    )
