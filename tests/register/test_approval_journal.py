"""The approval journal keeps tamper evidence: an approval is never appended to a broken log, the
journal is never rewritten to cover a gap, a tail rewritten with recomputed hashes is named from
its first row, and a register without a journal file still shows its deleted newest row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from orderdesk.adapters import xlsx
from orderdesk.adapters.approval_journal import ApprovalJournal, JournalConflict
from orderdesk.domain.quotes.chain import GENESIS, ChainHead, link
from orderdesk.sample import workbooks
from orderdesk.schema import META_SHEET, ApprovalLog, Column
from tests.quotes.conftest import CIF, EXW, cells, quote_register, run

__all__ = ["quote_register"]


def approve(path: Path, capsys, quote: str, user: str) -> tuple[int, str, str]:
    return run(capsys, "quote", "approve", path, "--quote", quote, "--user", user)


@pytest.fixture
def approved(quote_register: Path, capsys) -> Path:
    """Both quotes priced; CIF approved at levels 1 and 2, EXW at level 1 (Seq 1–3)."""
    for quote in (CIF, EXW):
        assert run(capsys, "quote", "price", quote_register, "--quote", quote)[0] == 0
    for quote, user in ((CIF, "lwei"), (CIF, "zhangmin"), (EXW, "lwei")):
        code, out, err = approve(quote_register, capsys, quote, user)
        assert code == 0, out + err
    return quote_register


def delete_row(path: Path, row: int) -> None:
    wb = load_workbook(path)
    wb[ApprovalLog.sheet].delete_rows(row)
    wb.save(path)


def verify(capsys, path: Path) -> tuple[int, str]:
    code, out, err = run(capsys, "quote", "verify-log", path)
    return code, out + err


def test_an_approval_after_the_newest_row_was_deleted_is_refused(approved: Path, capsys) -> None:
    journal = ApprovalJournal(approved)
    recorded = journal.beside.read_text() if journal.beside else ""
    delete_row(approved, 4)  # Seq 3, the newest (EXW at level 1)
    before = approved.read_bytes()
    code, _out, err = approve(approved, capsys, CIF, "chenjing")  # another quote
    assert code == 2
    assert "not approved: the approval log does not verify" in err
    assert "the newest row(s) were deleted (Seq 3)" in err
    assert approved.read_bytes() == before  # nothing appended
    assert journal.beside is not None and journal.beside.read_text() == recorded
    code, out = verify(capsys, approved)  # and the gap is still there to see
    assert code == 1 and "the newest row(s) were deleted (Seq 3)" in out


def test_an_intact_log_takes_the_next_approval(approved: Path, capsys) -> None:
    """The negative of the refusal above: nothing deleted, the approval goes in."""
    code, out, err = approve(approved, capsys, EXW, "zhangmin")
    assert code == 0, out + err
    assert [r[ApprovalLog.seq] for r in cells(approved, ApprovalLog)] == [1, 2, 3, 4]
    head = ApprovalJournal(approved).read()[0]
    assert head is not None and [s for s, _ in head.hashes] == [1, 2, 3, 4]


def _rewrite_tail(path: Path, drop_seq: int) -> None:
    """Delete one row and re-chain every row after it with recomputed Seq and hashes, as a
    forger who read the canonical form would."""
    wb = load_workbook(path)
    ws = wb[ApprovalLog.sheet]
    header = [c.value for c in ws[1]]
    cols = {str(c): c for c in ApprovalLog.columns()}
    rows = [
        {cols[h]: v for h, v in zip(header, r, strict=False) if h in cols}
        for r in ws.iter_rows(min_row=2, values_only=True)
        if any(v is not None for v in r)
    ]
    keep = [r for r in rows if r[ApprovalLog.seq] < drop_seq]
    tail = [r for r in rows if r[ApprovalLog.seq] > drop_seq]
    prev = keep[-1][ApprovalLog.hash] if keep else GENESIS
    forged = link(tail, drop_seq, prev)
    ws.delete_rows(2, ws.max_row)
    for i, rec in enumerate([*keep, *forged], start=2):
        for j, h in enumerate(header, start=1):
            col: Column | None = cols.get(h)
            if col is not None:
                ws.cell(i, j).value = rec.get(col)
    wb.save(path)


def test_a_tail_rewritten_with_recomputed_hashes_is_named_from_its_first_row(
    approved: Path, capsys
) -> None:
    _rewrite_tail(approved, drop_seq=2)  # Seq 3 becomes a perfect Seq 2
    code, out = verify(capsys, approved)
    assert code == 1, out
    assert "Seq 2 (row 3) is not the row the journal recorded as Seq 2" in out
    assert "the log was rewritten from this row on" in out


def test_the_same_forgery_passes_the_chain_alone(approved: Path, capsys) -> None:
    """Without the records the forged log is a perfect chain: the journal is what catches it."""
    _rewrite_tail(approved, drop_seq=2)
    ApprovalJournal(approved).beside.unlink()  # type: ignore[union-attr]
    _strip_meta(approved)
    code, out = verify(capsys, approved)
    assert code == 0, out


def _strip_meta(path: Path) -> None:
    wb = load_workbook(path)
    del wb[META_SHEET]
    wb.save(path)


@pytest.fixture(scope="module")
def sample30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`orderdesk new-register --sample-orders 30`, once for the tests below: each damages a
    copy of the workbook (generating the sample is the dear part, seconds)."""
    from orderdesk.cli import main

    path = tmp_path_factory.mktemp("sample30") / "Sample.xlsx"
    assert main(["new-register", str(path), "--sample-orders", "30"]) == 0
    return path


