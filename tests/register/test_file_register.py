"""The file adapter on real workbooks: lenient reads, and saves that lose nothing of the user's."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName

from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import (
    Block,
    ChangedOnDisk,
    ChartSpec,
    RegisterError,
    SheetContent,
    WorkbookLocked,
    WouldLoseContent,
)
from orderdesk.schema import KPI, ApprovalLog, Customers, Issues, OrderLines, Orders
from tests.libreoffice import convert, needs_soffice

ORDER = {
    Orders.order_id: "SO-2026-0001",
    Orders.customer: "CU-0001",
    Orders.order_date: dt.date(2026, 3, 2),
    Orders.stage: "confirmed",
    Orders.currency: "USD",
}


def test_a_new_register_reads_back_with_every_table(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    reg = FileRegister(path)
    orders = reg.read(Orders)
    assert orders.found and not orders.issues and not orders.missing
    assert orders.frame.loc[2, Orders.order_id] == "SO-2026-0001"
    assert orders.frame.loc[2, Orders.order_date] == pd.Timestamp("2026-03-02")
    assert orders.ref(2, Orders.currency).address == "F2"


def _messy_workbook(path: Path) -> None:
    """A register as staff really type it: columns moved, an own column, text numbers, mixed
    date formats, blank rows, CJK and Arabic, and a few values that cannot be read."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = OrderLines.sheet
    ws.append(
        [
            "Remarks",
            "order id",
            "LINE",
            "SKU",
            "Description",
            "Qty",
            "Unit Price",
            "Supplier Due",
            "Unit",
        ]
    )
    ws.append(
        ["urgent", "SO-1", 1, "HW-001 ", "不锈钢螺丝 M6", "1,200", "0.35", "07.03.2026", "pcs"]
    )
    ws.append(
        [None, None, None, None, None, None, None, None, None]
    )  # a blank row inside the table
    ws.append([None, "SO-1", "2", "KW-010", "مقلاة ألمنيوم", 300, "1.234,50", "2026/3/9", "PCS"])
    ws.append([None, "SO-2", 1.0, "TX-100", "Toalla de algodón", "abc", 2.1, "31/02/2026", "PCS"])
    ws.append([None, "SO-2", 2, "TX-101", "Bath towel", " 40 ", "USD 3.20", 46101, "PCS"])
    wb.create_sheet(Orders.sheet).append([str(Orders.order_id)])  # what makes it a register
    wb.save(path)


def test_a_messy_register_is_read_and_every_rejected_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "typed by hand.xlsx"
    _messy_workbook(path)
    # Optional: the lines lack columns a register needs (Validate's reading, not an action's).
    data = FileRegister(path).read(OrderLines, optional=True)
    frame = data.frame
    assert list(frame.index) == [2, 4, 5, 6]  # the blank row is skipped, rows keep their numbers
    assert frame.loc[2, OrderLines.qty] == 1200
    assert frame.loc[4, OrderLines.unit_price] == 1234.5
    assert frame.loc[6, OrderLines.unit_price] == 3.2
    assert frame.loc[2, OrderLines.sku] == "HW-001"
    assert frame.loc[2, OrderLines.unit] == "PCS"
    assert frame.loc[4, OrderLines.line_no] == 2
    assert frame.loc[2, OrderLines.supplier_due] == pd.Timestamp("2026-03-07")
    assert frame.loc[4, OrderLines.supplier_due] == pd.Timestamp("2026-03-09")
    assert frame.loc[6, OrderLines.supplier_due] == pd.Timestamp("2026-03-20")
    assert frame.loc[4, OrderLines.description] == "مقلاة ألمنيوم"
    assert data.extras == ["Remarks"]
    rejected = {(i.ref.row, i.ref.column, i.ref.letter): i.value for i in data.issues}
    assert rejected == {(5, "Qty", "F"): "abc", (5, "Supplier Due", "H"): "31/02/2026"}
    texts = [str(i) for i in data.issues]
    assert any("OrderLines row 5, column Qty (F5)" in t and "'abc'" in t for t in texts)
    # nothing was changed in the file by reading it
    assert openpyxl.load_workbook(path)[OrderLines.sheet]["F5"].value == "abc"


