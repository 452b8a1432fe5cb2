"""The Validate button and `orderdesk validate`, on a real workbook file, read back with openpyxl."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from orderdesk.actions.context import RunContext
from orderdesk.actions.orders import MARK, validate_orders
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.ports import Selection
from orderdesk.schema import OWNED_SHEETS, SHEET_ORDER, Issues, OrderLines, Orders
from tests.libreoffice import needs_soffice, recalculated
from tests.validation.test_rules import SO1, SO2, both, line, order
from tests.validation.workbook import cells, column_values, fill, issues

TWO_PROBLEMS = both(order(SO2, shipping_marks=None), order(SO1, deposit_pct=0.2))


def test_validate_writes_the_issues_sheet_the_check_column_and_highlights(
    broken: Callable[..., Path],
) -> None:
    path = broken(TWO_PROBLEMS)
    assert main(["validate", str(path)]) == 1  # an error was found

    rows = issues(path)
    assert [
        (r["Order ID"], r["Sheet"], r["Row"], r["Column"], r["Rule"], r["Severity"]) for r in rows
    ] == [
        ("SO-2026-0001", "Orders", 2, "Deposit %", "DEPOSIT-TERMS", "warning"),
        ("SO-2026-0002", "Orders", 3, "Shipping Marks", "REQ-SHIPPING-MARKS", "error"),
    ]
    assert rows[0]["Value"] == "20%"
    assert rows[0]["Message"].startswith("Orders row 2, Deposit % (K2) = 20%")

    assert column_values(path, Orders.sheet, str(Orders.check)) == {
        "SO-2026-0001": "1 warning",
        "SO-2026-0002": "1 error",
        "SO-2026-0003": "OK",
        "SO-2026-0004": "OK",
    }
    assert fill(path, Orders.sheet, "K2") == MARK  # the deposit
    assert fill(path, Orders.sheet, "S3") == MARK  # the shipping marks
    assert fill(path, Orders.sheet, "F2") is None  # a good cell


def test_only_warnings_exit_0(broken: Callable[..., Path]) -> None:
    path = broken(order(SO1, deposit_pct=0.2))
    assert main(["validate", str(path)]) == 0
    assert [r["Rule"] for r in issues(path)] == ["DEPOSIT-TERMS"]


def test_fixing_a_cell_clears_its_finding_and_its_highlight(broken: Callable[..., Path]) -> None:
    path = broken(order(SO1, currency="EUX"))
    # The clerk had coloured the cell yellow herself: that fill must come back.
    wb = load_workbook(path)
    wb[Orders.sheet]["F2"].fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(path)

    assert main(["validate", str(path)]) == 1
    assert [r["Rule"] for r in issues(path)] == ["CURRENCY-UNKNOWN"]
    assert fill(path, Orders.sheet, "F2") == MARK
    assert fill(path, Orders.sheet, "AA2") == MARK  # the Check cell of an order with an error

    wb = load_workbook(path)  # the clerk fixes the cell and saves
    wb[Orders.sheet]["F2"] = "EUR"
    wb.save(path)

    assert main(["validate", str(path)]) == 0
    assert issues(path) == []
    assert fill(path, Orders.sheet, "F2") == "FFFF00"
    assert fill(path, Orders.sheet, "AA2") is None
    assert column_values(path, Orders.sheet, str(Orders.check))["SO-2026-0001"] == "OK"


def test_running_twice_replaces_the_results(broken: Callable[..., Path]) -> None:
    path = broken(TWO_PROBLEMS)
    main(["validate", str(path)])
    first = issues(path)
    main(["validate", str(path)])
    assert issues(path) == first
    assert load_workbook(path).sheetnames.count(Issues.sheet) == 1


def test_validate_never_touches_user_data(broken: Callable[..., Path]) -> None:
    path = broken(TWO_PROBLEMS)
    user_sheets = [s for s in SHEET_ORDER if s not in OWNED_SHEETS]
    before = cells(path, user_sheets)
    main(["validate", str(path)])
    after = cells(path, user_sheets)
    check = {k: v for k, v in after.items() if k not in before}
    # What was added is the Check column's statuses (column AA on Orders), nothing else …
    assert {(s, a.rstrip("0123456789")) for s, a in check} == {(Orders.sheet, "AA")}
    # … and nothing that was there changed.
    assert {k: after[k] for k in before} == before


def test_an_order_option_reports_that_order_only(broken: Callable[..., Path]) -> None:
    path = broken(TWO_PROBLEMS)
    assert main(["validate", str(path), "--order", "SO-2026-0001"]) == 0  # only a warning there
    assert [r["Order ID"] for r in issues(path)] == ["SO-2026-0001"]
    # The Check column shows every order's state, so it is never left stale.
    assert column_values(path, Orders.sheet, str(Orders.check))["SO-2026-0002"] == "1 error"


def test_an_unknown_order_is_a_usage_error(
    broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = broken(lambda t: None)
    assert main(["validate", str(path), "--order", "SO-1999-0001"]) == 2
    assert "SO-1999-0001" in capsys.readouterr().err


def test_the_ribbon_validates_the_selected_rows(broken: Callable[..., Path]) -> None:
    path = broken(TWO_PROBLEMS)
    selected = Selection(OrderLines, (("SO-2026-0002", 1),))  # a line of SO-2 is selected
    outcome = validate_orders(RunContext.of(FileRegister(path, selection=selected)))
    assert outcome.findings == 1
    assert [r["Order ID"] for r in issues(path)] == ["SO-2026-0002"]


def test_json_output(broken: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = broken(TWO_PROBLEMS)
    assert main(["validate", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1 and data["warnings"] == 1
    assert [i["rule"] for i in data["issues"]] == ["DEPOSIT-TERMS", "REQ-SHIPPING-MARKS"]
    assert data["issues"][1]["cell"] == "S3"


def test_a_line_problem_marks_the_line_and_counts_for_its_order(
    broken: Callable[..., Path],
) -> None:
    path = broken(line(2, hs_code="851712"))
    main(["validate", str(path)])
    assert fill(path, OrderLines.sheet, "F4") == MARK
    assert column_values(path, Orders.sheet, str(Orders.check))["SO-2026-0002"] == "1 error"


@needs_soffice
def test_libreoffice_reads_the_validated_workbook(
    broken: Callable[..., Path], tmp_path: Path
) -> None:
    path = broken(TWO_PROBLEMS)
    main(["validate", str(path)])
    seen = recalculated(path, tmp_path / "lo")
    wb = load_workbook(seen, data_only=True)
    values = [c.value for row in wb[Issues.sheet].iter_rows() for c in row if c.value]
    assert "REQ-SHIPPING-MARKS" in values and "DEPOSIT-TERMS" in values
    orders = wb[Orders.sheet]
    assert orders["AA1"].value == str(Orders.check) and orders["AA3"].value == "1 error"
