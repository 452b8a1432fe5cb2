"""Sync tracking against hand-written DCSA v2.2, DCSA v3 and DHL Unified answers, served over
loopback: the right milestones, status and dates land in the register, late orders get a
customer-ready update in the customer's language, and a second sync adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.tracking import SyncOptions, sync_tracking
from orderdesk.adapters.file_register import FileRegister
from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import (
    Carriers,
    Customers,
    Orders,
    Setting,
    Settings,
    ShipmentEvents,
    Shipments,
)
from tests.tracking.scripted import ScriptedDcsa, ScriptedDhl

BOOKING = "ACME2600042"
BOX = "MSKU1234565"


def ev(
    kind: str, code: str, cls: str, when: str, created: str, loc: str = "", **extra: Any
) -> dict[str, Any]:
    """A DCSA v2.2 event as the spec's schemas require it."""
    data: dict[str, Any] = {
        "eventID": f"{kind[:2]}-{code}-{cls}-{when}",
        "eventType": kind,
        "eventClassifierCode": cls,
        "eventDateTime": when,
        "eventCreatedDateTime": created,
    }
    if kind == "SHIPMENT":
        data.update(shipmentEventTypeCode=code, documentTypeCode="BKG", documentID=BOOKING)
        return data
    data["transportCall"] = {
        "transportCallID": f"call-{loc}",
        "modeOfTransport": "VESSEL",
        "location": {
            "UNLocationCode": loc,
            "locationName": {"CNNGB": "Ningbo", "DEHAM": "Hamburg"}[loc],
        },
    }
    data["documentReferences"] = [
        {"documentReferenceType": "BKG", "documentReferenceValue": BOOKING}
    ]
    if kind == "TRANSPORT":
        data["transportEventTypeCode"] = code
    else:
        data.update(equipmentEventTypeCode=code, equipmentReference=extra.get("box", BOX),
                    emptyIndicatorCode=extra.get("empty", "LADEN"))  # fmt: skip
    return data


BOOKED = "2026-09-20T09:00:00+08:00"
EVENTS = [
    ev("SHIPMENT", "CONF", "ACT", BOOKED, BOOKED),
    ev("EQUIPMENT", "GTOT", "ACT", "2026-10-05T10:00:00+08:00", "2026-10-05T10:05:00+08:00", "CNNGB", empty="EMPTY"),
    ev("EQUIPMENT", "GTIN", "ACT", "2026-10-08T14:00:00+08:00", "2026-10-08T14:10:00+08:00", "CNNGB"),
    ev("EQUIPMENT", "LOAD", "ACT", "2026-10-09T22:00:00+08:00", "2026-10-09T22:20:00+08:00", "CNNGB"),
    # the same booking's other container: not this row's
    ev("EQUIPMENT", "LOAD", "ACT", "2026-10-09T23:00:00+08:00", "2026-10-09T23:20:00+08:00", "CNNGB", box="MSKU7654321"),
    ev("TRANSPORT", "DEPA", "PLN", "2026-10-09T18:00:00+08:00", BOOKED, "CNNGB"),
    ev("TRANSPORT", "DEPA", "ACT", "2026-10-10T06:00:00+08:00", "2026-10-10T06:30:00+08:00", "CNNGB"),
    ev("TRANSPORT", "ARRI", "PLN", "2026-11-05T08:00:00+01:00", BOOKED, "DEHAM"),
    ev("TRANSPORT", "ARRI", "EST", "2026-11-19T08:00:00+01:00", "2026-10-25T12:00:00+08:00", "DEHAM"),
    # an older estimate, listed later: the newest estimate wins, not the last in the list
    ev("TRANSPORT", "ARRI", "EST", "2026-11-16T08:00:00+01:00", "2026-10-20T12:00:00+08:00", "DEHAM"),
]  # fmt: skip
# by event time: the planned departure (9 Oct 18:00) comes before the loading (22:00)
MILESTONES = [
    "booked",
    "empty picked up",
    "gated in",
    "departed",
    "loaded",
    "departed",
    "arrived",
    "arrived",
    "arrived",
]


def parcel(*scans: dict[str, Any], eta: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "1234567890",
        "service": "express",
        "destination": {"address": {"addressLocality": "LONDON", "countryCode": "GB"}},
        "status": scans[0],
        "events": list(scans),
    }
    if eta:
        body["estimatedTimeOfDelivery"] = eta
    return body


