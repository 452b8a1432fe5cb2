"""Benchmark: Validate on a sample register with its approval log (20,000 orders by default).

Prints, from one run:
- the domain's throughput: `validate()` over the tables already read (order lines per second;
  goal ≥ 200,000 lines/s), and within it QUOTE-NOT-APPROVED, which hashes the ApprovalLog rows
  of the quotes some order names (column by column);
- the end-to-end time of the Validate action (in a process of its own: read, validate, ask the
  questions, write the Issues sheet, the Check column and the highlights, save) against the
  honest floor: python-calamine's raw read of the sheets it read + rustpy-xlsxwriter writing the
  cells of the sheets its save rewrote (goal: ratio ≤ 1.3; 20,000 orders in ≤ 15 s).

The register is the sample generator's (orders, lines, quotes, approvals, shipments, invoices,
bank entries), generated once into build/bench/ and reused (`bench/floors.py`).

    .venv/bin/python bench/validate.py [--orders 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floors  # noqa: E402


def main() -> None:
    from orderdesk.actions import orders as action
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.domain.quotes.chain import frame_hashes
    from orderdesk.domain.validation import validate
    from orderdesk.domain.validation.rules.quote_approval import quote_not_approved
    from orderdesk.domain.validation.view import Tables
    from orderdesk.schema import ApprovalLog, OrderLines, Orders

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    args = parser.parse_args()
    floors.today()
    path = floors.register(args.orders)

    checked = action.check_register(FileRegister(path))
    tables = checked.tables
    n_lines = len(tables[OrderLines])
    runs, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        findings = validate(tables, checked.context)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    domain, domain_cpu = min(runs), min(cpu)
    t0, c0 = time.perf_counter(), time.process_time()
    list(quote_not_approved(Tables(tables, checked.context)))
    rule, rule_cpu = time.perf_counter() - t0, time.process_time() - c0
    log = tables[ApprovalLog].frame
    named = set(tables[Orders].frame[Orders.quote_id].dropna().tolist())
    ordered = log[log[str(ApprovalLog.quote_id)].isin(named).to_numpy()]
    c0 = time.process_time()
    frame_hashes(ordered)
    ordered_cpu = time.process_time() - c0
    c0 = time.process_time()
    frame_hashes(log)
    chain_cpu = time.process_time() - c0
    print(
        f"register: {len(tables[Orders]):,} orders, {n_lines:,} order lines, "
        f"{len(tables[ApprovalLog]):,} approval-log rows, {path.stat().st_size / 1e6:.1f} MB"
    )
    print(
        f"domain: validate() {domain:.2f} s wall → {n_lines / domain:,.0f} lines/s; "
        f"{domain_cpu:.2f} s CPU → {n_lines / domain_cpu:,.0f} lines/s (goal ≥ 200,000; best "
        f"of {len(runs)}); {len(findings):,} findings"
    )
    print(
        f"QUOTE-NOT-APPROVED: {rule:.2f} s wall, {rule_cpu:.2f} s CPU, of which hashing the "
        f"{len(ordered):,} log rows of quotes some order names {ordered_cpu:.2f} s CPU (the "
        f"whole {len(log):,}-row chain, as verify-log hashes it: {chain_cpu:.2f} s CPU)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        r = floors.run_action("validate", path, Path(tmp))
    print(
        f"end to end: {r['seconds']:.2f} s (goal ≤ 15 s at 20,000 orders); typed read "
        f"{r['typed_read']:.2f} s = {r['typed_read'] / r['read_floor']:.2f}x the raw read; "
        f"peak {r['rss_mb']:.0f} MB"
    )
    print(
        f"floor: {r['floor']:.2f} s = calamine read {r['read_floor']:.2f} s "
        f"({', '.join(r['read'])}) + rustpy-xlsxwriter write {r['write_floor']:.2f} s "
        f"({', '.join(r['rewritten'])})"
    )
    print(f"ratio end-to-end / floor: {r['ratio']:.2f} (goal ≤ 1.3)")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"(the machine is busy: load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
