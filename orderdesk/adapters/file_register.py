"""The register as a closed workbook file: python-calamine to read fast, openpyxl to write.

Reads never change the file. The first write loads the workbook with openpyxl (formulas, styles,
comments, conditional formats, names, validations and hidden sheets come with it); `save()` then
takes the workbook's inter-process lock (unless it is held since the read: `hold=True`, as the
CLI opens registers), checks that nobody has the file open and that the file has not changed since
it was read, refuses when the save would lose something openpyxl cannot carry (unless allowed),
redraws OrderDesk's own charts, and replaces the file atomically with a backup
(`workbook_safety.replace_workbook`, which checks the fingerprint and lock files once more just
before the rename). How the bytes are produced (openpyxl today) is separate from that swap.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from orderdesk.adapters import grid as G
from orderdesk.adapters import package, xlsx
from orderdesk.adapters import workbook_safety as safety
from orderdesk.domain import values as V
from orderdesk.ports import (
    Key,
    RegisterError,
    SaveReport,
    Selection,
    SheetContent,
    TableData,
    WouldLoseContent,
)
from orderdesk.schema import META_SHEET, OWNED_SHEETS, Column, Table, placement

READERS = ("calamine", "openpyxl")


class FileRegister(G.GridReader):
    """A register workbook on disk. Use as a context manager or call `save()` yourself."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        reader: str = "calamine",
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
        self.reader = reader
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
        self._wb: Workbook | None = None
        self._ws_grids: dict[str, list[list[Any]]] = {}  # openpyxl sheet → values, until written
        self._indexes: dict[type[Table], dict[Key, int]] = {}
        self._meta: dict[str, Any] = {}
        self._rewritten: set[str] = set()
        self._cells = 0
        self._appended = 0
        self._dirty = False
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
        G.refuse_user_columns(table, changes)
        if not changes:
            return 0
        ws, where = self._locate_for_write(table)
        _, _, _, found = where
        rows = self._row_index(ws, table, where)
        written = 0
        for key, values in changes.items():
            row = rows.get(G.norm_key(key))
            if row is None:
                raise RegisterError(f"{table.sheet}: no row with key {key} (was it deleted?)")
            for col, value in values.items():
                if col not in found:
                    found[col] = self._add_column(ws, table, where, col)
                v = G.python_cell(value)
                v = None if v is None else xlsx.cell_value(col, v)
                cell = xlsx.put(ws, row, found[col] + 1, v, self.notes)
                cell.number_format = col.number_format
                xlsx.keep_text(cell, col)
                written += 1
        self._ws_grids.pop(table.sheet, None)  # values changed; keys (and the index) did not
        self._cells += written
        self._dirty = True
        return written

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        wb = self._book()
        if table.sheet not in wb.sheetnames:
            ws = wb.create_sheet(table.sheet)
            xlsx.write_table(ws, table, xlsx._as_frame(table, []))
        ws = wb[table.sheet]
        where = G.locate(self._ws_values(table.sheet), table)
        if where is None:
            raise RegisterError(
                f"sheet '{table.sheet}' has no {table.title or table.sheet} table "
                f"(header '{table.keys()[0] if table.keys() else table.columns()[0]}' not found)"
            )
        r0, lo, _hi, found = where
        for col in table.columns():
            if col not in found:
                found[col] = self._add_column(ws, table, where, col)
        last = _last_data_row(ws, r0 + 1, lo, max(found.values()))
        for i, rec in enumerate(rows, start=last + 1):
            for col, value in rec.items():
                v = G.python_cell(value)
                if v is None:
                    continue
                cell = xlsx.put(ws, i, found[col] + 1, xlsx.cell_value(col, v), self.notes)
                cell.number_format = col.number_format
                xlsx.keep_text(cell, col)
        self._grow_table(ws, table, last + len(rows))
        self._touched(table.sheet)
        self._appended += len(rows)
        self._dirty = True
        return len(rows)

    def write_sheet(self, content: SheetContent) -> None:
        if content.sheet not in OWNED_SHEETS:
            raise RegisterError(f"'{content.sheet}' is not one of OrderDesk's sheets")
        wb = self._book()
        self._meta[f"sheet:{content.sheet}"] = xlsx.write_owned_sheet(wb, content, self.notes)
        self._touched(content.sheet)
        self._rewritten.add(content.sheet)
        self._dirty = True

    def set_marks(
        self, table: type[Table], cells: Iterable[tuple[Key, Column]], colour: str
    ) -> None:
        ws, where = self._locate_for_write(table)
        _, _, _, found = where
        rows = self._row_index(ws, table, where)
        meta_key = f"marks:{table.__name__}"
        old: list[dict[str, Any]] = self._meta.get(meta_key, [])
        wanted = {(G.norm_key(k), str(c)) for k, c in cells}
        ours = PatternFill("solid", fgColor=colour)
        kept: list[dict[str, Any]] = []
        for mark in old:
            ident = (G.norm_key(tuple(mark["key"])), mark["column"])
            row = rows.get(ident[0])
            col = (
                table.by_header(mark["column"])
                if mark["column"] in map(str, table.columns())
                else None
            )
            if row is None or col is None or col not in found:
                continue
            cell = ws.cell(row=row, column=found[col] + 1)
            if ident in wanted and _is_fill(cell.fill, mark["colour"]):
                kept.append(mark)
                wanted.discard(ident)
                continue
            if _is_fill(cell.fill, mark["colour"]):
                cell.fill = _fill_from(mark.get("was"))
                self._cells += 1
        for key, column in sorted(wanted, key=str):
            row = rows.get(key)
            col = table.by_header(column)
            if row is None or col not in found:
                continue
            cell = ws.cell(row=row, column=found[col] + 1)
            kept.append(
                {"key": list(key), "column": column, "colour": colour, "was": _fill_to(cell.fill)}
            )
            cell.fill = ours
            self._cells += 1
        self._meta[meta_key] = kept
        self._ws_grids.pop(table.sheet, None)
        self._dirty = True

    def meta(self, key: str) -> Any:
        if self._wb is not None:
            return self._meta.get(key)
        grid = self._grid(META_SHEET)
        return xlsx.meta_from_rows(grid[1:]).get(key) if grid else None

    def set_meta(self, key: str, value: Any) -> None:
        self._book()
        self._meta[key] = value
        self._dirty = True

    def check_unchanged(self) -> None:
        if self._fingerprint() != self._stamp:
            safety.check_unchanged(self.path, self._stamp)

    def save(self) -> SaveReport:
        if not self._dirty:
            return SaveReport(str(self.path))
        held = self._lock.held
        self._lock.acquire(self._on_wait)
        try:
            safety.check_unchanged(self.path, self._stamp)
            if not self.allow_loss:
                losses = safety.content_at_risk(self.path, OWNED_SHEETS)
                if losses:
                    raise WouldLoseContent(str(self.path), losses)
            wb = self._book()
            for key, layout in self._meta.items():
                sheet = key.partition(":")[2]
                if (
                    key.startswith("sheet:")
                    and sheet in wb.sheetnames
                    and sheet not in self._rewritten
                ):
                    xlsx.draw_charts(wb[sheet], layout)
            xlsx.write_meta(wb, self._meta)
            backup = safety.replace_workbook(
                self.path, lambda tmp: wb.save(tmp), stamp=self._stamp, lock=self._lock
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
            tuple(sorted(self._rewritten)),
            tuple(self.notes),
        )
        self._dirty = False
        self._grids.clear()
        self._ws_grids.clear()
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

    # --- internals ------------------------------------------------------------------------

    def _fingerprint(self) -> str:
        return safety.fingerprint(self.path)

    def _sheet_values(self, sheet: str) -> tuple[G.Grid, int, int] | None:
        grid = self._grid(sheet)
        return None if grid is None else (grid, 0, 0)

    def _grid(self, sheet: str) -> list[list[Any]] | None:
        if self._wb is not None:
            return self._ws_values(sheet) if sheet in self._wb.sheetnames else None
        if sheet not in self._grids:
            if self.reader == "openpyxl" and self._pkg().extent(sheet).calamine_safe:
                self._grids[sheet] = self._openpyxl_grid(sheet)
            else:
                self._grids[sheet] = self._calamine_grid(sheet)
        return self._grids[sheet]

    def _calamine_grid(self, sheet: str) -> list[list[Any]] | None:
        from python_calamine import CalamineWorkbook

        pkg = self._pkg()
        extent = pkg.extent(sheet)
        if not extent.calamine_safe:
            # A dense grid up to a stray far cell would not fit in memory (and a number past any
            # date makes calamine panic): read the sheet from openpyxl's sparse cells instead,
            # bounded by the table's own block.
            return self._ws_values(sheet) if sheet in self._book().sheetnames else None
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
            # date-formatted cell): read this sheet through openpyxl instead.
            return self._ws_values(sheet) if sheet in self._book().sheetnames else None
        for (r, c), error in extent.errors.items():  # calamine reads a failed formula as ""
            if r < len(grid) and c < len(grid[r]):
                grid[r][c] = error
        return grid

    def _pkg(self) -> package.Package:
        if self._package is None:
            self._package = package.Package(self.path)
        return self._package

    def _openpyxl_grid(self, sheet: str) -> list[list[Any]] | None:
        wb = load_workbook(self.path, read_only=True, data_only=True)
        try:
            if sheet not in wb.sheetnames:
                return None
            return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
        finally:
            wb.close()

    def read_all(self) -> dict[type[Table], TableData]:
        from orderdesk.schema import tables

        return {t: self.read(t) for t in tables()}

    def _book(self) -> Workbook:
        if self._wb is None:
            self._pkg()  # refuses a zip bomb before openpyxl inflates it
            try:
                with warnings.catch_warnings():
                    # "… extension is not supported and will be removed": the save names what
                    # it would drop and refuses (workbook_safety.content_at_risk).
                    warnings.simplefilter("ignore", UserWarning)
                    wb = load_workbook(
                        self.path,
                        keep_vba=self.path.suffix.lower() == ".xlsm",
                        keep_links=True,
                        rich_text=True,
                    )
            except Exception as exc:
                raise RegisterError(
                    f"{self.path.name}: cannot be opened for writing ({exc})"
                ) from exc
            self._keep_huge_numbers(wb)
            self._meta = xlsx.read_meta(wb)
            # openpyxl re-reads charts into its own model; OrderDesk's are redrawn from their
            # data on save, so drop the copies it read to avoid drawing them twice.
            for sheet in OWNED_SHEETS:
                if sheet in wb.sheetnames:
                    wb[sheet]._charts = []
            self._wb = wb
            self._grids.clear()
        return self._wb

    def _keep_huge_numbers(self, wb: Workbook) -> None:
        """openpyxl reads a number past any date in a date-formatted cell as #VALUE! (and would
        save it so): put the number back, as the file has it."""
        pkg = self._pkg()
        for ws in wb.worksheets:
            for (r, c), number in pkg.extent(ws.title).huge.items():
                ws.cell(row=r + 1, column=c + 1).value = number

    def _ws_values(self, sheet: str) -> list[list[Any]]:
        assert self._wb is not None
        if sheet not in self._ws_grids:
            self._ws_grids[sheet] = _ws_grid(self._wb[sheet])
        return self._ws_grids[sheet]

    def _touched(self, sheet: str) -> None:
        """Forget what was read from a sheet that has just been written."""
        self._ws_grids.pop(sheet, None)
        for t in [t for t in self._indexes if t.sheet == sheet]:
            del self._indexes[t]

    def _locate_for_write(
        self, table: type[Table]
    ) -> tuple[Worksheet, tuple[int, int, int, dict[Column, int]]]:
        wb = self._book()
        if table.sheet not in wb.sheetnames:
            raise RegisterError(f"the workbook has no sheet '{table.sheet}'")
        ws = wb[table.sheet]
        where = G.locate(self._ws_values(table.sheet), table)
        if where is None:
            raise RegisterError(f"sheet '{table.sheet}': the table's header row was not found")
        return ws, where

    def _row_index(
        self, ws: Worksheet, table: type[Table], where: tuple[int, int, int, dict[Column, int]]
    ) -> dict[Key, int]:
        """Key → sheet row, from the key columns only (cached until the sheet is written)."""
        if table in self._indexes:
            return self._indexes[table]
        r0, _, _, found = where
        keys = table.keys()
        missing = [str(k) for k in keys if k not in found]
        if missing:
            raise RegisterError(f"sheet '{table.sheet}' has no key column {missing}")
        grid = self._ws_values(table.sheet)
        index: dict[Key, int] = {}
        for r in range(r0 + 1, len(grid)):
            row = grid[r]
            key = tuple(row[found[k]] if found[k] < len(row) else None for k in keys)
            if all(v is None or v == "" for v in key):
                continue
            index.setdefault(G.norm_key(key), r + 1)
        self._indexes[table] = index
        return index

    def _add_column(
        self,
        ws: Worksheet,
        table: type[Table],
        where: tuple[int, int, int, dict[Column, int]],
        col: Column,
    ) -> int:
        """Add a schema column the sheet lacks (an older register), at the table's right end."""
        r0, _lo, hi, found = where
        new = max([hi, *found.values()]) + 1
        for row in ws.iter_rows(min_row=r0 + 1, min_col=new + 1, max_col=new + 1):
            if any(c.value not in (None, "") for c in row):
                raise RegisterError(
                    f"sheet '{table.sheet}': column '{col}' is missing and the column to the right "
                    f"of the table ({get_column_letter(new + 1)}) is not empty; add '{col}' yourself"
                )
        cell = ws.cell(row=r0 + 1, column=new + 1, value=str(col))
        cell.font = xlsx.HEADER_FONT
        cell.fill = xlsx.OWNED_HEADER if col.owned else xlsx.USER_HEADER
        ws.column_dimensions[get_column_letter(new + 1)].width = col.width
        xl = ws.tables.get(table.table_name)
        if xl is not None:
            start, end = xl.ref.split(":")
            end_row = "".join(ch for ch in end if ch.isdigit())
            xl.ref = f"{start}:{get_column_letter(new + 1)}{end_row}"
            xl.tableColumns.append(TableColumn(id=len(xl.tableColumns) + 1, name=str(col)))
            if xl.autoFilter is not None:
                xl.autoFilter.ref = xl.ref
        found[col] = new
        self._touched(table.sheet)
        return new

    def _grow_table(self, ws: Worksheet, table: type[Table], last_row: int) -> None:
        xl = ws.tables.get(table.table_name)
        if xl is None:
            return
        start, end = xl.ref.split(":")
        end_col = "".join(ch for ch in end if ch.isalpha())
        end_row = int("".join(ch for ch in end if ch.isdigit()))
        if last_row > end_row:
            xl.ref = f"{start}:{end_col}{last_row}"
            if xl.autoFilter is not None:
                xl.autoFilter.ref = xl.ref


