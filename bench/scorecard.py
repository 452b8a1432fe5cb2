"""Benchmark: the supplier scorecard on 500 suppliers × 36 months × 200,000 purchase lines.

    .venv/bin/python bench/scorecard.py [--lines 200000] [--suppliers 500] [--keep FILE]

Generates the history with numpy (not through Excel), writes it to a register once, reads it back
with the file adapter, and times the scorecard and the delay alerts. Prints the compute time and
its ratio to reading the data. Goal: compute under a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from orderdesk.actions.context import RunContext
from orderdesk.actions.suppliers import load_score_policy, read_score_inputs
from orderdesk.adapters.file_register import FileRegister
from orderdesk.defaults import policy_rows
from orderdesk.domain import suppliers as S
from orderdesk.schema import (
    SHEET_ORDER,
    Complaints,
    OrderLines,
    Orders,
    Products,
    SupplierRequests,
    Suppliers,
    Table,
    placement,
    tables_on,
)

TODAY = dt.date(2026, 4, 30)
MONTHS = 36


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width)).astype(object)


def generate(n_lines: int, n_suppliers: int, seed: int = 7) -> dict[type, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    start = np.datetime64(TODAY, "D") - MONTHS * 30
    n_skus = max(n_lines // 100, 10)
    n_orders = n_lines // 3

    # Suppliers: most bill in USD, some in CNY or EUR; each has a price level and a reliability.
    ccy = rng.choice(["USD", "CNY", "EUR"], n_suppliers, p=[0.8, 0.15, 0.05])
    suppliers = pd.DataFrame(
        {
            Suppliers.supplier_id: _ids("SU-", np.arange(n_suppliers), 4),
            Suppliers.name: _ids("Supplier ", np.arange(n_suppliers), 4),
            Suppliers.currency: ccy,
        }
    )
    price_level = rng.uniform(0.8, 1.3, n_suppliers)
    lateness = rng.uniform(-3, 4, n_suppliers)
    to_ccy = pd.Series({"USD": 1.0, "CNY": 7.1, "EUR": 0.92})[ccy].to_numpy()

    base_cost = rng.uniform(1, 50, n_skus)
    products = pd.DataFrame(
        {
            Products.sku: _ids("P-", np.arange(n_skus), 5),
            Products.description: "item",
            Products.category: rng.choice(["hardware", "textiles", "castings"], n_skus),
            Products.cost_currency: "USD",
            Products.material_cost: base_cost * 0.7,
            Products.labour_cost: base_cost * 0.25,
        }
    )

    sup = rng.integers(0, n_suppliers, n_lines)
    sku = rng.integers(0, n_skus, n_lines)
    order = np.sort(rng.integers(0, n_orders, n_lines))
    due = start + rng.integers(0, MONTHS * 30 + 20, n_lines).astype("timedelta64[D]")
    slip = np.rint(rng.normal(lateness[sup], 3)).astype("int64").astype("timedelta64[D]")
    delivered = (due + slip).astype("datetime64[ns]")
    delivered[(delivered > np.datetime64(TODAY)) | (rng.random(n_lines) < 0.03)] = np.datetime64(
        "NaT"
    )
    qty = rng.integers(10, 1000, n_lines).astype("float64")
    dq = np.where(rng.random(n_lines) < 0.08, np.floor(qty * 0.9), qty)
    dq[np.isnat(delivered)] = np.nan
    accepted = np.floor(dq * (1 - rng.beta(1, 40, n_lines)))
    cost = base_cost[sku] * price_level[sup] * rng.uniform(0.95, 1.05, n_lines) * to_ccy[sup]
    order_ids = _ids("SO-", order, 6)
    lines = pd.DataFrame(
        {
            OrderLines.order_id: order_ids,
            OrderLines.line_no: pd.Series(order).groupby(order).cumcount().to_numpy() + 1,
            OrderLines.sku: products[Products.sku].to_numpy()[sku],
            OrderLines.qty: qty,
            OrderLines.unit: "PCS",
            OrderLines.supplier: suppliers[Suppliers.supplier_id].to_numpy()[sup],
            OrderLines.unit_cost: np.round(cost, 2),
            OrderLines.supplier_due: due.astype("datetime64[ns]"),
            OrderLines.supplier_delivered: delivered,
            OrderLines.delivered_qty: dq,
            OrderLines.accepted_qty: accepted,
        }
    )
    stages = np.where(due > np.datetime64(TODAY) - 20, "in production", "shipped")
    first = pd.Series(stages).groupby(order).first()
    orders = pd.DataFrame(
        {
            Orders.order_id: _ids("SO-", first.index.to_numpy(), 6),
            Orders.customer: _ids("CU-", rng.integers(0, 800, len(first)), 4),
            Orders.stage: first.to_numpy(),
            Orders.promised_ship: (
                pd.Series(due).groupby(order).max() + pd.Timedelta(days=10)
            ).to_numpy(),
        }
    )
    n_c = n_lines // 60
    pick = rng.integers(0, n_lines, n_c)
    complaints = pd.DataFrame(
        {
            Complaints.complaint_id: _ids("CP-", np.arange(n_c), 6),
            Complaints.order_id: order_ids[pick],
            Complaints.sku: lines[OrderLines.sku].to_numpy()[pick],
            Complaints.date: (due[pick] + 30).astype("datetime64[ns]"),
            Complaints.cause: "quality",
        }
    )
    complaints = complaints[complaints[Complaints.date] <= pd.Timestamp(TODAY)]
    n_r = n_lines // 8
    sent = start + rng.integers(0, MONTHS * 30, n_r).astype("timedelta64[D]")
    answered = (sent + rng.integers(0, 12, n_r).astype("timedelta64[D]")).astype("datetime64[ns]")
    answered[rng.random(n_r) < 0.04] = np.datetime64("NaT")
    requests = pd.DataFrame(
        {
            SupplierRequests.request_id: _ids("RQ-", np.arange(n_r), 6),
            SupplierRequests.supplier: suppliers[Suppliers.supplier_id].to_numpy()[
                rng.integers(0, n_suppliers, n_r)
            ],
            SupplierRequests.sent: sent.astype("datetime64[ns]"),
            SupplierRequests.answered: answered,
        }
    )
    tables = {
        Suppliers: suppliers,
        Products: products,
        OrderLines: lines,
        Orders: orders,
        Complaints: complaints,
        SupplierRequests: requests,
    }
    return {t: f.reindex(columns=[str(c) for c in t.columns()]) for t, f in tables.items()}


def _cells(frame: pd.DataFrame, table: type[Table]) -> list[list[object]]:
    """Columns of a frame as lists of plain cell values (None for blanks), in schema order."""
    out = []
    for col in table.columns():
        series = frame[str(col)] if str(col) in frame.columns else pd.Series([None] * len(frame))
        if pd.api.types.is_datetime64_any_dtype(series):
            values = [None if pd.isna(v) else v.to_pydatetime() for v in series]
        else:
            values = [None if v is None or (isinstance(v, float) and v != v) else v for v in series]
        out.append(values)
    return out


def write_register(path: Path, data: dict[type[Table], pd.DataFrame]) -> None:
    """A register file for the benchmark, written in openpyxl's streaming mode: every sheet and
    table where the schema puts it (the reader finds tables by their headers), without the
    template's styles, dropdowns and Excel Table objects, which a large file does not need here."""
    policy = {
        t: pd.DataFrame([{str(k): v for k, v in r.items()} for r in rows])
        for t, rows in policy_rows().items()
    }
    frames = {**policy, **data}
    wb = Workbook(write_only=True)
    for sheet in SHEET_ORDER:
        ws = wb.create_sheet(sheet)
        placed = [(placement(t).first_col - 1, t) for t in tables_on(sheet)]
        width = max(c0 + len(t.columns()) for c0, t in placed)
        header: list[object] = [None] * width
        for c0, t in placed:
            header[c0 : c0 + len(t.columns())] = [str(c) for c in t.columns()]
        ws.append(header)
        columns = {t: _cells(frames.get(t, pd.DataFrame()), t) for _, t in placed}
        n = max((len(frames[t]) for _, t in placed if t in frames), default=0)
        for i in range(n):
            row: list[object] = [None] * width
            for c0, t in placed:
                cols = columns[t]
                if cols and i < len(cols[0]):
                    row[c0 : c0 + len(cols)] = [c[i] for c in cols]
            ws.append(row)
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--suppliers", type=int, default=500)
    ap.add_argument(
        "--keep",
        type=Path,
        help="keep the generated register here; when it exists, read it instead of writing it "
        "again (same sizes and seed: the data are the same)",
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    data = generate(args.lines, args.suppliers)
    t_gen = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "BenchScorecard.xlsx"
        t0 = time.perf_counter()
        if not path.exists():
            write_register(path, data)
        t_write = time.perf_counter() - t0

        register = FileRegister(path)
        t0, c0 = time.perf_counter(), time.process_time()
        run = RunContext.of(register, today=TODAY)
        policy = load_score_policy(run)
        inputs, _ = read_score_inputs(run)
        t_read, c_read = time.perf_counter() - t0, time.process_time() - c0

        walls, cpus = [], []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            result = S.score_suppliers(inputs, policy, TODAY, "month")
            alerts = S.delay_alerts(inputs.lines, inputs.orders, 1, TODAY)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)

    print(
        f"scorecard: {len(inputs.lines):,} purchase lines, {args.suppliers} suppliers, "
        f"{MONTHS} months → {len(result.table):,} scorecard rows, {len(alerts):,} delay alerts"
    )
    print(f"  generate (numpy)          {t_gen:7.2f} s")
    print(f"  write register (once)     {t_write:7.2f} s")
    print(f"  read register             {t_read:7.2f} s wall, {c_read:6.2f} s CPU")
    print(
        f"  compute scorecard+alerts  {min(walls):7.3f} s wall, {min(cpus):6.3f} s CPU "
        "(best of 5; goal < 1 s)"
    )
    print(
        f"  compute / read            {min(walls) / t_read:7.3f} wall, {min(cpus) / c_read:.3f} CPU"
    )


if __name__ == "__main__":
    main()
