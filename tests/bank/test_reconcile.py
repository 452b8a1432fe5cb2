"""Sync bank's rules, on tables in memory (no workbook): what the entries mean for BankEntries'
own columns, for the invoices and for the customers (`domain.payments.reconcile`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from orderdesk.domain.payments import ledger
from orderdesk.domain.payments.entries import BankEntry
from orderdesk.domain.payments.matching import MatchPolicy
from orderdesk.domain.payments.reconcile import (
    Reconciliation,
    admit,
    api_since,
    changed,
    known_accounts,
    reconcile,
)
from orderdesk.schema import (
    BankEntries,
    ColType,
    Customers,
    Invoices,
    Orders,
    Table,
)

TODAY = dt.date(2026, 11, 15)


def table(kind: type[Table], *rows: dict[Any, Any], first_row: int = 2) -> pd.DataFrame:
    """A table as the register's readers give it: every column, typed, index = sheet row."""
    frame = pd.DataFrame(list(rows), columns=[str(c) for c in kind.columns()])
    for col in kind.columns():
        if col.type in (ColType.DATE, ColType.DATETIME):
            frame[col] = pd.to_datetime(frame[col])
        elif col.type in (ColType.MONEY, ColType.NUMBER, ColType.PERCENT, ColType.RATE):
            frame[col] = frame[col].astype(float)
        else:
            frame[col] = frame[col].astype(object)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    return frame


CUSTOMERS = table(
    Customers,
    {Customers.customer_id: "CU-1", Customers.name: "Acme Trading GmbH"},
    {Customers.customer_id: "CU-2", Customers.name: "Nordic Home AB"},
    {Customers.customer_id: "CU-3", Customers.name: "Maison Lumière SARL"},
)
ORDERS = table(
    Orders,
    {Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.payment_terms: "TT100"},
    {Orders.order_id: "SO-2", Orders.customer: "CU-2", Orders.payment_terms: "TT100"},
    {Orders.order_id: "SO-3", Orders.customer: "CU-3", Orders.payment_terms: "TT100"},
)


def invoice(no: str, customer: str, amount: float, **more: Any) -> dict[Any, Any]:
    order = {"CU-1": "SO-1", "CU-2": "SO-2", "CU-3": "SO-3"}[customer]
    return {
        Invoices.invoice_no: no,
        Invoices.order_id: order,
        Invoices.customer: customer,
        Invoices.kind: "full",
        Invoices.issue_date: "2026-10-01",
        Invoices.due_date: "2026-10-31",
        Invoices.currency: "USD",
        Invoices.amount: amount,
        **more,
    }


# Two invoices of one customer, both open.
TWO_OPEN = table(
    Invoices, invoice("INV-2026-0001", "CU-1", 500.0), invoice("INV-2026-0002", "CU-1", 300.0)
)


def entry(ref: str, amount: float, **more: Any) -> dict[Any, Any]:
    return {
        BankEntries.entry_ref: ref,
        BankEntries.account: "DE89370400440532013000",
        BankEntries.booking_date: "2026-11-02",
        BankEntries.value_date: "2026-11-02",
        BankEntries.amount: amount,
        BankEntries.currency: "USD",
        BankEntries.source: "camt.053.001.08",
        **more,
    }


def run(
    entries: pd.DataFrame, invoices: pd.DataFrame, new: tuple[BankEntry, ...] = ()
) -> Reconciliation:
    admitted = admit(entries, [("statement.xml", list(new))])
    return reconcile(entries, admitted.new, invoices, ORDERS, CUSTOMERS, MatchPolicy(), TODAY)


def status(done: Reconciliation, row: int) -> tuple[object, ...]:
    owned = done.owned.loc[row]
    return (
        owned[BankEntries.match_status],
        owned[BankEntries.matched_invoices],
        owned[BankEntries.match_reasons],
    )


# --- the bank API: from when ------------------------------------------------------------------


