"""Benchmark: Can we take it? for 5,000 received orders and Plan milestones for 1,000 open ones,
each against the register I/O it cannot avoid.

    .venv/bin/python bench/execution.py [--orders 5000] [--plan 1000]

Each action runs end to end on a register file (open, read, decide, write, save); the floor is
the same file opened, the same tables read and the same results written and saved, without the
domain work. Goal (issue 20): each ≤ 1.3 × its floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from scorecard import write_register

from orderdesk.actions.context import RunContext
from orderdesk.actions.execution import can_we_take_it, feasibility_sheet
from orderdesk.actions.execution_book import Book
from orderdesk.actions.milestones import plan_milestones
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.execution.feasibility import decide
from orderdesk.schema import (
    Capacity,
    CreditBands,
    Customers,
    Documents,
    Invoices,
    LCBanks,
    LCs,
    Milestones,
    MilestoneTemplates,
    OrderLines,
    Orders,
    Products,
    RaciRoles,
    Settings,
    ShipmentEvents,
    Shipments,
    Standings,
    Suppliers,
    Table,
)

TODAY = dt.date(2026, 11, 16)
LINES = ("hardware", "kitchenware", "textiles", "electronics", "furniture", "lighting")


def _ids(prefix: str, n: int, width: int = 6) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), width)).astype(object)


def generate(n_orders: int, stage: str, seed: int = 3) -> dict[type[Table], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_sku, n_sup, n_cus = 300, 60, 400
    suppliers = pd.DataFrame(
        {
            Suppliers.supplier_id: _ids("SU-", n_sup, 3),
            Suppliers.name: "Supplier",
            Suppliers.lead_time_days: rng.integers(10, 40, n_sup),
            Suppliers.categories: rng.choice(LINES, n_sup),
            Suppliers.score: rng.uniform(20, 95, n_sup).round(),
            Suppliers.standing: rng.choice(
                ["Excellent", "Average", "Poor", "Very Poor"], n_sup, p=[0.4, 0.45, 0.1, 0.05]
            ),
        }
    )
    products = pd.DataFrame(
        {
            Products.sku: _ids("P-", n_sku, 4),
            Products.description: "item",
            Products.category: rng.choice(LINES, n_sku),
            Products.product_type: rng.choice(
                ["standard", "custom", "new tooling"], n_sku, p=[0.85, 0.1, 0.05]
            ),
            Products.default_supplier: suppliers[Suppliers.supplier_id].to_numpy()[
                rng.integers(0, n_sup, n_sku)
            ],
        }
    )
    customers = pd.DataFrame(
        {
            Customers.customer_id: _ids("CU-", n_cus, 4),
            Customers.name: "Customer",
            Customers.country: "DE",
            Customers.credit_score: rng.integers(30, 100, n_cus),
        }
    )
    ordered = pd.Timestamp(TODAY) - pd.to_timedelta(rng.integers(0, 60, n_orders), "D")
    orders = pd.DataFrame(
        {
            Orders.order_id: _ids("SO-", n_orders),
            Orders.customer: customers[Customers.customer_id].to_numpy()[
                rng.integers(0, n_cus, n_orders)
            ],
            Orders.order_date: ordered,
            Orders.stage: stage,
            Orders.payment_terms: rng.choice(["TT30-70 BS", "LC AT SIGHT", "TT100 ADV"], n_orders),
            Orders.deposit_pct: rng.choice([0.0, 0.3, 0.5], n_orders),
            Orders.requested_delivery: ordered
            + pd.to_timedelta(rng.integers(50, 150, n_orders), "D"),
            Orders.promised_ship: ordered + pd.to_timedelta(rng.integers(15, 90, n_orders), "D"),
        }
    )
    per = rng.integers(1, 4, n_orders)
    owner = np.repeat(np.arange(n_orders), per)
    lines = pd.DataFrame(
        {
            OrderLines.order_id: orders[Orders.order_id].to_numpy()[owner],
            OrderLines.line_no: pd.Series(owner).groupby(owner).cumcount().to_numpy() + 1,
            OrderLines.sku: products[Products.sku].to_numpy()[rng.integers(0, n_sku, len(owner))],
            OrderLines.qty: rng.integers(100, 5000, len(owner)).astype(float),
        }
    )
    tables = {
        Suppliers: suppliers,
        Products: products,
        Customers: customers,
        Orders: orders,
        OrderLines: lines,
    }
    return {t: f.reindex(columns=[str(c) for c in t.columns()]) for t, f in tables.items()}


def _timed(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]  # a bench helper
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _floor(path: Path, reads: tuple[type[Table], ...], write) -> float:  # type: ignore[no-untyped-def]
    def run() -> None:
        register = FileRegister(path)
        for table in reads:
            register.read(table)
        write(register)
        register.save()
        register.close()

    return _timed(run)[0]


FEASIBILITY_READS = (
    Settings,
    Orders,
    OrderLines,
    Products,
    Customers,
    Suppliers,
    Standings,
    CreditBands,
    LCBanks,
    Capacity,
)
PLAN_READS = (
    Settings,
    Orders,
    Milestones,
    MilestoneTemplates,
    RaciRoles,
    OrderLines,
    Products,
    Invoices,
    LCs,
    Shipments,
    ShipmentEvents,
    Documents,
)


def bench_feasibility(folder: Path, n: int) -> None:
    base = folder / "feasibility.xlsx"
    write_register(base, generate(n, "received"))
    work = folder / "f-run.xlsx"
    shutil.copy(base, work)
    register = FileRegister(work)
    e2e, outcome = _timed(
        lambda: (can_we_take_it(RunContext.of(register, today=TODAY)), register.close())[0]
    )
    shutil.copy(base, work)
    pre = FileRegister(work)
    ctx = RunContext.of(pre, today=TODAY)
    book = Book.read(pre, ctx.policy)
    cap = book.capacity_book(TODAY, 26, 30)
    decisions = [decide(a, book.knowledge, cap) for a in book.asks(None, TODAY)]
    sheet = feasibility_sheet(decisions, cap, TODAY)
    pre.close()
    shutil.copy(base, work)
    floor = _floor(work, FEASIBILITY_READS, lambda r: r.write_sheet(sheet))
    print(f"feasibility, {n:,} orders: {outcome.summary}")  # type: ignore[attr-defined]
    print(f"  e2e {e2e:.2f} s / floor {floor:.2f} s = {e2e / floor:.2f}")


def bench_plan(folder: Path, n: int) -> None:
    base = folder / "plan.xlsx"
    write_register(base, generate(n, "confirmed"))
    work = folder / "p-run.xlsx"
    shutil.copy(base, work)
    register = FileRegister(work)
    e2e, outcome = _timed(
        lambda: (plan_milestones(RunContext.of(register, today=TODAY)), register.close())[0]
    )
    rows = FileRegister(work).read(Milestones).frame
    appended = [
        {c: (None if pd.isna(v) else v) for c, v in zip(Milestones.columns(), r, strict=True)}
        for r in rows[list(Milestones.columns())].itertuples(index=False)
    ]
    shutil.copy(base, work)
    floor = _floor(work, PLAN_READS, lambda r: r.append(Milestones, appended))
    print(f"plan, {n:,} orders: {outcome.summary}")  # type: ignore[attr-defined]
    print(f"  e2e {e2e:.2f} s / floor {floor:.2f} s = {e2e / floor:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--plan", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_feasibility(Path(tmp), args.orders)
        bench_plan(Path(tmp), args.plan)


if __name__ == "__main__":
    main()
