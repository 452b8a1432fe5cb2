"""Rules the documents apply to the register's rows: the versions the Documents sheet records,
the stage the confirmation asks its questions at, and where a problem that stops a document is."""

from __future__ import annotations

import pandas as pd

from orderdesk.domain.documents.facts import as_to_ship
from orderdesk.domain.documents.naming import recorded_versions, version_for
from orderdesk.domain.documents.packing import Problem, where
from orderdesk.schema import DocKind, Documents, OrderLines, Orders


def test_recorded_versions_are_this_orders_of_this_kind(memory_register) -> None:
    reg = memory_register(
        {
            Documents: [
                {Documents.doc_id: "D1", Documents.order_id: "SO-1", Documents.kind: "pi",
                 Documents.version: 1, Documents.content: "aaa"},
                {Documents.doc_id: "D2", Documents.order_id: " SO-1 ", Documents.kind: "PI ",
                 Documents.version: 2, Documents.content: "bbb"},
                {Documents.doc_id: "D3", Documents.order_id: "SO-1", Documents.kind: "pi",
                 Documents.version: 3},  # no content recorded
                {Documents.doc_id: "D4", Documents.order_id: "SO-1", Documents.kind: "pi",
                 Documents.content: "ccc"},  # no version: not a version
                {Documents.doc_id: "D5", Documents.order_id: "SO-2", Documents.kind: "pi",
                 Documents.version: 7, Documents.content: "aaa"},
                {Documents.doc_id: "D6", Documents.order_id: "SO-1", Documents.kind: "ci",
                 Documents.version: 9, Documents.content: "aaa"},
            ]
        }
    )  # fmt: skip
    frame = reg.read(Documents).frame
    known = recorded_versions(frame, "SO-1", DocKind("pi"))
    assert sorted(known) == [(1, "aaa"), (2, "bbb"), (3, "")]
    assert version_for("aaa", known) == 1  # the same content keeps its version
    assert version_for("new", known) == 4
    assert recorded_versions(frame.iloc[0:0], "SO-1", DocKind("pi")) == []


def test_the_confirmation_asks_what_is_asked_at_ready_to_ship() -> None:
    stages = ["draft", "Confirmed", "in production", "ready to ship", "shipped", "cancelled", "??"]
    orders = pd.DataFrame({Orders.stage: stages}, index=range(2, 2 + len(stages)))
    raised = as_to_ship(orders)
    assert list(raised[Orders.stage]) == [
        "draft", "ready to ship", "ready to ship", "ready to ship", "shipped", "cancelled", "??"
    ]  # fmt: skip
    assert list(orders[Orders.stage]) == stages  # the register's own frame is left as read


def test_a_problem_names_its_cell_and_what_it_holds(memory_register) -> None:
    reg = memory_register(
        {
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "C1"}],
            OrderLines: [
                {OrderLines.order_id: "SO-1", OrderLines.line_no: 1, OrderLines.qty: "lots"},
                {OrderLines.order_id: "SO-1", OrderLines.line_no: 2},
            ],
        }
    )
    orders, lines = reg.read(Orders), reg.read(OrderLines)
    qty = lines.ref(3, OrderLines.qty)
    assert where(Problem(3, OrderLines.qty, None, "no quantity"), orders, lines) == (
        f"{qty} is blank: no quantity"
    )
    assert where(Problem(3, OrderLines.qty, 12.0, "too many"), orders, lines) == (
        f"{qty} is '12': too many"
    )
    bad = lines.ref(2, OrderLines.qty)
    problem = next(i.problem for i in lines.issues if i.ref.row == 2)
    assert where(Problem(2, OrderLines.qty, None, "no quantity"), orders, lines) == (
        f"{bad}: {problem}: no quantity"
    )
    customer = orders.ref(2, Orders.customer)
    assert where(Problem(2, Orders.customer, "C1", "unknown"), orders, lines) == (
        f"{customer} is 'C1': unknown"
    )
    assert where(Problem(2, Orders.customer, "C1", "seen", rule="PO-DUP"), orders, lines) == (
        "Validate PO-DUP: seen"
    )
    assert where(Problem(None, None, None, "no lines"), orders, lines) == "no lines"
