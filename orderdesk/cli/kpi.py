"""`orderdesk kpi`: the Refresh KPIs button on a closed register, plus a PNG dashboard;
`orderdesk kpi pivots`: the Pivots button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

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


class _KpiGroup(TyperGroup):
    """`orderdesk kpi FILE …` is `orderdesk kpi refresh FILE …` (Refresh KPIs, as it always
    was); `orderdesk kpi pivots FILE` is the Pivots button."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["refresh", *args]
        return super().parse_args(ctx, args)


kpi_app = typer.Typer(
    cls=_KpiGroup,
    help="Refresh the KPI sheet (`orderdesk kpi FILE` = `orderdesk kpi refresh FILE`), or the "
    "Pivots sheet (`orderdesk kpi pivots FILE`). Exit code 1 when a KPI is red.",
    no_args_is_help=True,
)
app.add_typer(kpi_app, name="kpi")


@kpi_app.command("refresh")
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
    """Refresh the KPI sheet: KPIs with early-warning states, warnings, pivots and charts;
    the pivot helper columns, and the first time the Pivots sheet. `orderdesk kpi PATH` is the
    same command.

    Exit code 1 when a KPI is red."""
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    register = open_register(path, user=user, allow_loss=allow_loss)
    outcome = refresh_kpis(register, date_from=start, date_to=end, png=png, progress=progress())
    emit(outcome, as_json)


# pivots (issue 25)
@kpi_app.command("pivots")
def pivots_cmd(path: WorkbookArg, as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """Bring the pivot helper columns up to date and, the first time, add the Pivots sheet:
    PivotTables over the register's own tables, which Excel refreshes when the workbook opens.
    PivotTables that exist are never rebuilt.

    Exit code 1 never: there are no findings."""
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.pivots import pivots

    register = open_register(path, user=user)
    emit(pivots(RunContext.of(register, progress=progress())), as_json)


@demo_step(88, "KPIs")
def _demo_kpis(ctx: DemoContext) -> Outcome:
    return refresh_kpis(open_register(ctx.register), png=ctx.out / "kpi-dashboard.png")
