"""SUPPLIER-VERY-POOR: a supplier whose standing blocks new business, on a new purchase line.

The standing is the supplier scorecard's (issue #7): Score suppliers writes each supplier's Score
and Standing into the Suppliers sheet, and the Settings table of standings says which standing
blocks new lines ("Very Poor" → block, by default). Which lines that forbids is the suppliers
area's rule, `blocked_purchase_lines(lines, orders, standings)` (a line is new while its order is
a draft or confirmed and nothing has been delivered on it). This module builds the `standings`
argument from the Suppliers sheet — as fresh as the last Score suppliers, and cheap enough for
every Validate — and puts the answer on each line's Supplier cell.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from orderdesk.domain.suppliers import blocked_purchase_lines
from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables, norm_text
from orderdesk.schema import OrderLines, Orders, Standings, Suppliers

BLOCK = "block"
VERY_POOR = "very poor"  # the standing that blocks when a register has no standings table


def standings_frame(suppliers: pd.DataFrame, policy: pd.DataFrame | None) -> pd.DataFrame:
    """Supplier ID → Score, Standing and Action (none / warn / block), from the Suppliers
    sheet's Score and Standing and the Settings standings table."""
    ids = suppliers[Suppliers.supplier_id]
    keep = ids.notna() & ~ids.duplicated()
    frame = suppliers.loc[keep, [Suppliers.score, Suppliers.standing]].set_axis(ids[keep])
    names = norm_text(frame[Suppliers.standing])
    if policy is not None and len(policy):
        actions = dict(
            zip(
                norm_text(policy[Standings.standing]),
                norm_text(policy[Standings.action]),
                strict=True,
            )
        )
    else:
        actions = {VERY_POOR: BLOCK}
    frame[str(Standings.action)] = names.map(actions)
    return frame


@rule(
    "SUPPLIER-VERY-POOR",
    ERROR,
    OrderLines,
    Orders,
    Suppliers,
    title="a Very Poor supplier on a new purchase line (order at draft or confirmed)",
)
def supplier_very_poor(t: Tables) -> Iterator[Hits]:
    policy = t[Standings].frame if t.has(Standings) else None
    standings = standings_frame(t[Suppliers].frame, policy)
    blocking = set(standings.index[standings[str(Standings.action)].eq(BLOCK).to_numpy()])
    if not blocking:
        return  # no supplier's standing blocks anything (the usual case)
    # Only lines of those suppliers can be blocked: the area's rule gets just them.
    candidates = t[OrderLines].frame[t.known(OrderLines, OrderLines.supplier, blocking).to_numpy()]
    found = blocked_purchase_lines(candidates, t[Orders].frame, standings)
    if not len(found):
        return
    standing = found[str(Suppliers.standing)]
    mask = pd.Series(t[OrderLines].frame.index.isin(found.index), index=t[OrderLines].frame.index)
    yield hits(
        OrderLines,
        OrderLines.supplier,
        mask,
        lambda rows: [
            f"the supplier's standing is {standing.loc[r]} on the supplier scorecard, which "
            "blocks new purchase lines; choose another supplier"
            for r in rows
        ],
    )
