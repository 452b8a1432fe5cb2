"""The ApprovalLog's hash chain: an untouched log verifies (also after LibreOffice saved it);
one changed character, a deleted, inserted or moved row makes verify-log fail and name it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from orderdesk.adapters import grid as G
from orderdesk.adapters import xlsx
from orderdesk.adapters.approval_journal import ApprovalJournal
from orderdesk.defaults import policy_rows
from orderdesk.domain.quotes.chain import ChainHead, Tamper, next_entry, verify_chain
from orderdesk.schema import ApprovalLog, Column
from tests.libreoffice import convert, needs_soffice
from tests.quotes.conftest import run

START = dt.datetime(2026, 10, 14, 9, 30, 5)
PEOPLE = [
    ("lwei", "sales manager", 1),
    ("zhangmin", "cost accountant", 2),
    ("chenjing", "commercial", 3),
    ("mgarcia", "sales manager", 1),
    ("hfischer", "cost accountant", 2),
]


def make_log(n: int) -> list[dict[Column, Any]]:
    rows: list[dict[Column, Any]] = []
    for i in range(n):
        user, role, level = PEOPLE[i % len(PEOPLE)]
        entry = {
            ApprovalLog.user: user,
            ApprovalLog.role: role,
            ApprovalLog.level: level,
            ApprovalLog.quote_id: f"Q-2026-{i // 3 + 1:04d}",
            ApprovalLog.version: 1,
            ApprovalLog.decision: "approve",
            ApprovalLog.comment: f"Geprüft – 核对 {i}",
            ApprovalLog.quote_digest: f"{i:016x}",
        }
        rows.append(next_entry(_frame(rows), entry, at=START + dt.timedelta(minutes=7 * i)))
    return rows


def _frame(rows: list[dict[Column, Any]]) -> pd.DataFrame:
    cols = ApprovalLog.columns()
    grid = [[str(c) for c in cols], *[[r.get(c) for c in cols] for r in rows]]
    return G.build(grid, ApprovalLog).frame


@pytest.fixture
def logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register with a 4-row log and its journal, as the approve action leaves them."""
    monkeypatch.setenv("ORDERDESK_JOURNAL_DIR", str(tmp_path / "profile"))
    rows = make_log(4)
    path = tmp_path / "Register.xlsx"
    xlsx.new_workbook({**policy_rows(), ApprovalLog: rows}).save(path)
    last = rows[-1]
    ApprovalJournal(path).write(ChainHead(last[ApprovalLog.seq], last[ApprovalLog.hash], 4))
    return path


def verify(capsys, path: Path) -> tuple[int, str]:
    code, out, err = run(capsys, "quote", "verify-log", path)
    return code, out + err


def test_an_untouched_log_verifies(logged: Path, capsys) -> None:
    code, out = verify(capsys, logged)
    assert code == 0
    assert "the approval log verifies: 4 row(s), chain intact up to Seq 4" in out


