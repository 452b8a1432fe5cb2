"""The sample's statement files: written to the standards, read back, and matched."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from orderdesk.adapters.banks import read_statement_bytes
from orderdesk.cli import main
from orderdesk.sample.statements import CAMT_FILE, MT940_FILE, open_amounts, statement_files
from orderdesk.schema import BankEntries, Customers, Invoices, Orders
from tests.bank.conftest import trade_rows
from tests.bank.sheets import by_key

DAY = dt.date(2026, 11, 14)


def frames() -> dict[object, pd.DataFrame]:
    return {t: pd.DataFrame(r, columns=list(t.columns())) for t, r in trade_rows().items()}


def test_files_follow_the_standards_and_cover_each_case() -> None:
    f = frames()
    inv = f[Invoices]
    files, payments = statement_files(
        inv, f[Orders], f[Customers], open_amounts(inv), DAY, random.Random(3)
    )
    assert {p.kind for p in payments} == {"deposit", "short", "pair", "eur", "balance"}
    camt = read_statement_bytes(files[CAMT_FILE], CAMT_FILE)  # balances checked on reading
    mt = read_statement_bytes(files[MT940_FILE], MT940_FILE)
    assert camt.format == "camt.053.001.08" and mt.format == "MT940"
    got = sorted(e.bank_ref or "" for e in camt.entries + mt.entries if e.amount > 0)
    assert len(got) == len(payments)
    paid = [n for p in payments for n, _ in p.invoices]
    assert len(paid) == len(set(paid))  # no invoice is paid twice
    eur = next(e for e in camt.entries if e.currency == "EUR")
    assert eur.account != camt.entries[0].account  # the EUR account's own statement


def test_the_demo_statements_are_matched(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    register = make_register(trade_rows())
    f = frames()
    inv = f[Invoices]
    files, payments = statement_files(
        inv, f[Orders], f[Customers], open_amounts(inv), DAY, random.Random(3)
    )
    args = ["sync", "bank", str(register)]
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        args += ["--statement", str(tmp_path / name)]
    main(args)
    entries = by_key(register, BankEntries, BankEntries.entry_ref)
    status = {k: r[BankEntries.match_status] for k, r in entries.items()}
    receipts = [r for r in entries.values() if r[BankEntries.amount] > 0]
    assert len(receipts) == len(payments)
    # every planned receipt is applied to the invoices it was written for
    applied = {
        r[BankEntries.matched_invoices]
        for r in receipts
        if r[BankEntries.match_status] == "matched"
    }
    for p in payments:
        text = "; ".join(f"{n}: {a}" for n, a in p.invoices)
        assert text in applied, (p, status)
