"""A new register streamed (its large tables written row by row into openpyxl's template) is
the register openpyxl writes, cell for cell; its dropdowns reach the last row of a table longer
than VALIDATION_ROWS, and keep reaching it as rows are appended, with either writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from orderdesk.actions.register import register_tables
from orderdesk.adapters import register_file, xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.defaults import policy_rows
from orderdesk.schema import Orders
from tests.register.compare import assert_same_workbook


def test_a_streamed_register_is_the_register_openpyxl_writes(tmp_path: Path) -> None:
    data, _ = register_tables(40, 3)
    streamed, drawn = tmp_path / "streamed.xlsx", tmp_path / "openpyxl.xlsx"
    register_file.write_register(streamed, data, bulk_rows=1)  # every table it can stream
    xlsx.new_workbook(data).save(drawn)
    assert_same_workbook(streamed, drawn)
    orders = FileRegister(streamed).read(Orders)
    assert len(orders) == 40 and not orders.issues


def _dropdown_rows(path: Path, column: str) -> set[int]:
    """The rows of the Orders sheet whose Currency cell has the dropdown."""
    ws = openpyxl.load_workbook(path)[Orders.sheet]
    letter = next(c.column_letter for c in ws[1] if c.value == column)
    rows: set[int] = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_col <= openpyxl.utils.column_index_from_string(letter) <= rng.max_col:
                rows |= set(range(rng.min_row, rng.max_row + 1))
    return rows


ORDER = {Orders.customer: "CU-1", Orders.order_date: dt.date(2026, 3, 2), Orders.currency: "USD"}


@pytest.mark.parametrize("writer", ["parts", "openpyxl"])
def test_dropdowns_cover_a_table_as_it_grows(tmp_path: Path, monkeypatch, writer: str) -> None:
    monkeypatch.setattr(xlsx, "VALIDATION_ROWS", 5)  # 5 stands in for 20,000
    data = dict(policy_rows())
    data[Orders] = [{**ORDER, Orders.order_id: f"SO-{i}"} for i in range(8)]
    path = tmp_path / "r.xlsx"
    register_file.write_register(path, data, bulk_rows=4)
    assert _dropdown_rows(path, "Currency") == set(range(2, 10))  # down to row 9, not row 6
    reg = FileRegister(path, writer=writer)
    reg.append(Orders, [{**ORDER, Orders.order_id: f"SO-{i}"} for i in range(8, 12)])
    reg.save()
    assert _dropdown_rows(path, "Currency") == set(range(2, 14))  # and on to the new last row
    ws = openpyxl.load_workbook(path)[Orders.sheet]
    assert ws.tables[Orders.table_name].ref.endswith("13")
