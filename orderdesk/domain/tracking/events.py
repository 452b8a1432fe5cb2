"""Carrier events as OrderDesk keeps them, whatever API they came from, and the milestones they mean.

A DCSA equipment, transport or shipment event (v2.2, or v3 read through the adapter) and a DHL
parcel scan all become one `CarrierEvent`. Its `milestone` is what an order desk talks about
("loaded", "departed", "arrived" …); the carrier's own code and classifier (planned, estimated,
actual) stay on the event so nothing the carrier said is lost.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

RETRACTION = "RETR"  # the code of a DCSA v3 event that only withdraws an earlier one


class EventKind(StrEnum):
    EQUIPMENT = "EQUIPMENT"  # a container was moved: gate in/out, loaded, discharged …
    TRANSPORT = "TRANSPORT"  # a vessel (or truck, train) arrived or departed
    SHIPMENT = "SHIPMENT"  # a document changed state: booking confirmed, B/L issued …
    PARCEL = "PARCEL"  # an express / parcel scan (DHL)


class Classifier(StrEnum):
    """DCSA eventClassifierCode: when the carrier says it happens, and how sure it is."""

    PLN = "PLN"  # planned (the schedule at booking)
    EST = "EST"  # estimated (the carrier's latest expectation)
    ACT = "ACT"  # actual (it happened)

    @property
    def rank(self) -> int:
        return ("PLN", "EST", "ACT").index(self.value)


class Milestone(StrEnum):
    """What a shipment's event means to the order. The value is the text the register shows."""

    BOOKED = "booked"
    BL_ISSUED = "B/L issued"
    BL_SURRENDERED = "B/L surrendered"
    DOCUMENTS = "documents"
    EMPTY_PICKED_UP = "empty picked up"
    STUFFED = "stuffed"
    GATED_IN = "gated in"
    LOADED = "loaded"
    DEPARTED = "departed"
    TRANSSHIPMENT = "transshipment"
    CUSTOMS = "customs"
    ARRIVED = "arrived"
    DISCHARGED = "discharged"
    GATED_OUT = "gated out"
    DELIVERED = "delivered"
    EMPTY_RETURNED = "empty returned"
    # parcels (DHL statusCode)
    PRE_TRANSIT = "awaiting pickup"
    IN_TRANSIT = "in transit"
    DELIVERY_PROBLEM = "delivery problem"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """Order along a shipment's life, to break ties between events at the same minute."""
        return _RANK[self]

    @property
    def final(self) -> bool:
        """Nothing more to track: the goods reached the customer (or the box came back)."""
        return self in (Milestone.DELIVERED, Milestone.EMPTY_RETURNED)


_RANK = {m: i for i, m in enumerate(Milestone)}
_RANK[Milestone.PRE_TRANSIT] = _RANK[Milestone.BOOKED]
_RANK[Milestone.IN_TRANSIT] = _RANK[Milestone.DEPARTED]
_RANK[Milestone.DELIVERY_PROBLEM] = _RANK[Milestone.GATED_OUT]
_RANK[Milestone.UNKNOWN] = -1

# DCSA equipmentEventTypeCode → milestone. Gate out and gate in depend on whether the container is
# empty (the empty box leaves the depot for stuffing / comes back after stripping) or laden.
_EQUIPMENT = {
    "STUF": Milestone.STUFFED,
    "LOAD": Milestone.LOADED,
    "DISC": Milestone.DISCHARGED,
    "STRP": Milestone.DELIVERED,  # unpacked at the consignee's
    "PICK": Milestone.GATED_OUT,
    "DROP": Milestone.DELIVERED,
    "INSP": Milestone.CUSTOMS,
    "CUSS": Milestone.CUSTOMS,
    "CUSI": Milestone.CUSTOMS,
    "CUSR": Milestone.CUSTOMS,
    "RSEA": Milestone.CUSTOMS,
    "RMVD": Milestone.DOCUMENTS,
}
_TRANSPORT = {"DEPA": Milestone.DEPARTED, "ARRI": Milestone.ARRIVED}
# DHL Unified statusCode → milestone. The free-text status is never read for this: it can say
# "DELIVERED" to a depot while statusCode is still "transit".
PARCEL_STATUS = {
    "pre-transit": Milestone.PRE_TRANSIT,
    "transit": Milestone.IN_TRANSIT,
    "delivered": Milestone.DELIVERED,
    "failure": Milestone.DELIVERY_PROBLEM,
    "unknown": Milestone.UNKNOWN,
}

