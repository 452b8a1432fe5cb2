"""Ribbon: Plan shipment and Compare quotes (the Logistics group)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.logistics import compare_forwarder_quotes, plan_shipments
from orderdesk.schema import Orders

from .handlers import ButtonContext, handles


def _orders(ctx: ButtonContext) -> list[str] | None:
    sel = ctx.selection
    if sel is None or sel.table is not Orders:
        return None
    return [str(k[0]) for k in sel.keys if k and k[0] is not None] or None


@handles("odPlanShipment")
def plan_shipment_button(ctx: ButtonContext) -> Outcome:
    """The selected orders, else every confirmed order not yet shipped."""
    return plan_shipments(RunContext.of(ctx.register, progress=ctx.progress), _orders(ctx))


@handles("odCompareQuotes")
def compare_quotes_button(ctx: ButtonContext) -> Outcome:
    """The forwarders' quotes for the selected orders, else every open one."""
    return compare_forwarder_quotes(
        RunContext.of(ctx.register, progress=ctx.progress), _orders(ctx)
    )
