"""Which shipments a sync asks the carriers about, what it asks, and how failures are told.

A shipment is asked about when its row names a shipment ID and a carrier, it is among the rows
chosen (all, or those selected in Excel), and it is not delivered yet (unless asked again). The
ports a carrier needs come from the shipment's row, else from its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk.domain import values as V
from orderdesk.domain.tracking.events import CarrierEvent, Milestone
from orderdesk.schema import Orders, Shipments

FINAL = {m.value for m in Milestone if m.final}
SHOWN_IDS = 8  # shipment IDs named in one carrier's failure line


@dataclass(frozen=True)
class ShipmentQuery:
    """A Shipments row, as a carrier is asked about it."""

    shipment_id: str
    order_id: str | None
    carrier: str
    mode: str | None = None
    booking_ref: str | None = None
    bl_no: str | None = None
    container_no: str | None = None
    tracking_no: str | None = None
    port_of_loading: str | None = None
    port_of_discharge: str | None = None

    @property
    def reference(self) -> str:
        """How a person names the shipment to the carrier: container, B/L, booking or parcel."""
        for label, value in (
            ("container", self.container_no),
            ("B/L", self.bl_no),
            ("booking", self.booking_ref),
            ("tracking no", self.tracking_no),
        ):
            if value:
                return f"{label} {value}"
        return "no reference"


@dataclass
class Fetched:
    """A carrier's complete answer about one shipment (every page of it)."""

    events: list[CarrierEvent]
    destination: str = ""  # where the carrier says the goods go ("Madrid"), if it says
    calls: int = 0
    received_at: dt.datetime = field(default_factory=dt.datetime.now)


@dataclass
class Failure:
    """A shipment the sync could not update, and why; `carrier_wide` when the carrier itself
    was the problem (down, refusing the key), not the shipment."""

    shipment_id: str
    carrier: str
    reference: str
    message: str
    carrier_wide: bool


def text(value: Any) -> str | None:
    """A cell's text, trimmed; None when blank."""
    return V.clean_text(value) or None


def chosen_shipments(shipments: pd.DataFrame, ids: Iterable[str], *, by_order: bool) -> set[str]:
    """The shipment IDs behind selected rows: the shipments themselves, or (`by_order`) every
    shipment of the selected orders."""
    wanted = {str(i).strip() for i in ids}
    column = Shipments.order_id if by_order else Shipments.shipment_id
    return {
        str(s).strip()
        for s, c in zip(shipments[Shipments.shipment_id], shipments[column], strict=True)
        if str(c).strip() in wanted
    }


def shipments_to_ask(
    shipments: pd.DataFrame,
    orders: pd.DataFrame,
    chosen: set[str] | None = None,
    *,
    include_delivered: bool = False,
) -> tuple[list[tuple[int, ShipmentQuery]], int]:
    """The rows to ask about (sheet row, query), and how many were left out as delivered."""
    ports = orders.set_index(Orders.order_id)[[Orders.port_of_loading, Orders.port_of_discharge]]
    ports = ports[~ports.index.duplicated()]
    out: list[tuple[int, ShipmentQuery]] = []
    delivered = 0
    for row, rec in zip(shipments.index, shipments.to_dict("records"), strict=True):
        sid = text(rec[Shipments.shipment_id])
        carrier = text(rec[Shipments.carrier])
        if not sid or not carrier or (chosen is not None and sid not in chosen):
            continue
        if not include_delivered and (text(rec[Shipments.status]) or "") in FINAL:
            delivered += 1
            continue
        order_id = text(rec[Shipments.order_id])
        pol = text(rec[Shipments.port_of_loading])
        pod = text(rec[Shipments.port_of_discharge])
        if order_id in ports.index:
            pol = pol or text(ports.at[order_id, Orders.port_of_loading])
            pod = pod or text(ports.at[order_id, Orders.port_of_discharge])
        container = (text(rec[Shipments.container_no]) or "").replace(" ", "").upper()
        query = ShipmentQuery(
            shipment_id=sid,
            order_id=order_id,
            carrier=carrier.upper(),
            mode=text(rec[Shipments.mode]),
            booking_ref=text(rec[Shipments.booking_ref]),
            bl_no=text(rec[Shipments.bl_no]),
            container_no=container or None,
            tracking_no=text(rec[Shipments.tracking_no]),
            port_of_loading=pol.upper() if pol else None,
            port_of_discharge=pod.upper() if pod else None,
        )
        out.append((int(row), query))
    return out, delivered


def failure_lines(failures: Iterable[Failure]) -> list[str]:
    """One line per shipment that failed on its own, and one per carrier that failed as a whole
    (its shipments named, the first real reason given rather than "not asked")."""
    lines: list[str] = []
    wide: dict[str, list[Failure]] = {}
    for f in sorted(failures, key=lambda f: f.shipment_id):
        if f.carrier_wide:
            wide.setdefault(f.carrier, []).append(f)
        else:
            lines.append(f"{f.shipment_id} ({f.carrier}, {f.reference}): {f.message}")
    for carrier, group in sorted(wide.items()):
        first = next((f for f in group if ": not asked: " not in f.message), group[0])
        ids = ", ".join(f.shipment_id for f in group[:SHOWN_IDS])
        ids += " …" if len(group) > SHOWN_IDS else ""
        lines.append(
            f"{carrier} failed, {len(group)} shipment(s) not updated ({ids}): {first.message}"
        )
    return lines
