"""DHL Shipment Tracking – Unified: `GET /track/shipments?trackingNumber=…` with `DHL-API-Key`.

Express shipments are asked with `service=express` (without a service a number can match another
DHL business's parcel). Status is read from `statusCode` (pre-transit, transit, delivered, failure,
unknown), never from the free-text `status`. DHL scans carry no id: each gets a stable one from the
tracking number, time, code, place and wording, so a re-sync adds nothing. Errors come as
problem+JSON; 404 means DHL does not know the number, which is about that shipment alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from typing import Any

from orderdesk.adapters.carriers.base import (
    CarrierConfig,
    Fetched,
    ShipmentQuery,
    Sleep,
    TrackingError,
    carrier_http,
    from_http,
)
from orderdesk.adapters.carriers.dcsa import MalformedEvent, parse_time
from orderdesk.adapters.http import HttpError, json_at
from orderdesk.domain.tracking.events import PARCEL_STATUS, CarrierEvent, Classifier, EventKind

KEY_HEADER = "DHL-API-Key"
# Shipments.Mode → DHL `service`; other modes are asked without one.
SERVICE = {"express": "express"}


class DhlClient:
    def __init__(
        self,
        carrier: CarrierConfig,
        key: str | None,
        *,
        sleep: Sleep = time.sleep,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retries: int = 3,
        pool_size: int = 10,
    ) -> None:
        self.carrier = carrier
        if not key:
            raise TrackingError(
                f"{carrier.code}: DHL needs an API key; name its environment variable in "
                f"Settings {carrier.where or 'Carriers'} (Key Variable)",
                carrier_wide=True,
            )
        self.http = carrier_http(
            carrier,
            {KEY_HEADER: key},
            frozenset({KEY_HEADER}),
            sleep=sleep,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries=retries,
            pool_size=pool_size,
        )

    def query(self, shipment: ShipmentQuery) -> dict[str, str]:
        number = (shipment.tracking_no or "").strip()
        if not number:
            raise TrackingError(f"{shipment.shipment_id}: no Tracking No to ask DHL about")
        params = {"trackingNumber": number, "language": "en"}
        service = SERVICE.get((shipment.mode or "").strip().lower())
        if service:
            params["service"] = service
        return params

    def fetch(self, shipment: ShipmentQuery) -> Fetched:
        params = self.query(shipment)
        try:
            body, _ = self.http.get_json("track/shipments", params=params)
        except HttpError as exc:
            error = from_http(exc, self.carrier.code)
            if exc.status == 404:
                error = TrackingError(
                    f"{self.carrier.code}: tracking no {params['trackingNumber']}: "
                    f"{_problem(exc.body) or 'no shipment found'}"
                )
            raise error from exc
        try:
            parcel = _pick(body, params["trackingNumber"])
            events = read_shipment(parcel, params["trackingNumber"])
        except MalformedEvent as exc:
            raise TrackingError(
                f"{self.carrier.code}: unreadable answer for tracking no "
                f"{params['trackingNumber']}: {exc}",
                carrier_wide=True,
            ) from exc
        place = _place(json_at(parcel, "destination"))
        return Fetched(events, destination=place, calls=1)


def _problem(body: Any) -> str:
    if isinstance(body, Mapping):
        return ": ".join(str(body[k]) for k in ("title", "detail") if body.get(k))
    return ""


def _place(node: Any) -> str:
    address = json_at(node, "address")
    if not isinstance(address, Mapping):
        return ""
    locality = str(address.get("addressLocality") or "").strip()
    return locality.title() if locality.isupper() else locality


def _pick(body: Any, number: str) -> Mapping[str, Any]:
    shipments = json_at(body, "shipments")
    if not isinstance(shipments, list) or not shipments:
        raise MalformedEvent("no shipments in the answer")
    for s in shipments:
        if isinstance(s, Mapping) and str(s.get("id", "")).strip() == number:
            return s
    first = shipments[0]
    if not isinstance(first, Mapping):
        raise MalformedEvent("a shipment is not an object")
    return first


def _event_id(number: str, *parts: str) -> str:
    digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
    return f"DHL-{number}-{digest}"


def _scan(number: str, node: Mapping[str, Any]) -> CarrierEvent:
    code = str(node.get("statusCode") or "").strip().lower()
    if code not in PARCEL_STATUS:
        raise MalformedEvent(f"statusCode {node.get('statusCode')!r} is not one of DHL's")
    when = parse_time(node.get("timestamp"), "timestamp")
    where = _place(node.get("location"))
    country = str(json_at(node, "location", "address", "countryCode") or "").strip().upper()
    location = f"{where}, {country}" if where and country else where
    wording = str(node.get("description") or node.get("status") or "").strip()
    return CarrierEvent(
        event_id=_event_id(number, when.isoformat(), code, location, wording),
        source="DHL",
        kind=EventKind.PARCEL,
        classifier=Classifier.ACT,
        code=code,
        time=when,
        location=location,
        description=wording,
    )


def read_shipment(parcel: Mapping[str, Any], number: str) -> list[CarrierEvent]:
    """A DHL shipment's scans, its current status (the same shape), and its expected delivery."""
    nodes = parcel.get("events") or []
    if not isinstance(nodes, list):
        raise MalformedEvent("events is not a list")
    events = [_scan(number, n) for n in nodes if isinstance(n, Mapping)]
    status = parcel.get("status")
    if isinstance(status, Mapping) and status.get("timestamp"):
        events.append(_scan(number, status))
    eta = parcel.get("estimatedTimeOfDelivery")
    if eta:
        when = parse_time(eta, "estimatedTimeOfDelivery")
        events.append(
            CarrierEvent(
                event_id=_event_id(number, "eta", when.isoformat()),
                source="DHL",
                kind=EventKind.PARCEL,
                classifier=Classifier.EST,
                code="delivered",
                time=when,
                created=dt.datetime.now(dt.UTC),
                description="Estimated delivery",
            )
        )
    return events
