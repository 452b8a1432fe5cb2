"""The Pivots sheet (issue 25): real PivotTables over the register's own tables.

Read back by readers we did not write: LibreOffice opens the refreshed sample register and
exports it as ODF, where each PivotTable is a DataPilot table with its source range and fields,
and its output cells are what LibreOffice computed from the tables; openpyxl loads the workbook
and parses the pivot parts. Their totals are compared with the KPI sheet's own tables.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from orderdesk.actions.pivots import PIVOTS_SHEET
from orderdesk.actions.register import new_register
from orderdesk.cli import main
from orderdesk.sample.statements import CAMT_FILE
from orderdesk.schema import KPI, Invoices, OrderLines, Orders, Quotes
from tests.libreoffice import convert, needs_soffice
from tests.suppliers.sheet import table_rows

TODAY = "2026-11-30"
NAMES = ["ptProfitByCustomer", "ptSupplierOnTime", "ptReceivables", "ptPipeline", "ptQuotes"]
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _run(*args: str) -> None:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    assert code in (0, 1, None), f"{args}: exit {code}"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample register after Refresh KPIs (`orderdesk kpi`)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ORDERDESK_TODAY", TODAY)
    path = tmp_path_factory.mktemp("pivots") / "SampleRegister.xlsx"
    new_register(path, sample_orders=80, seed=3)
    _run("kpi", str(path))
    yield path
    mp.undo()


def _parts(path: Path, prefix: tuple[str, ...] = ("xl/pivot",)) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith(prefix)}


def test_openpyxl_loads_the_workbook_and_its_five_pivot_tables(refreshed: Path) -> None:
    wb = load_workbook(refreshed)
    assert PIVOTS_SHEET in wb.sheetnames
    assert wb.sheetnames.index(PIVOTS_SHEET) == wb.sheetnames.index(KPI.sheet) + 1
    pivots = {p.name: p for p in wb[PIVOTS_SHEET]._pivots}
    assert sorted(pivots) == sorted(NAMES)
    profit = pivots["ptProfitByCustomer"]
    source = profit.cache.cacheSource.worksheetSource
    assert source.name == Orders.table_name and source.ref is None  # the table, by name
    assert profit.cache.refreshOnLoad
    fields = [f.name for f in profit.cache.cacheFields]
    assert fields == [c.value for c in wb[Orders.sheet][1] if c.value is not None]
    assert [fields[f.x] for f in profit.rowFields] == [Orders.customer]
    assert [fields[f.fld] for f in profit.pageFields] == [Orders.customer_country]
    assert [fields[f.fld] for f in profit.dataFields] == [
        Orders.gross_profit_base,
        Orders.order_value_base,
    ]


def test_a_second_refresh_leaves_the_pivots_as_they_are(refreshed: Path, tmp_path: Path) -> None:
    before = _parts(refreshed)
    assert len([n for n in before if n.startswith("xl/pivotTables/pivotTable")]) == 5
    copy = tmp_path / "again.xlsx"
    copy.write_bytes(refreshed.read_bytes())
    _run("kpi", str(copy))
    assert _parts(copy) == before
    assert load_workbook(copy).sheetnames.count(PIVOTS_SHEET) == 1


def _rearranged(path: Path) -> None:
    """What a user does in Excel: the profit pivot's customer moved from the rows to the
    columns and the month to the rows, a page filter chosen, another style; saved."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        for info, data in items:
            if (
                info.filename.startswith("xl/pivotTables/pivotTable")
                and b"ptProfitByCustomer" in data
            ):
                data = (
                    data.replace(b'axis="axisRow"', b'axis="axisX"')
                    .replace(b'axis="axisCol"', b'axis="axisRow"')
                    .replace(b'axis="axisX"', b'axis="axisCol"')
                    .replace(b"PivotStyleMedium2", b"PivotStyleDark4")
                )
            zw.writestr(info, data)
    out.replace(path)


