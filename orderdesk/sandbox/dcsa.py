"""Sandbox DCSA Track & Trace: `/dcsa/<CARRIER>/v2/events` (v2.2) and `/dcsa/<CARRIER>/v3/events`
(the v3 metadata/payload shape), for every carrier the register's Settings mark dcsa or dcsa3.

Each ocean shipment gets the events of a real sailing: booking confirmed, empty container out,
gate in, loaded, vessel departed (planned, then actual), B/L issued, arrival (planned, a later
estimate when the sailing runs late, then actual), discharged, gate out, empty returned. Vessel
events are shared by every shipment on the same sailing (same event id), as carriers do. Filters:
eventType, carrierBookingReference, transportDocumentReference, equipmentReference (v3: eventTypes,
documentTypeCodes + documentReference, equipmentReference); cursor paging with `limit` and a
`Next-Page` link. In v3, a late sailing's first estimate is withdrawn by a later event
(`retractedEventID`).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from orderdesk.domain.tracking.places import PORT_NAMES
from orderdesk.sandbox._world import Plan, World, at, event_id, iso
from orderdesk.sandbox.base import Faults, SandboxRequest, SandboxResponse

PREFIX = "/dcsa"
API_VERSION = {2: "2.2.0", 3: "3.0.0-Beta-1"}
DAY = dt.timedelta(days=1)


def carrier_url(root: str, carrier: str) -> str:
    """The base URL a DCSA carrier has in the sandbox."""
    return f"{root}{PREFIX}/{carrier}"


@dataclass
class Event:
    """One generated event and the references it can be found by."""

    id: str
    kind: str  # EQUIPMENT, TRANSPORT, SHIPMENT
    classifier: str
    code: str
    time: dt.datetime
    created: dt.datetime
    location: str
    booking: str | None
    bl: str | None
    container: str | None = None
    empty: bool | None = None
    document: str | None = None  # shipment events: BKG or TRD
    vessel: tuple[str, str] | None = None
    retracts: str | None = None
    v3_only: bool = False  # an estimate that only the v3 stream carries (and then withdraws)
    refs: set[tuple[str, str]] = field(default_factory=set)

    def v2(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "eventID": self.id,
            "eventType": self.kind,
            "eventCreatedDateTime": iso(self.created),
            "eventClassifierCode": self.classifier,
            "eventDateTime": iso(self.time),
        }
        if self.kind == "SHIPMENT":
            data["shipmentEventTypeCode"] = self.code
            data["documentTypeCode"] = self.document
            data["documentID"] = self.booking if self.document == "BKG" else self.bl
            return data
        call: dict[str, Any] = {
            "transportCallID": event_id("call", self.location, self.time.date()),
            "modeOfTransport": "VESSEL"
            if self.kind == "TRANSPORT" or self.code in ("LOAD", "DISC")
            else "TRUCK",
            "UNLocationCode": self.location,
            "facilityTypeCode": "POTE",
            "location": {
                "UNLocationCode": self.location,
                "locationName": PORT_NAMES.get(self.location, ""),
            },
        }
        if self.vessel:
            call["vessel"] = {"vesselIMONumber": self.vessel[1], "vesselName": self.vessel[0]}
        data["transportCall"] = call
        if self.kind == "TRANSPORT":
            data["transportEventTypeCode"] = self.code
        else:
            data["equipmentEventTypeCode"] = self.code
            data["equipmentReference"] = self.container
            data["ISOEquipmentCode"] = "42G1"
            data["emptyIndicatorCode"] = "EMPTY" if self.empty else "LADEN"
        docs = [("BKG", self.booking), ("TRD", self.bl)]
        data["documentReferences"] = [
            {"documentReferenceType": t, "documentReferenceValue": v} for t, v in docs if v
        ]
        return data

    def v3(self, carrier: str) -> dict[str, Any]:
        v2 = self.v2()
        meta: dict[str, Any] = {
            "eventID": self.id,
            "eventCreatedDateTime": iso(self.created),
            "eventType": self.kind,
            "publisher": {
                "partyName": carrier,
                "carrierCode": carrier,
                "carrierCodeListProvider": "NMFTA",
            },
            "publisherRole": "CA",
        }
        if self.retracts:
            meta["retractedEventID"] = self.retracts
        payload = {
            k: v for k, v in v2.items() if k not in ("eventID", "eventType", "eventCreatedDateTime")
        }
        if "transportCall" in payload:
            call = payload.pop("transportCall")
            payload["transportCall"] = {
                "transportCallReference": call["transportCallID"],
                "modeOfTransport": call["modeOfTransport"],
                "location": {"locationType": "UNLO", **call["location"]},
                "facilityTypeCode": "POTE",
                **(
                    {"vessel": {"vesselIMONumber": self.vessel[1], "name": self.vessel[0]}}
                    if self.vessel
                    else {}
                ),
            }
        if "documentReferences" in payload:
            payload["relatedDocumentReferences"] = [
                {"type": d["documentReferenceType"], "value": d["documentReferenceValue"]}
                for d in payload.pop("documentReferences")
            ]
        if self.kind == "SHIPMENT":
            payload["documentReference"] = payload.pop("documentID")
        return {"metadata": meta, "payload": payload}


def sailing(world: World, plan: Plan) -> list[Event]:
    """The events of one ocean shipment, up to the world's "now"."""
    now = world.now
    vessel = world.vessel(plan.carrier, plan.pol, plan.etd)
    booked = at(plan.etd - 14 * DAY, 9, 0, plan.pol)
    arrive = plan.arrival
    sid, c = plan.shipment_id, plan.carrier
    base: dict[str, Any] = {"booking": plan.booking_ref, "bl": plan.bl_no}
    box: dict[str, Any] = {"container": plan.container_no, **base}
    voyage = (c, plan.pol, plan.etd)
    events = [
        Event(
            event_id(sid, "CONF"),
            "SHIPMENT",
            "ACT",
            "CONF",
            booked,
            booked,
            plan.pol,
            document="BKG",
            **base,
        ),
        Event(
            event_id(sid, "GTOT", "EMPTY"),
            "EQUIPMENT",
            "ACT",
            "GTOT",
            at(plan.etd - 6 * DAY, 10, 0, plan.pol),
            at(plan.etd - 6 * DAY, 10, 5, plan.pol),
            plan.pol,
            empty=True,
            **box,
        ),
        Event(
            event_id(sid, "GTIN"),
            "EQUIPMENT",
            "ACT",
            "GTIN",
            at(plan.etd - 3 * DAY, 14, 0, plan.pol),
            at(plan.etd - 3 * DAY, 14, 10, plan.pol),
            plan.pol,
            empty=False,
            **box,
        ),
        Event(
            event_id(sid, "LOAD"),
            "EQUIPMENT",
            "ACT",
            "LOAD",
            at(plan.etd - DAY, 22, 0, plan.pol),
            at(plan.etd - DAY, 22, 20, plan.pol),
            plan.pol,
            empty=False,
            vessel=vessel,
            **box,
        ),
        Event(
            event_id(*voyage, "DEPA", "PLN"),
            "TRANSPORT",
            "PLN",
            "DEPA",
            at(plan.etd, 18, 0, plan.pol),
            booked,
            plan.pol,
            vessel=vessel,
            **base,
        ),
        Event(
            event_id(*voyage, "DEPA", "ACT"),
            "TRANSPORT",
            "ACT",
            "DEPA",
            at(plan.etd, 18, 0, plan.pol),
            at(plan.etd, 18, 30, plan.pol),
            plan.pol,
            vessel=vessel,
            **base,
        ),
        Event(
            event_id(*voyage, plan.pod, "ARRI", "PLN"),
            "TRANSPORT",
            "PLN",
            "ARRI",
            at(plan.eta, 8, 0, plan.pod),
            booked,
            plan.pod,
            vessel=vessel,
            **base,
        ),
        Event(
            event_id(sid, "DISC", "PLN"),
            "EQUIPMENT",
            "PLN",
            "DISC",
            at(plan.eta + DAY, 3, 0, plan.pod),
            booked,
            plan.pod,
            empty=False,
            vessel=vessel,
            **box,
        ),
    ]
    if plan.bl_no:
        issued = at(plan.etd + DAY, 11, 0, plan.pol)
        events.append(
            Event(
                event_id(sid, "ISSU"),
                "SHIPMENT",
                "ACT",
                "ISSU",
                issued,
                issued,
                plan.pol,
                document="TRD",
                **base,
            )
        )
    if plan.delay:
        first = at(plan.etd + 4 * DAY, 9, 0, plan.pol)
        wrong = Event(
            event_id(*voyage, plan.pod, "ARRI", "EST", "first"),
            "TRANSPORT",
            "EST",
            "ARRI",
            at(arrive + 5 * DAY, 8, 0, plan.pod),
            first,
            plan.pod,
            vessel=vessel,
            v3_only=True,
            **base,
        )
        estimate = Event(
            event_id(*voyage, plan.pod, "ARRI", "EST", plan.delay),
            "TRANSPORT",
            "EST",
            "ARRI",
            at(arrive, 8, 0, plan.pod),
            first + DAY,
            plan.pod,
            vessel=vessel,
            retracts=wrong.id,
            **base,
        )
        events += [wrong, estimate]
    events += [
        Event(
            event_id(*voyage, plan.pod, "ARRI", "ACT", plan.delay),
            "TRANSPORT",
            "ACT",
            "ARRI",
            at(arrive, 8, 0, plan.pod),
            at(arrive, 8, 15, plan.pod),
            plan.pod,
            vessel=vessel,
            **base,
        ),
        Event(
            event_id(sid, "DISC", "ACT"),
            "EQUIPMENT",
            "ACT",
            "DISC",
            at(arrive + DAY, 3, 0, plan.pod),
            at(arrive + DAY, 3, 30, plan.pod),
            plan.pod,
            empty=False,
            vessel=vessel,
            **box,
        ),
        Event(
            event_id(sid, "GTOT", "LADEN"),
            "EQUIPMENT",
            "ACT",
            "GTOT",
            at(arrive + 3 * DAY, 9, 0, plan.pod),
            at(arrive + 3 * DAY, 9, 5, plan.pod),
            plan.pod,
            empty=False,
            **box,
        ),
        Event(
            event_id(sid, "GTIN", "EMPTY"),
            "EQUIPMENT",
            "ACT",
            "GTIN",
            at(arrive + 8 * DAY, 15, 0, plan.pod),
            at(arrive + 8 * DAY, 15, 5, plan.pod),
            plan.pod,
            empty=True,
            **box,
        ),
    ]
    visible = [e for e in events if e.created <= now and (e.classifier != "ACT" or e.time <= now)]
    for e in visible:
        if e.booking:
            e.refs.add(("BKG", e.booking))
        if e.bl:
            e.refs.add(("TRD", e.bl))
        if e.container and e.kind == "EQUIPMENT":
            e.refs.add(("EQ", e.container))
    return sorted(visible, key=lambda e: (e.created, e.id))


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"|offset|={offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().rpartition("=")[2])
    except (ValueError, UnicodeDecodeError):
        return -1


