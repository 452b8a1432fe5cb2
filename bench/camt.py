"""camt.053 reading benchmark: is the time per entry the same at 1,000 and at 10,000 entries?

Issue 14 found camt parsing quadratic (1,000 entries 1.4 s, 2,000 entries 6.2 s): a 60,000-entry
statement under the 50 MB cap never finished. This writes camt.053.001.08 statements of N entries
(every third a batch of two transactions, as banks send them), reads each with OrderDesk's
reader (the best of --repeat runs: the machine is shared) and prints the time per entry and its
ratio between the sizes. Linear reading keeps the ratio near 1; the quadratic reader of before
gave 2.8 from 1,000 to 2,000 entries and 9.2 to 4,000.

    .venv/bin/python bench/camt.py [--sizes 1000 10000 60000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import xml.etree.ElementTree as ET
from decimal import Decimal

from orderdesk.adapters.banks import read_statement_bytes
from orderdesk.sample.statements import CAMT_NS, camt_path

DAY = dt.date(2026, 11, 2)


def statement(n: int) -> bytes:
    ET.register_namespace("", CAMT_NS)  # the default namespace, as banks write it
    doc = ET.Element(f"{{{CAMT_NS}}}Document")
    root = camt_path(doc, "BkToCstmrStmt")
    camt_path(root, "GrpHdr/MsgId", "BENCH")
    stmt = camt_path(root, "Stmt")
    camt_path(stmt, "Id", f"BENCH-{n}")
    camt_path(stmt, "Acct/Id/IBAN", "DE89370400440532013000")
    entries: list[ET.Element] = []
    total = Decimal(0)
    for k in range(n):
        amount = Decimal(100 + k % 997) + Decimal(k % 100) / 100
        total += amount
        ntry = ET.Element(f"{{{CAMT_NS}}}Ntry")
        camt_path(ntry, "Amt", f"{amount:.2f}", Ccy="EUR")
        camt_path(ntry, "CdtDbtInd", "CRDT")
        camt_path(ntry, "Sts/Cd", "BOOK")
        camt_path(ntry, "BookgDt/Dt", DAY.isoformat())
        camt_path(ntry, "AcctSvcrRef", f"REF{k:08d}")
        parts = [amount] if k % 3 else [amount - 50, Decimal(50)]
        for j, part in enumerate(parts):
            tx = camt_path(ntry, "NtryDtls/TxDtls") if j == 0 else camt_path(ntry[-1], "TxDtls")
            camt_path(tx, "Refs/EndToEndId", f"E2E-{k}-{j}")
            camt_path(tx, "Amt", f"{part:.2f}", Ccy="EUR")
            camt_path(tx, "RltdPties/Dbtr/Pty/Nm", f"CUSTOMER {k % 500}")
            camt_path(tx, "RmtInf/Ustrd", f"INV-2026-{k:05d}")
        entries.append(ntry)
    for code, value in (("OPBD", Decimal(0)), ("CLBD", total)):
        bal = camt_path(stmt, "Bal")
        camt_path(bal, "Tp/CdOrPrtry/Cd", code)
        camt_path(bal, "Amt", f"{value:.2f}", Ccy="EUR")
        camt_path(bal, "CdtDbtInd", "CRDT")
        camt_path(bal, "Dt/Dt", DAY.isoformat())
    stmt.extend(entries)
    return ET.tostring(doc, xml_declaration=True, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    read_statement_bytes(statement(100), "warm-up.xml")  # imports and first-call costs
    per_entry: list[float] = []
    for n in args.sizes:
        data = statement(n)
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            got = read_statement_bytes(data, f"bench-{n}.xml")
            runs.append(time.perf_counter() - t0)
        took = min(runs)
        per_entry.append(took / n)
        print(
            f"{n:>7,} entries ({len(got.entries):,} bank entries, {len(data) / 1e6:5.1f} MB): "
            f"{took:6.2f} s, {took / n * 1e6:6.0f} µs per entry"
        )
    for n, t in zip(args.sizes[1:], per_entry[1:], strict=True):
        print(
            f"time per entry at {n:,} / at {args.sizes[0]:,}: {t / per_entry[0]:.2f} (1.0 = linear)"
        )


if __name__ == "__main__":
    main()
