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
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orderdesk.actions.base import Outcome
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.ports import RegisterError

from .build import BUILT, CONFIG, PROJECT_NAME

ADDIN_FILE = f"{PROJECT_NAME}.xlam"
UDF_MODULES = dict(CONFIG)["UDF Modules"]


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


def _read_config(path: Path) -> list[tuple[str, str]]:
    """xlwings' config format: one "KEY","VALUE" per line."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        key, _, value = line.partition(",")
        out.append((key.strip().strip('"'), value.strip().strip('"')))
    return out


def _write_config(path: Path, items: list[tuple[str, str]]) -> None:
    if not items:
        path.unlink(missing_ok=True)
        return
    write_file(path, "".join(f'"{k}","{v}"\n' for k, v in items))


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
) -> Outcome:
    where = places(platform, home, env)
    if where is None:
        return _not_here("install")
    if not source.exists():
        raise RegisterError(f"{source}: the built add-in is missing; run `orderdesk addin build`")
    try:
        write_file(where.addin, source.read_bytes())
    except PermissionError as exc:
        raise RegisterError(
            f"{where.addin} is in use (Excel has it open): quit Excel and run this again"
        ) from exc
    python = interpreter(executable or sys.executable, platform or sys.platform)
    ours = {where.interpreter_key: python, "UDF Modules": UDF_MODULES}
    kept = [(k, v) for k, v in _read_config(where.config) if k.lower() not in _lower(ours)]
    _write_config(where.config, kept + list(ours.items()))
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
            raise RegisterError(
                f"{where.addin} is in use (Excel has it open): quit Excel and run this again"
            ) from exc
        removed.append(str(where.addin))
    items = _read_config(where.config)
    ours = _lower({where.interpreter_key: "", "UDF Modules": ""})
    kept = [(k, v) for k, v in items if k.lower() not in ours]
    if len(kept) != len(items):
        _write_config(where.config, kept)
        removed.append(f"{where.config} ({'emptied and removed' if not kept else 'our keys'})")
    if not removed:
        return Outcome("the OrderDesk add-in was not installed; nothing removed")
    return Outcome("removed the OrderDesk add-in", details=removed, data={"removed": removed})


def _lower(keys: Mapping[str, str]) -> set[str]:
    return {k.lower() for k in keys}
