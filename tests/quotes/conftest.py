"""A small register for the quote tests: customers, products with costs, order history, cost
drivers with round numbers (so a price can be worked out by hand), a CIF and an EXW quote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from orderdesk.defaults import policy_rows
from orderdesk.schema import (
    Column,
    CostDrivers,
    Customers,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Table,
    placement,
)

QUOTE_DAY = dt.date(2026, 10, 14)  # a Wednesday with an ECB fixing
CIF, EXW = "Q-2026-0001", "Q-2026-0002"


def drivers() -> list[dict[Column, Any]]:
    as_of = dt.date(2026, 10, 1)
    rows = [
        ("steel", 1.05, "index", None),
        ("plastics", 1.00, "index", None),
        ("freight per 40ft", 2680, "per FEU", "USD"),
        ("cbm per 40ft", 67, "CBM", None),
        ("air freight per kg", 4.2, "per kg", "USD"),
        ("inland per cbm", 85, "per CBM", "CNY"),
    ]
    return [
        {
            CostDrivers.driver: d,
            CostDrivers.value: v,
            CostDrivers.unit: u,
            CostDrivers.currency: c,
            CostDrivers.as_of: as_of,
        }
        for d, v, u, c in rows
    ]


def data() -> dict[type[Table], list[dict[Column, Any]]]:
    customers = [
        {
            Customers.customer_id: "CU-0001",
            Customers.name: "Hamburger Haushaltswaren GmbH",
            Customers.country: "DE",
            Customers.currency: "USD",
            Customers.credit_score: 85,
        },
        {
            Customers.customer_id: "CU-0002",
            Customers.name: "Distribuciones Iberia S.L.",
            Customers.country: "ES",
            Customers.credit_score: 45,
        },
        {
            Customers.customer_id: "CU-0003",
            Customers.name: "Blocked Imports Ltd",
            Customers.country: "GB",
            Customers.blocked: True,
        },
    ]
    products = [
        {
            Products.sku: "HW-0001",
            Products.description: "Steel hinge 100 mm",
            Products.category: "hardware",
            Products.cost_currency: "CNY",
            Products.material_cost: 20.00,
            Products.labour_cost: 6.00,
            Products.packaging_cost: 1.50,
            Products.material_index: "steel",
            Products.carton_qty: 20,
            Products.carton_l_cm: 50,
            Products.carton_w_cm: 40,
            Products.carton_h_cm: 30,
            Products.carton_gross_kg: 12,
            Products.unit: "PCS",
        },
        {
            Products.sku: "KW-0002",
            Products.description: "PP storage box 20 l",
            Products.category: "kitchenware",
            Products.cost_currency: "CNY",
            Products.material_cost: 9.00,
            Products.labour_cost: 2.00,
            Products.packaging_cost: 0.80,
            Products.material_index: "plastics",
            Products.carton_qty: 10,
            Products.carton_l_cm: 60,
            Products.carton_w_cm: 40,
            Products.carton_h_cm: 50,
            Products.carton_gross_kg: 9,
            Products.unit: "PCS",
        },
    ]
    orders, lines = [], []
    for i, (day, qty) in enumerate([(dt.date(2026, 3, 2), 800), (dt.date(2026, 6, 8), 1200)], 1):
        oid = f"SO-2026-000{i}"
        orders.append(
            {
                Orders.order_id: oid,
                Orders.customer: "CU-0001",
                Orders.order_date: day,
                Orders.stage: "shipped",
            }
        )
        lines.append(
            {
                OrderLines.order_id: oid,
                OrderLines.line_no: 1,
                OrderLines.sku: "HW-0001",
                OrderLines.qty: qty,
            }
        )
    quotes, qlines = [], []
    for qid, term, place in ((CIF, "CIF", "Rotterdam"), (EXW, "EXW", "Ningbo")):
        quotes.append(
            {
                Quotes.quote_id: qid,
                Quotes.version: 1,
                Quotes.customer: "CU-0001",
                Quotes.quote_date: QUOTE_DAY,
                Quotes.valid_until: QUOTE_DAY + dt.timedelta(days=30),
                Quotes.currency: "USD",
                Quotes.incoterm: term,
                Quotes.named_place: place,
                Quotes.transport_mode: "sea",
                Quotes.payment_terms: "TT30-70 BL",
                Quotes.lead_time_days: 45,
                Quotes.sales_owner: "Li Wei",
            }
        )
        qlines.append(
            {
                QuoteLines.quote_id: qid,
                QuoteLines.version: 1,
                QuoteLines.line_no: 1,
                QuoteLines.sku: "HW-0001",
                QuoteLines.qty: 1000,
                QuoteLines.unit: "PCS",
            }
        )
    out: dict[type[Table], list[dict[Column, Any]]] = dict(policy_rows())
    out.update(
        {
            Customers: customers,
            Products: products,
            Orders: orders,
            OrderLines: lines,
            Quotes: quotes,
            QuoteLines: qlines,
            CostDrivers: drivers(),
        }
    )
    return out


@pytest.fixture
def quote_register(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    monkeypatch.setenv("ORDERDESK_TODAY", QUOTE_DAY.isoformat())
    monkeypatch.setenv("ORDERDESK_JOURNAL_DIR", str(tmp_path / "profile-journals"))
    return make_register(data())


def cells(path: Path, table: type[Table]) -> list[dict[str, Any]]:
    """The table's rows as saved, read back with openpyxl (values as the file holds them)."""
    wb = load_workbook(path, data_only=True)
    ws = wb[table.sheet]
    first = placement(table).first_col
    width = len(table.columns())
    rows = list(ws.iter_rows(min_row=1, min_col=first, max_col=first + width - 1, values_only=True))
    header = [str(h) if h is not None else "" for h in rows[0]]
    out = []
    for r in rows[1:]:
        if all(v is None for v in r):
            continue
        out.append(dict(zip(header, r, strict=False)))
    return out


def row_of(path: Path, table: type[Table], **keys: Any) -> dict[str, Any]:
    """The saved row whose key columns (by attribute name) have these values."""
    for rec in cells(path, table):
        if all(rec.get(str(getattr(table, k))) == v for k, v in keys.items()):
            return rec
    raise AssertionError(f"{table.sheet}: no row with {keys}")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `orderdesk ARGS…`; returns the exit code, stdout and stderr (line breaks unwrapped)."""
    from orderdesk.cli import main

    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def set_cell(path: Path, table: type[Table], column: Column, value: Any, **keys: Any) -> int:
    """Type a value into the workbook as a user would (openpyxl); returns the sheet row."""
    wb = load_workbook(path)
    ws = wb[table.sheet]
    first = placement(table).first_col
    header = [c.value for c in ws[1]]
    col_of = {str(h): i + 1 for i, h in enumerate(header) if i + 1 >= first and h}
    for row in range(2, ws.max_row + 1):
        if all(ws.cell(row, col_of[str(getattr(table, k))]).value == v for k, v in keys.items()):
            ws.cell(row, col_of[str(column)]).value = value
            wb.save(path)
            return row
    raise AssertionError(f"{table.sheet}: no row with {keys}")


def add_rows(path: Path, table: type[Table], rows: list[dict[Column, Any]]) -> None:
    """Append rows below the table as a user would (the Excel Table grows)."""
    from orderdesk.adapters.file_register import FileRegister

    with FileRegister(path) as reg:
        reg.append(table, rows)
