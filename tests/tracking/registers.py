"""A small register with ocean and express shipments of four customers in four languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orderdesk.defaults import policy_rows
from orderdesk.schema import Carriers, Customers, Orders, Shipments

TODAY = "2026-11-10"  # ORDERDESK_TODAY for every tracking test

CUSTOMERS = [
    {Customers.customer_id: "CU-1", Customers.name: "Müller Haustechnik GmbH", Customers.country: "DE", Customers.language: "de"},
    {Customers.customer_id: "CU-2", Customers.name: "Ferretería Ibérica S.L.", Customers.country: "ES", Customers.language: "es"},
    {Customers.customer_id: "CU-3", Customers.name: "新加坡五金贸易有限公司", Customers.country: "SG", Customers.language: "zh-CN"},
    {Customers.customer_id: "CU-4", Customers.name: "Thames Tools Ltd", Customers.country: "GB", Customers.language: "en"},
]  # fmt: skip


def _order(
    oid: str, customer: str, po: str, pol: str, pod: str, ship: dt.date, deliver: dt.date
) -> dict[Any, Any]:
    return {
        Orders.order_id: oid, Orders.customer: customer, Orders.customer_po: po,
        Orders.order_date: dt.date(2026, 8, 1), Orders.stage: "shipped", Orders.currency: "USD",
        Orders.incoterm: "CIF", Orders.named_place: "", Orders.port_of_loading: pol,
        Orders.port_of_discharge: pod, Orders.promised_ship: ship, Orders.requested_delivery: deliver,
    }  # fmt: skip


ORDERS = [
    _order(
        "SO-1", "CU-1", "PO-4711", "CNNGB", "DEHAM", dt.date(2026, 10, 10), dt.date(2026, 11, 12)
    ),
    _order("SO-2", "CU-2", "OC-88", "CNSHA", "ESVLC", dt.date(2026, 10, 1), dt.date(2026, 11, 20)),
    _order("SO-3", "CU-3", "", "CNYTN", "SGSIN", dt.date(2026, 10, 20), dt.date(2026, 11, 30)),
    _order(
        "SO-4", "CU-4", "TT-2026-19", "CNNGB", "GBFXT", dt.date(2026, 11, 5), dt.date(2026, 11, 12)
    ),
]


def _ship(sid: str, oid: str, mode: str, carrier: str, **refs: Any) -> dict[Any, Any]:
    row = {
        Shipments.shipment_id: sid,
        Shipments.order_id: oid,
        Shipments.mode: mode,
        Shipments.carrier: carrier,
    }
    row.update({getattr(Shipments, k): v for k, v in refs.items()})
    return row


SHIPMENTS = [
    _ship("SH-1", "SO-1", "ocean", "MAEU", booking_ref="MAEU2600101", bl_no="MAEU260010101", container_no="MSKU1234565"),
    _ship("SH-2", "SO-1", "ocean", "MAEU", booking_ref="MAEU2600102", container_no="MSKU7654321"),
    _ship("SH-3", "SO-2", "ocean", "MSCU", booking_ref="MSC9900311", container_no="MSCU1111112"),
    _ship("SH-4", "SO-3", "ocean", "MSCU", container_no="MSCU2222223"),
    _ship("SH-5", "SO-4", "express", "DHL", tracking_no="1234567890"),
]  # fmt: skip


def carriers(**rate: float) -> list[dict[Any, Any]]:
    """The default Carriers rows, with calls/s raised (tests do not wait on rate limits)."""
    rows = [dict(r) for r in policy_rows()[Carriers]]
    for r in rows:
        r[Carriers.calls_per_second] = rate.get(r[Carriers.carrier], 1000)
    return rows


def tracking_register(make: Callable[..., Path], **tables: Any) -> Path:
    data = {Customers: CUSTOMERS, Orders: ORDERS, Shipments: SHIPMENTS, Carriers: carriers()}
    data.update(tables)
    return make(data)
