"""Reading a saved register back as a person would see it: openpyxl on the file, no OrderDesk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from orderdesk.schema import Table, placement


def rows(path: Path, table: type[Table]) -> list[dict[str, Any]]:
    """The table's rows as {header: cell value}, read with openpyxl (formulas as written)."""
    wb = load_workbook(path)
    ws = wb[table.sheet]
    c0 = placement(table).first_col
    width = len(table.columns())
    header = [ws.cell(row=1, column=c0 + j).value for j in range(width)]
    out = []
    for r in range(2, ws.max_row + 1):
        values = [ws.cell(row=r, column=c0 + j).value for j in range(width)]
        if any(v not in (None, "") for v in values):
            out.append(dict(zip(header, values, strict=True)))
    return out


def by_key(path: Path, table: type[Table], key: str) -> dict[str, dict[str, Any]]:
    return {str(r[key]): r for r in rows(path, table)}


def cell(path: Path, table: type[Table], key_column: str, key: str, column: str) -> Any:
    """The openpyxl cell (value, data type, style) of one row and column."""
    wb = load_workbook(path)
    ws = wb[table.sheet]
    c0 = placement(table).first_col
    header = [ws.cell(row=1, column=c0 + j).value for j in range(len(table.columns()))]
    kc, vc = header.index(key_column), header.index(column)
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=c0 + kc).value == key:
            return ws.cell(row=r, column=c0 + vc)
    raise KeyError(key)
