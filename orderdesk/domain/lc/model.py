"""A documentary credit as OrderDesk keeps it: the MT700's terms, its MT707 amendments, and the
rules that hold between its fields (whether it came as a message or was typed from a PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_PRESENTATION_DAYS = 21  # UCP 600 art. 14(c), when field 48 is absent


@dataclass(frozen=True)
class Amendment:
    """One MT707 as applied: its number (26E), date (30), purpose (22A) and what it changed."""

    number: int
    date: dt.date
    purpose: str = ""
    changes: tuple[str, ...] = ()
    source: str = ""


@dataclass
class Credit:
    """The terms of one letter of credit. Text fields keep the credit's own wording and line
    breaks (a bank compares names and descriptions word for word)."""

    number: str  # 20
    issue_date: dt.date  # 31C
    expiry_date: dt.date  # 31D
    currency: str  # 32B
    amount: Decimal  # 32B
    expiry_place: str = ""
    form: str = ""  # 40A
    rules: str = ""  # 40E
    applicant: str = ""  # 50
    beneficiary: str = ""  # 59
    tolerance_plus: Decimal | None = None  # 39A, a fraction
    tolerance_minus: Decimal | None = None
    additional_amounts: str = ""  # 39C
    available_with: str = ""  # 41a
    available_by: str = ""
    drafts_at: str = ""  # 42C
    drawee: str = ""  # 42a
    partial_shipments: str = ""  # 43P
    transhipment: str = ""  # 43T
    place_of_receipt: str = ""  # 44A
    port_of_loading: str = ""  # 44E
    port_of_discharge: str = ""  # 44F
    final_destination: str = ""  # 44B
    latest_shipment: dt.date | None = None  # 44C
    shipment_period: str = ""  # 44D
    goods: str = ""  # 45A
    documents_required: str = ""  # 46A
    conditions: str = ""  # 47A
    presentation_days: int | None = None  # 48 (None: 21 days)
    presentation_from: str = ""  # 48's narrative, e.g. "FROM THE DATE OF SHIPMENT"
    confirmation: str = ""  # 49
    charges: str = ""  # 71D
    issuing_bank: str = ""
    issuing_bic: str = ""
    advising_bic: str = ""
    other: list[tuple[str, str]] = field(default_factory=list)  # unknown tags, verbatim
    amendments: list[Amendment] = field(default_factory=list)
    cancelled: bool = False
    source: str = ""
    amended: int = 0  # the last amendment applied before these (from the register's row)

    @property
    def days_to_present(self) -> int:
        return self.presentation_days or DEFAULT_PRESENTATION_DAYS

    @property
    def amendment(self) -> int | None:
        return self.amendments[-1].number if self.amendments else (self.amended or None)

    def maximum(self) -> Decimal:
        """The most the credit pays: 32B plus 39A's plus tolerance."""
        return self.amount * (1 + (self.tolerance_plus or Decimal(0)))

    def minimum(self) -> Decimal:
        return self.amount * (1 - (self.tolerance_minus or Decimal(0)))

    def last_presentation(self, on_board: dt.date) -> dt.date:
        """UCP 600 art. 14(c): within the presentation period after shipment, and in any event
        not later than the expiry date (art. 6(e))."""
        return min(on_board + dt.timedelta(days=self.days_to_present), self.expiry_date)


def consistency(credit: Credit) -> list[tuple[str, str]]:
    """The rules between fields, as (tag, problem): the same for a message and a typed row."""
    out: list[tuple[str, str]] = []
    if credit.expiry_date < credit.issue_date:
        out.append(("31D", "the credit expires before it was issued (31C)"))
    if credit.latest_shipment and credit.latest_shipment > credit.expiry_date:
        out.append(("44C", "the latest shipment date is after the expiry date (31D)"))
    if credit.latest_shipment and credit.shipment_period.strip():
        out.append(("44D", "44C and 44D are both given; a credit has one or the other"))
    if credit.amount <= 0:
        out.append(("32B", "the credit amount must be above 0"))
    for tol in (credit.tolerance_plus, credit.tolerance_minus):
        if tol is not None and not (0 <= tol < 1):
            out.append(("39A", "a tolerance is from 0 % to 99 %"))
            break
    return out
