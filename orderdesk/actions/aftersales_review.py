"""Review order (ribbon: After-sales → Review order; CLI: `orderdesk aftersales review`): the
post-order review (PAR) of every closed order on the Reviews sheet."""

from __future__ import annotations

from collections.abc import Mapping

from orderdesk.actions.aftersales import SHOWN
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales import review as R
from orderdesk.domain.aftersales.feedback import mean_scores
from orderdesk.ports import Block, Register, SheetContent
from orderdesk.schema import (
    Complaints,
    Feedback,
    Invoices,
    LCDiscrepancies,
    LCPlan,
    OrderLines,
    Orders,
    QuoteLines,
    Reviews,
    Suppliers,
)


def _feedback(register: Register) -> Mapping[str, float]:
    """Order → mean survey score, from the Feedback sheet (none in an older register)."""
    data = register.read(Feedback, optional=True)
    return mean_scores(data.frame) if data.found else {}


def review_orders(ctx: RunContext) -> Outcome:
    """Review order: every closed order's review on the Reviews sheet, worst first in details."""
    register = ctx.register
    disc = register.read(LCDiscrepancies, optional=True)
    plan = register.read(LCPlan, optional=True)
    inputs = R.ReviewInputs(
        orders=register.read(Orders).frame,
        lines=register.read(OrderLines).frame,
        quote_lines=register.read(QuoteLines).frame,
        invoices=register.read(Invoices).frame,
        complaints=register.read(Complaints).frame,
        suppliers=register.read(Suppliers).frame,
        discrepancies=disc.frame if disc.found else None,
        lc_checked=frozenset(plan.frame[LCPlan.order_id].dropna().astype(str)),
        feedback=_feedback(register),
    )
    frame = R.review_orders(inputs, ctx.today)
    register.write_sheet(
        SheetContent(
            Reviews.sheet,
            [Block(Reviews.table_name, frame, title=f"{len(frame)} closed order(s) reviewed")],
            heading=f"Post-order reviews (as of {ctx.today.isoformat()})",
            notes=[
                "Each dimension scores 0–100 where the register knows it (blank: not known, left "
                "out of the Score): cycle time vs plan, OTIF, L/C document discrepancies, "
                "complaints and their cost, margin realised vs quoted, payment days late, the "
                "customer's feedback. docs/after-sales.md says how each is scored.",
                f"Below {R.BAR}: listed by Review order as a finding.",
            ],
        )
    )
    register.save()
    scored = frame[frame[Reviews.score].notna()].sort_values(str(Reviews.score))
    low = scored[scored[Reviews.score] < R.BAR]
    details = [
        f"{r[Reviews.order_id]}: score {r[Reviews.score]:.0f}, worst: {r[Reviews.worst]}"
        for _, r in low.head(SHOWN).iterrows()
    ]
    return Outcome(
        f"{len(frame)} closed order(s) reviewed, {len(low)} below {R.BAR}",
        findings=len(low),
        details=details,
        data={"reviews": len(frame), "below_bar": list(low[Reviews.order_id])},
    )
