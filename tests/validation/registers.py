"""A small, hand-made register that is correct in every respect the rules check.

Each test copies it, breaks one thing and expects exactly one finding, on exactly that cell.
The rows are written the way a careful clerk would: one order at each stage that matters.
Row numbers in the sheets: the header is row 1, so the n-th row of a list is sheet row n + 1.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from orderdesk.schema import (
    Column,
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Shipments,
    Suppliers,
    Table,
)

D = dt.date

CUSTOMERS: list[dict[Column, Any]] = [
    {
        Customers.customer_id: "CU-ES",
        Customers.name: "Distribuciones Ibéricas S.L.",
        Customers.country: "ES",
        Customers.language: "es",
        Customers.contact: "Lucía Fernández",
        Customers.email: "compras@ibericas.es",
        Customers.currency: "EUR",
        Customers.payment_terms: "TT30-70 BS",
        Customers.credit_limit: 500000,
        Customers.credit_score: 85,
        Customers.blocked: False,
    },
    {
        Customers.customer_id: "CU-CN",
        Customers.name: "上海宏达贸易有限公司",
        Customers.country: "CN",
        Customers.language: "zh-CN",
        Customers.contact: "王伟",
        Customers.email: "wang.wei@hongda.cn",
        Customers.currency: "USD",
        Customers.payment_terms: "TT30-70 BL",
        Customers.credit_limit: 300000,
        Customers.credit_score: 65,
        Customers.blocked: False,
    },
    {
        Customers.customer_id: "CU-DE",
        Customers.name: "Nordhaus Handels GmbH",
        Customers.country: "DE",
        Customers.language: "de",
        Customers.contact: "Jonas Weber",
        Customers.email: "einkauf@nordhaus.de",
        Customers.currency: "EUR",
        Customers.credit_limit: 200000,
        Customers.credit_score: 90,
    },
    {
        Customers.customer_id: "CU-FR",
        Customers.name: "Maison Lefèvre SARL",
        Customers.country: "FR",
        Customers.language: "fr",
        Customers.contact: "Claire Martin",
        Customers.email: "achats@lefevre.fr",
        Customers.currency: "EUR",
        Customers.credit_limit: 250000,
        Customers.credit_score: 45,
    },
]

PRODUCTS: list[dict[Column, Any]] = [
    {
        Products.sku: "HW-1001",
        Products.description: "Stainless steel hinge 100 mm",
        Products.description_zh: "不锈钢合页 100 毫米",
        Products.category: "hardware",
        Products.hs_code: "830210",
        Products.origin: "CN",
        Products.unit: "PCS",
        Products.default_supplier: "SU-001",
    },
    {
        Products.sku: "KW-2001",
        Products.description: "Stainless steel mixing bowl 24 cm",
        Products.category: "kitchenware",
        Products.hs_code: "7323.93",
        Products.origin: "CN",
        Products.unit: "PCS",
        Products.default_supplier: "SU-002",
    },
]

SUPPLIERS: list[dict[Column, Any]] = [
    {
        Suppliers.supplier_id: "SU-001",
        Suppliers.name: "Ningbo Jinli Hardware Co., Ltd.",
        Suppliers.country: "CN",
        Suppliers.email: "sales@jinli-hw.cn",
        Suppliers.currency: "CNY",
        Suppliers.blocked: False,
        Suppliers.standing: "Excellent",
    },
    {
        Suppliers.supplier_id: "SU-002",
        Suppliers.name: "Yangjiang Sunrise Kitchenware Factory",
        Suppliers.country: "CN",
        Suppliers.email: "export@sunrise-kw.cn",
        Suppliers.currency: "CNY",
        Suppliers.standing: "Average",
    },
]

# Orders: sheet rows 2..5.
ORDERS: list[dict[Column, Any]] = [
    {  # row 2: confirmed, T/T, FOB by sea
        Orders.order_id: "SO-2026-0001",
        Orders.customer: "CU-ES",
        Orders.customer_po: "PO-4500123",
        Orders.order_date: D(2026, 3, 2),
        Orders.stage: "confirmed",
        Orders.currency: "EUR",
        Orders.incoterm: "FOB",
        Orders.named_place: "Ningbo",
        Orders.transport_mode: "sea",
        Orders.payment_terms: "TT30-70 BS",
        Orders.deposit_pct: 0.3,
        Orders.requested_delivery: D(2026, 5, 15),
        Orders.promised_ship: D(2026, 4, 10),
        Orders.sales_owner: "María García",
        Orders.ship_to: "Distribuciones Ibéricas S.L., Calle Mayor 12, 46001 Valencia",
        Orders.ship_to_country: "ES",
        Orders.order_total: 5900.0,
    },
    {  # row 3: ready to ship, CIF, everything a shipment needs
        Orders.order_id: "SO-2026-0002",
        Orders.customer: "CU-CN",
        Orders.customer_po: "HD-2026-088",
        Orders.order_date: D(2026, 2, 10),
        Orders.stage: "ready to ship",
        Orders.currency: "USD",
        Orders.incoterm: "CIF",
        Orders.named_place: "Valencia",
        Orders.transport_mode: "sea",
        Orders.payment_terms: "TT30-70 BL",
        Orders.deposit_pct: 0.3,
        Orders.requested_delivery: D(2026, 4, 30),
        Orders.promised_ship: D(2026, 3, 20),
        Orders.port_of_loading: "CNNGB",
        Orders.port_of_discharge: "ESVLC",
        Orders.shipping_marks: "HONGDA / VALENCIA / C/NO. 1-UP",
        Orders.forwarder: "Kuehne+Nagel Ningbo",
        Orders.sales_owner: "Li Wei",
        Orders.ship_to: "上海宏达贸易有限公司 Valencia warehouse, Av. del Puerto 300",
        Orders.ship_to_country: "ES",
        Orders.order_total: 4000.0,
    },
    {  # row 4: a draft: only what a draft needs
        Orders.order_id: "SO-2026-0003",
        Orders.customer: "CU-DE",
        Orders.order_date: D(2026, 3, 5),
        Orders.stage: "draft",
        Orders.sales_owner: "Hanna Fischer",
    },
    {  # row 5: in production, letter of credit from an accepted bank, DAP by road
        Orders.order_id: "SO-2026-0004",
        Orders.customer: "CU-FR",
        Orders.customer_po: "LEF-7781",
        Orders.order_date: D(2026, 1, 20),
        Orders.stage: "in production",
        Orders.currency: "EUR",
        Orders.incoterm: "FCA",
        Orders.named_place: "Ningbo",
        Orders.transport_mode: "multimodal",
        Orders.payment_terms: "LC SIGHT",
        Orders.lc_bank: "BNP Paribas",
        Orders.requested_delivery: D(2026, 4, 20),
        Orders.promised_ship: D(2026, 3, 15),
        Orders.sales_owner: "Chen Jing",
        Orders.ship_to: "Maison Lefèvre SARL, 8 rue des Halles, 69002 Lyon",
        Orders.ship_to_country: "FR",
        Orders.order_total: 2400.0,
    },
]

# Order lines: sheet rows 2..6.
LINES: list[dict[Column, Any]] = [
    {  # row 2
        OrderLines.order_id: "SO-2026-0001",
        OrderLines.line_no: 1,
        OrderLines.sku: "HW-1001",
        OrderLines.description: "Stainless steel hinge 100 mm",
        OrderLines.spec: "AISI 304, brushed, 2.5 mm",
        OrderLines.qty: 2000,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: 1.45,
        OrderLines.amount: 2900.0,
    },
    {  # row 3
        OrderLines.order_id: "SO-2026-0001",
        OrderLines.line_no: 2,
        OrderLines.sku: "KW-2001",
        OrderLines.description: "Stainless steel mixing bowl 24 cm",
        OrderLines.spec: "AISI 201, mirror polish",
        OrderLines.qty: 1000,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: 3.0,
        OrderLines.amount: 3000.0,
    },
    {  # row 4: a line ready to ship, every field filled
        OrderLines.order_id: "SO-2026-0002",
        OrderLines.line_no: 1,
        OrderLines.sku: "HW-1001",
        OrderLines.description: "Stainless steel hinge 100 mm",
        OrderLines.spec: "AISI 304, brushed, 2.5 mm",
        OrderLines.hs_code: "8302.10",
        OrderLines.origin: "CN",
        OrderLines.qty: 2500,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: 1.6,
        OrderLines.amount: 4000.0,
        OrderLines.supplier: "SU-001",
        OrderLines.unit_cost: 7.8,
        OrderLines.supplier_due: D(2026, 3, 10),
        OrderLines.carton_qty: 50,
        OrderLines.cartons: 50,
        OrderLines.net_kg: 500,
        OrderLines.gross_kg: 540,
        OrderLines.cbm: 1.2,
    },
    {  # row 5: the draft's line
        OrderLines.order_id: "SO-2026-0003",
        OrderLines.line_no: 1,
        OrderLines.sku: "KW-2001",
        OrderLines.qty: 300,
        OrderLines.unit: "PCS",
    },
    {  # row 6: in production: supplier and due date known
        OrderLines.order_id: "SO-2026-0004",
        OrderLines.line_no: 1,
        OrderLines.sku: "KW-2001",
        OrderLines.description: "Stainless steel mixing bowl 24 cm",
        OrderLines.spec: "AISI 201, satin",
        OrderLines.qty: 800,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: 3.0,
        OrderLines.amount: 2400.0,
        OrderLines.supplier: "SU-002",
        OrderLines.supplier_due: D(2026, 3, 1),
    },
]

SHIPMENTS: list[dict[Column, Any]] = [
    {
        Shipments.shipment_id: "SH-2026-0001",
        Shipments.order_id: "SO-2026-0002",
        Shipments.mode: "ocean",
        Shipments.carrier: "MSCU",
        Shipments.booking_ref: "MSC-88123",
        Shipments.container_no: "MSCU1234566",
        Shipments.port_of_loading: "CNNGB",
        Shipments.port_of_discharge: "ESVLC",
        Shipments.etd: D(2026, 3, 20),
        Shipments.eta: D(2026, 4, 25),
    }
]

INVOICES: list[dict[Column, Any]] = [
    {
        Invoices.invoice_no: "INV-2026-0001",
        Invoices.order_id: "SO-2026-0002",
        Invoices.customer: "CU-CN",
        Invoices.kind: "deposit",
        Invoices.issue_date: D(2026, 2, 12),
        Invoices.currency: "USD",
        Invoices.amount: 1200.0,
        Invoices.outstanding: 0.0,
    }
]


def clean() -> dict[type[Table], list[dict[Column, Any]]]:
    """A fresh deep copy of the correct register's rows (tests change their copy)."""
    return copy.deepcopy(
        {
            Customers: CUSTOMERS,
            Products: PRODUCTS,
            Suppliers: SUPPLIERS,
            Orders: ORDERS,
            OrderLines: LINES,
            Shipments: SHIPMENTS,
            Invoices: INVOICES,
        }
    )