@pytest.mark.slow  # a sample register through validate, sync bank and Refresh KPIs
def test_a_rearranged_pivot_is_byte_identical_after_validate_sync_bank_and_kpi(
    refreshed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a copy of the refreshed sample (its Pivots sheet made by `orderdesk kpi`), with the
    bank statement written beside it."""
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY)
    path = Path(shutil.copy(refreshed, tmp_path / "Register.xlsx"))
    shutil.copy(refreshed.parent / CAMT_FILE, tmp_path / CAMT_FILE)
    made = _parts(path)
    _rearranged(path)
    mine = _parts(path, ("xl/pivot", "xl/worksheets/"))
    assert {n: mine[n] for n in made} != made  # the user's layout differs from what was made
    pivots_part = _sheet_part(path, PIVOTS_SHEET)
    _run("validate", str(path))
    _run("sync", "bank", str(path), "--statement", str(tmp_path / CAMT_FILE))
    _run("kpi", str(path))
    after = _parts(path, ("xl/pivot", "xl/worksheets/"))
    assert {n: after[n] for n in made} == {n: mine[n] for n in made}
    assert after[pivots_part] == mine[pivots_part]
    # the helper columns the pivots read moved on with the bank sync (receivables paid)
    assert table_rows(path, Invoices.sheet, Invoices.table_name)


def _sheet_part(path: Path, sheet: str) -> str:
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rid = root.findall(".//m:sheet", ns)[index].get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    )
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


# --- LibreOffice --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def in_libreoffice(refreshed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(refreshed, "ods", tmp_path_factory.mktemp("pivots-ods"), timeout=300)


def _data_pilots(ods: Path) -> dict[str, dict[str, Any]]:
    with zipfile.ZipFile(ods) as zf:
        root = etree.fromstring(zf.read("content.xml"))
    out = {}
    for dp in root.iter(f"{T}data-pilot-table"):
        fields: dict[str, list[str]] = {}
        for f in dp.iter(f"{T}data-pilot-field"):
            if f.get(f"{T}is-data-layout-field") == "true" or f.get(f"{T}orientation") == "hidden":
                continue
            kind = f.get(f"{T}orientation", "")
            name = f.get(f"{T}source-field-name", "")
            fields.setdefault(kind, []).append(
                f"{f.get(f'{T}function')} {name}" if kind == "data" else name
            )
        source = dp.find(f"{T}source-cell-range")
        out[dp.get(f"{T}name", "")] = {
            "source": source.get(f"{T}cell-range-address") if source is not None else None,
            "target": dp.get(f"{T}target-range-address"),
            "fields": fields,
        }
    return out


def _table_range(path: Path, sheet: str, table: str) -> str:
    ref = load_workbook(path)[sheet].tables[table].ref
    a, b = ref.split(":")
    return f"{sheet}.{a}:{sheet}.{b}"


@needs_soffice
def test_libreoffice_lists_each_pivot_with_its_table_and_fields(
    refreshed: Path, in_libreoffice: Path
) -> None:
    pilots = _data_pilots(in_libreoffice)
    assert sorted(pilots) == sorted(NAMES)
    for name, table in (
        ("ptProfitByCustomer", Orders),
        ("ptSupplierOnTime", OrderLines),
        ("ptReceivables", Invoices),
        ("ptPipeline", Orders),
        ("ptQuotes", Quotes),
    ):
        # the source is the whole Excel Table as it stands (its name resolved by LibreOffice)
        assert pilots[name]["source"] == _table_range(refreshed, table.sheet, table.table_name)
        assert pilots[name]["target"].startswith(f"{PIVOTS_SHEET}.")
    assert pilots["ptProfitByCustomer"]["fields"] == {
        "row": [Orders.customer],
        "column": [Orders.order_month],
        "page": [Orders.customer_country],
        "data": [f"sum {Orders.gross_profit_base}", f"sum {Orders.order_value_base}"],
    }
    # the month and the quarter are column axes (outer), late / on time and the status inside
    assert pilots["ptSupplierOnTime"]["fields"] == {
        "row": [OrderLines.supplier],
        "column": [OrderLines.due_month, OrderLines.supplier_delivery],
        "data": [f"count {OrderLines.order_id}"],
    }
    assert pilots["ptQuotes"]["fields"] == {
        "row": [Quotes.category],
        "column": [Quotes.quote_quarter, Quotes.status],
        "data": [f"count {Quotes.quote_id}"],
    }
    assert pilots["ptReceivables"]["fields"]["data"] == [f"sum {Invoices.open_base}"]
    assert pilots["ptPipeline"]["fields"]["row"] == [Orders.stage]
    assert pilots["ptPipeline"]["fields"]["column"] == [Orders.sales_owner]


def _block(ods: Path, top_left: str) -> list[list[Any]]:
    """The cells of one DataPilot output, as LibreOffice computed them."""
    start, end = top_left.split(":")
    rows = CalamineWorkbook.from_path(str(ods)).get_sheet_by_name(PIVOTS_SHEET).to_python()
    first, last = _row(start), _row(end)
    return [list(r) for r in rows[first - 1 : last]]


def _row(address: str) -> int:
    return int("".join(ch for ch in address.split(".")[-1] if ch.isdigit()))


def _by_label(block: list[list[Any]], header_text: str) -> tuple[list[Any], dict[str, list[Any]]]:
    """The header row (the one whose first cell is `header_text`) and the rows below it."""
    at = next(i for i, r in enumerate(block) if r[0] == header_text)
    return block[at], {str(r[0]): r for r in block[at + 1 :] if r[0] not in ("", None)}


@needs_soffice
def test_pivot_totals_in_libreoffice_equal_the_kpi_sheet(
    refreshed: Path, in_libreoffice: Path
) -> None:
    pilots = _data_pilots(in_libreoffice)

    # gross profit by customer: the Pareto's figures, each customer's total over the months
    block = _block(in_libreoffice, pilots["ptProfitByCustomer"]["target"])
    _, rows = _by_label(block, Orders.customer)
    label = f"Total Sum of {Orders.gross_profit_base}"  # above the values' header row
    total_col = next(r.index(label) for r in block if label in r)
    pareto = {
        r["Customer"]: r["Gross Profit"] for r in table_rows(refreshed, KPI.sheet, "tblKpiPareto")
    }
    got = {c: r[total_col] for c, r in rows.items() if c != "Total Result" and r[total_col] != ""}
    assert got.keys() == pareto.keys() and len(pareto) > 5
    for customer, profit in pareto.items():
        assert got[customer] == pytest.approx(profit, abs=0.01 * 40), customer

    # late purchase lines by supplier: Lines Due − Lines On Time of the supplier table, each
    # supplier's late (on-time) cells added up over the due months
    block = _block(in_libreoffice, pilots["ptSupplierOnTime"]["target"])
    cells = _cells(block, OrderLines.supplier)
    suppliers = table_rows(refreshed, KPI.sheet, "tblKpiSuppliers")
    assert suppliers and sum(r["Lines Due"] - r["Lines On Time"] for r in suppliers) > 0
    for r in suppliers:
        for flag, want in (("late", r["Lines Due"] - r["Lines On Time"]), ("on time", None)):
            got = sum(n for (s, _, f), n in cells.items() if (s, f) == (r["Supplier"], flag))
            assert got == (r["Lines On Time"] if want is None else want), (r["Supplier"], flag)

    # open receivables by customer: the aging table's Total
    block = _block(in_libreoffice, pilots["ptReceivables"]["target"])
    header, rows = _by_label(block, Invoices.customer)
    total = header.index("Total Result")
    aging = table_rows(refreshed, KPI.sheet, "tblKpiAgingCustomers")
    assert len(aging) > 5
    for r in aging:
        assert rows[r["Customer"]][total] == pytest.approx(r["Total"], abs=0.05), r["Customer"]


# --- the helper columns, on the in-memory register ---------------------------------------------


def test_helper_columns_add_up_to_the_kpi_figures(memory_register: Any) -> None:
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.kpi import read_kpi_inputs
    from orderdesk.actions.pivots import pivots
    from orderdesk.domain import kpi as K
    from orderdesk.domain.kpi import base as B
    from tests.kpi import history as H

    register = memory_register(H.tables())
    outcome = pivots(RunContext.of(register, today=H.TODAY))
    assert outcome.data["created"] == NAMES
    assert [p.name for p in register.pivots[PIVOTS_SHEET]] == NAMES

    inputs, _ = read_kpi_inputs(RunContext.of(register, today=H.TODAY))
    report = K.kpi_report(inputs, {}, K.Window(None, H.TODAY), H.TODAY)
    orders = register.read(Orders).frame
    profit = orders.groupby(Orders.customer)[Orders.gross_profit_base].sum(min_count=1).dropna()
    pareto = report.pareto.set_index(str(Orders.customer))[B.GROSS_PROFIT]
    assert len(pareto) >= 3 and profit.to_dict() == pytest.approx(pareto.to_dict(), abs=0.02)

    lines = register.read(OrderLines).frame
    late = lines[lines[OrderLines.supplier_delivery] == "late"].groupby(OrderLines.supplier).size()
    by_supplier = report.suppliers.set_index(str(OrderLines.supplier))
    due = by_supplier[B.LINES_DUE] - by_supplier[B.LINES_ON_TIME]
    assert due.sum() > 0  # some late lines, or the comparison proves nothing
    assert late.to_dict() == {k: v for k, v in due.to_dict().items() if v}

    invoices = register.read(Invoices).frame
    open_by = invoices.groupby(Invoices.customer)[Invoices.open_base].sum(min_count=1).dropna()
    assert open_by.to_dict() == pytest.approx(
        report.aging_customers.set_index(str(Invoices.customer))[B.TOTAL].to_dict(), abs=0.02
    )

    # a second run: nothing to write, no PivotTable made again
    again = pivots(RunContext.of(register, today=H.TODAY))
    assert again.data == {"cells": 0, "created": [], "sheet": PIVOTS_SHEET}


def test_a_changed_order_moves_its_helper_cells(memory_register: Any) -> None:
    """Negative case: the helper columns follow the data (they are not a fixed result)."""
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.pivots import pivots
    from tests.kpi import history as H

    register = memory_register(H.tables())
    pivots(RunContext.of(register, today=H.TODAY))
    orders = register.read(Orders).frame
    booked = orders[orders[Orders.gross_profit_base].notna()].iloc[0]
    data = register.read(OrderLines).frame
    line = data[data[OrderLines.order_id] == booked[Orders.order_id]].iloc[0]
    tables = H.tables()
    for row in tables[OrderLines]:
        if (
            row[OrderLines.order_id] == line[OrderLines.order_id]
            and row[OrderLines.line_no] == line[OrderLines.line_no]
        ):
            row[OrderLines.unit_cost] = float(row[OrderLines.unit_cost]) * 2
    changed = memory_register(tables)
    pivots(RunContext.of(changed, today=H.TODAY))
    after = changed.read(Orders).frame.set_index(Orders.order_id)[Orders.gross_profit_base]
    assert after[booked[Orders.order_id]] < booked[Orders.gross_profit_base]


def _cells(block: list[list[Any]], header_text: str) -> dict[tuple[str, str, str], float]:
    """A pivot with two column fields as {(row item, outer item, inner item): value}: the outer
    items (months, quarters) are the row above the inner items' row, each spanning the columns
    up to its "… Result" column; subtotal and total columns are left out."""
    at = next(i for i, r in enumerate(block) if r[0] == header_text)
    outer_row, inner_row = block[at - 1], block[at]
    outer, owners = "", {}
    for j in range(1, len(inner_row)):
        label = str(outer_row[j])
        if label and not label.endswith("Result"):
            outer = label
        if inner_row[j] not in ("", None) and not label.endswith("Result"):
            owners[j] = (outer, str(inner_row[j]))
    out = {}
    for r in block[at + 1 :]:
        if r[0] in ("", None, "Total Result"):
            continue
        for j, (o, i) in owners.items():
            if r[j] not in ("", None):
                out[(str(r[0]), o, i)] = r[j]
    return out


def _counts(rows: list[dict[str, Any]], *keys: str) -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = {}
    for r in rows:
        key = tuple("(empty)" if r[k] in ("", None) else str(r[k]) for k in keys)
        out[key] = out.get(key, 0) + 1
    return out


@needs_soffice
def test_libreoffice_splits_suppliers_by_due_month_and_quotes_by_quarter(
    refreshed: Path, in_libreoffice: Path
) -> None:
    """Each cell of the two pivots is the count of the table's rows with that supplier
    (category), due month (quarter) and late / on time (status), as LibreOffice computed it."""
    pilots = _data_pilots(in_libreoffice)
    for name, table, keys in (
        (
            "ptSupplierOnTime",
            OrderLines,
            (OrderLines.supplier, OrderLines.due_month, OrderLines.supplier_delivery),
        ),
        ("ptQuotes", Quotes, (Quotes.category, Quotes.quote_quarter, Quotes.status)),
    ):
        got = _cells(_block(in_libreoffice, pilots[name]["target"]), keys[0])
        want = _counts(table_rows(refreshed, table.sheet, table.table_name), *keys)
        assert got == want, name
        # the month (quarter) really splits: a row item spread over several of them
        spread = {k[0]: {m for (r, m, _) in got if r == k[0]} for k in got}
        assert max(len(months) for months in spread.values()) > 2, name
        # negative case: the same counts put under the neighbouring month do not match
        months = sorted({m for _, m, _ in got})
        shifted = {
            (r, months[(months.index(m) + 1) % len(months)], i): n for (r, m, i), n in got.items()
        }
        assert shifted != want, name
