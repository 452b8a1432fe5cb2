"""`orderdesk logistics plan | quotes | import`: the twins of the ribbon's Logistics group (Plan
shipment, Compare quotes, Import quotes); demo steps 75 (import the sample forwarder's quote and
compare) and 76 (plan the open orders)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.logistics import compare_forwarder_quotes, import_quotes, plan_shipments
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    UserOpt,
    WorkbookArg,
    app,
    emit,
    open_register,
    progress,
)
from orderdesk.demo import DemoContext, demo_step

logistics_app = typer.Typer(
    help="Logistics planning: load plan and mode, forwarders' quotes, contingency routes.",
    no_args_is_help=True,
)
app.add_typer(logistics_app, name="logistics")

OrderOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--order", metavar="ID", help="Order ID (repeat; default: every confirmed, unshipped one)."
    ),
]


@logistics_app.command("plan")
def plan_cmd(
    path: WorkbookArg,
    order: OrderOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Plan shipments: chargeable weights, the container and a carton fit, every mode priced
    (rate cards, valid forwarders' quotes) and checked against the requested delivery, the
    recommended mode with its reason; contingency routes for shipments delayed past the
    threshold. Writes the ShipPlan sheet.

    Exit code 1 when an order's lane has no rate or a delayed shipment needs a contingency
    route."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(plan_shipments(RunContext.of(register, progress=progress()), order), as_json)


@logistics_app.command("quotes")
def quotes_cmd(
    path: WorkbookArg,
    order: OrderOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Compare the forwarders' quotes of each order's lane on landed cost in the order's
    currency (ECB rate of the quote date) and transit; expired quotes flagged and never
    recommended; reliability per forwarder and carrier from tracking. Writes the QuoteCompare
    sheet.

    Exit code 1 when a quote has expired."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(compare_forwarder_quotes(RunContext.of(register, progress=progress()), order), as_json)


@logistics_app.command("import")
def import_cmd(
    path: WorkbookArg,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="A forwarder's quote: CSV or xlsx, a header row (default: the files in the "
            "forwarder-quotes folder beside the workbook).",
            show_default=False,
        ),
    ] = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import forwarders' quotes (CSV or xlsx; by default the files in the forwarder-quotes
    folder beside the workbook) into the ForwarderQuotes sheet, each Quote Ref once. A value that cannot be read is refused naming the file, row and column, and nothing
    is written.

    Exit code 1 is never used: an unreadable file exits 2."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(import_quotes(RunContext.of(register, progress=progress()), files), as_json)


@demo_step(75, "Forwarder quotes")
def _demo_quotes(ctx: DemoContext) -> Outcome:
    imported = import_quotes(RunContext.of(open_register(ctx.register, user="demo")))
    compared = compare_forwarder_quotes(RunContext.of(open_register(ctx.register, user="demo")))
    return Outcome(
        f"{imported.summary}; {compared.summary[0].lower()}{compared.summary[1:]}",
        findings=compared.findings,
        details=compared.details,
        data={"import": imported.data, "compare": compared.data},
    )


@demo_step(76, "Plan shipments")
def _demo_plan(ctx: DemoContext) -> Outcome:
    return plan_shipments(RunContext.of(open_register(ctx.register, user="demo")))
