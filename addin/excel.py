"""What a ribbon click runs: `orderdesk_addin.run(button_id)`.

The add-in's one VBA callback passes the clicked button's id here (through xlwings' RunPython,
in the UDF server's Python when "Use UDF Server" is on). This finds the button's handler, wraps
the calling workbook in the live register adapter, runs the action on the selected rows (or the
whole register), shows progress in Excel's status bar and ends with a short summary alert. A
problem shows as a readable alert, never as a Python traceback window: a bug's traceback goes
to a log file the alert names.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from orderdesk import __version__
from orderdesk.actions.base import Outcome
from orderdesk.adapters.live_register import LiveRegister
from orderdesk.errors import OrderDeskError

from . import handlers, ribbon
from .buglog import log_bug

MAX_ALERT_LINES = 12
# The same words as the add-in's VBA shows before Python is called (Ribbon.bas).
NO_WORKBOOK = (
    "No workbook is open in Excel to work on: open the order register (click Enable Editing if "
    "it opened in Protected View), then click the button again."
)


class NoWorkbook(OrderDeskError):
    """A button clicked with no workbook for it to act on."""


def calling_book() -> Any:
    """The workbook whose button was clicked (xlwings is told which by the add-in's VBA)."""
    import xlwings as xw

    try:
        return xw.Book.caller()
    except Exception as exc:  # xlwings raises a bare Exception when Excel named no workbook
        raise NoWorkbook(NO_WORKBOOK) from exc


# Excel for Windows offers its Office file dialog through COM; Excel for Mac's AppleScript
# interface has none, so there a button that picks files uses its folder from Settings instead.
WINDOWS = sys.platform == "win32"
FILE_PICKER = 3  # msoFileDialogFilePicker
DIALOG_OK = -1


def file_picker(app: Any) -> handlers.FilePicker | None:
    """Excel's own file dialog (several files, opened in a folder), or None where there is none."""
    if not WINDOWS:
        return None

    def pick(title: str, folder: Path, suffixes: Sequence[str]) -> list[Path]:
        dialog = app.api.FileDialog(FILE_PICKER)
        dialog.Title = title
        dialog.AllowMultiSelect = True
        dialog.InitialFileName = f"{folder}\\" if folder.is_dir() else ""
        dialog.Filters.Clear()
        dialog.Filters.Add(title, ";".join(f"*{s}" for s in suffixes))
        if dialog.Show() != DIALOG_OK:
            return []
        chosen = dialog.SelectedItems
        return [Path(str(chosen.Item(i))) for i in range(1, int(chosen.Count) + 1)]

    return pick


class StatusBar:
    """Progress in Excel's status bar; updated when the shown percentage changes (each update is
    a call into Excel)."""

    def __init__(self, app: Any, title: str) -> None:
        self.app = app
        self.title = title
        self.label = ""
        self.total: int | None = None
        self.count = 0
        self._shown: str | None = None

    def _show(self, text: str) -> None:
        if text != self._shown:
            self.app.status_bar = text
            self._shown = text

    def start(self, label: str, total: int | None = None) -> None:
        self.label, self.total, self.count = label, total, 0
        self._show(f"OrderDesk · {self.title}: {label}…")

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self.total:
            pct = min(100, self.count * 100 // self.total)
            self._show(f"OrderDesk · {self.title}: {self.label} {pct}%")
        else:
            self._show(f"OrderDesk · {self.title}: {self.label} ({self.count})")

    def done(self) -> None:
        self._show(f"OrderDesk · {self.title}: {self.label} done")

    def clear(self) -> None:
        self.app.status_bar = False  # Excel shows its own status text again
        self._shown = None


def summary_text(outcome: Outcome) -> str:
    lines = [outcome.summary]
    shown = outcome.details[:MAX_ALERT_LINES]
    lines += [f"• {d}" for d in shown]
    if len(outcome.details) > len(shown):
        lines.append(f"… and {len(outcome.details) - len(shown)} more")
    return "\n".join(lines)


def run(button_id: str, *, book: Any = None) -> Outcome | None:
    """Run the action of one ribbon button on the calling workbook; returns its outcome (None
    when it could not run). Raises into Excel only `NoWorkbook`, when there is none."""
    if book is None:
        # With no book there is no Excel to show an alert in: the message goes to xlwings'
        # error box (the VBA callback normally says it first, before Python is started).
        book = calling_book()
    app = book.app
    try:
        title = ribbon.labels().get(button_id, button_id)
    except ValueError:
        title = button_id
    progress = StatusBar(app, title)
    updating = app.screen_updating
    outcome: Outcome | None = None
    try:
        app.screen_updating = False
        handler = handlers.load_all().get(button_id)
        if handler is None:
            message = (
                f"The button '{title}' has no action in OrderDesk {__version__}. Update OrderDesk "
                "and run `orderdesk addin install` again."
            )
        else:
            register = LiveRegister(book)
            context = handlers.ButtonContext.of(register, progress, file_picker(app))
            outcome = handler(context)
            message = summary_text(outcome)
    except OrderDeskError as exc:  # bad input: the message says what and where
        message = f"{title}: {exc}"
    except Exception:  # a bug: say so plainly (no Python in the alert), the traceback in the log
        log = log_bug(f"button {button_id} in {getattr(book, 'name', '?')}")
        message = (
            f"{title} stopped because of an error in OrderDesk. The details are in {log}; "
            "please send that file to whoever supports OrderDesk."
        )
    finally:
        app.screen_updating = updating
        progress.clear()
    if outcome is None:
        app.alert(message, title="OrderDesk", mode="critical")
    else:
        app.alert(message, title=f"OrderDesk · {title}", mode="info")
    return outcome
