"""Reading what Score suppliers wrote, the way a person sees it: the saved workbook's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def table_rows(path: Path, sheet: str, table: str) -> list[dict[str, Any]]:
    """The rows of one Excel table (ListObject) on a sheet, as header → value dicts."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ref = ws.tables[table].ref
    cells = [[c.value for c in row] for row in ws[ref]]
    header, body = cells[0], cells[1:]
    rows = [dict(zip(header, r, strict=True)) for r in body]
    return [r for r in rows if any(v is not None for v in r.values())]


def sheet_values(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


def by_key(rows: list[dict[str, Any]], *cols: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[c] for c in cols): r for r in rows}
