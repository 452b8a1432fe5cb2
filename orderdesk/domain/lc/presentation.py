"""What OrderDesk would present under a credit, for one order: the commercial invoice and the
packing list exactly as the documents area builds them (`documents.content.build` over the
register's facts, `documents.facts`), the order's shipment legs, and the dates that count (on
board, planned). A document that would be refused is read as a draft, so its figures are still
checked, and why it would be refused is kept: too early for its stage is a note for later, any
other reason a risk now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from orderdesk.domain.documents import content as K
from orderdesk.domain.documents.models import Document
from orderdesk.domain.documents.packing import Problem
from orderdesk.domain.lc.checks import Leg, Presentation
from orderdesk.schema import DocKind, Orders, Shipments

EARLY = "not yet at its stage"
Where = Callable[[Problem], str]  # a problem as the user reads it (its cell, Validate's rule)


def would_print(
    kind: DocKind, facts: K.OrderFacts, company: K.Company, today: dt.date, where: Where
) -> tuple[Document | None, list[str]]:
    """The document as OrderDesk would print it now, and why it would be refused (its stage:
    `EARLY`, a blank it needs, a Validate error)."""
    built, draft = K.build_or_draft(kind, facts, company, version=1, issue_date=today)
    if built.document is not None:
        return built.document, []
    return draft, [EARLY if p.column == Orders.stage else where(p) for p in built.problems]


def leg(r: Mapping[str, Any]) -> Leg:
    """A Shipments record as a leg of the carriage."""

    def s(col: Any) -> str:
        v = r.get(col.attr)
        return "" if v is None else str(v).strip()

    return Leg(
        mode=s(Shipments.mode).lower(),
        bl_no=s(Shipments.bl_no),
        container=s(Shipments.container_no).upper(),
        vessel=s(Shipments.vessel),
        port_of_loading=s(Shipments.port_of_loading).upper(),
        port_of_discharge=s(Shipments.port_of_discharge).upper(),
        atd=r.get(Shipments.atd.attr),
        etd=r.get(Shipments.etd.attr),
    )


def presentation(
    facts: K.OrderFacts,
    shipments: Sequence[Mapping[str, Any]],
    company: K.Company,
    *,
    presented_on: dt.date | None,
    today: dt.date,
    where: Where,
) -> Presentation:
    """One order's presentation (the PI is not built: the credit names it by its number,
    PI-<order>, and the CI carries every figure the PI would)."""
    docs: dict[DocKind, Document | None] = {}
    refused: dict[str, list[str]] = {}
    early: dict[str, str] = {}
    for kind in (DocKind.CI, DocKind.PL):
        docs[kind], why = would_print(kind, facts, company, today, where)
        if why and why[0] == EARLY:
            # Before its stage a blank it will need is a note for later, not a risk now.
            early[K.PREFIX[kind]] = f"from stage {K.READY_AT[kind][0].value!r} on" + "".join(
                f"; still needed: {w}" for w in why[1:3]
            )
        elif why:
            refused[K.PREFIX[kind]] = [w for w in why if w != EARLY]
    ci, order = docs[DocKind.CI], facts.order
    legs = [leg(r) for r in shipments]
    shipped = ci.shipment.shipped_on if ci is not None and ci.shipment else None
    if shipped is None and not legs:
        s = order.get(Orders.shipped_on.attr)
        shipped = s if s is not None and s <= today else None
    planned = max((x.etd for x in legs if x.etd), default=None) or order.get(
        Orders.promised_ship.attr
    )
    return Presentation(
        ci=ci,
        pl=docs[DocKind.PL],
        refused=refused,
        early=early,
        legs=legs,
        on_board=shipped,
        planned=planned,
        presented_on=presented_on,
        order_pod=str(order.get(Orders.port_of_discharge.attr) or "").upper(),
        seller_name=company.name,
        seller_address=company.address,
        today=today,
    )
