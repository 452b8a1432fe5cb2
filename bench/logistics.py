"""Benchmark: Plan shipment for every order of a 2,000-order sample register (issue 22).

Prints, from one run, Plan shipment end to end (open, read, load plans, carton fits, pricing,
ranking, contingency routes, the ShipPlan sheet, save) against the register I/O it cannot avoid
measured in the same run — reading the same tables with the file adapter, then writing the
same ShipPlan sheet and saving — and their ratio (goal ≤ 1.3). The register is the sample
register, generated once into build/bench/ (bench/floors.py).

    .venv/bin/python bench/logistics.py [--orders 2000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import floors  # noqa: E402

from orderdesk.actions.context import RunContext  # noqa: E402
from orderdesk.actions.logistics import plan_shipments  # noqa: E402
from orderdesk.adapters.file_register import FileRegister  # noqa: E402
from orderdesk.ports import SheetContent  # noqa: E402
from orderdesk.schema import (  # noqa: E402
    Containers,
    Contingencies,
    ForwarderQuotes,
    Lanes,
    OrderLines,
    Orders,
    Products,
    Settings,
    ShipmentEvents,
    Shipments,
)

READS = (
    Orders,
    OrderLines,
    Products,
    Settings,
    Containers,
    Lanes,
    ForwarderQuotes,
    Contingencies,
    Shipments,
    ShipmentEvents,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=2000)
    args = ap.parse_args()
    floors.today()
    src = floors.register(args.orders)
    work = src.with_name("logistics-work.xlsx")

    def copy() -> Path:
        shutil.copyfile(src, work)
        return work

    ids = list(FileRegister(copy()).read(Orders).frame[Orders.order_id].dropna().astype(str))

    # warm up (imports, caches) so neither timing below pays them: a plan of 10 orders
    plan_shipments(RunContext.of(FileRegister(copy())), ids[:10])

    written: list[SheetContent] = []
    real_write = FileRegister.write_sheet

    def keep(self: FileRegister, content: SheetContent) -> None:
        written.append(content)
        real_write(self, content)

    FileRegister.write_sheet = keep  # type: ignore[method-assign]  # to time the same write
    t0 = time.perf_counter()
    outcome = plan_shipments(RunContext.of(FileRegister(copy())), ids)
    plan = time.perf_counter() - t0
    FileRegister.write_sheet = real_write  # type: ignore[method-assign]
    print(outcome.summary)

    t0 = time.perf_counter()
    reg = FileRegister(copy())
    for t in READS:
        reg.read(t, optional=True)
    read = time.perf_counter() - t0
    t0 = time.perf_counter()
    for content in written:
        reg.write_sheet(content)
    reg.save()
    write = time.perf_counter() - t0
    io = read + write
    print(
        f"{len(ids):,} orders planned: {plan:.2f} s; register I/O (read {read:.2f} s + write "
        f"{write:.2f} s) {io:.2f} s; ratio {plan / io:.2f} (goal ≤ 1.3)"
    )
    # and against the floors of bench/floors.py (calamine's raw read of the sheets read,
    # rustpy-xlsxwriter writing the sheets the save rewrote)
    sheets = sorted({t.sheet for t in READS})
    shutil.copyfile(src, work)
    plan_shipments(RunContext.of(FileRegister(work)), ids)
    floor = floors.read_floor(src, sheets) + floors.write_floor(work, floors.rewritten(src, work))
    print(
        f"floor (calamine read + rustpy-xlsxwriter write): {floor:.2f} s; ratio {plan / floor:.2f}"
    )


if __name__ == "__main__":
    main()
