"""`orderdesk quote …`: price, reprice, revise, diff, approve, reject, verify-log; demo step 30."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from orderdesk.actions import quotes as Q
from orderdesk.actions import quotes_demo as D
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.adapters.file_register import FileRegister
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

quote_app = typer.Typer(
    help="Quotes: cost-driven pricing, versions and the three-level approval.",
    no_args_is_help=True,
)
app.add_typer(quote_app, name="quote")

QuoteOpt = Annotated[
    str, typer.Option("--quote", "-q", metavar="ID", help="Quote ID, e.g. Q-2026-0001.")
]
VersionOpt = Annotated[
    int | None, typer.Option("--version", "-v", help="Version (default: the newest).")
]
LevelOpt = Annotated[
    int | None, typer.Option("--level", help="Approval level (default: the next one).")
]
CommentOpt = Annotated[str | None, typer.Option("--comment", "-m", help="Comment for the log.")]


@quote_app.command("price")
def price_cmd(
    path: WorkbookArg,
    quote: Annotated[
        str | None,
        typer.Option("--quote", "-q", metavar="ID", help="Quote ID (default: every draft quote)."),
    ] = None,
    version: VersionOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Cost build-up and suggested price of a quote version (or of every draft quote).

    Exit code 1 when a line is below the margin floor or a cost or rate is missing."""
    with_register = open_register(path, user=user, allow_loss=allow_loss)
    emit(Q.price_quote(run_context(with_register), quote, version), as_json)


@quote_app.command("reprice")
def reprice_cmd(path: WorkbookArg, as_json: JsonOpt = False) -> None:
    """List open quotes whose costs moved past the re-pricing threshold since pricing.

    Exit code 1 when a quote needs re-pricing."""
    emit(Q.reprice(run_context(open_register(path))), as_json)


@quote_app.command("revise")
def revise_cmd(
    path: WorkbookArg,
    quote: QuoteOpt,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="HEADER=VALUE",
            help='A term of the new version: "Payment Terms=TT50-50 BS".',
        ),
    ] = None,
    line: Annotated[
        list[str] | None,
        typer.Option("--line", metavar="LINE:HEADER=VALUE", help='A line field: "2:Qty=800".'),
    ] = None,
    add_line: Annotated[
        list[str] | None,
        typer.Option("--add-line", metavar="SKU:QTY", help='A new line: "SKU:QTY".'),
    ] = None,
    drop_line: Annotated[
        list[int] | None,
        typer.Option("--drop-line", metavar="LINE", help="Drop this line number."),
    ] = None,
    comment: CommentOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Make version n+1 of a quote from its newest version (which becomes superseded)."""
    request = Q.RevisionRequest(set_ or (), line or (), add_line or (), drop_line or ())
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(Q.revise_quote(run_context(register), quote, request, comment=comment or ""), as_json)


@quote_app.command("diff")
def diff_cmd(
    path: WorkbookArg,
    quote: QuoteOpt,
    old: Annotated[int | None, typer.Option("--from", help="Older version.")] = None,
    new: Annotated[int | None, typer.Option("--to", help="Newer version (default newest).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed between two versions of a quote: terms, lines, quantities, prices."""
    emit(Q.diff_quote(run_context(open_register(path)), quote, old, new), as_json)


@quote_app.command("approve")
def approve_cmd(
    path: WorkbookArg,
    quote: QuoteOpt,
    version: VersionOpt = None,
    level: LevelOpt = None,
    comment: CommentOpt = None,
    override: Annotated[
        bool, typer.Option("--override", help="Approve although a check failed (say why).")
    ] = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Approve a quote version at the next level, after that level's checks."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    outcome = Q.approve_quote(
        run_context(register), quote, version, level=level, comment=comment, override=override
    )
    emit(outcome, as_json)


@quote_app.command("reject")
def reject_cmd(
    path: WorkbookArg,
    quote: QuoteOpt,
    comment: Annotated[str, typer.Option("--comment", "-m", help="Why (required).")],
    version: VersionOpt = None,
    level: LevelOpt = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Reject a quote version at the next level, with a comment saying why."""
    register = open_register(path, user=user, allow_loss=allow_loss)
    emit(
        Q.reject_quote(run_context(register), quote, version, level=level, comment=comment),
        as_json,
    )


@quote_app.command("verify-log")
def verify_cmd(
    path: WorkbookArg,
    accept: Annotated[
        bool,
        typer.Option(
            "--accept-current",
            help="Record the log's current end in the journal (after restoring a backup).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the ApprovalLog's hash chain: name every edited, deleted, inserted or moved row.

    Exit code 1 when the log does not verify."""
    emit(Q.verify_log(run_context(open_register(path)), accept=accept), as_json)


@demo_step(30, "Quotes")
def _demo_quotes(ctx: DemoContext) -> Outcome:
    """A clerk enters a quote; it is priced, approved twice, rejected at level 3, revised with
    a larger deposit, priced again, approved at all three levels, and the log verified."""
    path = ctx.register
    seed = FileRegister(path)
    quote_id, lines = D.demo_quote(seed)
    seed.save()
    by_level = D.demo_approvers(FileRegister(path))
    steps: list[str] = []

    def run(user: str | None, action: Callable[[RunContext], Outcome]) -> Outcome:
        outcome = action(RunContext.of(FileRegister(path, user=user)))
        steps.append(outcome.summary)
        return outcome

    run(None, lambda r: Q.price_quote(r, quote_id))
    for level in (1, 2):
        run(by_level[level][0], lambda r: D.demo_approve(r, quote_id))
    run(
        by_level[3][0],
        lambda r: Q.reject_quote(
            r, quote_id, comment="30% deposit is too little for a first CIF order: ask 50%"
        ),
    )
    request = Q.RevisionRequest(terms=["Payment Terms=TT50-50 BS"])
    run(by_level[1][0], lambda r: Q.revise_quote(r, quote_id, request, comment="customer agreed"))
    run(None, lambda r: Q.price_quote(r, quote_id))
    for level in (1, 2, 3):
        users = by_level[level]
        run(users[-1] if level < 3 else users[0], lambda r: D.demo_approve(r, quote_id))
    verified = run(None, Q.verify_log)
    return Outcome(
        f"{quote_id} ({lines} lines): priced, approved at levels 1–2, rejected at level 3, "
        f"revised to version 2, priced, approved 3/3; {verified.summary}",
        findings=verified.findings,
        details=steps,
    )
