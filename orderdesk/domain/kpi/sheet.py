"""The KPI sheet Refresh KPIs writes: the summary with each value in its unit and its state's
colour, the pivot tables, the warnings last, and four native charts to the right of them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.bands import STATE_COLOURS, State
from orderdesk.domain.kpi.money import AGING_BUCKETS, pareto_chart
from orderdesk.domain.kpi.report import KpiReport, Unit, kind_of
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import KPI, Customers, Orders

PCT, DAYS, MONEY, COUNT = "0.0%", '0.0" d"', "#,##0", "0"


def column_letter(n: int) -> str:
    """Excel's letters of the n-th column (1: A, 27: AA)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


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


def kpi_sheet(report: KpiReport) -> SheetContent:
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
            title=f"Warnings: the orders behind the red KPIs ({warned_orders(report.warnings)})",
            formats={B.DAYS: COUNT},
            widths={B.DETAIL: 50},
        )
    )
    widest = max(len(b.frame.columns) for b in blocks)
    col = column_letter(widest + 2)
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
    state_col = column_letter(list(report.summary.columns).index(str(KPI.state)) + 1)
    marks = {
        f"{state_col}{header + 1 + i}": STATE_COLOURS[State(s)]
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


def warned_orders(frame: pd.DataFrame) -> str:
    """How many orders the warnings name: '3 order(s)'."""
    orders = frame[str(Orders.order_id)].dropna().nunique() if len(frame) else 0
    return f"{orders} order(s)"


def milestone_block(milestones: pd.DataFrame, start: dt.date | None, end: dt.date) -> Block:
    """Execution (issue 20): the on-time milestone rate by department, of the milestones done
    in the window (empty when the register has no Milestones sheet)."""
    from orderdesk.domain.execution.milestones import on_time_by_department

    frame = on_time_by_department(milestones, start, end)
    return Block(
        "tblKpiMilestones",
        frame,
        title="On-time milestone rate by department (milestones done in the window)",
        formats=_formats(frame),
    )
