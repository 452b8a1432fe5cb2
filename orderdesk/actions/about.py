"""About / Check setup: what OrderDesk finds in a register before anyone relies on it.

The ribbon's first question when something does not work is "which version, which Python, and
does it see my tables and settings?". This action answers it without changing anything: versions,
every register table found or missing (with missing columns), and every setting read as its type.
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

from orderdesk import __version__
from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, plural, stage
from orderdesk.ports import NotARegister, Register, RegisterError
from orderdesk.schema import OWNED_SHEETS, Settings, setting_keys, tables
from orderdesk.settings import Policy, PolicyError


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def about(register: Register, progress: Progress = NO_PROGRESS) -> Outcome:
    problems: list[str] = []
    notes: list[str] = []
    found = 0
    user_tables = [t for t in tables() if t.sheet not in OWNED_SHEETS]
    with stage(progress, "Checking the register", len(user_tables)) as p:
        for table in user_tables:
            try:  # a gap is reported here, not refused: finding gaps is what About is for
                data = register.read(table, optional=True)
            except NotARegister:
                raise
            except RegisterError as exc:
                problems.append(str(exc))
                continue
            finally:
                p.advance()
            if not data.found:
                problems.append(
                    f"{table.sheet}: the {table.title or table.__name__} table is missing"
                )
                continue
            found += 1
            if data.missing:
                names = ", ".join(str(c) for c in data.missing)
                problems.append(f"{table.sheet}: missing columns {names}")
            if data.issues:
                notes.append(
                    f"{table.sheet}: {len(data.issues)} cells cannot be read as their type "
                    "(Validate lists them)"
                )
        policy = Policy(register.read(Settings, optional=True))
        for key in setting_keys():
            try:
                policy.get(key)
            except PolicyError as exc:
                problems.append(str(exc))
    versions = {
        "orderdesk": __version__,
        "xlwings": _version("xlwings"),
        "python": platform.python_version(),
        "interpreter": sys.executable,
    }
    state = "settings readable" if not problems else plural(len(problems), "problem")
    summary = (
        f"OrderDesk {__version__} (xlwings {versions['xlwings']}, Python "
        f"{versions['python']}): {found} of {len(user_tables)} register tables found, {state}"
    )
    details = [*problems, *notes, f"register: {register.source}", f"user: {register.user}"]
    details.append(f"Python: {sys.executable}")
    return Outcome(
        summary,
        findings=len(problems),
        details=details,
        data={"versions": versions, "problems": problems, "tables_found": found},
    )
