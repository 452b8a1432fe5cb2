"""Register I/O benchmark: a 20,000-order register (about 60,000 lines).

Prints, measured in one run:
- reading every table with openpyxl and with python-calamine (the fast reader), and their ratio;
- OrderDesk's typed read against the raw calamine read of the same sheets (the I/O floor);
- the time to save after an action, against a bare openpyxl load + save (the write floor).

    .venv/bin/python bench/register_io.py [--orders 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from orderdesk.actions.register import new_register
from orderdesk.adapters.file_register import FileRegister
from orderdesk.schema import OrderLines, Orders, tables


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=20000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Big.xlsx"
        t_gen, _ = timed(lambda: new_register(path, sample_orders=args.orders, seed=1))
        reg = FileRegister(path)
        lines = len(reg.read(OrderLines))
        orders = len(reg.read(Orders))
        print(
            f"register: {orders:,} orders, {lines:,} lines, {path.stat().st_size / 1e6:.1f} MB (generated in {t_gen:.1f} s)"
        )

        sheets = sorted({t.sheet for t in tables()})

        def raw_calamine():
            wb = CalamineWorkbook.from_path(str(path))
            return [
                wb.get_sheet_by_name(s).to_python(skip_empty_area=False)
                for s in sheets
                if s in wb.sheet_names
            ]

        t_raw, _ = timed(raw_calamine)
        t_cal, _ = timed(lambda: FileRegister(path).read_all())
        t_opx, _ = timed(lambda: FileRegister(path, reader="openpyxl").read_all())
        print(f"read all tables, openpyxl reader : {t_opx:7.2f} s")
        print(
            f"read all tables, calamine reader : {t_cal:7.2f} s   openpyxl/calamine = {t_opx / t_cal:.1f}x"
        )
        print(
            f"raw calamine read (I/O floor)    : {t_raw:7.2f} s   OrderDesk typed read / floor = {t_cal / t_raw:.2f}x"
        )

        def bare_save():
            wb = load_workbook(path, keep_links=True, rich_text=True)
            wb.save(Path(tmp) / "bare.xlsx")

        t_floor, _ = timed(bare_save)

        def action_save():
            r = FileRegister(path)
            first = r.read(Orders).keys()[0]
            r.update(Orders, {first: {Orders.check: "OK"}})
            return r.save()

        t_save, _ = timed(action_save)
        print(f"bare openpyxl load + save (floor): {t_floor:7.2f} s")
        print(
            f"OrderDesk update + safe save     : {t_save:7.2f} s   / floor = {t_save / t_floor:.2f}x"
        )


if __name__ == "__main__":
    main()
