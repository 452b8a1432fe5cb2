"""OrderDesk's own sheets written straight as XML (`adapters/owned_xml.py`) against the same
sheet drawn by openpyxl (the openpyxl writer, the oracle): everything a user sees is the same
— values, number formats, fonts, fills, alignment, row heights, widths, frozen header, tables,
print titles, area, breaks, orientation and footer — and LibreOffice opens and prints it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from orderdesk.adapters import owned_xml
from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import Block, SheetContent
from orderdesk.schema import LCDiscrepancies
from tests.libreoffice import convert, needs_soffice, recalculated
from tests.register.compare import assert_same_workbook

SHEET = LCDiscrepancies.sheet


def _content(mark: str = "FFC7CE") -> SheetContent:
    n = 40  # over a page: its header repeats, and as the second block it starts a page
    findings = pd.DataFrame(
        {
            "Order": [f"SO-{i:03d}" for i in range(n)],
            "Due": [dt.date(2026, 5, 1) + dt.timedelta(days=i) for i in range(n)],
            "At": [dt.datetime(2026, 5, 1, 9, 30)] * n,
            "Amount": [1234.5 + i for i in range(n)],
            "Share": [0.25] * n,
            "Why": ["a long reason that wraps over several lines in its narrow column " * (i % 3)
                    for i in range(n)],
            "Text": ["=not a formula", "#N/A", "tab\there", "ctrl\x07"] + ["plain"] * (n - 4),
        }
    )  # fmt: skip
    summary = pd.DataFrame({"Measure": ["Count", "Share"], "Value": [3, 0.5]})
    return SheetContent(
        SHEET,
        [
            Block(
                "tblOwnedA",
                summary,
                title="Summary",
                cell_formats={(1, "Value"): "0.0%"},
            ),
            Block(
                "tblOwnedB",
                findings,
                title="Findings",
                formats={"Amount": "#,##0.00", "Share": "0%"},
                widths={"Why": 20, "Order": 13},
            ),
        ],
        heading="A heading",
        notes=["first note", "second note"],
        marks={"A9": mark, "B12": "FFEB9C"},
    )


def _saved(path: Path, out: Path, writer: str, content: SheetContent) -> Path:
    reg = FileRegister(path)
    reg.write_sheet(content)
    reg.write_to(out, writer)
    reg.close()
    return out


def _look(path: Path) -> dict[str, Any]:
    """The sheet as a user sees it, through openpyxl: every cell's value and style, the rows'
    heights, the columns' widths, and how it prints."""
    ws = openpyxl.load_workbook(path)[SHEET]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            f, a = c.font, c.alignment
            cells[c.coordinate] = (
                c.value if not isinstance(c.value, float) else round(c.value, 9),
                c.number_format,
                (bool(f.b), bool(f.i), f.color.rgb if f.color is not None else None, f.sz),
                (c.fill.fill_type, c.fill.fgColor.rgb) if c.fill.fill_type else None,
                (bool(a.wrap_text), a.vertical),
                bool(c.quotePrefix),
            )
    return {
        "cells": cells,
        "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
        "freeze": ws.freeze_panes,
        "titles": ws.print_title_rows,
        "area": ws.print_area,
        "breaks": [b.id for b in ws.row_breaks.brk],
        "page": (
            ws.page_setup.orientation,
            ws.page_setup.paperSize,
            ws.page_setup.fitToWidth,
            ws.page_setup.fitToHeight,
            ws.page_setup.pageOrder,
            round(ws.page_margins.left, 6),
            ws.oddFooter.center.text,
        ),
        "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
    }


def test_streamed_sheet_looks_as_openpyxl_draws_it(make_register: Any, tmp_path: Path) -> None:
    path = make_register()
    content = _content()
    assert owned_xml.streamable(content)
    parts = _saved(path, tmp_path / "parts.xlsx", "parts", content)
    oracle = _saved(path, tmp_path / "oracle.xlsx", "openpyxl", content)
    got, want = _look(parts), _look(oracle)
    assert got == want
    # what the comparison covers is there to compare
    assert want["titles"] == "$12:$12" and want["breaks"] == [10] and want["freeze"] is None
    assert any(h > 15 for h in want["heights"].values())
    assert want["cells"]["A9"][3] == ("solid", "00FFC7CE")
    assert want["cells"]["A1"][2][3] == 13  # the heading's size
    assert_same_workbook(parts, oracle)


def test_the_comparison_sees_a_different_sheet(make_register: Any, tmp_path: Path) -> None:
    """A negative case: a mark of another colour is told apart."""
    path = make_register()
    parts = _saved(path, tmp_path / "parts.xlsx", "parts", _content())
    other = _saved(path, tmp_path / "other.xlsx", "openpyxl", _content(mark="DDEBF7"))
    assert _look(parts)["cells"]["A9"] != _look(other)["cells"]["A9"]
    with pytest.raises(AssertionError):
        assert_same_workbook(parts, other)


def test_a_sheet_with_only_one_block_freezes_its_header(make_register: Any, tmp_path: Path) -> None:
    path = make_register()
    content = SheetContent(SHEET, [Block("tblOne", pd.DataFrame({"Order": ["SO-1", "SO-2"]}))])
    parts = _saved(path, tmp_path / "parts.xlsx", "parts", content)
    oracle = _saved(path, tmp_path / "oracle.xlsx", "openpyxl", content)
    assert _look(parts) == _look(oracle)
    assert _look(parts)["freeze"] == "A2"


@needs_soffice
def test_libreoffice_opens_and_prints_the_streamed_sheet(
    make_register: Any, tmp_path: Path
) -> None:
    path = make_register()
    parts = _saved(path, tmp_path / "parts.xlsx", "parts", _content())
    ws = openpyxl.load_workbook(recalculated(parts, tmp_path / "lo"))[SHEET]
    assert ws["A1"].value == "A heading"
    assert [c.value for c in ws[12][:2]] == ["Order", "Due"]  # the findings' header row
    assert ws["A52"].value == "SO-039" and ws["D52"].value == 1273.5
    assert ws["G13"].value == "=not a formula"  # text kept text
    pages = [p.extract_text() for p in PdfReader(convert(parts, "pdf", tmp_path / "pdf")).pages]
    mine = [t for t in pages if f"{SHEET} · page" in t]
    assert mine and "A heading" in mine[0]
    assert any("SO-039" in t for t in mine)
    assert all("Order" in t for t in mine[1:])  # the findings' header on each of their pages
