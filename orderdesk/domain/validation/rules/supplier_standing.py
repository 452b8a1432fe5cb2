"""SUPPLIER-VERY-POOR: a supplier whose standing blocks new business on a new purchase line.

The standing is the supplier scorecard's (issue #7): `Score suppliers` writes it into the
Suppliers sheet's Standing column, and the Settings table of standings says which standing
blocks ("Very Poor" → block, by default). A line is new while its order is a draft or just
confirmed: once production has started, the supplier is already at work.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import CONFIRMED, DRAFT, Tables, norm_text
from orderdesk.schema import OrderLines, Standings, Suppliers

BLOCK = "block"
VERY_POOR = "very poor"


def blocking_standings(standings: pd.DataFrame | None) -> set[str]:
    """Standings (case-folded) whose policy action is 'block'; 'very poor' without a policy."""
    if standings is None or not len(standings):
        return {VERY_POOR}
    action = norm_text(standings[Standings.action])
    names = norm_text(standings[Standings.standing])
    return set(names[action.eq(BLOCK) & names.notna()])


def very_poor_suppliers(suppliers: pd.DataFrame, standings: pd.DataFrame | None) -> set[str]:
    """Ids of suppliers whose current standing blocks new purchase lines."""
    blocking = blocking_standings(standings)
    standing = norm_text(suppliers[Suppliers.standing])
    ids = suppliers[Suppliers.supplier_id]
    return set(ids[standing.isin(blocking) & ids.notna()])


@rule(
    "SUPPLIER-VERY-POOR",
    ERROR,
    OrderLines,
    Suppliers,
    title="a Very Poor supplier on a new purchase line (order at draft or confirmed)",
)
def supplier_very_poor(t: Tables) -> Iterator[Hits]:
    standings = t[Standings].frame if t.has(Standings) else None
    suppliers = t[Suppliers].frame
    poor = very_poor_suppliers(suppliers, standings)
    if not poor:
        return
    standing = dict(
        zip(suppliers[Suppliers.supplier_id], suppliers[Suppliers.standing], strict=True)
    )
    supplier = t[OrderLines].frame[OrderLines.supplier]
    bad = t.known(OrderLines, OrderLines.supplier, poor) & t.in_stages(OrderLines, DRAFT, CONFIRMED)
    yield hits(
        OrderLines,
        OrderLines.supplier,
        bad,
        lambda rows: [
            f"the supplier's standing is {standing.get(supplier.loc[r])} on the supplier scorecard, "
            "which blocks new purchase lines; choose another supplier"
            for r in rows
        ],
    )
