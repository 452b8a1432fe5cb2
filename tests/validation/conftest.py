"""Helpers for the validation tests: a correct register to break, and its findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.actions.orders import check_register
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.validation import Finding
from tests.validation.registers import clean

Tables = dict[Any, list[dict[Any, Any]]]


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-03-10")


@pytest.fixture
def broken(make_register: Callable[..., Path]) -> Callable[[Callable[[Tables], Any]], Path]:
    """A register made from the correct rows after `change(tables)` has broken something."""

    def make(change: Callable[[Tables], Any], name: str = "Register.xlsx") -> Path:
        tables = clean()
        change(tables)
        return make_register(tables, name=name)

    return make


def findings(path: Path) -> list[Finding]:
    """What Validate finds in a workbook (read through the file adapter, as the CLI does)."""
    return check_register(FileRegister(path)).findings


def where(f: Finding) -> tuple[str, str, int, str, str]:
    """(rule, sheet, row, column letter, header): what a user looks for."""
    return (f.rule, f.cell.sheet, f.cell.row, f.cell.letter, f.cell.column)
