"""Sample trade data for a new register: `generate(n_orders, seed)` → `Sample`.

The sample is the order register of Ningbo Harbour Trading Co., Ltd. as it stands on
`SAMPLE_AS_OF` (2026-11-15): 18 months of orders back from that day, with their lines, quotes,
shipments, invoices, bank receipts, complaints and supplier requests (see `master` for the
company's customers, suppliers and products). The same `n_orders`, `seed` and `as_of` give the
same data on every machine: all randomness comes from `random.Random` seeded from the seed, and
nothing depends on today's date, on hash seeds or on the order of unordered collections.

What a `Sample` holds
---------------------
- `tables`: `{Table class: DataFrame}` for every data table of the register (not Settings, which
  come from `orderdesk.defaults`). Columns are the schema's headers in schema order, so
  `frame[Orders.order_id]` works; dtypes follow the column type (datetime64 for dates, Int64 for
  whole numbers, float64 for amounts, object for text). OrderDesk's own columns (`owned=True`)
  are left blank, except the invoice ledger state at the day bank sync started (`bank_from`) and
  quote statuses and totals.
- `planted`: the deliberately imperfect records (`planted.PLANTED`), each with its rule code,
  sheet, key, column and value; everything else is clean against every rule of docs/dev-notes.md.
- `messy`: cells typed as staff type them (`planted.MESSY`) with the value each must read as.
- `receipts`: the answer key of BankEntries: which invoices each receipt pays, and how much.
- `files`: extra files `{name: bytes}` that `write_files(folder)` writes beside the register.

Extending the sample from another area
--------------------------------------
An area adds to the sample without editing this package's generator: put a module in this package
(e.g. `orderdesk/sample/bank_statements.py`) with a function decorated `@extension(order)`:

    from orderdesk.sample import Sample, extension

    @extension(50)
    def statement_files(sample: Sample, rng: random.Random) -> None:
        entries = sample.frame(BankEntries)
        sample.files["statement-2026-11.camt053.xml"] = render(entries)

`generate()` imports every module of the `orderdesk.sample` package, then runs the extensions in
ascending `order` (then name), each called as `fn(sample, rng)` after the core data is built.
Each extension gets its own `random.Random`, seeded from the sample's seed and the extension's
name, so adding or reordering extensions never changes the data another one draws. An extension
may read and replace frames (`sample.frame`, `sample.tables[T] = …`), add rows
(`sample.append(T, rows)`), add planted records (`sample.planted.append(...)`, with the rule code)
and add files (`sample.files[name] = data`). It sees clean, typed values: the messy cells are
typed in after every extension has run, on rows of the core data.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.sample.planted import Messy, Planted
from orderdesk.schema import Column, Table

SAMPLE_AS_OF = dt.date(2026, 11, 15)


@dataclass(frozen=True)
class Receipt:
    """The answer key for one bank receipt: the invoices it pays and the part of each it pays
    (invoice currency), plus what the banks kept and whether it came in another currency."""

    entry_ref: str
    customer: str
    allocations: tuple[tuple[str, Decimal], ...]
    bank_charges: Decimal = Decimal(0)
    other_currency: bool = False


@dataclass
class Sample:
    n_orders: int
    seed: int
    as_of: dt.date
    bank_from: dt.date  # first booking day in BankEntries; invoices show the ledger as of then
    tables: dict[type[Table], pd.DataFrame]
    planted: list[Planted] = field(default_factory=list)
    messy: list[Messy] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    def frame(self, table: type[Table]) -> pd.DataFrame:
        """The table's rows (an empty frame with the schema's columns if it has none)."""
        from orderdesk.sample.frames import frame_of

        if table not in self.tables:
            self.tables[table] = frame_of(table, [])
        return self.tables[table]

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> None:
        """Add rows ({Column: value}) below the table's rows."""
        from orderdesk.sample.frames import frame_of

        new = frame_of(table, list(rows))
        old = self.frame(table)
        self.tables[table] = new if old.empty else pd.concat([old, new], ignore_index=True)

    def write_files(self, folder: str | Path) -> list[Path]:
        """Write the extra files beside the register; returns their paths."""
        folder = Path(folder)
        written = []
        for name in sorted(self.files):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.files[name])
            written.append(path)
        return written


ExtensionFn = Callable[[Sample, random.Random], None]


@dataclass(frozen=True)
class Extension:
    order: int
    name: str
    fn: ExtensionFn


# Keyed by name, so importing a module twice registers its extensions once.
EXTENSIONS: dict[str, Extension] = {}


def extension(order: int, name: str | None = None) -> Callable[[ExtensionFn], ExtensionFn]:
    """Register `fn(sample, rng)` to run after the core sample is built (lowest order first)."""

    def register(fn: ExtensionFn) -> ExtensionFn:
        key = name or f"{fn.__module__}.{fn.__qualname__}"
        EXTENSIONS[key] = Extension(order, key, fn)
        return fn

    return register


def load_extensions() -> list[Extension]:
    """Import every module of this package (so their extensions register); in running order."""
    for info in sorted(pkgutil.walk_packages(__path__, __name__ + "."), key=lambda m: m.name):
        importlib.import_module(info.name)
    return sorted(EXTENSIONS.values(), key=lambda e: (e.order, e.name))


def generate(n_orders: int, seed: int = 1, as_of: dt.date = SAMPLE_AS_OF) -> Sample:
    """A sample register's data: `n_orders` orders over the 18 months before `as_of`."""
    from orderdesk.sample.build import build
    from orderdesk.sample.messy import type_messy_cells

    if n_orders < 0:
        raise ValueError("the number of sample orders must not be negative")
    extensions = load_extensions()
    sample = build(n_orders, seed, as_of)
    for ext in extensions:
        ext.fn(sample, random.Random(f"orderdesk-sample:{seed}:{ext.name}"))
    type_messy_cells(sample, random.Random(f"orderdesk-sample:{seed}:messy"))
    return sample


__all__ = [
    "EXTENSIONS",
    "SAMPLE_AS_OF",
    "Extension",
    "Receipt",
    "Sample",
    "extension",
    "generate",
    "load_extensions",
]
