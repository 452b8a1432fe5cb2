"""Ribbon buttons of the Orders group: Validate and Questions (the rows selected, or all), and
Import PO (the purchase orders in Settings' PO folder)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.intake import import_folder
from orderdesk.actions.orders import order_questions, validate_orders

from .handlers import ButtonContext, handles


@handles("odValidate")
def validate_button(ctx: ButtonContext) -> Outcome:
    return validate_orders(ctx.register, progress=ctx.progress)


@handles("odQuestions")
def questions_button(ctx: ButtonContext) -> Outcome:
    return order_questions(ctx.register)


@handles("odImportPO")
def import_po_button(ctx: ButtonContext) -> Outcome:
    return import_folder(ctx.register, progress=ctx.progress)
