"""The register as a closed workbook file: python-calamine to read, the part writer to save.

Reads never change the file. Writes are recorded (`edits.SheetEdits`: cells, number formats,
marks, table growth; OrderDesk's own sheets as their content) and made permanent by `save()`,
which takes the workbook's inter-process lock (unless it is held since the read: `hold=True`,
as the CLI opens registers), checks that nobody has the file open and that the file has not
changed since it was read, refuses when the save would lose something the writer cannot carry
(unless allowed), and replaces the file atomically with a backup
(`workbook_safety.replace_workbook`, which checks the fingerprint and lock files once more just
before the rename).

How the bytes are produced is the writer's: `writer="parts"` (the default, `parts.py`) rewrites
only the parts the action changed and copies every other part as it is; `writer="openpyxl"`
(`openpyxl_save.py`) loads and saves the whole workbook, and is kept as the oracle the tests
and benches compare the part writer with.
"""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from orderdesk.adapters import grid as G
from orderdesk.adapters import meta as M
from orderdesk.adapters import package
from orderdesk.adapters import workbook_safety as safety
from orderdesk.adapters.edits import Cell, SheetEdits, TableGrowth
from orderdesk.adapters.register_reads import RegisterReader
from orderdesk.adapters.sheet_xml import ERROR_CODES, letters
from orderdesk.domain import values as V
from orderdesk.ports import (
    Key,
    PivotSpec,
    RegisterError,
    SaveReport,
    Selection,
    SheetContent,
    TableData,
    WouldLoseContent,
)
from orderdesk.schema import KPI, META_SHEET, OWNED_SHEETS, ColType, Column, Table, placement

TEXT_TYPES = (ColType.TEXT, ColType.KEY, ColType.CODE)

READERS = ("calamine", "openpyxl")
WRITERS = ("parts", "openpyxl")
Where = tuple[int, int, int, dict[Column, int]]  # header row, first and last column (0-based)


