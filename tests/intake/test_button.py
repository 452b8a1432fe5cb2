"""The Import PO button in (a fake of) Excel: the purchase orders in Settings' PO folder become
orders through the live adapter, the same as `orderdesk intake` on the file; a second click adds
nothing; an empty folder is said. On Windows the button opens Excel's file dialog in that folder
and imports what is picked."""

from __future__ import annotations

from pathlib import Path

import orderdesk_addin
import orderdesk_addin.excel
import pytest

from orderdesk.schema import IntakeLog, OrderLines, Orders
from tests.addin.fake_excel import FakeBook
from tests.intake import pos as P


def _book(path: Path) -> FakeBook:
    book = FakeBook.from_xlsx(path)
    book.fullname = str(path)  # where Excel has it: the PO folder is beside it
    return book


def test_the_button_imports_the_po_folder_once(register: Path) -> None:
    folder = register.parent / "purchase orders"  # the default of Settings' 'po folder'
    folder.mkdir()
    P.write(folder, "commande.xlsx", P.french_workbook())
    book = _book(register)
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.findings == 0, outcome
    orders = book.sheets[Orders.sheet].column(str(Orders.order_id))
    (order_id,) = orders.values()
    assert book.sheets[Orders.sheet].column(str(Orders.customer_po)) == {
        row: "ED00731" for row in orders
    }
    assert book.sheets[Orders.sheet].column(str(Orders.stage)) == {
        row: "received" for row in orders
    }
    assert sorted(book.sheets[OrderLines.sheet].column(str(OrderLines.sku)).values()) == [
        "LI-6001",
        "LI-6005",
    ]
    assert list(book.sheets[IntakeLog.sheet].column(str(IntakeLog.order_id)).values()) == [order_id]
    (prompt, title, _mode), *_ = book.app.alerts
    assert title == "OrderDesk · Import PO" and "1 order added" in prompt

    again = orderdesk_addin.run("odImportPO", book=book)
    assert again is not None and again.data["orders"] == []
    assert f"imported before as {order_id}" in again.details[0]
    assert len(book.sheets[Orders.sheet].column(str(Orders.order_id))) == 1


def test_an_empty_po_folder_is_said(register: Path) -> None:
    book = _book(register)
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.findings == 1
    assert outcome.summary.startswith("import PO: no purchase orders in ")
    assert outcome.summary.endswith("purchase orders")


class FakeFileDialog:
    """Office's FileDialog as pywin32 shows it: properties, Filters, Show() and SelectedItems."""

    def __init__(self, answer: list[Path] | None) -> None:
        self.answer = answer  # None: the person clicks Cancel
        self.filters: list[tuple[str, str]] = []
        self.Filters = self  # Filters.Clear() / Filters.Add(...)
        self.shown_in = ""

    def Clear(self) -> None:  # COM's names
        self.filters.clear()

    def Add(self, description: str, extensions: str) -> None:
        self.filters.append((description, extensions))

    def Show(self) -> int:
        self.shown_in = self.InitialFileName
        assert self.AllowMultiSelect is True
        return 0 if self.answer is None else -1

    @property
    def SelectedItems(self) -> FakeFileDialog:
        return self

    @property
    def Count(self) -> int:
        return len(self.answer or [])

    def Item(self, i: int) -> str:  # 1-based, as in VBA
        assert i >= 1
        return str((self.answer or [])[i - 1])


class FakeOfficeApi:
    def __init__(self, answer: list[Path] | None) -> None:
        self.dialog = FakeFileDialog(answer)

    def FileDialog(self, kind: int) -> FakeFileDialog:
        assert kind == 3  # msoFileDialogFilePicker
        return self.dialog


def test_on_windows_the_button_imports_the_files_picked(
    register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(orderdesk_addin.excel, "WINDOWS", True)
    folder = register.parent / "purchase orders"
    folder.mkdir()
    P.write(folder, "not-picked.xlsx", P.french_workbook())
    elsewhere = tmp_path / "Downloads"
    elsewhere.mkdir()
    picked = P.write(elsewhere, "PO-4500098765.pdf", P.english_pdf())
    book = _book(register)
    book.app.api = FakeOfficeApi([picked])
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.findings == 0, outcome
    assert list(book.sheets[Orders.sheet].column(str(Orders.customer_po)).values()) == [
        "4500098765"
    ]
    dialog = book.app.api.dialog
    assert dialog.shown_in == f"{folder}\\"  # it opened in the PO folder
    ((_, extensions),) = dialog.filters
    assert "*.pdf" in extensions.split(";") and "*.msg" in extensions.split(";")


def test_a_cancelled_dialog_imports_nothing(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(orderdesk_addin.excel, "WINDOWS", True)
    folder = register.parent / "purchase orders"
    folder.mkdir()
    P.write(folder, "commande.xlsx", P.french_workbook())  # new, but not picked
    before = register.read_bytes()
    book = _book(register)
    book.app.api = FakeOfficeApi(None)
    outcome = orderdesk_addin.run("odImportPO", book=book)
    assert outcome is not None and outcome.summary == "import PO: no file picked, nothing imported"
    assert book.sheets[Orders.sheet].column(str(Orders.order_id)) == {}
    assert register.read_bytes() == before
