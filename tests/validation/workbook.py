"""Reading back what Validate wrote, with openpyxl, the way a person looks at the sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from orderdesk.schema import Issues, Orders, Questions


def header_row(ws: Worksheet, first: str, *, start: int = 1) -> int:
    for row in range(start, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == first:
            return row
    raise AssertionError(f"{ws.title}: no header '{first}' in column A")


def block(ws: Worksheet, first_header: str, *, start: int = 1) -> list[dict[str, Any]]:
    """The rows of a table whose header row starts with `first_header` in column A."""
    top = header_row(ws, first_header, start=start)
    headers = []
    col = 1
    while ws.cell(row=top, column=col).value not in (None, ""):
        headers.append(ws.cell(row=top, column=col).value)
        col += 1
    rows = []
    r = top + 1
    while any(ws.cell(row=r, column=c).value not in (None, "") for c in range(1, len(headers) + 1)):
        rows.append({h: ws.cell(row=r, column=c).value for c, h in enumerate(headers, start=1)})
        r += 1
    return rows


def issues(path: Path) -> list[dict[str, Any]]:
    ws = load_workbook(path)[Issues.sheet]
    return block(ws, str(Issues.order_id))


def questions(path: Path) -> list[dict[str, Any]]:
    ws = load_workbook(path)[Issues.sheet]
    below = header_row(ws, str(Issues.order_id)) + 1
    # The questions block is the second table starting with "Order ID", under the findings.
    return block(ws, str(Questions.order_id), start=below)


def column_values(path: Path, sheet: str, header: str) -> dict[Any, Any]:
    """{Order ID: value} of one column of the Orders-like sheet."""
    ws = load_workbook(path)[sheet]
    headers = {ws.cell(row=1, column=c).value: c for c in range(1, ws.max_column + 1)}
    key, col = headers[str(Orders.order_id)], headers[header]
    return {
        ws.cell(row=r, column=key).value: ws.cell(row=r, column=col).value
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=key).value is not None
    }


def fill(path: Path, sheet: str, address: str) -> str | None:
    """The solid fill colour of a cell as RRGGBB, or None."""
    cell = load_workbook(path)[sheet][address]
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def cells(path: Path, sheets: list[str]) -> dict[tuple[str, str], Any]:
    """Every non-empty cell value of some sheets, by (sheet, address)."""
    wb = load_workbook(path)
    out = {}
    for name in sheets:
        for row in wb[name].iter_rows():
            for c in row:
                if c.value is not None:
                    out[(name, c.coordinate)] = c.value
    return out
