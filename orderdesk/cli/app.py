"""The `orderdesk` command: the shared Typer app, common options, output and exit codes.

Exit codes (`EXIT_CODES`, shown by `orderdesk --help`): 0 done with nothing to report, 1 done
with findings, 2 bad usage or input that cannot be used (the message says what and where), 3 an
internal error (a bug: please report it).
Command modules (one per ribbon group) register themselves on `app` or on a group below.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from orderdesk.actions.base import NO_PROGRESS, Outcome
from orderdesk.actions.base import Progress as ProgressPort
from orderdesk.domain.values import visible_controls
from orderdesk.errors import OrderDeskError

if TYPE_CHECKING:
    from orderdesk.actions.context import RunContext  # house (issue 15)
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.ports import Register, Selection

# Exit codes, one meaning for every command (each command's help says what its findings are).
EXIT_CODES = """\b
Exit codes:
  0  done, nothing to report
  1  done, with findings to look at (each command's help says which: errors
     in orders, a red KPI, a supplier alert, a delayed order, a receipt not
     matched ...)
  2  nothing done: bad usage, or input that cannot be used; the message says
     what and where (a workbook that is not a register, a missing column,
     no such order, a file that cannot be written ...)
  3  an internal error: a bug (the traceback follows; please report it)"""

app = typer.Typer(
    name="orderdesk",
    help="OrderDesk: every ribbon action, run on a closed register workbook.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
sync_app = typer.Typer(help="Pull from outside systems (carriers, banks).", no_args_is_help=True)
export_app = typer.Typer(help="Exports for finance and other systems.", no_args_is_help=True)
app.add_typer(sync_app, name="sync")
app.add_typer(export_app, name="export")

# soft_wrap: the terminal wraps a long message, not rich (which would cut a path in two)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

# --- options every command shares ----------------------------------------------------------

WorkbookArg = Annotated[
    Path,
    typer.Argument(metavar="PATH", help="The register workbook (.xlsx).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON result.")]
UserOpt = Annotated[
    str | None,
    typer.Option("--user", metavar="NAME", help="Who is acting (default: the signed-in OS user)."),
]
AllowLossOpt = Annotated[
    bool,
    typer.Option(
        "--allow-loss",
        help="Save even if the workbook holds content the file writer cannot carry (it is named).",
    ),
]


class Usage(OrderDeskError):
    """Bad usage of the command line (an option that cannot be acted on): exit code 2."""


_opened: dict[Path, FileRegister] = {}


def open_register(
    path: Path,
    *,
    user: str | None = None,
    allow_loss: bool = False,
    selection: Selection | None = None,
) -> FileRegister:
    """The register of one run, locked from this read to its save's rename: a second OrderDesk
    run on the same workbook waits a little (saying so), then reads what the first one saved.
    An earlier register this process opened on the file is finished with. A workbook that is
    not a register is refused here, before any command reads or starts anything else (a
    sandbox, a bank call)."""

    from orderdesk.adapters.file_register import FileRegister

    key = Path(path).expanduser().resolve()
    earlier = _opened.pop(key, None)
    if earlier is not None:
        earlier.close()
    register = FileRegister(
        path,
        user=user,
        allow_loss=allow_loss,
        selection=selection,
        hold=True,
        on_wait=lambda text: err.print(f"orderdesk: {text}", markup=False),
    )
    try:
        register.recognise()
    except BaseException:
        register.close()
        raise
    _opened[key] = register
    return register


def close_registers() -> None:
    """Release every workbook this process opened (the end of a command, or of a demo step)."""
    while _opened:
        _, register = _opened.popitem()
        register.close()


class BarProgress:
    """A progress bar on the terminal (stderr), only when it is a terminal."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: Any = None

    def start(self, label: str, total: int | None = None) -> None:
        if not sys.stderr.isatty():
            return
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def done(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def progress() -> ProgressPort:
    return BarProgress() if sys.stderr.isatty() else NO_PROGRESS


# house (issue 15): one run context per command, built here by every command that runs an action
def run_context(
    register: Register, *, today: dt.date | None = None, show_progress: bool = True
) -> RunContext:
    """The run context of a command: its register, the day (`--on`, else today, else
    ORDERDESK_TODAY), the terminal's progress bar."""
    from orderdesk.actions.context import RunContext

    return RunContext.of(
        register, today=today, progress=progress() if show_progress else NO_PROGRESS
    )


def emit(outcome: Outcome, as_json: bool) -> None:
    """Print the outcome and leave with 0 (nothing to report) or 1 (findings). What the save had
    to change in a cell to write it (text cut at Excel's limit, control characters) is said."""
    for register in _opened.values():
        outcome.details.extend(f"note: {n}" for n in dict.fromkeys(register.notes))
    if as_json:
        out.print(
            json.dumps(outcome.as_json(), ensure_ascii=False, indent=2, default=str), markup=False
        )
    else:  # a cell's control character is shown, not sent to the terminal (␇, not a bell)
        out.print(visible_controls(outcome.summary), markup=False)
        for line in outcome.details:
            out.print(f"  {visible_controls(line)}", markup=False)
    raise typer.Exit(1 if outcome.findings else 0)