def test_the_api_is_read_from_a_week_before_its_last_booking_day() -> None:
    entries = table(
        BankEntries,
        entry("A", 10.0, **{BankEntries.source: "PSD2", BankEntries.booking_date: "2026-10-20"}),
        entry("B", 10.0, **{BankEntries.source: "psd2", BankEntries.booking_date: "2026-10-25"}),
        # a statement file's later day does not count: the API may still owe what came before
        entry("C", 10.0, **{BankEntries.booking_date: "2026-11-10"}),
    )
    assert api_since(entries, TODAY) == dt.date(2026, 10, 18)
    assert api_since(entries.iloc[2:], TODAY) == dt.date(2026, 8, 17)  # never read: 90 days
    assert api_since(table(BankEntries), TODAY) == dt.date(2026, 8, 17)


# --- outgoing, reversals, and what a person decided ------------------------------------------


def test_money_out_and_reversals_are_outgoing_and_a_persons_decision_stays() -> None:
    invoices = table(Invoices, invoice("INV-2026-0001", "CU-1", 500.0))
    entries = table(
        BankEntries,
        entry("OUT-1", -120.0, **{BankEntries.remittance: "Freight INV-2026-0001"}),
        # a person said: ours, apply it — OrderDesk does not touch it, even for money out
        entry("OUT-2", -80.0, **{BankEntries.match_status: "ignored"}),
        entry("SUG-1", -15.0, **{BankEntries.match_status: "suggested"}),
    )
    reversal = BankEntry(
        booking_date=dt.date(2026, 11, 3),
        amount=Decimal("500"),
        currency="USD",
        bank_ref="REV-1",
        remittance="INV-2026-0001",
        payer="Acme Trading GmbH",
        reversal=True,
    )
    done = run(entries, invoices, (reversal,))
    assert status(done, 2) == ("outgoing", None, "money out")
    assert status(done, 3)[0] == "ignored"
    assert status(done, 4) == ("outgoing", None, "money out")  # was only a suggestion
    # a reversal is never a receipt, though it names the invoice with its exact amount
    assert status(done, -1) == ("outgoing", None, "reversal of an earlier entry")
    assert done.invoices.loc[2, Invoices.status] == "overdue"
    assert done.matches == []


def test_a_matched_or_confirmed_entry_is_not_matched_again() -> None:
    invoices = TWO_OPEN.copy()
    entries = table(
        BankEntries,
        entry(
            "M-1",
            500.0,
            **{
                BankEntries.remittance: "INV-2026-0002",  # would match 0002 if asked again
                BankEntries.match_status: "matched",
                BankEntries.matched_invoices: "INV-2026-0001: 500.00",
                BankEntries.confidence: 0.95,
                BankEntries.match_reasons: "as it was",
            },
        ),
    )
    done = run(entries, invoices)
    assert status(done, 2) == ("matched", "INV-2026-0001: 500.00", "as it was")
    assert done.invoices[Invoices.status].tolist() == ["paid", "overdue"]


# --- probable duplicates ----------------------------------------------------------------------


def test_a_probable_duplicate_is_kept_marked_and_not_matched() -> None:
    invoices = table(Invoices, invoice("INV-2026-0001", "CU-1", 500.0))
    paid = BankEntry(
        booking_date=dt.date(2026, 11, 2),
        amount=Decimal("500"),
        currency="USD",
        account="DE89370400440532013000",
        payer="Acme Trading GmbH",
        remittance="INV-2026-0001",
        statement="S-1",
        place="S-1/1/1",
        where="Stmt 1 / Ntry 1",
    )
    again = paid.model_copy(update={"statement": "S-2", "place": "S-2/1/4"})
    entries = table(BankEntries)
    first = run(entries, invoices, (paid,))
    assert status(first, -1)[:2] == ("matched", "INV-2026-0001: 500.00")

    on_sheet = table(BankEntries, *first.added.to_dict("records"), first_row=2)
    second = run(on_sheet, invoices, (again,))
    marked, invoices_text, reason = status(second, -1)
    assert marked == "duplicate?" and pd.isna(invoices_text)
    assert f"is probably {first.added.iloc[0][BankEntries.entry_ref]} (BankEntries row 2)" in reason
    assert "set Match Status to 'ignored' if it is" in reason
    assert second.matches == [] and second.probable_duplicates == 1
    # the invoice is paid once, not twice
    assert second.invoices.loc[2, Invoices.paid] == 500.0
    assert second.invoices.loc[2, Invoices.status] == "paid"


