"""The Import PO button in (a fake of) Excel: the purchase orders in Settings' PO folder become
orders through the live adapter, the same as `orderdesk intake` on the file; a second click adds
nothing; an empty folder is said."""

from __future__ import annotations

from pathlib import Path

import orderdesk_addin

from orderdesk.schema import IntakeLog, OrderLines, Orders
from tests.addin.fake_excel import FakeBook
from tests.intake import pos as P


def _book(path: Path) -> FakeBook:
    book = FakeBook.from_xlsx(path)
    book.fullname = str(path)  # where Excel has it: the PO folder is beside it
    return book


def test_the_button_imports_the_po_folder_once(register: Path) -> None:
    folder = register.parent / "purchase orders"  # the default of Settings' 'po folder'
    folder.mkdir()
    P.write(folder, "commande.xlsx", P.french_workbook())
    book = _book(register)
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.findings == 0, outcome
    orders = book.sheets[Orders.sheet].column(str(Orders.order_id))
    (order_id,) = orders.values()
    assert book.sheets[Orders.sheet].column(str(Orders.customer_po)) == {
        row: "ED00731" for row in orders
    }
    assert book.sheets[Orders.sheet].column(str(Orders.stage)) == {
        row: "received" for row in orders
    }
    assert sorted(book.sheets[OrderLines.sheet].column(str(OrderLines.sku)).values()) == [
        "LI-6001",
        "LI-6005",
    ]
    assert list(book.sheets[IntakeLog.sheet].column(str(IntakeLog.order_id)).values()) == [order_id]
    (prompt, title, _mode), *_ = book.app.alerts
    assert title == "OrderDesk · Import PO" and "1 order added" in prompt

    again = orderdesk_addin.run("odImportPO", book=book)
    assert again is not None and again.data["orders"] == []
    assert f"imported before as {order_id}" in again.details[0]
    assert len(book.sheets[Orders.sheet].column(str(Orders.order_id))) == 1


def test_an_empty_po_folder_is_said(register: Path) -> None:
    book = _book(register)
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.findings == 1
    assert outcome.summary.startswith("import PO: no purchase orders in ")
    assert outcome.summary.endswith("purchase orders")
