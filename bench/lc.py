"""Benchmark: Check L/C on a register of 1,000 L/C orders (5 lines each, a credit each).

Prints, from one run, the time of the Check L/C action end to end (read, Validate's view, the
CI / PL / PI content of every order, the checks, the LCCheck sheet, save) against the time to
read the register (every table the action reads, with the file adapter), and their ratio
(goal ≤ 1.3). The register is generated once (bench/validate.py's generator, every order on L/C
terms with a credit) and kept in build/bench/.

`--repeat N` checks N times in the process and prints the least and the median CPU time (one
check a run swings by a fifth on the shared machine); `--phases` adds where a check's CPU goes:
reading the register with Validate's view, gathering the facts, building every order's CI and
PL, reading the LCs rows as credits, the checks, and writing the LCCheck sheet and saving.

    .venv/bin/python bench/lc.py [--orders 1000] [--fresh] [--repeat 1] [--phases]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lc_register import generate  # noqa: E402

from orderdesk.actions import documents_book  # noqa: E402
from orderdesk.actions import lc as lc_action  # noqa: E402
from orderdesk.actions.lc import check_lc  # noqa: E402
from orderdesk.adapters import xlsx  # noqa: E402
from orderdesk.adapters.file_register import FileRegister  # noqa: E402
from orderdesk.defaults import policy_rows  # noqa: E402
from orderdesk.domain.lc import checks as lc_checks  # noqa: E402
from orderdesk.domain.lc.model import Credit  # noqa: E402
from orderdesk.domain.lc.rows import row_of  # noqa: E402
from orderdesk.schema import LCs, Orders, tables  # noqa: E402


def build(path: Path, orders: int) -> None:
    data = dict(policy_rows())
    data.update(generate(orders * 5))
    o = data[Orders]
    o[Orders.payment_terms] = "LC SIGHT"
    o[Orders.deposit_pct] = None
    o[Orders.lc_bank] = "Citibank"
    rows = []
    for rec in o.to_dict("records"):
        ship = rec[Orders.promised_ship].date()
        credit = Credit(
            number=f"CITI26LC{len(rows):05d}",
            issue_date=rec[Orders.order_date].date() + dt.timedelta(days=5),
            expiry_date=ship + dt.timedelta(days=21),
            currency="USD",
            amount=Decimal(str(round(rec[Orders.order_total], 2))),
            expiry_place="CHINA",
            rules="UCP LATEST VERSION",
            applicant="CUSTOMER TRADING LTD.\nHARBOUR ROAD 1, VALENCIA, SPAIN",
            beneficiary="NINGBO HARBOUR TRADING CO., LTD.\nNINGBO, CHINA",
            tolerance_plus=Decimal("0.05"),
            tolerance_minus=Decimal("0.05"),
            partial_shipments="NOT ALLOWED",
            transhipment="ALLOWED",
            port_of_loading="NINGBO, CHINA",
            latest_shipment=ship,
            goods=f"GOODS AS PER PROFORMA INVOICE NO. PI-{rec[Orders.order_id]}, FOB NINGBO",
            documents_required="+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS\n+PACKING LIST\n"
            "+FULL SET CLEAN ON BOARD BILLS OF LADING MARKED FREIGHT COLLECT",
            conditions="+ALL DOCUMENTS MUST QUOTE THIS CREDIT NUMBER.",
            presentation_days=21,
        )
        rows.append(row_of(credit, rec[Orders.order_id]))
    import pandas as pd

    data[LCs] = pd.DataFrame(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    xlsx.new_workbook(data).save(path)
    print(f"generated {path} ({orders:,} L/C orders) in {time.perf_counter() - t0:.1f} s")


PHASES: dict[str, float] = {}


def _timed(owner: Any, name: str, phase: str) -> None:
    """Count the CPU time of `owner.name` under `phase`."""
    f = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        c0 = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            PHASES[phase] = PHASES.get(phase, 0.0) + time.process_time() - c0

    setattr(owner, name, timed)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--phases", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("ORDERDESK_TODAY", "2026-06-01")
    src = ROOT / "build" / "bench" / f"lc-{args.orders}.xlsx"
    if args.fresh or not src.exists():
        build(src, args.orders)
    work = src.with_name("lc-work.xlsx")

    def copy() -> Path:
        shutil.copyfile(src, work)
        return work

    check_lc(FileRegister(copy()), order_ids=["SO-2026-00000"])  # imports and caches warm
    t0, c0 = time.perf_counter(), time.process_time()
    reg = FileRegister(copy())
    for t in tables():
        reg.read(t)
    read, read_cpu = time.perf_counter() - t0, time.process_time() - c0
    reg.close() if hasattr(reg, "close") else None
    if args.phases:
        _timed(documents_book, "open_run", "read + Validate")
        _timed(documents_book.F, "gather", "facts")
        _timed(lc_action, "presentation", "CI and PL")
        _timed(lc_action, "credit_of", "LCs rows")
        _timed(lc_checks, "check", "checks")
        _timed(FileRegister, "save", "LCCheck sheet + save")
    walls, cpus, phases = [], [], []
    for _ in range(args.repeat):
        PHASES.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = check_lc(FileRegister(copy()))
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        phases.append(dict(PHASES))
    check, check_cpu = statistics.median(walls), statistics.median(cpus)
    print(outcome.summary)
    print(f"read the register: {read:.2f} s ({read_cpu:.2f} s CPU); ", end="")
    print(f"Check L/C end to end: {check:.2f} s ({check_cpu:.2f} s CPU)", end="")
    print(f", least of {args.repeat}: {min(cpus):.2f} s CPU" if args.repeat > 1 else "")
    print(f"ratio check / read: {check / read:.2f}, CPU {check_cpu / read_cpu:.2f} (goal ≤ 1.3)")
    if args.phases:
        at = cpus.index(min(cpus))
        rest = cpus[at] - sum(phases[at].values())
        parts = [*phases[at].items(), ("the rest", rest)]
        print(
            "phases (CPU s of the least check): "
            + ", ".join(f"{k} {v:.2f} ({v / cpus[at]:.0%})" for k, v in parts)
        )


if __name__ == "__main__":
    main()