ROW_GAP = 5000  # empty rows that end a sheet's block of data (a stray far cell lies beyond)
COL_GAP = 200  # empty columns that do the same


def block_extent(ws: Worksheet) -> tuple[int, int]:
    """The last row and column (1-based) of the sheet's block of data from A1: used cells up to
    the first run of ROW_GAP empty rows or COL_GAP empty columns. A value typed at XFD1048576 is
    outside it, so reading the sheet never spans a million rows by sixteen thousand columns."""
    cells = ws._cells  # openpyxl's sparse {(row, col): cell}
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    return _until_gap(rows, ROW_GAP), _until_gap(cols, COL_GAP)


def _until_gap(used: list[int], gap: int) -> int:
    last = 0
    for n in used:
        if n - last > gap:
            break
        last = n
    return last


def _ws_grid(ws: Worksheet) -> list[list[Any]]:
    rows, cols = block_extent(ws)
    if not rows or not cols:
        return []
    grid = [list(r) for r in ws.iter_rows(max_row=rows, max_col=cols, values_only=True)]
    for (r, c), cell in ws._cells.items():  # error values are kept as what they are
        if cell.data_type == "e" and r <= rows and c <= cols and isinstance(cell.value, str):
            grid[r - 1][c - 1] = V.CellError(cell.value)
    return grid


