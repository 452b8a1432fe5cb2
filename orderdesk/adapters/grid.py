"""From a grid of raw cell values to a typed `TableData`: shared by the file and live adapters.

The grid is what a reader hands over for a whole sheet (python-calamine, openpyxl or xlwings):
rows of Python values from A1. Finding the table is lenient (headers in any case or spacing, known
aliases, columns in any order, the user's own columns in between, tables side by side on a sheet);
reading its values is lenient too, and every value that cannot be read is reported with its cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from orderdesk.domain import values as V
from orderdesk.ports import CellIssue, CellRef, Key, RegisterError, TableData
from orderdesk.schema import (  # header matching lives with the schema; re-exported here
    ColType,
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
            if norm_header(value) not in key_names:
                continue
            lo = c
            while lo > 0 and not V.is_blank(_cell(grid, r, lo - 1)):
                lo -= 1
            hi = c
            while hi + 1 < len(row) and not V.is_blank(_cell(grid, r, hi + 1)):
                hi += 1
            found: dict[Column, int] = {}
            for i in range(lo, hi + 1):
                h = norm_header(row[i])
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
    """Read `table` out of a sheet's grid. Offsets say where grid[0][0] sits (0 = A1)."""
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
    width = hi - lo + 1
    rows: list[int] = []
    kept: list[list[Any]] = []
    for i in range(r0 + 1, len(grid)):
        cells = list(grid[i][lo : hi + 1])
        # A row of nothing but empty cells is skipped without a look at each (count is C).
        if cells.count("") + cells.count(None) == len(cells):
            continue
        if any(not V.is_blank(v) for v in cells):
            if len(cells) < width:
                cells += [None] * (width - len(cells))
            rows.append(header_row + 1 + i - r0 - 1)
            kept.append(cells)
    issues: list[CellIssue] = []
    columns: dict[str, pd.Series] = {}
    index = pd.Index(rows, name="row", dtype="int64")
    for col in table.columns():
        if col not in found:
            columns[str(col)] = _blank_series(col, index)
            continue
        j = found[col] - lo
        raw = [cells[j] for cells in kept]
        series, bad = coerce(raw, col, day_first=day_first)
        series.index = index
        columns[str(col)] = series
        letter = letters[str(col)]
        for pos, value, problem in bad:
            ref = CellRef(table.sheet, rows[pos], str(col), letter)
            issues.append(CellIssue(ref, value, problem))
    frame = pd.DataFrame(columns, index=index)
    missing = [c for c in table.columns() if c not in found]
    return TableData(table, frame, issues, letters, missing, extras, header_row)


def empty(table: type[Table]) -> TableData:
    index = pd.Index([], name="row", dtype="int64")
    frame = pd.DataFrame({str(c): _blank_series(c, index) for c in table.columns()}, index=index)
    return TableData(table, frame)


# The dtypes of read columns, spelt as pandas-stubs types them (literals, so pd.array type-checks).
CellDtype = Literal["Int64", "float64", "datetime64[ns]", "boolean", "str"]
_DTYPES: dict[ColType, CellDtype] = {
    ColType.INT: "Int64",
    ColType.NUMBER: "float64",
    ColType.MONEY: "float64",
    ColType.RATE: "float64",
    ColType.PERCENT: "float64",
    ColType.DATE: "datetime64[ns]",
    ColType.DATETIME: "datetime64[ns]",
    ColType.BOOL: "boolean",
}


def _blank_series(col: Column, index: pd.Index) -> pd.Series:
    dtype = _DTYPES.get(col.type, "str")
    return pd.Series(pd.array([None] * len(index), dtype=dtype), index=index)


def _clean(value: Any) -> str | None:
    if type(value) is str and value and V.clean_as_is(value):
        return value
    return V.clean_text(value)


def _parser(col: Column, day_first: bool) -> Callable[[Any], Any]:
    t = col.type
    if t is ColType.CODE:
        return lambda v: (_clean(v) or "").upper() or None
    if t in (ColType.TEXT, ColType.KEY):
        return _clean
    if t is ColType.INT:
        return V.parse_int
    if t in (ColType.NUMBER, ColType.MONEY, ColType.RATE):
        return V.parse_float
    if t is ColType.PERCENT:
        return lambda v: float(V.parse_percent(v))
    if t is ColType.DATE:
        return lambda v: pd.Timestamp(V.parse_datetime(v, day_first=day_first).date())
    if t is ColType.DATETIME:
        return lambda v: pd.Timestamp(V.parse_datetime(v, day_first=day_first))
    if t is ColType.BOOL:
        return V.parse_bool
    raise AssertionError(t)


