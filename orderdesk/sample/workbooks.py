"""The two committed workbooks, written by one command (`make workbooks`):

- `workbook/OrderRegister.xlsx`: the empty register template (every sheet, table, dropdown and
  hint, the default policy on Settings);
- `workbook/SampleRegister.xlsx`: the same register filled with the sample (300 orders, seed 1),
  with its approval journal beside it (`.SampleRegister.xlsx.orderdesk-journal.json`), as
  `new-register` leaves one.

    python -m orderdesk.sample.workbooks [FOLDER]

Both are written exactly as `orderdesk new-register` writes them (same tables, same writer), so a
test can regenerate them and compare every cell with the committed files.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from orderdesk.actions.register import register_tables
from orderdesk.adapters import workbook_safety as safety
from orderdesk.adapters import xlsx
from orderdesk.adapters.approval_journal import ApprovalJournal

TEMPLATE = "OrderRegister.xlsx"
SAMPLE = "SampleRegister.xlsx"
SAMPLE_ORDERS = 300
SAMPLE_SEED = 1
FOLDER = Path(__file__).resolve().parents[2] / "workbook"


def template_workbook() -> xlsx.Workbook:
    data, _ = register_tables()
    return xlsx.new_workbook(data)


def sample_workbook(orders: int = SAMPLE_ORDERS, seed: int = SAMPLE_SEED) -> xlsx.Workbook:
    data, _ = register_tables(orders, seed)
    return xlsx.new_workbook(data)


JOURNAL_STAMP = "2026-01-01T00:00:00"  # fixed, as the workbooks' own dates: same data, same file


def write(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (
        (TEMPLATE, register_tables()[0]),
        (SAMPLE, register_tables(SAMPLE_ORDERS, SAMPLE_SEED)[0]),
    ):
        path = folder / name
        book = xlsx.new_workbook(data)
        safety.atomic_write(path, partial(xlsx.save_reproducibly, book), keep_backup=False)
        written.append(path)
        journal = ApprovalJournal(path.resolve())
        if journal.beside is not None:  # generated with the workbook: made anew, not appended
            journal.beside.unlink(missing_ok=True)
        written.append(journal.write(xlsx.approval_record(data), at=JOURNAL_STAMP))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER
    for p in write(target):
        print(f"wrote {p}")
