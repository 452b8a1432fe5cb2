"""Ribbon: Suppliers & KPIs → Score suppliers."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.suppliers import score_suppliers

from .handlers import ButtonContext, handles


@handles("odScoreSuppliers")
def score_suppliers_button(ctx: ButtonContext) -> Outcome:
    return score_suppliers(ctx.run())
