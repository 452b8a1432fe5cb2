"""Can we take it? A decision tree over one order (or quote), each branch with its reason.

Branches, in order: the customer (blocked: decline; deposit below its credit band's: a
condition), the product spec (known / custom / new tooling: custom and tooling add lead time,
tooling needs the tooling milestone), the suppliers of its lines (blocked or a blocking standing
such as Very Poor: decline; a warning standing: a condition), special requirements (L/C from a
bank not accepted; certifications, packaging or Validate errors asked: conditions, see
requirements.py), lead time and capacity (the first week the product lines have
room, within the horizon; none: decline), and the requested date (earliest ship + transit after
the requested delivery: a condition naming the date). Accept when no branch objects, accept with
conditions when some ask for something, decline when one declines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from orderdesk.domain.credit import AcceptedBank, CreditBand, accepted_bank, band_for
from orderdesk.domain.execution.capacity import CapacityBook, Load, week_label
from orderdesk.domain.execution.requirements import special_requirements
from orderdesk.domain.reference.payment_terms import Instrument, payment_term

CUSTOM = "custom"
NEW_TOOLING = "new tooling"
TOOLING_MILESTONE = "tooling approved"


class Verdict(StrEnum):
    ACCEPT = "accept"
    CONDITIONS = "accept with conditions"
    DECLINE = "decline"


@dataclass(frozen=True)
class Line:
    sku: str
    qty: float
    category: str | None  # the product line; None: not a known product
    product_type: str  # standard, custom or new tooling
    supplier: str | None
    spec: str | None = None  # the line's Spec text (size, material, standard)


@dataclass(frozen=True)
class Ask:
    """An order or a quote, as the tree needs it."""

    order_id: str
    customer: str | None
    start: dt.date  # production can start from this day (today, or the order date if later)
    lines: tuple[Line, ...]
    requested_delivery: dt.date | None = None
    deposit_pct: Decimal | None = None
    payment_terms: str | None = None
    lc_bank: str | None = None
    notes: str | None = None
    check: str | None = None  # the Check cell Validate wrote


@dataclass(frozen=True)
class SupplierFacts:
    lead_days: int | None = None
    blocked: bool = False
    standing: str | None = None
    action: str | None = None  # none, warn or block (the Settings standings table)


@dataclass(frozen=True)
class CustomerFacts:
    blocked: bool = False
    score: float | None = None


@dataclass(frozen=True)
class Thresholds:
    transit_days: int = 30
    default_lead_days: int = 30
    custom_extra_days: int = 14
    tooling_extra_days: int = 35


@dataclass
class Knowledge:
    """What the register knows besides the order: customers, suppliers, credit policy."""

    thresholds: Thresholds
    customers: Mapping[str, CustomerFacts] = field(default_factory=dict)
    suppliers: Mapping[str, SupplierFacts] = field(default_factory=dict)
    bands: Sequence[CreditBand] = ()
    banks: Sequence[AcceptedBank] = ()


@dataclass(frozen=True)
class Branch:
    name: str  # customer, product, supplier, requirements, capacity, date
    verdict: Verdict
    reason: str
    condition: str | None = None  # what accepting asks for (CONDITIONS only)


@dataclass
class Decision:
    order_id: str
    branches: list[Branch]
    earliest_ship: dt.date | None = None
    earliest_arrival: dt.date | None = None
    milestones: tuple[str, ...] = ()  # milestones the plan must hold (the tooling one)

    @property
    def verdict(self) -> Verdict:
        found = {b.verdict for b in self.branches}
        for v in (Verdict.DECLINE, Verdict.CONDITIONS):
            if v in found:
                return v
        return Verdict.ACCEPT

    @property
    def conditions(self) -> list[str]:
        return [b.condition for b in self.branches if b.condition]

    @property
    def reasons(self) -> list[str]:
        return [f"{b.name}: {b.reason}" for b in self.branches]


def decide(ask: Ask, know: Knowledge, book: CapacityBook) -> Decision:
    """The tree for one order; a decision that is not a decline books its lines into `book`
    (so the next order asked sees them)."""
    branches = [_customer(ask, know), *_product(ask), *_suppliers(ask, know)]
    branches += [*_terms(ask, know), *_special(ask)]
    decision = Decision(ask.order_id, branches)
    if any(line.product_type == NEW_TOOLING for line in ask.lines):
        decision.milestones = (TOOLING_MILESTONE,)
    lead_ready = ask.start + dt.timedelta(days=_lead_days(ask, know))
    ship, capacity = _capacity(ask, book, lead_ready)
    branches.append(capacity)
    if ship is None:
        return decision
    decision.earliest_ship = ship
    decision.earliest_arrival = ship + dt.timedelta(days=know.thresholds.transit_days)
    branches.append(_date(ask, decision.earliest_arrival, ship))
    if decision.verdict is not Verdict.DECLINE:
        for line in ask.lines:
            if line.category and book.knows(line.category):
                book.book(Load(ask.order_id, line.category, line.qty, ship))
    return decision


def _customer(ask: Ask, know: Knowledge) -> Branch:
    facts = know.customers.get(ask.customer or "")
    if facts is None:
        return Branch(
            "customer",
            Verdict.CONDITIONS,
            f"'{ask.customer}' is not on the Customers sheet",
            "customer set up and credit checked",
        )
    if facts.blocked:
        return Branch("customer", Verdict.DECLINE, f"{ask.customer} is blocked")
    band = band_for(facts.score, know.bands)
    if band is None or band.min_deposit <= (ask.deposit_pct or Decimal(0)):
        return Branch("customer", Verdict.ACCEPT, "credit band allows the deposit asked")
    need = f"{band.min_deposit * 100:.0f}%"
    got = f"{(ask.deposit_pct or Decimal(0)) * 100:.0f}%"
    return Branch(
        "customer",
        Verdict.CONDITIONS,
        f"credit band {band.band} asks a deposit of at least {need}, the order has {got}",
        f"deposit of at least {need}",
    )


def _product(ask: Ask) -> list[Branch]:
    unknown = sorted({ln.sku for ln in ask.lines if ln.category is None})
    tooling = sorted({ln.sku for ln in ask.lines if ln.product_type == NEW_TOOLING})
    custom = sorted({ln.sku for ln in ask.lines if ln.product_type == CUSTOM})
    out: list[Branch] = []
    if unknown:
        out.append(
            Branch(
                "product",
                Verdict.CONDITIONS,
                f"{', '.join(unknown)} not on the Products sheet (custom)",
                "specification and sample approved",
            )
        )
    if tooling:
        out.append(
            Branch(
                "product",
                Verdict.CONDITIONS,
                f"{', '.join(tooling)} needs new tooling",
                f"'{TOOLING_MILESTONE}' milestone before production start",
            )
        )
    if custom:
        out.append(
            Branch(
                "product",
                Verdict.CONDITIONS,
                f"{', '.join(custom)} is custom",
                "pre-production sample approved",
            )
        )
    return out or [Branch("product", Verdict.ACCEPT, "known standard products")]


def _suppliers(ask: Ask, know: Knowledge) -> list[Branch]:
    out: list[Branch] = []
    for sup in sorted({ln.supplier for ln in ask.lines if ln.supplier}):
        facts = know.suppliers.get(sup)
        skus = ", ".join(sorted({ln.sku for ln in ask.lines if ln.supplier == sup}))
        if facts is None:
            continue
        if facts.blocked or (facts.action or "").casefold() == "block":
            why = "is blocked" if facts.blocked else f"stands {facts.standing}"
            out.append(Branch("supplier", Verdict.DECLINE, f"{sup} ({skus}) {why}"))
        elif (facts.action or "").casefold() == "warn":
            out.append(
                Branch(
                    "supplier",
                    Verdict.CONDITIONS,
                    f"{sup} ({skus}) stands {facts.standing}",
                    f"third-party inspection of {skus}",
                )
            )
    return out or [Branch("supplier", Verdict.ACCEPT, "suppliers in good standing")]


def _terms(ask: Ask, know: Knowledge) -> list[Branch]:
    term = payment_term(ask.payment_terms)
    if term is None or term.instrument is not Instrument.LC:
        return []
    if accepted_bank(ask.lc_bank, know.banks) is not None:
        return [Branch("requirements", Verdict.ACCEPT, f"L/C from {ask.lc_bank}, accepted")]
    return [
        Branch(
            "requirements",
            Verdict.CONDITIONS,
            f"L/C bank '{ask.lc_bank or ''}' is not an accepted bank",
            "L/C issued or confirmed by an accepted bank",
        )
    ]


_SPECIAL = {
    "certification": ("certifications {} asked ({})", "supplier's {} certificates on file"),
    "packaging": ("special packaging {} asked ({})", "packaging artwork for {} approved"),
    "check": ("Validate found {} ({})", "order corrected: Validate finds no error"),
}


def _special(ask: Ask) -> list[Branch]:
    """Certifications, packaging and Validate errors: each asks for something before accepting;
    an order asking for none has no such branch."""
    found = special_requirements(((ln.sku, ln.spec) for ln in ask.lines), ask.notes, ask.check)
    out = []
    for req in found:
        reason, condition = _SPECIAL[req.kind]
        asked = ", ".join(req.asked)
        out.append(
            Branch(
                "requirements",
                Verdict.CONDITIONS,
                reason.format(asked, "; ".join(req.where)),
                condition.format(asked),
            )
        )
    return out


def _lead_days(ask: Ask, know: Knowledge) -> int:
    t = know.thresholds
    days = 0 if ask.lines else t.default_lead_days
    for line in ask.lines:
        facts = know.suppliers.get(line.supplier or "")
        lead = facts.lead_days if facts and facts.lead_days is not None else t.default_lead_days
        extra = {CUSTOM: t.custom_extra_days, NEW_TOOLING: t.tooling_extra_days}
        days = max(days, lead + extra.get(line.product_type, 0))
    return days


def _capacity(ask: Ask, book: CapacityBook, ready: dt.date) -> tuple[dt.date | None, Branch]:
    """The earliest ship day: lead time done, and a week with room for every product line."""
    need: dict[str, float] = {}
    for line in ask.lines:
        if line.category and book.knows(line.category):
            need[line.category] = need.get(line.category, 0.0) + line.qty
    week = book.week_of(ready)
    late: list[str] = []
    for category, qty in need.items():
        fit = book.first_fit(category, qty, ready)
        if fit is None:
            return None, Branch(
                "capacity",
                Verdict.DECLINE,
                f"{qty:,.0f} {category} do not fit in the {book.weeks} weeks planned",
            )
        if fit > week:
            late.append(category)
            week = fit
    if not late:
        return ready, Branch("capacity", Verdict.ACCEPT, f"room in week {week_label(ready)}")
    ship = max(ready, book.week_start(week) + dt.timedelta(days=4))
    label = week_label(ship)
    return ship, Branch(
        "capacity",
        Verdict.CONDITIONS,
        f"{', '.join(late)} booked full before week {label}",
        f"ship in week {label} ({ship.isoformat()}), when capacity allows",
    )


def _date(ask: Ask, arrival: dt.date, ship: dt.date) -> Branch:
    if ask.requested_delivery is None:
        return Branch("date", Verdict.ACCEPT, "no requested delivery date")
    if arrival <= ask.requested_delivery:
        return Branch(
            "date",
            Verdict.ACCEPT,
            f"arrives by {arrival.isoformat()}, before the "
            f"requested {ask.requested_delivery.isoformat()}",
        )
    return Branch(
        "date",
        Verdict.CONDITIONS,
        f"earliest arrival {arrival.isoformat()} is after the requested "
        f"{ask.requested_delivery.isoformat()}",
        f"later delivery: ship {ship.isoformat()}, arrive about {arrival.isoformat()}",
    )
