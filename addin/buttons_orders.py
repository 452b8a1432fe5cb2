"""Ribbon buttons of the Orders group: Validate and Questions (the rows selected, or all)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.orders import order_questions, validate_orders

from .handlers import ButtonContext, handles


@handles("odValidate")
def validate_button(ctx: ButtonContext) -> Outcome:
    return validate_orders(ctx.register, progress=ctx.progress)


@handles("odQuestions")
def questions_button(ctx: ButtonContext) -> Outcome:
    return order_questions(ctx.register)