def scan(when: str, code: str, status: str, city: str) -> dict[str, Any]:
    return {"timestamp": when, "statusCode": code, "status": status, "description": status.capitalize(),
            "location": {"address": {"addressLocality": city, "countryCode": "GB"}}}  # fmt: skip


CARRIERS = [
    {Carriers.carrier: "ACME", Carriers.api: "dcsa", Carriers.base_url: "https://tnt.acme.example", Carriers.key_variable: "ACME_KEY", Carriers.calls_per_second: 1000},
    {Carriers.carrier: "ACM3", Carriers.api: "dcsa3", Carriers.base_url: "https://tnt.acme.example/v3", Carriers.key_variable: "ACME_KEY", Carriers.calls_per_second: 1000},
    {Carriers.carrier: "DHL", Carriers.api: "dhl", Carriers.base_url: "https://api-eu.dhl.com", Carriers.key_variable: "DHL_KEY", Carriers.calls_per_second: 1000},
]  # fmt: skip


@pytest.fixture
def register(make_register: Callable[..., Path]) -> Path:
    return make_register(
        {
            Carriers: CARRIERS,
            Customers: [
                {Customers.customer_id: "CU-1", Customers.name: "Müller Haustechnik GmbH", Customers.country: "DE", Customers.language: "de"},
                {Customers.customer_id: "CU-2", Customers.name: "Thames Tools Ltd", Customers.country: "GB", Customers.language: "en"},
            ],
            Orders: [
                {Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.customer_po: "PO-4711", Orders.stage: "shipped",
                 Orders.port_of_loading: "CNNGB", Orders.port_of_discharge: "DEHAM", Orders.requested_delivery: dt.date(2026, 11, 12)},
                {Orders.order_id: "SO-2", Orders.customer: "CU-2", Orders.customer_po: "TT-19", Orders.stage: "shipped",
                 Orders.requested_delivery: dt.date(2026, 11, 12), Orders.tracking_alert: "an old alert"},
            ],
            Shipments: [
                {Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.mode: "ocean", Shipments.carrier: "ACME",
                 Shipments.booking_ref: BOOKING, Shipments.container_no: BOX},
                {Shipments.shipment_id: "SH-2", Shipments.order_id: "SO-2", Shipments.mode: "express", Shipments.carrier: "DHL",
                 Shipments.tracking_no: "1234567890"},
            ],
        }
    )  # fmt: skip


def sync(path: Path, box: Sandbox, sleeps: list[float] | None = None, **options: Any) -> Any:
    urls = {"ACME": f"{box.url}/acme", "ACM3": f"{box.url}/acme3/v3", "DHL": f"{box.url}/dhl"}
    opts = SyncOptions(
        base_urls=urls,
        env={"ACME_KEY": "acme-key", "DHL_KEY": "dhl-key"},
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        **options,
    )
    return sync_tracking(RunContext.of(FileRegister(path)), options=opts)


def read(path: Path, table: Any) -> Any:
    return FileRegister(path).read(table).frame


def test_dcsa_events_land_with_their_milestones_and_a_second_sync_adds_nothing(
    register: Path,
) -> None:
    acme = ScriptedDcsa("/acme", {BOOKING: EVENTS}, page_size=4)
    dhl = ScriptedDhl(
        "/dhl",
        {"1234567890": parcel(scan("2026-11-09T10:00:00", "transit", "PROCESSED", "LONDON"))},
    )
    with Sandbox(register, apis=[], extra=[acme, dhl]) as box:
        first = sync(register, box)
        # ten events in pages of four: three pages, the second and third asked by cursor
        assert [r.arg("cursor") for r in acme.seen] == [None, "4", "8"]
        assert all(r.arg("carrierBookingReference") == BOOKING for r in acme.seen)
        assert all(r.headers["api-version"] == "2" for r in acme.seen)
        events = read(register, ShipmentEvents)
        mine = events[events[ShipmentEvents.shipment_id] == "SH-1"].sort_values(
            ShipmentEvents.event_time
        )
        assert list(mine[ShipmentEvents.milestone]) == MILESTONES
        assert "MSKU7654321" not in " ".join(map(str, mine[ShipmentEvents.event_id]))
        assert set(mine[ShipmentEvents.order_id]) == {"SO-1"}
        # local wall-clock time at the place, as the carrier reported it
        assert mine[ShipmentEvents.event_time].iloc[-1] == dt.datetime(2026, 11, 19, 8, 0)

        ship = read(register, Shipments).set_index(Shipments.shipment_id)
        assert ship.at["SH-1", Shipments.status] == "departed"
        assert ship.at["SH-1", Shipments.last_event] == "Departed CNNGB, 2026-10-10 06:00"
        assert ship.at["SH-1", Shipments.etd].date() == dt.date(
            2026, 10, 9
        )  # the plan: no estimate
        assert ship.at["SH-1", Shipments.atd].date() == dt.date(2026, 10, 10)
        assert ship.at["SH-1", Shipments.eta].date() == dt.date(2026, 11, 19)  # newest estimate
        assert ship.at["SH-1", Shipments.delay_days] == 7  # 19 Nov against 12 Nov
        assert first.findings == 1  # SO-1 is late

        n_rows = len(events)
        again = sync(register, box)
        assert again.data["new_events"] == 0
        assert len(read(register, ShipmentEvents)) == n_rows
        assert read(register, Shipments).set_index(Shipments.shipment_id).at[
            "SH-1", Shipments.eta
        ].date() == dt.date(2026, 11, 19)


