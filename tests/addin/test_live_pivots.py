"""The Pivots button in a (fake) Excel: PivotTables made through Excel's object model over the
register's tables by name, and on a later click refreshed (RefreshTable), never made again."""

from __future__ import annotations

from pathlib import Path

import orderdesk_addin
import pytest

from orderdesk.actions.pivots import PIVOTS_SHEET
from orderdesk.actions.register import new_register
from orderdesk.adapters.live_register import XL_COLUMN_FIELD, XL_PAGE_FIELD, XL_ROW_FIELD, XL_SUM
from orderdesk.schema import Invoices, OrderLines, Orders, Quotes

from .fake_excel import FakeBook


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBook:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-30")
    path = tmp_path / "Register.xlsx"
    new_register(path, sample_orders=30, seed=2)
    return FakeBook.from_xlsx(path)


def test_pivots_are_made_through_the_object_model_then_only_refreshed(book: FakeBook) -> None:
    outcome = orderdesk_addin.run("odPivots", book=book)
    assert outcome is not None, book.app.alerts
    calls = book.pivot_calls
    created = [c for c in calls if c[0] == "PivotCaches.Create"]
    assert [c[2] for c in created] == [
        Orders.table_name,
        OrderLines.table_name,
        Invoices.table_name,
        Orders.table_name,
        Quotes.table_name,
    ]
    tables = [c for c in calls if c[0] == "CreatePivotTable"]
    assert {c[1] for c in tables} == {PIVOTS_SHEET} and len(tables) == 5
    profit = "ptProfitByCustomer"
    fields = {
        (c[2], c[4]) for c in calls if c[:2] == ("PivotField", profit) and c[3] == "Orientation"
    }
    assert fields == {
        (Orders.customer, XL_ROW_FIELD),
        (Orders.order_month, XL_COLUMN_FIELD),
        (Orders.customer_country, XL_PAGE_FIELD),
    }
    # month (quarter) the outer column field, late / on time (won / lost) the inner one
    for name, outer, inner in (
        ("ptSupplierOnTime", OrderLines.due_month, OrderLines.supplier_delivery),
        ("ptQuotes", Quotes.quote_quarter, Quotes.status),
    ):
        set_on = [c[2:] for c in calls if c[:2] == ("PivotField", name)]
        assert set_on.index((outer, "Orientation", XL_COLUMN_FIELD)) + 1 == set_on.index(
            (outer, "Position", 1)
        ), name
        assert set_on.index((inner, "Orientation", XL_COLUMN_FIELD)) + 1 == set_on.index(
            (inner, "Position", 2)
        ), name
        assert not [c for c in set_on if c[1:] == ("Orientation", XL_PAGE_FIELD)], name
    data = [c[2:] for c in calls if c[:2] == ("AddDataField", profit)]
    assert data == [
        (Orders.gross_profit_base, f"Sum of {Orders.gross_profit_base}", XL_SUM),
        (Orders.order_value_base, f"Sum of {Orders.order_value_base}", XL_SUM),
    ]
    sheet = book.sheets[PIVOTS_SHEET]
    assert any("PivotTables" in str(v) for v in sheet.cells.values())  # its heading
    # the helper columns went into the Orders table, through Excel
    profit_col = book.sheets[Orders.sheet].column(str(Orders.gross_profit_base))
    assert any(isinstance(v, float) for v in profit_col.values())

    book.pivot_calls.clear()
    again = orderdesk_addin.run("odPivots", book=book)
    assert again is not None, book.app.alerts
    assert [c[0] for c in book.pivot_calls] == ["RefreshTable"] * 5  # nothing rebuilt
    assert "left as they are" in book.app.alerts[-1][0]
