"""Ribbon: Suppliers & KPIs → Refresh KPIs."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.kpi import refresh_kpis

from .handlers import ButtonContext, handles


@handles("odRefreshKpis")
def refresh_kpis_button(ctx: ButtonContext) -> Outcome:
    return refresh_kpis(ctx.register, progress=ctx.progress)
