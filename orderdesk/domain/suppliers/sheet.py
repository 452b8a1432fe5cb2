"""The Scorecard sheet, and what Score suppliers writes on the Suppliers sheet and reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from orderdesk.domain.suppliers.criteria import Criterion
from orderdesk.domain.suppliers.policy import Action
from orderdesk.domain.suppliers.scorecard import PERIODS_SCORED, ScorecardResult
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import OrderLines, Scorecard, Standings, Suppliers

CURRENT_BLOCK = "tblScoreCurrent"
ALERTS_BLOCK = "tblSupplierAlerts"
CHART_BLOCK = "tblScoreChart"
CHART_SUPPLIERS = 8  # more lines than this make a line chart unreadable


def scorecard_sheet(
    result: ScorecardResult, alerts: pd.DataFrame, threshold: int, day: dt.date
) -> SheetContent:
    """The Scorecard sheet: current standings, delay alerts, the scorecard per period and a line
    chart of the overall score per supplier, with notes saying how each was worked out."""
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
    if len(result.current[result.current[PERIODS_SCORED] > 0]) > len(chosen):
        notes.append(
            f"The chart shows the {len(chosen)} suppliers scored in the most recent periods; "
            "every supplier is in the tables."
        )
    score_fmt = {str(c.column): "0" for c in Criterion}
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


def supplier_cells(
    result: ScorecardResult, suppliers: pd.DataFrame
) -> dict[tuple[str], dict[Any, Any]]:
    """Score and Standing of each listed supplier (blank when not scored, so nothing stale
    stays); a scored supplier the Suppliers sheet does not list gets nothing."""
    listed = set(suppliers[Suppliers.supplier_id].dropna().astype("str"))
    cur = result.current
    changes: dict[tuple[str], dict[Any, Any]] = {}
    for sid, score, standing in zip(
        cur[Suppliers.supplier_id], cur[Suppliers.score], cur[Suppliers.standing], strict=True
    ):
        if sid in listed:
            changes[(sid,)] = {
                Suppliers.score: None if pd.isna(score) else round(float(score), 2),
                Suppliers.standing: None if pd.isna(standing) else standing,
            }
    return changes


def flagged(result: ScorecardResult) -> pd.DataFrame:
    """The suppliers whose standing asks for a warning or a block: the run's findings."""
    cur = result.current
    return cur[cur[Standings.action].isin([Action.WARN.value, Action.BLOCK.value])]


def standing_spread(result: ScorecardResult) -> str:
    """'3 excellent, 1 poor, 2 not scored': how many suppliers stand where, best first."""
    counts = result.current[Suppliers.standing].fillna("not scored").value_counts()
    order = [s.name for s in result.policy.standings] + ["not scored"]
    return ", ".join(f"{counts[k]} {k}" for k in order if k in counts.index)
