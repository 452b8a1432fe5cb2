"""Which bank entries are one transaction: the key each lands under in BankEntries, and what a
statement brings that the register does not hold yet. Never merge two transactions, never
hold one twice; where that cannot be told, keep the entry and say so.

1. **The key** is the bank's own reference where the file has one: camt `AcctSvcrRef` (then
   `NtryRef`, `TxId`), the MT940 bank reference after `//`, the PSD2 `entryReference` /
   `transactionId`. Without one it is `FP2-…`, a hash of the account, booking date, the entry's
   place in its statement (statement, page, position), amount, currency and counterparty: the
   same statement imported again gives the same keys, and two lines of one statement never
   share one, however alike. (The bank API has no pages: there the remittance stands in for the
   place, and a repeat within one answer gets ` #2`.) A bank reference repeated within one file
   gets ` #2`, ` #3` too.
2. **A key already in the register** is the same entry only when the entry also looks the same
   (account, booking date, amount, currency) and agrees with it (payer, payer account and
   remittance do not contradict each other). A reference reused for another payment gets the
   key qualified by a short hash (`REF/3F2A9C`); one that looks the same but names another payer
   is a probable duplicate.
3. **Registers written before issue 16** keyed an entry by the customer reference or EndToEndId
   where the bank gave no reference, or by `FP-`, a hash of account, date, amount, currency,
   payer and remittance. Such a row is the same entry when it holds the key the earlier version
   gave this entry and looks the same and agrees; an `FP-` row also when it comes from the same
   statement and looks the same and agrees. Nothing in the register is rewritten.
4. **An entry without the bank's reference that looks the same as, and agrees with, one from
   another statement or source** (an overlapping statement; a daily and a monthly statement;
   the API after a file) cannot be told from a second, identical payment: it is added marked as
   a probable duplicate of that row — kept, never matched or posted until a person decides.

Each register row stands for one entry: once an entry was found to be it (or a probable
duplicate of it), no other entry of the same run is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from orderdesk.domain.payments.entries import BankEntry, meaningful

FALLBACK = "FP2-"  # an entry without the bank's reference
FORMER_FALLBACK = "FP-"  # the same, as OrderDesk keyed it before issue 16
CENT = Decimal("0.01")


def _compact(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def _account(text: str | None) -> str:
    """An account as banks write it in several ways: 'NL20INGB0001234567EUR' (ING: the IBAN and
    the currency), 'NL31RABO0300087233 EUR' (Rabobank), '/PL27…' (Polish banks) are the IBAN."""
    compact = _compact(text).removeprefix("/")
    m = re.fullmatch(r"([A-Z]{2}\d{2}[A-Z0-9]*\d)[A-Z]{3}", compact)
    return m[1] if m else compact


def _fold(text: str | None) -> str:
    return " ".join((text or "").upper().split())


def _letters(text: str | None) -> str:
    """Letters and digits only, without accents: 'Müller Küchen GmbH' → 'MULLERKUCHENGMBH'."""
    plain = unicodedata.normalize("NFKD", text or "")
    return re.sub(
        r"[^A-Z0-9]", "", "".join(c for c in plain if not unicodedata.combining(c)).upper()
    )


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest().upper()


def _numbered(keys: Iterable[str]) -> list[str]:
    """The second occurrence of a key in one file is '<key> #2', and so on."""
    seen: Counter[str] = Counter()
    out: list[str] = []
    for key in keys:
        seen[key] += 1
        out.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return out


def base_key(entry: BankEntry) -> str:
    """The bank's reference, or the fallback key from where and what the entry is."""
    ref = meaningful(entry.bank_ref)
    if ref:
        return ref
    what = (
        _account(entry.account),
        entry.booking_date.isoformat(),
        entry.place or "",
        str(entry.amount.quantize(CENT)),
        entry.currency.upper(),
        _letters(entry.payer),
        _compact(entry.payer_account),
        "" if entry.place else _letters(entry.remittance),
    )
    return FALLBACK + _hash(*what)[:12]