# How the register describes a carrier's code (English; the register is the desk's own record).
CODE_TEXT = {
    "GTOT": "Gate out",
    "GTIN": "Gate in",
    "LOAD": "Loaded",
    "DISC": "Discharged",
    "STUF": "Stuffed",
    "STRP": "Stripped",
    "PICK": "Picked up",
    "DROP": "Dropped off",
    "INSP": "Inspected",
    "RSEA": "Resealed",
    "RMVD": "Removed",
    "CUSS": "Customs selected for scan",
    "CUSI": "Customs selected for inspection",
    "CUSR": "Customs released",
    "ARRI": "Arrival",
    "DEPA": "Departure",
    "RECE": "Received",
    "DRFT": "Drafted",
    "PENA": "Pending approval",
    "PENU": "Pending update",
    "REJE": "Rejected",
    "APPR": "Approved",
    "ISSU": "Issued",
    "SURR": "Surrendered",
    "SUBM": "Submitted",
    "VOID": "Void",
    "CONF": "Confirmed",
    "REQS": "Requested",
    "CMPL": "Completed",
    "HOLD": "On hold",
    "RELS": "Released",
}
DOCUMENT_TEXT = {"BKG": "Booking", "TRD": "Transport document", "SHI": "Shipping instruction"}


class CarrierEvent(BaseModel):
    """One event of one shipment, as any carrier API reported it."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    source: str  # "DCSA 2.2", "DCSA 3", "DHL"
    kind: EventKind
    classifier: Classifier
    code: str  # LOAD, DEPA, ISSU … or a DHL statusCode
    time: dt.datetime  # when it happened / is planned or expected; local time with its offset
    created: dt.datetime | None = None  # when the carrier recorded it (newer estimates win)
    location: str = ""  # UN/LOCODE, or "Leipzig, DE" for a parcel scan
    location_name: str = ""  # "Rotterdam" where the carrier names the place
    description: str = ""
    empty: bool | None = None  # DCSA emptyIndicatorCode: EMPTY → True, LADEN → False
    document: str = ""  # shipment events: BKG, TRD …
    equipment: str = ""  # the container number an equipment event is about
    retracts: str | None = None  # DCSA v3: this event replaces (retracts) an earlier one

    @property
    def milestone(self) -> Milestone:
        return milestone_of(self)

    @property
    def local_time(self) -> dt.datetime:
        """The wall-clock time at the place, as the register shows it (Excel has no time zones)."""
        return self.time.replace(tzinfo=None)

    def text(self) -> str:
        """The Description the register shows: the carrier's words where it has them."""
        if self.code == RETRACTION:
            return f"Withdraws event {self.retracts}"
        if self.description:
            return self.description
        base = CODE_TEXT.get(self.code, self.code)
        if self.kind is EventKind.SHIPMENT and self.document:
            return f"{DOCUMENT_TEXT.get(self.document, self.document)}: {base.lower()}"
        if self.kind is EventKind.EQUIPMENT and self.empty is not None:
            return f"{base} ({'empty' if self.empty else 'laden'})"
        return base


def milestone_of(event: CarrierEvent) -> Milestone:
    code = event.code.upper() if event.kind is not EventKind.PARCEL else event.code.lower()
    if event.kind is EventKind.PARCEL:
        return PARCEL_STATUS.get(code, Milestone.UNKNOWN)
    if event.kind is EventKind.TRANSPORT:
        return _TRANSPORT.get(code, Milestone.UNKNOWN)
    if event.kind is EventKind.SHIPMENT:
        if code in ("CONF", "RECE") and event.document in ("BKG", "CBR", ""):
            return Milestone.BOOKED
        if event.document == "TRD" and code == "ISSU":
            return Milestone.BL_ISSUED
        if event.document == "TRD" and code == "SURR":
            return Milestone.BL_SURRENDERED
        return Milestone.DOCUMENTS
    if code == "GTOT":
        return Milestone.EMPTY_PICKED_UP if event.empty else Milestone.GATED_OUT
    if code == "GTIN":
        return Milestone.EMPTY_RETURNED if event.empty else Milestone.GATED_IN
    return _EQUIPMENT.get(code, Milestone.UNKNOWN)


def unique_events(events: list[CarrierEvent]) -> list[CarrierEvent]:
    """One copy per event id (paged answers and shared vessel events can repeat one), without
    the events a later one retracted: what the register records."""
    seen: dict[str, CarrierEvent] = {}
    for e in events:
        seen.setdefault(e.event_id, e)
    retracted = {e.retracts for e in seen.values() if e.retracts}
    return [e for e in seen.values() if e.event_id not in retracted]


def live_events(events: list[CarrierEvent]) -> list[CarrierEvent]:
    """The events that still stand, for status and dates: no retracted event, no bare retraction."""
    return [e for e in unique_events(events) if e.code != RETRACTION]
