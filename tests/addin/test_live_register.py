"""The live register adapter against a fake Excel book built from a real register file.

What a user would notice: the same rows as the file adapter reads, OrderDesk's values in its own
columns, new rows inside the table, the KPI sheet with its table and chart, marked cells and the
user's own fills coming back, and whole-block calls (one read per sheet, one write per column).
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil

import pandas as pd
import pytest

from orderdesk.actions.register import register_tables
from orderdesk.adapters import xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.adapters.live_register import LiveRegister
from orderdesk.adapters.register_file import write_register
from orderdesk.defaults import policy_rows
from orderdesk.ports import Block, ChartSpec, NotARegister, RegisterError, SheetContent
from orderdesk.schema import KPI, META_SHEET, Customers, Issues, OrderLines, Orders

from .fake_excel import FakeBook

PINK = "FFC7CE"


@pytest.fixture(scope="module")
def _register_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "Register.xlsx"
    tables = dict(policy_rows())
    tables.update(
        {
            Orders: [
                {
                    Orders.order_id: "SO-2026-0001",
                    Orders.customer: "CU-0001",
                    Orders.order_date: dt.date(2026, 3, 7),
                    Orders.stage: "draft",
                    Orders.order_total: 1234.5,
                },
                {
                    Orders.order_id: "SO-2026-0002",
                    Orders.customer: "CU-0002",
                    Orders.order_date: "03/04/2026",  # typed as text: day first by default
                    Orders.stage: "confirmed",
                    Orders.order_total: "2,500.00",
                },
                {
                    Orders.order_id: "SO-2026-0003",
                    Orders.customer: "CU-0001",
                    Orders.order_date: "not a date",
                    Orders.stage: "draft",
                },
            ],
            OrderLines: [
                {OrderLines.order_id: "SO-2026-0001", OrderLines.line_no: 1, OrderLines.qty: 10},
                {OrderLines.order_id: "SO-2026-0001", OrderLines.line_no: 2, OrderLines.qty: 5},
            ],
        }
    )
    xlsx.new_workbook(tables).save(path)
    return path


@pytest.fixture
def register_file(_register_file, tmp_path):
    path = tmp_path / _register_file.name
    shutil.copyfile(_register_file, path)
    return path


@pytest.fixture(scope="module")
def _book(_register_file):
    return FakeBook.from_xlsx(_register_file)


@pytest.fixture
def book(_book):
    return copy.deepcopy(_book)


def test_reads_the_same_rows_as_the_file_adapter_with_one_read_per_sheet(register_file, book):
    live = LiveRegister(book)
    for table in (Orders, OrderLines, Customers):
        got, want = live.read(table), FileRegister(register_file).read(table)
        pd.testing.assert_frame_equal(got.frame, want.frame)
        assert [str(i) for i in got.issues] == [str(i) for i in want.issues]
    orders = live.read(Orders)
    assert orders.frame.loc[3, Orders.order_date] == pd.Timestamp(2026, 4, 3)
    assert orders.frame.loc[3, Orders.order_total] == 2500.0
    assert [str(i.ref) for i in orders.issues] == ["Orders!D4 (Order Date)"]
    assert book.calls["used_range"] == book.calls["read"]  # one block read per sheet read
    assert book.calls["write"] == 0


def test_a_missing_sheet_is_refused_unless_optional_and_a_book_without_orders_always():
    book = FakeBook()
    book.sheets.add("Orders").range("A1").value = [[str(Orders.order_id)]]
    with pytest.raises(RegisterError, match="no sheet 'Customers'"):
        LiveRegister(book).read(Customers)
    data = LiveRegister(book).read(Customers, optional=True)
    assert not data.found and len(data) == 0
    other = FakeBook()
    other.sheets.add("Orders")  # a sheet of that name, but not the register's table
    with pytest.raises(NotARegister, match="not an OrderDesk register"):
        LiveRegister(other).read(Customers, optional=True)


def test_update_writes_each_owned_column_as_one_block(book):
    live = LiveRegister(book)
    written = live.update(
        Orders,
        {
            ("SO-2026-0001",): {Orders.check: "OK"},
            ("SO-2026-0003",): {Orders.check: "1 error", Orders.tracking_alert: "late"},
        },
    )
    assert written == 3
    assert book.calls["write"] == 2  # Check and Tracking Alert: one block each
    sheet = book.sheets["Orders"]
    assert sheet.column(str(Orders.check)) == {2: "OK", 4: "1 error"}
    assert sheet.column(str(Orders.tracking_alert)) == {4: "late"}
    # the user's columns are untouched
    assert sheet.column(str(Orders.customer)) == {2: "CU-0001", 3: "CU-0002", 4: "CU-0001"}
    assert live.read(Orders).frame.loc[4, Orders.check] == "1 error"


def test_update_refuses_the_users_columns_and_unknown_keys(book):
    live = LiveRegister(book)
    with pytest.raises(RegisterError, match="does not write the user's columns"):
        live.update(Orders, {("SO-2026-0001",): {Orders.customer: "CU-9"}})
    with pytest.raises(RegisterError, match=r"no row with key \('SO-2099-0001',\)"):
        live.update(Orders, {("SO-2099-0001",): {Orders.check: "OK"}})
    assert book.calls["write"] == 0


def test_update_adds_an_owned_column_an_older_register_lacks(book):
    sheet = book.sheets["Orders"]
    col = next(c for (r, c), v in sheet.cells.items() if r == 1 and v == str(Orders.tracking_alert))
    for key in [k for k in sheet.cells if k[1] >= col]:
        del sheet.cells[key]  # the register predates Tracking Alert and the columns after it
    table = sheet.tables[0]
    table.area = (table.area[0], table.area[1], table.area[2], col - 1)
    LiveRegister(book).update(Orders, {("SO-2026-0002",): {Orders.tracking_alert: "ETA +3 days"}})
    assert sheet.column(str(Orders.tracking_alert)) == {3: "ETA +3 days"}
    assert sheet.tables[0].area[3] == col  # the Excel table grew by the column


def test_append_adds_rows_inside_the_table(book):
    live = LiveRegister(book)
    n = live.append(
        Orders,
        [
            {Orders.order_id: "SO-2026-0004", Orders.order_date: dt.date(2026, 5, 1)},
            {Orders.order_id: "SO-2026-0005", Orders.order_total: 99.5},
        ],
    )
    assert n == 2
    sheet = book.sheets["Orders"]
    assert sheet.column(str(Orders.order_id))[5] == "SO-2026-0004"
    assert sheet.column(str(Orders.order_total))[6] == 99.5
    assert sheet.tables["tblOrders"].area[2] == 6  # the table now ends at the last new row
    assert sheet.formats[(5, 4)] == Orders.order_date.number_format
    assert book.calls["write"] == 3  # one block per column that has values
    assert live.save().appended == 2
    assert list(live.read(Orders).frame[Orders.order_id])[-2:] == ["SO-2026-0004", "SO-2026-0005"]


def test_append_goes_below_the_last_row_and_keeps_a_longer_table(book):
    sheet = book.sheets["Orders"]
    table = sheet.tables["tblOrders"]
    table.area = (1, 1, 20, table.area[3])  # the user's table reaches row 20, data to row 4
    LiveRegister(book).append(Orders, [{Orders.order_id: "SO-2026-0004"}])
    assert sheet.value("A5") == "SO-2026-0004"
    assert table.area[2] == 20


def _kpi_content() -> SheetContent:
    frame = pd.DataFrame(
        {
            "Month": ["2026-01", "2026-02", "2026-03"],
            "Orders": [12, 15, 9],
            "OTIF": [0.91, 0.88, 0.95],
            "Since": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
        }
    )
    return SheetContent(
        KPI.sheet,
        [Block("tblKpiMonth", frame, title="By month", formats={"OTIF": "0%"})],
        charts=[
            ChartSpec(
                "column+line", "Orders and OTIF", "tblKpiMonth", "Month", ["Orders"], ["OTIF"]
            )
        ],
        heading="KPIs",
        notes=["As of 2026-03-31"],
        marks={"C7": "C6EFCE"},
    )


def test_write_sheet_rebuilds_an_orderdesk_sheet_with_its_table_and_chart(book):
    live = LiveRegister(book)
    sheet = book.sheets["KPI"]
    sheet.cells[(40, 1)] = "left over from last time"
    live.write_sheet(_kpi_content())
    assert sheet.value("A1") == "KPIs" and sheet.fonts[(1, 1)]["bold"] is True
    assert sheet.value("A2") == "As of 2026-03-31"
    assert sheet.value("A4") == "By month"
    assert [sheet.value(a) for a in ("A5", "B5", "C5", "D5")] == [
        "Month",
        "Orders",
        "OTIF",
        "Since",
    ]
    assert [sheet.value(a) for a in ("A6", "B6", "C7")] == ["2026-01", 12, 0.88]
    assert sheet.value("D6") == dt.date(2026, 1, 1)
    assert sheet.value("A40") is None  # the old content is gone
    assert [(t.name, t.area) for t in sheet.tables] == [("tblKpiMonth", (5, 1, 8, 4))]
    assert sheet.formats[(6, 3)] == "0%" and sheet.formats[(6, 4)] == "yyyy-mm-dd"
    assert sheet.colours[(7, 3)] == (0xC6, 0xEF, 0xCE)
    (chart,) = list(sheet.charts)
    assert chart.title == "Orders and OTIF"
    assert chart.spec["chart_type"] == "column_clustered" and chart.spec["anchor"] == "$H$2"
    assert [s.name for s in chart.series] == ["Orders", "OTIF"]
    assert [s.axis_group for s in chart.series] == ["primary", "secondary"]
    assert chart.series[1].chart_type == "line_markers"
    assert chart.legend.position == "bottom"
    # the same layout the file adapter keeps, so a later CLI save redraws this chart
    meta = xlsx.meta_from_rows(
        [[book.sheets[META_SHEET].cells.get((r, c)) for c in (1, 2, 3)] for r in range(2, 10)]
    )
    assert meta["sheet:KPI"] == xlsx.plan_owned_sheet(_kpi_content()).layout


def test_write_sheet_twice_leaves_one_table_and_one_chart(book):
    live = LiveRegister(book)
    live.write_sheet(_kpi_content())
    live.write_sheet(_kpi_content())
    assert len(book.sheets["KPI"].tables) == 1 and len(book.sheets["KPI"].charts) == 1


def test_write_sheet_refuses_a_users_sheet(book):
    with pytest.raises(RegisterError, match="not one of OrderDesk's sheets"):
        LiveRegister(book).write_sheet(SheetContent(Orders.sheet, []))


def test_write_sheet_creates_a_missing_orderdesk_sheet():
    book = FakeBook()
    book.sheets.add("Orders")
    frame = pd.DataFrame({str(c): ["x"] for c in Issues.columns()})
    LiveRegister(book).write_sheet(SheetContent(Issues.sheet, [Block("tblIssues", frame)]))
    assert book.sheet_names == ["Orders", "Issues", META_SHEET]
    assert book.sheets["Issues"].frozen == "1:1"  # header row first: frozen, like the file's
    assert book.sheets[META_SHEET].visible is False


def test_marks_come_and_go_and_the_users_fill_comes_back(book):
    sheet = book.sheets["Orders"]
    sheet.colours[(3, 2)] = (255, 255, 0)  # the user's own yellow on B3
    live = LiveRegister(book)
    live.set_marks(
        Orders,
        [(("SO-2026-0001",), Orders.customer), (("SO-2026-0002",), Orders.customer)],
        PINK,
    )
    assert sheet.colours[(2, 2)] == sheet.colours[(3, 2)] == (255, 199, 206)
    assert book.calls["color write"] == 1  # both cells in one multi-area range
    # a second run (a new session: the bookkeeping is read back from the _OrderDesk sheet)
    LiveRegister(book).set_marks(Orders, [(("SO-2026-0002",), Orders.customer)], PINK)
    assert (2, 2) not in sheet.colours
    assert sheet.colours[(3, 2)] == (255, 199, 206)
    LiveRegister(book).set_marks(Orders, [], PINK)
    assert sheet.colours[(3, 2)] == (255, 255, 0)  # yellow again


def test_a_mark_the_user_recoloured_is_left_alone(book):
    sheet = book.sheets["Orders"]
    LiveRegister(book).set_marks(Orders, [(("SO-2026-0001",), Orders.customer)], PINK)
    sheet.colours[(2, 2)] = (0, 176, 80)  # the user painted it green since
    LiveRegister(book).set_marks(Orders, [], PINK)
    assert sheet.colours[(2, 2)] == (0, 176, 80)


def test_marks_made_by_the_file_adapter_are_cleared_live(register_file):
    with FileRegister(register_file) as reg:
        reg.set_marks(Orders, [(("SO-2026-0001",), Orders.customer)], PINK)
    book = FakeBook.from_xlsx(register_file)
    book.sheets["Orders"].colours[(2, 2)] = (255, 199, 206)  # the fill the file carries
    LiveRegister(book).set_marks(Orders, [], PINK)
    assert (2, 2) not in book.sheets["Orders"].colours


def _select(book: FakeBook, sheet: str, address: str) -> None:
    book.selection = book.sheets[sheet].range(address)


def test_selection_maps_selected_rows_to_keys(book):
    live = LiveRegister(book)
    _select(book, "Orders", "B2:E3")
    sel = live.selection()
    assert sel is not None and sel.table is Orders
    assert sel.keys == (("SO-2026-0001",), ("SO-2026-0002",))
    _select(book, "Orders", "A2:C2,A4:C4")
    assert live.selection().keys == (("SO-2026-0001",), ("SO-2026-0003",))
    _select(book, "OrderLines", "A3:D3")
    assert live.selection().keys == (("SO-2026-0001", 2),)


def test_a_header_or_another_sheet_means_the_whole_register(book):
    live = LiveRegister(book)
    for sheet, address in (("Orders", "A1:D1"), ("KPI", "A1:B5")):
        _select(book, sheet, address)
        assert live.selection() is None, (sheet, address)
    book.selection = None
    assert live.selection() is None


def test_a_single_cell_names_its_row_but_chooses_no_rows(book):
    from orderdesk_addin.handlers import ButtonContext

    live = LiveRegister(book)
    _select(book, "Orders", "C3")
    sel = live.selection()
    assert sel is not None and sel.single_cell and sel.keys == (("SO-2026-0002",),)
    ctx = ButtonContext.of(live)
    assert ctx.selection is None  # whole-register actions run on everything
    assert ctx.current == sel  # one-record buttons (Approve) act on this row
    _select(book, "Orders", "B2:E3")
    assert ButtonContext.of(live).selection.keys == (("SO-2026-0001",), ("SO-2026-0002",))


def test_user_source_and_save(book):
    live = LiveRegister(book, user="mlopez")
    assert live.user == "mlopez"
    assert live.source.endswith("Register.xlsx")
    report = live.save()
    assert (report.cells, report.appended, report.sheets) == (0, 0, ())


def test_fills_of_many_marks_are_read_a_group_at_a_time(tmp_path):
    """xlwings reads one cell's colour per call; the adapter asks Excel about a multi-area range
    at once and halves only a group whose cells differ, so the user's fills still come back."""
    path = tmp_path / "Register.xlsx"
    write_register(path, register_tables(60, 1)[0])
    book = FakeBook.from_xlsx(path)
    sheet = book.sheets["Orders"]
    ids = [(key,) for key in LiveRegister(book).read(Orders).frame[Orders.order_id]]
    col = 1 + [str(c) for c in Orders.columns()].index(Orders.customer)
    rows = range(2, 2 + len(ids))
    reads = book.calls["color read"]
    LiveRegister(book).set_marks(Orders, [(key, Orders.customer) for key in ids], PINK)
    assert len(ids) == 60 and book.calls["color read"] - reads <= 3  # unfilled: a call a batch
    assert all(sheet.colours[(row, col)] == (255, 199, 206) for row in rows)
    sheet.colours[(9, col)] = (0, 176, 80)  # one painted green by the user since
    reads = book.calls["color read"]
    LiveRegister(book).set_marks(Orders, [], PINK)
    # a group in one colour is two questions (ColorIndex, then Color); the green one's halved
    assert book.calls["color read"] - reads <= 2 * (2 + 2 * 6)
    assert sheet.colours[(9, col)] == (0, 176, 80)  # their green stays
    assert not any(sheet.colours.get((row, col)) for row in rows if row != 9)


def test_reading_fills_a_cell_at_a_time_would_be_seen(book):
    """The count above can fail: xlwings' own `color`, cell by cell, is a call per cell."""
    for row in range(2, 5):
        assert book.sheets["Orders"].range((row, 2)).color is None
    assert book.calls["color read"] == 3