def keys_in_file(entries: Sequence[BankEntry]) -> list[str]:
    """Keys for the entries of one statement file (or one API answer), in its order."""
    return _numbered(base_key(e) for e in entries)


def former_keys(entries: Sequence[BankEntry]) -> list[str]:
    """The keys OrderDesk gave the same entries before issue 16: the reference it used, else an
    `FP-` hash of account, date, amount, currency, payer and remittance; repeats numbered."""

    def former(e: BankEntry) -> str:
        ref = meaningful(e.former_key)
        if ref:
            return ref
        parts = (
            _compact(e.account),
            e.booking_date.isoformat(),
            str(e.amount.quantize(CENT)),
            e.currency.upper(),
            _fold(e.payer),
            _fold(e.remittance),
        )
        return FORMER_FALLBACK + _hash(*parts)[:12]

    return _numbered(former(e) for e in entries)


def _agree(a: str, b: str) -> bool:
    """Two renderings that do not contradict: one is missing, or one contains the other (a bank
    cuts names and remittances short)."""
    return not a or not b or a in b or b in a


@dataclass(frozen=True)
class Known:
    """An entry the register holds (or this run added), as far as identity needs it."""

    row: int  # sheet row; negative for an entry added in this run
    key: str
    account: str
    booking_date: dt.date
    amount: Decimal
    currency: str
    payer: str = ""
    payer_account: str = ""
    remittance: str = ""
    statement: str = ""

    @classmethod
    def of(cls, row: int, key: str, e: BankEntry) -> Known:
        return cls(
            row,
            key,
            _account(e.account),
            e.booking_date,
            e.amount.quantize(CENT),
            e.currency.upper(),
            _letters(e.payer),
            _compact(e.payer_account),
            _letters(e.remittance),
            _fold(e.statement),
        )

    @property
    def look(self) -> tuple[str, dt.date, Decimal, str]:
        return self.account, self.booking_date, self.amount, self.currency

    def agrees(self, other: Known) -> bool:
        return (
            _agree(self.payer, other.payer)
            and _agree(self.payer_account, other.payer_account)
            and _agree(self.remittance, other.remittance)
        )

    def short_hash(self, *extra: str) -> str:
        """The qualifier of a reused reference; without `extra` as OrderDesk always made it."""
        text = f"{self.account}|{self.booking_date.isoformat()}|{self.amount}|{self.currency}"
        return _hash(text, *extra)[:6] if extra else _hash(text)[:6]


@dataclass(frozen=True)
class Admitted:
    """A new entry with its key; `duplicate_of` names the row it probably repeats."""

    key: str
    entry: BankEntry
    duplicate_of: Known | None = None
    why: str = ""  # what the two have in common


@dataclass
class Admission:
    """What one file (or API answer) brings: new entries, and how many were there already."""

    new: list[Admitted] = field(default_factory=list)
    duplicates: int = 0

    @property
    def probable(self) -> list[Admitted]:
        return [a for a in self.new if a.duplicate_of is not None]


