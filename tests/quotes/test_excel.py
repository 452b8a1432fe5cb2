"""Approving in Excel: a click on any cell of the quote's row, the signed-in OS user mapped
through the approval matrix, the Decision Note as the comment — through the add-in's run() on a
live (fake) workbook."""

from __future__ import annotations

import getpass
from pathlib import Path

import orderdesk_addin
import pytest

from orderdesk.adapters.live_register import LiveRegister
from orderdesk.domain.quotes.chain import verify_chain
from orderdesk.schema import ApprovalLog, Quotes
from tests.addin.fake_excel import FakeBook
from tests.quotes.conftest import run


@pytest.fixture
def book(quote_register: Path, capsys) -> FakeBook:
    assert run(capsys, "quote", "price", quote_register)[0] == 0
    return FakeBook.from_xlsx(quote_register)


def click_cell(book: FakeBook, address: str, button: str, user: str, monkeypatch) -> tuple:
    monkeypatch.setattr(getpass, "getuser", lambda: user)
    book.selection = book.sheets[Quotes.sheet].range(address)
    outcome = orderdesk_addin.run(button, book=book)
    return outcome, book.app.alerts[-1]


def test_approve_the_quote_under_the_clicked_cell(book: FakeBook, monkeypatch, tmp_path) -> None:
    sheet = book.sheets[Quotes.sheet]
    header = {v: c for (r, c), v in sheet.cells.items() if r == 1}
    sheet.cells[(2, header[str(Quotes.decision_note)])] = "Volumes as agreed"
    outcome, (text, title, mode) = click_cell(book, "C2", "odApprove", "LWEI", monkeypatch)
    assert mode == "info" and title == "OrderDesk · Approve"
    assert text.startswith("Q-2026-0001 version 1: approved at level 1 (sales manager) by lwei")
    assert "• [ok  ] L1 customer: CU-0001" in text
    log = LiveRegister(book).read(ApprovalLog).frame
    assert list(log[ApprovalLog.comment]) == ["Volumes as agreed"]
    assert verify_chain(log).ok
    assert sheet.cells[(2, header[str(Quotes.approval)])] == "1/3, next: cost accountant"
    # The workbook's path is Excel's (C:\\…): its journal goes to the profile.
    assert list((tmp_path / "profile-journals").glob("*-Register.xlsx.json"))

    outcome, (text, _, mode) = click_cell(book, "E2", "odApprove", "lwei", monkeypatch)
    assert outcome is None and mode == "critical"
    assert "not approved: Q-2026-0001 version 1 waits for level 2" in text
    outcome, (text, _, mode) = click_cell(book, "E2", "odApprove", "clerk", monkeypatch)
    assert mode == "critical" and "'clerk' is not in the approval matrix" in text
    outcome, (text, _, _) = click_cell(book, "E3", "odApprove", "zhangmin", monkeypatch)
    assert "Q-2026-0002 version 1: approved at level 1" not in text  # zhangmin is level 2
    outcome, (text, _, _) = click_cell(book, "A2", "odApprove", "zhangmin", monkeypatch)
    assert text.startswith("Q-2026-0001 version 1: approved at level 2 (cost accountant)")
    assert verify_chain(LiveRegister(book).read(ApprovalLog).frame).ok


def test_a_click_outside_the_quotes_asks_for_a_quote(book: FakeBook, monkeypatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "lwei")
    book.selection = book.sheets["Orders"].range("B2")
    outcome = orderdesk_addin.run("odApprove", book=book)
    assert outcome is not None and outcome.summary.startswith("Select a quote's row")
