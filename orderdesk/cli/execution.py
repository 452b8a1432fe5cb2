"""`orderdesk execution …` and `orderdesk calendar`: the twins of the ribbon's Execution group
(Can we take it?, Plan milestones, My tasks, Log exception); demo steps 55–57."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.exceptions import log_exception
from orderdesk.actions.execution import can_we_take_it
from orderdesk.actions.milestones import my_tasks, plan_milestones, task_calendar
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
from orderdesk.schema import Orders

execution_app = typer.Typer(
    help="Order execution: can we take it, milestones with owners, tasks, exceptions.",
    no_args_is_help=True,
)
app.add_typer(execution_app, name="execution")

OrdersOpt = Annotated[
    list[str] | None,
    typer.Option("--order", metavar="ID", help="Order ID (repeat; default: see above)."),
]
QuotesOpt = Annotated[
    list[str] | None,
    typer.Option("--quote", metavar="ID", help="Quote ID, its latest version (repeat)."),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", metavar="NAME", help="Whose milestones (default: --user)."),
]


def _context(path: Path, user: str | None, allow_loss: bool = False) -> RunContext:
    register = open_register(path, user=user, allow_loss=allow_loss)
    return RunContext.of(register, progress=progress())


@execution_app.command("feasibility")
def feasibility_cmd(
    path: WorkbookArg,
    order: OrdersOpt = None,
    quote: QuotesOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Can we take it? Decide received and draft orders (or those given), and the quotes given
    (as if won today, booking no capacity): accept, accept with conditions (a later week, a
    deposit, the tooling milestone …) or decline, with each branch's reason; rewrite the
    Feasibility sheet with the capacity by product line and week.

    Exit code 1 when an order is declined or accepted only with conditions."""
    ctx = _context(path, user, allow_loss)
    emit(can_we_take_it(ctx, order_ids=order or (), quote_ids=quote or ()), as_json)


@execution_app.command("plan")
def plan_cmd(
    path: WorkbookArg,
    order: OrdersOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Plan milestones: each open order's milestones (default: confirmed to invoiced) from its
    type's template in Settings, with owners (RACI); planned ones are kept. Status and actual
    dates come from what the register knows (payments, carrier events, documents).

    Exit code 1 when a milestone is overdue."""
    emit(plan_milestones(_context(path, user, allow_loss), order_ids=order or ()), as_json)


@execution_app.command("tasks")
def tasks_cmd(
    path: WorkbookArg, owner: OwnerOpt = None, user: UserOpt = None, as_json: JsonOpt = False
) -> None:
    """My tasks: the milestones due soon or overdue of one person. Writes nothing.

    Exit code 1 when one of them is overdue."""
    emit(my_tasks(_context(path, user), owner=owner), as_json)


@execution_app.command("exception")
def exception_cmd(
    path: WorkbookArg,
    order: Annotated[
        str | None, typer.Option("--order", metavar="ID", help="The order it concerns.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--class",
            metavar="CLASS",
            help="quality, delivery, payment, logistics, documents or customs.",
        ),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", metavar="LEVEL", help="low, medium, high or critical."),
    ] = None,
    description: Annotated[
        str, typer.Option("--description", "-m", metavar="TEXT", help="What happened.")
    ] = "",
    owner: OwnerOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Log exception: with --order, --class and --severity, add one to the Exceptions sheet;
    then give every exception its handling steps, escalation (to whom, by when) and customer
    updates from Settings, and contingencies (other suppliers by score, the lane's alternative
    routes, air instead of sea).

    Exit code 1 when an open exception's escalation time has passed."""
    ctx = _context(path, user, allow_loss)
    if order is None and (kind or severity):
        raise Usage("--class and --severity go with --order (the exception's order)")
    outcome = log_exception(
        ctx,
        order_id=order,
        exception_class=kind,
        severity=severity,
        description=description,
        owner=owner,
    )
    emit(outcome, as_json)


@app.command("calendar")
def calendar_cmd(
    path: WorkbookArg,
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="The .ics file to write.")
    ] = Path("tasks.ics"),
    owner: OwnerOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write one person's open milestones as an iCalendar file (RFC 5545) that Outlook or Google
    Calendar subscribes to; each milestone keeps its event from one run to the next.

    Exit code 1 when one of them is overdue."""
    emit(task_calendar(_context(path, user), out, owner=owner), as_json)


@demo_step(55, "Can we take it?")
def _demo_feasibility(ctx: DemoContext) -> Outcome:
    """The sample's draft and confirmed orders, asked again as if they had just come in."""
    register = open_register(ctx.register, user="demo")
    orders = register.read(Orders).frame
    fresh = orders[orders[Orders.stage].isin(["received", "draft", "confirmed"])]
    return can_we_take_it(RunContext.of(register), order_ids=list(fresh[Orders.order_id]))


@demo_step(56, "Plan milestones")
def _demo_plan(ctx: DemoContext) -> Outcome:
    return plan_milestones(RunContext.of(open_register(ctx.register, user="demo")))


@demo_step(57, "Log exception and task calendar")
def _demo_exception(ctx: DemoContext) -> Outcome:
    run = RunContext.of(open_register(ctx.register, user="demo"))
    outcome = log_exception(run)
    task_calendar(run, ctx.out / "tasks.ics", owner="zhangmin")
    outcome.details.append(f"calendar: {ctx.out / 'tasks.ics'}")
    return outcome