@needs_soffice
def test_the_chain_survives_a_save_in_another_spreadsheet(logged: Path, tmp_path, capsys) -> None:
    """LibreOffice re-saves the times as its own day fractions; the chain still holds."""
    saved = convert(logged, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert load_workbook(saved)[ApprovalLog.sheet]["B3"].value == START + dt.timedelta(minutes=7)
    code, out = verify(capsys, saved)
    assert code == 0, out
    assert "chain intact up to Seq 4" in out


def _edit(path: Path, row: int, column: Column, change) -> None:
    wb = load_workbook(path)
    ws = wb[ApprovalLog.sheet]
    col = [c.value for c in ws[1]].index(str(column)) + 1
    cell = ws.cell(row, col)
    cell.value = change(cell.value)
    wb.save(path)


def _one_char(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(seconds=1)  # 09:30:05 → 09:30:06
    if isinstance(value, int):
        return value + 1
    return value[:-1] + ("0" if value[-1] != "0" else "1")


@pytest.mark.parametrize("column", [c for c in ApprovalLog.columns()], ids=str)
def test_one_changed_character_in_any_column_is_named(logged, capsys, column) -> None:
    index = ApprovalLog.columns().index(column)
    seq = index % 4 + 1  # every column, spread over the rows
    _edit(logged, seq + 1, column, _one_char)
    code, out = verify(capsys, logged)
    assert code == 1, out
    assert "does NOT verify" in out
    assert f"(row {seq + 1})" in out, out


def _delete_row(path: Path, row: int) -> None:
    wb = load_workbook(path)
    wb[ApprovalLog.sheet].delete_rows(row)
    wb.save(path)


def test_deleting_the_newest_row_is_caught_by_the_journal(logged: Path, capsys) -> None:
    _delete_row(logged, 5)
    code, out = verify(capsys, logged)
    assert code == 1
    assert "the newest row(s) were deleted (Seq 4)" in out
    assert "but the log ends at Seq 3" in out


def test_the_journal_goes_to_the_profile_when_the_folder_is_read_only(
    logged: Path, capsys, monkeypatch, tmp_path
) -> None:
    import orderdesk.adapters.approval_journal as J

    journal = ApprovalJournal(logged)
    assert journal.beside is not None
    journal.beside.unlink()
    real = J.write_file

    def refuse_beside(path: Path, text: str) -> Path:
        if path.parent == logged.parent:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, text)

    monkeypatch.setattr(J, "write_file", refuse_beside)
    code, out = verify(capsys, logged)  # no journal yet: it starts one, in the profile
    assert code == 0 and "no journal was found" in out
    assert str(tmp_path / "profile") in out
    assert json.loads(journal.in_profile.read_text())["approval_log"]["seq"] == 4
    _delete_row(logged, 5)
    code, out = verify(capsys, logged)
    assert code == 1 and "the newest row(s) were deleted (Seq 4)" in out


def test_deleting_a_row_in_the_middle_is_named(logged: Path, capsys) -> None:
    _delete_row(logged, 3)  # Seq 2
    code, out = verify(capsys, logged)
    assert code == 1
    assert "Seq 2 was deleted: Seq 3 (row 3) links to a row no longer in the log" in out


def test_an_inserted_row_is_named(logged: Path, capsys) -> None:
    wb = load_workbook(logged)
    ws = wb[ApprovalLog.sheet]
    ws.insert_rows(4)
    values = [c.value for c in ws[3]]
    values[ApprovalLog.columns().index(ApprovalLog.user)] = "boss"
    for j, v in enumerate(values, start=1):
        ws.cell(4, j).value = v
    wb.save(logged)
    code, out = verify(capsys, logged)
    assert code == 1
    assert "Seq 2 (row 4) was inserted" in out
    assert out.count("was ") == 1  # only the inserted row is named


def test_moved_rows_are_named(logged: Path, capsys) -> None:
    wb = load_workbook(logged)
    ws = wb[ApprovalLog.sheet]
    a, b = [c.value for c in ws[3]], [c.value for c in ws[4]]
    for j, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        ws.cell(3, j).value, ws.cell(4, j).value = y, x
    wb.save(logged)
    code, out = verify(capsys, logged)
    assert code == 1
    assert "was moved: the chain records it after" in out
    assert "sort the sheet by Seq to restore the order" in out


# --- every row, every kind of tampering (domain) -----------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=9),
    kind=st.sampled_from(["edit", "delete", "insert", "swap", "truncate"]),
    where=st.integers(min_value=0, max_value=100),
    column=st.sampled_from(ApprovalLog.columns()),
)
def test_any_single_tampering_is_found_and_names_the_row(n, kind, where, column) -> None:
    rows = make_log(n)
    frame = _frame(rows)
    head = ChainHead(n, rows[-1][ApprovalLog.hash], n)
    assert verify_chain(frame, head).ok
    i = where % n
    sheet_row = int(frame.index[i])
    if kind == "edit":
        col = str(column)
        frame.loc[sheet_row, col] = _one_char(_plain(frame.loc[sheet_row, col]))
        found = verify_chain(frame, head).findings
        assert sheet_row in {f.row for f in found}
    elif kind == "delete":
        found = verify_chain(frame.drop(index=sheet_row), head).findings
        assert found, "a deleted row must be noticed"
        if i < n - 1:
            assert found[0].kind is Tamper.DELETED and found[0].row == frame.index[i + 1]
        else:
            assert found[0].kind is Tamper.NEWEST_DELETED and found[0].seq == n
    elif kind == "insert":
        forged = frame.iloc[[i]].copy()
        forged[str(ApprovalLog.comment)] = "approved by phone"
        body = pd.concat([frame.iloc[: i + 1], forged, frame.iloc[i + 1 :]])
        body.index = range(2, 2 + len(body))
        found = verify_chain(body, head).findings
        assert [f.row for f in found] == [i + 3] and found[0].kind is Tamper.INSERTED
    elif kind == "swap" and n > 1:
        j = min(i, n - 2)
        order = list(range(n))
        order[j], order[j + 1] = order[j + 1], order[j]
        body = frame.iloc[order]
        body.index = frame.index
        found = verify_chain(body, head).findings
        assert len(found) == 1 and found[0].kind is Tamper.REORDERED
        assert found[0].row in (frame.index[j], frame.index[j + 1])
    elif kind == "truncate":
        k = i + 1  # keep the first k rows of n
        found = verify_chain(frame.iloc[:k], head).findings
        assert bool(found) == (k < n)


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value
