"""`orderdesk intake`: the Import PO button on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.intake import import_folder, import_pos
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
from orderdesk.domain.intake import IntakeError

FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE",
        help="Purchase orders (.eml .msg .pdf .xlsx .xls .csv, scans). Default: Settings' PO folder.",
        show_default=False,
    ),
]


@app.command("intake")
def intake_cmd(
    path: WorkbookArg,
    files: FilesArg = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Import customers' purchase orders as orders at stage 'received'.

    Exit code 1 when a field needs a person (a question for the customer, an unknown
    customer); 2 for a file that cannot be read."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    outcome = (
        import_pos(run_context(register), files) if files else import_folder(run_context(register))
    )
    unreadable = outcome.data.get("unreadable") or []
    try:
        emit(outcome, as_json)
    except typer.Exit:
        if unreadable:
            raise IntakeError("; ".join(unreadable)) from None
        raise
