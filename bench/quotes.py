"""Quotes benchmark: pricing many lines at once vs line by line, and verifying a long approval log.

Prints times measured in this one run and their ratios (no thresholds: a benchmark, not a test).

    .venv/bin/python bench/quotes.py [LINES] [LOG_ROWS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from orderdesk.adapters import grid as G
from orderdesk.defaults import policy_rows
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes.chain import frame_hashes, link, verify_chain
from orderdesk.domain.quotes.models import PricingPolicy
from orderdesk.domain.quotes.pricing import build_up
from orderdesk.schema import ApprovalLog, CostDrivers, Products, QuoteLines, Quotes

TERMS = ("EXW", "FOB", "CFR", "CIF", "DAP")


def frame(table, rows):
    cols = table.columns()
    return G.build([[str(c) for c in cols], *[[r.get(c) for c in cols] for r in rows]], table).frame


def data(n_lines: int, rng: random.Random):
    products = [
        {
            Products.sku: f"SKU-{i:04d}",
            Products.description: "item",
            Products.category: "hardware",
            Products.cost_currency: rng.choice(["CNY", "USD", "EUR"]),
            Products.material_cost: rng.uniform(1, 50),
            Products.labour_cost: rng.uniform(0, 10),
            Products.packaging_cost: rng.uniform(0, 2),
            Products.material_index: rng.choice(["steel", "plastics", ""]),
            Products.carton_qty: rng.choice([6, 12, 24, 50]),
            Products.carton_l_cm: 50,
            Products.carton_w_cm: 40,
            Products.carton_h_cm: 30,
            Products.carton_gross_kg: 10,
        }
        for i in range(400)
    ]
    n_quotes = max(1, n_lines // 4)
    quotes = [
        {
            Quotes.quote_id: f"Q-{i:05d}",
            Quotes.version: 1,
            Quotes.customer: "CU-1",
            Quotes.quote_date: dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 280)),
            Quotes.currency: rng.choice(["USD", "EUR", "GBP"]),
            Quotes.incoterm: rng.choice(TERMS),
            Quotes.transport_mode: rng.choice(["sea", "sea", "air"]),
        }
        for i in range(n_quotes)
    ]
    lines = [
        {
            QuoteLines.quote_id: f"Q-{i % n_quotes:05d}",
            QuoteLines.version: 1,
            QuoteLines.line_no: i // n_quotes + 1,
            QuoteLines.sku: f"SKU-{rng.randrange(400):04d}",
            QuoteLines.qty: rng.choice([100, 500, 1000]),
        }
        for i in range(n_lines)
    ]
    return (
        frame(QuoteLines, lines),
        frame(Quotes, quotes),
        frame(Products, products),
        frame(CostDrivers, policy_rows()[CostDrivers]),
    )


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def main() -> None:
    n_lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    n_log = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(1)
    lines, quotes, products, drivers = data(n_lines, rng)
    policy = PricingPolicy()
    build_up(lines.head(5), quotes, products, drivers, policy)  # load the ECB table once
    t_all, priced = timed(build_up, lines, quotes, products, drivers, policy)
    sample = lines.head(200)
    t0 = time.perf_counter()
    for row in sample.index:
        build_up(sample.loc[[row]], quotes, products, drivers, policy)
    t_one = (time.perf_counter() - t0) / len(sample)
    per_line = t_all / n_lines
    print(
        f"price {n_lines:,} lines at once: {t_all:.2f} s ({per_line * 1e6:.0f} µs a line; "
        f"{int(priced.frame['priced'].sum()):,} priced)"
    )
    print(f"price one line at a time:      {t_one * 1e3:.1f} ms a line")
    print(f"ratio line-by-line / at once:  {t_one / per_line:.0f}×")

    entries = [
        {
            ApprovalLog.at: dt.datetime(2025, 1, 1) + dt.timedelta(minutes=17 * i),
            ApprovalLog.user: "zhangmin",
            ApprovalLog.role: "cost accountant",
            ApprovalLog.level: 1 + i % 3,
            ApprovalLog.quote_id: f"Q-{i // 3:05d}",
            ApprovalLog.version: 1,
            ApprovalLog.decision: "approve",
            ApprovalLog.comment: "ok",
        }
        for i in range(n_log)
    ]
    rows = link(entries, 1, "0" * 64)
    log = frame(ApprovalLog, rows)
    t_hash, _ = timed(frame_hashes, log)
    t_verify, report = timed(verify_chain, log)
    t_state, state = timed(A.approval_state, log)
    assert report.ok
    print(f"hash {n_log:,} log rows:          {t_hash:.2f} s")
    print(
        f"verify the chain:              {t_verify:.2f} s (ratio to hashing alone "
        f"{t_verify / t_hash:.2f}×)"
    )
    print(
        f"approval state of {len(state):,} versions: {t_state:.2f} s "
        f"(ratio to hashing alone {t_state / t_hash:.2f}×)"
    )


if __name__ == "__main__":
    main()
