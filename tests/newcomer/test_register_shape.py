"""A workbook that is not a register, or a register missing what an action needs, is refused
before anything is written, naming the sheet and the column — in one place every action reads
through (issue 23, items 4 and 5). Checked from the outside: exit codes, messages, and the
file's bytes (read back as they are on disk), for every command that reads the damaged table."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from orderdesk.actions.kpi import refresh_kpis
from orderdesk.adapters.live_register import LiveRegister
from orderdesk.cli import main
from orderdesk.ports import NotARegister
from tests.addin.fake_excel import FakeBook
from tests.newcomer.conftest import (
    clear_header,
    delete_column,
    delete_sheet,
    not_a_register,
)

# Every command that acts on a register, with what it needs besides the path.
ACTIONS: list[list[str]] = [
    ["validate"],
    ["questions"],
    ["kpi"],
    ["suppliers", "score"],
    ["docs", "--all-ready", "--kind", "pi"],
    ["sync", "tracking", "--sandbox"],
    ["sync", "bank", "--api", "--sandbox"],
    ["quote", "price"],
    ["quote", "reprice"],
    ["quote", "verify-log"],
    ["export", "sheet", "--sheet", "Orders", "--out", "{tmp}/orders.csv"],
    ["export", "settlement", "--period", "2026-10", "--out", "{tmp}/journal.csv"],
    ["about"],
    ["sandbox"],
]


GROUPS = ("sync", "quote", "suppliers", "export")  # a group's command is two words


def _run(capsys: pytest.CaptureFixture[str], argv: list[str], path: Path) -> tuple[int, str]:
    n = 2 if argv[0] in GROUPS else 1
    rest = (a.replace("{tmp}", str(path.parent)) for a in argv[n:])
    code = main([*argv[:n], str(path), *rest])
    said = capsys.readouterr()
    return code, " ".join((said.out + said.err).split())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("argv", ACTIONS, ids=lambda a: " ".join(a[:2]))
def test_a_workbook_that_is_not_a_register_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = not_a_register(tmp_path / "Prices.xlsx")
    before = _digest(path)
    code, said = _run(capsys, argv, path)
    assert code == 2, said
    assert f"{path}: not an OrderDesk register: there is no 'Orders' sheet" in said
    assert _digest(path) == before
    assert openpyxl.load_workbook(path).sheetnames == ["Prices"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Prices.xlsx"]


# The commands that read order lines (each one refused when their key or Qty is gone).
READ_LINES = [a for a in ACTIONS if a[0] in ("validate", "questions", "kpi", "suppliers", "docs")]


# Deleting OrderLines' Order ID once left the lines out without a word: Validate found nothing
# wrong with them, OTIF rose and the supplier alerts vanished. Without Qty, `kpi` blamed the
# Unit Cost. Each command that reads the lines now refuses, naming the column (Validate reports a
# missing Qty as a finding instead, below).
GONE = [
    ("Order ID", "sheet 'OrderLines' has no 'Order ID' header", argv) for argv in READ_LINES
] + [
    ("Qty", "sheet 'OrderLines' has no column 'Qty' (required from stage 'confirmed')", argv)
    for argv in READ_LINES
    if argv[0] not in ("validate", "questions")
]


@pytest.mark.parametrize(
    ("column", "message", "argv"), GONE, ids=[f"{c}-{' '.join(a[:2])}" for c, _, a in GONE]
)
def test_a_table_without_its_key_or_a_required_column_is_refused(
    sample: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    column: str,
    message: str,
    argv: list[str],
) -> None:
    path = delete_column(sample("Register.xlsx"), "OrderLines", column)
    before = _digest(path)
    code, said = _run(capsys, argv, path)
    assert code == 2, said
    assert message in said
    assert _digest(path) == before


def test_validate_reports_a_missing_required_column_as_a_finding(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Validate's job is to say what a register lacks: a hand-typed register without the Qty
    column is validated, and the gap is a finding on the header row."""
    path = delete_column(sample("Register.xlsx"), "OrderLines", "Qty")
    code, said = _run(capsys, ["validate"], path)
    assert code == 1
    assert "OrderLines row 1 (the header row) has no column 'Qty'" in said


def test_a_blank_header_cell_is_named_not_the_columns_after_it(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = clear_header(sample("Register.xlsx"), "Orders", "Check")
    header = [c.value for c in openpyxl.load_workbook(path)["Orders"][1]]
    cell = f"{openpyxl.utils.get_column_letter(header.index(None) + 1)}1"
    for argv in (["validate"], ["kpi"]):
        code, said = _run(capsys, argv, path)
        assert code == 2, said
        assert f"the header cell {cell} is blank (was it 'Check'?)" in said
        after = [h for h in header[header.index(None) + 1 :] if h]
        named = ", ".join(f"'{h}'" for h in after[:3])  # three named, then how many more
        more = f" and {len(after) - 3} more" if len(after) > 3 else ""
        kind = "columns" if len(after) > 1 else "column"
        assert f"the {kind} {named}{more} after it cannot be read" in said


def test_a_missing_sheet_is_refused_by_an_action_that_needs_it(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = delete_sheet(sample("Register.xlsx"), "Shipments")
    before = _digest(path)
    code, said = _run(capsys, ["sync", "tracking", "--sandbox"], path)
    assert (code, _digest(path)) == (2, before)
    assert "the workbook has no sheet 'Shipments'" in said
    # Validate skips the rules of a table that is not there, and says so.
    code, said = _run(capsys, ["validate"], path)
    assert code in (0, 1) and "not in this workbook (their rules were skipped): Shipments" in said


def test_about_lists_what_is_wrong_instead_of_refusing(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = delete_column(sample("Register.xlsx"), "OrderLines", "Order ID")
    delete_column(path, "Customers", "Country")
    code, said = _run(capsys, ["about"], path)
    assert code == 1
    found = re.search(r"(\d+) of (\d+) register tables found, 2 problems", said)
    assert found and int(found[1]) == int(found[2]) - 1, said
    assert "sheet 'OrderLines' has no 'Order ID' header" in said
    assert "Customers: missing columns Country" in said


def test_the_ribbon_refuses_a_workbook_that_is_not_a_register_before_writing() -> None:
    book = FakeBook("Prices.xlsx")
    book.sheets.add("Prices").range("A1:B2").value = [["SKU", "Price"], ["HW-1", 1.2]]
    book.calls.clear()
    with pytest.raises(NotARegister, match=r"Prices\.xlsx: not an OrderDesk register"):
        refresh_kpis(LiveRegister(book))
    assert book.calls["write"] == 0 and book.calls["sheets.add"] == 0
    assert book.sheet_names == ["Prices"]
