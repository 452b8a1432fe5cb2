"""5 Why (ribbon: After-sales → 5 Why; CLI: `orderdesk aftersales five-why`).

Reads the FiveWhy records, the complaints and orders they name and the Lessons; checks the
records, writes the monthly Pareto of root causes (6M) with a native chart on the RootCauses
sheet, and lists overdue actions and the closed complaints whose 5 Why could become a lesson.
"""

from __future__ import annotations

import re

import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales import fivewhy as F
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import Complaints, FiveWhys, Lessons, Orders, RootCausePareto

MONTHS_BLOCK, PARETO_BLOCK = RootCausePareto.table_name, "tblRootCauseRanking"
SHOWN = 15


def five_why(ctx: RunContext) -> Outcome:
    register = ctx.register
    data = register.read(FiveWhys)
    complaints = register.read(Complaints).frame
    orders = register.read(Orders).frame
    F.check_records(data, complaints[Complaints.complaint_id], orders[Orders.order_id])
    months, pareto = F.monthly_pareto(data.frame)
    overdue = F.overdue_actions(data.frame, ctx.today)
    closed = complaints.loc[complaints[Complaints.closed].notna(), Complaints.complaint_id]
    linked = register.read(Lessons).frame[Lessons.complaints].dropna().astype(str)
    in_lessons = [x.strip() for cell in linked for x in re.split(r"[,;\s]+", cell) if x.strip()]
    offers = F.lesson_candidates(data.frame, closed, in_lessons)
    register.write_sheet(_sheet(months, pareto))
    register.save()
    details = [
        f"overdue: {r[FiveWhys.record_id]} ({r[FiveWhys.owner] or 'no owner'}) due "
        f"{r[FiveWhys.due]:%Y-%m-%d}, not verified"
        for _, r in overdue.head(SHOWN).iterrows()
    ]
    details += [
        f"{c} is closed with 5 Why {w}: save what worked as a lesson on the Lessons sheet"
        for w, c in offers[:SHOWN]
    ]
    top = ", ".join(
        f"{c} {n}" for c, n in zip(pareto[FiveWhys.root_cause], pareto[F.COUNT], strict=True)
    )
    return Outcome(
        f"{len(data.frame)} 5 Why record(s); root causes: {top or 'none yet'}; "
        f"{len(overdue)} action(s) overdue",
        findings=len(overdue),
        details=details,
        data={
            "pareto": dict(
                zip(pareto[FiveWhys.root_cause], map(int, pareto[F.COUNT]), strict=True)
            ),
            "overdue": list(overdue[FiveWhys.record_id]),
            "lesson_offers": [{"five_why": w, "complaint": c} for w, c in offers],
        },
    )


def _sheet(months: pd.DataFrame, pareto: pd.DataFrame) -> SheetContent:
    charts = []
    if len(pareto):
        charts.append(
            ChartSpec(
                "column+line",
                "Root causes (Pareto)",
                PARETO_BLOCK,
                str(FiveWhys.root_cause),
                [F.COUNT],
                secondary=[F.CUMULATIVE],
                anchor="K3",
                y_title="records",
            )
        )
    if len(months):
        charts.append(
            ChartSpec(
                "column",
                "Root causes by month",
                MONTHS_BLOCK,
                str(RootCausePareto.month),
                [str(c) for c in F.CAUSE_COLUMNS.values()],
                anchor="K21",
                y_title="records",
            )
        )
    return SheetContent(
        RootCausePareto.sheet,
        [
            Block(
                PARETO_BLOCK,
                pareto,
                title="Root causes, most frequent first",
                formats={F.CUMULATIVE: "0%"},
            ),
            Block(MONTHS_BLOCK, months, title="Root causes by month (5 Why records' Date)"),
        ],
        charts=charts,
        heading="Root causes (6M) of the 5 Why records",
        notes=[
            "Man, machine, material, method, measurement, environment: the FiveWhy sheet's Root Cause."
        ],
    )
