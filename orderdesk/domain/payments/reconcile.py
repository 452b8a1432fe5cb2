"""Sync bank's reconciliation: what the entries a sync brings, and those BankEntries holds, mean
for BankEntries' own columns, for the invoices and for the customers.

The Sync bank action reads the tables, admits the new entries (`identity`), calls `reconcile`
and writes what `changed` says changed. Every decision is here:

- a new entry `identity` could not tell from one already there comes marked `duplicate?`, with
  the reason and what a person does about it;
- an entry OrderDesk may still decide (blank, `unmatched`, `suggested`) that is money out, or a
  reversal of an earlier entry, is `outgoing`; the others with an amount and a date are matched
  (`matching`) against what is open once the applied entries are taken off;
- payer accounts that paid one customer's invoices before identify that customer;
- invoices' Paid, Outstanding, Status and Last Payment, and customers' Avg Days Late, follow from
  the applied entries, old and new (`ledger`), what finance recorded by hand kept;
- the bank API is read from a week before its last booking day (90 days back the first time).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orderdesk.domain.payments import ledger
from orderdesk.domain.payments.entries import BankEntry, MatchStatus, statuses
from orderdesk.domain.payments.identity import Admitted, EntryBook, known_rows
from orderdesk.domain.payments.matching import Match, Matcher, MatchPolicy, RatesFn
from orderdesk.domain.reference import fx
from orderdesk.schema import BankEntries, ColType, Column, Customers, Invoices

API_LOOKBACK_DAYS = 90  # first API sync: this far back
API_OVERLAP_DAYS = 7  # later syncs: from the last API booking day minus this (dedup absorbs it)
API_SOURCE = "PSD2"

# Cells a sync cannot do without: one that cannot be read is a finding.
NEEDED = (
    BankEntries.amount,
    BankEntries.booking_date,
    BankEntries.currency,
    Invoices.amount,
    Invoices.currency,
    Invoices.due_date,
)
# BankEntries' columns OrderDesk decides (a person may overwrite them; see MatchStatus).
OWNED = (
    BankEntries.match_status,
    BankEntries.matched_invoices,
    BankEntries.confidence,
    BankEntries.match_reasons,
)


def api_since(entries: pd.DataFrame, today: dt.date) -> dt.date:
    """The first booking day to ask the bank API for: a week before the last day it gave (what
    is already there is skipped), or 90 days back when it never gave anything."""
    api_rows = entries.loc[entries[BankEntries.source].astype("string").str.upper().eq(API_SOURCE)]
    last = pd.to_datetime(api_rows[BankEntries.booking_date]).max()
    if pd.isna(last):
        return today - dt.timedelta(API_LOOKBACK_DAYS)
    return last.date() - dt.timedelta(API_OVERLAP_DAYS)


def probable_reason(a: Admitted) -> str:
    """Why an entry is kept as a probable duplicate, and what a person does about it."""
    of = a.duplicate_of
    assert of is not None
    row = f"{BankEntries.sheet} row {of.row}" if of.row > 0 else "an entry of this sync"
    return (
        f"{a.key} ({a.entry.where}) is probably {of.key} ({row}) again: {a.why}; kept, marked "
        f"'{MatchStatus.PROBABLE_DUPLICATE.value}': set {BankEntries.match_status} to "
        f"'{MatchStatus.IGNORED.value}' if it is, or clear it to have it matched"
    )


@dataclass
class Admissions:
    """What the sources of one sync bring: the new entries (probable duplicates among them,
    marked), how many BankEntries held already, and a line per source for the summary."""

    new: list[Admitted] = field(default_factory=list)
    duplicates: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def probable(self) -> list[Admitted]:
        return [a for a in self.new if a.duplicate_of is not None]


def admit(entries: pd.DataFrame, sources: Sequence[tuple[str, Sequence[BankEntry]]]) -> Admissions:
    """Each source's entries (statement files, then the API) that BankEntries (as read, index
    = sheet row) does not hold yet; a later source is checked against the earlier ones too."""
    known = (
        BankEntries.entry_ref, BankEntries.account, BankEntries.booking_date, BankEntries.amount,
        BankEntries.currency, BankEntries.payer, BankEntries.payer_account,
        BankEntries.remittance, BankEntries.statement,
    )  # fmt: skip
    book = EntryBook(known_rows(entries.index, *(entries[c] for c in known)))
    out = Admissions()
    for name, got in sources:
        admission = book.admit(got)
        out.new += admission.new
        out.duplicates += admission.duplicates
        if len(sources) > 1 or admission.duplicates:
            out.details.append(
                f"{name}: {len(admission.new)} new, {admission.duplicates} already in BankEntries"
            )
        out.details += [f"{name}: {probable_reason(a)}" for a in admission.probable]
    return out


def new_entries(rows: Sequence[Admitted], like: pd.DataFrame) -> pd.DataFrame:
    """The new entries as BankEntries rows (index -1, -2 …: not yet on the sheet); a probable
    duplicate comes marked, for a person to decide."""
    records = [
        {
            BankEntries.entry_ref: a.key,
            BankEntries.account: e.account,
            BankEntries.booking_date: pd.Timestamp(e.booking_date),
            BankEntries.value_date: pd.Timestamp(e.value_date) if e.value_date else pd.NaT,
            BankEntries.amount: float(e.amount),
            BankEntries.currency: e.currency,
            BankEntries.payer: e.payer,
            BankEntries.payer_account: e.payer_account,
            BankEntries.remittance: e.remittance,
            BankEntries.end_to_end_id: e.end_to_end_id,
            BankEntries.source: e.source,
            BankEntries.statement: e.statement,
            BankEntries.match_status: (
                MatchStatus.PROBABLE_DUPLICATE.value if a.duplicate_of else None
            ),
            BankEntries.match_reasons: probable_reason(a) if a.duplicate_of else None,
        }
        for a in rows
        for e in (a.entry,)
    ]
    frame = pd.DataFrame(records, columns=list(like.columns))
    frame.index = pd.Index([-(i + 1) for i in range(len(frame))], name=like.index.name)
    for col in (BankEntries.booking_date, BankEntries.value_date):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def known_accounts(
    entries: pd.DataFrame, allocations: pd.DataFrame, invoices: pd.DataFrame
) -> pd.DataFrame:
    """Payer accounts that paid a customer's invoices before (learned from applied entries):
    columns account, customer."""
    if not len(allocations):
        return pd.DataFrame()
    acct = entries[BankEntries.payer_account].astype("string").str.replace(" ", "").str.upper()
    unique = invoices.drop_duplicates(Invoices.invoice_no)
    customer = unique.set_index(unique[Invoices.invoice_no].astype(str))[Invoices.customer]
    pairs = pd.DataFrame(
        {
            "account": allocations["row"].map(acct),
            "customer": allocations["invoice"].map(customer),
        }
    ).dropna()
    # An account that paid for several customers (a group's treasury) identifies none of them.
    single = pairs.drop_duplicates().groupby("account")["customer"].transform("size") == 1
    return pairs.drop_duplicates().loc[single.to_numpy()].reset_index(drop=True)


@dataclass(frozen=True)
class Reconciliation:
    """What a sync makes of the register (indexes as the frames it was given)."""

    added: pd.DataFrame  # the new BankEntries rows (index -1, -2 …), owned columns as `owned`
    owned: pd.DataFrame  # OWNED columns' new values, for the rows on the sheet and the new ones
    matches: list[Match]  # the receipts matched this time, in BankEntries order
    problems: list[str]  # applied entries whose Matched Invoices cannot be used (not applied)
    invoices: pd.DataFrame  # Paid, Outstanding, Status, Last Payment of every Invoices row
    invoice_readable: pd.Series  # the invoices with an amount: only theirs is written
    avg_days_late: pd.Series  # per Customers row (NaN: no invoices with a due date)
    has_invoices: pd.Series  # the Customers rows whose Avg Days Late follows from invoices

    def by_status(self, status: MatchStatus) -> list[Match]:
        return [m for m in self.matches if m.status is status]

    @property
    def probable_duplicates(self) -> int:
        marked = self.added[BankEntries.match_status].astype("string")
        return int(marked.eq(MatchStatus.PROBABLE_DUPLICATE.value).sum())

    @property
    def status_counts(self) -> dict[str, int]:
        counts = self.owned[BankEntries.match_status].value_counts()
        return {str(k): int(v) for k, v in counts.items()}

    @property
    def invoice_status_counts(self) -> dict[str, int]:
        counts = self.invoices.loc[self.invoice_readable, Invoices.status].value_counts()
        return {str(k): int(v) for k, v in counts.items()}


def reconcile(
    entries: pd.DataFrame,
    new: Sequence[Admitted],
    invoices: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    policy: MatchPolicy,
    today: dt.date,
    *,
    rates: RatesFn = fx.rates_vector,
) -> Reconciliation:
    """BankEntries as read (index = sheet row) and the entries this sync admits → the new
    rows, every entry's owned columns, the invoices' and the customers' state."""
    added = new_entries(new, entries)
    combined = pd.concat([entries, added]) if len(added) else entries.copy()
    reversals = {a.key for a in new if a.entry.reversal}
    # The new entries are not applied yet (blank or `duplicate?`): what the register held
    # applied is what this sync starts from, and what finance recorded by hand is on top.
    applied = ledger.applied_allocations(entries, invoices, rates=rates)
    opening = ledger.opening_paid(invoices, applied.allocations)
    owned, todo = _decided(combined, reversals)
    outstanding = (
        invoices[Invoices.amount].astype(float)
        - opening.reindex(invoices.index).fillna(0.0)
        - ledger.allocated(invoices, applied.allocations)
    )
    readable = invoices[Invoices.amount].notna()
    # an invoice without a number cannot be named in Matched Invoices: nothing is put on it
    payable = readable & invoices[Invoices.invoice_no].notna()
    matcher = Matcher(
        invoices.loc[payable],
        outstanding.loc[payable],
        orders,
        customers,
        policy,
        rates=rates,
        known_accounts=known_accounts(entries, applied.allocations, invoices),
    )
    receipts = combined.loc[todo]
    matches = matcher.match(receipts) if len(receipts) else []
    if matches:
        owned.loc[receipts.index, :] = pd.DataFrame(
            {
                BankEntries.match_status: [m.status.value for m in matches],
                BankEntries.matched_invoices: [
                    ledger.format_allocations(m.allocations) or None for m in matches
                ],
                BankEntries.confidence: [m.confidence for m in matches],
                BankEntries.match_reasons: [m.reasons for m in matches],
            },
            index=receipts.index,
        )
    now_applied = receipts.index[[m.status.applied for m in matches]]
    after = applied.plus(combined.loc[now_applied].assign(**owned.loc[now_applied]), rates=rates)
    state = ledger.invoice_state(invoices, after.allocations, today, opening)
    late = ledger.days_late(invoices, state, today)
    customer_ids = customers[Customers.customer_id].astype("string")
    return Reconciliation(
        added=added.assign(**owned.loc[added.index]),
        owned=owned,
        matches=matches,
        problems=[
            f"{BankEntries.sheet} row {p.row}, column {BankEntries.matched_invoices} "
            f"('{p.value}'), entry {p.entry}: {p.message}; not applied"
            for p in applied.problems
        ],
        invoices=state,
        invoice_readable=readable,
        avg_days_late=customer_ids.map(late).astype(float),
        has_invoices=customer_ids.isin(late.index),
    )


