"""Score suppliers (ribbon: Suppliers & KPIs → Score suppliers; CLI: `orderdesk suppliers score`).

Reads purchase lines, complaints, supplier requests, products and the scorecard settings; writes
the Scorecard sheet (`domain/suppliers/sheet.py`: current standings, delay alerts, the scorecard
per period and a line chart of the overall score per supplier) and each supplier's Score and
Standing on the Suppliers sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.tables import records, unreadable
from orderdesk.domain import suppliers as S
from orderdesk.domain.suppliers.sheet import (
    flagged,
    scorecard_sheet,
    standing_spread,
    supplier_cells,
)
from orderdesk.ports import TableData
from orderdesk.schema import (
    Column,
    Complaints,
    OrderLines,
    Orders,
    Products,
    ScoreWeights,
    Setting,
    Standings,
    SupplierRequests,
    Suppliers,
    Table,
)
from orderdesk.settings import PolicyError

SHOWN_IN_DETAILS = 15

# Which columns each action reads, so an unreadable cell in one of them is reported.
_USED: dict[type[Table], tuple[Column, ...]] = {
    OrderLines: (
        OrderLines.supplier,
        OrderLines.qty,
        OrderLines.unit_cost,
        OrderLines.supplier_due,
        OrderLines.supplier_delivered,
        OrderLines.delivered_qty,
        OrderLines.accepted_qty,
    ),
    Complaints: (Complaints.supplier, Complaints.date),
    SupplierRequests: (SupplierRequests.sent, SupplierRequests.answered),
    Products: (Products.material_cost, Products.labour_cost, Products.packaging_cost),
    Orders: (Orders.promised_ship, Orders.stage),
}


def read_score_inputs(ctx: RunContext) -> tuple[S.ScoreInputs, list[TableData]]:
    """What scoring reads, through the run's context (each table once per run)."""
    datas = ctx.tables(OrderLines, Suppliers, Products, Complaints, SupplierRequests, Orders)
    inputs = S.ScoreInputs(
        lines=datas[OrderLines].frame,
        suppliers=datas[Suppliers].frame,
        products=datas[Products].frame,
        complaints=datas[Complaints].frame,
        requests=datas[SupplierRequests].frame,
        orders=datas[Orders].frame,
        base_currency=ctx.policy.base_currency,
    )
    return inputs, list(datas.values())


def load_score_policy(ctx: RunContext) -> S.ScorePolicy:
    try:
        return S.read_policy(*ctx.tables(ScoreWeights, Standings).values())
    except S.ScorePolicyError as exc:
        raise PolicyError(str(exc)) from exc


def supplier_standings(ctx: RunContext, period: str = "month") -> pd.DataFrame:
    """Each supplier's current Score, Standing and Action (indexed by supplier ID), computed from
    the register as Score suppliers does: what validation rule SUPPLIER-VERY-POOR needs."""
    inputs, _ = read_score_inputs(ctx)
    return S.current_standings(inputs, load_score_policy(ctx), ctx.today, S.check_kind(period))


def score_suppliers(ctx: RunContext, *, period: str = "month") -> Outcome:
    kind = S.check_kind(period)
    day, progress, register = ctx.today, ctx.progress, ctx.register
    progress.start("Scoring suppliers", 3)
    try:
        threshold = int(ctx.policy.get(Setting.SUPPLIER_DELAY_DAYS))
        policy = load_score_policy(ctx)
        inputs, datas = read_score_inputs(ctx)
        progress.advance()
        result = S.score_suppliers(inputs, policy, day, kind)
        alerts = S.delay_alerts(inputs.lines, inputs.orders, threshold, day)
        progress.advance()
        register.write_sheet(scorecard_sheet(result, alerts, threshold, day))
        register.update(Suppliers, supplier_cells(result, inputs.suppliers))
        register.save()
        progress.advance()
    finally:
        progress.done()
    return _outcome(result, alerts, unreadable(datas, _USED))


def _outcome(result: S.ScorecardResult, alerts: pd.DataFrame, skipped: Sequence[str]) -> Outcome:
    cur = result.current
    warned = flagged(result)
    details = [
        f"{r[Suppliers.supplier_id]} {r[Suppliers.name] if isinstance(r[Suppliers.name], str) else ''}"
        f": {r[Suppliers.score]:.0f} {r[Suppliers.standing]} ({r[Standings.action]})"
        for _, r in warned.iterrows()
    ]
    for _, a in alerts.head(SHOWN_IN_DETAILS).iterrows():
        details.append(
            f"late: {a[OrderLines.supplier]} on {a[OrderLines.order_id]} line "
            f"{a[OrderLines.line_no]} ({a[OrderLines.sku]}), {a[S.DAYS_LATE]} days overdue"
        )
    if len(alerts) > SHOWN_IN_DETAILS:
        details.append(f"… and {len(alerts) - SHOWN_IN_DETAILS} more alerts on the Scorecard sheet")
    details += list(skipped)
    summary = (
        f"scored {len(cur)} suppliers by {result.kind} "
        f"({result.first_period or '-'} to {result.last_period}): "
        f"{standing_spread(result) or 'none'}; {len(alerts)} delay alert(s)"
    )
    return Outcome(
        summary,
        findings=len(warned) + len(alerts),
        details=details,
        data={"period": result.kind, "suppliers": records(cur), "alerts": records(alerts)},
    )
