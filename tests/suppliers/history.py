"""A small hand-made purchase history whose scores are worked out by hand in the tests.

Today is 2026-04-15. Three suppliers buy-in products A, B and C; SU-4 has no history at all.

line  supplier  order/line  SKU  qty  cost  due         delivered   del.qty  accepted
L1    SU-1      SO-1/1      A    100  10    2026-01-10  2026-01-08  100      98
L2    SU-1      SO-1/2      B     50   4    2026-01-20  2026-01-25   50      50   (late)
L3    SU-1      SO-2/1      A    200   9    2026-03-05  2026-03-05  180     180   (short)
L4    SU-1      SO-2/2      C     10  20    2026-03-15  2026-03-14   10      10
L5    SU-2      SO-3/1      A    100  12    2026-01-12  2026-01-12  100      90
L6    SU-2      SO-3/2      B    100   5    2026-03-10  2026-03-09  100     100
L7    SU-3      SO-4/1      A    100  15    2026-03-01  —                         (missing)
L8    SU-3      SO-4/2      C     10  30    2026-03-20  2026-04-10   10       5   (late)
L9    SU-3      SO-5/1      A     50  15    2026-06-01  —                         (new line)
L10   —         SO-5/2      B     10  —     —           —                         (from stock)

Complaints: SO-1/A on 2026-01-30 with no supplier (traced to SU-1 through line L1);
SO-4/C on 2026-04-12 against SU-3.
Requests: SU-1 sent 01-05 answered 01-06, sent 03-02 answered 03-06; SU-2 sent 03-01 answered
03-03; SU-3 sent 04-01, not answered.
Target cost (material + labour + packaging): A 8 + 2 + 0.5 = 10.5, B 3 + 1 = 4, C none.
Orders: SO-1 and SO-3 shipped, SO-2 and SO-4 in production, SO-5 confirmed.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from orderdesk.schema import (
    Complaints,
    OrderLines,
    Orders,
    Products,
    SupplierRequests,
    Suppliers,
)

TODAY = dt.date(2026, 4, 15)
D = dt.date


def _line(
    order, no, sku, qty, supplier=None, cost=None, due=None, delivered=None, dq=None, acc=None
):
    return {
        OrderLines.order_id: order,
        OrderLines.line_no: no,
        OrderLines.sku: sku,
        OrderLines.qty: qty,
        OrderLines.unit: "PCS",
        OrderLines.unit_price: 30,
        OrderLines.supplier: supplier,
        OrderLines.unit_cost: cost,
        OrderLines.supplier_due: due,
        OrderLines.supplier_delivered: delivered,
        OrderLines.delivered_qty: dq,
        OrderLines.accepted_qty: acc,
    }


LINES = [
    _line("SO-1", 1, "A", 100, "SU-1", 10, D(2026, 1, 10), D(2026, 1, 8), 100, 98),
    _line("SO-1", 2, "B", 50, "SU-1", 4, D(2026, 1, 20), D(2026, 1, 25), 50, 50),
    _line("SO-2", 1, "A", 200, "SU-1", 9, D(2026, 3, 5), D(2026, 3, 5), 180, 180),
    _line("SO-2", 2, "C", 10, "SU-1", 20, D(2026, 3, 15), D(2026, 3, 14), 10, 10),
    _line("SO-3", 1, "A", 100, "SU-2", 12, D(2026, 1, 12), D(2026, 1, 12), 100, 90),
    _line("SO-3", 2, "B", 100, "SU-2", 5, D(2026, 3, 10), D(2026, 3, 9), 100, 100),
    _line("SO-4", 1, "A", 100, "SU-3", 15, D(2026, 3, 1)),
    _line("SO-4", 2, "C", 10, "SU-3", 30, D(2026, 3, 20), D(2026, 4, 10), 10, 5),
    _line("SO-5", 1, "A", 50, "SU-3", 15, D(2026, 6, 1)),
    _line("SO-5", 2, "B", 10),
]


def _order(oid, stage, customer, promised):
    return {
        Orders.order_id: oid,
        Orders.customer: customer,
        Orders.order_date: D(2025, 12, 1),
        Orders.stage: stage,
        Orders.sales_owner: "lwei",
        Orders.promised_ship: promised,
    }


ORDERS = [
    _order("SO-1", "shipped", "CU-1", D(2026, 2, 1)),
    _order("SO-2", "in production", "CU-2", D(2026, 4, 30)),
    _order("SO-3", "shipped", "CU-1", D(2026, 3, 20)),
    _order("SO-4", "in production", "CU-3", D(2026, 4, 20)),
    _order("SO-5", "confirmed", "CU-2", D(2026, 7, 1)),
]

SUPPLIERS = [
    {Suppliers.supplier_id: sid, Suppliers.name: name, Suppliers.currency: "USD"}
    for sid, name in (
        ("SU-1", "Acme Hardware"),
        ("SU-2", "Bolt & Nut Co."),
        ("SU-3", "Cheap Castings"),
        ("SU-4", "Dormant Textiles"),
    )
]

PRODUCTS = [
    {
        Products.sku: "A",
        Products.description: "Hinge",
        Products.category: "hardware",
        Products.cost_currency: "USD",
        Products.material_cost: 8,
        Products.labour_cost: 2,
        Products.packaging_cost: 0.5,
    },
    {
        Products.sku: "B",
        Products.description: "Bolt",
        Products.category: "hardware",
        Products.cost_currency: "USD",
        Products.material_cost: 3,
        Products.labour_cost: 1,
    },
    {Products.sku: "C", Products.description: "Casting", Products.category: "castings"},
]

COMPLAINTS = [
    {
        Complaints.complaint_id: "CP-1",
        Complaints.order_id: "SO-1",
        Complaints.sku: "A",
        Complaints.date: D(2026, 1, 30),
        Complaints.cause: "quality",
    },
    {
        Complaints.complaint_id: "CP-2",
        Complaints.order_id: "SO-4",
        Complaints.sku: "C",
        Complaints.supplier: "SU-3",
        Complaints.date: D(2026, 4, 12),
        Complaints.cause: "quality",
    },
]

REQUESTS = [
    {
        SupplierRequests.request_id: rid,
        SupplierRequests.supplier: sup,
        SupplierRequests.kind: "RFQ",
        SupplierRequests.sent: sent,
        SupplierRequests.answered: answered,
    }
    for rid, sup, sent, answered in (
        ("RQ-1", "SU-1", D(2026, 1, 5), D(2026, 1, 6)),
        ("RQ-2", "SU-1", D(2026, 3, 2), D(2026, 3, 6)),
        ("RQ-3", "SU-2", D(2026, 3, 1), D(2026, 3, 3)),
        ("RQ-4", "SU-3", D(2026, 4, 1), None),
    )
]


def tables() -> dict[Any, Any]:
    """Fresh copies each call: a test that edits a row must not change what later tests in its
    process read."""
    return copy.deepcopy(
        {
            OrderLines: LINES,
            Orders: ORDERS,
            Suppliers: SUPPLIERS,
            Products: PRODUCTS,
            Complaints: COMPLAINTS,
            SupplierRequests: REQUESTS,
        }
    )