class EntryBook:
    """The entries the register holds, grown by every file admitted in one run."""

    def __init__(self, known: Iterable[tuple[str, Known | None]] = ()) -> None:
        self._by_key: dict[str, Known | None] = {}
        self._by_look: defaultdict[tuple[str, dt.date, Decimal, str], list[Known]] = defaultdict(
            list
        )
        self._claimed: set[int] = set()
        self._added = 0
        for key, row in known:
            self._put(key, row)

    def _put(self, key: str, row: Known | None) -> None:
        self._by_key.setdefault(key, row)  # the first row with a key is the one that counts
        if row is not None:
            self._by_look[row.look].append(row)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def admit(self, entries: Sequence[BankEntry]) -> Admission:
        """The entries of one file that the register does not hold yet (in file order)."""
        admission = Admission()
        for entry, key, former in zip(
            entries, keys_in_file(entries), former_keys(entries), strict=True
        ):
            got = self._judge(entry, key, former)
            if got is None:
                admission.duplicates += 1
            else:
                admission.new.append(got)
        return admission

    def _claim(self, row: Known) -> None:
        self._claimed.add(row.row)

    def _judge(self, entry: BankEntry, key: str, former: str) -> Admitted | None:
        """None when the register holds this entry; else the entry with the key it gets."""
        probe = Known.of(0, key, entry)
        probable: Known | None = None
        why = (
            "the same bank reference, account, booking date and amount, another payer or remittance"
        )
        for attempt in _attempts():
            if key not in self._by_key:
                break
            row = self._by_key[key]
            if row is None:  # a row whose date or amount cannot be read: assume it is this one
                return None
            if row.look == probe.look:
                if row.agrees(probe):
                    self._claim(row)
                    return None
                probable = probable or row
            key = f"{probe.key}/{probe.short_hash(*attempt)}"
        if former != probe.key and former in self._by_key:
            row = self._by_key[former]
            if row is None:
                return None
            if row.row not in self._claimed and row.look == probe.look and row.agrees(probe):
                self._claim(row)
                return None
        if probable is None:
            for row in self._by_look.get(probe.look, ()):
                if row.row in self._claimed or not row.agrees(probe):
                    continue
                if row.statement and row.statement == probe.statement:
                    # Another line of the same statement — unless the row is this line as the
                    # earlier version keyed it (with a payer or remittance read differently).
                    if not meaningful(entry.bank_ref) and row.key.startswith(FORMER_FALLBACK):
                        self._claim(row)
                        return None
                    continue
                probable = row
                why = (
                    "the same account, booking date, amount, payer and remittance, from another "
                    "statement or source, and no bank reference that tells them apart"
                )
                break
        if probable is not None:
            self._claim(probable)
        self._added += 1
        added = Known.of(-self._added, key, entry)
        self._put(key, added)
        self._claim(added)  # an entry of this run is itself, not another's duplicate
        return Admitted(key, entry, probable, why if probable else "")


def _attempts() -> Iterator[tuple[str, ...]]:
    """Qualifiers for a reused key: first OrderDesk's own of old, then numbered ones."""
    yield ()
    n = 2
    while True:
        yield (str(n),)
        n += 1


def known_rows(
    rows: Iterable[int],
    keys: Iterable[object],
    accounts: Iterable[object],
    booking_dates: Iterable[object],
    amounts: Iterable[object],
    currencies: Iterable[object],
    payers: Iterable[object],
    payer_accounts: Iterable[object],
    remittances: Iterable[object],
    statements: Iterable[object],
) -> Iterator[tuple[str, Known | None]]:
    """The register's BankEntries columns as (key, Known); None where date or amount cannot be
    read (such a row still holds its key)."""
    for row, key, account, booked, amount, ccy, payer, payer_acct, remit, stmt in zip(
        rows, keys, accounts, booking_dates, amounts, currencies, payers, payer_accounts,
        remittances, statements, strict=True,
    ):  # fmt: skip
        if not isinstance(key, str) or not key.strip():
            continue
        known: Known | None
        try:
            known = Known(
                int(row),
                key,
                _account(_text(account)),
                _as_date(booked),
                Decimal(repr(float(amount))).quantize(CENT),
                _text(ccy).upper(),
                _letters(_text(payer)),
                _compact(_text(payer_acct)),
                _letters(_text(remit)),
                _fold(_text(stmt)),
            )
        except (TypeError, ValueError, ArithmeticError):
            known = None
        yield key, known


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _as_date(value: object) -> dt.date:
    if _is_missing(value):
        raise ValueError("no date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date"):
        day: dt.date = value.date()  # a pandas Timestamp
        return day
    raise ValueError("not a date")


def _is_missing(value: object) -> bool:
    return value != value  # NaT and NaN are not equal to themselves
