"""Registers for a newcomer's mistakes: a small sample, an empty one, and damaged copies.

Each damage is done with openpyxl, as a person would do it in Excel: a sheet deleted, a column
deleted, a header cell cleared. Nothing here is written outside pytest's temporary folders.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from orderdesk.actions.register import new_register
from orderdesk.adapters.pdf import cache_dir
from orderdesk.sample import SAMPLE_AS_OF
from tests.once import once_per_run

SAMPLE_ORDERS, SAMPLE_SEED = 30, 5


@pytest.fixture(autouse=True)
def _quiet_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today pinned to the sample's day; OrderDesk's files outside the workbook (journals, the
    font cache, the add-in's home) go to this test's folder; no carrier or bank keys."""
    monkeypatch.setenv("ORDERDESK_TODAY", SAMPLE_AS_OF.isoformat())
    # The font cache stays where it is (building it again per test costs seconds); the rest,
    # the user's home included (`addin install` writes there on Windows and macOS), goes here.
    monkeypatch.setenv("ORDERDESK_CACHE", str(cache_dir()))
    outside = tmp_path / "_outside"
    for var, sub in (
        ("ORDERDESK_HOME", "orderdesk"),
        ("ORDERDESK_JOURNAL_DIR", "journals"),
        ("XDG_STATE_HOME", "state"),
        ("HOME", "home"),
        ("USERPROFILE", "home"),
        ("APPDATA", "appdata"),
        ("LOCALAPPDATA", "localappdata"),
    ):
        monkeypatch.setenv(var, str(outside / sub))
    for var in ("ORDERDESK_MAEU_KEY", "ORDERDESK_MSCU_KEY", "ORDERDESK_HLCU_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("ORDERDESK_DHL_KEY", raising=False)


@pytest.fixture(scope="session")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small sample, written once per test run (each test copies it)."""

    def write(folder: Path) -> Path:
        new_register(folder / "Sample.xlsx", sample_orders=SAMPLE_ORDERS, seed=SAMPLE_SEED)
        return folder / "Sample.xlsx"

    return once_per_run(tmp_path_factory, "newcomer-sample", write)


@pytest.fixture(scope="session")
def _empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def write(folder: Path) -> Path:
        new_register(folder / "Empty.xlsx")
        return folder / "Empty.xlsx"

    return once_per_run(tmp_path_factory, "newcomer-empty", write)


@pytest.fixture
def sample(_sample: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of the small sample register, under the given file name."""

    def copy(name: str = "Register.xlsx") -> Path:
        return Path(shutil.copy(_sample, tmp_path / name))

    return copy


@pytest.fixture
def empty(_empty: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(_empty, tmp_path / "Empty.xlsx"))


# --- damage, as done by hand in Excel ----------------------------------------------------------


def _edit(path: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _column(ws: Any, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def delete_column(path: Path, sheet: str, header: str) -> Path:
    """The column deleted (its Excel table goes too: openpyxl would not shrink it)."""

    def change(wb: Any) -> None:
        ws = wb[sheet]
        for name in list(ws.tables):
            del ws.tables[name]
        ws.delete_cols(_column(ws, header))

    return _edit(path, change)


def clear_header(path: Path, sheet: str, header: str) -> Path:
    def change(wb: Any) -> None:
        ws = wb[sheet]
        ws.cell(row=1, column=_column(ws, header)).value = None

    return _edit(path, change)


def delete_sheet(path: Path, sheet: str) -> Path:
    def change(wb: Any) -> None:
        del wb[sheet]

    return _edit(path, change)


def not_a_register(path: Path) -> Path:
    """Someone's price list: one sheet, a header row and two rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Prices"
    for row in (["SKU", "Description", "Price"], ["HW-1", "Hinge", 1.2], ["HW-2", "Bolt", 0.3]):
        ws.append(row)
    wb.save(path)
    return path
