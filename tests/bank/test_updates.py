"""Which cells Sync bank writes: changed owned cells of addressable rows, nothing else."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from orderdesk.domain.payments.updates import cell, cell_updates, entry_row
from orderdesk.schema import BankEntries, Invoices


def invoices() -> pd.DataFrame:
    return pd.DataFrame({str(Invoices.outstanding): [100.0, 50.0, 70.0, 80.0]}, index=[2, 3, 4, 5])


def test_only_changed_cells_of_rows_with_a_whole_unrepeated_key_are_written() -> None:
    keys = [("INV-1",), ("INV-2",), ("INV-2",), (None,)]
    new = pd.DataFrame({str(Invoices.outstanding): [100.004, 0.0, 0.0, 0.0]}, index=[2, 3, 4, 5])
    updates = cell_updates(Invoices, invoices(), keys, new)
    # INV-1 differs by less than a cent; the second INV-2 row and the keyless row are not written
    assert updates == {("INV-2",): {Invoices.outstanding: 0.0}}


def test_a_row_that_could_not_be_read_is_not_written() -> None:
    keys = [("INV-1",), ("INV-2",), ("INV-3",), ("INV-4",)]
    new = pd.DataFrame({str(Invoices.outstanding): [0.0] * 4}, index=[2, 3, 4, 5])
    ok = pd.Series([True, False, True, True], index=[2, 3, 4, 5])
    assert set(cell_updates(Invoices, invoices(), keys, new, ok)) == {
        ("INV-1",),
        ("INV-3",),
        ("INV-4",),
    }


def test_cells_take_dates_for_midnights_and_blanks_for_na() -> None:
    assert cell(pd.Timestamp("2026-10-29")) == dt.date(2026, 10, 29)
    assert cell(pd.Timestamp("2026-10-29 14:05")) == dt.datetime(2026, 10, 29, 14, 5)
    assert cell(float("nan")) is None and cell(pd.NA) is None and cell("x") == "x"
    rec = pd.Series({str(BankEntries.amount): 10.0, str(BankEntries.payer): None})
    assert entry_row(rec) == {BankEntries.amount: 10.0}


def test_a_sync_works_out_the_applied_allocations_once(trade_register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from orderdesk.actions.bank import sync_bank
    from orderdesk.actions.context import RunContext
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.domain.payments import ledger
    from tests.bank.conftest import FILES

    calls: list[int] = []
    real = ledger.applied_allocations

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger, "applied_allocations", counted)
    ctx = RunContext.of(FileRegister(trade_register))
    outcome = sync_bank(ctx, statements=[FILES / "camt053_v02_hsbc.xml"])
    assert outcome.summary.startswith("bank sync: 4 new entries")
    assert len(calls) == 1