class DcsaSandbox:
    prefix = PREFIX

    def __init__(self, world: World, faults: Faults) -> None:
        self.world = world
        self.faults = faults
        self.carriers = {c for c, api in world.apis.items() if api in ("dcsa", "dcsa3")}
        self.events: dict[str, list[Event]] = {}
        for plan in world.plans(("dcsa", "dcsa3")):
            self.events.setdefault(plan.carrier, []).extend(sailing(world, plan))

    def error(self, status: int, title: str, message: str = "") -> SandboxResponse:
        """The DCSA error object (statusCode, statusCodeText, errors[])."""
        body = {
            "httpMethod": "GET",
            "requestUri": "/v2/events",
            "statusCode": str(status),
            "statusCodeText": title,
            "errorDateTime": iso(self.world.now),
            "errors": [{"reason": "sandbox", "message": message}] if message else [],
        }
        return SandboxResponse.json(body, status, {"API-Version": API_VERSION[2]})

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        parts = [p for p in request.path.split("/") if p]
        if len(parts) != 3 or parts[2] != "events" or parts[1] not in ("v2", "v3"):
            return self.error(404, "Not Found", f"no resource {request.path}")
        carrier, version = parts[0].upper(), int(parts[1][1])
        if carrier not in self.carriers:
            return self.error(404, "Not Found", f"no DCSA carrier {carrier} in this sandbox")
        wanted = request.headers.get("api-version")
        if wanted and wanted.split(".")[0] != str(version):
            return self.error(
                400, "Bad Request", f"API-Version {wanted} does not match /v{version}"
            )
        events = [e for e in self.events.get(carrier, []) if self._matches(e, request, version)]
        try:
            limit = max(1, int(request.arg("limit") or 100))
        except ValueError:
            return self.error(400, "Bad Request", "limit is not a number")
        if self.faults.page_size:
            limit = min(limit, self.faults.page_size)
        start = _offset(request.arg("cursor"))
        if start < 0:
            return self.error(400, "Bad Request", "cursor is not one this server gave out")
        page = (
            events[start : start + limit]
            if not self.faults.endless_pages
            else events[start % max(1, len(events)) :][:limit]
        )
        headers = {"API-Version": API_VERSION[version], "Current-Page": _cursor(start)}
        if start + limit < len(events) or self.faults.endless_pages:
            query = {k: v[0] for k, v in request.query.items() if k != "cursor"}
            query["cursor"] = _cursor(start + limit)
            host = request.headers.get("host", "127.0.0.1")
            headers["Next-Page"] = f"http://{host}{PREFIX}{request.path}?{urlencode(query)}"
        body = [e.v3(carrier) if version == 3 else e.v2() for e in page]
        return SandboxResponse.json(body, 200, headers)

    def _matches(self, e: Event, request: SandboxRequest, version: int) -> bool:
        if e.v3_only and version == 2:
            return False
        types = request.arg("eventTypes" if version == 3 else "eventType")
        if types and e.kind not in {t.strip().upper() for t in types.split(",")}:
            return False
        if version == 3:
            doc, kinds = request.arg("documentReference"), request.arg("documentTypeCodes")
            if doc and not any(
                (k.strip().upper(), doc) in e.refs for k in (kinds or "BKG,TRD").split(",")
            ):
                return False
        else:
            for name, kind in (
                ("carrierBookingReference", "BKG"),
                ("transportDocumentReference", "TRD"),
            ):
                value = request.arg(name)
                if value and (kind, value) not in e.refs:
                    return False
        equipment = request.arg("equipmentReference")
        return not (equipment and ("EQ", equipment.upper()) not in e.refs)


def make_api(register_path: Path, faults: Faults) -> DcsaSandbox:
    return DcsaSandbox(World(register_path), faults)
