"""Benchmark: every KPI on 100,000 orders / 300,000 order lines.

    .venv/bin/python bench/kpi.py [--orders 100000] [--keep FILE]

Generates a register with numpy (not through Excel), writes it once, reads it back with the file
adapter, and times the KPI report (all KPIs, pivots and warnings). Prints the compute time and its
ratio to reading the register. Goal: compute under a second.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scorecard import write_register  # bench/scorecard.py: the streaming register writer

from orderdesk.actions.context import RunContext
from orderdesk.actions.kpi import load_bands, read_kpi_inputs
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain import kpi as K
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

TODAY = dt.date(2026, 4, 30)
DAYS = 36 * 30


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width)).astype(object)


def _days(start: np.datetime64, offsets: np.ndarray) -> np.ndarray:
    return (start + offsets.astype("timedelta64[D]")).astype("datetime64[ns]")


def generate(n_orders: int, lines_per_order: int = 3, seed: int = 11) -> dict[type, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    start = np.datetime64(TODAY, "D") - DAYS
    now = np.datetime64(TODAY, "D")
    n_cust, n_sku, n_sup = 2000, 5000, 500
    countries = np.array(["DE", "ES", "FR", "US", "GB", "NL", "IT", "AE", "BR", "JP"])
    customers = pd.DataFrame(
        {
            Customers.customer_id: _ids("CU-", np.arange(n_cust), 5),
            Customers.name: _ids("Customer ", np.arange(n_cust), 5),
            Customers.country: rng.choice(countries, n_cust),
        }
    )
    categories = np.array([f"category {i}" for i in range(12)])
    products = pd.DataFrame(
        {
            Products.sku: _ids("P-", np.arange(n_sku), 5),
            Products.description: "item",
            Products.category: rng.choice(categories, n_sku),
        }
    )
    suppliers = pd.DataFrame(
        {
            Suppliers.supplier_id: _ids("SU-", np.arange(n_sup), 4),
            Suppliers.name: _ids("Supplier ", np.arange(n_sup), 4),
            Suppliers.currency: rng.choice(["USD", "CNY"], n_sup, p=[0.85, 0.15]),
        }
    )

    ordered_off = np.sort(rng.integers(0, DAYS, n_orders))
    ordered = start + ordered_off.astype("timedelta64[D]")
    lead = rng.integers(20, 60, n_orders)
    promised = ordered + lead.astype("timedelta64[D]")
    slip = np.rint(rng.normal(0, 5, n_orders)).astype("int64").astype("timedelta64[D]")
    shipped = promised + slip
    shipped_ok = shipped <= now
    stage = np.where(shipped_ok, "shipped", rng.choice(["confirmed", "in production"], n_orders))
    stage[rng.random(n_orders) < 0.02] = "cancelled"
    order_ids = _ids("SO-", np.arange(n_orders), 6)
    orders = pd.DataFrame(
        {
            Orders.order_id: order_ids,
            Orders.customer: customers[Customers.customer_id].to_numpy()[
                rng.integers(0, n_cust, n_orders)
            ],
            Orders.order_date: ordered.astype("datetime64[ns]"),
            Orders.stage: stage,
            Orders.currency: rng.choice(["USD", "EUR"], n_orders, p=[0.7, 0.3]),
            Orders.promised_ship: promised.astype("datetime64[ns]"),
            Orders.shipped_on: np.where(shipped_ok, shipped, np.datetime64("NaT")).astype(
                "datetime64[ns]"
            ),
            Orders.sales_owner: rng.choice(["lwei", "mgarcia", "zhangmin", "jsmith"], n_orders),
        }
    )

    n_lines = n_orders * lines_per_order
    owner = np.repeat(np.arange(n_orders), lines_per_order)
    sku = rng.integers(0, n_sku, n_lines)
    qty = rng.integers(10, 2000, n_lines).astype("float64")
    price = np.round(rng.uniform(2, 80, n_lines), 2)
    due = ordered[owner] + (lead[owner] - rng.integers(5, 15, n_lines)).astype("timedelta64[D]")
    late = np.rint(rng.normal(0, 4, n_lines)).astype("int64").astype("timedelta64[D]")
    delivered = due + late
    delivered_ok = delivered <= now
    dq = np.where(delivered_ok, np.where(rng.random(n_lines) < 0.05, qty * 0.95, qty), np.nan)
    lines = pd.DataFrame(
        {
            OrderLines.order_id: order_ids[owner],
            OrderLines.line_no: np.tile(np.arange(1, lines_per_order + 1), n_orders),
            OrderLines.sku: products[Products.sku].to_numpy()[sku],
            OrderLines.qty: qty,
            OrderLines.unit: "PCS",
            OrderLines.unit_price: price,
            OrderLines.amount: np.round(qty * price, 2),
            OrderLines.supplier: suppliers[Suppliers.supplier_id].to_numpy()[
                rng.integers(0, n_sup, n_lines)
            ],
            OrderLines.unit_cost: np.round(price * rng.uniform(0.6, 0.95, n_lines), 2),
            OrderLines.supplier_due: due.astype("datetime64[ns]"),
            OrderLines.supplier_delivered: np.where(
                delivered_ok, delivered, np.datetime64("NaT")
            ).astype("datetime64[ns]"),
            OrderLines.delivered_qty: dq,
            OrderLines.accepted_qty: np.where(rng.random(n_lines) < 0.03, np.floor(dq * 0.9), dq),
        }
    )
    n_c = n_orders // 30
    pick = rng.integers(0, n_orders, n_c)
    complaints = pd.DataFrame(
        {
            Complaints.complaint_id: _ids("CP-", np.arange(n_c), 6),
            Complaints.order_id: order_ids[pick],
            Complaints.date: _days(start, ordered_off[pick] + 70),
            Complaints.cause: rng.choice(["quality", "quantity", "packaging", "delay"], n_c),
        }
    )
    inv_orders = np.flatnonzero(shipped_ok)
    issued = shipped[inv_orders]
    amount = pd.Series(lines[OrderLines.amount]).groupby(owner).sum().to_numpy()[inv_orders]
    paid = rng.random(len(inv_orders)) < 0.85
    invoices = pd.DataFrame(
        {
            Invoices.invoice_no: _ids("INV-", np.arange(len(inv_orders)), 6),
            Invoices.order_id: order_ids[inv_orders],
            Invoices.customer: orders[Orders.customer].to_numpy()[inv_orders],
            Invoices.kind: "full",
            Invoices.issue_date: issued.astype("datetime64[ns]"),
            Invoices.due_date: (issued + 30).astype("datetime64[ns]"),
            Invoices.currency: orders[Orders.currency].to_numpy()[inv_orders],
            Invoices.amount: amount,
            Invoices.outstanding: np.where(paid, 0.0, np.nan),
        }
    )
    n_q = n_orders // 2
    quotes = pd.DataFrame(
        {
            Quotes.quote_id: _ids("Q-", np.arange(n_q), 6),
            Quotes.version: 1,
            Quotes.customer: customers[Customers.customer_id].to_numpy()[
                rng.integers(0, n_cust, n_q)
            ],
            Quotes.quote_date: _days(start, rng.integers(0, DAYS, n_q)),
            Quotes.currency: "USD",
            Quotes.incoterm: "FOB",
            Quotes.sales_owner: rng.choice(["lwei", "mgarcia", "zhangmin", "jsmith"], n_q),
            Quotes.status: rng.choice(["won", "lost", "expired", "sent"], n_q),
            Quotes.margin_pct: np.round(rng.uniform(0.05, 0.35, n_q), 3),
        }
    )
    tables = {
        Customers: customers,
        Products: products,
        Suppliers: suppliers,
        Orders: orders,
        OrderLines: lines,
        Complaints: complaints,
        Invoices: invoices,
        Quotes: quotes,
    }
    return {t: f.reindex(columns=[str(c) for c in t.columns()]) for t, f in tables.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument(
        "--keep",
        type=Path,
        help="keep the generated register here; when it exists, read it instead of writing it "
        "again (same sizes and seed: the data are the same)",
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    data = generate(args.orders)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "BenchKpi.xlsx"
        t0 = time.perf_counter()
        if not path.exists():
            write_register(path, data)
        t_write = time.perf_counter() - t0

        register = FileRegister(path)
        t0, c0 = time.perf_counter(), time.process_time()
        inputs, _ = read_kpi_inputs(RunContext.of(register))
        bands, _ = load_bands(RunContext.of(register))
        t_read, c_read = time.perf_counter() - t0, time.process_time() - c0

    window = K.Window(None, TODAY)
    walls, cpus = [], []
    for _ in range(5):
        fresh = dataclasses.replace(inputs)  # no keys resolved yet: each run does all the work
        t0, c0 = time.perf_counter(), time.process_time()
        report = K.kpi_report(fresh, bands, window, TODAY)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    t0 = time.perf_counter()
    from orderdesk.domain.kpi.dashboard import render_png

    png = render_png(report)
    t_png = time.perf_counter() - t0

    print(
        f"kpi: {len(inputs.orders):,} orders, {len(inputs.lines):,} lines, "
        f"{len(inputs.invoices):,} invoices, {len(inputs.quotes):,} quotes → "
        f"{len(report.summary)} KPIs, {len(report.warnings):,} warning rows"
    )
    print(f"  generate (numpy)          {t_gen:7.2f} s")
    print(f"  write register (once)     {t_write:7.2f} s")
    print(f"  read register             {t_read:7.2f} s wall, {c_read:6.2f} s CPU")
    print(
        f"  compute all KPIs          {min(walls):7.3f} s wall, {min(cpus):6.3f} s CPU "
        "(best of 5; goal < 1 s)"
    )
    print(
        f"  compute / read            {min(walls) / t_read:7.3f} wall, {min(cpus) / c_read:.3f} CPU"
    )
    print(f"  PNG dashboard             {t_png:7.2f} s ({len(png):,} bytes)")


if __name__ == "__main__":
    main()
