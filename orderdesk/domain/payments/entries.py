"""A booked bank entry, whatever it came from, and the statuses BankEntries' own columns take.

Which entries are the same transaction (the key each lands under, re-imports, overlapping
statements, probable duplicates) is `identity`'s business.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

# References a bank writes when there is none.
NO_REFERENCE = frozenset({"", "NOTPROVIDED", "NONREF", "NONE", "NOREF", "N/A", "NA", "-"})


class MatchStatus(StrEnum):
    """BankEntries' Match Status. OrderDesk writes the first five; a person writes the last two
    (and OrderDesk never changes an entry a person has decided)."""

    MATCHED = "matched"  # applied by OrderDesk (confidence at or above the threshold)
    SUGGESTED = "suggested"  # a proposal below the threshold: Matched Invoices shows it
    UNMATCHED = "unmatched"  # a receipt nothing fits
    OUTGOING = "outgoing"  # money out (or a reversal): not a customer receipt
    # Kept, not matched and not posted until a person decides: `ignored` if it is the entry
    # Match Reasons names again, blank (match it) or `confirmed` if it is a payment of its own.
    PROBABLE_DUPLICATE = "duplicate?"
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
    # Where the entry sits in its statement, the same on every import of that statement (account,
    # statement id and page, the line's position); None for the bank API, which has no pages.
    place: str | None = None
    # The reference OrderDesk keyed this entry with before issue 16 (the customer reference or
    # EndToEndId where the bank gave none): registers written then hold entries under it.
    former_key: str | None = None

    @field_validator(
        "currency", "account", "bank_ref", "end_to_end_id", "payer", "payer_account", "remittance",
        "statement",
    )  # fmt: skip
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)

    @property
    def is_receipt(self) -> bool:
        return self.amount > 0 and not self.reversal


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text from a bank without control characters (a stray BEL or SOH in a remittance): each
    becomes a space. Excel cannot hold them in a cell, and they carry nothing a person reads."""
    return _CONTROL.sub(" ", text)


def control_characters(text: str) -> list[str]:
    """The control characters in a text, as U+XXXX, for a message saying what was replaced."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def meaningful(ref: str | None) -> str | None:
    """A reference, or None for the placeholders banks write when there is none."""
    if ref is None:
        return None
    text = " ".join(str(ref).split())
    return None if text.upper() in NO_REFERENCE else text