def _decided(entries: pd.DataFrame, reversals: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """The owned columns with money out and reversals marked `outgoing`, and the receipts left
    to match. Only an entry OrderDesk may still decide changes: blank, unmatched or suggested;
    matched, confirmed, ignored and `duplicate?` stay as they are."""
    status = statuses(entries[BankEntries.match_status])
    owned = pd.DataFrame(
        {
            BankEntries.match_status: pd.Series(
                [None if s is None else s.value for s in status], index=entries.index, dtype=object
            ),
            BankEntries.matched_invoices: entries[BankEntries.matched_invoices].astype(object),
            BankEntries.confidence: entries[BankEntries.confidence].astype(float),
            BankEntries.match_reasons: entries[BankEntries.match_reasons].astype(object),
        }
    )
    amount = entries[BankEntries.amount].astype(float)
    keys = entries[BankEntries.entry_ref].astype("string")
    undecided = pd.Series(
        [s in (None, MatchStatus.UNMATCHED, MatchStatus.SUGGESTED) for s in status],
        index=entries.index,
    )
    money_out = (amount <= 0) | keys.isin(list(reversals))
    outgoing = undecided & money_out & amount.notna()
    owned.loc[outgoing, BankEntries.match_status] = MatchStatus.OUTGOING.value
    owned.loc[outgoing, BankEntries.matched_invoices] = None
    owned.loc[outgoing, BankEntries.confidence] = math.nan
    owned.loc[outgoing, BankEntries.match_reasons] = [
        "reversal of an earlier entry" if k in reversals else "money out" for k in keys[outgoing]
    ]
    todo = undecided & ~money_out & amount.notna() & entries[BankEntries.booking_date].notna()
    return owned, todo


def changed(old: pd.Series, new: pd.Series, col: Column) -> np.ndarray:
    """Which cells of a column a sync changes: a cent for amounts, a day for dates, more than
    whitespace for text; a blank becoming a value or the other way round. Vectorised."""
    blank_old, blank_new = old.isna().to_numpy(), new.isna().to_numpy()
    if col.type in (ColType.MONEY, ColType.NUMBER, ColType.PERCENT, ColType.RATE):
        a = pd.to_numeric(old, errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(new, errors="coerce").to_numpy(dtype=float)
        differ = ~(np.abs(a - b) < 0.005)
    elif col.type in (ColType.DATE, ColType.DATETIME):
        differ = (pd.to_datetime(old) != pd.to_datetime(new)).to_numpy()
    else:
        fold = lambda s: s.astype("string").str.split().str.join(" ")  # noqa: E731
        differ = (fold(old) != fold(new)).fillna(True).to_numpy(dtype=bool)
    return np.where(blank_old | blank_new, blank_old != blank_new, differ)
