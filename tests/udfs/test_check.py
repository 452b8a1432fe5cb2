"""OD_CHECK's plumbing against the Validate contract: which table a block is, the rows handed to
`validate`, and one status per row lined up under a heading. The rules themselves are Validate's
(orderdesk.domain.validation); here a recording stand-in takes their place."""

from __future__ import annotations

import sys
import types

import orderdesk_udfs as od
import pytest

from orderdesk.ports import TableData
from orderdesk.schema import OrderLines, Orders


@pytest.fixture
def rules(monkeypatch):
    """A stand-in for orderdesk.domain.validation with the contract's two functions."""
    calls: dict[str, object] = {}
    module = types.ModuleType("orderdesk.domain.validation")

    class ValidationContext:
        def __init__(self, today):
            self.today = today

    def validate(tables, context):
        calls["tables"] = dict(tables)
        calls["context"] = context
        return ["finding"]

    def row_statuses(findings, data: TableData):
        calls["findings"] = findings
        return {int(data.frame.index[0]): "1 error, 2 warnings"}

    module.ValidationContext = ValidationContext
    module.validate = validate
    module.row_statuses = row_statuses
    monkeypatch.setitem(sys.modules, "orderdesk.domain.validation", module)
    import orderdesk.domain

    monkeypatch.setattr(orderdesk.domain, "validation", module, raising=False)
    return calls


def test_an_orders_block_gets_a_heading_and_one_status_per_row(rules, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-03-07")
    block = [
        [str(Orders.order_id), str(Orders.customer), "My own column", str(Orders.order_date)],
        ["SO-2026-0001", "CU-1", "x", "2026-03-01"],
        [None, None, None, None],  # a blank row inside the table
        ["SO-2026-0002", "CU-2", None, "someday"],
    ]
    assert od.OD_CHECK(block) == [["Check"], ["1 error, 2 warnings"], [""], ["OK"]]
    ((table, data),) = rules["tables"].items()
    assert table is Orders
    assert list(data.frame.index) == [2, 4]  # rows of the block, header = row 1
    assert list(data.frame[Orders.order_id]) == ["SO-2026-0001", "SO-2026-0002"]
    assert [str(i.ref) for i in data.issues] == ["Orders!D4 (Order Date)"]
    assert str(rules["context"].today) == "2026-03-07"
    assert rules["findings"] == ["finding"]


def test_order_lines_are_told_apart_by_their_headers(rules):
    block = [[str(OrderLines.order_id), str(OrderLines.line_no), str(OrderLines.sku)]]
    block.append(["SO-2026-0001", 1, "SKU-1"])
    assert od.OD_CHECK(block) == [["Check"], ["1 error, 2 warnings"]]
    assert list(rules["tables"]) == [OrderLines]


def test_a_block_without_register_headers_is_refused(rules):
    assert od.OD_CHECK([["Name", "Qty"], ["a", 1]]) == (
        "Error: the first row must be the headers of the Orders or OrderLines table"
    )
    assert "tables" not in rules
