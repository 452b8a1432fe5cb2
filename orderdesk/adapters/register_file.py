"""A new register file: the template drawn by openpyxl, the large tables streamed into it.

openpyxl builds a cell object for every value and holds the whole workbook until it saves: a
20,000-order sample (7.9 million cells) takes many minutes and gigabytes. Here openpyxl draws
the register with its small tables only (every sheet, header, Excel Table, dropdown, hint,
format and the bookkeeping, as `xlsx.new_workbook` always has), and the part writer streams the
rows of each large table into its sheet, one row at a time, with the column's number format —
the table and its dropdowns grow over them. The workbook is the one openpyxl would write, cell
for cell (tests/register/test_register_file.py holds the two equal).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.adapters import parts, xlsx
from orderdesk.adapters.edits import TableGrowth
from orderdesk.adapters.grid import python_cell
from orderdesk.schema import Column, Table, placement, tables_on

BULK_ROWS = 1000  # a table with this many rows is streamed; smaller ones openpyxl writes

Data = Mapping[type[Table], pd.DataFrame | Sequence[Mapping[Column, Any]]]


def write_register(path: Path, data: Data, *, bulk_rows: int = BULK_ROWS) -> None:
    small: dict[type[Table], Any] = {}
    bulk: dict[str, parts.Bulk] = {}
    for table, rows in data.items():
        frame = xlsx._as_frame(table, rows)
        alone = tables_on(table.sheet) == (table,) and placement(table).header_row == 1
        if len(frame) >= bulk_rows and alone:
            bulk[table.sheet] = _bulk(table, frame)
        else:
            small[table] = rows
    book = xlsx.new_workbook(small, record=xlsx.approval_record(data))
    if not bulk:
        book.save(path)
        return
    template = io.BytesIO()
    book.save(template)
    template.seek(0)
    parts.PartWriter(template, parts.PartPlan(bulk=bulk)).write(path)


def _bulk(table: type[Table], frame: pd.DataFrame) -> parts.Bulk:
    place = placement(table)
    columns = []
    for j, col in enumerate(table.columns()):
        values = [_value(col, v) for v in frame[str(col)].tolist()]
        text = col.type in xlsx.TEXT_TYPES
        columns.append((place.first_col + j, values, xlsx.column_format(col), text))
    last_col = place.first_col + len(table.columns()) - 1
    growth = TableGrowth(
        table.table_name, place.header_row, place.first_col, last_col, place.header_row + len(frame)
    )
    return parts.Bulk(growth, columns, place.header_row + 1)


def _value(col: Column, value: Any) -> Any:
    """A value as `xlsx.write_rows` puts it into a cell (text made fit)."""
    v = python_cell(value)
    if v is None:
        return None
    v = xlsx.cell_value(col, v)
    if isinstance(v, str):
        v, _ = xlsx.fit_text(v)
    return v
