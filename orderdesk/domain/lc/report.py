"""The L/C check's report: each finding as a row of the LCCheck sheet (order, credit, severity,
document, field, what the credit and the document say, article, what to do), the presentation
planner below them, the summary line and the lines the command prints for discrepancies and
risks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk.domain.kpi.bands import STATE_COLOURS, State
from orderdesk.domain.lc import checks as Ch
from orderdesk.domain.lc.planner import Plan
from orderdesk.ports import Block, SheetContent
from orderdesk.schema import LCDiscrepancies, LCPlan

SEVERITY_FILL = {"discrepancy": "FFC7CE", "risk": "FFEB9C", "note": "DDEBF7"}


@dataclass
class Report:
    """What one Check L/C run found, credit by credit."""

    rows: list[dict[Any, Any]] = field(default_factory=list)
    plans: list[dict[Any, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Ch.Severity})
    details: list[str] = field(default_factory=list)
    credits: int = 0

    def add(self, order_id: str, lc_no: str, d: Ch.Discrepancy) -> None:
        _add(self, order_id, lc_no, d)

    def unusable(self, order_id: str, lc_no: str, field: str, value: str, why: str) -> None:
        """A discrepancy on the LCs row itself: the credit cannot be checked as typed."""
        d = Ch.Discrepancy("LCs sheet", field, value, "", "", Ch.Severity.DISCREPANCY, why)
        _add(self, order_id, lc_no, d)

    def plan(self, planned: Plan) -> None:
        self.plans.append(
            {
                LCPlan.lc_no: planned.lc_no,
                LCPlan.order_id: planned.order_id,
                LCPlan.latest_shipment: planned.latest_shipment,
                LCPlan.on_board: planned.on_board,
                LCPlan.last_presentation: planned.last_presentation,
                LCPlan.expiry: planned.expiry,
                LCPlan.days_left: planned.days_left,
                LCPlan.state: planned.state,
                LCPlan.what_next: planned.what_next,
            }
        )

    def summary(self) -> str:
        c, n = self.counts, self.credits
        return (
            f"checked {n} letter{'s' if n != 1 else ''} of credit: "
            f"{c['discrepancy']} discrepanc{'ies' if c['discrepancy'] != 1 else 'y'}, "
            f"{c['risk']} risk{'s' if c['risk'] != 1 else ''}, {c['note']} note"
            f"{'s' if c['note'] != 1 else ''} (LCCheck sheet)"
        )

    def data(self) -> dict[str, Any]:
        """The findings and the planner as JSON values (dates as ISO text)."""

        def plain(rows: list[dict[Any, Any]]) -> list[dict[str, Any]]:
            return [
                {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                for r in rows
            ]

        return {"discrepancies": plain(self.rows), "planner": plain(self.plans)}


def _add(out: Report, order_id: str, lc_no: str, d: Ch.Discrepancy) -> None:
    out.counts[d.severity.value] += 1
    out.rows.append(
        {
            LCDiscrepancies.order_id: order_id,
            LCDiscrepancies.lc_no: lc_no,
            LCDiscrepancies.severity: d.severity.value,
            LCDiscrepancies.document: d.document,
            LCDiscrepancies.field: d.field,
            LCDiscrepancies.lc_says: d.lc_says,
            LCDiscrepancies.document_says: d.document_says,
            LCDiscrepancies.article: d.article,
            LCDiscrepancies.note: d.note,
        }
    )
    if d.severity is not Ch.Severity.NOTE:
        says = f"L/C: {_short(d.lc_says)}; {d.document}: {_short(d.document_says)}"
        out.details.append(
            f"{order_id} {lc_no} {d.severity.value}: {d.field} — {says} ({d.article or 'LCs sheet'})"
            + (
                f" {d.note}"
                if d.severity is Ch.Severity.DISCREPANCY and d.document == "LCs sheet"
                else ""
            )
        )


def _short(text: str) -> str:
    one = " ".join(str(text).split())
    return one if len(one) <= 70 else one[:67] + "…"


def sheet(out: Report, now: dt.date, user: str) -> SheetContent:
    order = {s.value: i for i, s in enumerate(Ch.Severity)}
    rows = sorted(
        out.rows,
        key=lambda r: (order[r[LCDiscrepancies.severity]], str(r[LCDiscrepancies.order_id])),
    )
    frame = pd.DataFrame(rows, columns=list(LCDiscrepancies.columns()))
    by_days_left: list[dict[Any, Any]] = sorted(out.plans, key=lambda r: r[LCPlan.days_left])
    plans = pd.DataFrame(by_days_left, columns=list(LCPlan.columns()))
    c = out.counts
    notes = [
        f"{out.credits} credit{'s' if out.credits != 1 else ''} checked on {now.isoformat()} by "
        f"{user}: {c['discrepancy']} discrepancies (a bank would refuse), {c['risk']} risks (act "
        f"before presenting), {c['note']} notes (by hand).",
        "Articles: UCP 600 and ISBP 745. This sheet is rewritten by Check L/C.",
    ]
    header_row = 1 + 1 + len(notes) + 1
    cols = list(LCDiscrepancies.columns())
    sev = chr(ord("A") + cols.index(LCDiscrepancies.severity))
    marks = {
        f"{sev}{header_row + i}": SEVERITY_FILL[r[LCDiscrepancies.severity]]
        for i, r in enumerate(rows, start=1)
    }
    # The planner sits below the findings (as the adapters lay blocks out: two blank rows and
    # its title between them).
    plan_header = header_row + max(len(rows), 1) + 4
    st = chr(ord("A") + list(LCPlan.columns()).index(LCPlan.state))
    marks.update(
        {
            f"{st}{plan_header + i}": STATE_COLOURS[State(r)]
            for i, r in enumerate(plans[LCPlan.state], start=1)
        }
    )
    blocks = [
        Block(
            LCDiscrepancies.table_name,
            frame,
            widths={str(c): c.width for c in LCDiscrepancies.columns()},
        ),
        Block(
            LCPlan.table_name,
            plans,
            title=f"Presentation planner ({len(plans)} open credit{'s' if len(plans) != 1 else ''})",
            formats={str(c): c.number_format for c in LCPlan.columns()},
        ),
    ]
    return SheetContent(
        LCDiscrepancies.sheet, blocks, heading="L/C check", notes=notes, marks=marks
    )