def _copy_without_journal(sample30: Path, folder: Path) -> Path:
    """The workbook alone, copied elsewhere: its journal stays beside the original."""
    journal = ApprovalJournal(sample30)
    assert journal.beside is not None and journal.beside.exists()  # made with the register
    path = folder / sample30.name
    shutil.copyfile(sample30, path)
    assert not ApprovalJournal(path).read()[0]  # no journal for the copy, beside or in profile
    return path


def test_a_deleted_newest_row_shows_without_any_journal_file(
    sample30: Path, tmp_path: Path, capsys
) -> None:
    path = _copy_without_journal(sample30, tmp_path)  # a copy of the workbook, without it
    rows = cells(path, ApprovalLog)
    assert rows, "the sample has an approval log"
    delete_row(path, len(rows) + 1)
    code, out = verify(capsys, path)
    assert code == 1, out
    assert f"the newest row(s) were deleted (Seq {len(rows)})" in out


def test_without_the_workbooks_own_record_it_would_pass(
    sample30: Path, tmp_path: Path, capsys
) -> None:
    path = _copy_without_journal(sample30, tmp_path)
    _strip_meta(path)
    delete_row(path, len(cells(path, ApprovalLog)) + 1)
    code, out = verify(capsys, path)
    assert code == 0 and "no journal was found" in out


def test_the_journal_is_never_rewritten_to_cover_a_gap(approved: Path) -> None:
    journal = ApprovalJournal(approved)
    head = journal.read()[0]
    assert head is not None and len(head.hashes) == 3
    text = journal.beside.read_text()  # type: ignore[union-attr]
    shorter = ChainHead(2, head.hashes[1][1], 2, hashes=head.hashes[:2])
    with pytest.raises(JournalConflict, match="it is not rewritten"):
        journal.write(shorter)
    other = ChainHead(3, "f" * 64, 3, hashes=(*head.hashes[:2], (3, "f" * 64)))
    with pytest.raises(JournalConflict):
        journal.write(other)
    assert journal.beside.read_text() == text  # type: ignore[union-attr]
    journal.write(shorter, replace=True)  # verify-log --accept: on purpose, history kept
    kept = json.loads(journal.beside.read_text())  # type: ignore[union-attr]
    assert kept["approval_log"]["seq"] == 2
    assert kept["superseded"][0]["seq"] == 3


def test_the_committed_sample_ships_with_its_journal(
    committed_sample_tables: tuple[dict[Any, Any], Any],
) -> None:
    sample = workbooks.FOLDER / workbooks.SAMPLE
    journal = ApprovalJournal(sample.resolve())
    head, where, problem = journal.read()
    assert problem is None and where == journal.beside
    rows = cells(sample, ApprovalLog)
    assert head is not None
    assert list(head.hashes) == [(r[ApprovalLog.seq], r[ApprovalLog.hash]) for r in rows]
    data, _ = committed_sample_tables  # register_tables(SAMPLE_ORDERS, SAMPLE_SEED)
    assert xlsx.approval_record(data).hashes == head.hashes
