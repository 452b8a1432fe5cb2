"""Payment terms as an export desk writes them: T/T with a deposit, L/C, D/P, open account.

A term is stored in the register by its code ("TT30-70 BS"); `payment_term` also reads the loose
forms staff type ("T/T 30/70", "30% deposit balance before shipment", "L/C at sight").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Instrument(StrEnum):
    TT = "T/T"  # telegraphic transfer
    LC = "L/C"  # letter of credit
    DP = "D/P"  # documents against payment
    DA = "D/A"  # documents against acceptance
    OA = "O/A"  # open account
    CAD = "CAD"  # cash against documents


class BalanceDue(StrEnum):
    NONE = "nothing after the deposit"
    BEFORE_SHIPMENT = "before shipment"
    AGAINST_BL_COPY = "against copy of B/L"
    AT_SIGHT = "at sight of documents"
    AFTER_BL = "days after B/L date"
    AFTER_INVOICE = "days after invoice"


@dataclass(frozen=True)
class PaymentTerm:
    code: str
    instrument: Instrument
    deposit: Decimal  # share paid in advance, 0..1
    balance_due: BalanceDue
    days: int = 0

    @property
    def balance(self) -> Decimal:
        return Decimal(1) - self.deposit

    @property
    def label(self) -> str:
        if self.instrument is Instrument.TT and self.deposit == 1:
            return "T/T 100% in advance"
        if self.instrument is Instrument.TT:
            dep = int(self.deposit * 100)
            when = self.balance_due.value
            if self.days:
                when = f"{self.days} {when}"
            return f"T/T {dep}% deposit, {100 - dep}% balance {when}"
        if self.days:
            return f"{self.instrument.value} {self.days} {self.balance_due.value}"
        return f"{self.instrument.value} {self.balance_due.value}"


def _tt(dep: int, bal: int, due: BalanceDue, code: str) -> PaymentTerm:
    assert dep + bal == 100
    return PaymentTerm(code, Instrument.TT, Decimal(dep) / 100, due)


PAYMENT_TERMS: dict[str, PaymentTerm] = {
    t.code: t
    for t in (
        PaymentTerm("TT100", Instrument.TT, Decimal(1), BalanceDue.NONE),
        _tt(30, 70, BalanceDue.BEFORE_SHIPMENT, "TT30-70 BS"),
        _tt(30, 70, BalanceDue.AGAINST_BL_COPY, "TT30-70 BL"),
        _tt(50, 50, BalanceDue.BEFORE_SHIPMENT, "TT50-50 BS"),
        _tt(20, 80, BalanceDue.AGAINST_BL_COPY, "TT20-80 BL"),
        _tt(40, 60, BalanceDue.BEFORE_SHIPMENT, "TT40-60 BS"),
        PaymentTerm("LC SIGHT", Instrument.LC, Decimal(0), BalanceDue.AT_SIGHT),
        PaymentTerm("LC 60", Instrument.LC, Decimal(0), BalanceDue.AFTER_BL, 60),
        PaymentTerm("DP SIGHT", Instrument.DP, Decimal(0), BalanceDue.AT_SIGHT),
        PaymentTerm("CAD", Instrument.CAD, Decimal(0), BalanceDue.AT_SIGHT),
        PaymentTerm("OA30", Instrument.OA, Decimal(0), BalanceDue.AFTER_INVOICE, 30),
        PaymentTerm("OA60", Instrument.OA, Decimal(0), BalanceDue.AFTER_INVOICE, 60),
    )
}

_SPLIT = re.compile(r"(\d{1,3})\s*%?\s*[/-]\s*(\d{1,3})\s*%?")
_DEPOSIT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%\s*(?:deposit|advance|down|prepay)")
_DAYS = re.compile(r"(\d{1,3})\s*(?:days|d\b)")


def payment_term(text: str | None) -> PaymentTerm | None:
    """Read a payment term from its code or from the loose forms staff type; None if unreadable."""
    if text is None:
        return None
    raw = " ".join(str(text).split())
    if not raw:
        return None
    upper = raw.upper()
    if upper in PAYMENT_TERMS:
        return PAYMENT_TERMS[upper]
    low = raw.lower()
    compact = low.replace("/", "").replace(".", "")
    days_m = _DAYS.search(low)
    days = int(days_m.group(1)) if days_m else 0
    if compact.startswith("lc") or "letter of credit" in low:
        if days:
            return PaymentTerm(f"LC {days}", Instrument.LC, Decimal(0), BalanceDue.AFTER_BL, days)
        return PAYMENT_TERMS["LC SIGHT"]
    if compact.startswith("dp") or "documents against payment" in low:
        return PAYMENT_TERMS["DP SIGHT"]
    if compact.startswith("oa") or "open account" in low or low.startswith("net "):
        d = days or 30
        return PaymentTerm(f"OA{d}", Instrument.OA, Decimal(0), BalanceDue.AFTER_INVOICE, d)
    if compact.startswith("cad") or "cash against documents" in low:
        return PAYMENT_TERMS["CAD"]
    if "100%" in low.replace(" ", "") and ("advance" in low or "tt" in compact):
        return PAYMENT_TERMS["TT100"]
    due = (
        BalanceDue.AGAINST_BL_COPY
        if ("b/l" in low or "bl" in compact.split())
        else (BalanceDue.BEFORE_SHIPMENT)
    )
    split = _SPLIT.search(low)
    if split and int(split.group(1)) + int(split.group(2)) == 100:
        dep = Decimal(split.group(1)) / 100
    else:
        dm = _DEPOSIT.search(low)
        if not dm:
            return None
        dep = Decimal(dm.group(1).replace(",", ".")) / 100
    if not Decimal(0) <= dep <= 1:
        return None
    code = f"TT{int(dep * 100)}-{100 - int(dep * 100)} {'BL' if due is BalanceDue.AGAINST_BL_COPY else 'BS'}"
    return PAYMENT_TERMS.get(code) or PaymentTerm(code, Instrument.TT, dep, due)
