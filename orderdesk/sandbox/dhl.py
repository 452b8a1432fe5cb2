"""Sandbox DHL Shipment Tracking – Unified: `/dhl/track/shipments?trackingNumber=…`.

Every shipment of the register whose carrier is marked dhl gets a parcel route: shipment
information received, picked up, processed at the hub, arrived at the delivery facility, with
courier, delivered (up to "now"). One scan says "DELIVERED" in its free text while its statusCode
is still transit, as DHL's own answers sometimes do: only statusCode counts. A missing
`DHL-API-Key` is refused with 401 and an unknown number answered with 404, both problem+JSON.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from orderdesk.sandbox._world import Plan, World, at, iso
from orderdesk.sandbox.base import Faults, SandboxRequest, SandboxResponse

PREFIX = "/dhl"
DAY = dt.timedelta(days=1)
ORIGIN = ("NINGBO", "CN")
HUB = ("LEIPZIG", "DE")


def carrier_url(root: str, carrier: str) -> str:
    return f"{root}{PREFIX}"


def _place(city: str, country: str) -> dict[str, Any]:
    return {"address": {"addressLocality": city, "countryCode": country}}


def _scan(
    when: dt.datetime, code: str, status: str, description: str, city: str, country: str
) -> dict[str, Any]:
    return {
        "timestamp": iso(when),
        "location": _place(city, country),
        "statusCode": code,
        "status": status,
        "description": description,
    }


def route(world: World, plan: Plan) -> dict[str, Any]:
    """The DHL answer's shipment object for one parcel, as of the world's "now"."""
    ship, arrive = plan.etd, plan.arrival
    dest = (plan.destination.upper(), plan.country)
    zone_from, zone_to = "CNNGB", f"{plan.country}XXX"
    scans = [
        _scan(
            at(ship - DAY, 18, 0, zone_from),
            "pre-transit",
            "SHIPMENT INFORMATION RECEIVED",
            "Shipment information received",
            *ORIGIN,
        ),
        _scan(at(ship, 15, 0, zone_from), "transit", "PICKED UP", "Shipment picked up", *ORIGIN),
        _scan(
            at(ship + DAY, 3, 0, "DEXXX"),
            "transit",
            "DELIVERED",
            "Delivered to the DHL hub for onward transport",
            *HUB,
        ),
        _scan(
            at(arrive - DAY, 7, 0, zone_to),
            "transit",
            "ARRIVED AT DELIVERY FACILITY",
            "Arrived at delivery facility",
            *dest,
        ),
        _scan(
            at(arrive, 8, 0, zone_to),
            "transit",
            "WITH DELIVERY COURIER",
            "Shipment is out with courier for delivery",
            *dest,
        ),
        _scan(at(arrive, 14, 30, zone_to), "delivered", "DELIVERED", "Delivered", *dest),
    ]
    seen = [s for s in scans if dt.datetime.fromisoformat(s["timestamp"]) <= world.now]
    seen.reverse()  # DHL lists the newest scan first
    delivered = bool(seen) and seen[0]["statusCode"] == "delivered"
    body: dict[str, Any] = {
        "id": plan.tracking_no,
        "service": "express",
        "origin": _place(*ORIGIN),
        "destination": _place(*dest),
        "status": seen[0] if seen else {"statusCode": "unknown", "status": "UNKNOWN"},
        "details": {"totalNumberOfPieces": 1, "pieceIds": [f"JD0{plan.tracking_no}"]},
        "events": seen,
    }
    if not delivered:
        body["estimatedTimeOfDelivery"] = iso(at(arrive, 18, 0, zone_to))
    return body


class DhlSandbox:
    prefix = PREFIX

    def __init__(self, world: World, faults: Faults) -> None:
        self.world = world
        self.faults = faults
        self.parcels = {p.tracking_no: p for p in world.plans(("dhl",)) if p.tracking_no}

    def error(self, status: int, title: str, detail: str = "") -> SandboxResponse:
        return SandboxResponse.problem(status, title, detail)

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        if request.path.rstrip("/") != "/track/shipments":
            return self.error(404, "Not Found", f"no resource {request.path}")
        if not request.headers.get("dhl-api-key"):
            return self.error(401, "Unauthorized", "The DHL-API-Key header is missing or invalid.")
        number = (request.arg("trackingNumber") or "").strip()
        if not number:
            return self.error(400, "Bad Request", "trackingNumber is required.")
        plan = self.parcels.get(number)
        service = request.arg("service")
        if plan is None or (service and service != "express"):
            return self.error(
                404, "No result found", "No shipment with given tracking number found."
            )
        return SandboxResponse.json({"shipments": [route(self.world, plan)]})


def make_api(register_path: Path, faults: Faults) -> DhlSandbox:
    return DhlSandbox(World(register_path), faults)
