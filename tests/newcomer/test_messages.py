"""Messages in the user's words (issue 23, item 11): a cell is named once, by its sheet, letter
and header, with the value as typed — never a Python repr, never "?" for a column letter."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from orderdesk.cli import main
from orderdesk.ports import CellRef
from tests.newcomer.conftest import delete_column


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    said = capsys.readouterr()
    return code, " ".join((said.out + said.err).split())


def _set(path: Path, sheet: str, header: str, row: int, value: object) -> str:
    """Type `value` into the column under `header`; returns the cell's address."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=col).value = value
    wb.save(path)
    return f"{openpyxl.utils.get_column_letter(col)}{row}"


def test_a_document_names_an_unreadable_quantity_as_typed_once(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = sample("Register.xlsx")
    ws = openpyxl.load_workbook(path, read_only=True)["OrderLines"]
    order = ws["A2"].value
    cell = _set(path, "OrderLines", "Qty", 2, "abc")
    code, said = _run(capsys, "docs", path, "--order", order, "--kind", "pi", "--out", tmp_path)
    assert code == 1
    line = f"{order} pi: not made: OrderLines!{cell} (Qty): 'abc' is not a number"
    assert said.count(line) == 1, said  # once, though the amount and the total both need it
    assert "blank" not in said and "nan" not in said


def test_a_statement_that_is_no_statement_is_quoted_as_text(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"Call Mr. Wang\r\n\x00\xff")
    code, said = _run(capsys, "sync", "bank", sample("Register.xlsx"), "--statement", notes)
    assert code == 2
    assert "neither a camt XML statement nor an MT940 file (it starts with 'Call Mr. Wang" in said
    assert "b'" not in said and "\\r" not in said


def test_a_kpi_band_names_its_cell_once(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = sample("Register.xlsx")
    cell = _set(path, "Settings", "Amber At", 2, "abc")
    code, said = _run(capsys, "kpi", path)
    assert code == 2
    assert f"Settings!{cell} (Amber At): 'abc' is not a number" in said
    assert said.count("Settings") == 1, said


def test_about_counts_one_problem_in_the_singular(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = delete_column(sample("Register.xlsx"), "Customers", "Country")
    code, said = _run(capsys, "about", path)
    assert code == 1 and re.search(r"(\d+) of \1 register tables found, 1 problem ", said)


def test_a_cell_in_a_column_the_sheet_lacks_is_named_by_row_and_header() -> None:
    assert str(CellRef("Orders", 114, "Deposit %", "?")) == (
        "Orders row 114 (no column 'Deposit %' in the sheet)"
    )
    assert str(CellRef("Orders", 114, "Deposit %", "K")) == "Orders!K114 (Deposit %)"
