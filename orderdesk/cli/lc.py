"""`orderdesk lc import` and `orderdesk lc check`: the twins of the ribbon's Import L/C and Check
L/C buttons; demo steps 35 (import the sample's L/C messages) and 45 (check them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.lc import check_lc, import_lc, import_lc_folder, lc_files
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    Usage,
    UserOpt,
    WorkbookArg,
    app,
    emit,
    open_register,
    progress,
)
from orderdesk.demo import DemoContext, demo_step

lc_app = typer.Typer(
    help="Letters of credit: import the bank's MT700 / MT707, check the documents against them.",
    no_args_is_help=True,
)
app.add_typer(lc_app, name="lc")


@lc_app.command("import")
def import_cmd(
    path: WorkbookArg,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="MT700 / MT701 / MT707 text files (default: the 'lc folder' of Settings).",
            show_default=False,
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order", metavar="ID", help="The order the credit pays for (one credit per run)."
        ),
    ] = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import letters of credit (SWIFT MT700 with its MT701s) and amendments (MT707) into the
    LCs and LCAmendments sheets. A malformed message is refused naming the line and tag, and
    nothing is written.

    Exit code 1 when a credit's order cannot be told or an amendment's credit is not on the
    LCs sheet (each named; the rest is imported)."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    if not files:
        if order:
            raise Usage("--order goes with the file of the one credit it names")
        outcome = import_lc_folder(register, progress=progress())
    else:
        outcome = import_lc(register, files, order_id=order, progress=progress())
    emit(outcome, as_json)


@lc_app.command("check")
def check_cmd(
    path: WorkbookArg,
    order: Annotated[
        list[str] | None,
        typer.Option("--order", metavar="ID", help="Order ID (repeat; default: every L/C)."),
    ] = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the documents OrderDesk would present against each letter of credit (UCP 600, ISBP
    745) and plan the presentations; write the LCCheck sheet.

    Exit code 1 when a discrepancy is found."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(check_lc(register, order_ids=order, progress=progress()), as_json)


@demo_step(35, "Import L/C")
def _demo_import(ctx: DemoContext) -> Outcome:
    register = open_register(ctx.register, user="demo")
    folder = ctx.register.parent / "letters-of-credit"
    return import_lc(register, lc_files(folder))


@demo_step(45, "Check L/C")
def _demo_check(ctx: DemoContext) -> Outcome:
    return check_lc(open_register(ctx.register, user="demo"))
