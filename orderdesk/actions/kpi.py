"""Refresh KPIs (ribbon: Suppliers & KPIs → Refresh KPIs; CLI: `orderdesk kpi`).

Reads the register, computes every KPI over the window, and replaces the KPI sheet (summary with
early-warning states, warnings, pivot tables, native charts). Optionally writes a one-page PNG
dashboard with the same numbers and charts. The user's own sheets are never touched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress
from orderdesk.actions.context import RunContext
from orderdesk.actions.pivots import update_pivots
from orderdesk.actions.tables import unreadable
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain import kpi as K
from orderdesk.domain import values as V
from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.dashboard import render_png
from orderdesk.domain.kpi.report import shown
from orderdesk.domain.kpi.sheet import kpi_sheet, milestone_block, warned_orders
from orderdesk.ports import Register, TableData
from orderdesk.schema import (
    KPI,
    Column,
    Complaints,
    Customers,
    Feedback,
    Invoices,
    KpiBands,
    Milestones,
    OrderLines,
    Orders,
    Products,
    Quotes,
    Setting,
    Suppliers,
    Table,
)
from orderdesk.settings import PolicyError

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


def read_kpi_inputs(ctx: RunContext) -> tuple[K.KpiInputs, list[TableData]]:
    """What the KPIs read, through the run's context (each table once per run)."""
    datas = ctx.tables(
        Orders, OrderLines, Customers, Products, Suppliers, Complaints, Invoices, Quotes
    )
    inputs = K.KpiInputs(
        orders=datas[Orders].frame,
        lines=datas[OrderLines].frame,
        customers=datas[Customers].frame,
        products=datas[Products].frame,
        suppliers=datas[Suppliers].frame,
        complaints=datas[Complaints].frame,
        invoices=datas[Invoices].frame,
        quotes=datas[Quotes].frame,
        base_currency=ctx.policy.base_currency,
    )
    # after-sales (issue 21): survey answers, where the register has the sheet
    feedback = ctx.register.read(Feedback, optional=True)
    if feedback.found:
        inputs.feedback = feedback.frame
    return inputs, list(datas.values())


def load_bands(ctx: RunContext) -> tuple[dict[K.Kpi, K.Band], list[str]]:
    try:
        return K.read_bands(ctx.tables(KpiBands)[KpiBands])
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
    """Refresh KPIs. Its edge's arguments stay as they were (other actions call it so); the
    run's context is built here, once: `on` is its day, the Settings are read once."""
    ctx = RunContext.of(register, today=on, progress=progress)
    day = ctx.today
    try:
        # A window end past pandas' dates (--to 3000-01-01) means "no end": its last day.
        window = K.Window(V.calculable_day(date_from), V.calculable_day(date_to or day) or day)
    except ValueError as exc:
        raise PolicyError(f"--from/--to: {exc}") from exc
    progress.start("Refreshing KPIs", 3)
    try:
        inputs, datas = read_kpi_inputs(ctx)
        bands, band_notes = load_bands(ctx)
        progress.advance()
        report = K.kpi_report(inputs, bands, window, day)
        report.notes += band_notes
        progress.advance()
        company = str(ctx.policy.get(Setting.COMPANY_NAME) or "")
        content = kpi_sheet(report)
        # execution (issue 20): on-time milestones by department, where the register plans them
        milestones = register.read(Milestones, optional=True).frame
        content.blocks.insert(-1, milestone_block(milestones, window.start, window.end))
        register.write_sheet(content)
        update_pivots(register, inputs, day)  # the helper columns; the Pivots sheet, once
        if png is not None:  # first: a PNG that cannot be written leaves the workbook as it was
            png = write_file(Path(png), render_png(report, company))
        register.save()
        progress.advance()
    finally:
        progress.done()
    return _outcome(report, png, unreadable(datas, _USED))


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
        f"{len(amber)} amber; {warned_orders(report.warnings)} in warnings"
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
