"""Ribbon: Suppliers & KPIs → Refresh KPIs, Pivots."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.kpi import refresh_kpis
from orderdesk.actions.pivots import pivots

from .handlers import ButtonContext, handles


@handles("odRefreshKpis")
def refresh_kpis_button(ctx: ButtonContext) -> Outcome:
    return refresh_kpis(ctx.register, progress=ctx.progress)


# pivots (issue 25)
@handles("odPivots")
def pivots_button(ctx: ButtonContext) -> Outcome:
    return pivots(RunContext.of(ctx.register, progress=ctx.progress))
