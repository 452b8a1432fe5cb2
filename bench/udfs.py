"""OD_FX and OD_CHECK over 10,000 rows: one call with whole columns vs one call per row.

Prints the time of each way and the ratio, measured in this run. In Excel every call also costs
a round trip through COM and the UDF server (about a millisecond), which the per-row way pays
10,000 times on top of what is measured here.

    .venv/bin/python bench/udfs.py
"""

from __future__ import annotations

import datetime as dt
import random
import time

import orderdesk_udfs as od

from orderdesk.schema import Orders

ROWS = 10_000


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def report(name: str, column_s: float, per_row_s: float) -> None:
    print(
        f"{name}: one call for {ROWS:,} rows {column_s * 1000:8.1f} ms | "
        f"{ROWS:,} calls {per_row_s * 1000:8.1f} ms ({per_row_s / ROWS * 1e6:6.1f} µs per call) | "
        f"ratio {per_row_s / column_s:5.1f}x"
    )


def bench_fx(rng: random.Random) -> None:
    amounts = [round(rng.uniform(10, 50_000), 2) for _ in range(ROWS)]
    currencies = [rng.choice(["USD", "EUR", "GBP", "JPY", "AUD"]) for _ in range(ROWS)]
    start = dt.date(2024, 1, 1)
    days = [(start + dt.timedelta(days=rng.randrange(700))).isoformat() for _ in range(ROWS)]
    col = [[a] for a in amounts], [[c] for c in currencies], [[d] for d in days]
    od.OD_FX(100, "USD", "CNY", "2025-03-07")  # load the ECB table once, outside the timing
    column_s, out = timed(lambda: od.OD_FX(col[0], col[1], "CNY", col[2]))
    assert len(out) == ROWS
    per_row_s, _ = timed(
        lambda: [
            od.OD_FX(a, c, "CNY", d) for a, c, d in zip(amounts, currencies, days, strict=True)
        ]
    )
    report("OD_FX   ", column_s, per_row_s)


def bench_check(rng: random.Random) -> None:
    """A register of complete draft and confirmed orders, one in ten with a planted problem."""
    header = [str(c) for c in Orders.columns()]
    rows = []
    for i in range(ROWS):
        ordered = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(200))
        row = {
            Orders.order_id: f"SO-2026-{i:05}",
            Orders.customer: f"CU-{i % 300:04}",
            Orders.customer_po: f"PO-{i:06}",
            Orders.order_date: ordered.isoformat(),
            Orders.stage: rng.choice(["draft", "confirmed"]),
            Orders.currency: rng.choice(["USD", "EUR"]),
            Orders.incoterm: rng.choice(["FOB", "CIF"]),
            Orders.named_place: "Ningbo",
            Orders.transport_mode: "sea",
            Orders.payment_terms: "TT30-70 BS",
            Orders.deposit_pct: 0.3,
            Orders.promised_ship: (ordered + dt.timedelta(days=30)).isoformat(),
            Orders.requested_delivery: (ordered + dt.timedelta(days=60)).isoformat(),
            Orders.sales_owner: "Li Wei",
            Orders.ship_to: "Müller Haustechnik GmbH, Hamburg",
            Orders.ship_to_country: "DE",
            Orders.order_total: round(rng.uniform(1_000, 90_000), 2),
        }
        if i % 20 == 0:
            row[Orders.currency] = "XXY"
        elif i % 20 == 10:
            row[Orders.incoterm] = "FOQ"
        rows.append([row.get(c) for c in Orders.columns()])
    block = [header, *rows]
    first = od.OD_CHECK([header, rows[0]])
    if isinstance(first, str):
        print(f"OD_CHECK: not measured ({first})")
        return
    column_s, out = timed(lambda: od.OD_CHECK(block))
    assert len(out) == ROWS + 1
    per_row_s, _ = timed(lambda: [od.OD_CHECK([header, r]) for r in rows])
    report("OD_CHECK", column_s, per_row_s)


if __name__ == "__main__":
    rng = random.Random(7)
    bench_fx(rng)
    bench_check(rng)
