"""In Excel (the live adapter, on the add-in's stand-in for a book): a bank's remittance that
looks like a formula is written with Excel's text prefix."""

from __future__ import annotations

from orderdesk.adapters.live_register import LiveRegister
from orderdesk.schema import BankEntries
from tests.addin.fake_excel import FakeBook
from tests.bank.conftest import FILES


def test_remittance_formula_goes_to_excel_as_text(trade_register, tmp_path) -> None:
    from orderdesk.actions.bank import sync_bank
    from orderdesk.actions.context import RunContext

    evil = tmp_path / "evil.sta"
    evil.write_text(
        ":20:X1\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C261029USD0,00\n"
        ':61:261029C10,00NTRFNONREF//EVIL1\n:86:=HYPERLINK("http://evil.example","x")\n'
        ":62F:C261029USD10,00\n"
    )
    book = FakeBook.from_xlsx(trade_register)
    live = LiveRegister(book)
    sync_bank(RunContext.of(live), statements=[evil, FILES / "mt940_abn_amro.sta"])
    values = [
        book.sheets[BankEntries.sheet].cells.get((r, c))
        for (r, c) in list(book.sheets[BankEntries.sheet].cells)
    ]
    assert '\'=HYPERLINK("http://evil.example","x")' in values
    assert '=HYPERLINK("http://evil.example","x")' not in values
    assert "FACTURA SO-2026-0002 ANTICIPO" in values  # ordinary text as it is
