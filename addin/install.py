"""`orderdesk addin install` / `uninstall`: put OrderDesk.xlam where Excel opens it at start, and
write the user config the add-in's xlwings module reads (this Python, the UDF module).

Where Excel looks (per user, no administrator rights needed):
- Windows: the XLSTART folder, %APPDATA%\\Microsoft\\Excel\\XLSTART; the config file is
  %USERPROFILE%\\.orderdesk\\orderdesk.conf (the add-in asks for .OrderDesk\\OrderDesk.conf, the
  same file on Windows' case-insensitive file system);
- macOS: Excel's startup folder in the Office group container; the config file sits in Excel's
  sandbox, ~/Library/Containers/com.microsoft.Excel/Data/OrderDesk.conf, the only place the
  sandboxed add-in can read it.
Linux has no desktop Excel: the command says so and where the built add-in is.

The config file is written as xlwings writes its own (`xlwings config create`, `update_user_config`
in xlwings/cli.py: `open(path, "w")`, Python's default text mode): on Windows in the ANSI code
page with CRLF line ends, which is what the add-in's VBA reads it with (`Open … For Input`,
`Input #`: bytes in the system's ANSI code page, lines ended by CR or CR LF); on macOS UTF-8
with LF. OrderDesk names the code page itself rather than relying on Python's default, which
Python's UTF-8 mode would change. A line that is not OrderDesk's is kept byte for byte, in
whatever encoding it was written; a path that the code page cannot hold (a Chinese user name on
a Western-European Windows) is refused with a message, as VBA could not read it back.
"""

from __future__ import annotations

import locale
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orderdesk.actions.base import Outcome
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.errors import OrderDeskError

from .build import BUILT, CONFIG, PROJECT_NAME

ADDIN_FILE = f"{PROJECT_NAME}.xlam"
UDF_MODULES = str(dict(CONFIG)["UDF Modules"])  # the one text value of CONFIG


@dataclass(frozen=True)
class Places:
    startup: Path  # the folder Excel opens add-ins from at start
    config: Path  # the user config file the add-in's xlwings module reads
    interpreter_key: str  # Interpreter_Win or Interpreter_Mac

    @property
    def addin(self) -> Path:
        return self.startup / ADDIN_FILE


def places(
    platform: str | None = None, home: Path | None = None, env: Mapping[str, str] | None = None
) -> Places | None:
    """Where the add-in and its config go on this platform; None where Excel does not run."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    home = Path(home) if home is not None else Path.home()
    if platform.startswith("win"):
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        return Places(
            appdata / "Microsoft" / "Excel" / "XLSTART",
            home / ".orderdesk" / "orderdesk.conf",
            "Interpreter_Win",
        )
    if platform == "darwin":
        office = home / "Library" / "Group Containers" / "UBF8T346G9.Office"
        return Places(
            office / "User Content.localized" / "Startup.localized" / "Excel",
            home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "OrderDesk.conf",
            "Interpreter_Mac",
        )
    return None


def interpreter(executable: str = sys.executable, platform: str = sys.platform) -> str:
    """This Python; on Windows its windowless twin pythonw.exe when there is one (no console
    window flashes up on each click)."""
    path = Path(executable)
    if platform.startswith("win"):
        quiet = path.with_name("pythonw.exe")
        if quiet.exists():
            return str(quiet)
    return str(path)


class InstallError(OrderDeskError):
    """The add-in or its config cannot be put in place; the message says why and what to do."""


@dataclass(frozen=True)
class ConfigFormat:
    """How the config file's bytes are written: xlwings' way on the platform."""

    encoding: str
    newline: bytes


def ansi_code_page() -> str:
    """Windows' ANSI code page (cp1252, cp936 …), the one VBA reads text files in; Python's
    `locale.getencoding()` gives it even in UTF-8 mode."""
    return locale.getencoding()


def config_format(platform: str, code_page: str | None = None) -> ConfigFormat:
    if platform.startswith("win"):
        return ConfigFormat(code_page or ansi_code_page(), b"\r\n")
    return ConfigFormat("utf-8", b"\n")


_KEY = re.compile(rb'^\s*"([^"\r\n]*)"\s*,')


def _key(line: bytes) -> str | None:
    """The key of a `"KEY","VALUE"` line (keys are ASCII in every code page xlwings meets:
    no lead or trail byte of a double-byte code page is a quote or a comma)."""
    m = _KEY.match(line)
    return m[1].decode("latin-1").strip().lower() if m else None


def _lines(path: Path) -> list[bytes]:
    """The file's lines as bytes, each with its own line end (none for a missing file)."""
    return path.read_bytes().splitlines(keepends=True) if path.exists() else []


