"""`orderdesk_addin.run(button_id)`: what a click does in Excel, against a fake book."""

from __future__ import annotations

import copy
import re

import orderdesk_addin
import pytest
from orderdesk_addin import handlers
from orderdesk_addin.excel import NO_WORKBOOK, NoWorkbook

from orderdesk.actions.base import Outcome
from orderdesk.errors import OrderDeskError
from orderdesk.ports import RegisterError
from orderdesk.schema import OWNED_SHEETS, Orders, tables

from .fake_excel import FakeBook

N = sum(t.sheet not in OWNED_SHEETS for t in tables())  # the tables a register holds


@pytest.fixture(scope="module")
def _book(tmp_path_factory):
    from orderdesk.adapters import xlsx
    from orderdesk.defaults import policy_rows

    path = tmp_path_factory.mktemp("run") / "Register.xlsx"
    tables = dict(policy_rows())
    tables[Orders] = [
        {Orders.order_id: f"SO-2026-000{i}", Orders.customer: "CU-0001"} for i in range(1, 4)
    ]
    xlsx.new_workbook(tables).save(path)
    return FakeBook.from_xlsx(path)


@pytest.fixture
def book(_book):
    return copy.deepcopy(_book)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_about_shows_progress_then_a_summary(book):
    outcome = orderdesk_addin.run("odAbout", book=book)
    assert outcome is not None and outcome.findings == 0
    (prompt, title, mode), *_ = book.app.alerts
    assert title == "OrderDesk · About / Check setup" and mode == "info"
    assert prompt.startswith("OrderDesk 0.1.0")
    assert f"{N} of {N} register tables found, settings readable" in prompt
    status = book.app.status_log
    assert status[0] == "OrderDesk · About / Check setup: Checking the register…"
    assert "OrderDesk · About / Check setup: Checking the register 100%" in status
    assert status[-1] is False  # Excel's own status bar is back
    assert book.app.screen_updating is True
    assert book.app.screen_updating_log == [False, True]


def test_the_handler_gets_the_selected_rows(book, monkeypatch):
    seen = {}

    def handler(ctx):
        seen["selection"] = ctx.selection
        return Outcome("done")

    monkeypatch.setitem(handlers.HANDLERS, "odTest", handler)
    book.selection = book.sheets["Orders"].range("A3:C4")
    orderdesk_addin.run("odTest", book=book)
    assert seen["selection"].table is Orders
    assert seen["selection"].keys == (("SO-2026-0002",), ("SO-2026-0003",))
    assert book.app.alerts == [("done", "OrderDesk · odTest", "info")]


def test_a_long_summary_is_cut_with_a_count(book, monkeypatch):
    details = [f"Orders row {i}: something" for i in range(20)]
    monkeypatch.setitem(
        handlers.HANDLERS, "odTest", lambda ctx: Outcome("20 findings", 20, details)
    )
    orderdesk_addin.run("odTest", book=book)
    prompt = book.app.alerts[0][0].split("\n")
    assert prompt[0] == "20 findings"
    assert prompt[1] == "• Orders row 0: something"
    assert prompt[-1] == "… and 8 more"


def test_an_unknown_button_says_so(book):
    assert orderdesk_addin.run("odNotThere", book=book) is None
    ((prompt, _, mode),) = book.app.alerts
    assert "has no action in OrderDesk" in prompt and mode == "critical"


def test_bad_input_shows_the_message_not_a_traceback(book, monkeypatch, home):
    def handler(ctx):
        raise RegisterError("Orders!D4 (Order Date): 'soon' is not a date")

    monkeypatch.setitem(handlers.HANDLERS, "odTest", handler)
    assert orderdesk_addin.run("odTest", book=book) is None
    ((prompt, _, mode),) = book.app.alerts
    assert prompt == "odTest: Orders!D4 (Order Date): 'soon' is not a date"
    assert mode == "critical" and "Traceback" not in prompt
    assert book.app.status_log[-1] is False and book.app.screen_updating is True
    assert not (home / "logs").exists()


def test_a_bug_is_logged_and_named_in_one_alert(book, monkeypatch, home):
    def handler(ctx):
        return {}["missing"]

    monkeypatch.setitem(handlers.HANDLERS, "odTest", handler)
    assert orderdesk_addin.run("odTest", book=book) is None
    ((prompt, _, mode),) = book.app.alerts
    log = home / "logs" / "addin.log"
    assert mode == "critical"
    assert prompt == (
        f"odTest stopped because of an error in OrderDesk. The details are in {log}; please "
        "send that file to whoever supports OrderDesk."
    )  # no Python in the alert: "KeyError: 'missing'" is for the log
    text = log.read_text(encoding="utf-8")
    assert "button odTest in Register.xlsx" in text and "Traceback" in text
    assert "KeyError: 'missing'" in text


# --- a click with no workbook open --------------------------------------------------------------


def test_no_workbook_is_said_in_words_not_a_python_error(home):
    """Outside Excel (and in Excel with no workbook) xlwings' Book.caller() has no book to give:
    it raises a bare AttributeError or Exception. The click says what to do instead."""
    import xlwings as xw

    with pytest.raises(Exception) as raw:  # what xlwings itself does on this machine
        xw.Book.caller()
    assert not isinstance(raw.value, OrderDeskError)
    with pytest.raises(NoWorkbook) as exc:
        orderdesk_addin.run("odAbout")
    assert str(exc.value) == NO_WORKBOOK
    assert isinstance(exc.value, OrderDeskError) and not (home / "logs").exists()


def test_the_vba_says_it_before_python_is_started():
    """The add-in's callback checks for an active workbook before xlwings reads its config from
    it (error 91 otherwise), with the same words as the Python side; the check comes first."""
    from .test_vba_grammar import shipped_modules

    ribbon_vba = shipped_modules()["Ribbon"][0].replace(' " & _\r\n            "', " ")
    body = ribbon_vba[ribbon_vba.index("Public Sub OnAction") :]
    guard = body.index("If ActiveWorkbook Is Nothing Then")
    assert guard < body.index("Exit Sub") < body.index("RunPython")
    message = re.search(r'MsgBox "(.*?)", _', body, re.S)
    assert message is not None and message[1] == NO_WORKBOOK
