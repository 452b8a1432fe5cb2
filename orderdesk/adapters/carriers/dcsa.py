"""DCSA Track & Trace: the v2.2 client (`GET /v2/events`), and v3 events read through an adapter.

One shipment is asked for by its strongest reference: the booking (every event of it), else the
transport document (B/L), else the container. Answers come in pages: the `Next-Page` header is
followed (a link, or a bare cursor passed back as `cursor`) until there is none; a carrier that
offers pages forever is stopped at `max_pages`. A booking can hold several containers; equipment
events of another container than the row's are left out.

Carriers authenticate differently (a consumer key, a bearer token …). The key variable's value is
sent as `Authorization: Bearer <value>`, or, written as `Header-Name: value`, in that header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from orderdesk.adapters.carriers.base import (
    DCSA3,
    CarrierConfig,
    Fetched,
    ShipmentQuery,
    Sleep,
    TrackingError,
    carrier_http,
    from_http,
)
from orderdesk.adapters.http import HttpError, PageRequest, cursor_pages, json_at
from orderdesk.domain.tracking.events import (
    CODE_TEXT,
    RETRACTION,
    CarrierEvent,
    Classifier,
    EventKind,
)
from orderdesk.errors import OrderDeskError

EVENT_TYPES = "SHIPMENT,TRANSPORT,EQUIPMENT"
PAGE_LIMIT = 100
MAX_PAGES = 50


class MalformedEvent(OrderDeskError, ValueError):
    """An event in a carrier's answer that cannot be read; the message names the field."""


def auth_headers(key: str | None) -> dict[str, str]:
    if not key:
        return {}
    name, sep, value = key.partition(":")
    if sep and name.strip() and " " not in name.strip() and value.strip():
        return {name.strip(): value.strip()}
    return {"Authorization": f"Bearer {key}"}


class DcsaClient:
    """Track & Trace for one DCSA carrier (v2.2, or v3 when its Settings row says dcsa3)."""

    def __init__(
        self,
        carrier: CarrierConfig,
        key: str | None,
        *,
        sleep: Sleep = time.sleep,
        max_pages: int = MAX_PAGES,
        page_limit: int = PAGE_LIMIT,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retries: int = 3,
        pool_size: int = 10,
    ) -> None:
        self.carrier = carrier
        self.version = 3 if carrier.api == DCSA3 else 2
        self.max_pages = max_pages
        self.page_limit = page_limit
        self.http = carrier_http(
            carrier,
            {"API-Version": str(self.version), **auth_headers(key)},
            frozenset(auth_headers(key)),
            sleep=sleep,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries=retries,
            pool_size=pool_size,
        )

    @property
    def events_path(self) -> str:
        """`/v2/events`, or `/events` where the Settings base URL already ends in /v2 (or /v3)."""
        version = f"v{self.version}"
        base = urlsplit(self.carrier.base_url).path.rstrip("/")
        return "events" if base.endswith(f"/{version}") else f"{version}/events"

    def query(self, shipment: ShipmentQuery) -> dict[str, str]:
        if self.version == 3:
            params = {"eventTypes": EVENT_TYPES, "limit": str(self.page_limit)}
            if shipment.booking_ref:
                return {
                    **params,
                    "documentTypeCodes": "BKG",
                    "documentReference": shipment.booking_ref,
                }
            if shipment.bl_no:
                return {**params, "documentTypeCodes": "TRD", "documentReference": shipment.bl_no}
            if shipment.container_no:
                return {**params, "equipmentReference": shipment.container_no}
        else:
            params = {"eventType": EVENT_TYPES, "limit": str(self.page_limit)}
            if shipment.booking_ref:
                return {**params, "carrierBookingReference": shipment.booking_ref}
            if shipment.bl_no:
                return {**params, "transportDocumentReference": shipment.bl_no}
            if shipment.container_no:
                return {**params, "equipmentReference": shipment.container_no}
        raise TrackingError(
            f"{shipment.shipment_id}: no booking ref, B/L no or container no to ask "
            f"{self.carrier.code} about"
        )

    def fetch(self, shipment: ShipmentQuery) -> Fetched:
        code, ref = self.carrier.code, shipment.reference

        def get(target: str, params: Mapping[str, str] | None) -> tuple[Any, Any]:
            try:
                return self.http.get_json(target, params=params)
            except HttpError as exc:
                raise from_http(exc, code) from exc

        target = self.events_path  # a Next-Page link moves it; a bare cursor goes back to it

        def follow(nxt: str) -> PageRequest:
            nonlocal target
            if nxt.startswith(("http://", "https://", "/")):
                target = self._follow(nxt)
                return target, None
            return target, {**self.query(shipment), "cursor": nxt}

        pages = cursor_pages(
            get,
            (self.events_path, self.query(shipment)),
            next_cursor=lambda _, resp: (resp.headers.get("Next-Page") or "").strip() or None,
            follow=follow,
            max_pages=self.max_pages,
            too_many=lambda: TrackingError(
                f"{code}: still offering more pages after {self.max_pages} pages for {ref}; "
                "stopped there",
                carrier_wide=True,
            ),
            loops=lambda _, __: TrackingError(
                f"{code}: Next-Page points back to a page already read for {ref}; stopped there",
                carrier_wide=True,
            ),
        )
        items: list[Any] = []
        calls = 0
        for page, body in pages:
            calls = page
            if not isinstance(body, list):
                raise TrackingError(
                    f"{code}: the events answer is not a list of events "
                    f"({type(body).__name__}) for {ref}",
                    carrier_wide=True,
                )
            items.extend(body)
        try:
            events = [read_event(item, source=self.source) for item in items]
        except MalformedEvent as exc:
            raise TrackingError(
                f"{self.carrier.code}: unreadable event for {shipment.reference}: {exc}",
                carrier_wide=True,
            ) from exc
        mine = [e for e in events if _concerns(e, shipment)]
        return Fetched(mine, calls=calls)

    @property
    def source(self) -> str:
        return "DCSA 3" if self.version == 3 else "DCSA 2.2"

    def _follow(self, link: str) -> str:
        """A Next-Page link: absolute as given; a path is taken relative to the base URL's host."""
        if link.startswith("/"):
            base = urlsplit(self.carrier.base_url)
            return f"{base.scheme}://{base.netloc}{link}"
        return link


