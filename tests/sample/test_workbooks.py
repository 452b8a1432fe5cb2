"""The committed workbooks are what the generator writes, and LibreOffice opens them as a register:
every sheet, table and dropdown, the values where they belong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from orderdesk.sample import workbooks
from orderdesk.schema import (
    LISTS_SHEET,
    SHEET_ORDER,
    Customers,
    Lists,
    Orders,
    tables,
)
from tests.libreoffice import convert, needs_soffice
from tests.sample.conftest import Written

COMMITTED = Path(__file__).resolve().parents[2] / "workbook"
HINT = "run `make workbooks` and commit workbook/"


def _values(path: Path) -> dict[str, list[list[Any]]]:
    """Every cell value of every sheet, hidden ones included, as a reader sees them."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _same(committed: Path, fresh: Path) -> None:
    old, new = _values(committed), _values(fresh)
    assert list(old) == list(new), f"{committed.name}: sheets differ; {HINT}"
    for sheet in new:
        if old[sheet] != new[sheet]:
            pairs = zip(old[sheet], new[sheet], strict=False)
            rows = [i + 1 for i, (a, b) in enumerate(pairs) if a != b]
            pytest.fail(
                f"{committed.name}, sheet {sheet}: {len(old[sheet])} rows committed, "
                f"{len(new[sheet])} generated; first differing rows {rows[:5]}; {HINT}"
            )


def test_committed_sample_register_is_what_the_generator_writes(sample300: Written) -> None:
    assert (workbooks.SAMPLE_ORDERS, workbooks.SAMPLE_SEED) == (300, 1)
    _same(COMMITTED / workbooks.SAMPLE, sample300.path)


def test_committed_template_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = tmp_path / workbooks.TEMPLATE
    workbooks.template_workbook().save(fresh)
    _same(COMMITTED / workbooks.TEMPLATE, fresh)
    orders = _values(fresh)[Orders.sheet]
    assert orders[0][0] == Orders.order_id
    assert all(v == "" for row in orders[1:] for v in row)  # no orders in the template


def test_make_workbooks_writes_both(tmp_path: Path) -> None:
    written = workbooks.write(tmp_path)
    assert [p.name for p in written] == [
        workbooks.TEMPLATE,
        f".{workbooks.TEMPLATE}.orderdesk-journal.json",  # each with its approval journal
        workbooks.SAMPLE,
        f".{workbooks.SAMPLE}.orderdesk-journal.json",
    ]
    assert not (tmp_path / "OrderDesk backups").exists()
    first = [p.read_bytes() for p in written]
    written = workbooks.write(tmp_path)  # again over the files: no backups pile up in the repo
    assert not (tmp_path / "OrderDesk backups").exists()
    assert [p.read_bytes() for p in written] == first  # and git sees no change


@needs_soffice
def test_libreoffice_opens_the_sample_as_a_register(tmp_path: Path) -> None:
    again = convert(COMMITTED / workbooks.SAMPLE, "xlsx", tmp_path / "lo")
    book = load_workbook(again)
    assert list(SHEET_ORDER) == [s for s in book.sheetnames if s in SHEET_ORDER]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    found = {name for ws in book.worksheets for name in ws.tables}
    assert {t.table_name for t in tables() if not t.owned_sheet} <= found
    orders = book[Orders.sheet]
    header = [c.value for c in orders[1]]
    assert header[: len(Orders.columns())] == [str(c) for c in Orders.columns()]
    assert orders["A2"].value == "SO-2025-0001"
    stage = header.index(str(Orders.stage)) + 1
    dropdowns = [dv for dv in orders.data_validations.dataValidation if dv.type == "list"]
    assert any(Lists.STAGES.defined_name in (dv.formula1 or "") for dv in dropdowns)
    stage_letter = orders.cell(row=1, column=stage).column_letter
    assert any(stage_letter in str(dv.sqref) for dv in dropdowns)
    assert Lists.STAGES.defined_name in book.defined_names
    # Scripts survive the round trip.
    names = [c.value for c in book[Customers.sheet]["B"]][1:]
    assert "株式会社サクラ商事" in names and "مؤسسة النخبة للتجارة العامة" in names


@needs_soffice
def test_orders_sheet_prints_with_its_values(tmp_path: Path) -> None:
    """The Orders sheet as LibreOffice renders it (to PDF) shows the orders, CJK included."""
    book = load_workbook(COMMITTED / workbooks.SAMPLE)
    # The other sheets deleted, not hidden: LibreOffice's time is the size of the file it opens
    # (the whole sample: 11 s of CPU; the Orders sheet alone: 2 s), and the page is the same.
    for ws in book.worksheets:
        if ws.title != Orders.sheet:
            del book[ws.title]
    for name in list(book.defined_names):  # the dropdowns' lists, on a deleted sheet
        del book.defined_names[name]
    ws = book[Orders.sheet]
    book.active = book.sheetnames.index(Orders.sheet)
    ws.print_area = "A1:N40"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
    page = tmp_path / "orders.xlsx"
    book.save(page)
    text = PdfReader(convert(page, "pdf", tmp_path / "pdf")).pages[0].extract_text()
    for expected in ("Order ID", "SO-2025-0001", "SO-2025-0039", "closed", "TT30-70 BL"):
        assert expected in text
