"""OD_CHECK's plumbing, with the real Validate rules: which table a block is, the block's own row
numbers (a blank row stays blank), a user's extra column ignored, one status per row lined up
under a heading. test_check_rules.py compares whole registers with the Validate button."""

from __future__ import annotations

import orderdesk_udfs as od

from orderdesk.schema import OrderLines, Orders


def test_an_orders_block_gets_a_heading_and_one_status_per_row(monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-03-07")
    block = [
        [str(Orders.order_id), str(Orders.customer), "My own column", str(Orders.order_date)],
        ["SO-2026-0001", "CU-1", "x", "2026-03-01"],
        [None, None, None, None],  # a blank row inside the table
        ["SO-2026-0002", "CU-2", None, "someday"],  # CELL-UNREADABLE
    ]
    assert od.OD_CHECK(block) == [["Check"], ["OK"], [""], ["1 error"]]


def test_order_lines_are_told_apart_by_their_headers():
    header = [str(c) for c in (OrderLines.order_id, OrderLines.line_no, OrderLines.sku)]
    header += [str(OrderLines.qty), str(OrderLines.unit)]
    block = [
        header,
        ["SO-2026-0001", 1, "SKU-1", 5, "PCS"],
        ["SO-2026-0001", 2, "SKU-2", -5, "PCS"],  # QTY-NOT-POSITIVE
        ["SO-2026-0001", 3, "SKU-3", 5, "BOXES"],  # UNIT-UNKNOWN
    ]
    assert od.OD_CHECK(block) == [["Check"], ["OK"], ["1 error"], ["1 error"]]
    assert od.OD_CHECK(block[:2]) == [["Check"], ["OK"]]


def test_a_block_without_register_headers_is_refused():
    assert od.OD_CHECK([["Name", "Qty"], ["a", 1]]) == (
        "Error: the first row must be the headers of the Orders or OrderLines table"
    )
