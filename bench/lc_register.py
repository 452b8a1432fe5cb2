"""The register of bench/lc.py: 5 lines an order, about 1 % of rows with a typical mistake (the
generator bench/validate.py had before it moved to the sample register; kept here as it was so
the L/C figures stay comparable)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.reference import codes
from orderdesk.schema import (
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Shipments,
    Stage,
    Suppliers,
)

LINES_PER_ORDER = 5
PROBLEM_RATE = 0.01  # share of rows with one planted problem, as a messy register has


def generate(lines: int, seed: int = 7) -> dict[Any, pd.DataFrame]:
    """A register of `lines` order lines: correct rows, and about 1 % with a typical mistake."""
    rng = np.random.default_rng(seed)
    n_orders = lines // LINES_PER_ORDER
    n_customers, n_products, n_suppliers = 300, 400, 60
    hs = np.array(codes.hs_codes())
    cust_ids = np.array([f"CU-{i:04d}" for i in range(n_customers)])
    customers = pd.DataFrame(
        {
            Customers.customer_id: cust_ids,
            Customers.name: [f"Customer {i} Trading Ltd." for i in range(n_customers)],
            Customers.country: rng.choice(["ES", "DE", "FR", "US", "CN", "BR"], n_customers),
            Customers.language: rng.choice(["es", "de", "fr", "en", "zh-CN"], n_customers),
            Customers.email: [f"buyer{i}@customer{i}.com" for i in range(n_customers)],
            Customers.currency: "USD",
            Customers.credit_limit: 50_000_000.0,
            Customers.credit_score: rng.integers(60, 100, n_customers),
        }
    )
    skus = np.array([f"SKU-{i:05d}" for i in range(n_products)])
    sup_ids = np.array([f"SU-{i:03d}" for i in range(n_suppliers)])
    products = pd.DataFrame(
        {
            Products.sku: skus,
            Products.description: [f"Product {i}" for i in range(n_products)],
            Products.category: "hardware",
            Products.hs_code: rng.choice(hs, n_products),
            Products.origin: "CN",
            Products.unit: "PCS",
            Products.default_supplier: rng.choice(sup_ids, n_products),
        }
    )
    suppliers = pd.DataFrame(
        {
            Suppliers.supplier_id: sup_ids,
            Suppliers.name: [f"Factory {i}" for i in range(n_suppliers)],
            Suppliers.country: "CN",
            Suppliers.email: [f"sales@factory{i}.cn" for i in range(n_suppliers)],
            Suppliers.currency: "CNY",
        }
    )
    order_ids = np.array([f"SO-2026-{i:05d}" for i in range(n_orders)])
    stages = rng.choice(
        [
            s.value
            for s in (Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP, Stage.SHIPPED)
        ],
        n_orders,
    )
    start = pd.Timestamp("2026-01-05")
    order_date = start + pd.to_timedelta(rng.integers(0, 60, n_orders), unit="D")
    ship = order_date + pd.to_timedelta(rng.integers(20, 40, n_orders), unit="D")
    qty = rng.integers(10, 5000, lines).astype(float)
    price = np.round(rng.uniform(0.5, 50, lines), 2)
    amount = np.round(qty * price, 2)
    line_order = np.repeat(order_ids, LINES_PER_ORDER)
    line_stage = np.repeat(stages, LINES_PER_ORDER)
    totals = pd.Series(amount).groupby(line_order).sum().reindex(order_ids).to_numpy()
    orders = pd.DataFrame(
        {
            Orders.order_id: order_ids,
            Orders.customer: rng.choice(cust_ids, n_orders),
            Orders.customer_po: [f"PO-{i:07d}" for i in range(n_orders)],
            Orders.order_date: order_date,
            Orders.stage: stages,
            Orders.currency: "USD",
            Orders.incoterm: "FOB",
            Orders.named_place: "Ningbo",
            Orders.transport_mode: "sea",
            Orders.payment_terms: "TT30-70 BS",
            Orders.deposit_pct: 0.3,
            Orders.requested_delivery: ship + pd.Timedelta(days=30),
            Orders.promised_ship: ship,
            Orders.port_of_loading: "CNNGB",
            Orders.port_of_discharge: rng.choice(["ESVLC", "DEHAM", "NLRTM", "USLAX"], n_orders),
            Orders.shipping_marks: "N/M",
            Orders.forwarder: "Kuehne+Nagel",
            Orders.sales_owner: "Li Wei",
            Orders.ship_to: "Consignee, Harbour Road 1",
            Orders.ship_to_country: "ES",
            Orders.order_total: totals,
            Orders.shipped_on: np.where(stages == Stage.SHIPPED.value, ship, pd.NaT),
        }
    )
    line_sku = rng.choice(skus, lines)
    sku_hs = dict(zip(products[Products.sku], products[Products.hs_code], strict=True))
    order_lines = pd.DataFrame(
        {
            OrderLines.order_id: line_order,
            OrderLines.line_no: np.tile(np.arange(1, LINES_PER_ORDER + 1), n_orders),
            OrderLines.sku: line_sku,
            OrderLines.description: "Product",
            OrderLines.spec: "as approved sample",
            OrderLines.hs_code: [sku_hs[s] for s in line_sku],
            OrderLines.origin: "CN",
            OrderLines.qty: qty,
            OrderLines.unit: "PCS",
            OrderLines.unit_price: price,
            OrderLines.amount: amount,
            OrderLines.supplier: rng.choice(sup_ids, lines),
            OrderLines.supplier_due: np.repeat(ship - pd.Timedelta(days=5), LINES_PER_ORDER),
            OrderLines.carton_qty: 10,
            OrderLines.cartons: np.ceil(qty / 10).astype(int),
            OrderLines.net_kg: np.round(qty * 0.2, 1),
            OrderLines.gross_kg: np.round(qty * 0.22, 1),
            OrderLines.cbm: np.round(qty * 0.001, 3),
        }
    )
    _plant(rng, orders, order_lines, line_stage)
    shipped = orders[orders[Orders.stage] == Stage.SHIPPED.value]
    shipments = pd.DataFrame(
        {
            Shipments.shipment_id: [f"SH-{i:05d}" for i in range(len(shipped))],
            Shipments.order_id: shipped[Orders.order_id].to_numpy(),
            Shipments.mode: "ocean",
            Shipments.carrier: "MSCU",
            Shipments.container_no: "MSCU1234566",
            Shipments.port_of_loading: "CNNGB",
            Shipments.port_of_discharge: shipped[Orders.port_of_discharge].to_numpy(),
        }
    )
    invoices = pd.DataFrame(
        {
            Invoices.invoice_no: [f"INV-{i:05d}" for i in range(len(shipped))],
            Invoices.order_id: shipped[Orders.order_id].to_numpy(),
            Invoices.customer: shipped[Orders.customer].to_numpy(),
            Invoices.kind: "full",
            Invoices.issue_date: shipped[Orders.promised_ship].to_numpy(),
            Invoices.currency: "USD",
            Invoices.amount: shipped[Orders.order_total].to_numpy(),
        }
    )
    return {
        Customers: customers,
        Products: products,
        Suppliers: suppliers,
        Orders: orders,
        OrderLines: order_lines,
        Shipments: shipments,
        Invoices: invoices,
    }


def _plant(rng: np.random.Generator, orders: pd.DataFrame, lines: pd.DataFrame, _: Any) -> None:
    """The usual mistakes, each on about PROBLEM_RATE / 4 of the rows."""
    k = max(1, int(len(lines) * PROBLEM_RATE / 4))
    pick = rng.choice(len(lines), 4 * k, replace=False)
    lines.loc[pick[:k], OrderLines.hs_code] = "851712"  # not in HS 2022
    lines.loc[pick[k : 2 * k], OrderLines.spec] = None  # missing spec
    lines[OrderLines.qty] = lines[OrderLines.qty].astype(object)
    lines.loc[pick[2 * k : 3 * k], OrderLines.qty] = "1,2OO"  # a letter O: unreadable
    lines.loc[pick[3 * k :], OrderLines.unit] = "PIECES"
    j = max(1, int(len(orders) * PROBLEM_RATE / 3))
    pick = rng.choice(len(orders), 3 * j, replace=False)
    orders.loc[pick[:j], Orders.currency] = "US$"
    orders.loc[pick[j : 2 * j], Orders.shipping_marks] = None
    orders.loc[pick[2 * j :], Orders.transport_mode] = "air"
