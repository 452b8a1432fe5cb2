"""What the applied receipts mean for invoices and customers.

The register keeps no running balance that could drift: an invoice's Paid is recomputed on every
sync as its opening amount plus the bank entries applied to it (Match Status 'matched' or
'confirmed'). The opening amount is what was paid outside the bank history OrderDesk holds —
payments finance recorded before the first sync, by cheque, or by offset — inferred as the Paid
the invoice shows minus what earlier syncs applied (`opening_paid`), so a sync never undoes a
payment someone recorded by hand. The bank entries' Matched
Invoices say how much went to which invoice: `INV-2026-0001: 7000.00; INV-2026-0002: 2975.00`
(amounts in the invoice's currency, including the bank charges or FX difference that settle it).
A person confirming an entry may type invoice numbers without amounts: the receipt is then spread
over them in the order given, each up to what is open, the rest on the last one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from orderdesk.domain import values as V
from orderdesk.domain.payments.entries import statuses
from orderdesk.domain.payments.matching import CENT, Allocation, RatesFn
from orderdesk.domain.reference import fx
from orderdesk.domain.trade import money
from orderdesk.schema import BankEntries, Invoices


class InvoiceStatus:
    OPEN = "open"
    OVERDUE = "overdue"
    PART_PAID = "part paid"
    PAID = "paid"
    OVERPAID = "overpaid"


# --- Matched Invoices text ----------------------------------------------------------------------

_PART = re.compile(r"^\s*(?P<inv>[^:]+?)\s*(?::\s*(?P<amt>[^:]*?)\s*)?$")


def format_allocations(items: Iterable[Allocation]) -> str:
    """Amounts as plain numbers (a dot, no thousands separator): the same in every locale."""
    return "; ".join(f"{a.invoice}: {a.amount}" for a in items)


def parse_allocations(text: str | None) -> list[tuple[str, Decimal | None]]:
    """`INV-1: 7000.00; INV-2` → [("INV-1", 7000.00), ("INV-2", None)]. Raises ValueError."""
    out: list[tuple[str, Decimal | None]] = []
    for part in re.split(r"[;\n]", text or ""):
        if not part.strip():
            continue
        m = _PART.match(part)
        if not m:
            raise ValueError(f"'{part.strip()}' is not 'invoice: amount'")
        amount = m["amt"]
        if amount:
            try:
                value = V.parse_decimal(amount)
            except V.Unreadable as exc:
                raise ValueError(f"'{part.strip()}': {exc}") from exc
            if value <= 0:
                raise ValueError(f"'{part.strip()}': an amount applied must be above 0")
            out.append((m["inv"], value))
        else:
            out.append((m["inv"], None))
    return out


# --- applied receipts → allocations -----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """An applied entry whose Matched Invoices cannot be used; nothing of it is applied."""

    row: int
    entry: str
    value: str
    message: str


@dataclass(frozen=True)
class _InvoiceBook:
    """The invoices as allocations need them, by upper-case number: currency, number as
    written, amount."""

    currency: dict[str, str]
    name: dict[str, str]
    total: dict[str, float]

    @classmethod
    def of(cls, invoices: pd.DataFrame) -> _InvoiceBook:
        keys = invoices[Invoices.invoice_no].astype(str).str.upper()
        return cls(
            dict(zip(keys, invoices[Invoices.currency].astype("string").str.upper(), strict=True)),
            {k.upper(): k for k in invoices[Invoices.invoice_no].dropna().astype(str)},
            dict(zip(keys, invoices[Invoices.amount].astype(float), strict=True)),
        )


# A receipt a person confirmed with invoice numbers only: row, entry, invoices, amount, currency,
# value date.
_Typed = tuple[int, str, list[str], Decimal, str, dt.date]
_COLUMNS = ["entry", "row", "invoice", "amount", "currency", "date"]


@dataclass
class Applied:
    """Allocations of every applied entry: columns entry, row, invoice, amount (invoice
    currency), currency, date (value date); and the entries that could not be used."""

    allocations: pd.DataFrame
    problems: list[Problem]
    # What `plus` needs to add entries without reading these again.
    _book: _InvoiceBook | None = field(default=None, repr=False)
    _explicit: pd.DataFrame | None = field(default=None, repr=False)
    _typed: list[_Typed] = field(default_factory=list, repr=False)

    def plus(self, entries: pd.DataFrame, *, rates: RatesFn = fx.rates_vector) -> Applied:
        """These allocations and those of more BankEntries rows (say, the receipts a sync has
        just matched): as `applied_allocations` over all of them would give them — receipts
        confirmed with invoice numbers only are spread again over what is then open."""
        assert self._book is not None and self._explicit is not None
        explicit, typed, problems = _read(entries, self._book)
        if len(self._explicit):
            parts = [self._explicit, explicit] if len(explicit) else [self._explicit]
            explicit = pd.concat(parts, ignore_index=True)
        return _applied(
            explicit,
            [*self._typed, *typed],
            [*self.problems, *problems],
            self._book,
            rates,
        )


def applied_allocations(
    entries: pd.DataFrame, invoices: pd.DataFrame, *, rates: RatesFn = fx.rates_vector
) -> Applied:
    """The allocations of the BankEntries rows whose Match Status is matched or confirmed."""
    book = _InvoiceBook.of(invoices)
    explicit, typed, problems = _read(entries, book)
    return _applied(explicit, typed, problems, book, rates)


def _applied(
    explicit: pd.DataFrame,
    typed: list[_Typed],
    problems: list[Problem],
    book: _InvoiceBook,
    rates: RatesFn,
) -> Applied:
    spread = _spread(typed, explicit, book.currency, book.total, rates)
    allocations = pd.concat([explicit, spread], ignore_index=True) if len(spread) else explicit
    return Applied(allocations, problems, book, explicit, typed)


def _read(
    entries: pd.DataFrame, book: _InvoiceBook
) -> tuple[pd.DataFrame, list[_Typed], list[Problem]]:
    """The applied rows' Matched Invoices: allocations with amounts, receipts typed without
    them, and the entries that cannot be used."""
    status = statuses(entries[BankEntries.match_status])
    applied = entries.loc[[s is not None and s.applied for s in status]]
    inv_ccy, inv_name = book.currency, book.name
    rows: list[dict[str, object]] = []
    implicit: list[_Typed] = []
    problems: list[Problem] = []
    for row, ref, text, amount, ccy, vdate, bdate in zip(
        applied.index,
        applied[BankEntries.entry_ref].astype(str),
        applied[BankEntries.matched_invoices],
        applied[BankEntries.amount],
        applied[BankEntries.currency].astype("string").str.upper(),
        applied[BankEntries.value_date],
        applied[BankEntries.booking_date],
        strict=True,
    ):
        day = (vdate if not pd.isna(vdate) else bdate).date() if not pd.isna(bdate) else None
        text = text if isinstance(text, str) else ""
        try:
            parts = parse_allocations(text)
        except ValueError as exc:
            problems.append(Problem(int(row), ref, text, str(exc)))
            continue
        unknown = [inv for inv, _ in parts if inv.upper() not in inv_name]
        if unknown:
            problems.append(Problem(int(row), ref, text, f"no invoice {', '.join(unknown)}"))
            continue
        if not parts or pd.isna(amount) or day is None:
            what = "no invoice in it" if not parts else "the entry has no amount or date"
            problems.append(Problem(int(row), ref, text, what))
            continue
        if all(a is not None for _, a in parts):
            for inv, a in parts:
                key = inv.upper()
                rows.append(
                    {
                        "entry": ref,
                        "row": int(row),
                        "invoice": inv_name[key],
                        "amount": float(a),  # type: ignore[arg-type]
                        "currency": inv_ccy[key],
                        "date": pd.Timestamp(day),
                    }
                )
        else:
            names = [inv_name[inv.upper()] for inv, _ in parts]
            implicit.append((int(row), ref, names, Decimal(repr(float(amount))), str(ccy), day))
    return pd.DataFrame(rows, columns=_COLUMNS), implicit, problems


def _spread(
    implicit: Sequence[_Typed],
    explicit: pd.DataFrame,
    inv_ccy: dict[str, str],
    inv_total: dict[str, float],
    rates: RatesFn,
) -> pd.DataFrame:
    """Receipts confirmed by a person with invoice numbers only: spread in the order given."""
    if not implicit:
        return pd.DataFrame()
    paid = explicit.groupby("invoice")["amount"].sum().to_dict() if len(explicit) else {}
    rows: list[dict[str, object]] = []
    for row, ref, names, amount, ccy, day in sorted(implicit, key=lambda x: (x[5], x[0])):
        left = amount
        for n, inv in enumerate(names):
            iccy = inv_ccy[inv.upper()] or ccy
            if iccy == ccy:
                rate = Decimal(1)
            else:
                got = rates(pd.Series([ccy]), pd.Series([iccy]), pd.Series([pd.Timestamp(day)]))
                value = float(got["rate"].iloc[0])
                rate = Decimal(repr(value)) if value == value else Decimal(0)
            room = Decimal(repr(inv_total[inv.upper()] - paid.get(inv, 0.0)))
            conv = left * rate
            take = conv if n == len(names) - 1 else max(min(conv, room), Decimal(0))
            if take <= 0:
                continue
            take = money(take, iccy)
            rows.append(
                {
                    "entry": ref,
                    "row": row,
                    "invoice": inv,
                    "amount": float(take),
                    "currency": iccy,
                    "date": pd.Timestamp(day),
                }
            )
            paid[inv] = paid.get(inv, 0.0) + float(take)
            left = left - (take / rate if rate else left)
    return pd.DataFrame(rows, columns=_COLUMNS)


# --- invoices and customers -----------------------------------------------------------------


def allocated(invoices: pd.DataFrame, allocations: pd.DataFrame) -> pd.Series:
    """What the allocations put on each invoice (index as `invoices`; 0 where nothing)."""
    ids = invoices[Invoices.invoice_no].astype(str)
    if not len(allocations):
        return pd.Series(0.0, index=invoices.index)
    per = allocations.groupby("invoice")["amount"].sum()
    return ids.map(per).astype(float).fillna(0.0)


def opening_paid(invoices: pd.DataFrame, prior_allocations: pd.DataFrame) -> pd.Series:
    """Paid outside OrderDesk's bank history, per invoice: the Paid it shows now minus what the
    bank entries already applied before this sync put on it (never below 0)."""
    shown = pd.to_numeric(invoices[Invoices.paid], errors="coerce").fillna(0.0)
    return (shown - allocated(invoices, prior_allocations)).clip(lower=0.0).round(2)


def invoice_state(
    invoices: pd.DataFrame,
    allocations: pd.DataFrame,
    today: dt.date,
    opening: pd.Series | None = None,
) -> pd.DataFrame:
    """Paid, Outstanding, Status and Last Payment of every invoice (index as `invoices`).

    Paid = `opening` (see `opening_paid`) + the allocations; an invoice paid only outside the
    bank history keeps the Last Payment it shows."""
    ids = invoices[Invoices.invoice_no].astype(str)
    base = (
        np.zeros(len(ids))
        if opening is None
        else opening.reindex(invoices.index).fillna(0.0).to_numpy()
    )
    shown_last = pd.to_datetime(
        invoices.get(Invoices.last_payment, pd.Series(pd.NaT, index=invoices.index))
    ).to_numpy(dtype="datetime64[ns]")
    if len(allocations):
        per = allocations.groupby("invoice").agg(paid=("amount", "sum"), last=("date", "max"))
        paid = (ids.map(per["paid"]).astype(float).fillna(0.0).to_numpy() + base).round(2)
        last = pd.to_datetime(ids.map(per["last"])).to_numpy(dtype="datetime64[ns]")
    else:
        paid = base.round(2)
        last = np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[ns]")
    kept = np.isnat(last) & (base > CENT)
    last = np.where(kept, shown_last, last)
    amount = invoices[Invoices.amount].astype(float).to_numpy()
    outstanding = np.round(amount - paid, 2)
    due = pd.to_datetime(invoices[Invoices.due_date]).to_numpy()
    late = ~np.isnat(due) & (due < np.datetime64(today, "ns"))
    status = np.select(
        [
            outstanding < -CENT,
            np.abs(outstanding) <= CENT,
            late,
            paid > CENT,
        ],
        [
            InvoiceStatus.OVERPAID,
            InvoiceStatus.PAID,
            InvoiceStatus.OVERDUE,
            InvoiceStatus.PART_PAID,
        ],
        InvoiceStatus.OPEN,
    )
    status = np.where(np.isnan(amount), np.array(None, dtype=object), status)
    return pd.DataFrame(
        {
            Invoices.paid: paid,
            Invoices.outstanding: np.where(np.isnan(amount), np.nan, outstanding),
            Invoices.status: status,
            Invoices.last_payment: last,
        },
        index=invoices.index,
    )


def days_late(invoices: pd.DataFrame, state: pd.DataFrame, today: dt.date) -> pd.Series:
    """Average days late per customer: for each invoice with a due date, paid ones count the
    days from due date to the payment that settled them (0 when on time), open ones past due
    count the days until today (a customer who does not pay must not look punctual)."""
    due = pd.to_datetime(invoices[Invoices.due_date])
    settled = state[Invoices.status].isin([InvoiceStatus.PAID, InvoiceStatus.OVERPAID])
    overdue = state[Invoices.outstanding].astype(float).gt(CENT) & due.lt(pd.Timestamp(today))
    paid_late = (pd.to_datetime(state[Invoices.last_payment]) - due).dt.days.clip(lower=0)
    open_late = (pd.Timestamp(today) - due).dt.days
    days = paid_late.where(settled).astype(float)
    days = days.where(~overdue, open_late.astype(float))
    frame = pd.DataFrame({"customer": invoices[Invoices.customer].astype("string"), "d": days})
    return frame.dropna().groupby("customer")["d"].mean().round(1)


# How payment behaviour feeds the credit score: orderdesk.domain.credit.effective_score.
