"""The quote as the trade sees it: a versioned offer, its lines with their cost build-up, and the
approval steps it goes through. Values are Decimals and dates; frames stay in the modules that
work over many rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from orderdesk.domain.trade import money
from orderdesk.schema import ApprovalLog, Column, Decision, Quotes, Role

# The three approval levels, in the order a quote goes through them.
LEVELS: dict[int, Role] = {1: Role.SALES_MANAGER, 2: Role.COST_ACCOUNTANT, 3: Role.COMMERCIAL}
FINAL_LEVEL = max(LEVELS)


class PricingPolicy(BaseModel):
    """The Settings that pricing reads (fractions: 18 % is 0.18)."""

    model_config = ConfigDict(frozen=True)

    base_currency: str = "USD"
    fx_buffer: Decimal = Decimal("0.02")
    target_margin: Decimal = Decimal("0.18")
    margin_floor: Decimal = Decimal("0.08")
    reprice_threshold: Decimal = Decimal("0.03")
    insurance_rate: Decimal = Decimal("0.003")


class CostBuildUp(BaseModel):
    """One quote line's cost per unit, in the quote currency, and the price it leads to."""

    model_config = ConfigDict(frozen=True)

    currency: str
    material: Decimal
    labour: Decimal
    packaging: Decimal
    inland_freight: Decimal
    main_freight: Decimal
    insurance: Decimal
    unit_cost: Decimal
    suggested_price: Decimal
    price: Decimal  # the price the margin is measured at: offered, else suggested
    margin: Decimal
    below_floor: bool

    def explain(self) -> str:
        parts = [
            ("material", self.material),
            ("labour", self.labour),
            ("packaging", self.packaging),
            ("inland", self.inland_freight),
            ("freight", self.main_freight),
            ("insurance", self.insurance),
        ]
        shown = " + ".join(f"{name} {value:.4f}" for name, value in parts if value)
        suggested, price = (
            money(self.suggested_price, self.currency),
            money(self.price, self.currency),
        )
        return (
            f"cost {self.unit_cost:.4f} {self.currency} = {shown}; suggested "
            f"{suggested} {self.currency}; margin {self.margin:.1%} at {price}"
        )


class Quote(BaseModel):
    """One version of a quote: its terms (the lines are in QuoteLines)."""

    quote_id: str
    version: int
    customer: str | None = None
    quote_date: dt.date | None = None
    valid_until: dt.date | None = None
    currency: str | None = None
    incoterm: str | None = None
    named_place: str | None = None
    transport_mode: str | None = None
    payment_terms: str | None = None
    lc_bank: str | None = None
    lead_time_days: int | None = None
    sales_owner: str | None = None
    status: str | None = None
    priced_at: dt.datetime | None = None
    row: int | None = None  # the sheet row, for messages

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Quote:
        fields = {k: v for k, v in rec.items() if k in cls.model_fields}
        return cls(**fields)

    @property
    def label(self) -> str:
        return f"{self.quote_id} version {self.version}"


class ApprovalStep(BaseModel):
    """A decision on one quote version, as it goes into the ApprovalLog."""

    model_config = ConfigDict(frozen=True)

    user: str
    role: Role | None = None
    level: int | None = None
    quote_id: str
    version: int
    decision: Decision
    comment: str = ""
    digest: str = ""

    def entry(self) -> dict[Column, Any]:
        return {
            ApprovalLog.user: self.user,
            ApprovalLog.role: self.role.value if self.role else None,
            ApprovalLog.level: self.level,
            ApprovalLog.quote_id: self.quote_id,
            ApprovalLog.version: self.version,
            ApprovalLog.decision: self.decision.value,
            ApprovalLog.comment: self.comment,
            ApprovalLog.quote_digest: self.digest,
        }


class CheckState(StrEnum):
    PASS = "pass"
    WARN = "warn"  # shown to the approver, does not stop the approval
    FAIL = "fail"  # stops the approval unless the approver overrides it with a reason


class ApprovalCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: int
    name: str
    state: CheckState
    detail: str

    def line(self) -> str:
        mark = {CheckState.PASS: "ok  ", CheckState.WARN: "warn", CheckState.FAIL: "FAIL"}
        return f"[{mark[self.state]}] L{self.level} {self.name}: {self.detail}"


QUOTE_KEY: tuple[Column, Column] = (Quotes.quote_id, Quotes.version)
