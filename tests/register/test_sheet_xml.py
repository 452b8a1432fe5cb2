"""The streamed sheet rewrite: an edited row patched in place (cells that name themselves) and
taken apart cell by cell (cells that do not) give the same cells, as python-calamine reads them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from orderdesk.adapters import sheet_xml

PART = "xl/worksheets/sheet1.xml"


def _workbook(tmp_path: Path) -> Path:
    """Rows 2-40 of A…F, a gap in column C of every third row, nothing in rows 10-12."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Key", "Amount", "Note", "Qty", "When", "Last"])
    for r in range(2, 41):
        if 10 <= r <= 12:
            continue
        for c in range(1, 7):
            if c == 3 and r % 3 == 0:
                continue
            ws.cell(r, c, f"r{r}c{c}" if c != 2 else r * 1.5)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def _patched(path: Path, tmp_path: Path, patch: sheet_xml.SheetPatch, name: str) -> Path:
    """The workbook with its sheet part rewritten by `patch` (every other part as it was)."""
    out = tmp_path / name
    with zipfile.ZipFile(path) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == PART:
                buf = io.BytesIO()
                sheet_xml.rewrite(io.BytesIO(data).read, buf.write, patch)
                data = buf.getvalue()
            dst.writestr(info, data)
    return out


def _cells(path: Path) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)


EDITS = {
    (2, 2): 99.5,  # a number replaced
    (3, 3): "new in a gap",  # a cell the row lacks, between two it has
    (4, 8): "past the row's end",  # after its last cell
    (5, 1): None,  # a cell emptied
    (11, 2): 7,  # a row the sheet lacks, among rows it has
    (45, 1): "appended",  # past the last row
    (6, 3): "C6",
    (6, 4): "D6",  # two edits in one row
}


def _patch(**kw: Any) -> sheet_xml.SheetPatch:
    return sheet_xml.SheetPatch.of(
        dict(EDITS), {(7, 2)}, lambda s, cell: 1 if cell == (7, 2) else s, **kw
    )


@pytest.mark.parametrize("drop_refs", [False, True])
def test_rows_patched_in_place_read_as_rows_taken_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drop_refs: bool
) -> None:
    path = _workbook(tmp_path)
    if drop_refs:  # cells without r=: every edited row goes the cell-by-cell way
        with zipfile.ZipFile(path) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
        parts[PART] = parts[PART].replace(b'<c r="A', b'<c t="n" r="A')
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
    fast = _cells(_patched(path, tmp_path, _patch(), "fast.xlsx"))
    monkeypatch.setattr(sheet_xml._Rows, "_row_in_place", lambda *a: None)
    slow = _cells(_patched(path, tmp_path, _patch(), "slow.xlsx"))
    assert fast == slow
    before = _cells(path)
    for (r, c), value in EDITS.items():
        got = fast[r - 1][c - 1]
        assert got == ("" if value is None else value), (r, c, got)
    changed = {
        (r, c)
        for r in range(1, len(fast) + 1)
        for c in range(1, len(fast[0]) + 1)
        if (before[r - 1][c - 1] if r <= len(before) and c <= len(before[0]) else "")
        != fast[r - 1][c - 1]
    }
    assert changed == {cell for cell, v in EDITS.items() if v is not None} | {(5, 1)}


def test_the_comparison_sees_a_cell_found_in_the_wrong_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: an in-place patch that took the cell to the right of the
    edited one for it is read differently."""
    path = _workbook(tmp_path)
    slow_path = _patched(path, tmp_path, _patch(), "slow0.xlsx")
    original = sheet_xml._Rows._find_cell

    def neighbour(self: Any, inner: bytes, col: int, row: int) -> Any:
        return original(self, inner, col + 1, row)

    monkeypatch.setattr(sheet_xml._Rows, "_find_cell", neighbour)
    assert _cells(_patched(path, tmp_path, _patch(), "wrong.xlsx")) != _cells(slow_path)


def test_the_skip_finds_a_row_whose_number_is_not_first(tmp_path: Path) -> None:
    """A row whose r= is not its first attribute is not found by its start tag: it is still
    patched (the rows are then looked at one by one)."""
    path = _workbook(tmp_path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[PART] = parts[PART].replace(b'<row r="20"', b'<row spans="1:6" r="20"')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    patch = sheet_xml.SheetPatch.of({(20, 2): 1.25, (30, 1): "x"}, set(), None)
    got = _cells(_patched(path, tmp_path, patch, "out.xlsx"))
    assert got[19][1] == 1.25 and got[29][0] == "x"
    assert got[20][1] == 21 * 1.5  # the row after it as it was
