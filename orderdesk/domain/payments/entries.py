"""A booked bank entry, whatever it came from, and the key that makes it land in the register once.

The key is the bank's own reference where there is one: AcctSvcrRef (camt), the MT940 bank
reference, the NextGenPSD2 entryReference / transactionId; then the payer's EndToEndId. Without
any, a fallback key is derived from what identifies a payment on a statement (account, booking
date, amount, currency, counterparty, remittance) plus an occurrence counter, so two identical
payments on one day stay two, and the same statement imported again gives the same keys.

A reference is only unique for one account at one bank, and an EndToEndId is chosen by the payer
(customers put their invoice number there, twice for two instalments). So a key that is already
in the register is a duplicate only when the entry also looks the same (account, booking date,
amount, currency); otherwise the new entry gets the key qualified by a short hash of those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

# References a bank writes when there is none.
NO_REFERENCE = frozenset({"", "NOTPROVIDED", "NONREF", "NONE", "NOREF", "N/A", "NA", "-"})


class MatchStatus(StrEnum):
    """BankEntries' Match Status. OrderDesk writes the first four; a person writes the last two
    (and OrderDesk never changes an entry a person has decided)."""

    MATCHED = "matched"  # applied by OrderDesk (confidence at or above the threshold)
    SUGGESTED = "suggested"  # a proposal below the threshold: Matched Invoices shows it
    UNMATCHED = "unmatched"  # a receipt nothing fits
    OUTGOING = "outgoing"  # money out (or a reversal): not a customer receipt
    CONFIRMED = "confirmed"  # a person accepted (or typed) the invoices in Matched Invoices
    IGNORED = "ignored"  # a person says: not a customer receipt (a tax refund, a transfer …)

    @property
    def applied(self) -> bool:
        return self in (MatchStatus.MATCHED, MatchStatus.CONFIRMED)

    @property
    def decided_by_person(self) -> bool:
        return self in (MatchStatus.CONFIRMED, MatchStatus.IGNORED)

    @classmethod
    def read(cls, text: object) -> MatchStatus | None:
        key = " ".join(str(text or "").lower().split())
        aliases = {"accepted": cls.CONFIRMED, "manual": cls.CONFIRMED, "ok": cls.CONFIRMED}
        try:
            return cls(key)
        except ValueError:
            return aliases.get(key)


def statuses(column: Iterable[object]) -> list[MatchStatus | None]:
    """A Match Status column read leniently (blank or unknown text → None)."""
    return [MatchStatus.read(v) if isinstance(v, str) else None for v in column]


class BankEntry(BaseModel):
    """One booked transaction on a bank account. Credits are positive, debits negative."""

    model_config = ConfigDict(frozen=True)

    booking_date: dt.date
    amount: Decimal
    currency: str
    value_date: dt.date | None = None
    account: str | None = None  # IBAN (or the bank's account id)
    bank_ref: str | None = None  # AcctSvcrRef / MT940 bank reference / PSD2 entryReference
    end_to_end_id: str | None = None
    payer: str | None = None  # the counterparty: debtor of a credit, creditor of a debit
    payer_account: str | None = None
    remittance: str | None = None
    source: str = ""  # "camt.053.001.08", "MT940", "PSD2" …
    statement: str | None = None  # the statement's id
    reversal: bool = False  # the bank reverses an earlier entry
    where: str = ""  # where it came from, for messages ("line 14", "Stmt 1 / Ntry 3")

    @property
    def is_receipt(self) -> bool:
        return self.amount > 0 and not self.reversal


def meaningful(ref: str | None) -> str | None:
    """A reference, or None for the placeholders banks write when there is none."""
    if ref is None:
        return None
    text = " ".join(str(ref).split())
    return None if text.upper() in NO_REFERENCE else text


@dataclass(frozen=True)
class Fingerprint:
    """What makes two entries with one key the same entry."""

    account: str
    booking_date: dt.date
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, entry: BankEntry) -> Fingerprint:
        return cls(
            _compact(entry.account),
            entry.booking_date,
            entry.amount.quantize(Decimal("0.01")),
            entry.currency.upper(),
        )

    def short_hash(self) -> str:
        text = f"{self.account}|{self.booking_date.isoformat()}|{self.amount}|{self.currency}"
        return hashlib.sha256(text.encode()).hexdigest()[:6].upper()


def _compact(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def _fold(text: str | None) -> str:
    return " ".join((text or "").upper().split())


def fallback_key(entry: BankEntry) -> str:
    """A key from what identifies a payment on a statement; stable across re-imports."""
    parts = (
        _compact(entry.account),
        entry.booking_date.isoformat(),
        str(entry.amount.quantize(Decimal("0.01"))),
        entry.currency.upper(),
        _fold(entry.payer),
        _fold(entry.remittance),
    )
    return "FP-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:12].upper()


def base_key(entry: BankEntry) -> str:
    return meaningful(entry.bank_ref) or meaningful(entry.end_to_end_id) or fallback_key(entry)


def keys_in_file(entries: Sequence[BankEntry]) -> list[str]:
    """Keys for the entries of one statement file, in file order: the second entry with the same
    base key is '<key> #2', and so on (two identical payments on one day stay two)."""
    seen: Counter[str] = Counter()
    out: list[str] = []
    for entry in entries:
        key = base_key(entry)
        seen[key] += 1
        out.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return out


@dataclass
class Admission:
    """What one file brings: new entries with their keys, and how many were there already."""

    new: list[tuple[str, BankEntry]]
    duplicates: int


def admit(
    entries: Sequence[BankEntry], known: Mapping[str, Fingerprint | None]
) -> tuple[Admission, dict[str, Fingerprint | None]]:
    """The entries of one file that are not yet in the register (`known`: key → fingerprint of
    the register's entries, None where a row cannot be read). Returns the admission and `known`
    grown by the new keys, for the next file."""
    grown: dict[str, Fingerprint | None] = dict(known)
    new: list[tuple[str, BankEntry]] = []
    duplicates = 0
    for key, entry in zip(keys_in_file(entries), entries, strict=True):
        fp = Fingerprint.of(entry)
        if key in grown and grown[key] not in (fp, None):
            key = f"{key}/{fp.short_hash()}"  # same reference, a different entry
        if key in grown:
            duplicates += 1
            continue
        grown[key] = fp
        new.append((key, entry))
    return Admission(new, duplicates), grown


def fingerprints(
    keys: Iterable[object],
    accounts: Iterable[object],
    booking_dates: Iterable[object],
    amounts: Iterable[object],
    currencies: Iterable[object],
) -> dict[str, Fingerprint | None]:
    """key → fingerprint of the entries already in the register (None where unreadable)."""
    out: dict[str, Fingerprint | None] = {}
    for key, account, booked, amount, currency in zip(
        keys, accounts, booking_dates, amounts, currencies, strict=True
    ):
        if not isinstance(key, str) or not key:
            continue
        try:
            fp: Fingerprint | None = Fingerprint(
                _compact(account if isinstance(account, str) else None),
                _as_date(booked),
                Decimal(repr(float(amount))).quantize(Decimal("0.01")),  # type: ignore[arg-type]
                str(currency).upper(),
            )
        except (TypeError, ValueError, ArithmeticError):
            fp = None
        out[key] = fp
    return out


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date"):
        day: dt.date = value.date()  # a pandas Timestamp
        return day
    raise ValueError(f"not a date: {value!r}")
