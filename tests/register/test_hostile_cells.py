"""Cells a careless or hostile hand leaves in a register: control characters, text past Excel's
cell limit, dates past pandas' range, Excel's error values, a stray value in the sheet's last
cell, a part that inflates to a gigabyte. Each is read or refused with its cell named; none is an
internal error, and the user's cells stay as they were."""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from python_calamine import CalamineWorkbook

from orderdesk.adapters import package, xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.schema import (
    Customers,
    Issues,
    OrderLines,
    Orders,
    QuoteLines,
    Quotes,
    ShipmentEvents,
    Shipments,
)
from tests.quotes.conftest import data as quote_data
from tests.quotes.conftest import run
from tests.register.hostile import add_far_cell, replace_in_parts, sheet_part
from tests.tracking.scripted import ScriptedDcsa, ScriptedDhl
from tests.tracking.test_sync_wire import BOOKING, EVENTS, parcel, scan, sync
from tests.tracking.test_sync_wire import register as tracking_register

__all__ = ["tracking_register"]


def letter(path: Path, table: type, column: object) -> str:
    ws = load_workbook(path, read_only=True)[table.sheet]
    header = next(ws.iter_rows(max_row=1, values_only=True))
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(header).index(str(column))]


ORDER = {
    Orders.order_id: "SO-1",
    Orders.customer: "CU-0001",
    Orders.order_date: dt.date(2026, 3, 2),
    Orders.stage: "confirmed",
    Orders.currency: "@@CURRENCY@@",
}


# --- control characters -------------------------------------------------------------------------


def test_openpyxl_refuses_a_control_character_that_excel_stores() -> None:
    """Why writing needs care: the writer raises on U+0007 (Excel stores it as _x0007_)."""
    with pytest.raises(IllegalCharacterError):
        Workbook().active["A1"] = "US\x07D"
    text, problems = xlsx.fit_text("US\x07D")
    assert text == "US␇D" and problems