def _concerns(event: CarrierEvent, shipment: ShipmentQuery) -> bool:
    """Equipment events of another container of the same booking are not this row's."""
    if event.kind is not EventKind.EQUIPMENT or not event.equipment or not shipment.container_no:
        return True
    return (
        event.equipment.replace(" ", "").upper() == shipment.container_no.replace(" ", "").upper()
    )


# --- reading events ------------------------------------------------------------------------


def parse_time(value: Any, field: str) -> dt.datetime:
    """An ISO 8601 date-time; without an offset it is taken as UTC (DCSA requires one)."""
    if not isinstance(value, str) or not value.strip():
        raise MalformedEvent(f"{field} is missing")
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise MalformedEvent(f"{field} {value!r} is not a date-time") from exc
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _doc_type(value: Any) -> str:
    """'BKG' from 'BKG' or from 'BKG (Booking)' (as one rendering of the v2.2 spec spells it)."""
    return _text(value).split(" ")[0].upper()


def _fallback_id(item: Mapping[str, Any]) -> str:
    """A stable id for an event that came without one (so a re-sync still adds it only once)."""
    digest = hashlib.sha1(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()
    return f"noid-{digest[:16]}"


def read_event(item: Any, *, source: str = "DCSA 2.2") -> CarrierEvent:
    """One event of a `/v2/events` answer; a v3 event (metadata + payload) goes through
    `read_v3_event`, so a carrier mixing both shapes is read either way."""
    if not isinstance(item, Mapping):
        raise MalformedEvent(f"an event is {type(item).__name__}, not an object")
    if "metadata" in item and ("payload" in item or json_at(item, "metadata", "retractedEventID")):
        return read_v3_event(item)
    return _from_fields(item, item, source=source)


def read_v3_event(item: Mapping[str, Any]) -> CarrierEvent:
    """The v3 adapter: metadata (id, creation time, type, retraction) + payload (what happened),
    mapped onto the same fields a v2.2 event has."""
    meta = item.get("metadata")
    if not isinstance(meta, Mapping):
        raise MalformedEvent("metadata is missing")
    payload = item.get("payload")
    retracts = _text(meta.get("retractedEventID")) or None
    event_id = _text(meta.get("eventID")) or _fallback_id(item)
    created = parse_time(meta.get("eventCreatedDateTime"), "metadata.eventCreatedDateTime")
    if not isinstance(payload, Mapping):
        if retracts is None:
            raise MalformedEvent(f"event {event_id} has no payload")
        return CarrierEvent(
            event_id=event_id,
            source="DCSA 3",
            kind=_kind(meta.get("eventType"), event_id),
            classifier=Classifier.ACT,
            code=RETRACTION,
            time=created,
            created=created,
            retracts=retracts,
        )
    merged = {**payload, "eventID": event_id, "eventType": meta.get("eventType")}
    merged["eventCreatedDateTime"] = meta.get("eventCreatedDateTime")
    event = _from_fields(merged, payload, source="DCSA 3")
    return event.model_copy(update={"retracts": retracts}) if retracts else event


def _kind(value: Any, event_id: str) -> EventKind:
    try:
        return EventKind(_text(value).upper())
    except ValueError as exc:
        raise MalformedEvent(f"event {event_id}: eventType {value!r} is not one of DCSA's") from exc


def _from_fields(
    item: Mapping[str, Any], payload: Mapping[str, Any], *, source: str
) -> CarrierEvent:
    event_id = _text(item.get("eventID")) or _fallback_id(item)
    kind = _kind(item.get("eventType"), event_id)
    if kind is EventKind.PARCEL:
        raise MalformedEvent(f"event {event_id}: eventType {item.get('eventType')!r}")
    try:
        classifier = Classifier(_text(item.get("eventClassifierCode")).upper())
    except ValueError as exc:
        raise MalformedEvent(
            f"event {event_id}: eventClassifierCode {item.get('eventClassifierCode')!r} is not "
            "PLN, EST or ACT"
        ) from exc
    code_field = {
        EventKind.EQUIPMENT: "equipmentEventTypeCode",
        EventKind.TRANSPORT: "transportEventTypeCode",
        EventKind.SHIPMENT: "shipmentEventTypeCode",
    }[kind]
    code = _text(item.get(code_field) or item.get("eventTypeCode")).upper()
    if not code:
        raise MalformedEvent(f"event {event_id}: {code_field} is missing")
    when = parse_time(item.get("eventDateTime"), f"event {event_id}: eventDateTime")
    created_raw = item.get("eventCreatedDateTime")
    created = parse_time(created_raw, "eventCreatedDateTime") if created_raw else None

    call = payload.get("transportCall") if isinstance(payload.get("transportCall"), Mapping) else {}
    location = _text(
        json_at(call, "UNLocationCode")
        or json_at(call, "location", "UNLocationCode")
        or json_at(payload, "eventLocation", "UNLocationCode")
    ).upper()
    place = _text(
        json_at(call, "location", "locationName")
        or json_at(payload, "eventLocation", "locationName")
    )
    empty_code = _text(payload.get("emptyIndicatorCode")).upper()
    document = ""
    if kind is EventKind.SHIPMENT:
        document = _doc_type(payload.get("documentTypeCode"))
    vessel = _text(json_at(call, "vessel", "vesselName") or json_at(call, "vessel", "name"))
    remark = _text(payload.get("changeRemark") or payload.get("vesselScheduleChangeRemark"))
    description = ""
    if kind is EventKind.TRANSPORT and (vessel or remark):
        description = CODE_TEXT.get(code, code)
        if vessel:
            description += f", {vessel}"
        if remark:
            description += f" ({remark})"
    return CarrierEvent(
        event_id=event_id,
        source=source,
        kind=kind,
        classifier=classifier,
        code=code,
        time=when,
        created=created,
        location=location,
        location_name=place,
        description=description,
        empty={"EMPTY": True, "LADEN": False}.get(empty_code),
        document=document,
        equipment=_text(payload.get("equipmentReference")).upper(),
    )
