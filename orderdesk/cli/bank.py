"""Finance commands: `sync bank`, `export settlement`, `export sheet`; demo steps 80 and 85."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from orderdesk.actions.bank import BankApi, configured_api, sync_bank
from orderdesk.actions.base import Outcome
from orderdesk.actions.settlement import export_settlement, export_sheet
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    Usage,
    UserOpt,
    WorkbookArg,
    emit,
    export_app,
    open_register,
    out,
    run_context,
    sync_app,
)
from orderdesk.demo import DemoContext, demo_step
from orderdesk.errors import OrderDeskError
from orderdesk.ports import Register, RegisterError
from orderdesk.schema import Setting


@contextmanager
def sandbox_api(register_path: Path, date_from: dt.date | None = None) -> Iterator[BankApi]:
    """The PSD2 sandbox on 127.0.0.1, serving this register's open invoices, while in use."""
    try:
        from orderdesk.sandbox.server import Sandbox
    except ImportError as exc:  # pragma: no cover - the server ships with the sandbox package
        raise Usage("the sandbox server (orderdesk.sandbox.server) is not installed") from exc
    from orderdesk.sandbox import psd2

    with Sandbox(register_path, apis=["psd2"]) as box:
        yield BankApi(box.url + psd2.PREFIX, psd2.ACCOUNT_ID, psd2.CONSENT_ID, date_from)


@sync_app.command("bank")
def sync_bank_cmd(
    path: WorkbookArg,
    statement: Annotated[
        list[Path] | None,
        typer.Option(
            "--statement",
            metavar="FILE",
            help="A camt.052/053/054 or MT940 file (detected from its content). Repeatable.",
        ),
    ] = None,
    api: Annotated[
        bool, typer.Option("--api", help="Read booked transactions from the bank API.")
    ] = False,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="With --api: the local PSD2 sandbox, not the bank.")
    ] = False,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="With --api: from this booking date (YYYY-MM-DD)."),
    ] = None,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import bank statements and/or API transactions (each entry once) and match receipts to
    invoices; Invoices and Customers are brought up to date.

    Exit code 1 when a receipt is unmatched or only suggested, or an entry cannot be used."""
    files = list(statement or [])
    if not files and not api:
        raise Usage("give --statement FILE (one or more), or --api")
    if sandbox and not api:
        raise Usage("--sandbox goes with --api")
    since = _date(date_from)
    try:
        register = open_register(path, user=user, allow_loss=allow_loss)
        if api and sandbox:
            outcome = _statements_then_sandbox(path, files, since, user=user, allow_loss=allow_loss)
        else:
            cfg = _configured(register, since) if api else None
            outcome = sync_bank(run_context(register), statements=files, api=cfg)
    except OrderDeskError as exc:
        if as_json:
            refuse_as_json(exc)
        raise Usage(str(exc)) from exc
    emit(outcome, as_json)


def refuse_as_json(exc: OrderDeskError) -> NoReturn:
    """A refusal a program can read: {"error", "file", "line"} on stdout, exit 2."""
    error = {
        "error": str(exc),
        "file": getattr(exc, "file", None),
        "line": getattr(exc, "line", None),
    }
    out.print(json.dumps(error, ensure_ascii=False, indent=2), markup=False)
    raise typer.Exit(2)


def _statements_then_sandbox(
    path: Path,
    files: list[Path],
    since: dt.date | None = None,
    *,
    user: str | None = None,
    allow_loss: bool = False,
) -> Outcome:
    """Statements first, then the sandbox bank: it pays what is open once they are applied (as a
    real bank's receipts would be new ones, not the statements' again)."""
    first = None
    if files:
        register = open_register(path, user=user, allow_loss=allow_loss)
        first = sync_bank(run_context(register), statements=files)
    with sandbox_api(path, since) as cfg:
        register = open_register(path, user=user, allow_loss=allow_loss)
        second = sync_bank(run_context(register), api=cfg)
    return second if first is None else combined(first, second)


def combined(first: Outcome, second: Outcome) -> Outcome:
    return Outcome(
        f"{first.summary}; then {second.summary.removeprefix('bank sync: ')}",
        findings=second.findings,  # the second run re-reports what is still open
        details=[*first.details, *second.details],
        data={"statements": first.as_json(), "api": second.as_json()},
    )


def _configured(register: Register, since: dt.date | None) -> BankApi:
    try:
        cfg = configured_api(run_context(register, show_progress=False), since)
    except RegisterError as exc:
        raise Usage(str(exc)) from exc
    if cfg is None:
        raise Usage(
            f"Settings: set '{Setting.BANK_API_URL.key}' and '{Setting.BANK_API_ACCOUNT.key}' "
            "for the bank API (or use --sandbox)"
        )
    return cfg


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Usage(f"--from '{text}' is not a date (YYYY-MM-DD)") from exc


@export_app.command("settlement")
def export_settlement_cmd(
    path: WorkbookArg,
    period: Annotated[str, typer.Option("--period", help="The month, YYYY-MM.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or xlsx.")] = "csv",
    as_json: JsonOpt = False,
) -> None:
    """Balanced journal lines for a month's receipts, bank charges and FX differences.

    Exit code 1 when a matched invoice cannot be posted (it goes to suspense, and is named)."""
    emit(export_settlement(run_context(open_register(path)), period, out, fmt=fmt), as_json)


@export_app.command("sheet")
def export_sheet_cmd(
    path: WorkbookArg,
    sheet: Annotated[str, typer.Option("--sheet", help="Sheet or table name, e.g. BankEntries.")],
    out: Annotated[Path, typer.Option("--out", help="The CSV file to write.")],
    as_json: JsonOpt = False,
) -> None:
    """Any register table as a CSV that is safe to open in Excel.

    Exit code 1 when a cell cannot be read as its type (it is exported as typed, and named)."""
    emit(export_sheet(open_register(path), sheet, out), as_json)


# --- demo -----------------------------------------------------------------------------------

DEMO_STATEMENTS = ("statement-camt053.xml", "statement-mt940.sta")


@demo_step(80, "Bank sync (statements and PSD2 sandbox)")
def _demo_sync_bank(ctx: DemoContext) -> Outcome:
    files = [ctx.out / name for name in DEMO_STATEMENTS if (ctx.out / name).exists()]
    return _statements_then_sandbox(ctx.register, files)


@demo_step(85, "Settlement export")
def _demo_settlement(ctx: DemoContext) -> Outcome:
    import pandas as pd

    from orderdesk.schema import BankEntries

    register = open_register(ctx.register)
    booked = pd.to_datetime(register.read(BankEntries).frame[BankEntries.booking_date]).max()
    period = (booked if not pd.isna(booked) else pd.Timestamp.today()).strftime("%Y-%m")
    run = run_context(register, show_progress=False)
    export_settlement(run, period, ctx.out / f"settlement-{period}.csv", fmt="csv")
    return export_settlement(run, period, ctx.out / f"settlement-{period}.xlsx", fmt="xlsx")
