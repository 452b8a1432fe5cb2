"""Each supplier's current standing, and the purchase lines a blocking standing forbids.

Validation rule SUPPLIER-VERY-POOR calls `blocked_purchase_lines`: a supplier whose current
standing carries the action "block" in Settings (Very Poor by default) must not get new purchase
lines. A purchase line is new while its order is a draft or confirmed (no production started) and
nothing has been delivered on it; lines already in production are left to finish.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from orderdesk.domain.suppliers.facts import ScoreInputs
from orderdesk.domain.suppliers.frames import lookup, stage_in
from orderdesk.domain.suppliers.periods import PeriodKind
from orderdesk.domain.suppliers.policy import Action, ScorePolicy
from orderdesk.domain.suppliers.scorecard import score_suppliers
from orderdesk.schema import OrderLines, Orders, Stage, Standings, Suppliers

NEW_LINE_STAGES = (Stage.DRAFT, Stage.CONFIRMED)


def current_standings(
    inputs: ScoreInputs, policy: ScorePolicy, today: dt.date, kind: PeriodKind = "month"
) -> pd.DataFrame:
    """Supplier ID → Score (0–100, NaN when not scored), Standing and Action (none/warn/block),
    indexed by supplier ID; the same numbers Score suppliers writes to the Suppliers sheet."""
    current = score_suppliers(inputs, policy, today, kind).current
    cols = [Suppliers.score, Suppliers.standing, Standings.action]
    return current.set_index(Suppliers.supplier_id)[cols]


def blocked_purchase_lines(
    lines: pd.DataFrame, orders: pd.DataFrame, standings: pd.DataFrame
) -> pd.DataFrame:
    """The new purchase lines (index kept: the OrderLines sheet rows) whose supplier's standing
    blocks new lines, with the Supplier, its Score and Standing."""
    early = stage_in(orders[Orders.stage], NEW_LINE_STAGES).set_axis(orders[Orders.order_id])
    early_order = lookup(early, lines[OrderLines.order_id]).fillna(False).astype(bool)
    undelivered = lines[OrderLines.supplier_delivered].isna() & pd.to_numeric(
        lines[OrderLines.delivered_qty], errors="coerce"
    ).fillna(0).eq(0)
    new = lines[OrderLines.supplier].notna() & early_order & undelivered
    action = lookup(standings[Standings.action], lines[OrderLines.supplier])
    hit = new & (action == Action.BLOCK.value)
    supplier = lines.loc[hit, OrderLines.supplier]
    return pd.DataFrame(
        {
            str(OrderLines.supplier): supplier,
            str(Suppliers.score): lookup(standings[Suppliers.score], supplier),
            str(Suppliers.standing): lookup(standings[Suppliers.standing], supplier),
        },
        index=supplier.index,
    )