class FileRegister(RegisterReader):
    """A register workbook on disk. Use as a context manager or call `save()` yourself."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        reader: str = "calamine",
        writer: str = "parts",
        allow_loss: bool = False,
        selection: Selection | None = None,
        hold: bool = False,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        if not self.path.exists():
            raise RegisterError(f"{self.path}: no such workbook")
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise RegisterError(f"{self.path}: not an Excel workbook (.xlsx)")
        if reader not in READERS:
            raise ValueError(f"reader must be one of {READERS}")
        if writer not in WRITERS:
            raise ValueError(f"writer must be one of {WRITERS}")
        self.reader = reader
        self.writer = writer
        self.allow_loss = allow_loss
        self._user = user or getpass.getuser()
        self._selection = selection
        self._on_wait = on_wait
        self._lock = safety.WorkbookLock(self.path, wait=wait)
        if hold:  # held from the read to the rename: a second run waits, then reads fresh
            self._lock.acquire(on_wait)
        self._stamp = self._fingerprint()
        self._calamine: Any = None
        self._package: package.Package | None = None
        self._grids: dict[str, list[list[Any]] | None] = {}
        self._indexes: dict[type[Table], dict[Key, int]] = {}
        self._edits: dict[str, SheetEdits] = {}
        self._owned: dict[str, SheetContent] = {}
        self._new_sheets: dict[str, type[Table]] = {}
        self._pivots: Any = None  # a pivot_parts.PivotSheet to add with the next save
        self._meta: dict[str, Any] | None = None
        self._meta_changed = False
        self._styles: Any = None  # the source's styles (the part writer's look at fills)
        self._wb: Any = None  # the loaded workbook (the openpyxl writer only)
        self._cells = 0
        self._appended = 0
        self.notes: list[str] = []  # cells whose text had to change to fit (said in the result)

    # --- the port ---------------------------------------------------------------------

    @property
    def source(self) -> str:
        return str(self.path)

    @property
    def user(self) -> str:
        return self._user

    def selection(self) -> Selection | None:
        return self._selection

    def update(self, table: type[Table], changes: Mapping[Key, Mapping[Column, Any]]) -> int:
        from orderdesk.adapters import xlsx

        G.refuse_user_columns(table, changes)
        if not changes:
            return 0
        grid, where = self._locate_for_write(table)
        found = where[3]
        rows = self._row_index(table, grid, where)
        written = 0
        for key, values in changes.items():
            row = rows.get(G.norm_key(key))
            if row is None:
                raise RegisterError(f"{table.sheet}: no row with key {key} (was it deleted?)")
            for col, value in values.items():
                if col not in found:
                    found[col] = self._add_column(table, grid, where, col)
                v = G.python_cell(value)
                v = None if v is None else xlsx.cell_value(col, v)
                self._put(table.sheet, grid, row, found[col] + 1, v, col)
                written += 1
        self._cells += written
        return written

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> int:
        from orderdesk.adapters import xlsx

        rows = list(rows)
        if not rows:
            return 0
        if table.sheet not in self._sheet_names():
            self._new_table_sheet(table)
        grid = self._grid(table.sheet)
        where = G.locate(grid or [], table)
        if grid is None or where is None:
            raise RegisterError(
                f"sheet '{table.sheet}' has no {table.title or table.sheet} table "
                f"(header '{table.keys()[0] if table.keys() else table.columns()[0]}' not found)"
            )
        r0, lo, _hi, found = where
        for col in table.columns():
            if col not in found:
                found[col] = self._add_column(table, grid, where, col)
        last = last_data_row(grid, r0 + 1, lo, max(found.values()))
        for i, rec in enumerate(rows, start=last + 1):
            for col, value in rec.items():
                v = G.python_cell(value)
                if v is not None:
                    self._put(table.sheet, grid, i, found[col] + 1, xlsx.cell_value(col, v), col)
        self._grow(table, where, last + len(rows))
        self._appended += len(rows)
        return len(rows)

    def write_sheet(self, content: SheetContent) -> None:
        from orderdesk.adapters import xlsx

        if content.sheet not in OWNED_SHEETS:
            raise RegisterError(f"'{content.sheet}' is not one of OrderDesk's sheets")
        self._owned[content.sheet] = content
        self._grids.pop(content.sheet, None)
        self._set_meta(f"sheet:{content.sheet}", xlsx.plan_owned_sheet(content).layout)

    def set_marks(
        self, table: type[Table], cells: Iterable[tuple[Key, Column]], colour: str
    ) -> None:
        from orderdesk.adapters import openpyxl_save

        meta_key = f"marks:{table.__name__}"
        old: list[dict[str, Any]] = self._meta_all().get(meta_key, [])
        wanted = {(G.norm_key(k), str(c)) for k, c in cells}
        if not old and not wanted:  # no mark to put or take back: the sheet is not looked at
            return
        grid, where = self._locate_for_write(table)
        found = where[3]
        rows = self._row_index(table, grid, where)
        headers = {str(c): c for c in table.columns()}

        def at(key: Key, column: str) -> Cell | None:
            row, col = rows.get(key), headers.get(column)
            if row is None or col is None or col not in found:
                return None
            return (row, found[col] + 1)

        places = [at(G.norm_key(tuple(m["key"])), m["column"]) for m in old]
        places += [at(k, c) for k, c in wanted]
        fills = self._fills(table.sheet, [p for p in places if p is not None])
        edits = self._edits_of(table.sheet)
        kept: list[dict[str, Any]] = []
        for mark in old:
            ident = (G.norm_key(tuple(mark["key"])), mark["column"])
            cell = at(*ident)
            if cell is None:
                continue
            ours = openpyxl_save.is_fill(fills[cell], mark["colour"])
            if ident in wanted and ours:
                kept.append(mark)
                wanted.discard(ident)
            elif ours:  # the user's own fill comes back; a fill they set since stays
                edits.fills[cell] = mark.get("was")
                self._cells += 1
        for key, column in sorted(wanted, key=str):
            cell = at(key, column)
            if cell is None:
                continue
            kept.append({"key": list(key), "column": column, "colour": colour, "was": fills[cell]})
            edits.fills[cell] = openpyxl_save.mark_fill(colour)
            self._cells += 1
        if kept != old:
            self._set_meta(meta_key, kept)

    def add_pivots(
        self,
        sheet: str,
        pivots: Sequence[PivotSpec],
        *,
        heading: str = "",
        notes: Sequence[str] = (),
    ) -> list[str]:
        from orderdesk.adapters.pivot_parts import PivotSheet

        if sheet in self._sheet_names() or not pivots:
            return []  # the user's now: Excel refreshes them on open, nothing is rebuilt
        self._pivots = PivotSheet(sheet, list(pivots), heading, list(notes), after=(KPI.sheet,))
        return [p.name for p in pivots]

    def meta(self, key: str) -> Any:
        return self._meta_all().get(key)

    def set_meta(self, key: str, value: Any) -> None:
        self._set_meta(key, value)

    def check_unchanged(self) -> None:
        if self._fingerprint() != self._stamp:
            safety.check_unchanged(self.path, self._stamp)

    @property
    def _dirty(self) -> bool:
        return bool(
            self._meta_changed
            or self._owned
            or any(self._edits.values())
            or self._pivots is not None
        )

    def save(self) -> SaveReport:
        if not self._dirty:
            return SaveReport(str(self.path))
        held = self._lock.held
        self._lock.acquire(self._on_wait)
        try:
            safety.check_unchanged(self.path, self._stamp)
            if not self.allow_loss:
                losses = (
                    safety.content_at_risk(self.path, OWNED_SHEETS)
                    if self.writer == "openpyxl"
                    else safety.replaced_content_at_risk(self.path, self._owned)
                )
                if losses:
                    raise WouldLoseContent(str(self.path), losses)
            if self._package is not None:  # no handle left on the file it replaces (Windows)
                self._package.close()
            backup = safety.replace_workbook(
                self.path, self._write, stamp=self._stamp, lock=self._lock
            )
            self._stamp = self._fingerprint()
        finally:
            if not held:
                self._lock.release()
        report = SaveReport(
            str(self.path),
            str(backup) if backup else None,
            self._cells,
            self._appended,
            tuple(sorted(self._owned)),
            tuple(self.notes),
        )
        # What was read stays true (the grids hold what was written); the file is new.
        self._edits.clear()
        self._owned.clear()
        self._new_sheets.clear()
        self._pivots = None
        self._meta_changed = False
        self._calamine = self._package = self._styles = self._wb = None
        return report

    def close(self) -> None:
        """Let other runs at the workbook (the lock held since the read, if any)."""
        self._lock.release()

    def __enter__(self) -> FileRegister:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.save()
        finally:
            self.close()

    def __del__(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            with contextlib.suppress(Exception):  # at interpreter exit the modules may be gone
                lock.release()

    # --- writing the new file ---------------------------------------------------------------

    def _write(self, tmp: Path) -> None:
        self.write_to(tmp, self.writer, self.notes)

    def write_to(self, out: Path, writer: str, notes: list[str] | None = None) -> None:
        """What a save would write, into `out` (the register itself is not touched), with
        either writer: the tests and benches compare the two on the same edits."""
        from orderdesk.adapters import openpyxl_save, owned_xml, parts, xlsx

        meta = self._meta_all() if self._meta_changed or writer == "openpyxl" else None
        if writer == "openpyxl":
            for sheet, table in self._new_sheets.items():
                self._edits_of(sheet).new_table = table.table_name
            wb = self._wb if self.writer == "openpyxl" else None
            openpyxl_save.save(self.path, out, self._edits, self._owned, meta, wb, notes)
            self._wb = None  # the save changed it
            return
        whole = [*self._owned, *self._new_sheets, *([META_SHEET] if meta is not None else [])]
        # OrderDesk's sheets written straight as XML; openpyxl draws those with charts and the
        # sheet of a table an older register lacks.
        streamed = {k: c for k, c in self._owned.items() if owned_xml.streamable(c)}
        drawn = {k: c for k, c in self._owned.items() if k not in streamed}
        scratches = []
        if streamed or meta is not None:
            scratches.append(owned_xml.scratch(streamed, meta, notes))
        if drawn or self._new_sheets:
            scratches.append(openpyxl_save.scratch(drawn, self._new_sheets, None, notes))
        plan = parts.PartPlan(
            edits=self._edits,
            scratches=scratches,
            transplants=[parts.Transplant(name) for name in whole],
            header_font=xlsx.HEADER_FONT.to_tree(),
            header_fills=(xlsx.OWNED_HEADER.to_tree(), xlsx.USER_HEADER.to_tree()),
            pivots=self._pivots,
        )
        parts.PartWriter(self.path, plan).write(out)

    def _fills(self, sheet: str, cells: list[Cell]) -> dict[Cell, dict[str, Any] | None]:
        """The fill each of these cells has now (this run's marks included)."""
        from orderdesk.adapters import openpyxl_save

        edits = self._edits_of(sheet)
        todo = [c for c in cells if c not in edits.fills]
        now: dict[Cell, dict[str, Any] | None] = dict.fromkeys(todo)
        if todo and sheet not in self._new_sheets:
            if self.writer == "openpyxl":
                if self._wb is None:
                    self._wb = openpyxl_save.load(self.path)
                now = openpyxl_save.fills_of(self._wb, sheet, todo)
            else:
                now = self._part_fills(sheet, todo)
        return {**now, **{c: edits.fills[c] for c in cells if c in edits.fills}}

    def _part_fills(self, sheet: str, cells: list[Cell]) -> dict[Cell, dict[str, Any] | None]:
        import zipfile

        from orderdesk.adapters import parts

        part = self._pkg().sheet_part(sheet)
        with zipfile.ZipFile(self.path) as zf:
            if self._styles is None:
                self._styles = parts.Styles(
                    parts.Package(zf), parts._styles_part(parts.Package(zf))
                )
            styles = parts.cell_styles(zf, part, cells) if part else {}
        return {c: self._styles.fill_of(styles.get(c, 0)) for c in cells}

    # --- recording a write ------------------------------------------------------------------

    def _edits_of(self, sheet: str) -> SheetEdits:
        if sheet not in self._edits:
            self._edits[sheet] = SheetEdits()
        return self._edits[sheet]

    def _put(
        self, sheet: str, grid: list[list[Any]], row: int, col: int, value: Any, column: Column
    ) -> None:
        """One value into a cell (1-based row and column), with the column's number format."""
        from orderdesk.adapters import xlsx

        value = xlsx.fit_cell(sheet, row, col, value, self.notes)
        edits = self._edits_of(sheet)
        cell = (row, col)
        edits.values[cell] = value
        edits.formats[cell] = column.number_format
        if _quoted(column, value):
            edits.quoted.add(cell)
        else:
            edits.quoted.discard(cell)
        set_value(grid, row - 1, col - 1, value)

    def _set_meta(self, key: str, value: Any) -> None:
        self._meta_all()[key] = value
        self._meta_changed = True

    def _meta_all(self) -> dict[str, Any]:
        if self._meta is None:
            grid = self._grid(META_SHEET)
            self._meta = M.meta_from_rows(grid[1:]) if grid else {}
        return self._meta

    def _new_table_sheet(self, table: type[Table]) -> None:
        """A sheet for a table the workbook lacks (an older register): its header row and an
        empty Excel Table, made whole when saved; the rows appended are edits on it."""
        self._new_sheets[table.sheet] = table
        place = placement(table)
        header = [None] * (place.first_col - 1) + [str(c) for c in table.columns()]
        above = [[None] * len(header) for _ in range(place.header_row - 1)]
        self._grids[table.sheet] = [*above, header]
        last = place.first_col + len(table.columns()) - 1
        self._edits_of(table.sheet).tables[table.table_name] = TableGrowth(
            table.table_name, place.header_row, place.first_col, last, place.header_row + 1
        )

    def _grow(self, table: type[Table], where: Where, last_row: int) -> None:
        r0, lo, hi, found = where
        edits = self._edits_of(table.sheet)
        growth = edits.tables.get(table.table_name)
        last_col = max([hi, *found.values()]) + 1
        if growth is None:
            growth = edits.tables[table.table_name] = TableGrowth(
                table.table_name, r0 + 1, lo + 1, last_col
            )
        growth.last_col = max(growth.last_col, last_col)
        growth.last_row = max(growth.last_row, last_row)

    def _add_column(
        self, table: type[Table], grid: list[list[Any]], where: Where, col: Column
    ) -> int:
        """Add a schema column the sheet lacks (an older register), at the table's right end."""
        r0, _lo, hi, found = where
        new = max([hi, *found.values()]) + 1
        for r in range(r0 + 1, len(grid)):
            row = grid[r]
            if new < len(row) and not V.is_blank(row[new]):
                raise RegisterError(
                    f"sheet '{table.sheet}': column '{col}' is missing and the column to the right "
                    f"of the table ({letters(new + 1)}) is not empty; add '{col}' yourself"
                )
        edits = self._edits_of(table.sheet)
        cell = (r0 + 1, new + 1)
        edits.values[cell] = str(col)
        edits.headers[cell] = col.owned
        edits.widths[new + 1] = col.width
        set_value(grid, r0, new, str(col))
        self._grow(table, where, 0)
        edits.tables[table.table_name].added.append((new + 1, str(col)))
        found[col] = new
        return new

    # --- reading ----------------------------------------------------------------------------

    def _fingerprint(self) -> str:
        return safety.fingerprint(self.path)

    def _sheet_names(self) -> list[str]:
        return [*self._pkg().sheet_names(), *self._new_sheets]

    def _sheet_values(self, sheet: str) -> tuple[G.Grid, int, int] | None:
        grid = self._grid(sheet)
        return None if grid is None else (grid, 0, 0)

    def _grid(self, sheet: str) -> list[list[Any]] | None:
        if sheet not in self._grids:
            if sheet not in self._sheet_names():
                self._grids[sheet] = None
            elif not self._pkg().extent(sheet).calamine_safe:
                self._grids[sheet] = self._sparse_grid(sheet)
            elif self.reader == "openpyxl":
                self._grids[sheet] = self._openpyxl_grid(sheet)
            else:
                self._grids[sheet] = self._calamine_grid(sheet)
        return self._grids[sheet]

    def _calamine_grid(self, sheet: str) -> list[list[Any]] | None:
        from python_calamine import CalamineWorkbook

        extent = self._pkg().extent(sheet)
        if self._calamine is None:
            try:
                self._calamine = CalamineWorkbook.from_path(str(self.path))
            except Exception as exc:  # the reader's own error types vary by failure
                raise RegisterError(
                    f"{self.path.name}: cannot be read as a workbook ({exc})"
                ) from exc
        if sheet not in self._calamine.sheet_names:
            return None
        try:
            grid = self._calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException
            if type(exc).__name__ != "PanicException":
                raise
            # calamine gives up on a cell it cannot convert (a number far past any date in a
            # date-formatted cell): read this sheet another way.
            return self._sparse_grid(sheet)
        for (r, c), error in extent.errors.items():  # calamine reads a failed formula as ""
            if r < len(grid) and c < len(grid[r]):
                grid[r][c] = error
        return grid

    def _pkg(self) -> package.Package:
        if self._package is None:
            self._package = package.Package(self.path)
        return self._package

    def _openpyxl_grid(self, sheet: str) -> list[list[Any]] | None:
        from openpyxl import load_workbook

        wb = load_workbook(self.path, read_only=True, data_only=True)
        try:
            if sheet not in wb.sheetnames:
                return None
            return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
        finally:
            wb.close()

    def _sparse_grid(self, sheet: str) -> list[list[Any]] | None:
        """A sheet calamine cannot take (a stray far cell, a number past any date), read row by
        row through openpyxl and bounded by its block of data: rows up to the first run of
        ROW_GAP empty rows, columns up to the first run of COL_GAP empty ones."""
        from openpyxl import load_workbook

        extent = self._pkg().extent(sheet)
        wb = load_workbook(self.path, read_only=True, data_only=True)
        try:
            if sheet not in wb.sheetnames:
                return None
            ws = wb[sheet]
            ws.reset_dimensions()  # the <dimension> may name the far cell: go by the rows
            grid: list[list[Any]] = []
            empty = 0
            for row in ws.iter_rows(values_only=True):
                used = [j for j, v in enumerate(row) if v is not None]
                if not used:
                    empty += 1
                    if empty > ROW_GAP:
                        break
                    grid.append([])
                    continue
                empty = 0
                grid.append(list(row[: _until_gap([j + 1 for j in used], COL_GAP)]))
        finally:
            wb.close()
        while grid and not grid[-1]:
            grid.pop()
        for (r, c), number in extent.huge.items():  # openpyxl reads them as #VALUE!
            if r < len(grid) and c < len(grid[r]):
                grid[r][c] = number
        for (r, c), error in extent.errors.items():
            if r < len(grid) and c < len(grid[r]):
                grid[r][c] = error
        return grid

    def read_all(self) -> dict[type[Table], TableData]:
        from orderdesk.schema import tables

        return {t: self.read(t) for t in tables()}

    def _locate_for_write(self, table: type[Table]) -> tuple[list[list[Any]], Where]:
        grid = self._grid(table.sheet)
        if grid is None:
            raise RegisterError(f"the workbook has no sheet '{table.sheet}'")
        where = G.locate(grid, table)
        if where is None:
            raise RegisterError(f"sheet '{table.sheet}': the table's header row was not found")
        return grid, where

    def _row_index(self, table: type[Table], grid: list[list[Any]], where: Where) -> dict[Key, int]:
        """Key → sheet row, from the key columns only (kept: keys are never written)."""
        if table in self._indexes:
            return self._indexes[table]
        r0, _, _, found = where
        keys = table.keys()
        missing = [str(k) for k in keys if k not in found]
        if missing:
            raise RegisterError(f"sheet '{table.sheet}' has no key column {missing}")
        index: dict[Key, int] = {}
        for r in range(r0 + 1, len(grid)):
            row = grid[r]
            key = tuple(row[found[k]] if found[k] < len(row) else None for k in keys)
            if all(v is None or v == "" for v in key):
                continue
            index.setdefault(G.norm_key(key), r + 1)
        self._indexes[table] = index
        return index


ROW_GAP = 5000  # empty rows that end a sheet's block of data (a stray far cell lies beyond)
COL_GAP = 200  # empty columns that do the same


def _until_gap(used: list[int], gap: int) -> int:
    last = 0
    for n in used:
        if n - last > gap:
            break
        last = n
    return last


def set_value(grid: list[list[Any]], r: int, c: int, value: Any) -> None:
    """A value into the grid as read (0-based), so later reads see what was written."""
    while len(grid) <= r:
        grid.append([])
    row = grid[r]
    if len(row) <= c:
        row.extend([None] * (c + 1 - len(row)))
    row[c] = value


def _quoted(col: Column, value: Any) -> bool:
    """Text stays text: a string that starts with '=' or is an error code would be a formula
    or an error value in a cell; in a text column it is kept text with Excel's quote prefix
    (so that editing the cell keeps it text too)."""
    return (
        col.type in TEXT_TYPES
        and isinstance(value, str)
        and ((len(value) > 1 and value.startswith("=")) or value in ERROR_CODES)
    )


def last_data_row(grid: list[list[Any]], first: int, lo: int, hi: int) -> int:
    """The last row (1-based) with a value in columns lo..hi (0-based); the header if none."""
    for r in range(len(grid) - 1, first - 2, -1):
        if any(v is not None and v != "" for v in grid[r][lo : hi + 1]):
            return max(r + 1, first - 1)
    return first - 1
