"""A register typed by hand, not made from the template: headers in another order and case, an
alias header, a column the user added, blank rows inside the table, numbers as text, dates in
three formats, Chinese and Arabic text, a required column that is missing and sheets that are not
there at all. Validate must not crash, and every finding must name a real cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from orderdesk.adapters.grid import header_names
from orderdesk.cli import main
from orderdesk.schema import Customers, OrderLines, Orders, Settings
from tests.validation.workbook import issues

ORDER_HEADERS = [
    "order id",  # lower case
    "CUSTOMER",
    "Customer PO No.",  # an alias of "Customer PO"
    "Stage ",
    "Order Date",
    "Currency",
    "Incoterm",
    "Named place",
    "Transport Mode",
    "Payment terms",
    "Deposit %",
    "Requested delivery",
    "Promised Ship Date",
    "Port of Loading",
    "Port of Discharge",
    "Shipping Marks",
    # no Forwarder column: required from 'ready to ship'
    "Sales Owner",
    "Ship-to",
    "Ship-to Country",
    "Order Total",
    "ملاحظات",  # the user's own column (Arabic: notes)
]
ORDERS = [
    [
        "SO-2026-0101",
        "CU-ES ",
        "4500-777",
        "Confirmed",
        "07/03/2026",
        " eur",
        "fob",
        "Ningbo",
        "Sea",
        "TT30-70 BS",
        "30%",
        "2026年5月20日",
        "15 avril 2026",
        None,
        None,
        None,
        "María García",
        "Calle Mayor 12, Valencia",
        "ES",
        "1,234.50",
        "تم التأكيد بالهاتف",
    ],
    [None] * 21,  # a blank row inside the table
    [
        "SO-2026-0102",
        "CU-CN",
        "HD-88",
        "ready to ship",
        dt.datetime(2026, 2, 1),
        "USD",
        "CIF",
        "",
        "sea",
        "T/T 30/70 against B/L copy",
        0.3,
        "next month",
        "2026-03-20",
        "CNNGB",
        "Valencia",
        "宏达 / VALENCIA",
        "王伟",
        "上海宏达贸易有限公司",
        "ES",
        2400,
        None,
    ],
    [
        "SO-2026-0103",
        "CU-DE",
        None,
        "in_production",
        "2026-01-15",
        "EUR",
        "DAP",
        "Hamburg",
        "road",
        "TT50-50 BS",
        "50",
        "2026-04-30",
        "2026-03-31",
        None,
        None,
        None,
        "Hanna Fischer",
        "Nordhaus GmbH, Hafenstraße 5, Hamburg",
        "DE",
        "1.000,00",
        "Kunde ruft an",
    ],
]
LINE_HEADERS = [
    "Order ID",
    "Line",
    "SKU",
    "Description",
    "Spec",
    "Qty",
    "Unit",
    "Unit Price",
    "Amount",
    "HS Code",
    "Supplier",
    "Supplier Due",
]
LINES = [
    [
        "SO-2026-0101",
        1,
        "HW-1001",
        "Bisagra inox 100 mm",
        "AISI 304",
        "1 000",
        "pcs",
        "1,2345",
        "1234.5",
        None,
        None,
        None,
    ],
    [
        "SO-2026-0102",
        1,
        "HW-1001",
        "不锈钢合页",
        "AISI 304",
        "2,000",
        "PCS",
        1.2,
        2400,
        "8302.10",
        "SU-001",
        "2026-03-10",
    ],
    [
        "SO-2026-0103",
        "1",
        "KW-2001",
        "Rührschüssel",
        "",
        "approx. 500",
        "PCS",
        2.0,
        1000,
        None,
        "SU-002",
        "31.03.2026",
    ],
]
CUSTOMER_HEADERS = [
    "Customer ID",
    "Name",
    "Country",
    "Language",
    "Email",
    "Credit Score",
    "Blocked",
]
CUSTOMERS = [
    ["CU-ES", "Distribuciones Ibéricas S.L.", "ES", "es", "compras@ibericas.es", "85", "no"],
    ["CU-CN", "上海宏达贸易有限公司", "CN", "zh-CN", "wang.wei@hongda", 65, "否"],
    ["CU-DE", "Nordhaus Handels GmbH", "DE", "Deutsch", "einkauf@nordhaus.de", 90, None],
]


def _write(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = Orders.sheet
    ws.append(ORDER_HEADERS)
    for r in ORDERS:
        ws.append(r)
    ws = wb.create_sheet(OrderLines.sheet)
    ws.append(["Lines typed by hand"])  # a title row above the table
    ws.append(LINE_HEADERS)
    for r in LINES:
        ws.append(r)
    ws = wb.create_sheet(Customers.sheet)
    ws.append(CUSTOMER_HEADERS)
    for r in CUSTOMERS:
        ws.append(r)
    ws = wb.create_sheet(Settings.sheet)
    ws.append([str(Settings.key), str(Settings.value)])
    ws.append(["date order", "DMY"])
    wb.save(path)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "Pedidos.xlsx"
    _write(path)
    return path


def test_a_hand_typed_register_validates_and_every_finding_names_its_cell(messy: Path) -> None:
    before = load_workbook(messy)
    assert main(["validate", str(messy)]) == 1
    after = load_workbook(messy)
    rows = issues(messy)
    assert rows, "the register has mistakes; Validate must report them"
    for r in rows:
        sheet, row, column, value, message = (
            r["Sheet"],
            r["Row"],
            r["Column"],
            r["Value"],
            r["Message"],
        )
        assert message.startswith(f"{sheet} row {row}") and column in message
        if value is not None:
            assert str(value) in message
        if r["Rule"] == "COLUMN-MISSING":
            assert f"has no column '{column}'" in message
            continue
        ws = before[sheet]
        # The header above the named cell is the column the finding names (or one of its aliases).
        letter = message.split("(", 1)[1].split(")", 1)[0].rstrip("0123456789")
        headers = [ws[f"{letter}{h}"].value for h in range(1, row)]
        assert any(
            str(h).strip().lower() in header_names(_column(sheet, column)) for h in headers if h
        ), (message, headers)
        # And the cell holds what the finding says (empty when it says empty).
        cell = ws[f"{letter}{row}"].value
        if value is None:
            assert cell in (None, ""), message
        else:
            assert cell not in (None, ""), message

    found = {(r["Rule"], r["Sheet"], r["Row"], r["Column"]) for r in rows}
    expected = {
        ("CELL-UNREADABLE", "Orders", 4, "Requested Delivery"),  # "next month"
        ("INCOTERM-PLACE", "Orders", 4, "Named Place"),  # CIF with an empty place
        ("LOCODE-FORM", "Orders", 4, "Port of Discharge"),  # "Valencia"
        ("COLUMN-MISSING", "Orders", 1, "Forwarder"),  # ready to ship needs it
        ("REQ-CUSTOMER-PO", "Orders", 5, "Customer PO"),
        ("CELL-UNREADABLE", "OrderLines", 5, "Qty"),  # "approx. 500"
        ("REQ-SPEC", "OrderLines", 5, "Spec"),
        ("EMAIL-FORM", "Customers", 3, "Email"),
    }
    assert expected <= found
    # Lenient reading: these were typed loosely but mean something clear; none is a finding.
    for clean in (
        ("CURRENCY-UNKNOWN", "Orders", 2, "Currency"),  # " eur"
        ("INCOTERM-UNKNOWN", "Orders", 2, "Incoterm"),  # "fob"
        ("STAGE-UNKNOWN", "Orders", 5, "Stage"),  # "in_production"
        ("UNIT-UNKNOWN", "OrderLines", 3, "Unit"),  # "pcs"
        ("PAYMENT-TERMS-UNKNOWN", "Orders", 4, "Payment Terms"),  # "T/T 30/70 against B/L copy"
        ("TOTAL-MISMATCH", "Orders", 2, "Order Total"),  # "1,234.50" = "1 000" × "1,2345"
        ("DATE-ORDER", "Orders", 2, "Promised Ship Date"),  # 07/03/2026 ≤ 15 avril ≤ 2026年5月20日
        ("AMOUNT-MISMATCH", "OrderLines", 3, "Amount"),
    ):
        assert clean not in found, clean

    # The user's own column and its Arabic text are untouched; the blank row is still blank.
    assert after[Orders.sheet]["U2"].value == "تم التأكيد بالهاتف"
    assert after[Orders.sheet]["U1"].value == "ملاحظات"
    assert all(c.value is None for c in after[Orders.sheet][3][:21])
    assert after[OrderLines.sheet]["D4"].value == "不锈钢合页"


def _column(sheet: str, header: str):  # type: ignore[no-untyped-def]
    from orderdesk.schema import table_by_name

    return table_by_name(sheet).by_header(header)


def test_the_questions_of_a_hand_typed_register(
    messy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["questions", str(messy), "--order", "SO-2026-0102"]) == 1
    out = capsys.readouterr().out
    assert "我们无法识别要求的交货日期“next month”，请确认。" in out
    assert "我们无法识别卸货港“VALENCIA”，请确认。" in out
