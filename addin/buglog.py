"""The one log of the Excel side: what went wrong inside OrderDesk, with the traceback.

A ribbon button and a worksheet function that hit a bug (anything that is not an
`OrderDeskError`) both show one short line in Excel and append the details here, so whoever
supports OrderDesk gets one file: `~/.orderdesk/logs/addin.log` (`ORDERDESK_HOME` moves it).
The ribbon's buttons and the worksheet functions run in the same Python (xlwings' UDF server),
so each entry is written in one call: two entries never interleave.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from orderdesk import __version__


def orderdesk_home() -> Path:
    """Where OrderDesk keeps per-user files (the log, the add-in config): ~/.orderdesk."""
    return Path(os.environ.get("ORDERDESK_HOME") or Path.home() / ".orderdesk")


def log_path() -> Path:
    return orderdesk_home() / "logs" / "addin.log"


def log_bug(what: str) -> Path:
    """Append the exception being handled, under a line saying when and in what (`button
    odValidate in Register.xlsx`, `worksheet function OD_FX`); returns the log's path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = (
        f"--- {dt.datetime.now().isoformat(timespec='seconds')} OrderDesk {__version__} {what}\n"
        f"{traceback.format_exc()}"
    )
    with path.open("a", encoding="utf-8") as f:
        f.write(entry)
    return path
