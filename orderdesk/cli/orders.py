"""Commands of the ribbon's Orders group: validate and questions (and their demo steps)."""

from __future__ import annotations

from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.orders import order_questions, validate_orders
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    UserOpt,
    WorkbookArg,
    app,
    emit,
    open_register,
    run_context,
)
from orderdesk.demo import DemoContext, demo_step

OrderOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--order", metavar="ID", help="An order to report on (repeat for several; default: all)."
    ),
]


@app.command("validate")
def validate_cmd(
    path: WorkbookArg,
    order: OrderOpt = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Check the orders: Issues sheet, Check column and highlights.

    Exit code 1 when an order reported on has an error (warnings alone: 0)."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(validate_orders(run_context(register), orders=order or ()), as_json)


@app.command("questions")
def questions_cmd(path: WorkbookArg, order: OrderOpt = None, as_json: JsonOpt = False) -> None:
    """Print the completeness questions of orders, in each customer's language.

    Exit code 1 when an order has questions."""
    emit(
        order_questions(run_context(open_register(path), show_progress=False), orders=order or ()),
        as_json,
    )


@demo_step(20, "Validate")
def _demo_validate(ctx: DemoContext) -> Outcome:
    return validate_orders(
        run_context(open_register(ctx.register, user="demo"), show_progress=False)
    )


@demo_step(25, "Questions")
def _demo_questions(ctx: DemoContext) -> Outcome:
    outcome = order_questions(run_context(open_register(ctx.register), show_progress=False))
    letters = ctx.out / "questions.txt"
    letters.write_text("\n".join(outcome.details) + "\n", encoding="utf-8")
    outcome.summary += f"; written to {letters.name}"
    return outcome