# --- accounts that paid a customer before --------------------------------------------------------

# CU-1 paid 0001 before; 0003 (CU-1) and 0004 (CU-3) are open for the same amount
PAID_BY_ACCOUNT = table(
    Invoices,
    invoice("INV-2026-0001", "CU-1", 500.0),
    invoice("INV-2026-0002", "CU-2", 200.0),
    invoice("INV-2026-0003", "CU-1", 730.0),
    invoice("INV-2026-0004", "CU-3", 730.0),
)


def learned(entries: pd.DataFrame, invoices: pd.DataFrame) -> pd.DataFrame:
    return known_accounts(
        entries, ledger.applied_allocations(entries, invoices).allocations, invoices
    )


def test_an_account_that_paid_one_customer_identifies_it() -> None:
    invoices = PAID_BY_ACCOUNT
    applied = {
        BankEntries.match_status: "confirmed",
        BankEntries.payer_account: "DE44 5001 0517 5407 3249 31",
    }
    entries = table(
        BankEntries,
        entry("P-1", 500.0, **applied, **{BankEntries.matched_invoices: "INV-2026-0001"}),
        # no name, no reference: only the account says who pays
        entry("P-2", 730.0, **{BankEntries.payer_account: "DE44500105175407324931"}),
    )
    done = run(entries, invoices)
    assert status(done, 3)[:2] == ("matched", "INV-2026-0003: 730.00")
    assert "is customer CU-1" in str(status(done, 3)[2])

    assert learned(entries, invoices).to_dict("records") == [
        {"account": "DE44500105175407324931", "customer": "CU-1"}
    ]


def test_an_account_that_paid_for_two_customers_identifies_neither() -> None:
    invoices = PAID_BY_ACCOUNT
    treasury = {
        BankEntries.match_status: "confirmed",
        BankEntries.payer_account: "GB33BUKB20201555555555",
    }
    entries = table(
        BankEntries,
        entry("T-1", 500.0, **treasury, **{BankEntries.matched_invoices: "INV-2026-0001"}),
        entry("T-2", 200.0, **treasury, **{BankEntries.matched_invoices: "INV-2026-0002"}),
        entry("T-3", 730.0, **{BankEntries.payer_account: "GB33BUKB20201555555555"}),
    )
    assert learned(entries, invoices).empty
    done = run(entries, invoices)
    # two open invoices of 730.00 and nothing to tell them apart: not applied
    assert status(done, 4)[0] == "unmatched"
    assert "is customer" not in str(status(done, 4)[2])


# --- invoices and customers after the sync -----------------------------------------------------


def test_invoices_and_customers_show_the_receipts_matched_now_and_before() -> None:
    invoices = table(
        Invoices,
        invoice("INV-2026-0001", "CU-1", 500.0),
        invoice("INV-2026-0002", "CU-1", 300.0),
        # finance recorded 100 paid by cheque: kept on top of the bank's receipts
        invoice("INV-2026-0003", "CU-2", 400.0, **{Invoices.paid: 100.0}),
        invoice("INV-2026-0004", "CU-3", float("nan")),  # unreadable amount: left as it is
    )
    entries = table(
        BankEntries,
        entry(
            "C-1",
            300.0,
            **{
                BankEntries.booking_date: "2026-11-10",
                BankEntries.value_date: "2026-11-10",
                BankEntries.match_status: "confirmed",
                BankEntries.matched_invoices: "INV-2026-0002",
            },
        ),
        entry(
            "N-1",
            500.0,
            **{BankEntries.remittance: "Invoice INV-2026-0001", BankEntries.payer: "ACME TRADING"},
        ),
        entry(
            "N-2",
            300.0,
            **{BankEntries.remittance: "INV-2026-0003", BankEntries.payer: "Nordic Home AB"},
        ),
    )
    done = run(entries, invoices)
    state = done.invoices
    assert state[Invoices.paid].tolist()[:3] == [500.0, 300.0, 400.0]
    assert state[Invoices.status].tolist()[:3] == ["paid", "paid", "paid"]
    assert state.loc[3, Invoices.last_payment] == pd.Timestamp(2026, 11, 10)
    assert done.invoice_readable.tolist() == [True, True, True, False]
    # CU-1 paid 0001 two days and 0002 ten days after the due date; CU-3 has no readable invoice
    assert done.avg_days_late.tolist()[:2] == [6.0, 2.0]
    assert done.has_invoices.tolist() == [True, True, False]
    assert done.invoice_status_counts == {"paid": 3}
    assert done.status_counts == {"confirmed": 1, "matched": 2}


