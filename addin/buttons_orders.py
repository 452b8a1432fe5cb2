"""Ribbon buttons of the Orders group: Validate and Questions (the rows selected, or all), and
Import PO (the files picked in Excel's dialog, or on a Mac the new ones in Settings' PO folder)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.intake import import_picked, po_folder
from orderdesk.actions.orders import order_questions, validate_orders
from orderdesk.adapters.intake import SUFFIXES

from .handlers import ButtonContext, handles


@handles("odValidate")
def validate_button(ctx: ButtonContext) -> Outcome:
    return validate_orders(ctx.run())


@handles("odQuestions")
def questions_button(ctx: ButtonContext) -> Outcome:
    return order_questions(RunContext.of(ctx.register))


@handles("odImportPO")
def import_po_button(ctx: ButtonContext) -> Outcome:
    run = ctx.run()
    picked = ctx.ask_files("Purchase orders to import", po_folder(run), SUFFIXES)
    return import_picked(run, picked)
