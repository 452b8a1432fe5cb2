"""Pivots (ribbon: Suppliers & KPIs → Pivots; CLI: `orderdesk kpi pivots`; and Refresh KPIs).

Writes the helper columns the PivotTables slice by (order month, gross profit and order value
in the base currency, a purchase line's on-time flag, an invoice's aging bucket …: computed by
the KPI code, `domain/kpi/pivots.py`), and the first time, a Pivots sheet with five real
PivotTables over the register's own Excel Tables. Once that sheet exists its PivotTables are the
user's: they are never rebuilt (the file adapter copies them as they are and Excel refreshes
them on open; in Excel they are refreshed in place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.domain.kpi.pivots import pivot_columns
from orderdesk.ports import PivotSpec, Register, TableData
from orderdesk.schema import Column, Invoices, OrderLines, Orders, QuoteLines, Quotes, Table

if TYPE_CHECKING:
    from orderdesk.actions.context import RunContext
    from orderdesk.domain.kpi.base import KpiInputs

PIVOTS_SHEET = "Pivots"
HEADING = "Pivots: PivotTables over the register's own tables"
NOTES = (
    "Excel refreshes them when the workbook opens (Data → Refresh All refreshes them now). "
    "Rearrange them, filter them, add your own: OrderDesk never rebuilds a PivotTable.",
    "Helper columns (Order Month, Gross Profit (base), Supplier Delivery, Aging Bucket …) are "
    "written by Refresh KPIs and Pivots, from the KPI sheet's own code, as of today.",
)


@dataclass
class PivotsDone:
    cells: int  # helper cells written
    created: list[str]  # PivotTables added this run (none once the sheet exists)


def pivot_specs(inputs: KpiInputs, first_row: int) -> list[PivotSpec]:
    """The five PivotTables, one below the other with room for the rows they have today
    (and as many again to grow into)."""
    ccy = inputs.base_currency
    specs = [
        PivotSpec(
            "ptProfitByCustomer",
            Orders,
            f"Gross profit and order value ({ccy}) by customer × month of the order date "
            "(booked orders); filter: the customer's country",
            rows=(Orders.customer,),
            columns=(Orders.order_month,),
            pages=(Orders.customer_country,),
            values=((Orders.gross_profit_base, "sum"), (Orders.order_value_base, "sum")),
        ),
        PivotSpec(
            "ptSupplierOnTime",
            OrderLines,
            "Purchase lines late vs on time by supplier × month they were due "
            "(the supplier on-time KPI)",
            rows=(OrderLines.supplier,),
            # the month outside, late / on time inside: side by side under each month
            columns=(OrderLines.due_month, OrderLines.supplier_delivery),
            values=((OrderLines.order_id, "count"),),
        ),
        PivotSpec(
            "ptReceivables",
            Invoices,
            f"Open receivables ({ccy}) by customer × aging bucket (days overdue)",
            rows=(Invoices.customer,),
            columns=(Invoices.aging_bucket,),
            values=((Invoices.open_base, "sum"),),
        ),
        PivotSpec(
            "ptPipeline",
            Orders,
            "Orders by stage × sales owner (the pipeline)",
            rows=(Orders.stage,),
            columns=(Orders.sales_owner,),
            values=((Orders.order_id, "count"),),
        ),
        PivotSpec(
            "ptQuotes",
            Quotes,
            "Quotes won / lost by product category × quarter of the quote date",
            rows=(Quotes.category,),
            columns=(Quotes.quote_quarter, Quotes.status),
            values=((Quotes.quote_id, "count"),),
        ),
    ]
    frames = {Orders: inputs.orders, OrderLines: inputs.lines, Invoices: inputs.invoices}
    frames[Quotes] = inputs.quotes
    out, row = [], first_row
    for spec in specs:
        frame = frames[spec.table]
        items = int(frame[spec.rows[0]].nunique()) if spec.rows[0] in frame else 0
        placed = PivotSpec(**{**spec.__dict__, "row": row})
        out.append(placed)
        row = placed.table_row + 2 * items + 10  # its header, items, total: twice, and a gap
    return out


def _changes(data: TableData, values: pd.DataFrame) -> dict[tuple[Any, ...], dict[Column, Any]]:
    """Only the cells whose value differs from what the table holds (whole columns compared:
    numbers to half a cent, text as text, blank equals blank)."""
    frame = data.frame
    differs: dict[Column, np.ndarray] = {}
    for col in values.columns:
        column = data.table.by_header(str(col))
        new = values[col]
        old = frame[column] if column in frame else pd.Series(None, index=frame.index)
        if column.type.numeric:
            a = pd.to_numeric(old, errors="coerce").to_numpy(dtype="float64")
            b = pd.to_numeric(new, errors="coerce").to_numpy(dtype="float64")
            same = np.isclose(a, b, rtol=0.0, atol=0.005) | (np.isnan(a) & np.isnan(b))
        else:
            a_blank, b_blank = old.isna().to_numpy(), new.isna().to_numpy()
            texts = old.astype(str).to_numpy() == new.astype(str).to_numpy()
            same = (a_blank & b_blank) | (~a_blank & ~b_blank & texts)
        differs[column] = ~same
    rows = (
        np.flatnonzero(np.logical_or.reduce(list(differs.values())))
        if differs
        else np.zeros(0, dtype=np.int64)
    )
    if not len(rows):
        return {}
    keys = TableData(data.table, frame.iloc[rows]).keys()
    out: dict[tuple[Any, ...], dict[Column, Any]] = {}
    for i, key in zip(rows.tolist(), keys, strict=True):
        if any(k is None for k in key):
            continue
        out[key] = {
            column: None if _blank(v := values[str(column)].iat[i]) else v
            for column, d in differs.items()
            if d[i]
        }
    return out


def _blank(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def update_pivots(register: Register, inputs: KpiInputs, today: dt.date) -> PivotsDone:
    """Write the helper columns, and add the Pivots sheet if the workbook has none (the caller
    saves). `inputs` are the KPI inputs just read (Refresh KPIs reads them once for both)."""
    quote_lines = register.read(QuoteLines).frame
    cols = pivot_columns(inputs, quote_lines, today)
    frames: Mapping[type[Table], tuple[pd.DataFrame, pd.DataFrame]] = {
        Orders: (inputs.orders, cols.orders),
        OrderLines: (inputs.lines, cols.lines),
        Invoices: (inputs.invoices, cols.invoices),
        Quotes: (inputs.quotes, cols.quotes),
    }
    cells = 0
    for table, (frame, values) in frames.items():
        changes = _changes(TableData(table, frame), values)
        if changes:
            cells += register.update(table, changes)
    specs = pivot_specs(inputs, first_row=3 + len(NOTES) + 1)
    created = register.add_pivots(PIVOTS_SHEET, specs, heading=HEADING, notes=NOTES)
    return PivotsDone(cells, created)


def pivots(ctx: RunContext) -> Outcome:
    """The Pivots button: helper columns brought up to date, the Pivots sheet made if missing."""
    from orderdesk.actions.kpi import read_kpi_inputs

    register = ctx.register
    ctx.progress.start("Pivots", 2)
    try:
        inputs, _ = read_kpi_inputs(ctx)
        ctx.progress.advance()
        done = update_pivots(register, inputs, ctx.today)
        register.save()
        ctx.progress.advance()
    finally:
        ctx.progress.done()
    return outcome(done)


def outcome(done: PivotsDone) -> Outcome:
    made = (
        f"added the {PIVOTS_SHEET} sheet with {len(done.created)} PivotTables"
        if done.created
        else f"the {PIVOTS_SHEET} sheet's PivotTables left as they are (Excel refreshes them)"
    )
    return Outcome(
        f"Pivots: {done.cells} helper cell(s) written; {made}",
        details=[f"PivotTable {name}" for name in done.created],
        data={"cells": done.cells, "created": done.created, "sheet": PIVOTS_SHEET},
    )