def test_a_late_order_gets_an_update_in_the_customers_language(register: Path) -> None:
    acme = ScriptedDcsa("/acme", {BOOKING: EVENTS})
    dhl = ScriptedDhl(
        "/dhl",
        {
            "1234567890": parcel(
                scan("2026-11-09T10:00:00", "transit", "PROCESSED", "LONDON"),
                eta="2026-11-13T18:00:00Z",
            )
        },
    )
    with Sandbox(register, apis=[], extra=[acme, dhl]) as box:
        outcome = sync(register, box)
    alerts = read(register, Orders).set_index(Orders.order_id)[Orders.tracking_alert]
    text = alerts["SO-1"]
    # 7 days late, tolerance 2 (default): flagged, in German, with German dates
    assert "PO-4711" in text and "Hamburg" in text
    assert "am 19. November 2026" in text and "7 Tage" in text and "12. November 2026" in text
    # SO-2: one day late is within the tolerance: its old alert is cleared
    assert alerts.isna()["SO-2"]
    assert any(line.startswith("SO-1: 7 days late") for line in outcome.details)


def test_tolerance_comes_from_settings(register: Path) -> None:
    import openpyxl

    path = register.with_name("tolerant.xlsx")
    wb = openpyxl.load_workbook(register)
    cells = [
        r[1]
        for r in wb[Settings.sheet].iter_rows(min_row=2)
        if r[0].value == Setting.ETA_TOLERANCE_DAYS.key
    ]
    assert len(cells) == 1
    cells[0].value = 10  # 7 days late is within a 10-day tolerance
    wb.save(path)
    with Sandbox(
        path, apis=[], extra=[ScriptedDcsa("/acme", {BOOKING: EVENTS}), ScriptedDhl("/dhl", {})]
    ) as box:
        sync(path, box)
    assert read(path, Orders).set_index(Orders.order_id)[Orders.tracking_alert].isna()["SO-1"]
    assert (
        read(path, Shipments).set_index(Shipments.shipment_id).at["SH-1", Shipments.delay_days] == 7
    )


def v3(event: dict[str, Any], retracts: str | None = None) -> dict[str, Any]:
    """The same event in the v3 shape: metadata + payload."""
    meta = {k: event[k] for k in ("eventID", "eventCreatedDateTime", "eventType")}
    if retracts:
        meta["retractedEventID"] = retracts
    payload = {k: v for k, v in event.items() if k not in meta}
    if "documentReferences" in payload:
        payload["relatedDocumentReferences"] = [
            {"type": d["documentReferenceType"], "value": d["documentReferenceValue"]}
            for d in payload.pop("documentReferences")
        ]
    return {"metadata": meta, "payload": payload}


