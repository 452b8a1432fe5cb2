"""Hand-built registers for the execution tests: one product line with a round weekly capacity,
a booked order that fills a week, and orders that fit, do not fit, need tooling or come from a
Very Poor supplier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orderdesk.schema import (
    Capacity,
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Suppliers,
    Table,
)

TODAY = dt.date(2026, 3, 2)  # a Monday: week 0 of the capacity book is 2 – 8 March
WEEKLY = 12_000.0
MONTHLY = WEEKLY * 52 / 12  # Settings holds monthly capacity


def order(
    oid: str,
    stage: str,
    *,
    ship: dt.date | None = None,
    want: dt.date | None = None,
    terms: str = "TT30-70 BS",
    deposit: float = 0.3,
    ordered: dt.date = TODAY,
) -> dict[Any, Any]:
    return {
        Orders.order_id: oid,
        Orders.customer: "CU-1",
        Orders.order_date: ordered,
        Orders.stage: stage,
        Orders.currency: "USD",
        Orders.payment_terms: terms,
        Orders.deposit_pct: deposit,
        Orders.promised_ship: ship,
        Orders.requested_delivery: want,
        Orders.sales_owner: "lwei",
    }


def line(oid: str, sku: str, qty: float, no: int = 1) -> dict[Any, Any]:
    return {
        OrderLines.order_id: oid,
        OrderLines.line_no: no,
        OrderLines.sku: sku,
        OrderLines.qty: qty,
        OrderLines.gross_kg: 500.0,
        OrderLines.cbm: 4.0,
    }


def tables(
    orders: list[dict[Any, Any]], lines: list[dict[Any, Any]], **extra: list[dict[Any, Any]]
) -> dict[type[Table], list[dict[Any, Any]]]:
    out: dict[type[Table], list[dict[Any, Any]]] = {
        Capacity: [{Capacity.category: "hardware", Capacity.monthly_capacity: MONTHLY}],
        Products: [
            _product("P-1", "standard", "SU-1"),
            _product("P-T", "new tooling", "SU-1"),
            _product("P-X", "standard", "SU-BAD"),
        ],
        Suppliers: [
            {
                Suppliers.supplier_id: "SU-1",
                Suppliers.name: "Good Hardware",
                Suppliers.lead_time_days: 14,
                Suppliers.categories: "hardware",
                Suppliers.score: 85,
                Suppliers.standing: "Excellent",
            },
            {
                Suppliers.supplier_id: "SU-2",
                Suppliers.name: "Other Hardware",
                Suppliers.lead_time_days: 21,
                Suppliers.categories: "hardware",
                Suppliers.score: 72,
                Suppliers.standing: "Average",
            },
            {
                Suppliers.supplier_id: "SU-BAD",
                Suppliers.name: "Bad Hardware",
                Suppliers.lead_time_days: 14,
                Suppliers.categories: "hardware",
                Suppliers.score: 12,
                Suppliers.standing: "Very Poor",
            },
        ],
        Customers: [
            {
                Customers.customer_id: "CU-1",
                Customers.name: "Acme",
                Customers.country: "DE",
                Customers.credit_score: 90,
            }
        ],
        Orders: orders,
        OrderLines: lines,
    }
    for name, rows in extra.items():
        out[{"invoices": Invoices}[name]] = rows
    return out


def _product(sku: str, kind: str, supplier: str) -> dict[Any, Any]:
    return {
        Products.sku: sku,
        Products.description: sku,
        Products.category: "hardware",
        Products.product_type: kind,
        Products.default_supplier: supplier,
    }


# Booked: 30,000 shipping Friday 20 March (week 2): weeks 0–2 hold 36,000, so 6,000 is left
# to add by week 2; week 3 adds 12,000 more (18,000).
BOOKED = order("SO-B", "confirmed", ship=dt.date(2026, 3, 20), want=dt.date(2026, 4, 30))
BOOKED_LINE = line("SO-B", "P-1", 30_000)


def block_rows(register: Any, sheet: str, name: str) -> list[dict[str, Any]]:
    """The rows of one block of an OrderDesk sheet as saved (header → value)."""
    content = register.sheets[sheet]
    block = next(b for b in content.blocks if b.name == name)
    return [
        {str(k): (None if v is None or v != v else v) for k, v in rec.items()}
        for rec in block.frame.to_dict("records")
    ]
