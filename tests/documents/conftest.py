"""A small register with the orders the document tests need, figures worked out by hand:

SO-2026-0042 (Spanish importer, new, confirmed, T/T 30/70 before shipment, FOB Ningbo)
  1 KW-100 1,000 PCS × 8.45 = 8,450.00   12/carton → 84 cartons (last holds 4)  → cartons 1–84
  2 KW-200   500 PCS × 6.20 = 3,100.00   10/carton → 50 cartons                 → cartons 85–134
  3 HW-300 12,050 PCS × 0.38 = 4,579.00  500/carton → 25 cartons (last holds 50) → cartons 135–159
  total USD 16,129.00; deposit 30 % = 4,838.70; balance 11,290.30; late-penalty cap 5 % = 806.45
  net 1,450 + 550 + 723 = 2,723.00 kg; gross 1,580 + 610 + 790 = 2,980.00 kg; CBM 4.2 + 2.1 + 1.25 = 7.550
SO-2026-0043 (Chinese buyer, CNY, ready to ship): 200 SET × 55.50 = CNY 11,100.00, paid 3,330.00
SO-2026-0044 (Dubai buyer with an Arabic name, L/C at sight, confirmed): 100 × 12.00 = USD 1,200.00
SO-2026-0045 (German repeat buyer, custom moulded part, in production): 2,000 × 1.25 = EUR 2,500.00
SO-2026-0046 (ready to ship, line 2 without an HS code)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.schema import Customers, Invoices, OrderLines, Orders, Products

D = dt.date

CUSTOMERS = [
    {
        Customers.customer_id: "CU-ES",
        Customers.name: "Cocinas del Sur S.L.",
        Customers.country: "ES",
        Customers.language: "es",
        Customers.customer_type: "new",
        Customers.contact: "María García",
        Customers.address: "Calle de Colón 12\n46004 Valencia",
        Customers.vat_no: "ESB12345678",
    },
    {
        Customers.customer_id: "CU-CN",
        Customers.name: "上海东方家居用品有限公司",
        Customers.country: "CN",
        Customers.language: "zh-CN",
        Customers.customer_type: "repeat",
        Customers.address: "上海市浦东新区张江路88号",
    },
    {
        Customers.customer_id: "CU-AE",
        Customers.name: "شركة الخليج للتجارة العامة",
        Customers.country: "AE",
        Customers.language: "ar",
        Customers.address: "Deira, Dubai",
    },
    {
        Customers.customer_id: "CU-DE",
        Customers.name: "Küchenwelt Handels GmbH",
        Customers.country: "DE",
        Customers.language: "de",
        Customers.address: "Hafenstraße 5\n20457 Hamburg",
    },
]

PRODUCTS = [
    {
        Products.sku: "KW-100",
        Products.description: "Stainless steel stockpot 24 cm",
        Products.category: "kitchenware",
        Products.product_type: "standard",
    },
    {
        Products.sku: "KW-200",
        Products.description: "Non-stick frying pan 28 cm",
        Products.category: "kitchenware",
        Products.product_type: "standard",
    },
    {
        Products.sku: "HW-300",
        Products.description: "Cabinet hinge 35 mm",
        Products.category: "hardware",
        Products.product_type: "standard",
    },
    {
        Products.sku: "TX-10",
        Products.description: "Table linen set",
        Products.category: "textiles",
        Products.product_type: "standard",
        Products.carton_qty: 20,
        Products.unit_net_kg: 1.2,
        Products.carton_gross_kg: 26.0,
        Products.carton_l_cm: 60,
        Products.carton_w_cm: 40,
        Products.carton_h_cm: 30,
    },
    {
        Products.sku: "MD-900",
        Products.description: "Moulded housing to drawing",
        Products.category: "hardware",
        Products.product_type: "custom",
    },
]


def _order(oid: str, customer: str, stage: str, **kw: Any) -> dict[Any, Any]:
    base = {
        Orders.order_id: oid,
        Orders.customer: customer,
        Orders.customer_po: f"PO-{oid[-4:]}",
        Orders.order_date: D(2026, 9, 1),
        Orders.stage: stage,
        Orders.currency: "USD",
        Orders.incoterm: "FOB",
        Orders.named_place: "Ningbo",
        Orders.payment_terms: "TT30-70 BS",
        Orders.requested_delivery: D(2026, 12, 1),
        Orders.promised_ship: D(2026, 11, 5),
        Orders.port_of_loading: "CNNGB",
        Orders.port_of_discharge: "ESVLC",
        Orders.shipping_marks: "COCINAS DEL SUR\nVALENCIA\nC/NO. 1-UP",
        Orders.sales_owner: "Li Wei",
        Orders.ship_to: "Cocinas del Sur S.L.\nPolígono Fuente del Jarro\n46988 Paterna",
        Orders.ship_to_country: "ES",
    }
    base.update({getattr(Orders, k): v for k, v in kw.items()})
    return base


def _line(oid: str, no: int, sku: str, qty: float, price: float, **kw: Any) -> dict[Any, Any]:
    base = {
        OrderLines.order_id: oid,
        OrderLines.line_no: no,
        OrderLines.sku: sku,
        OrderLines.description: next(
            p[Products.description] for p in PRODUCTS if p[Products.sku] == sku
        ),
        OrderLines.spec: "as agreed",
        OrderLines.hs_code: "732393",
        OrderLines.origin: "CN",
        OrderLines.qty: qty,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: price,
    }
    base.update({getattr(OrderLines, k): v for k, v in kw.items()})
    return base


ORDERS = [
    _order("SO-2026-0042", "CU-ES", "confirmed"),
    _order(
        "SO-2026-0043",
        "CU-CN",
        "ready to ship",
        currency="CNY",
        incoterm="CIF",
        named_place="Shanghai",
        port_of_discharge="CNSHA",
        shipping_marks="东方家居\n上海\n箱号 1-10",
        ship_to="上海东方家居用品有限公司\n上海市浦东新区张江路88号",
        ship_to_country="CN",
    ),
    _order(
        "SO-2026-0044",
        "CU-AE",
        "confirmed",
        payment_terms="LC SIGHT",
        lc_bank="Emirates NBD",
        port_of_discharge="AEJEA",
        shipping_marks=None,
    ),
    _order(
        "SO-2026-0045",
        "CU-DE",
        "in production",
        currency="EUR",
        incoterm="CIP",
        named_place="Hamburg",
        payment_terms="TT50-50 BS",
        port_of_discharge="DEHAM",
    ),
    _order("SO-2026-0046", "CU-ES", "ready to ship"),
]
LINES = [
    _line(
        "SO-2026-0042",
        1,
        "KW-100",
        1000,
        8.45,
        carton_qty=12,
        net_kg=1450,
        gross_kg=1580,
        cbm=4.2,
        spec="SUS304, 0.6 mm",
    ),
    _line(
        "SO-2026-0042",
        2,
        "KW-200",
        500,
        6.20,
        carton_qty=10,
        cartons=50,
        net_kg=550,
        gross_kg=610,
        cbm=2.1,
        hs_code="761510",
    ),
    _line(
        "SO-2026-0042",
        3,
        "HW-300",
        12050,
        0.38,
        carton_qty=500,
        net_kg=723,
        gross_kg=790,
        cbm=1.25,
        hs_code="830242",
    ),
    _line("SO-2026-0043", 1, "TX-10", 200, 55.50, unit="SET", hs_code="630291"),
    _line("SO-2026-0044", 1, "KW-100", 100, 12.00),
    _line("SO-2026-0045", 1, "MD-900", 2000, 1.25, hs_code="392690"),
    _line("SO-2026-0046", 1, "KW-100", 120, 8.45, carton_qty=12, net_kg=174, gross_kg=190, cbm=0.5),
    _line(
        "SO-2026-0046",
        2,
        "KW-200",
        100,
        6.20,
        carton_qty=10,
        net_kg=110,
        gross_kg=122,
        cbm=0.42,
        hs_code=None,
    ),
]
INVOICES = [
    {
        Invoices.invoice_no: "INV-1",
        Invoices.order_id: "SO-2026-0043",
        Invoices.customer: "CU-CN",
        Invoices.kind: "deposit",
        Invoices.issue_date: D(2026, 9, 2),
        Invoices.currency: "CNY",
        Invoices.amount: 3330.0,
        Invoices.paid: 3330.0,
    },
]


@pytest.fixture
def trade_register(make_register: Callable[..., Path]) -> Callable[..., Path]:
    """The register above, with extra orders/lines if a test needs them."""

    def make(
        extra_orders: list[dict[Any, Any]] = (),
        extra_lines: list[dict[Any, Any]] = (),
        name: str = "Register.xlsx",
    ) -> Path:  # type: ignore[assignment]
        return make_register(
            {
                Customers: CUSTOMERS,
                Products: PRODUCTS,
                Orders: [*ORDERS, *extra_orders],
                OrderLines: [*LINES, *extra_lines],
                Invoices: INVOICES,
            },
            name=name,
        )

    return make


order = _order
line = _line
