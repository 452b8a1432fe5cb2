"""=OD_CHECK(tblOrders[#All]) on a register with planted problems, with the real Validate rules:
row for row, the status it gives is the one the Validate button writes in the Check column. The
block is the Orders table as Excel hands it over (values as Excel holds them, through xlwings'
own conversion); the Check column is read back from the saved file with python-calamine."""

from __future__ import annotations

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from orderdesk.cli import main
from orderdesk.schema import Customers, OrderLines, Orders, Products
from tests.addin.fake_excel import FakeBook
from tests.documents.conftest import CUSTOMERS, PRODUCTS, line, order

from .test_excel_contract import excel_call, udfs  # noqa: F401  (udfs: xlwings' real decorators)

D = dt.date
PLANTED = {  # order → what is wrong with it (only Orders' own columns)
    "SO-1": None,
    "SO-2": ("CURRENCY-UNKNOWN", {"currency": "XYZ"}),
    "SO-3": ("INCOTERM-PLACE", {"incoterm": "CIF", "named_place": None}),
    "SO-4": ("DATE-ORDER", {"order_date": D(2026, 12, 1)}),
    "SO-5": ("REQ-CUSTOMER-PO, REQ-SHIP-TO", {"customer_po": None, "ship_to": None}),
    "SO-6": ("LOCODE-FORM, INCOTERM-UNKNOWN", {"port_of_loading": "Ningbo", "incoterm": "FOQ"}),
    "SO-7": ("CELL-UNREADABLE", {"order_date": "someday"}),
    "SO-8": ("PO-DUPLICATE (warning)", {"customer_po": "PO-0001"}),
    "SO-9": ("PO-DUPLICATE (warning)", {"customer_po": "PO-0001"}),
}  # fmt: skip
# Problems only another sheet shows, which OD_CHECK given the Orders table alone cannot see:
# an unknown customer (Customers), and lines not ready for shipping (the Check column counts
# the order's lines' findings too; OD_CHECK beside OrderLines shows those per line).
OTHER_SHEETS = {"SO-10": "CU-XX", "SO-11": "CU-ES"}


@pytest.fixture
def register(make_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-10-01")
    orders = [order(oid, "CU-ES", "confirmed", **(p[1] if p else {})) for oid, p in PLANTED.items()]
    orders.append(order("SO-10", "CU-XX", "confirmed"))  # no such customer
    orders.append(order("SO-11", "CU-ES", "ready to ship", forwarder="Kuehne+Nagel"))
    return make_register(
        {
            Customers: [{**c, Customers.credit_score: 90} for c in CUSTOMERS],  # band A
            Products: PRODUCTS,
            Orders: orders,
            OrderLines: [line(o[Orders.order_id], 1, "KW-100", 10, 8.0) for o in orders],
        }
    )


def check_column(path) -> dict[str, str]:
    """Order → the status Validate wrote, as python-calamine reads the saved workbook."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(Orders.sheet).to_python()
    header = rows[0]
    key, check = header.index(str(Orders.order_id)), header.index(str(Orders.check))
    return {r[key]: r[check] for r in rows[1:] if r[key]}


def test_od_check_gives_the_statuses_validate_gives(register, udfs):  # noqa: F811
    assert main(["validate", str(register)]) == 1  # errors found
    validated = check_column(register)
    for oid, planted in PLANTED.items():  # the planted problems are there, as planted
        assert (validated[oid] == "OK") is (planted is None), (oid, validated[oid])
    assert validated["SO-8"] == "1 warning"
    assert validated["SO-5"] == "2 errors"

    book = FakeBook.from_xlsx(register)  # the saved register, open in Excel
    (table,) = book.sheets[Orders.sheet].tables
    block = table.range.options(ndim=2).value  # tblOrders[#All], header row first
    shown = excel_call(udfs.OD_CHECK, block)
    assert shown[0] == ["Check"]
    keys = [row[0] for row in block[1:]]
    assert keys[: len(PLANTED)] == list(PLANTED) and len(shown) == len(block)
    by_order = {k: row[0] for k, row in zip(keys, shown[1:], strict=True)}
    for oid in PLANTED:
        assert by_order[oid] == validated[oid], oid
    # Rules that need another sheet are skipped, as OD_CHECK's description says.
    for oid in OTHER_SHEETS:
        assert validated[oid] != "OK" and by_order[oid] == "OK", oid


def test_the_comparison_can_fail(register, udfs):  # noqa: F811
    """A status OD_CHECK would get wrong is seen: fix one planted problem in the block only."""
    main(["validate", str(register)])
    validated = check_column(register)
    book = FakeBook.from_xlsx(register)
    (table,) = book.sheets[Orders.sheet].tables
    block = table.range.options(ndim=2).value
    currency = block[0].index(str(Orders.currency))
    row = next(i for i, r in enumerate(block) if r[0] == "SO-2")
    block[row][currency] = "USD"
    shown = excel_call(udfs.OD_CHECK, block)
    assert shown[row][0] == "OK" != validated["SO-2"]
