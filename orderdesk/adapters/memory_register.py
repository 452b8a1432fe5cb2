"""The register held in memory: the `Register` port without a workbook file, for fast tests.

Each sheet is kept as the grid of values a reader would hand over (one list per row, the table's
header at its schema placement), so `read()` goes through the same typing as the file and live
adapters (`grid.GridReader`) and finds the same issues in the same cells. Writes land in the grid
at once; OrderDesk's own sheets are kept as the `SheetContent` given and laid out in the grid the
way the file writer lays them out (`xlsx.plan_owned_sheet`), so a later `read(KPI)` sees them.

Saving stores a copy of the register in its `Book` (the file the memory stands for): `reopen()`
gives a fresh register on what was last saved, as `FileRegister(path)` does on the file, and a
register whose book someone saved since it was opened raises `ChangedOnDisk`. What a test may
look at besides the port: `saves` (how many saves wrote something, on this register; the book
counts all), `sheets` (the content of OrderDesk's sheets) and `marks_of(table)` (the cells
marked and their colour).
The port's contract is tested against this and the file register alike
(`tests/register/test_register_contract.py`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk import __version__
from orderdesk.adapters import grid as G
from orderdesk.adapters import xlsx
from orderdesk.adapters.file_register import last_data_row, set_value
from orderdesk.adapters.register_reads import RegisterReader
from orderdesk.ports import (
    ChangedOnDisk,
    Key,
    PivotSpec,
    RegisterError,
    SaveReport,
    Selection,
    SheetContent,
    TableData,
)
from orderdesk.schema import OWNED_SHEETS, SHEET_ORDER, Column, Table, placement, tables_on

Rows = pd.DataFrame | Sequence[Mapping[Column, Any]]


@dataclass
class Book:
    """What was last saved, and how often: the workbook file that a memory register stands for."""

    grids: dict[str, list[list[Any]]]
    meta: dict[str, Any]
    marks: dict[str, dict[tuple[Key, str], str]]
    sheets: dict[str, SheetContent] = field(default_factory=dict)
    saves: int = 0
    pivots: dict[str, list[PivotSpec]] = field(default_factory=dict)  # sheet → its PivotTables


class MemoryRegister(RegisterReader):
    """A register that lives only in memory; `data` fills its tables as `xlsx.new_workbook`
    fills a new workbook's (every sheet of the schema is there, empty unless given)."""

    def __init__(
        self,
        data: Mapping[type[Table], Rows] | None = None,
        *,
        user: str = "tester",
        selection: Selection | None = None,
        source: str = "memory:Register.xlsx",
        missing: Iterable[str] = (),
        book: Book | None = None,
    ) -> None:
        """`missing`: sheets the workbook lacks (an older register); `book`: open what was saved
        there instead (`reopen`)."""
        self._source = source
        self._user = user
        self._selection = selection
        if book is None:
            data = dict(data or {})
            self._grids: dict[str, list[list[Any]]] = {}
            for sheet in SHEET_ORDER:
                self._grids[sheet] = []
                for table in tables_on(sheet):
                    self._lay_table(table, data.get(table))
            for sheet in missing:
                self._grids.pop(sheet, None)
            meta = {"schema": __version__, "approval_log": xlsx.approval_record(data).as_dict()}
            book = Book(self._grids, meta, {})
        self._book = book
        self._version = book.saves
        self._grids = copy.deepcopy(book.grids)
        self._meta: dict[str, Any] = copy.deepcopy(book.meta)
        self._marks: dict[str, dict[tuple[Key, str], str]] = copy.deepcopy(book.marks)
        self.sheets: dict[str, SheetContent] = dict(book.sheets)
        self.pivots: dict[str, list[PivotSpec]] = dict(book.pivots)
        self.notes: list[str] = []
        self.saves = 0
        self._dirty = False
        self._cells = 0
        self._appended = 0
        self._written: set[str] = set()

    # --- what a test may look at ---------------------------------------------------------------

    def marks_of(self, table: type[Table]) -> dict[tuple[Key, str], str]:
        """The cells OrderDesk has marked in this table: (key, header) → colour."""
        return dict(self._marks.get(table.__name__, {}))

    @property
    def book(self) -> Book:
        return self._book

    def reopen(
        self, *, user: str | None = None, selection: Selection | None = None
    ) -> MemoryRegister:
        """A fresh register on what was last saved (unsaved changes of this one are not there)."""
        return type(self)(
            user=user or self._user, selection=selection, source=self._source, book=self._book
        )

    # --- the port ----------------------------------------------------------------------------

    @property
    def source(self) -> str:
        return self._source

    @property
    def user(self) -> str:
        return self._user

    def selection(self) -> Selection | None:
        return self._selection

    def update(self, table: type[Table], changes: Mapping[Key, Mapping[Column, Any]]) -> int:
        G.refuse_user_columns(table, changes)
        if not changes:
            return 0
        grid, found, header = self._where(table)
        rows = self._row_index(table, grid, found, header)
        written = 0
        for key, values in changes.items():
            row = rows.get(G.norm_key(key))
            if row is None:
                raise RegisterError(f"{table.sheet}: no row with key {key} (was it deleted?)")
            for col, value in values.items():
                self._put(table.sheet, grid, row, found[col], value, col)
                written += 1
        self._cells += written
        self._dirty = True
        return written

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        grid, found, header = self._where(table)
        # The file register's rule: from the 0-based first data row to a 1-based row.
        last = last_data_row(grid, header + 1, min(found.values()), max(found.values())) - 1
        for i, rec in enumerate(rows, start=last + 1):
            for col, value in rec.items():
                self._put(table.sheet, grid, i, found[col], value, col)
        self._appended += len(rows)
        self._dirty = True
        return len(rows)

    def write_sheet(self, content: SheetContent) -> None:
        if content.sheet not in OWNED_SHEETS:
            raise RegisterError(f"'{content.sheet}' is not one of OrderDesk's sheets")
        plan = xlsx.plan_owned_sheet(content)
        grid: list[list[Any]] = []
        lines = [plan.heading] if plan.heading else []
        for row, text in [*lines, *plan.notes]:
            set_value(grid, row - 1, 0, xlsx.fit_cell(content.sheet, row, 1, text, self.notes))
        for block, title_row, header_row, _last in plan.blocks:
            if title_row is not None:
                set_value(grid, title_row - 1, 0, block.title)
            for j, name in enumerate(block.frame.columns):
                set_value(grid, header_row - 1, j, str(name))
            for i, values in enumerate(block.frame.itertuples(index=False), start=header_row):
                for j, value in enumerate(values):
                    v = G.python_cell(value)
                    set_value(grid, i, j, xlsx.fit_cell(content.sheet, i + 1, j + 1, v, self.notes))
        self._grids[content.sheet] = grid
        self.sheets[content.sheet] = content
        self._written.add(content.sheet)
        self._meta[f"sheet:{content.sheet}"] = plan.layout
        self._dirty = True

    def add_pivots(
        self,
        sheet: str,
        pivots: Sequence[PivotSpec],
        *,
        heading: str = "",
        notes: Sequence[str] = (),
    ) -> list[str]:
        if sheet in self._grids or not pivots:
            return []
        grid: list[list[Any]] = []
        for row, text in [(1, heading), *((2 + i, n) for i, n in enumerate(notes))]:
            set_value(grid, row - 1, 0, text)
        for spec in pivots:
            set_value(grid, spec.row - 1, 0, spec.title)
        self._grids[sheet] = grid
        self.pivots[sheet] = list(pivots)
        self._written.add(sheet)
        self._dirty = True
        return [p.name for p in pivots]

    def set_marks(
        self, table: type[Table], cells: Iterable[tuple[Key, Column]], colour: str
    ) -> None:
        grid, found, header = self._where(table)
        rows = self._row_index(table, grid, found, header)
        wanted = {
            (G.norm_key(k), str(c))
            for k, c in cells
            if G.norm_key(k) in rows and c in found  # like a cell not in the sheet: skipped
        }
        old = self._marks.get(table.__name__, {})
        now = {cell: old.get(cell, colour) for cell in wanted}
        if now != old:
            self._cells += len(set(now) ^ set(old))
            self._marks[table.__name__] = now
            self._dirty = True

    def meta(self, key: str) -> Any:
        return copy.deepcopy(self._meta.get(key))

    def set_meta(self, key: str, value: Any) -> None:
        try:  # kept as the file keeps it: as JSON, so a value that is not JSON-able fails here
            self._meta[key] = json.loads(json.dumps(value))
        except (TypeError, ValueError) as exc:
            raise RegisterError(f"bookkeeping '{key}' cannot be kept: {exc}") from exc
        self._dirty = True

    def check_unchanged(self) -> None:
        if self._book.saves != self._version:
            raise ChangedOnDisk(f"{self._source}: someone saved the workbook since it was read")

    def save(self) -> SaveReport:
        if not self._dirty:
            return SaveReport(self._source)
        self.check_unchanged()
        book = self._book
        book.grids = copy.deepcopy(self._grids)
        book.meta = copy.deepcopy(self._meta)
        book.marks = copy.deepcopy(self._marks)
        book.sheets = dict(self.sheets)
        book.pivots = dict(self.pivots)
        book.saves += 1
        self._version = book.saves
        self.saves += 1
        self._dirty = False
        report = SaveReport(
            self._source,
            None,
            self._cells,
            self._appended,
            tuple(sorted(self._written)),
            tuple(self.notes),
        )
        self._written.clear()
        return report

    def read_all(self) -> dict[type[Table], TableData]:
        from orderdesk.schema import tables

        return {t: self.read(t) for t in tables()}

    def __enter__(self) -> MemoryRegister:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.save()

    # --- the grid ----------------------------------------------------------------------------

    def _sheet_values(self, sheet: str) -> tuple[G.Grid, int, int] | None:
        grid = self._grids.get(sheet)
        return None if grid is None else (grid, 0, 0)

    def _lay_table(self, table: type[Table], rows: Rows | None) -> None:
        """A table's header and rows, as `xlsx.write_table` writes them into a new workbook."""
        grid = self._grids[table.sheet]
        place = placement(table)
        r0, c0 = place.header_row - 1, place.first_col - 1
        frame = xlsx._as_frame(table, rows)
        for j, col in enumerate(table.columns()):
            set_value(grid, r0, c0 + j, str(col))
            for i, value in enumerate(frame[str(col)].tolist(), start=r0 + 1):
                v = G.python_cell(value)
                if v is not None:
                    v = xlsx.fit_cell(table.sheet, i + 1, c0 + j + 1, xlsx.cell_value(col, v), None)
                    set_value(grid, i, c0 + j, v)
                    grid[i][c0 + j] = _as_read(grid[i][c0 + j])

    def _where(self, table: type[Table]) -> tuple[list[list[Any]], dict[Column, int], int]:
        grid = self._grids.get(table.sheet)
        if grid is None:
            raise RegisterError(f"the workbook has no sheet '{table.sheet}'")
        where = G.locate(grid, table)
        if where is None:
            raise RegisterError(f"sheet '{table.sheet}': the table's header row was not found")
        header, _lo, _hi, found = where
        missing = [str(c) for c in table.columns() if c not in found]
        if missing:  # a register made here has every column; one laid out by hand may not
            raise RegisterError(f"sheet '{table.sheet}' has no column {missing}")
        return grid, found, header

    def _row_index(
        self, table: type[Table], grid: list[list[Any]], found: dict[Column, int], header: int
    ) -> dict[Key, int]:
        """Key → 0-based grid row (first row wins, as in the file register)."""
        index: dict[Key, int] = {}
        keys = table.keys()
        for r in range(header + 1, len(grid)):
            row = grid[r]
            key = tuple(row[found[k]] if found[k] < len(row) else None for k in keys)
            if all(v is None or v == "" for v in key):
                continue
            index.setdefault(G.norm_key(key), r)
        return index

    def _put(
        self, sheet: str, grid: list[list[Any]], r: int, c: int, value: Any, col: Column
    ) -> None:
        v = G.python_cell(value)
        if v is not None:
            v = xlsx.cell_value(col, v)
            v = _as_read(xlsx.fit_cell(sheet, r + 1, c + 1, v, self.notes))
        set_value(grid, r, c, v)


def _as_read(value: Any) -> Any:
    """A written value as a reader gives it back: a number is a float (Excel keeps one kind)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
