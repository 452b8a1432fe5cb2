"""Ribbon: the After-sales group (issue 21)."""

from __future__ import annotations

from orderdesk.actions.aftersales import complaint_clocks, review_orders
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext

from .handlers import ButtonContext, handles


@handles("odComplaint")
def complaint_button(ctx: ButtonContext) -> Outcome:
    """Every complaint's SLA clocks; breaches on the ComplaintSLA sheet."""
    return complaint_clocks(RunContext.of(ctx.register, progress=ctx.progress))


@handles("odReviewOrder")
def review_button(ctx: ButtonContext) -> Outcome:
    """Every closed order's post-order review on the Reviews sheet."""
    return review_orders(RunContext.of(ctx.register, progress=ctx.progress))
