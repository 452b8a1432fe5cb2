"""A small register with one L/C order shipped from Ningbo to Seattle, and the credit for it
written here by hand as a bank would send it (not by OrderDesk's sample generator).

The order: 2,000 LED panel lights at USD 12.50 and 500 drivers at USD 4.00 (USD 27,000.00), FOB
Ningbo, on board MAERSK ESSEN 2026-11-02, container MSCU1234566 (a valid ISO 6346 number)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from orderdesk.schema import (
    Customers,
    LCBanks,
    OrderLines,
    Orders,
    Products,
    Shipments,
)

D = dt.date
TODAY = "2026-11-10"
ORDER = "SO-2026-0500"

CUSTOMER = {
    Customers.customer_id: "CU-US",
    Customers.name: "Pacific Crest Supply Co.",
    Customers.country: "US",
    Customers.language: "en",
    Customers.address: "4400 E Marginal Way S, Seattle, WA 98134, USA",
    Customers.payment_terms: "LC SIGHT",
    Customers.currency: "USD",
    Customers.credit_limit: 10_000_000.0,
    Customers.credit_score: 90,
}


def _product(sku: str, description: str, hs: str) -> dict[Any, Any]:
    return {
        Products.sku: sku,
        Products.description: description,
        Products.category: "lighting",
        Products.hs_code: hs,
        Products.origin: "CN",
        Products.unit: "PCS",
        Products.carton_qty: 10,
        Products.carton_l_cm: 62,
        Products.carton_w_cm: 62,
        Products.carton_h_cm: 30,
        Products.unit_net_kg: 2.0,
        Products.carton_gross_kg: 23.0,
    }


PRODUCTS = [
    _product("LED-600", "LED panel light 600x600 mm 40 W", "940542"),
    _product("DRV-40", "LED driver 40 W constant current", "850440"),
]


def _line(no: int, sku: str, qty: float, price: float) -> dict[Any, Any]:
    p = next(x for x in PRODUCTS if x[Products.sku] == sku)
    return {
        OrderLines.order_id: ORDER,
        OrderLines.line_no: no,
        OrderLines.sku: sku,
        OrderLines.description: p[Products.description],
        OrderLines.spec: "as approved sample",
        OrderLines.hs_code: p[Products.hs_code],
        OrderLines.origin: "CN",
        OrderLines.qty: qty,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: price,
        OrderLines.amount: qty * price,
        OrderLines.supplier: None,
        OrderLines.carton_qty: 10,
        OrderLines.cartons: int(qty // 10),
        OrderLines.net_kg: qty * 2.0,
        OrderLines.gross_kg: qty * 2.3,
        OrderLines.cbm: round(qty / 10 * 0.115, 3),
    }


def order_row(**kw: Any) -> dict[Any, Any]:
    row = {
        Orders.order_id: ORDER,
        Orders.customer: "CU-US",
        Orders.customer_po: "PCS-7781",
        Orders.order_date: D(2026, 9, 1),
        Orders.stage: "shipped",
        Orders.currency: "USD",
        Orders.incoterm: "FOB",
        Orders.named_place: "Ningbo",
        Orders.transport_mode: "sea",
        Orders.payment_terms: "LC SIGHT",
        Orders.lc_bank: "Citibank",
        Orders.requested_delivery: D(2026, 12, 10),
        Orders.promised_ship: D(2026, 11, 1),
        Orders.port_of_loading: "CNNGB",
        Orders.port_of_discharge: "USSEA",
        Orders.shipping_marks: "PACIFIC CREST\nSEATTLE\nC/NO. 1-UP",
        Orders.forwarder: "Kuehne+Nagel Ningbo",
        Orders.sales_owner: "Li Wei",
        Orders.ship_to: "Pacific Crest Supply Co.\n4400 E Marginal Way S, Seattle, WA 98134",
        Orders.ship_to_country: "US",
        Orders.order_total: 27000.0,
        Orders.shipped_on: D(2026, 11, 2),
    }
    row.update({getattr(Orders, k): v for k, v in kw.items()})
    return row


LINES = [_line(1, "LED-600", 2000, 12.5), _line(2, "DRV-40", 500, 4.0)]


def shipment(**kw: Any) -> dict[Any, Any]:
    row = {
        Shipments.shipment_id: "SH-2026-0500",
        Shipments.order_id: ORDER,
        Shipments.mode: "ocean",
        Shipments.carrier: "MAEU",
        Shipments.booking_ref: "BKG-55001",
        Shipments.bl_no: "MAEU260511234",
        Shipments.container_no: "MSCU1234566",
        Shipments.vessel: "MAERSK ESSEN 444E",
        Shipments.port_of_loading: "CNNGB",
        Shipments.port_of_discharge: "USSEA",
        Shipments.etd: D(2026, 11, 2),
        Shipments.atd: D(2026, 11, 2),
    }
    row.update({getattr(Shipments, k): v for k, v in kw.items()})
    return row


@pytest.fixture
def lc_register(make_register, monkeypatch):
    """make(orders=…, shipments=…, lines=…) → a register path with the L/C order."""
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY)

    def make(**kw: Any) -> Path:
        from orderdesk.defaults import policy_rows

        banks = list(policy_rows()[LCBanks])
        return make_register(
            {
                Customers: [CUSTOMER],
                Products: PRODUCTS,
                Orders: kw.get("orders", [order_row()]),
                OrderLines: kw.get("lines", LINES),
                Shipments: kw.get("shipments", [shipment()]),
                LCBanks: banks,
            }
        )

    return make
