"""The exception guide: for each class and severity of problem, its standard handling, whom to
escalate to by when, how often to tell the customer; and the contingency library's suggestions.

Classes: quality, delivery, payment, logistics, documents, customs. Severities: low, medium,
high, critical. The rules are the Settings table "Exception handling"; an open exception whose
escalation time has passed is flagged. Contingencies: other suppliers of the order's product
lines ranked by their scorecard score (blocked and blocking standings left out), and for delivery
and logistics problems the lane's alternative routes (Settings "Contingency routes": other port of
loading, other carrier, sea-air...) that save days, and air freight instead of sea with the cost
difference from the cost drivers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CLASSES = ("quality", "delivery", "payment", "logistics", "documents", "customs")
SEVERITIES = ("low", "medium", "high", "critical")
CLOSED = {"closed", "resolved", "done"}


@dataclass(frozen=True)
class Rule:
    handling: str
    escalate_to: str  # a role
    escalate_hours: float | None
    inform_hours: float | None
    update_hours: float | None


@dataclass(frozen=True)
class Handling:
    steps: str
    escalate_to: str
    escalate_by: dt.datetime | None
    customer_updates: str
    alert: str


def _hours(h: float) -> str:
    return f"{h:g} h" if h < 48 else f"{h / 24:g} days"


def handle(
    cls: str,
    severity: str,
    opened: dt.datetime,
    status: str,
    rules: Mapping[tuple[str, str], Rule],
    people: Mapping[str, str],
    now: dt.datetime,
) -> Handling | None:
    """The handling of one exception; None when no rule covers its class and severity."""
    rule = rules.get((cls.strip().casefold(), severity.strip().casefold()))
    if rule is None:
        return None
    person = people.get(rule.escalate_to.casefold(), rule.escalate_to)
    by = None if rule.escalate_hours is None else opened + dt.timedelta(hours=rule.escalate_hours)
    parts = []
    if rule.inform_hours:
        parts.append(f"inform the customer within {_hours(rule.inform_hours)}")
    if rule.update_hours:
        parts.append(f"update every {_hours(rule.update_hours)}")
    alert = ""
    if by is not None and status.strip().casefold() not in CLOSED and now > by:
        alert = f"escalation overdue since {by:%Y-%m-%d %H:%M}: tell {person}"
    return Handling(
        steps=rule.handling,
        escalate_to=person,
        escalate_by=by,
        customer_updates="; ".join(parts) or "no customer message needed",
        alert=alert,
    )


@dataclass(frozen=True)
class SupplierOption:
    supplier: str
    name: str
    categories: frozenset[str]
    score: float | None
    usable: bool  # not blocked, standing does not block


def alternative_suppliers(
    categories: Sequence[str], current: set[str], suppliers: Sequence[SupplierOption], top: int = 3
) -> list[SupplierOption]:
    """Other suppliers of the product lines, best scorecard score first (unscored last)."""
    wanted = {c.casefold() for c in categories}
    found = [
        s for s in suppliers if s.usable and s.supplier not in current and s.categories & wanted
    ]
    found.sort(key=lambda s: (s.score is None, -(s.score or 0.0), s.supplier))
    return found[:top]


def air_instead_of_sea(
    gross_kg: float,
    cbm: float,
    *,
    air_per_kg: float | None,
    sea_per_40ft: float | None,
    cbm_per_40ft: float | None,
) -> tuple[float, float] | None:
    """(air cost, sea cost) of the goods, in the cost drivers' currency; None without rates."""
    if not (air_per_kg and sea_per_40ft and cbm_per_40ft) or gross_kg <= 0 or cbm <= 0:
        return None
    chargeable = max(gross_kg, cbm * 167)  # IATA volumetric: 6,000 cm³ per kg
    return chargeable * air_per_kg, cbm / cbm_per_40ft * sea_per_40ft


@dataclass(frozen=True)
class RouteOption:
    """A pre-assessed alternative route of a lane (Settings → Contingencies)."""

    lane: str
    route: str
    kind: str
    extra_cost: float
    currency: str
    days_saved: int


def lane_of(pol: str | None, pod: str | None) -> str | None:
    """An order's lane, POL-POD as the Lanes and Contingencies tables key it."""
    if not (pol and pod):
        return None
    return f"{pol.strip().upper()}-{pod.strip().upper()}"


def alternative_routes(
    lane: str | None, routes: Sequence[RouteOption], top: int = 3
) -> list[RouteOption]:
    """The lane's alternatives that save days, cheapest per day saved first."""
    if lane is None:
        return []
    found = [r for r in routes if r.lane.upper() == lane and r.days_saved > 0]
    found.sort(key=lambda r: (r.extra_cost / r.days_saved, r.route))
    return found[:top]
