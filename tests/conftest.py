"""Shared fixtures: registers on disk, built from the schema."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from orderdesk.adapters import xlsx
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.schema import Column, Table

Rows = Sequence[Mapping[Column, Any]]


@pytest.fixture
def make_register(tmp_path: Path) -> Callable[..., Path]:
    """Write a register with the default policy plus the given rows; returns its path.

    make_register({Orders: [{Orders.order_id: "SO-1", ...}], Customers: [...]}, name="r.xlsx")
    """

    def make(data: Mapping[type[Table], Rows] | None = None, name: str = "Register.xlsx") -> Path:
        tables: dict[type[Table], Any] = dict(policy_rows())
        tables.update(data or {})
        path = tmp_path / name
        xlsx.new_workbook(tables).save(path)
        return path

    return make


@pytest.fixture
def memory_register() -> Callable[..., MemoryRegister]:
    """`make_register`'s twin without a file, for tests of rules and actions rather than of the
    workbook format: the same tables (default policy plus the given rows), read the same way.

    memory_register({Orders: [...]}, name="r.xlsx", selection=..., user=...)
    """

    def make(
        data: Mapping[type[Table], Rows] | None = None, name: str = "Register.xlsx", **kw: Any
    ) -> MemoryRegister:
        tables: dict[type[Table], Any] = dict(policy_rows())
        tables.update(data or {})
        return MemoryRegister(tables, source=f"memory:{name}", **kw)

    return make
