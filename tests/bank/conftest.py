"""A small export register whose open invoices the hand-written statements in files/ pay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.schema import Customers, Invoices, Orders

FILES = Path(__file__).parent / "files"

CUSTOMERS = [
    ("CU-0001", "Acme Trading GmbH", "ACME HOLDING", "DE", 80),
    ("CU-0002", "Importaciones Ibéricas S.L.", None, "ES", 70),
    ("CU-0003", "Nordic Home AB", None, "SE", 75),
    ("CU-0004", "Global Gadgets Inc.", None, "US", 85),
    ("CU-0005", "Maison Lumière SARL", None, "FR", 65),
    ("CU-0006", "Müller Küchen GmbH", None, "DE", 60),
]
ORDERS = [
    ("SO-2026-0001", "CU-0001", "4500012345", "TT30-70 BS"),
    ("SO-2026-0002", "CU-0002", "IMP-2026-118", "TT30-70 BS"),
    ("SO-2026-0003", "CU-0004", "GG-PO-7781", "TT100"),
    ("SO-2026-0004", "CU-0005", "ML-2026-04", "TT100"),
    ("SO-2026-0005", "CU-0006", "MK-5531", "OA30"),
    ("SO-2026-0007", "CU-0003", "NH-2026-55", "TT30-70 BS"),
    ("SO-2026-0011", "CU-0001", "4500012399", "TT30-70 BS"),
]
# invoice, order, customer, kind, issued, due, currency, amount
INVOICES = [
    ("INV-2026-0001", "SO-2026-0001", "CU-0001", "full", "2026-10-01", "2026-10-25", "USD", 12000),
    (
        "INV-2026-0002",
        "SO-2026-0002",
        "CU-0002",
        "deposit",
        "2026-10-10",
        "2026-10-31",
        "USD",
        5000,
    ),
    ("INV-2026-0003", "SO-2026-0003", "CU-0004", "full", "2026-10-05", "2026-11-04", "USD", 10000),
    ("INV-2026-0004", "SO-2026-0004", "CU-0005", "full", "2026-10-12", "2026-11-11", "USD", 9600),
    ("INV-2026-0005", "SO-2026-0005", "CU-0006", "full", "2026-09-20", "2026-10-20", "USD", 4550),
    ("INV-2026-0010", "SO-2026-0007", "CU-0003", "deposit", "2026-09-01", "2026-09-10", "USD", 750),
    (
        "INV-2026-0012",
        "SO-2026-0007",
        "CU-0003",
        "balance",
        "2026-10-20",
        "2026-11-05",
        "USD",
        1750,
    ),
    ("INV-2026-0011", "SO-2026-0011", "CU-0001", "full", "2026-10-15", "2026-11-14", "USD", 10000),
]


def trade_rows() -> dict[Any, list[dict[Any, Any]]]:
    return {
        Customers: [
            {
                Customers.customer_id: c,
                Customers.name: n,
                Customers.aliases: a,
                Customers.country: k,
                Customers.credit_score: s,
                Customers.currency: "USD",
            }
            for c, n, a, k, s in CUSTOMERS
        ],
        Orders: [
            {
                Orders.order_id: o,
                Orders.customer: c,
                Orders.customer_po: po,
                Orders.payment_terms: t,
                Orders.order_date: dt.date(2026, 9, 1),
                Orders.stage: "invoiced",
                Orders.currency: "USD",
                Orders.sales_owner: "lwei",
            }
            for o, c, po, t in ORDERS
        ],
        Invoices: [
            {
                Invoices.invoice_no: i,
                Invoices.order_id: o,
                Invoices.customer: c,
                Invoices.kind: k,
                Invoices.issue_date: dt.date.fromisoformat(issued),
                Invoices.due_date: dt.date.fromisoformat(due),
                Invoices.currency: ccy,
                Invoices.amount: amount,
            }
            for i, o, c, k, issued, due, ccy, amount in INVOICES
        ],
    }


@pytest.fixture
def trade_register(make_register: Callable[..., Path]) -> Path:
    return make_register(trade_rows())


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-15")
