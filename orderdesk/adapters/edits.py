"""What an action changed in a register workbook, before it is saved: one record, two writers.

`FileRegister` works out *what* to write (which cells get which value and number format, which
cells OrderDesk marks or un-marks, how far a table grows, which of its own sheets it replaces);
a writer decides *how* the bytes are made. The part writer (`parts.py`) rewrites only the parts
these edits touch and copies every other part of the package as it is; the openpyxl writer
(`openpyxl_save.py`) loads the whole workbook and saves it again, and is kept as the oracle the
part writer is tested against. Both read the same record, so they cannot disagree about what
an action meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from orderdesk.adapters.package import column_number

Cell = tuple[int, int]  # (row, column), both 1-based
Fill = tuple[tuple[str, Any], ...]  # a fill as the meta sheet records it (`fill_key`)


@dataclass
class TableGrowth:
    """A register table's Excel Table after the action: it reaches at least `last_row`, and has
    these columns added at its right end (an older register lacking a schema column)."""

    name: str
    header_row: int
    first_col: int
    last_col: int
    last_row: int = 0
    added: list[tuple[int, str]] = field(default_factory=list)  # (column, header)


@dataclass
class SheetEdits:
    """The cells of one user sheet OrderDesk writes, and what they need around them."""

    values: dict[Cell, Any] = field(default_factory=dict)  # None clears the value
    formats: dict[Cell, str] = field(default_factory=dict)  # number format codes
    quoted: set[Cell] = field(default_factory=set)  # text kept text (Excel's quote prefix)
    fills: dict[Cell, dict[str, Any] | None] = field(default_factory=dict)  # marks; None: no fill
    headers: dict[Cell, bool] = field(default_factory=dict)  # added header cells: owned or not
    widths: dict[int, float] = field(default_factory=dict)  # column → width
    tables: dict[str, TableGrowth] = field(default_factory=dict)
    new_table: str | None = None  # the sheet was made for this table (an older register)

    def touched_rows(self) -> set[int]:
        return {r for r, _ in (*self.values, *self.formats, *self.fills, *self.headers)}

    def __bool__(self) -> bool:
        return bool(
            self.values
            or self.formats
            or self.fills
            or self.headers
            or self.widths
            or self.tables
            or self.new_table
        )


# --- data validations grow with their table ---------------------------------------------------

_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def grown_sqref(sqref: str, first_col: int, last_col: int, first_row: int, last_row: int) -> str:
    """A data validation's ranges after its table grew to `last_row`: a range inside the table's
    columns that starts at or above its first data row and stops short of `last_row` now reaches
    it. Other ranges (the user's own, elsewhere on the sheet) are left as they are."""
    out = []
    for part in sqref.split():
        m = _RANGE.match(part)
        if m is None:
            out.append(part)
            continue
        c1, r1 = column_number(m[1]), int(m[2])
        c2, r2 = (column_number(m[3]), int(m[4])) if m[3] else (c1, r1)
        if first_col <= c1 <= c2 <= last_col and r1 <= first_row <= r2 < last_row:
            out.append(f"{m[1]}{r1}:{m[3] or m[1]}{last_row}")
        else:
            out.append(part)
    return " ".join(out)


def fill_key(fill: dict[str, Any] | None) -> Fill | None:
    """A recorded fill as a hashable value (for caching the style it makes)."""
    return None if fill is None else tuple(sorted(fill.items()))
