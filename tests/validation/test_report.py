"""What Validate reports and marks, decided in `domain/validation/report.py`: the scope of a run,
the orders behind a selection, the Check column and the cells to highlight."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from orderdesk.domain.validation import Finding, Severity
from orderdesk.domain.validation.report import (
    Scope,
    Tally,
    check_cells,
    chooses_rows,
    issues_sheet,
    marked_cells,
    questions_summary,
    report_lines,
    rows_used_by,
    selected_orders,
    selected_rows,
)
from orderdesk.ports import CellRef, Selection
from orderdesk.schema import CreditBands, Customers, OrderLines, Orders, Products, Suppliers

ORDERS = [
    {Orders.order_id: "SO-1", Orders.customer: "C1"},
    {Orders.order_id: "SO-2", Orders.customer: "C2"},
    {Orders.order_id: "SO-2", Orders.customer: "C2"},  # the same ID twice: rows 4 and 5
    {Orders.order_id: "SO-3", Orders.customer: "C1"},
]
LINES = [
    {OrderLines.order_id: "SO-1", OrderLines.line_no: 1, OrderLines.sku: "P1",
     OrderLines.supplier: "SU-1"},
    {OrderLines.order_id: "SO-3", OrderLines.line_no: 1, OrderLines.sku: "P2",
     OrderLines.supplier: "SU-2"},
]  # fmt: skip
CUSTOMERS = [{Customers.customer_id: "C1"}, {Customers.customer_id: "C2"}]
PRODUCTS = [{Products.sku: "P1"}, {Products.sku: "P2"}]
SUPPLIERS = [{Suppliers.supplier_id: "SU-1"}, {Suppliers.supplier_id: "SU-2"}]


def tables(memory_register: Callable[..., Any]) -> dict[Any, Any]:
    reg = memory_register(
        {Orders: ORDERS, OrderLines: LINES, Customers: CUSTOMERS, Products: PRODUCTS,
         Suppliers: SUPPLIERS}
    )  # fmt: skip
    return {t: reg.read(t) for t in (Orders, OrderLines, Customers, Products, Suppliers)}


def finding(
    sheet: str, row: int, column: str, letter: str, order: str | None, sev: Severity
) -> Finding:
    return Finding(
        rule="X", severity=sev, order_id=order, cell=CellRef(sheet, row, column, letter),
        value="v", message="m",
    )  # fmt: skip


def test_selected_customers_stand_for_their_orders(memory_register) -> None:
    t = tables(memory_register)
    chosen = t[Customers].frame.iloc[[0]]  # C1
    assert selected_orders(Customers, chosen, t[Orders].frame) == {"SO-1", "SO-3"}
    lines = t[OrderLines].frame.iloc[[1]]
    assert selected_orders(OrderLines, lines, t[Orders].frame) == {"SO-3"}
    assert selected_orders(Products, t[Products].frame, t[Orders].frame) is None


def test_a_run_on_some_orders_reports_the_rows_they_use(memory_register) -> None:
    t = tables(memory_register)
    rows = rows_used_by({"SO-1"}, t)
    assert rows == {(Customers.sheet, 2), (Products.sheet, 2), (Suppliers.sheet, 2)}
    scope = Scope({"SO-1"}, rows)
    assert scope.includes(finding(Orders.sheet, 2, "Customer", "B", "SO-1", Severity.ERROR))
    assert not scope.includes(finding(Orders.sheet, 6, "Customer", "B", "SO-3", Severity.ERROR))
    assert scope.includes(finding(Products.sheet, 2, "SKU", "A", None, Severity.WARNING))
    assert not scope.includes(finding(Products.sheet, 3, "SKU", "A", None, Severity.WARNING))
    assert Scope().includes(finding(Products.sheet, 3, "SKU", "A", None, Severity.WARNING))
    assert scope.describe() == "1 order (SO-1)"


def test_the_check_column_has_every_order_once_and_marks_skip_repeated_ids(memory_register):
    t = tables(memory_register)
    letter = t[Orders].letters[str(Orders.customer)]
    found = [
        finding(Orders.sheet, 2, str(Orders.customer), letter, "SO-1", Severity.ERROR),
        finding(Orders.sheet, 4, str(Orders.customer), letter, "SO-2", Severity.ERROR),
    ]
    checks = check_cells(t[Orders], found)
    assert set(checks) == {("SO-1",), ("SO-2",), ("SO-3",)}
    assert "error" in checks[("SO-1",)][Orders.check]
    assert "error" not in checks[("SO-3",)][Orders.check]
    marks = marked_cells(found, t)
    # SO-2 is on two rows: neither can be addressed, so neither is marked
    assert sorted(marks[Orders]) == [(("SO-1",), Orders.check), (("SO-1",), Orders.customer)]
    assert marks[Customers] == []  # listed, so an old highlight there is cleared


def test_the_issues_sheet_says_what_was_checked_and_colours_severities(memory_register):
    found = [
        finding(Orders.sheet, 2, "Customer", "B", "SO-1", Severity.ERROR),
        finding(Orders.sheet, 6, "Customer", "B", "SO-3", Severity.WARNING),
    ]
    sheet = issues_sheet(found, [], Scope(), "mei", dt.date(2026, 3, 2))
    assert sheet.notes[0] == "All orders checked on 2026-03-02 by mei: 1 error, 1 warning."
    assert sorted(sheet.marks.values()) == ["FFC7CE", "FFEB9C"]


def test_the_tally_counts_errors_warnings_and_orders_and_says_so() -> None:
    found = [
        finding(Orders.sheet, 2, "Customer", "B", "SO-1", Severity.ERROR),
        finding(Orders.sheet, 2, "Incoterm", "C", "SO-1", Severity.WARNING),
        finding(Products.sheet, 3, "SKU", "A", None, Severity.WARNING),
    ]
    tally = Tally.of(found)
    assert (tally.errors, tally.warnings, tally.orders) == (1, 2, 1)
    assert tally.by_rule == {"X": 3}
    assert tally.summary(Scope({"SO-1"}), 1) == (
        "validated 1 order (SO-1): 1 error, 2 warnings in 1 order; questions for 1; "
        "results on the Issues sheet"
    )
    assert Tally.of([]).summary(Scope(), 0) == (
        "validated all orders: 0 errors, 0 warnings in 0 orders; questions for 0; "
        "results on the Issues sheet"
    )


def test_the_report_lists_some_findings_and_the_tables_whose_rules_were_skipped(
    memory_register,
) -> None:
    reg = memory_register({Orders: ORDERS})
    read = {
        Orders: reg.read(Orders),
        Suppliers: replace(reg.read(Suppliers), found=False),  # as a workbook without the sheet
        CreditBands: replace(reg.read(CreditBands), found=False),  # a table on Settings
    }
    found = [finding(Orders.sheet, r, "Customer", "B", "SO-1", Severity.ERROR) for r in (2, 3, 4)]
    assert report_lines(found, read, 2) == [
        "m [X]",
        "m [X]",
        "… and 1 more on the Issues sheet",
        "not in this workbook (their rules were skipped): Suppliers, Settings (Credit bands)",
    ]
    read = {Orders: read[Orders]}
    assert report_lines(found, read, 3) == ["m [X]"] * 3  # all shown, nothing skipped


def test_only_a_choice_of_rows_narrows_the_report() -> None:
    one_cell = Selection(Orders, (("SO-1",),), single_cell=True)
    rows = Selection(Orders, (("SO-1",), ("SO-3",)))
    assert not chooses_rows(None, current_row=True)
    assert not chooses_rows(Selection(Orders, ()), current_row=True)
    assert not chooses_rows(one_cell, current_row=False)  # the cursor is not a choice…
    assert chooses_rows(one_cell, current_row=True)  # …except for the order under it
    assert chooses_rows(rows, current_row=False)


def test_the_selected_rows_are_those_with_the_selected_keys(memory_register) -> None:
    t = tables(memory_register)
    chosen = selected_rows(t[Orders], Selection(Orders, (("SO-2",), ("SO-9",))))
    assert list(chosen.index) == [3, 4]  # both rows of SO-2; SO-9 is on none
    assert list(chosen[Orders.order_id]) == ["SO-2", "SO-2"]


def test_the_questions_summary_says_when_nothing_is_asked() -> None:
    assert questions_summary(2, Scope()) == "questions for 2 orders of all orders"
    assert questions_summary(0, Scope({"SO-1"})) == (
        "no questions: nothing is missing or doubtful in 1 order (SO-1)"
    )