def test_applied_entries_are_read_once_per_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = ledger.applied_allocations

    def counted(*args: Any, **kwargs: Any) -> ledger.Applied:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger, "applied_allocations", counted)
    invoices = table(Invoices, invoice("INV-2026-0001", "CU-1", 500.0))
    entries = table(BankEntries, entry("N-1", 500.0, **{BankEntries.remittance: "INV-2026-0001"}))
    done = run(entries, invoices)
    assert status(done, 2)[0] == "matched" and done.invoices.loc[2, Invoices.status] == "paid"
    assert len(calls) == 1


def test_a_receipt_typed_without_amounts_is_spread_again_over_what_is_open() -> None:
    invoices = TWO_OPEN.copy()
    entries = table(
        BankEntries,
        entry(
            "C-1",
            600.0,
            **{
                BankEntries.match_status: "confirmed",
                BankEntries.matched_invoices: "INV-2026-0001; INV-2026-0002",
            },
        ),
        entry(
            "N-1",
            200.0,
            **{BankEntries.remittance: "INV-2026-0002 rest", BankEntries.payer: "Acme Trading"},
        ),
    )
    done = run(entries, invoices)
    assert status(done, 3)[:2] == ("matched", "INV-2026-0002: 200.00")
    assert done.invoices[Invoices.paid].tolist() == [500.0, 300.0]
    assert done.invoices[Invoices.status].tolist() == ["paid", "paid"]


# --- what counts as a change ------------------------------------------------------------------


def test_what_counts_as_changed() -> None:
    money = pd.Series([100.0, 100.0, np.nan, 5.0, np.nan])
    new_money = pd.Series([100.004, 100.01, 3.0, np.nan, np.nan])
    assert changed(money, new_money, Invoices.paid).tolist() == [False, True, True, True, False]

    text = pd.Series(["paid", "part  paid ", None, "open", "open"], dtype=object)
    new_text = pd.Series(["paid", "part paid", "open", None, "overdue"], dtype=object)
    assert changed(text, new_text, Invoices.status).tolist() == [False, False, True, True, True]

    days = pd.to_datetime(pd.Series(["2026-11-01", "2026-11-01", None]))
    new_days = pd.to_datetime(pd.Series(["2026-11-01", "2026-11-02", None]))
    assert changed(days, new_days, Invoices.last_payment).tolist() == [False, True, False]


def test_an_invoice_without_a_number_is_not_paid_by_a_receipt() -> None:
    invoices = table(
        Invoices,
        invoice("INV-2026-0001", "CU-1", 500.0),
        invoice(None, "CU-1", 730.0),  # the number was deleted
    )
    entries = table(
        BankEntries,
        entry("N-1", 730.0, **{BankEntries.payer: "Acme Trading GmbH"}),
        entry("N-2", 500.0, **{BankEntries.payer: "Acme Trading GmbH"}),
    )
    done = run(entries, invoices)
    assert status(done, 2)[0] == "unmatched"
    assert "no open invoice of theirs fits 730.00 USD" in str(status(done, 2)[2])
    assert status(done, 3)[:2] == ("matched", "INV-2026-0001: 500.00")
    assert done.invoices[Invoices.status].tolist() == ["paid", "overdue"]
