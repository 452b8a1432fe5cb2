"""What matching takes and gives: the policy, the evidence points, how an amount fits, the kinds
of hypothesis, and a receipt's Match with its allocations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus

# (from currencies, to currencies, days) → columns rate (NaN: unknown) and fixing (day used)
RatesFn = Callable[[pd.Series, pd.Series, pd.Series], pd.DataFrame]

REF_INVOICE, REF_ORDER, REF_PO = 3, 2, 1  # how a reference was found (higher = stronger)
REF_POINTS = {0: 0.0, REF_PO: 0.50, REF_ORDER: 0.50, REF_INVOICE: 0.60}
PAYER_POINTS = {0: 0.0, 1: 0.20, 2: 0.30}  # 2: the name, an alias or a known account; 1: cut
UNIQUE_POINTS = 0.20
RUN_UNIQUE_POINTS = 0.10
OTHER_CUSTOMER_PENALTY = 0.30
CONFLICT_PENALTY = 0.30
AMBIGUITY_PENALTY = 0.15
SUGGEST_FLOOR = 0.30  # below: "unmatched", with what was found in the reasons
MAX_ROUNDS = 60
# Half a minor unit: amounts closer than this are equal. Matching compares amounts as floats
# (the register's own precision, whole columns at a time); what it applies is a Decimal.
CENT = 0.005


class Fit(IntEnum):
    """How a receipt's amount fits the outstanding of a set of invoices (higher = better)."""

    NONE = 0  # no rate to compare, or nothing to compare with
    OVER = 1  # more than is open
    PARTIAL = 2  # part of what is open
    DEPOSIT = 3  # the deposit share of the payment terms, of an invoice for the whole order
    FX = 4  # another currency, at the ECB rate of the value date, within the FX tolerance
    CHARGES = 5  # short by no more than the bank-charge tolerance
    EXACT = 6


AMOUNT_POINTS = {
    Fit.NONE: 0.0,
    Fit.OVER: -0.30,  # never applied: what would the rest pay?
    Fit.PARTIAL: 0.0,  # by reference strength, below
    Fit.DEPOSIT: 0.30,
    Fit.FX: 0.30,
    Fit.CHARGES: 0.30,
    Fit.EXACT: 0.35,
}
PARTIAL_POINTS = {0: 0.0, REF_PO: 0.10, REF_ORDER: 0.10, REF_INVOICE: 0.25}
SETTLING = (Fit.EXACT, Fit.CHARGES, Fit.FX)  # the invoice is settled in full
GOOD_FITS = (Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.DEPOSIT)


class Kind(IntEnum):
    SINGLE = 1
    REFSET = 2  # the invoices named in the remittance, together
    ORDERSET = 3  # the open invoices of a named order, together
    ORDERS = 5  # the open invoices of several named orders, together
    RUN = 4  # a customer's oldest open invoices, together


@dataclass(frozen=True)
class MatchPolicy:
    """The Settings that govern matching (base currency, tolerances, threshold)."""

    base_currency: str = "USD"
    charge_tolerance: Decimal = Decimal(50)  # in the base currency
    fx_tolerance: Decimal = Decimal("0.01")  # share of the amount
    threshold: Decimal = Decimal("0.85")


@dataclass(frozen=True)
class Allocation:
    """Part of a receipt applied to one invoice, in the invoice's currency (it includes the
    bank charges or FX difference that settle the invoice in full)."""

    invoice: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Match:
    entry: str
    status: MatchStatus
    confidence: float
    reasons: str
    allocations: tuple[Allocation, ...] = ()

    @property
    def invoices(self) -> str:
        """'INV-1 7000.00 USD, INV-2 2975.00 USD', or '-' when none."""
        return ", ".join(f"{a.invoice} {a.amount} {a.currency}" for a in self.allocations) or "-"

    def as_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "status": self.status.value,
            "confidence": self.confidence,
            "reasons": self.reasons,
            "allocations": [
                {"invoice": a.invoice, "amount": str(a.amount), "currency": a.currency}
                for a in self.allocations
            ],
        }
