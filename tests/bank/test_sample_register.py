"""The real sample register: its own receipts (with the sample's answer key) and the statement
files the sample writes are matched as they should be, none wrongly."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.domain.payments.ledger import parse_allocations
from orderdesk.sample import Sample
from orderdesk.sample.statements import CAMT_FILE, MT940_FILE
from orderdesk.schema import BankEntries


def test_sample_receipts_and_statements(
    tmp_path: Path, demo_sample_folder: tuple[Path, Sample]
) -> None:
    # new_register(…, sample_orders=120, seed=1), its statement files beside it, and the sample
    # it was written from: the answer key (tests/conftest.py, once per test run).
    folder, sample = demo_sample_folder
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    register = tmp_path / "SampleRegister.xlsx"
    args = ["sync", "bank", str(register)]
    for name in (CAMT_FILE, MT940_FILE):
        assert (tmp_path / name).exists()
        args += ["--statement", str(tmp_path / name)]
    main(args)
    entries = FileRegister(register).read(BankEntries).frame.set_index(BankEntries.entry_ref)

    key = sample.receipts
    right = wrong = 0
    settled: dict[str, Decimal] = {}  # invoice → what the applied receipts settled
    expected: dict[str, Decimal] = {}
    for receipt in key:
        row = entries.loc[receipt.entry_ref]
        want = {i: Decimal(str(a)) for i, a in receipt.allocations}
        if row[BankEntries.match_status] != "matched":
            continue
        got = dict(parse_allocations(row[BankEntries.matched_invoices]))
        # Right = applied to exactly the invoices the receipt paid. Where one invoice is paid in
        # instalments and the total falls short by bank charges, which instalment "carried" the
        # charge is a convention the statement cannot show; the settled totals are compared below.
        right += set(got) == set(want)
        wrong += set(got) != set(want)
        for i, amount in got.items():
            settled[i] = settled.get(i, Decimal(0)) + amount
            expected[i] = expected.get(i, Decimal(0))
        for i, amount in want.items():
            expected[i] = expected.get(i, Decimal(0)) + amount
    assert wrong == 0
    assert right / len(key) >= 0.95, f"{right} of {len(key)}"
    fully_applied = {
        i
        for i in settled
        if all(
            entries.loc[r.entry_ref, BankEntries.match_status] == "matched"
            for r in key
            if i in dict(r.allocations)
        )
    }
    assert {i: settled[i] for i in fully_applied} == {i: expected[i] for i in fully_applied}

    # the statement files' receipts: all matched
    files = entries.loc[entries[BankEntries.source].isin(["camt.053.001.08", "MT940"])]
    receipts = files.loc[files[BankEntries.amount] > 0]
    assert len(receipts) >= 4
    assert (receipts[BankEntries.match_status] == "matched").all()