def test_dcsa_v3_events_are_read_through_the_adapter_and_retractions_honoured(
    register: Path, make_register: Callable[..., Path]
) -> None:
    wrong = ev(
        "TRANSPORT",
        "ARRI",
        "EST",
        "2026-11-30T08:00:00+01:00",
        "2026-10-26T12:00:00+08:00",
        "DEHAM",
    )
    fixed = ev(
        "TRANSPORT",
        "ARRI",
        "EST",
        "2026-11-19T08:00:00+01:00",
        "2026-10-27T12:00:00+08:00",
        "DEHAM",
    )
    bad_load = EVENTS[3]
    stream = [v3(e) for e in EVENTS[:8]] + [v3(wrong), v3(fixed, retracts=wrong["eventID"])]
    stream.append({"metadata": {"eventID": "withdraw-1", "eventCreatedDateTime": "2026-10-28T00:00:00Z",
                                "eventType": "EQUIPMENT", "retractedEventID": bad_load["eventID"]}})  # fmt: skip
    path = make_register(
        {
            Carriers: CARRIERS,
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.port_of_discharge: "DEHAM", Orders.requested_delivery: dt.date(2026, 11, 12)}],
            Shipments: [{Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.mode: "ocean", Shipments.carrier: "ACM3",
                         Shipments.booking_ref: BOOKING, Shipments.container_no: BOX}],
        },
        name="v3.xlsx",
    )  # fmt: skip
    api = ScriptedDcsa("/acme3", {BOOKING: stream})
    with Sandbox(path, apis=[], extra=[api]) as box:
        sync(path, box)
    assert api.seen[0].path == "/v3/events"  # the base URL already ends in /v3
    assert (
        api.seen[0].arg("documentTypeCodes") == "BKG" and api.seen[0].headers["api-version"] == "3"
    )
    ship = read(path, Shipments).set_index(Shipments.shipment_id)
    assert ship.at["SH-1", Shipments.eta].date() == dt.date(
        2026, 11, 19
    )  # the retracted 30 Nov is gone
    events = read(path, ShipmentEvents)
    ids = set(events[ShipmentEvents.event_id])
    assert wrong["eventID"] not in ids and bad_load["eventID"] not in ids
    withdrawal = events[events[ShipmentEvents.event_id] == "withdraw-1"]
    assert (
        withdrawal[ShipmentEvents.description].iloc[0] == f"Withdraws event {bad_load['eventID']}"
    )
    assert set(events[ShipmentEvents.source]) == {"DCSA 3"}


def test_dhl_status_is_read_from_status_code_not_the_free_text(register: Path) -> None:
    hub = scan(
        "2026-11-09T03:00:00", "transit", "DELIVERED", "LONDON"
    )  # the words say delivered; the code does not
    dhl = ScriptedDhl("/dhl", {"1234567890": parcel(hub, eta="2026-11-11T18:00:00Z")})
    with Sandbox(register, apis=[], extra=[ScriptedDcsa("/acme", {BOOKING: EVENTS}), dhl]) as box:
        sync(register, box)
        assert dhl.seen[0].headers["dhl-api-key"] == "dhl-key"
        assert dhl.seen[0].arg("service") == "express"
        ship = read(register, Shipments).set_index(Shipments.shipment_id)
        assert ship.at["SH-2", Shipments.status] == "in transit"
        assert ship.at["SH-2", Shipments.eta].date() == dt.date(2026, 11, 11)
        assert ship.at["SH-2", Shipments.ata] is None or ship.isna().at["SH-2", Shipments.ata]

        done = scan("2026-11-10T14:30:00", "delivered", "DELIVERED", "LONDON")
        dhl.by_number = {"1234567890": parcel(done, hub)}
        sync(register, box)
    ship = read(register, Shipments).set_index(Shipments.shipment_id)
    assert ship.at["SH-2", Shipments.status] == "delivered"
    assert ship.at["SH-2", Shipments.ata].date() == dt.date(2026, 11, 10)
    assert ship.at["SH-2", Shipments.last_event] == "Delivered London, GB, 2026-11-10 14:30"


def test_dhl_unknown_number_is_reported_for_that_shipment_alone(register: Path) -> None:
    with Sandbox(
        register, apis=[], extra=[ScriptedDcsa("/acme", {BOOKING: EVENTS}), ScriptedDhl("/dhl", {})]
    ) as box:
        outcome = sync(register, box)
    line = next(d for d in outcome.details if d.startswith("SH-2"))
    assert (
        line
        == "SH-2 (DHL, tracking no 1234567890): DHL: tracking no 1234567890: No result found: No shipment with given tracking number found."
    )
    ship = read(register, Shipments).set_index(Shipments.shipment_id)
    assert ship.at["SH-1", Shipments.status] == "departed"
    assert ship.isna().at["SH-2", Shipments.last_sync]
