"""A small hand-made register whose every KPI is worked out by hand in test_kpis.py.

Today is 2026-04-15; everything is in USD (the base currency) unless a test says otherwise.

order  customer  ordered  promised  shipped   stage          lines (sku qty × price, supplier cost)
SO-1   CU-1      01-05    02-01     01-30     shipped        A 100×10 SU-1 6 · B 50×4 SU-2 3 (48 accepted)
SO-2   CU-1      01-10    02-10     02-14     shipped        C 20×50 SU-1 30
SO-3   CU-2      02-01    03-01     02-27     shipped        A 200×9 SU-2 6 (190 delivered) · D 10×20 from stock
SO-4   CU-3      02-15    03-20     03-20     shipped        C 10×60 SU-1 35
SO-5   CU-2      03-01    04-01     04-10     shipped        B 300×5 SU-2 3.5 · A 50×10 SU-1 6
SO-6   CU-4      03-10    04-20     —         in production  A 100×10 SU-1 6, due 04-25, not delivered
SO-7   CU-3      03-20    05-30     —         in production  D 40×25 SU-2 15, due 05-01
SO-8   CU-1      04-01    05-01     —         cancelled      A 1000×10 SU-1 6, due 04-10
SO-9   CU-4      04-05    05-15     —         draft          B 10×5 from stock

Purchase lines (due → delivered): SO-1 A 01-20 → 01-18, B 01-22 → 01-25; SO-2 02-01 → 02-01;
SO-3 A 02-15 → 02-14; SO-4 03-10 → 03-12; SO-5 B 03-25 → 03-20, A 03-28 → 03-30.
Complaints: SO-2 delay (02-20), SO-4 quality (03-25) and packaging (03-26), SO-6 quality (04-12).
Invoices (issued, due, amount, outstanding): INV-0 CU-3 2025-10-01 2025-11-01 800/800;
INV-1 SO-1 01-30 03-01 1200/0; INV-2 SO-2 02-14 03-16 1000/—; INV-3 SO-3 02-27 03-29 2000/500;
INV-4 SO-4 03-20 04-19 600/—; INV-5 SO-5 04-10 05-10 2000/—; INV-6 SO-6 01-10 01-20 300/—;
INV-7 SO-7 04-20 (after today) 900/—.
Quotes (latest version): Q-1 v2 won 20 % lwei 01-02 (v1 superseded), Q-2 lost 12 % mgarcia 01-20,
Q-3 won 25 % mgarcia 02-10, Q-4 expired 10 % lwei 03-01, Q-5 sent 18 % lwei 04-01,
Q-6 won 30 % lwei 2025-06-01.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from orderdesk.schema import (
    Complaints,
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Quotes,
    Suppliers,
)

TODAY = dt.date(2026, 4, 15)


def D(m: int, d: int, y: int = 2026) -> dt.date:
    return dt.date(y, m, d)


CUSTOMERS = [
    {Customers.customer_id: cid, Customers.name: name, Customers.country: country}
    for cid, name, country in (
        ("CU-1", "Hamburg Haus GmbH", "DE"),
        ("CU-2", "Importaciones Madrid SL", "ES"),
        ("CU-3", "Lyon Outils SA", "FR"),
        ("CU-4", "Berlin Bau KG", "DE"),
    )
]

PRODUCTS = [
    {Products.sku: sku, Products.description: desc, Products.category: cat}
    for sku, desc, cat in (
        ("A", "Hinge", "hardware"),
        ("B", "Bolt", "hardware"),
        ("C", "Casting", "castings"),
        ("D", "Canvas", "textiles"),
    )
]

SUPPLIERS = [
    {Suppliers.supplier_id: "SU-1", Suppliers.name: "Acme Hardware", Suppliers.currency: "USD"},
    {Suppliers.supplier_id: "SU-2", Suppliers.name: "Bolt & Nut Co.", Suppliers.currency: "USD"},
]


def _order(oid, customer, ordered, promised, shipped, stage, owner="lwei", currency="USD"):
    return {
        Orders.order_id: oid,
        Orders.customer: customer,
        Orders.order_date: ordered,
        Orders.promised_ship: promised,
        Orders.shipped_on: shipped,
        Orders.stage: stage,
        Orders.sales_owner: owner,
        Orders.currency: currency,
    }


ORDERS = [
    _order("SO-1", "CU-1", D(1, 5), D(2, 1), D(1, 30), "shipped"),
    _order("SO-2", "CU-1", D(1, 10), D(2, 10), D(2, 14), "shipped"),
    _order("SO-3", "CU-2", D(2, 1), D(3, 1), D(2, 27), "shipped"),
    _order("SO-4", "CU-3", D(2, 15), D(3, 20), D(3, 20), "shipped"),
    _order("SO-5", "CU-2", D(3, 1), D(4, 1), D(4, 10), "shipped"),
    _order("SO-6", "CU-4", D(3, 10), D(4, 20), None, "in production"),
    _order("SO-7", "CU-3", D(3, 20), D(5, 30), None, "in production"),
    _order("SO-8", "CU-1", D(4, 1), D(5, 1), None, "cancelled"),
    _order("SO-9", "CU-4", D(4, 5), D(5, 15), None, "draft"),
]


def _line(
    oid, no, sku, qty, price, supplier=None, cost=None, due=None, delivered=None, dq=None, acc=None
):
    return {
        OrderLines.order_id: oid,
        OrderLines.line_no: no,
        OrderLines.sku: sku,
        OrderLines.qty: qty,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: price,
        OrderLines.amount: qty * price,
        OrderLines.supplier: supplier,
        OrderLines.unit_cost: cost,
        OrderLines.supplier_due: due,
        OrderLines.supplier_delivered: delivered,
        OrderLines.delivered_qty: (dq if dq is not None else qty) if delivered else None,
        OrderLines.accepted_qty: (acc if acc is not None else dq if dq is not None else qty)
        if delivered
        else None,
    }


LINES = [
    _line("SO-1", 1, "A", 100, 10, "SU-1", 6, D(1, 20), D(1, 18)),
    _line("SO-1", 2, "B", 50, 4, "SU-2", 3, D(1, 22), D(1, 25), acc=48),  # 2 rejected at QC
    _line("SO-2", 1, "C", 20, 50, "SU-1", 30, D(2, 1), D(2, 1)),
    _line("SO-3", 1, "A", 200, 9, "SU-2", 6, D(2, 15), D(2, 14), dq=190),
    _line("SO-3", 2, "D", 10, 20),
    _line("SO-4", 1, "C", 10, 60, "SU-1", 35, D(3, 10), D(3, 12)),
    _line("SO-5", 1, "B", 300, 5, "SU-2", 3.5, D(3, 25), D(3, 20)),
    _line("SO-5", 2, "A", 50, 10, "SU-1", 6, D(3, 28), D(3, 30)),
    _line("SO-6", 1, "A", 100, 10, "SU-1", 6, D(4, 25)),
    _line("SO-7", 1, "D", 40, 25, "SU-2", 15, D(5, 1)),
    _line("SO-8", 1, "A", 1000, 10, "SU-1", 6, D(4, 10)),
    _line("SO-9", 1, "B", 10, 5),
]

COMPLAINTS = [
    {
        Complaints.complaint_id: cid,
        Complaints.order_id: oid,
        Complaints.date: date,
        Complaints.cause: cause,
        Complaints.description: text,
    }
    for cid, oid, date, cause, text in (
        ("CP-1", "SO-2", D(2, 20), "delay", "arrived after the trade fair"),
        ("CP-2", "SO-4", D(3, 25), "quality", "porous castings"),
        ("CP-3", "SO-4", D(3, 26), "packaging", None),
        ("CP-4", "SO-6", D(4, 12), "quality", None),
    )
]


def _invoice(no, oid, customer, issued, due, amount, outstanding=None):
    return {
        Invoices.invoice_no: no,
        Invoices.order_id: oid,
        Invoices.customer: customer,
        Invoices.kind: "full",
        Invoices.issue_date: issued,
        Invoices.due_date: due,
        Invoices.currency: "USD",
        Invoices.amount: amount,
        Invoices.outstanding: outstanding,
    }


INVOICES = [
    _invoice("INV-0", "SO-0", "CU-3", D(10, 1, 2025), D(11, 1, 2025), 800, 800),
    _invoice("INV-1", "SO-1", "CU-1", D(1, 30), D(3, 1), 1200, 0),
    _invoice("INV-2", "SO-2", "CU-1", D(2, 14), D(3, 16), 1000),
    _invoice("INV-3", "SO-3", "CU-2", D(2, 27), D(3, 29), 2000, 500),
    _invoice("INV-4", "SO-4", "CU-3", D(3, 20), D(4, 19), 600),
    _invoice("INV-5", "SO-5", "CU-2", D(4, 10), D(5, 10), 2000),
    _invoice("INV-6", "SO-6", "CU-4", D(1, 10), D(1, 20), 300),
    _invoice("INV-7", "SO-7", "CU-3", D(4, 20), D(5, 20), 900),
]


def _quote(qid, version, status, margin, owner, date, customer="CU-1"):
    return {
        Quotes.quote_id: qid,
        Quotes.version: version,
        Quotes.customer: customer,
        Quotes.quote_date: date,
        Quotes.currency: "USD",
        Quotes.incoterm: "FOB",
        Quotes.sales_owner: owner,
        Quotes.status: status,
        Quotes.margin_pct: margin,
    }


QUOTES = [
    _quote("Q-1", 1, "superseded", 0.15, "lwei", D(1, 1)),
    _quote("Q-1", 2, "won", 0.20, "lwei", D(1, 2)),
    _quote("Q-2", 1, "lost", 0.12, "mgarcia", D(1, 20), "CU-2"),
    _quote("Q-3", 1, "won", 0.25, "mgarcia", D(2, 10), "CU-2"),
    _quote("Q-4", 1, "expired", 0.10, "lwei", D(3, 1), "CU-3"),
    _quote("Q-5", 1, "sent", 0.18, "lwei", D(4, 1), "CU-4"),
    _quote("Q-6", 1, "won", 0.30, "lwei", D(6, 1, 2025)),
]


def tables() -> dict[Any, Any]:
    """Fresh copies each call: a test that edits a row (a negative case) must not change the
    register every later test in its process is drawn from."""
    return copy.deepcopy(
        {
            Customers: CUSTOMERS,
            Products: PRODUCTS,
            Suppliers: SUPPLIERS,
            Orders: ORDERS,
            OrderLines: LINES,
            Complaints: COMPLAINTS,
            Invoices: INVOICES,
            Quotes: QUOTES,
        }
    )
