"""`orderdesk suppliers score`: the Score suppliers button on a closed register."""

from __future__ import annotations

from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.suppliers import score_suppliers
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
from orderdesk.domain.suppliers import PERIOD_KINDS

suppliers_app = typer.Typer(help="Supplier scorecard and delay alerts.", no_args_is_help=True)
app.add_typer(suppliers_app, name="suppliers")


@suppliers_app.command("score")
def score_cmd(
    path: WorkbookArg,
    period: Annotated[
        str,
        typer.Option(
            "--period", metavar="PERIOD", help=f"Scoring period: {', '.join(PERIOD_KINDS)}."
        ),
    ] = "month",
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Score every supplier (on time, quality, price, responsiveness), list delay alerts, and
    write the Scorecard sheet and the Suppliers' Score and Standing.

    Exit code 1 when a supplier has a delay alert or a standing that warns or blocks."""
    if period not in PERIOD_KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(PERIOD_KINDS)}", param_hint="--period")
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(score_suppliers(run_context(register), period=period), as_json)


@demo_step(50, "Supplier scorecard")
def _demo_scorecard(ctx: DemoContext) -> Outcome:
    return score_suppliers(run_context(open_register(ctx.register), show_progress=False))
