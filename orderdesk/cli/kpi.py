"""`orderdesk kpi`: the Refresh KPIs button on a closed register, plus a PNG dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.kpi import refresh_kpis
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
from orderdesk.domain import values as V


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return V.parse_date(text, day_first=True)
    except V.Unreadable as exc:
        raise Usage(f"{option} {text!r}: {exc}") from exc


@app.command("kpi")
def kpi_cmd(
    path: WorkbookArg,
    date_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day of the window, e.g. 2026-01-01 (default: all history).",
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Last day of the window, e.g. 31/03/2026 (default: today)."
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", metavar="FILE", help="Also write a one-page PNG dashboard here."),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Refresh the KPI sheet: KPIs with early-warning states, warnings, pivots and charts.

    Exit code 1 when a KPI is red."""
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    register = open_register(path, user=user, allow_loss=allow_loss)
    outcome = refresh_kpis(register, date_from=start, date_to=end, png=png, progress=progress())
    emit(outcome, as_json)


@demo_step(88, "KPIs")
def _demo_kpis(ctx: DemoContext) -> Outcome:
    return refresh_kpis(open_register(ctx.register), png=ctx.out / "kpi-dashboard.png")