def _last_data_row(ws: Worksheet, first: int, lo: int, hi: int) -> int:
    """The last row (1-based) with a value in columns lo..hi (0-based); the header if none."""
    last = first - 1
    end = block_extent(ws)[0]
    for r, row in enumerate(
        ws.iter_rows(
            min_row=first, max_row=max(end, first), min_col=lo + 1, max_col=hi + 1, values_only=True
        ),
        start=first,
    ):
        if any(v not in (None, "") for v in row):
            last = r
    return last


def _is_fill(fill: PatternFill, colour: str) -> bool:
    rgb = getattr(fill.fgColor, "rgb", None)
    return (
        fill.fill_type == "solid"
        and isinstance(rgb, str)
        and rgb[-6:].upper() == colour[-6:].upper()
    )


def _fill_to(fill: PatternFill) -> dict[str, Any] | None:
    if fill is None or fill.fill_type is None:
        return None
    c = fill.fgColor
    return {
        "type": fill.fill_type,
        "rgb": c.rgb if isinstance(c.rgb, str) else None,
        "theme": c.theme if c.type == "theme" else None,
        "tint": c.tint,
    }


def _fill_from(data: dict[str, Any] | None) -> PatternFill:
    if not data:
        return PatternFill(fill_type=None)
    from openpyxl.styles.colors import Color

    if data.get("theme") is not None:
        colour = Color(theme=data["theme"], tint=data.get("tint") or 0.0)
    else:
        colour = Color(rgb=data.get("rgb") or "00000000")
    return PatternFill(fill_type=data["type"], fgColor=colour)


def table_anchor(table: type[Table]) -> str:
    p = placement(table)
    return f"{get_column_letter(p.first_col)}{p.header_row}"
