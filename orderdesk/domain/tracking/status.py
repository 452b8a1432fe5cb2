"""Where a shipment is and when it leaves and arrives, from all its carrier events.

The current status is the latest *actual* event's milestone. ETD and ETA are the carrier's most
recent estimate (a newer estimate beats an older one, an estimate beats the plan made at booking);
ATD and ATA are the actual departure from the port of loading and arrival at the port of
discharge. Where the register knows the ports, events at other ports (transshipment) do not
count as departure or arrival.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from orderdesk.domain.tracking.events import (
    CarrierEvent,
    Classifier,
    EventKind,
    Milestone,
    live_events,
)


class ShipmentTracking(BaseModel):
    """A shipment as its events describe it (what Sync tracking writes on the Shipments row)."""

    model_config = ConfigDict(frozen=True)

    status: Milestone | None = None
    status_text: str = ""  # "departed", "transshipment at SGSIN" …
    last_event: str = ""  # "Departed CNSHA, 2026-10-05 18:00"
    etd: dt.date | None = None
    eta: dt.date | None = None
    atd: dt.date | None = None
    ata: dt.date | None = None
    destination: str = ""  # the place the goods arrive, named as the carrier names it

    @property
    def arrival(self) -> dt.date | None:
        """The arrival that counts for the customer: actual if it happened, else expected."""
        return self.ata or self.eta

    @property
    def final(self) -> bool:
        return self.status is not None and self.status.final


def _order_key(e: CarrierEvent) -> tuple[dt.datetime, int]:
    return (e.time, e.milestone.rank)


def _newest_estimate(events: list[CarrierEvent]) -> CarrierEvent | None:
    """The estimate the carrier made last: by creation time, then EST over PLN."""
    plans = [e for e in events if e.classifier is not Classifier.ACT]
    if not plans:
        return None
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    return max(plans, key=lambda e: (e.created or floor, e.classifier.rank, e.time))


def _at(events: list[CarrierEvent], port: str | None) -> list[CarrierEvent]:
    """Events at the given port, if the register names it and the carrier reports any there."""
    if port:
        here = [e for e in events if e.location.upper() == port.upper()]
        if here:
            return here
    return events


def _calls(events: list[CarrierEvent], code: str, fallback: str) -> list[CarrierEvent]:
    """Vessel departures (or arrivals); container loads (or discharges) where a carrier sends no
    transport events."""
    vessel = [e for e in events if e.kind is EventKind.TRANSPORT and e.code == code]
    if vessel:
        return vessel
    return [e for e in events if e.kind is EventKind.EQUIPMENT and e.code == fallback]


def summarize(
    events: Iterable[CarrierEvent],
    *,
    port_of_loading: str | None = None,
    port_of_discharge: str | None = None,
    destination: str = "",
) -> ShipmentTracking:
    live = live_events(list(events))
    if not live:
        return ShipmentTracking(destination=destination or (port_of_discharge or ""))

    parcel = any(e.kind is EventKind.PARCEL for e in live)
    if parcel:
        departures = [e for e in live if e.milestone is Milestone.IN_TRANSIT]
        arrivals = [e for e in live if e.milestone is Milestone.DELIVERED]
    else:
        departures = _at(_calls(live, "DEPA", "LOAD"), port_of_loading)
        arrivals = _calls(live, "ARRI", "DISC")
        if port_of_discharge:
            arrivals = _at(arrivals, port_of_discharge)
        elif arrivals:  # the last port of call is the destination
            last = max(arrivals, key=lambda e: e.time).location
            arrivals = [e for e in arrivals if e.location == last]

    actual_dep = [e for e in departures if e.classifier is Classifier.ACT]
    actual_arr = [e for e in arrivals if e.classifier is Classifier.ACT]
    atd = min(actual_dep, key=lambda e: e.time) if actual_dep else None
    ata = min(actual_arr, key=lambda e: e.time) if actual_arr else None
    etd = _newest_estimate(departures)
    eta = _newest_estimate(arrivals)

    actual = sorted((e for e in live if e.classifier is Classifier.ACT), key=_order_key)
    # Document events (B/L issued …) say nothing about where the goods are: they set the status
    # only when nothing has moved yet.
    moves = [e for e in actual if e.kind is not EventKind.SHIPMENT] or actual
    latest = moves[-1] if moves else None
    status = latest.milestone if latest else None
    status_text = status.value if status else ""
    if (
        latest is not None
        and status in (Milestone.ARRIVED, Milestone.DISCHARGED)
        and port_of_discharge
        and latest.location
        and latest.location.upper() != port_of_discharge.upper()
    ):
        status = Milestone.TRANSSHIPMENT
        status_text = f"{Milestone.TRANSSHIPMENT.value} at {latest.location}"

    place = destination
    if not place:
        named = [e.location_name for e in arrivals if e.location_name]
        place = named[-1] if named else (port_of_discharge or "")
    return ShipmentTracking(
        status=status,
        status_text=status_text,
        last_event=describe(latest) if latest else "",
        etd=etd.local_time.date() if etd else None,
        eta=eta.local_time.date() if eta else None,
        atd=atd.local_time.date() if atd else None,
        ata=ata.local_time.date() if ata else None,
        destination=place,
    )


def describe(event: CarrierEvent) -> str:
    """The Last Event cell: what happened, where, when (local time at the place)."""
    what = event.text() if event.kind is EventKind.PARCEL else event.milestone.value
    what = what[:1].upper() + what[1:]
    where = f" {event.location}" if event.location else ""
    return f"{what}{where}, {event.local_time:%Y-%m-%d %H:%M}"
