"""`orderdesk docs`: trade documents for orders, the twin of the ribbon's Documents menu."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.documents import ALL_KINDS, DocumentsUsage, make_documents, parse_kinds
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


@app.command("docs")
def docs_cmd(
    path: WorkbookArg,
    order: Annotated[
        list[str] | None,
        typer.Option("--order", metavar="ID", help="Order ID (repeat for several)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="pi, ci, pl, confirmation or contract (repeat; default: all).",
        ),
    ] = None,
    all_ready: Annotated[
        bool,
        typer.Option(
            "--all-ready",
            help="Every order at the stage a kind is for, that has no such document yet.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="en, zh-CN, es, de, fr, ar or en+zh-CN (default: the customer's)."
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Make them whatever the order's stage, marked DRAFT on every page "
            "(a document before its stage is refused otherwise).",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default: Documents beside the workbook)."),
    ] = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Make trade documents (HTML and PDF) and record each in the Documents sheet.

    Exit code 1 when a document could not be made (the message says what it lacks)."""
    if order and all_ready:
        raise Usage("give --order or --all-ready, not both")
    try:
        kinds = parse_kinds(kind) if kind else list(ALL_KINDS)
        register = open_register(path, user=user, allow_loss=allow_loss)
        outcome = make_documents(
            register,
            kinds=kinds,
            order_ids=order,
            all_ready=all_ready,
            lang=lang,
            out_dir=out,
            workers=os.cpu_count() or 1,
            draft=draft,
            progress=progress(),
        )
    except DocumentsUsage as exc:
        raise Usage(str(exc)) from None
    emit(outcome, as_json)


@demo_step(40, "Documents")
def _demo_documents(ctx: DemoContext) -> Outcome:
    register = open_register(ctx.register, user="demo")
    return make_documents(
        register, all_ready=True, out_dir=ctx.out / "documents", workers=os.cpu_count() or 1
    )
