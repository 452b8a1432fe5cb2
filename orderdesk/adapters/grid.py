"""From a grid of raw cell values to a typed `TableData`: shared by the file and live adapters.

The grid is what a reader hands over for a whole sheet (python-calamine, openpyxl or xlwings):
rows of Python values from A1. Finding the table is lenient (headers in any case or spacing, known
aliases, columns in any order, the user's own columns in between, tables side by side on a sheet);
reading its values is lenient too, and every value that cannot be read is reported with its cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import islice, zip_longest
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain import values as V
from orderdesk.ports import CellIssue, CellRef, Key, RegisterError, TableData
from orderdesk.schema import (  # header matching lives with the schema; re-exported here
    Column,
    Setting,
    Settings,
    Table,
    header_names,
    norm_header,
)

Grid = Sequence[Sequence[Any]]
HEADER_SEARCH_ROWS = 30


class GridReader:
    """`read()` for adapters that hand over a whole sheet's values at once (the file and the live
    register). A subclass says only how it gets them: `_sheet_values(sheet)` → (rows from the
    sheet's top-left used cell, 0-based row offset, 0-based column offset), or None."""

    _day_first: bool | None = None

    def _sheet_values(self, sheet: str) -> tuple[Grid, int, int] | None:
        raise NotImplementedError

    def read(self, table: type[Table]) -> TableData:
        got = self._sheet_values(table.sheet)
        if got is None:
            data = empty(table)
            data.found = False
            data.missing = list(table.columns())
            return data
        grid, row0, col0 = got
        day_first = True if table is Settings else self.day_first()
        return build(grid, table, day_first=day_first, row_offset=row0, col_offset=col0)

    def day_first(self) -> bool:
        """How this register reads 03/04/2026 typed as text (Settings → date order)."""
        if self._day_first is None:
            from orderdesk.settings import Policy

            order = str(Policy(self.read(Settings)).get(Setting.DATE_ORDER) or "DMY")
            self._day_first = order.strip().upper() != "MDY"
        return self._day_first


def refuse_user_columns(table: type[Table], changes: Mapping[Key, Mapping[Column, Any]]) -> None:
    """OrderDesk writes only its own columns of a user's table."""
    not_owned = {str(c) for ch in changes.values() for c in ch if not c.owned}
    if not_owned:
        raise RegisterError(
            f"OrderDesk does not write the user's columns: {table.sheet} {sorted(not_owned)}"
        )


def norm_key(key: Iterable[Any]) -> Key:
    """A key as rows are matched on: 12.0 is 12, text is trimmed."""
    out = []
    for v in key:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out.append(str(v).strip() if v is not None else None)
    return tuple(out)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(grid: Grid, r: int, c: int) -> Any:
    row = grid[r] if r < len(grid) else ()
    return row[c] if c < len(row) else None


def _norm(value: Any) -> str:
    """`norm_header` of a cell, remembered: a table is looked for in the same first rows of a
    sheet once per table on it (the Settings sheet holds a dozen)."""
    try:
        return _norm_cached(type(value).__name__, value)
    except TypeError:  # unhashable
        return norm_header(value)


@lru_cache(maxsize=1 << 16)
def _norm_cached(_kind: str, value: Any) -> str:  # the type keeps 1, 1.0 and True apart
    return norm_header(value)


def locate(grid: Grid, table: type[Table]) -> tuple[int, int, int, dict[Column, int]] | None:
    """Find the table: (header row index, first col index, last col index, column → index).

    Indices are 0-based into the grid. The header row is the one (within the first rows) where
    the table's key header sits with the most of its other headers around it; the table spans
    left and right from there until an empty header cell.
    """
    key = table.keys()[0] if table.keys() else table.columns()[0]
    key_names = header_names(key)
    wanted = {c: header_names(c) for c in table.columns()}
    best: tuple[int, int, int, int, dict[Column, int]] | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        row = grid[r]
        for c, value in enumerate(row):
            if _norm(value) not in key_names:
                continue
            lo = c
            while lo > 0 and not V.is_blank(_cell(grid, r, lo - 1)):
                lo -= 1
            hi = c
            while hi + 1 < len(row) and not V.is_blank(_cell(grid, r, hi + 1)):
                hi += 1
            found: dict[Column, int] = {}
            for i in range(lo, hi + 1):
                h = _norm(row[i])
                for col, names in wanted.items():
                    if col not in found and h in names:
                        found[col] = i
                        break
            if best is None or len(found) > best[0]:
                best = (len(found), r, lo, hi, found)
    if best is None:
        return None
    _, r, lo, hi, found = best
    return r, lo, hi, found


def build(
    grid: Grid,
    table: type[Table],
    *,
    day_first: bool = True,
    row_offset: int = 0,
    col_offset: int = 0,
) -> TableData:
    """Read `table` out of a sheet's grid. Offsets say where grid[0][0] sits (0 = A1).

    Column by column: each column's cells are typed at once (`values.coerce_values`), then the
    rows with nothing in any of the table's columns are left out.
    """
    where = locate(grid, table)
    if where is None:
        data = empty(table)
        data.found = False
        data.missing = list(table.columns())
        return data
    r0, lo, hi, found = where
    header_row = r0 + 1 + row_offset
    letters = {str(col): column_letter(i + 1 + col_offset) for col, i in found.items()}
    extras = [
        str(grid[r0][i]).strip()
        for i in range(lo, hi + 1)
        if i not in found.values() and not V.is_blank(grid[r0][i])
    ]
    raw = _columns(grid, r0 + 1, lo, hi)
    typed = {
        col: V.coerce_values(raw[i - lo], col.type, day_first=day_first) for col, i in found.items()
    }
    used = _used_rows(raw, [(v, raw[found[c] - lo]) for c, v in typed.items()], found, lo)
    rows = used + header_row + 1
    index = pd.Index(rows, name="row", dtype="int64")
    issues: list[CellIssue] = []
    columns: dict[str, pd.Series] = {}
    for col in table.columns():
        if col not in found:
            columns[str(col)] = _blank_series(col, index)
            continue
        got = typed[col].take(used)
        series = got.series()
        series.index = index
        columns[str(col)] = series
        for pos, value, problem in got.bad:
            ref = CellRef(table.sheet, int(rows[pos]), str(col), letters[str(col)])
            issues.append(CellIssue(ref, value, problem))
    frame = pd.DataFrame(columns, index=index)
    missing = [c for c in table.columns() if c not in found]
    return TableData(table, frame, issues, letters, missing, extras, header_row)


def _columns(grid: Grid, first: int, lo: int, hi: int) -> list[tuple[Any, ...]]:
    """The cells of columns lo … hi from row `first` down, one tuple per column (a short row's
    missing cells as None)."""
    width = hi - lo + 1
    body = grid[first:]
    if lo == 0 and len({len(row) for row in body}) == 1:  # a reader's rectangle: no slicing
        # zip hands over the columns one by one: those right of the table are never made
        columns = list(islice(zip(*body, strict=True), width))  # all rows one length
    else:
        body = [row[lo : hi + 1] for row in body]
        columns = list(zip_longest(*body)) if body else []
    while len(columns) < width:
        columns.append((None,) * len(body))
    return columns


def _used_rows(
    raw: list[tuple[Any, ...]],
    typed: list[tuple[V.ColumnValues, tuple[Any, ...]]],
    found: Mapping[Column, int],
    lo: int,
) -> np.ndarray:
    """Positions of the rows with something in any column of the table (a cell that is not
    blank, read or not)."""
    n = len(raw[0]) if raw else 0
    used = np.zeros(n, dtype=bool)
    for values, cells in typed:
        used |= ~values.null  # a read value is never a blank cell
        for i in np.flatnonzero(values.null & ~used).tolist():
            if not V.is_blank(cells[i]):
                used[i] = True
    ours = {i - lo for i in found.values()}
    for j, cells in enumerate(raw):
        if j not in ours:
            used |= _not_blank(cells)
    return np.flatnonzero(used)


def _not_blank(cells: tuple[Any, ...]) -> np.ndarray:
    """Which of these cells (of a column the table does not read) hold something."""
    values = np.fromiter(cells, dtype=object, count=len(cells))
    out = ~((values == "") | (values == None))  # noqa: E711 (elementwise, not identity)
    for i in np.flatnonzero(out).tolist():
        out[i] = not V.is_blank(cells[i])
    return out


def empty(table: type[Table]) -> TableData:
    index = pd.Index([], name="row", dtype="int64")
    frame = pd.DataFrame({str(c): _blank_series(c, index) for c in table.columns()}, index=index)
    return TableData(table, frame)


def _blank_series(col: Column, index: pd.Index) -> pd.Series:
    dtype = V.DTYPES.get(col.type, "str")
    return pd.Series(pd.array([None] * len(index), dtype=dtype), index=index)


coerce = V.coerce  # re-exported for the readers that type one cell (quote_book, until moved)


python_cell = V.python_cell  # re-exported: the adapters write cells with it