def test_a_control_character_in_a_cell_is_named_and_shown_not_a_crash(
    make_register, capsys
) -> None:
    path = make_register({Orders: [ORDER]})
    replace_in_parts(path, {b"@@CURRENCY@@": b"US_x0007_D"})
    code, out, err = run(capsys, "validate", path)
    assert code == 1, out + err
    col = letter(path, Orders, Orders.currency)
    assert f"Orders row 2, Currency ({col}2)" in out and "[CURRENCY-UNKNOWN]" in out
    assert "note: Issues!" in out and "control characters written as visible symbols" in out
    issues = load_workbook(path)[Issues.sheet]
    texts = [c.value for row in issues.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("US␇D" in t for t in texts)
    # the user's own cell is untouched: still U+0007, as calamine reads the saved file
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(Orders.sheet).to_python()
    assert grid[1][ord(col) - 65] == "US\x07D"


def test_a_control_character_in_a_carrier_event_keeps_the_other_shipments(
    tracking_register: Path,
) -> None:
    acme = ScriptedDcsa("/acme", {BOOKING: EVENTS})
    dhl = ScriptedDhl(
        "/dhl", {"1234567890": parcel(scan("2026-11-09T10:00:00", "transit", "SORT\x07ED", "LON"))}
    )
    from orderdesk.sandbox.server import Sandbox

    with Sandbox(tracking_register, apis=[], extra=[acme, dhl]) as box:
        outcome = sync(tracking_register, box)
    ship = FileRegister(tracking_register).read(Shipments).frame.set_index(Shipments.shipment_id)
    assert ship.at["SH-1", Shipments.status] == "departed"  # the good ocean shipment landed
    assert not ship.isna().at["SH-2", Shipments.last_sync]  # and the parcel too
    events = FileRegister(tracking_register).read(ShipmentEvents).frame
    texts = " ".join(map(str, events[ShipmentEvents.description]))
    assert "Sort␇ed" in texts
    assert outcome.data["new_events"] >= 10


# --- Excel's cell limit --------------------------------------------------------------------------


def test_text_past_excels_limit_is_cut_and_the_cell_named(make_register, capsys) -> None:
    huge = "ZZ" + "9" * 40_000
    path = make_register({Orders: [{**ORDER, Orders.currency: huge}]})
    code, out, _ = run(capsys, "validate", path)
    assert code == 1
    assert "text of" in out and "cut to Excel's limit of 32,767" in out
    note = next(line for line in out.splitlines() if "cut to Excel's limit" in line)
    where = note.split("note: ", 1)[1].split(":", 1)[0]  # e.g. Issues!E2
    sheet, cell = where.split("!")
    value = load_workbook(path)[sheet][cell].value
    assert len(value) == 32_767 and value.endswith("an Excel cell holds 32,767]")


def test_text_within_the_limit_is_written_whole(make_register) -> None:
    path = make_register({Orders: [ORDER]})
    reg = FileRegister(path)
    reg.update(Orders, {("SO-1",): {Orders.check: "x" * 32_767}})
    reg.save()
    assert reg.notes == []
    check = FileRegister(path).read(Orders).frame.at[2, Orders.check]
    assert len(check) == 32_767


# --- dates past pandas' range -------------------------------------------------------------------


@pytest.fixture
def no_expiry(make_register, monkeypatch) -> Path:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-10-14")
    tables = quote_data()
    tables[Quotes] = [{**q, Quotes.valid_until: dt.date(9999, 12, 31)} for q in tables[Quotes]]
    return make_register(tables)


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("kpi",),
        ("kpi", "--to", "3000-01-01"),
        ("quote", "reprice"),
        ("quote", "price", "--quote", "Q-2026-0001"),
        ("export", "sheet", "--sheet", "Quotes", "--out", "{tmp}/quotes.csv"),
    ],
    ids=" ".join,
)
def test_a_date_past_pandas_range_is_a_date_not_a_crash(
    no_expiry: Path, capsys, tmp_path, args
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if argv[0] in ("quote", "export"):
        argv = [argv[0], argv[1], str(no_expiry), *argv[2:]]
    else:
        argv = [argv[0], str(no_expiry), *argv[1:]]
    code, out, err = run(capsys, *argv)
    assert code in (0, 1), out + err
    assert "internal error" not in err
    ws = load_workbook(no_expiry)[Quotes.sheet]
    col = letter(no_expiry, Quotes, Quotes.valid_until)
    assert ws[f"{col}2"].value == dt.datetime(9999, 12, 31)  # the user's cell as typed


def test_a_far_date_reads_as_a_date_later_than_any_other(no_expiry: Path) -> None:
    valid = FileRegister(no_expiry).read(Quotes).frame[Quotes.valid_until]
    assert (valid > dt.datetime(2262, 1, 1)).all()
    assert not FileRegister(no_expiry).read(Quotes).issues


# --- Excel's error values ------------------------------------------------------------------------


def test_error_values_are_reported_as_what_they_are(make_register, capsys) -> None:
    path = make_register(
        {
            Customers: [
                {Customers.customer_id: "CU-0001", Customers.name: "A", Customers.country: "DE"}
            ],
            Orders: [{**ORDER, Orders.currency: "USD", Orders.order_date: "#REF!"}],
            OrderLines: [
                {
                    OrderLines.order_id: "SO-1",
                    OrderLines.line_no: 1,
                    OrderLines.sku: "HW-1",
                    OrderLines.qty: 10,
                    OrderLines.unit_price: "#DIV/0!",
                    OrderLines.amount: "#N/A",
                }
            ],
        }
    )
    # openpyxl stored them as error cells (t="e"); calamine alone reads them as blanks
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(OrderLines.sheet).to_python()
    price = letter(path, OrderLines, OrderLines.unit_price)
    assert grid[1][ord(price) - 65] == ""
    code, out, err = run(capsys, "validate", path)
    assert code == 1, out + err
    assert f"Unit Price ({price}2)" in out
    assert "holds Excel's error value #DIV/0! (a formula divided by zero)" in out
    assert "holds Excel's error value #N/A" in out
    assert "holds Excel's error value #REF!" in out
    assert "Unit Price" not in " ".join(
        line for line in out.splitlines() if "is empty" in line
    )  # never "is empty: required"


# --- a stray value in the sheet's last cell -------------------------------------------------------


def _limited(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    def cap() -> None:  # 3 GiB of address space: a 512 GiB grid fails at once, not after swapping
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    return subprocess.run(
        cmd, capture_output=True, text=True, preexec_fn=cap, timeout=600, check=False
    )


def test_a_value_in_the_last_cell_of_the_sheet_is_kept_and_costs_nothing(make_register) -> None:
    path = make_register({Orders: [{**ORDER, Orders.currency: "USD"}]})
    add_far_cell(path, Orders.sheet, "XFD1048576", "stray")
    done = _limited([sys.executable, "-m", "orderdesk", "validate", str(path)])
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "SO-1" in done.stdout or "validated" in done.stdout
    with zipfile.ZipFile(path) as zf:  # still there after Validate's save
        xml = zf.read(sheet_part(path, Orders.sheet))
    assert b'r="XFD1048576"' in xml and b"stray" in xml


def test_the_extent_scan_sees_the_far_cell() -> None:
    """The check that routes the read: a normal sheet is dense-read, the far-flung one is not."""
    normal = package.scan_sheet(b'<sheetData><row r="3"><c r="AB3"><v>1</v></c></row></sheetData>')
    assert (normal.rows, normal.far_flung) == (3, False)
    wide = package.scan_sheet(
        b'<sheetData><row r="30000"><c r="A30000"/><c r="ZZ30000"><v>1</v></c></row></sheetData>'
    )  # 30,000 rows by 702 columns: past what a dense grid may span
    assert (wide.cols, wide.far_flung) == (702, True)
    far = package.scan_sheet(
        b'<sheetData><row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"/></row>'
        b"</sheetData>"
    )
    assert far.far_flung


def test_the_extent_scan_sees_a_huge_number_with_or_without_a_namespace_prefix() -> None:
    """A number past any date is found in `<v>` and in a prefixed `<x:v>` (the prefilter looks
    after `<v>` only where no value element has a prefix); an ordinary number is not."""
    for c, v in ((b"c", b"v"), (b"x:c", b"x:v")):
        for number, huge in ((b"123456789012", True), (b"1.5E+11", True), (b"12345.5", False)):
            xml = b'<sheetData><row r="2"><%s r="B2"><%s>%s</%s></%s></row></sheetData>' % (
                c,
                v,
                number,
                v,
                c,
            )
            ext = package.scan_sheet(xml)
            assert ext.huge == ({(1, 1): float(number)} if huge else {}), (c, number)
            assert ext.calamine_safe is not huge


# --- a part that inflates past any register --------------------------------------------------------


def test_a_zip_bomb_is_refused_naming_its_part(make_register, monkeypatch, capsys) -> None:
    path = make_register({Orders: [{**ORDER, Orders.currency: "USD"}]})
    monkeypatch.setattr(package, "MAX_PART_BYTES", 4 << 20)  # 4 MiB stands in for 256 MiB
    before = path.read_bytes()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (8 << 20))  # 8 KiB packed, 8 MiB inflated
    packed = path.stat().st_size
    assert packed < len(before) + (64 << 10)
    code, _out, err = run(capsys, "validate", path)
    assert code == 2
    assert "the part xl/media/padding.bin inflates to more than 4 MiB" in err
    assert "Nothing was written" in err
    assert path.stat().st_size == packed


def test_a_normal_register_passes_the_size_check(make_register) -> None:
    path = make_register({QuoteLines: []})
    package.Package(path)  # no refusal
