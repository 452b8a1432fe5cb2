"""A small register for the logistics actions: two orders on the default lane (CNNGB-NLRTM),
one of them heavy, a quote in CNY and an expired one, a shipment running late."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from orderdesk.schema import (
    ForwarderQuotes,
    OrderLines,
    Orders,
    Products,
    ShipmentEvents,
    Shipments,
)

TODAY = dt.date(2026, 11, 20)


def _order(oid: str, total: float, requested: str, incoterm: str = "CIF") -> dict[Any, Any]:
    return {
        Orders.order_id: oid,
        Orders.customer: "CU-0001",
        Orders.order_date: dt.date(2026, 10, 1),
        Orders.stage: "ready to ship",
        Orders.currency: "USD",
        Orders.incoterm: incoterm,
        Orders.port_of_loading: "CNNGB",
        Orders.port_of_discharge: "NLRTM",
        Orders.forwarder: "Sinotrans Ningbo",
        Orders.promised_ship: dt.date(2026, 12, 1),
        Orders.requested_delivery: dt.date.fromisoformat(requested),
        Orders.order_total: total,
    }


def _line(oid: str, sku: str, cartons: int, kg: float, cbm: float) -> dict[Any, Any]:
    return {
        OrderLines.order_id: oid,
        OrderLines.line_no: 1,
        OrderLines.sku: sku,
        OrderLines.cartons: cartons,
        OrderLines.gross_kg: kg,
        OrderLines.cbm: cbm,
    }


def _quote(ref: str, ccy: str, freight: float, quoted: str, valid: str, **kw: Any) -> dict:
    return {
        ForwarderQuotes.quote_ref: ref,
        ForwarderQuotes.forwarder: kw.get("forwarder", "Sinotrans Ningbo"),
        ForwarderQuotes.carrier: kw.get("carrier", "MAEU"),
        ForwarderQuotes.lane: "CNNGB-NLRTM",
        ForwarderQuotes.mode: "fcl",
        ForwarderQuotes.basis: "20GP",
        ForwarderQuotes.quote_date: dt.date.fromisoformat(quoted),
        ForwarderQuotes.valid_until: dt.date.fromisoformat(valid),
        ForwarderQuotes.currency: ccy,
        ForwarderQuotes.freight: freight,
        ForwarderQuotes.baf: kw.get("baf"),
        ForwarderQuotes.thc: kw.get("thc"),
        ForwarderQuotes.documentation: kw.get("docs"),
        ForwarderQuotes.transit_days: kw.get("transit", 30),
    }


@pytest.fixture
def tables() -> dict[Any, Any]:
    return {
        Orders: [
            # steel parts: 12 m³, 27,000 kg → one 20', weight-bound
            _order("SO-HEAVY", 60_000.0, "2027-01-20"),
            # 10 m³, 2,000 kg of electronics worth 500,000 due 20 Dec: sea is late
            _order("SO-URGENT", 500_000.0, "2026-12-20"),
            _order("SO-DONE", 1_000.0, "2026-10-20") | {Orders.stage: "shipped"},
        ],
        OrderLines: [
            _line("SO-HEAVY", "STEEL", 300, 27_000.0, 12.0),
            _line("SO-URGENT", "ELEC", 100, 2_000.0, 10.0),
            _line("SO-DONE", "ELEC", 1, 20.0, 0.1),
        ],
        Products: [
            {
                Products.sku: "STEEL",
                Products.description: "steel brackets",
                Products.category: "hardware",
                Products.carton_l_cm: 50,
                Products.carton_w_cm: 40,
                Products.carton_h_cm: 20,
            },
            {
                Products.sku: "ELEC",
                Products.description: "controllers",
                Products.category: "electronics",
                Products.carton_l_cm: 50,
                Products.carton_w_cm: 40,
                Products.carton_h_cm: 50,
                Products.stackable: "no",
            },
        ],
        ForwarderQuotes: [
            # 12,000 CNY + 650 THC + 450 docs on 2025-03-07 (ECB: 1 USD = 7.2445… CNY that day)
            _quote("Q-CNY", "CNY", 12_000.0, "2025-03-07", "2026-12-31", thc=650.0, docs=450.0),
            # cheaper, but expired on 15 Nov
            _quote("Q-OLD", "USD", 900.0, "2026-10-01", "2026-11-15", forwarder="Cheap Forwarding"),
            _quote("Q-USD", "USD", 1_700.0, "2026-11-10", "2026-12-31", docs=50.0, carrier="MSCU"),
        ],
        Shipments: [
            {
                Shipments.shipment_id: "SH-1",
                Shipments.order_id: "SO-DONE",
                Shipments.mode: "ocean",
                Shipments.carrier: "MAEU",
                Shipments.port_of_loading: "CNNGB",
                Shipments.port_of_discharge: "NLRTM",
                Shipments.atd: dt.date(2026, 10, 2),
            }
        ],
        ShipmentEvents: [
            _event("E1", "EST", "ARRI", "2026-11-03"),
            _event("E2", "EST", "ARRI", "2026-11-12"),
            _event("E3", "ACT", "DEPA", "2026-10-02"),
        ],
    }


def _event(eid: str, cls: str, code: str, day: str) -> dict[Any, Any]:
    return {
        ShipmentEvents.event_id: eid,
        ShipmentEvents.shipment_id: "SH-1",
        ShipmentEvents.order_id: "SO-DONE",
        ShipmentEvents.event_time: dt.datetime.fromisoformat(day + "T08:00"),
        ShipmentEvents.classifier: cls,
        ShipmentEvents.code: code,
    }
