"""Register I/O benchmark: each action end to end against the honest floor, by register size.

For each sample register (2,000 and 20,000 orders by default; generated once into build/bench/
and reused), prints:
- OrderDesk's typed read of every table against python-calamine's raw read of the same sheets;
- for validate, kpi, suppliers score and sync bank: the action's end-to-end time (in a process of
  its own: open, read, work, save), the floor (calamine's raw read of the sheets it read +
  rustpy-xlsxwriter writing the cells of the sheets its save rewrote), their ratio (goal ≤ 1.3),
  the time per order, and the process's peak memory (goal ≤ 2 GB at 100,000 orders).

    .venv/bin/python bench/register_io.py [--orders 2000 20000] [--actions validate kpi]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floors  # noqa: E402


def typed_vs_raw(path: Path) -> tuple[float, float]:
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.schema import tables

    sheets = sorted({t.sheet for t in tables()})
    raw = floors.read_floor(path, sheets)
    t0 = time.perf_counter()
    FileRegister(path).read_all()
    return time.perf_counter() - t0, raw


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--actions", nargs="+", default=list(floors.ACTIONS))
    args = ap.parse_args()
    floors.today()
    per_order: dict[str, list[tuple[int, float]]] = {}
    for n in args.orders:
        path = floors.register(n)
        typed, raw = typed_vs_raw(path)
        print(
            f"\n{n:,} orders ({path.stat().st_size / 1e6:.1f} MB): typed read of every table "
            f"{typed:.2f} s, calamine raw read {raw:.2f} s → {typed / raw:.2f}x (goal ≤ 1.3)"
        )
        print(
            f"  {'action':<16}{'e2e s':>8}{'floor s':>9}{'(read':>8}{'+ write)':>10}"
            f"{'ratio':>7}{'typed/raw':>10}{'ms/order':>9}{'peak MB':>9}  rewrote"
        )
        for action in args.actions:
            with tempfile.TemporaryDirectory() as tmp:
                r = floors.run_action(action, path, Path(tmp))
            raw_read = r["read_floor"] or float("nan")
            print(
                f"  {action:<16}{r['seconds']:>8.2f}{r['floor']:>9.2f}{r['read_floor']:>8.2f}"
                f"{r['write_floor']:>10.2f}{r['ratio']:>7.2f}{r['typed_read'] / raw_read:>10.2f}"
                f"{1000 * r['seconds'] / n:>9.3f}{r['rss_mb']:>9.0f}  {', '.join(r['rewritten'])}",
                flush=True,
            )
            per_order.setdefault(action, []).append((n, 1000 * r["seconds"] / n))
    if len(args.orders) > 1:
        print("\ntime per order, smallest → largest register (should not grow):")
        for action, points in per_order.items():
            shown = " → ".join(f"{ms:.3f} ms ({n:,})" for n, ms in points)
            print(f"  {action:<16}{shown}")


if __name__ == "__main__":
    main()