def coerce(
    raw: Sequence[Any], col: Column, *, day_first: bool = True
) -> tuple[pd.Series, list[tuple[int, Any, str]]]:
    """Typed values for one column, and (position, value, problem) for each unreadable cell.

    Each distinct raw value is parsed once: a column of 50,000 lines holds a few hundred
    distinct currencies, units, dates and prices.
    """
    parse = _parser(col, day_first)
    cache: dict[tuple[type, Any], Any] = {}
    # Most cells of a register are already what they read as: clean text, a float. Those are
    # taken in one C-speed pass; only the rest (blanks, numbers typed as text, dates …) go
    # through the parser below, each distinct value once.
    out = _fast_pass(raw, col.type)
    bad: list[tuple[int, Any, str]] = []
    for i in _missed(out):
        value = raw[i]
        out[i] = None
        if value is None or value == "":
            continue
        if type(value) is float and col.type in _FLOATS:
            continue  # NaN
        if isinstance(value, V.CellError):  # a failed formula: neither blank nor a value
            bad.append((i, value, value.problem))
            continue
        key = (type(value), value)
        try:
            hit = cache[key]
        except KeyError:
            try:
                hit = parse(value)
            except V.Unreadable as exc:
                hit = exc
            except (TypeError, ValueError, OverflowError) as exc:
                hit = V.Unreadable(f"{value!r} cannot be read ({exc})")
            cache[key] = hit
        except TypeError:  # unhashable: parse directly
            try:
                hit = parse(value)
            except V.Unreadable as exc:
                hit = exc
        if isinstance(hit, V.Unreadable):
            bad.append((i, value, f"{hit} ({_expected(col)})"))
        else:
            out[i] = hit
    return _series(out, col), bad


_MISS: Any = object()  # not taken by the fast pass: parse it


def _missed(out: list[Any]) -> Iterator[int]:
    """Positions of `_MISS`, found by list.index (a scan in C, not a loop in Python)."""
    i = -1
    while True:
        try:
            i = out.index(_MISS, i + 1)
        except ValueError:
            return
        yield i


_FLOATS = (ColType.NUMBER, ColType.MONEY, ColType.RATE)
_TEXTS = (ColType.TEXT, ColType.KEY)


def _fast_pass(raw: Sequence[Any], t: ColType) -> list[Any]:
    """What each cell reads as, where that needs no parsing; `_MISS` elsewhere."""
    if t in _FLOATS:
        return [v if type(v) is float and v == v else _MISS for v in raw]
    if t in _TEXTS or t is ColType.CODE:
        taken = [
            v
            if type(v) is str
            and v
            and v.isascii()
            and v.isprintable()
            and v[0] != " "
            and v[-1] != " "
            and "  " not in v
            else _MISS
            for v in raw
        ]
        if t is ColType.CODE:
            return [v if v is _MISS else v.upper() for v in taken]
        return taken
    if t is ColType.INT:
        return [
            int(v) if type(v) is float and v.is_integer() and abs(v) < V.INT_LIMIT else _MISS
            for v in raw
        ]
    return [_MISS] * len(raw)


def _expected(col: Column) -> str:
    return {
        ColType.INT: "expected a whole number",
        ColType.NUMBER: "expected a number",
        ColType.MONEY: "expected an amount",
        ColType.RATE: "expected a number",
        ColType.PERCENT: "expected a percentage",
        ColType.DATE: "expected a date such as 2026-03-07",
        ColType.DATETIME: "expected a date and time",
        ColType.BOOL: "expected yes or no",
    }.get(col.type, "unreadable")


def _series(values: list[Any], col: Column) -> pd.Series:
    dtype = _DTYPES.get(col.type)
    if dtype is None:
        return pd.Series(values, dtype="str")
    if dtype == "float64":
        return pd.Series(np.array([np.nan if v is None else v for v in values], dtype="float64"))
    if dtype.startswith("datetime"):
        try:  # the parsed Timestamps' own nanoseconds: no conversion value by value
            ns = np.array([_NAT if v is None else v.value for v in values], dtype="int64")
            return pd.Series(ns.view("datetime64[ns]"))
        except (AttributeError, OverflowError):
            return pd.Series(
                pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]"
            )
    return pd.Series(pd.array(values, dtype=dtype))


_NAT = np.iinfo("int64").min  # NaT as nanoseconds


def python_cell(value: Any) -> Any:
    """A value as a cell should hold it (numpy/pandas scalars to Python; NaN/NaT to None)."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        if value == value.normalize():
            return value.date()
        return value.to_pydatetime()
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.datetime | dt.date | str | int | float | bool):
        return value
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return value
