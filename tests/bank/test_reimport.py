"""Each bank transaction once, in the saved workbook: re-imports and overlapping statements add
nothing, two payments are never taken for one, a probable duplicate is kept and marked for a
person, and a register written before issue 16 gets no duplicates when its files come again."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from orderdesk.schema import BankEntries, Invoices
from tests.bank.conftest import FILES, trade_rows
from tests.bank.sheets import by_key, rows
from tests.bank.test_sync import sync

PAGE1, PAGE2 = str(FILES / "mt940_page1.sta"), str(FILES / "mt940_page2.sta")


def test_two_pages_with_one_amount_and_customer_reference_from_two_payers(
    trade_register: Path,
) -> None:
    sync(trade_register, PAGE1)
    sync(trade_register, PAGE2)
    entries = rows(trade_register, BankEntries)
    assert [(r[BankEntries.payer], r[BankEntries.amount]) for r in entries] == [
        ("ALPHA BV", 500),
        ("BETA BV", 500),
    ]
    assert {r[BankEntries.match_status] for r in entries} == {"unmatched"}
    before = trade_register.read_bytes()
    sync(trade_register, PAGE1, PAGE2)  # both again
    assert trade_register.read_bytes() == before


def _monthly(text: str, reference: str = ":20:COBA2611M") -> str:
    """The daily statements' lines again, as one later statement over the month."""
    lines, inside = [], False
    for line in text.splitlines():  # what lies between each opening and closing balance
        if line.startswith((":60F:", ":62F:")):
            inside = line.startswith(":60F:")
        elif inside:
            lines.append(line)
    head = [reference, ":25:DE44500400000123456700", ":28C:00011/001", ":60F:C261031USD13475,50"]
    new = [
        ":61:2611051105C100,00NTRFNONREF//COBA2611050001",
        ":86:166?00GUTSCHRIFT?20SVWZ+SO-2026-0011",
        ":62F:C261105USD16060,50",
        "",
    ]
    return "\n".join([*head, *lines, *new])


def test_an_overlapping_later_statement_adds_only_what_is_new(
    trade_register: Path, tmp_path: Path
) -> None:
    daily = FILES / "mt940_swift_envelope.sta"
    sync(trade_register, str(daily))
    monthly = tmp_path / "month.sta"
    monthly.write_text(_monthly(daily.read_text(encoding="latin-1")), encoding="latin-1")
    sync(trade_register, str(monthly))
    keys = [r[BankEntries.entry_ref] for r in rows(trade_register, BankEntries)]
    assert keys == ["COBA2611030001", "COBA2611040001", "COBA2611050001"]


def test_the_same_payments_without_references_on_another_statement_are_kept_and_flagged(
    trade_register: Path, tmp_path: Path, capsys
) -> None:
    daily = FILES / "mt940_abn_amro_header.sta"
    sync(trade_register, str(daily))
    paid = by_key(trade_register, Invoices, Invoices.invoice_no)["INV-2026-0002"][Invoices.paid]
    lines = daily.read_text().splitlines()
    again = tmp_path / "abn-month.sta"
    body = [ln for ln in lines if ln.startswith((":61:", ":86:"))]
    again.write_text(
        "\n".join(
            [
                ":20:ABN AMRO BANK NV",
                ":25:417164300",
                ":28:31101/1",
                ":60F:C261031EUR1000,00",
                *body,
                ":62F:C261102EUR1498,80",
                "",
            ]
        )
    )
    capsys.readouterr()
    assert sync(trade_register, str(again)) == 1  # findings: three to look at
    out = " ".join(capsys.readouterr().out.split())
    assert "3 new entries (0 already there, 3 kept as probable duplicates)" in out
    entries = rows(trade_register, BankEntries)
    assert len(entries) == 6
    first, repeat = entries[:3], entries[3:]
    assert all(r[BankEntries.match_status] != "duplicate?" for r in first)
    assert [r[BankEntries.match_status] for r in repeat] == ["duplicate?"] * 3
    reason = repeat[0][BankEntries.match_reasons]
    assert f"probably {first[0][BankEntries.entry_ref]} ({BankEntries.sheet} row 2) again" in reason
    assert "set Match Status to 'ignored' if it is" in reason
    # kept, but nothing applied twice
    after = by_key(trade_register, Invoices, Invoices.invoice_no)["INV-2026-0002"][Invoices.paid]
    assert after == paid


def test_a_register_written_before_issue_16_gets_no_duplicates(
    make_register: Callable[..., Path],
) -> None:
    """Rows as the earlier version wrote them (keyed by customer reference, EndToEndId or an
    FP- hash), then the same files again with this version."""
    old = json.loads((FILES / "entries_before_issue16.json").read_text(encoding="utf-8"))
    data = trade_rows()
    data[BankEntries] = [
        {
            BankEntries.by_header(header): (
                dt.date.fromisoformat(value) if "Date" in header and value else value
            )
            for header, value in row.items()
        }
        for row in old["rows"]
    ]
    register = make_register(data)
    files = [str(FILES / name) for name in old["files"]]
    sync(register, *files)
    entries = rows(register, BankEntries)
    assert [r[BankEntries.entry_ref] for r in entries] == [r["Entry Ref"] for r in old["rows"]]
    assert "duplicate?" not in {r[BankEntries.match_status] for r in entries}
    # negative: the page the earlier version lost (another payer, same customer reference)
    sync(register, PAGE2)
    added = rows(register, BankEntries)[len(old["rows"]) :]
    assert [(r[BankEntries.payer], r[BankEntries.match_status]) for r in added] == [
        ("BETA BV", "unmatched")
    ]