def _user_additions(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[Orders.sheet]
    last = ws.max_column + 2
    ws.cell(row=1, column=last, value="My margin")
    ws.cell(row=2, column=last, value="=1+1")
    ws["A2"].comment = Comment("Call Mr. Wang before confirming", "lwei")
    ws.conditional_formatting.add(
        "F2:F100",
        CellIsRule(
            operator="equal", formula=['"EUR"'], fill=PatternFill("solid", fgColor="FFFF00")
        ),
    )
    ws.column_dimensions["B"].width = 31
    wb.defined_names["my_rate"] = DefinedName("my_rate", attr_text="Orders!$A$2")
    notes = wb.create_sheet("My notes")
    notes["A1"] = "Remember the Canton fair"
    notes["B2"] = "=SUM(1,2)"
    hidden = wb.create_sheet("Old prices")
    hidden["A1"] = 42
    hidden.sheet_state = "hidden"
    wb.save(path)


def _an_action(reg: FileRegister) -> None:
    reg.update(Orders, {("SO-2026-0001",): {Orders.check: "1 error"}})
    reg.append(
        ApprovalLog,
        [
            {
                ApprovalLog.seq: 1,
                ApprovalLog.at: dt.datetime(2026, 3, 3, 9, 30),
                ApprovalLog.user: "lwei",
                ApprovalLog.quote_id: "Q-1",
                ApprovalLog.version: 1,
                ApprovalLog.decision: "approve",
            }
        ],
    )
    reg.write_sheet(
        SheetContent(
            Issues.sheet,
            [
                Block(
                    "tblIssues",
                    pd.DataFrame(
                        {str(Issues.order_id): ["SO-2026-0001"], str(Issues.message): ["missing"]}
                    ),
                )
            ],
        )
    )


def test_user_additions_survive_an_action(make_register, tmp_path: Path) -> None:
    path = make_register({Orders: [ORDER]})
    _user_additions(path)
    reg = FileRegister(path)
    _an_action(reg)
    report = reg.save()
    assert report.cells == 1 and report.appended == 1 and report.backup

    wb = openpyxl.load_workbook(path)
    ws = wb[Orders.sheet]
    assert ws.cell(row=2, column=ws.max_column).value == "=1+1"
    assert ws["A2"].comment.text == "Call Mr. Wang before confirming"
    assert ws.conditional_formatting  # still there
    assert ws.column_dimensions["B"].width == 31
    assert "my_rate" in wb.defined_names
    assert wb["My notes"]["B2"].value == "=SUM(1,2)"
    assert wb["Old prices"].sheet_state == "hidden"
    check_col = [c.value for c in ws[1]].index(str(Orders.check)) + 1
    assert ws.cell(row=2, column=check_col).value == "1 error"
    log = FileRegister(path).read(ApprovalLog)
    assert list(log.frame[ApprovalLog.user]) == ["lwei"]
    assert wb[ApprovalLog.sheet].tables[ApprovalLog.table_name].ref.endswith("2")
    assert list(wb.sheetnames).index(Issues.sheet) > list(wb.sheetnames).index(Orders.sheet)


def _users_chart(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    dash = wb.create_sheet("Dashboard")
    for r in range(1, 5):
        dash.append([f"M{r}", r * 10])
    chart = BarChart()
    chart.title = "Sales by month"
    chart.add_data(Reference(dash, min_col=2, min_row=1, max_row=4))
    dash.add_chart(chart, "D2")
    wb.save(path)


def _parts(path: Path, prefix: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith(prefix)}


def test_a_users_chart_is_kept_as_it_was(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    _users_chart(path)
    charts = _parts(path, "xl/charts/")
    reg = FileRegister(path)
    _an_action(reg)
    reg.save()
    assert charts and _parts(path, "xl/charts/") == charts  # byte for byte


def test_the_openpyxl_writer_refuses_to_drop_a_users_chart(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    _users_chart(path)
    before = path.read_bytes()
    reg = FileRegister(path, writer="openpyxl")
    _an_action(reg)
    with pytest.raises(WouldLoseContent) as info:
        reg.save()
    assert "chart 'Sales by month' on sheet 'Dashboard'" in str(info.value)
    assert path.read_bytes() == before  # nothing written
    assert not (path.parent / "OrderDesk backups").exists()

    allowed = FileRegister(path, writer="openpyxl", allow_loss=True)
    _an_action(allowed)
    allowed.save()
    assert path.read_bytes() != before


def test_a_workbook_open_in_excel_is_not_written(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(b"lwei")
    before = path.read_bytes()
    reg = FileRegister(path)
    _an_action(reg)
    with pytest.raises(WorkbookLocked) as info:
        reg.save()
    assert "open in Excel" in str(info.value) and path.name in str(info.value)
    assert path.read_bytes() == before


def test_a_save_after_someone_else_saved_is_refused(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    first, second = FileRegister(path), FileRegister(path)
    _an_action(first)
    first.save()
    mine = path.read_bytes()
    _an_action(second)
    with pytest.raises(ChangedOnDisk):
        second.save()
    assert path.read_bytes() == mine


def test_saves_keep_the_last_five_backups(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    for i in range(7):
        reg = FileRegister(path)
        reg.update(Orders, {("SO-2026-0001",): {Orders.check: f"run {i}"}})
        reg.save()
    backups = sorted((path.parent / "OrderDesk backups").iterdir())
    assert len(backups) == 5
    newest = FileRegister(backups[-1]).read(Orders).frame.loc[2, Orders.check]
    assert newest == "run 5"  # the version before the last save
    assert not list(path.parent.glob(".*orderdesk-*"))  # no temporary file left behind


def test_only_orderdesk_columns_are_written(make_register) -> None:
    reg = FileRegister(make_register({Orders: [ORDER]}))
    with pytest.raises(RegisterError, match="does not write the user's columns"):
        reg.update(Orders, {("SO-2026-0001",): {Orders.currency: "EUR"}})


def test_rows_are_found_by_key_after_the_user_sorted_the_sheet(make_register) -> None:
    other = {**ORDER, Orders.order_id: "SO-2026-0002"}
    path = make_register({Orders: [ORDER, other]})
    wb = openpyxl.load_workbook(path)
    ws = wb[Orders.sheet]
    ws["A2"], ws["A3"] = "SO-2026-0002", "SO-2026-0001"  # sorted descending by hand
    wb.save(path)
    reg = FileRegister(path)
    reg.update(Orders, {("SO-2026-0001",): {Orders.check: "OK"}})
    reg.save()
    frame = FileRegister(path).read(Orders).frame
    assert frame.loc[3, Orders.check] == "OK" and pd.isna(frame.loc[2, Orders.check])


def test_marks_are_cleared_and_the_users_own_fill_comes_back(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    wb = openpyxl.load_workbook(path)
    wb[Orders.sheet]["F2"].fill = PatternFill("solid", fgColor="FF00B050")  # the user's green
    wb.save(path)
    key = ("SO-2026-0001",)
    reg = FileRegister(path)
    reg.set_marks(Orders, [(key, Orders.currency), (key, Orders.incoterm)], "FFC7CE")
    reg.save()
    ws = openpyxl.load_workbook(path)[Orders.sheet]
    assert ws["F2"].fill.fgColor.rgb.endswith("FFC7CE") and ws["G2"].fill.fgColor.rgb.endswith(
        "FFC7CE"
    )
    reg = FileRegister(path)
    reg.set_marks(Orders, [(key, Orders.incoterm)], "FFC7CE")  # currency fixed
    reg.save()
    ws = openpyxl.load_workbook(path)[Orders.sheet]
    assert ws["F2"].fill.fgColor.rgb.endswith("00B050")
    assert ws["G2"].fill.fgColor.rgb.endswith("FFC7CE")
    reg = FileRegister(path)
    reg.set_marks(Orders, [], "FFC7CE")
    reg.save()
    assert openpyxl.load_workbook(path)[Orders.sheet]["G2"].fill.fill_type is None


def _chart_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/charts/chart")]


def test_orderdesk_charts_are_redrawn_on_every_save(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    months = pd.DataFrame(
        {"Month": ["2026-01", "2026-02", "2026-03"], "OTIF %": [91.0, 84.5, 95.0]}
    )
    reg = FileRegister(path)
    reg.write_sheet(
        SheetContent(
            KPI.sheet,
            [Block("tblOtif", months)],
            [ChartSpec("line", "OTIF by month", "tblOtif", "Month", ["OTIF %"])],
        )
    )
    reg.save()
    assert len(_chart_parts(path)) == 1
    for _ in range(2):  # later actions that do not touch the KPI sheet keep its chart, once
        reg = FileRegister(path)
        reg.update(Orders, {("SO-2026-0001",): {Orders.check: "OK"}})
        reg.save()
        assert len(_chart_parts(path)) == 1


def test_an_older_register_gets_a_missing_orderdesk_column(make_register) -> None:
    path = make_register(
        {
            Customers: [
                {Customers.customer_id: "CU-1", Customers.name: "Acme", Customers.country: "US"}
            ]
        }
    )
    wb = openpyxl.load_workbook(path)
    ws = wb[Customers.sheet]
    col = [c.value for c in ws[1]].index(str(Customers.avg_days_late)) + 1
    ws.delete_cols(col)
    table = ws.tables[Customers.table_name]
    table.ref = table.ref.replace("R", "Q")
    table.tableColumns = [c for c in table.tableColumns if c.name != str(Customers.avg_days_late)]
    table.autoFilter.ref = table.ref
    wb.save(path)
    reg = FileRegister(path)
    reg.update(Customers, {("CU-1",): {Customers.avg_days_late: 4.5}})
    reg.save()
    assert FileRegister(path).read(Customers).frame.loc[2, Customers.avg_days_late] == 4.5


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "register.xlsx"
    bad.write_text("this is not a zip")
    with pytest.raises(RegisterError, match="cannot be read"):
        FileRegister(bad).read(Orders)
    with pytest.raises(RegisterError, match="no such workbook"):
        FileRegister(tmp_path / "missing.xlsx")


@needs_soffice
def test_libreoffice_opens_what_orderdesk_saved(make_register, tmp_path: Path) -> None:
    path = make_register({Orders: [ORDER]})
    _user_additions(path)
    reg = FileRegister(path)
    _an_action(reg)
    reg.write_sheet(
        SheetContent(
            KPI.sheet,
            [
                Block(
                    "tblOtif",
                    pd.DataFrame({"Month": ["2026-01", "2026-02"], "OTIF %": [91.0, 84.5]}),
                )
            ],
            [ChartSpec("column", "OTIF", "tblOtif", "Month", ["OTIF %"])],
        )
    )
    reg.save()
    out = convert(path, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb["My notes"]["B2"].value == 3  # LibreOffice computed the user's formula
    assert wb[Orders.sheet]["A2"].value == "SO-2026-0001"
    assert any(str(c.value) == "1 error" for c in wb[Orders.sheet][2])
    assert len(_chart_parts(out)) == 1
