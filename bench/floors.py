"""Honest floors for the register benches: what reading and writing the same cells costs with
the fastest tools we did not write, measured in the same run as the action.

- read floor: python-calamine's raw read (`to_python`) of exactly the sheets the action read;
- write floor: rustpy-xlsxwriter (Rust) writing the cells of exactly the sheets the action's save
  rewrote (found by comparing the workbook's parts before and after), into a new file.

An action's end-to-end time (open, read, work, save) is then reported as a ratio to
read floor + write floor. Shared by bench/register_io.py and bench/validate.py.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"


def today() -> None:
    """Run as of the sample's day (as the demo does), so late, due and at risk read alike."""
    from orderdesk.sample import SAMPLE_AS_OF

    os.environ.setdefault("ORDERDESK_TODAY", SAMPLE_AS_OF.isoformat())


def register(orders: int, seed: int = 1) -> Path:
    """The sample register of `orders` orders, generated once into build/bench/ and reused."""
    path = BUILD / str(orders) / f"register-{orders}.xlsx"  # its statements beside it
    if not path.exists():
        from orderdesk.actions.register import new_register

        t0 = time.perf_counter()
        new_register(path, sample_orders=orders, seed=seed, force=True)
        print(f"generated {path.name} in {time.perf_counter() - t0:.0f} s", flush=True)
    return path


def sheet_crcs(path: Path) -> dict[str, int]:
    """Sheet name → CRC of its worksheet part."""
    from orderdesk.adapters.parts import Package, Workbook

    with zipfile.ZipFile(path) as zf:
        sheets = Workbook(Package(zf)).sheets()
        return {
            name: zf.getinfo(part).CRC for name, part in sheets.items() if part in zf.NameToInfo
        }


def rewritten(before: Path, after: Path) -> list[str]:
    """The sheets whose part the save changed or added."""
    old, new = sheet_crcs(before), sheet_crcs(after)
    return [name for name, crc in new.items() if old.get(name) != crc]


def read_floor(path: Path, sheets: list[str]) -> float:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(path))
    for name in sheets:
        if name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - t0


def write_floor(path: Path, sheets: list[str]) -> float:
    """rustpy-xlsxwriter writing the cells these sheets hold in `path` (read beforehand, not
    timed), header row as its header."""
    from python_calamine import CalamineWorkbook
    from rustpy_xlsxwriter import FastExcel

    wb = CalamineWorkbook.from_path(str(path))
    frames = []
    for name in sheets:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows:
            continue
        width = max(len(r) for r in rows)
        header = [f"c{j}" for j in range(width)]
        records = [dict(zip(header, r, strict=False)) for r in rows]
        frames.append((name[:31], records))
    if not frames:  # the save rewrote no sheet (only bookkeeping or nothing): nothing to write
        return 0.0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "floor.xlsx"
        t0 = time.perf_counter()
        book = FastExcel(str(out))
        for name, records in frames:
            book = book.sheet(name, records)
        book.save()
        return time.perf_counter() - t0


# --- one action in a process of its own (its time, the sheets it read, its peak memory) -------


def child(action: str, path: Path) -> dict[str, Any]:
    """Run `action` on `path` in this process; what the parent needs to know, as a dict."""
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.cli import load_commands, main

    load_commands()  # imports are not the action's time
    read: list[str] = []
    typed = [0.0]
    grid = FileRegister._grid
    reading = FileRegister.read

    def recording_grid(self: FileRegister, sheet: str) -> Any:
        if sheet not in self._grids and sheet not in read:
            read.append(sheet)
        return grid(self, sheet)

    def timed_read(self: FileRegister, table: Any, **options: Any) -> Any:
        depth = getattr(self, "_bench_depth", 0)
        self._bench_depth = depth + 1  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        try:
            return reading(self, table, **options)
        finally:
            self._bench_depth = depth  # type: ignore[attr-defined]
            if depth == 0:
                typed[0] += time.perf_counter() - t0

    FileRegister._grid = recording_grid  # type: ignore[method-assign]
    FileRegister.read = timed_read  # type: ignore[method-assign]
    argv = ACTIONS[action](path)
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            code = main(argv)
        finally:
            sys.stdout = stdout
    took = time.perf_counter() - t0
    return {
        "code": code,
        "seconds": took,
        "typed_read": typed[0],
        "read": read,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _bank(path: Path) -> list[str]:
    statements = sorted(path.parent.glob("statement*"))
    args = ["sync", "bank", str(path)]
    for s in statements:
        args += ["--statement", str(s)]
    return args


ACTIONS: dict[str, Callable[[Path], list[str]]] = {
    "validate": lambda p: ["validate", str(p)],
    "kpi": lambda p: ["kpi", str(p)],
    "suppliers score": lambda p: ["suppliers", "score", str(p)],
    "sync bank": _bank,
}


def run_action(action: str, register_path: Path, work: Path) -> dict[str, Any]:
    """Copy the register (and the files beside it) to `work`, run the action there in a child
    process, and measure its floor: a dict of figures."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / register_path.name
    shutil.copyfile(register_path, path)
    for extra in register_path.parent.glob("statement*"):
        shutil.copyfile(extra, work / extra.name)
    journal = register_path.with_name(f".{register_path.name}.orderdesk-journal.json")
    if journal.exists():
        shutil.copyfile(journal, work / journal.name)
    before = work / "before.xlsx"
    shutil.copyfile(path, before)
    proc = subprocess.run(
        [sys.executable, __file__, action, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"{action} failed:\n{proc.stdout}\n{proc.stderr}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    if got["code"] == 3:  # the action failed as a bug: its time would mean nothing
        raise SystemExit(f"{action} failed:\n{proc.stdout}\n{proc.stderr}")
    got["rewritten"] = rewritten(before, path)
    got["read_floor"] = read_floor(before, got["read"])
    got["write_floor"] = write_floor(path, got["rewritten"])
    got["floor"] = got["read_floor"] + got["write_floor"]
    got["ratio"] = got["seconds"] / got["floor"] if got["floor"] else float("nan")
    return got


if __name__ == "__main__":  # the child: python bench/floors.py ACTION PATH
    sys.path.insert(0, str(ROOT))
    print(json.dumps(child(sys.argv[1], Path(sys.argv[2]))))
