"""The live (Excel) adapter: the calls an action makes into Excel, their sizes, and the time they
would take, measured through the fake xlwings book the tests use (xlwings cannot drive Excel on
Linux).

Expected Excel time = calls × CALL_MS + cells moved × CELL_US. The two costs are assumptions to
confirm on Windows (docs/excel.md): an out-of-process COM call through xlwings costs a few
milliseconds, and a block of values crosses at about a microsecond a cell.

    .venv/bin/python bench/live_calls.py [--orders 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floors  # noqa: E402

CALL_MS = 5.0  # one COM round trip, out of process
CELL_US = 1.0  # one value in a block read or write
ACTIONS = {"validate": "odValidate", "kpi": "odRefreshKpis", "suppliers score": "odScoreSuppliers"}


def main() -> None:
    import orderdesk_addin

    from tests.addin.fake_excel import FakeBook

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=2000)
    args = ap.parse_args()
    floors.today()
    path = floors.register(args.orders)
    print(f"{args.orders:,} orders; Excel time = calls × {CALL_MS:g} ms + cells × {CELL_US:g} µs")
    print(
        f"  {'action':<16}{'calls':>7}{'cells':>11}  {'calls by kind':<58}{'Excel s':>8}{'here s':>8}"
    )
    for action, button in ACTIONS.items():
        book = FakeBook.from_xlsx(path)
        t0 = time.perf_counter()
        orderdesk_addin.run(button, book=book)
        here = time.perf_counter() - t0
        calls = sum(book.calls.values())
        cells = sum(book.cells.values())
        excel = calls * CALL_MS / 1000 + cells * CELL_US / 1e6
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(book.calls.items()))
        print(f"  {action:<16}{calls:>7}{cells:>11,}  {kinds:<58}{excel:>8.2f}{here:>8.2f}")


if __name__ == "__main__":
    main()
