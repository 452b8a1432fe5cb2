"""Score suppliers (ribbon: Suppliers & KPIs → Score suppliers; CLI: `orderdesk suppliers score`).

Reads purchase lines, complaints, supplier requests, products and the scorecard settings; writes
the Scorecard sheet (current standings, delay alerts, the scorecard per period and a line chart
of the overall score per supplier) and each supplier's Score and Standing on the Suppliers sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress
from orderdesk.domain import suppliers as S
from orderdesk.ports import Block, ChartSpec, Register, SheetContent, TableData, today
from orderdesk.schema import (
    Column,
    Complaints,
    OrderLines,
    Orders,
    Products,
    Scorecard,
    ScoreWeights,
    Setting,
    Standings,
    SupplierRequests,
    Suppliers,
    Table,
)
from orderdesk.settings import Policy, PolicyError, load_policy

CURRENT_BLOCK = "tblScoreCurrent"
ALERTS_BLOCK = "tblSupplierAlerts"
CHART_BLOCK = "tblScoreChart"
CHART_SUPPLIERS = 8  # more lines than this make a line chart unreadable
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


def unreadable(
    datas: Iterable[TableData], used: dict[type[Table], tuple[Column, ...]]
) -> list[str]:
    """Cells an action had to leave out because they could not be read, as detail lines."""
    out = []
    for data in datas:
        cols = {str(c) for c in used.get(data.table, ())}
        out += [f"left out (unreadable): {i}" for i in data.issues if i.ref.column in cols]
    return out


def read_score_inputs(register: Register, policy: Policy) -> tuple[S.ScoreInputs, list[TableData]]:
    datas = {
        t: register.read(t)
        for t in (OrderLines, Suppliers, Products, Complaints, SupplierRequests, Orders)
    }
    inputs = S.ScoreInputs(
        lines=datas[OrderLines].frame,
        suppliers=datas[Suppliers].frame,
        products=datas[Products].frame,
        complaints=datas[Complaints].frame,
        requests=datas[SupplierRequests].frame,
        orders=datas[Orders].frame,
        base_currency=policy.base_currency,
    )
    return inputs, list(datas.values())


def load_score_policy(register: Register) -> S.ScorePolicy:
    try:
        return S.read_policy(register.read(ScoreWeights), register.read(Standings))
    except S.ScorePolicyError as exc:
        raise PolicyError(str(exc)) from exc


def supplier_standings(
    register: Register, on: dt.date | None = None, period: str = "month"
) -> pd.DataFrame:
    """Each supplier's current Score, Standing and Action (indexed by supplier ID), computed from
    the register as Score suppliers does: what validation rule SUPPLIER-VERY-POOR needs."""
    policy = load_policy(register)
    inputs, _ = read_score_inputs(register, policy)
    return S.current_standings(
        inputs, load_score_policy(register), on or today(), S.check_kind(period)
    )


def score_suppliers(
    register: Register,
    *,
    period: str = "month",
    on: dt.date | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    kind = S.check_kind(period)
    day = on or today()
    progress.start("Scoring suppliers", 3)
    try:
        settings = load_policy(register)
        policy = load_score_policy(register)
        threshold = int(settings.get(Setting.SUPPLIER_DELAY_DAYS))
        inputs, datas = read_score_inputs(register, settings)
        progress.advance()
        result = S.score_suppliers(inputs, policy, day, kind)
        alerts = S.delay_alerts(inputs.lines, inputs.orders, threshold, day)
        progress.advance()
        register.write_sheet(_sheet(result, alerts, threshold, day))
        _write_suppliers(register, result, inputs.suppliers)
        register.save()
        progress.advance()
    finally:
        progress.done()
    return _outcome(result, alerts, unreadable(datas, _USED))


def _sheet(
    result: S.ScorecardResult, alerts: pd.DataFrame, threshold: int, day: dt.date
) -> SheetContent:
    policy = result.policy
    span = f"{result.first_period} to {result.last_period}" if result.first_period else "no data"
    notes = [
        f"Weights from Settings: {policy.describe()}.",
        "A criterion without data in a period is left blank (not 0, not 100); the overall score "
        "is then taken over the criteria that have data, as the Note says.",
        f"Current score: the last {policy.recent_periods} periods, the newest weighted "
        f"{policy.recent_periods}, the oldest 1. Standings: {policy.describe_standings()}.",
        f"Delay alerts: open purchase lines more than {threshold} day(s) past their Supplier Due "
        "date without full delivery (Settings: supplier delay alert days).",
    ]
    wide, chosen = result.chart_frame(CHART_SUPPLIERS)
    if len(result.current[result.current[S.PERIODS_SCORED] > 0]) > len(chosen):
        notes.append(
            f"The chart shows the {len(chosen)} suppliers scored in the most recent periods; "
            "every supplier is in the tables."
        )
    score_fmt = {str(c.column): "0" for c in S.Criterion}
    blocks = [
        Block(
            CURRENT_BLOCK,
            result.current,
            title=f"Current standing (as of {day.isoformat()})",
            formats={**score_fmt, str(Suppliers.score): "0"},
            widths={str(Suppliers.name): 26, str(Scorecard.note): 40},
        ),
        Block(
            ALERTS_BLOCK,
            alerts,
            title=f"Delay alerts: {len(alerts)} open purchase line(s) overdue",
            formats={str(OrderLines.qty): "#,##0.###", str(OrderLines.delivered_qty): "#,##0.###"},
        ),
        Block(
            Scorecard.table_name,
            result.table,
            title=f"Scorecard by {result.kind}",
            formats={**score_fmt, str(Scorecard.overall): "0"},
            widths={str(Scorecard.note): 60},
        ),
        Block(
            CHART_BLOCK,
            wide,
            title="Chart data: overall score by period",
            formats={c: "0" for c in chosen},
        ),
    ]
    charts = (
        [
            ChartSpec(
                "line",
                f"Overall score by supplier ({result.kind})",
                CHART_BLOCK,
                str(Scorecard.period),
                chosen,
                anchor="N4",  # right of the widest block (12 columns)
                width_cm=18,
                height_cm=9,
                y_title="Score (0–100)",
            )
        ]
        if chosen
        else []
    )
    return SheetContent(
        Scorecard.sheet,
        blocks,
        charts,
        heading=f"Supplier scorecard, by {result.kind}: {span}",
        notes=notes,
    )


def _write_suppliers(
    register: Register, result: S.ScorecardResult, suppliers: pd.DataFrame
) -> None:
    """Score and Standing on the Suppliers sheet (blank when not scored, so nothing stale stays)."""
    listed = set(suppliers[Suppliers.supplier_id].dropna().astype("str"))
    cur = result.current
    changes = {}
    for sid, score, standing in zip(
        cur[Suppliers.supplier_id], cur[Suppliers.score], cur[Suppliers.standing], strict=True
    ):
        if sid in listed:
            changes[(sid,)] = {
                Suppliers.score: None if pd.isna(score) else round(float(score), 2),
                Suppliers.standing: None if pd.isna(standing) else standing,
            }
    register.update(Suppliers, changes)


def _outcome(result: S.ScorecardResult, alerts: pd.DataFrame, skipped: Sequence[str]) -> Outcome:
    cur = result.current
    counts = cur[Suppliers.standing].fillna("not scored").value_counts()
    order = [s.name for s in result.policy.standings] + ["not scored"]
    spread = ", ".join(f"{counts[k]} {k}" for k in order if k in counts.index)
    flagged = cur[cur[Standings.action].isin([S.Action.WARN.value, S.Action.BLOCK.value])]
    details = [
        f"{r[Suppliers.supplier_id]} {r[Suppliers.name] if isinstance(r[Suppliers.name], str) else ''}"
        f": {r[Suppliers.score]:.0f} {r[Suppliers.standing]} ({r[Standings.action]})"
        for _, r in flagged.iterrows()
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
        f"({result.first_period or '-'} to {result.last_period}): {spread or 'none'}; "
        f"{len(alerts)} delay alert(s)"
    )
    return Outcome(
        summary,
        findings=len(flagged) + len(alerts),
        details=details,
        data={
            "period": result.kind,
            "suppliers": _records(cur),
            "alerts": _records(alerts),
        },
    )


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    out = []
    for rec in frame.to_dict("records"):
        out.append({str(k): _plain(v) for k, v in rec.items()})
    return out


def _plain(value: Any) -> Any:  # a cell of a frame: any scalar pandas holds
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return round(value, 2)
    if hasattr(value, "item"):
        return value.item()
    return value
