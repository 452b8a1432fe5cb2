"""What a click shows when an outside system's answer or the register itself cannot be used, in a
(fake) Excel book, side by side with what the command line says for the same file: one bad input
per outside system (a statement file, a carrier, the PDF fonts, a register cell) reads the same
in both and asks nobody to send a log; a real bug is reported as one, in both, with the traceback
in the log."""

from __future__ import annotations

import json

import orderdesk_addin
import pytest
from openpyxl import load_workbook

from orderdesk.cli import main
from orderdesk.sandbox.base import SandboxRequest, SandboxResponse
from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import (
    BankEntries,
    Carriers,
    Customers,
    OrderLines,
    Orders,
    Products,
    Setting,
    Settings,
    Shipments,
)
from tests.bank.conftest import FILES
from tests.documents.conftest import CUSTOMERS, PRODUCTS, line, order
from tests.tracking.test_sync_wire import BOOKING, CARRIERS

from .fake_excel import FakeBook

SEND_THE_LOG = "please send that file"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def in_excel(path) -> FakeBook:
    """The register open in Excel (its full name is where Excel has it: actions put files
    beside it)."""
    book = FakeBook.from_xlsx(path)
    book.fullname = str(path)
    return book


def click(book: FakeBook, button: str) -> tuple[str, str | None]:
    """Click a button; the one alert it showed (text, mode)."""
    orderdesk_addin.run(button, book=book)
    ((prompt, _title, mode),) = book.app.alerts
    return prompt, mode


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit_cell(path, sheet: str, key_header: str, key: str, header: str, value: object) -> None:
    """Change one cell as a user would: in the table whose header row holds `key_header` and
    `header`, the `header` cell of the row whose `key_header` cell is `key`."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows():
        keys = [c.column for c in row if c.value == key_header]
        cols = [c.column for c in row if c.value == header and keys and c.column > keys[0]]
        if keys and cols:  # the first such column right of the key: the same table
            found = next(
                r for r in range(row[0].row + 1, ws.max_row + 1)
                if ws.cell(r, keys[0]).value == key
            )  # fmt: skip
            ws.cell(found, cols[0]).value = value
            wb.save(path)
            return
    raise AssertionError(f"no table with {key_header} and {header} on {sheet}")


# --- a statement file: exit 2 in the CLI, the same words on the ribbon ---------------------------


def test_a_broken_mt940_through_sync_bank(make_register, home, capsys):
    path = make_register()
    statements = path.parent / "statements"  # Settings' statement folder, beside the workbook
    statements.mkdir()
    lines = (FILES / "mt940_abn_amro.sta").read_text(encoding="utf-8").splitlines()
    truncated = "\n".join(lines[:-1]) + "\n"  # the last statement lost its closing balance
    (statements / "abn-october.sta").write_text(truncated, encoding="utf-8")

    code, _, err = cli(capsys, "sync", "bank", str(path), "--statement", str(statements / "abn-october.sta"))  # fmt: skip
    assert code == 2
    message = err.removeprefix("orderdesk: ").rstrip("\n")
    assert message.startswith("abn-october.sta: line 15: statement 2") and "truncated" in message
    assert "\n" not in message  # one line, however long

    book = in_excel(path)
    prompt, mode = click(book, "odSyncBank")
    assert prompt == f"Sync bank: {message}"
    assert mode == "critical" and SEND_THE_LOG not in prompt
    assert not (home / "logs").exists()
    assert book.sheets[BankEntries.sheet].column(str(BankEntries.entry_ref)) == {}  # nothing in


# --- a carrier whose answer cannot be read: a finding, the same line in both ---------------------


class Garbled:
    """A carrier's API answering 200 with a page that is not JSON (a proxy's error page)."""

    prefix = "/acme"

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        body = b"<html><body>Service temporarily unavailable</body></html>"
        return SandboxResponse(200, {"Content-Type": "application/json"}, body)


def test_a_carrier_answer_that_cannot_be_read(make_register, home, capsys, monkeypatch):
    monkeypatch.setenv("ACME_KEY", "acme-key")
    path = make_register(
        {
            Carriers: CARRIERS,
            Customers: [{Customers.customer_id: "CU-1", Customers.name: "Ferretería Ibérica", Customers.country: "ES"}],
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}],
            Shipments: [{Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.mode: "ocean",
                         Shipments.carrier: "ACME", Shipments.booking_ref: BOOKING}],
        }
    )  # fmt: skip
    with Sandbox(path, apis=[], extra=[Garbled()]) as box:
        url = f"{box.url}/acme"
        edit_cell(path, Settings.sheet, str(Carriers.carrier), "ACME", str(Carriers.base_url), url)
        code, out, _ = cli(capsys, "sync", "tracking", str(path))
        prompt, mode = click(in_excel(path), "odSyncTracking")
    assert code == 1  # done, with a finding
    (failed,) = [s.strip() for s in out.splitlines() if s.strip().startswith("ACME failed")]
    assert "the answer is not JSON" in failed
    assert mode == "info" and f"• {failed}" in prompt.split("\n")
    assert SEND_THE_LOG not in prompt and not (home / "logs").exists()


# --- the PDF fonts: a character no font draws ---------------------------------------------------


def test_a_character_no_font_can_draw(make_register, home, capsys):
    thai_po = "ใบสั่งซื้อ 7"  # no font OrderDesk finds draws Thai
    path = make_register(
        {
            Customers: CUSTOMERS,
            Products: PRODUCTS,
            Orders: [order("SO-2026-0050", "CU-ES", "confirmed", customer_po=thai_po)],
            OrderLines: [line("SO-2026-0050", 1, "KW-100", 10, 8.0)],
        }
    )
    code, out, _ = cli(capsys, "docs", str(path), "--order", "SO-2026-0050", "--kind", "pi", "--out", str(path.parent / "cli"))  # fmt: skip
    assert code == 1
    (gap,) = [s.strip() for s in out.splitlines() if "no font on this computer draws" in s]
    assert gap.startswith("SO-2026-0050 pi: not made: no font on this computer draws U+0E")

    book = in_excel(path)
    book.selection = book.sheets[Orders.sheet].range("A2:C2")  # the order's row
    prompt, mode = click(book, "odDocPI")
    assert mode == "info" and f"• {gap}" in prompt.split("\n")
    assert SEND_THE_LOG not in prompt and not (home / "logs").exists()
    assert not list((path.parent / "Documents").glob("*.pdf"))  # boxes are never printed


# --- a register cell that cannot be read: exit 2, and the cell named in both ---------------------


def test_an_unreadable_settings_cell(make_register, home, capsys):
    path = make_register()
    key = Setting.ETA_TOLERANCE_DAYS.key
    edit_cell(path, Settings.sheet, str(Settings.key), key, str(Settings.value), "soon")
    code, _, err = cli(capsys, "sync", "tracking", str(path))
    assert code == 2
    message = err.removeprefix("orderdesk: ").rstrip("\n")
    assert "Settings!B" in message and "'soon'" in message

    prompt, mode = click(in_excel(path), "odSyncTracking")
    assert prompt == f"Sync tracking: {message}"
    assert mode == "critical" and SEND_THE_LOG not in prompt
    assert not (home / "logs").exists()


# --- a real bug: reported as one in both --------------------------------------------------------


def test_a_bug_is_a_bug_on_the_ribbon_and_in_the_cli(make_register, home, capsys, monkeypatch):
    import orderdesk.actions.bank as bank

    def reader_with_a_bug(path):
        return json.loads("{")  # a JSONDecodeError: a ValueError, and still not the user's fault

    monkeypatch.setattr(bank, "read_statement", reader_with_a_bug)
    path = make_register()
    statements = path.parent / "statements"
    statements.mkdir()
    (statements / "ok.sta").write_bytes((FILES / "mt940_abn_amro.sta").read_bytes())

    code, _, err = cli(capsys, "sync", "bank", str(path), "--statement", str(statements / "ok.sta"))
    assert code == 3 and "internal error" in err and "Traceback" in err

    prompt, mode = click(in_excel(path), "odSyncBank")
    log = home / "logs" / "addin.log"
    assert mode == "critical"
    assert prompt == (
        f"Sync bank stopped because of an error in OrderDesk. The details are in {log}; "
        f"{SEND_THE_LOG} to whoever supports OrderDesk."
    )
    text = log.read_text(encoding="utf-8")
    assert "button odSyncBank in Register.xlsx" in text
    assert "Traceback" in text and "JSONDecodeError" in text
