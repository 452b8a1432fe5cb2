"""The settlement journal: balanced lines finance can post for a period's receipts.

For each receipt booked in the period (debit and credit amounts in the base currency, each line
also in its own currency with the ECB rate used):

- Dr bank, the receipt, at the rate of its value date;
- Cr receivables for each balance or full invoice it settles, at the rate of the invoice's issue
  date (where the receivable was booked); Cr customer deposits for a deposit invoice, at the rate
  of the value date (an advance is booked when it is received, IAS 21 / IFRIC 22: no exchange
  difference arises on it);
- Dr bank charges for what the customer's banks deducted (the invoice settled in full, the
  receipt short, both in one currency), at the value date's rate;
- Cr suspense for a receipt not (or not entirely) applied to invoices: money in, for a person to
  place;
- the exchange difference that makes the entry balance: Dr fx loss or Cr fx gain.

Every amount is a `Decimal` rounded to its currency's minor unit, the rate to 6 decimals, and the
base amount is amount × rate rounded, so a reader can recompute every line; the exchange
difference is what is left, so each receipt's debits equal its credits to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus, statuses
from orderdesk.domain.payments.matching import RatesFn
from orderdesk.domain.reference import fx
from orderdesk.domain.trade import money
from orderdesk.errors import OrderDeskError
from orderdesk.schema import Accounts, BankEntries, InvoiceKind, Invoices

RATE_PLACES = Decimal("0.000001")


class Purpose(StrEnum):
    """The Purpose column of the Ledger accounts table on the Settings sheet."""

    BANK = "bank"  # "bank EUR", "bank CNY" … for an account per currency
    RECEIVABLES = "receivables"
    DEPOSITS = "customer deposits"
    CHARGES = "bank charges"
    FX_GAIN = "fx gain"
    FX_LOSS = "fx loss"
    SUSPENSE = "suspense"


class SettlementError(OrderDeskError, ValueError):
    """The journal cannot be built as asked; the message says what is missing and where."""


@dataclass(frozen=True)
class Ledger:
    """Account codes by purpose (lower-case), with their names."""

    accounts: Mapping[str, tuple[str, str]]
    base_currency: str
    where: str = "Settings, Ledger accounts"

    def account(self, purpose: Purpose, currency: str | None = None) -> tuple[str, str]:
        keys = [f"{purpose.value} {currency.lower()}"] if currency else []
        for key in [*keys, purpose.value]:
            if key in self.accounts:
                return self.accounts[key]
        raise SettlementError(
            f"{self.where}: no account for '{purpose.value}'; add a row with Purpose "
            f"'{purpose.value}' and its account code"
        )


def ledger_of(accounts: pd.DataFrame, base_currency: str) -> Ledger:
    """The Ledger accounts table (Settings): the first row of each purpose counts; purposes are
    compared without case and extra spaces."""
    found: dict[str, tuple[str, str]] = {}
    for purpose, account, name in zip(
        accounts[Accounts.purpose], accounts[Accounts.account], accounts[Accounts.name],
        strict=True,
    ):  # fmt: skip
        if isinstance(purpose, str) and isinstance(account, str):
            found.setdefault(" ".join(purpose.lower().split()), (account, name or ""))
    return Ledger(found, base_currency, f"Settings, {Accounts.title}")


@dataclass(frozen=True)
class JournalLine:
    date: dt.date
    account: str
    account_name: str
    debit: Decimal
    credit: Decimal
    currency: str
    amount: Decimal
    fx_rate: Decimal
    base_amount: Decimal
    invoice: str
    customer: str
    payer: str
    bank_reference: str
    remittance: str


HEADERS: dict[str, str] = {
    "date": "Date",
    "account": "Account",
    "account_name": "Account Name",
    "debit": "Debit",
    "credit": "Credit",
    "currency": "Currency",
    "amount": "Amount",
    "fx_rate": "FX Rate",
    "base_amount": "Base Amount",
    "invoice": "Invoice",
    "customer": "Customer",
    "payer": "Payer",
    "bank_reference": "Bank Reference",
    "remittance": "Remittance",
}
assert list(HEADERS) == [f.name for f in fields(JournalLine)]


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """'2026-10' → (2026-10-01, 2026-11-01)."""
    try:
        year, month = (int(x) for x in period.strip().split("-"))
        start = dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise SettlementError(f"period '{period}' is not YYYY-MM (e.g. 2026-10)") from exc
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, end


def previous_period(today: dt.date) -> str:
    """The calendar month before `today`'s, as YYYY-MM (what the Export settlement button
    exports)."""
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last_day:%Y-%m}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


class _Rates:
    """ECB rates to the base currency, rounded to 6 places, looked up once per (currency, day)."""

    def __init__(self, base: str, rates: RatesFn) -> None:
        self.base = base
        self.rates = rates
        self.cache: dict[tuple[str, dt.date], Decimal | None] = {}

    def prefetch(self, wanted: set[tuple[str, dt.date]]) -> None:
        todo = sorted(k for k in wanted if k not in self.cache and k[0] != self.base)
        if not todo:
            return
        got = self.rates(
            pd.Series([c for c, _ in todo]),
            pd.Series([self.base] * len(todo)),
            pd.Series([pd.Timestamp(d) for _, d in todo]),
        )
        for key, rate in zip(todo, got["rate"].tolist(), strict=True):
            self.cache[key] = None if rate != rate else Decimal(repr(rate)).quantize(RATE_PLACES)

    def get(self, currency: str, day: dt.date, what: str) -> Decimal:
        if currency == self.base:
            return Decimal(1)
        if (currency, day) not in self.cache:
            self.prefetch({(currency, day)})
        rate = self.cache[(currency, day)]
        if rate is None:
            raise SettlementError(
                f"{what}: no ECB rate {currency}→{self.base} on {day.isoformat()}"
            )
        return rate


def settlement_journal(
    entries: pd.DataFrame,
    allocations: pd.DataFrame,
    invoices: pd.DataFrame,
    ledger: Ledger,
    period: str,
    *,
    rates: RatesFn = fx.rates_vector,
) -> list[JournalLine]:
    """Journal lines for the receipts booked in `period` (BankEntries rows, index = sheet row);
    `allocations` as `ledger.applied_allocations` gives them."""
    start, end = period_bounds(period)
    base = ledger.base_currency.upper()
    booked = pd.to_datetime(entries[BankEntries.booking_date])
    not_receipt = np.array(
        [
            # a probable duplicate waits for a person: posting it could book one receipt twice
            s in (MatchStatus.OUTGOING, MatchStatus.IGNORED, MatchStatus.PROBABLE_DUPLICATE)
            for s in statuses(entries[BankEntries.match_status])
        ],
        dtype=bool,
    )
    mine = entries.loc[
        booked.ge(pd.Timestamp(start))
        & booked.lt(pd.Timestamp(end))
        & entries[BankEntries.amount].astype(float).gt(0)
        & ~not_receipt
    ]
    mine = mine.iloc[np.argsort(booked.loc[mine.index].to_numpy(), kind="stable")]  # by day
    inv = invoices.assign(_no=invoices[Invoices.invoice_no].astype(str)).drop_duplicates("_no")
    inv = inv.set_index("_no")
    by_entry: dict[int, pd.DataFrame] = {}
    if len(allocations):
        rows = allocations["row"].to_numpy()
        for row in np.unique(rows):
            by_entry[int(row)] = allocations.loc[rows == row]
    fxr = _Rates(base, rates)
    # One rate lookup for every (currency, day) the lines will need.
    value_day = pd.to_datetime(mine[BankEntries.value_date]).fillna(booked.loc[mine.index])
    wanted = set(
        zip(
            mine[BankEntries.currency].astype(str).str.upper(),
            [d.date() for d in value_day],
            strict=True,
        )
    )
    if by_entry:
        used = allocations.loc[allocations["row"].isin(mine.index)]
        issued = used["invoice"].map(inv[Invoices.issue_date])
        for ccy, day, when in zip(used["currency"], issued, used["date"], strict=True):
            wanted.add((str(ccy).upper(), pd.Timestamp(when).date()))
            if not pd.isna(day):
                wanted.add((str(ccy).upper(), pd.Timestamp(day).date()))
    fxr.prefetch(wanted)
    lines: list[JournalLine] = []
    for pos, row_no in enumerate(mine.index):
        rec = mine.iloc[pos]
        lines += _entry_lines(int(row_no), rec, by_entry.get(int(row_no)), inv, ledger, fxr)
    return lines


def _entry_lines(
    row_no: int,
    rec: pd.Series,
    allocs: pd.DataFrame | None,
    inv: pd.DataFrame,
    ledger: Ledger,
    fxr: _Rates,
) -> list[JournalLine]:
    base = fxr.base
    ref = str(rec[BankEntries.entry_ref])
    where = f"BankEntries row {row_no} ({ref})"
    booked = pd.Timestamp(rec[BankEntries.booking_date]).date()
    vdate = rec[BankEntries.value_date]
    value_day = booked if pd.isna(vdate) else pd.Timestamp(vdate).date()
    ccy = str(rec[BankEntries.currency]).upper()
    received = money(Decimal(repr(float(rec[BankEntries.amount]))), ccy)
    payer = _text(rec[BankEntries.payer])
    remittance = _text(rec[BankEntries.remittance])
    lines: list[JournalLine] = []

    def line(
        purpose: Purpose,
        side: str,
        currency: str,
        amount: Decimal,
        rate: Decimal,
        invoice: str = "",
        customer: str = "",
        base_amount: Decimal | None = None,
    ) -> JournalLine:
        code, name = ledger.account(purpose, currency if purpose is Purpose.BANK else None)
        value = money(amount * rate, base) if base_amount is None else base_amount
        zero = money(Decimal(0), base)
        made = JournalLine(
            date=booked,
            account=code,
            account_name=name,
            debit=value if side == "Dr" else zero,
            credit=value if side == "Cr" else zero,
            currency=currency,
            amount=amount,
            fx_rate=rate,
            base_amount=value,
            invoice=invoice,
            customer=customer,
            payer=payer,
            bank_reference=ref,
            remittance=remittance,
        )
        lines.append(made)
        return made

    r_value = fxr.get(ccy, value_day, where)
    customer = ""
    if allocs is not None and len(allocs):
        first = str(allocs["invoice"].iloc[0])
        customer = _text(inv.at[first, Invoices.customer]) if first in inv.index else ""
    line(Purpose.BANK, "Dr", ccy, received, r_value, customer=customer)
    allocated = Decimal(0)
    same_currency = True
    if allocs is not None and len(allocs):
        a: Any
        for a in allocs.itertuples(index=False):
            invoice = str(a.invoice)
            iccy = str(a.currency).upper()
            amount = money(Decimal(repr(float(a.amount))), iccy)
            known = invoice in inv.index
            kind = _text(inv.at[invoice, Invoices.kind]).strip().lower() if known else ""
            if kind == InvoiceKind.DEPOSIT.value:
                purpose, rate = Purpose.DEPOSITS, fxr.get(iccy, value_day, where)
            else:
                issued: Any = inv.at[invoice, Invoices.issue_date] if known else None
                day = (
                    value_day if issued is None or pd.isna(issued) else pd.Timestamp(issued).date()
                )
                purpose, rate = Purpose.RECEIVABLES, fxr.get(iccy, day, f"{where}, {invoice}")
            owner = _text(inv.at[invoice, Invoices.customer]) if known else customer
            line(purpose, "Cr", iccy, amount, rate, invoice, owner)
            same_currency &= iccy == ccy
            allocated += amount
        if same_currency and allocated > received:
            line(Purpose.CHARGES, "Dr", ccy, allocated - received, r_value, customer=customer)
        elif same_currency and received > allocated:
            line(Purpose.SUSPENSE, "Cr", ccy, received - allocated, r_value, customer=customer)
    else:
        line(Purpose.SUSPENSE, "Cr", ccy, received, r_value)
    debit = sum((x.debit for x in lines), Decimal(0))
    credit = sum((x.credit for x in lines), Decimal(0))
    diff = credit - debit
    if diff > 0:
        line(Purpose.FX_LOSS, "Dr", base, diff, Decimal(1), customer=customer, base_amount=diff)
    elif diff < 0:
        line(Purpose.FX_GAIN, "Cr", base, -diff, Decimal(1), customer=customer, base_amount=-diff)
    return lines


def journal_frame(lines: list[JournalLine]) -> pd.DataFrame:
    """The journal as a table with its headers; money stays Decimal."""
    rows = [{HEADERS[f.name]: getattr(x, f.name) for f in fields(JournalLine)} for x in lines]
    return pd.DataFrame(rows, columns=list(HEADERS.values()))