def _config_line(key: str, value: str, fmt: ConfigFormat, path: Path) -> bytes:
    try:
        return f'"{key}","{value}"'.encode(fmt.encoding) + fmt.newline
    except UnicodeEncodeError as exc:
        raise InstallError(
            f"{path}: {value} cannot be written in this computer's code page ({fmt.encoding}), "
            "which Excel reads the add-in's config in. Install OrderDesk's Python in a folder "
            "whose path has no such characters (e.g. C:\\OrderDesk\\venv) and run this again."
        ) from exc


def _write_config(path: Path, lines: list[bytes]) -> None:
    if not any(line.strip() for line in lines):
        path.unlink(missing_ok=True)
        return
    write_file(path, b"".join(lines))


def _not_here(verb: str) -> Outcome:
    return Outcome(
        f"Nothing to {verb} here: Excel runs on Windows or macOS. Run `orderdesk addin {verb}` "
        f"there (with OrderDesk installed), or copy {BUILT} to Excel's add-in folder by hand.",
        data={"addin": str(BUILT)},
    )


def install(
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    executable: str | None = None,
    source: Path = BUILT,
    code_page: str | None = None,
) -> Outcome:
    where = places(platform, home, env)
    if where is None:
        return _not_here("install")
    if not source.exists():
        raise InstallError(f"{source}: the built add-in is missing; run `orderdesk addin build`")
    fmt = config_format(platform or sys.platform, code_page)
    python = interpreter(executable or sys.executable, platform or sys.platform)
    ours = {where.interpreter_key: python, "UDF Modules": UDF_MODULES}
    added = [_config_line(k, v, fmt, where.config) for k, v in ours.items()]  # may refuse
    kept = [line for line in _lines(where.config) if _key(line) not in _lower(ours)]
    if kept and not kept[-1].endswith((b"\n", b"\r")):
        kept[-1] += fmt.newline
    try:
        write_file(where.addin, source.read_bytes())
    except PermissionError as exc:
        raise InstallError(
            f"{where.addin} is in use (Excel has it open): quit Excel and run this again"
        ) from exc
    _write_config(where.config, kept + added)
    return Outcome(
        f"installed the OrderDesk add-in for Excel: {where.addin}",
        details=[
            f"config: {where.config} ({where.interpreter_key} = {python})",
            "start Excel (quit it first if it is running): the OrderDesk tab appears",
        ],
        data={"addin": str(where.addin), "config": str(where.config), "interpreter": python},
    )


def uninstall(
    *, platform: str | None = None, home: Path | None = None, env: Mapping[str, str] | None = None
) -> Outcome:
    where = places(platform, home, env)
    if where is None:
        return _not_here("uninstall")
    removed = []
    if where.addin.exists():
        try:
            where.addin.unlink()
        except PermissionError as exc:
            raise InstallError(
                f"{where.addin} is in use (Excel has it open): quit Excel and run this again"
            ) from exc
        removed.append(str(where.addin))
    lines = _lines(where.config)
    ours = _lower({where.interpreter_key: "", "UDF Modules": ""})
    kept = [line for line in lines if _key(line) not in ours]
    if len(kept) != len(lines):
        _write_config(where.config, kept)
        gone = not where.config.exists()
        removed.append(f"{where.config} ({'emptied and removed' if gone else 'our keys'})")
    if not removed:
        return Outcome("the OrderDesk add-in was not installed; nothing removed")
    return Outcome("removed the OrderDesk add-in", details=removed, data={"removed": removed})


def _lower(keys: Mapping[str, str]) -> set[str]:
    return {k.lower() for k in keys}
