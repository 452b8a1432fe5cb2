"""The execution area's rules about the register's rows (issue 20): which orders hold capacity,
which are asked about, the day an accepted order books its capacity, and what an order line is
to the decision tree (product line, spec kind, supplier)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping

from orderdesk.domain.execution.capacity import CapacityBook
from orderdesk.domain.execution.feasibility import CUSTOM, Ask, Decision, Knowledge, Line, decide
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.schema import Stage

# Orders whose lines hold capacity: accepted and not yet shipped.
BOOKED_STAGES = frozenset({Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP})
# Orders asked about by default: not yet accepted.
ASKED_STAGES = frozenset({Stage.RECEIVED, Stage.DRAFT})


def booking_day(
    promised_ship: dt.date | None, requested_delivery: dt.date | None, transit_days: int
) -> dt.date | None:
    """An accepted order books its capacity at its promised ship date, else at its requested
    delivery less transit; neither: it books nothing."""
    if promised_ship is not None:
        return promised_ship
    if requested_delivery is not None:
        return requested_delivery - dt.timedelta(days=transit_days)
    return None


def order_line(
    sku: str,
    qty: float,
    line_supplier: str | None,
    category: str | None,
    product_type: str | None,
    default_supplier: str | None,
    *,
    known: bool,
    spec: str | None = None,
) -> Line:
    """One order line for the tree: a SKU not on the Products sheet is a custom product with no
    product line; a known one without a product type is standard; the supplier is the line's,
    else the product's default supplier."""
    kind = (product_type or "standard").casefold() if known else CUSTOM
    return Line(
        sku=sku,
        qty=qty,
        category=category if known else None,
        product_type=kind,
        supplier=line_supplier or default_supplier,
        spec=spec,
    )


def standing_actions(pairs: Mapping[str, str]) -> dict[str, str]:
    """The Settings standings table as standing → action (none, warn, block), case-blind."""
    return {s.strip().casefold(): a.strip().casefold() for s, a in pairs.items()}


def supplier_action(standing: str | None, actions: Mapping[str, str]) -> str | None:
    return actions.get((standing or "").casefold())


def quote_ask(
    label: str,
    customer: str | None,
    lines: tuple[Line, ...],
    *,
    today: dt.date,
    lead_time_days: int | None,
    transit_days: int,
    payment_terms: str | None,
    lc_bank: str | None,
) -> Ask:
    """A quote asked as if it were won today: its deposit is its payment terms' advance share,
    and the date it must meet is today + the quote's promised lead time (+ transit to arrive);
    without a lead time it asks no date."""
    term = payment_term(payment_terms)
    want = (
        None if lead_time_days is None else today + dt.timedelta(days=lead_time_days + transit_days)
    )
    return Ask(
        order_id=label,
        customer=customer,
        start=today,
        lines=lines,
        requested_delivery=want,
        deposit_pct=term.deposit if term else None,
        payment_terms=payment_terms,
        lc_bank=lc_bank,
    )


def decide_quote(ask: Ask, know: Knowledge, book: CapacityBook) -> Decision:
    """A quote is decided against the capacity booked, but books none itself: it is not won."""
    return decide(ask, know, copy.deepcopy(book))
