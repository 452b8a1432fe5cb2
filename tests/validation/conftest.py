"""Helpers for the validation tests: a correct register to break, and its findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.actions.orders import check_register
from orderdesk.adapters.file_register import FileRegister
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.domain.validation import Finding
from orderdesk.ports import Register
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


@pytest.fixture
def broken_in_memory(
    memory_register: Callable[..., MemoryRegister],
) -> Callable[[Callable[[Tables], Any]], MemoryRegister]:
    """`broken` without the workbook file, for the rules (the file is tested by the actions)."""

    def make(change: Callable[[Tables], Any], name: str = "Register.xlsx") -> MemoryRegister:
        tables = clean()
        change(tables)
        return memory_register(tables, name=name)

    return make


def findings(register: Path | Register) -> list[Finding]:
    """What Validate finds in a register (a workbook read through the file adapter, as the CLI
    does, or an in-memory one)."""
    reg = FileRegister(register) if isinstance(register, Path) else register
    return check_register(reg).findings


def where(f: Finding) -> tuple[str, str, int, str, str]:
    """(rule, sheet, row, column letter, header): what a user looks for."""
    return (f.rule, f.cell.sheet, f.cell.row, f.cell.letter, f.cell.column)
