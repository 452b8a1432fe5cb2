"""The register as the workbook open in Excel, through xlwings (what the ribbon buttons use).

Every call into Excel costs about a millisecond, so this adapter reads and writes whole blocks:
one `used_range` read per sheet (turned into a `TableData` by the same `grid.build` as the file
adapter), one range write per column it changes, one block per appended column, one block per
table on OrderDesk's own sheets. Excel owns the file: nothing here saves, and `save()` only
reports what changed. OrderDesk's bookkeeping (its sheets' layouts and the cells it marked) goes
into the same hidden `_OrderDesk` sheet, in the same format, as the file adapter writes, so the
two adapters can take turns on one workbook.

Only the xlwings calls listed in docs/excel.md are used; tests run this against a fake book that
implements exactly those (xlwings cannot drive Excel on Linux).
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orderdesk.adapters import grid as G
from orderdesk.adapters import xlsx
from orderdesk.adapters.register_reads import RegisterReader
from orderdesk.ports import (
    Key,
    PivotSpec,
    RegisterError,
    SaveReport,
    Selection,
    SheetContent,
)
from orderdesk.schema import (
    META_SHEET,
    OWNED_SHEETS,
    Column,
    Table,
    tables_on,
)

POINTS_PER_CM = 72 / 2.54
CHART_TYPES = {
    "line": "line",
    "column": "column_clustered",
    "bar": "bar_clustered",
    "pie": "pie",
    "column+line": "column_clustered",
}
# Excel's constants for PivotTables (XlPivotTableSourceType, XlPivotFieldOrientation,
# XlConsolidationFunction)
XL_DATABASE, XL_ROW_FIELD, XL_COLUMN_FIELD, XL_PAGE_FIELD = 1, 1, 2, 3
XL_SUM, XL_COUNT = -4157, -4112
_ADDRESS_LIMIT = 250  # Excel refuses range addresses longer than 255 characters


@dataclass
class _Grid:
    """A sheet's used range: its values, and where values[0][0] sits (0-based offsets)."""

    values: list[list[Any]]
    row0: int
    col0: int

    def cell(self, row: int, col: int) -> Any:
        """The value at a 1-based sheet row and column (None outside the used range)."""
        r, c = row - 1 - self.row0, col - 1 - self.col0
        if 0 <= r < len(self.values) and 0 <= c < len(self.values[r]):
            return self.values[r][c]
        return None


@dataclass
class _Where:
    """A located table: its sheet row of headers and the sheet column of each schema column."""

    header_row: int
    first_col: int
    last_col: int
    cols: dict[Column, int]  # 1-based sheet columns


class LiveRegister(RegisterReader):
    """The register open in Excel (`book` is an `xlwings.Book`)."""

    def __init__(self, book: Any, *, user: str | None = None) -> None:
        self.book = book
        self._user = user or getpass.getuser()
        self._grids: dict[str, _Grid | None] = {}
        self._names: list[str] | None = None
        self._meta: dict[str, Any] | None = None
        self._cells = 0
        self._appended = 0
        self._sheets: set[str] = set()

    # --- the port -------------------------------------------------------------------------

    @property
    def source(self) -> str:
        return str(self.book.fullname)

    @property
    def user(self) -> str:
        return self._user

    def update(self, table: type[Table], changes: Mapping[Key, Mapping[Column, Any]]) -> int:
        G.refuse_user_columns(table, changes)
        if not changes:
            return 0
        sheet, grid, where = self._locate(table)
        rows = self._rows_by_key(table, where)
        by_col: dict[Column, dict[int, Any]] = {}
        for key, values in changes.items():
            row = rows.get(G.norm_key(key))
            if row is None:
                raise RegisterError(f"{table.sheet}: no row with key {key} (was it deleted?)")
            for col, value in values.items():
                by_col.setdefault(col, {})[row] = value
        written = 0
        for col, cells in by_col.items():
            j = where.cols.get(col) or self._add_column(sheet, grid, table, where, col)
            first, last = min(cells), max(cells)
            block = [
                [_cell(col, cells[r]) if r in cells else grid.cell(r, j)]
                for r in range(first, last + 1)
            ]
            rng = sheet.range((first, j), (last, j))
            rng.value = block  # one call per column, however many rows change
            rng.number_format = col.number_format
            written += len(cells)
        self._changed(table.sheet)
        self._cells += written
        return written

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        if table.sheet not in self._sheet_names():
            self._new_table_sheet(table)
        sheet, grid, where = self._locate(table)
        for col in table.columns():
            if col not in where.cols:
                self._add_column(sheet, grid, table, where, col)
        last = where.header_row
        for r in range(where.header_row + 1, grid.row0 + len(grid.values) + 1):
            if any(not _blank(grid.cell(r, c)) for c in range(where.first_col, where.last_col + 1)):
                last = r
        first, end = last + 1, last + len(rows)
        listobject = self._list_object(sheet, table, where)
        if listobject is not None:
            area = listobject.range
            if area.row + area.shape[0] - 1 < end:  # grow it; never shrink a table
                listobject.resize(
                    sheet.range((where.header_row, where.first_col), (end, where.last_col))
                )
        for col in table.columns():
            values = [rec.get(col) for rec in rows]
            if all(v is None for v in values):
                continue
            rng = sheet.range((first, where.cols[col]), (end, where.cols[col]))
            rng.value = [[_cell(col, v)] for v in values]
            rng.number_format = col.number_format
        self._changed(table.sheet)
        self._appended += len(rows)
        return len(rows)

    def write_sheet(self, content: SheetContent) -> None:
        if content.sheet not in OWNED_SHEETS:
            raise RegisterError(f"'{content.sheet}' is not one of OrderDesk's sheets")
        plan = xlsx.plan_owned_sheet(content)
        if content.sheet in self._sheet_names():
            sheet = self.book.sheets[content.sheet]
            for chart in list(sheet.charts):
                chart.delete()
            sheet.clear()  # contents, formats and the tables on it
        else:
            sheet = self._add_sheet(content.sheet)
        if plan.heading:
            cell = sheet.range((plan.heading[0], 1))
            cell.value = plan.heading[1]
            cell.font.bold = True
            cell.font.size = xlsx.TITLE_FONT.sz
        for row, note in plan.notes:
            cell = sheet.range((row, 1))
            cell.value = note
            cell.font.italic = True
        widths: dict[int, float] = {}
        for block, title_row, header_row, last in plan.blocks:
            if title_row is not None:
                cell = sheet.range((title_row, 1))
                cell.value = block.title
                cell.font.bold = True
            self._write_block(sheet, block, header_row, last, widths)
        for j, width in sorted(widths.items()):
            sheet.range((1, j)).column_width = width
        by_colour: dict[str, list[str]] = {}
        for address, colour in content.marks.items():
            by_colour.setdefault(colour, []).append(address)
        for colour, addresses in sorted(by_colour.items()):
            self._colour(sheet, addresses, _rgb(colour))
        if plan.freeze_header:
            sheet.freeze_panes.freeze_at("1:1")
        for spec in plan.layout["charts"]:
            self._chart(sheet, plan.layout, spec)
        self._set_meta(f"sheet:{content.sheet}", plan.layout)
        self._changed(content.sheet)

    def add_pivots(
        self,
        sheet: str,
        pivots: Sequence[PivotSpec],
        *,
        heading: str = "",
        notes: Sequence[str] = (),
    ) -> list[str]:
        """Through Excel's object model: PivotCaches.Create over the table by name, then
        CreatePivotTable and the fields' orientation; on a later run RefreshTable only."""
        if sheet in self._sheet_names():
            existing = self.book.sheets[sheet].api.PivotTables()
            for i in range(1, existing.Count + 1):
                existing.Item(i).RefreshTable()
            return []
        ws = self._add_sheet(sheet)
        for row, text in [(1, heading), *((2 + i, n) for i, n in enumerate(notes))]:
            ws.range((row, 1)).value = text
        ws.range((1, 1)).font.bold = True
        for spec in pivots:
            title = ws.range((spec.row, 1))
            title.value = spec.title
            title.font.bold = True
            cache = self.book.api.PivotCaches().Create(
                SourceType=XL_DATABASE, SourceData=spec.table.table_name
            )
            pt = cache.CreatePivotTable(
                TableDestination=ws.range((spec.table_row, 1)).api, TableName=spec.name
            )
            for orientation, fields in (
                (XL_ROW_FIELD, spec.rows),
                (XL_COLUMN_FIELD, spec.columns),
                (XL_PAGE_FIELD, spec.pages),
            ):
                for position, name in enumerate(fields, start=1):
                    field = pt.PivotFields(str(name))
                    field.Orientation = orientation
                    field.Position = position
            for name, function in spec.values:
                pt.AddDataField(
                    pt.PivotFields(str(name)),
                    spec.value_caption(name, function),
                    XL_SUM if function == "sum" else XL_COUNT,
                )
        self._changed(sheet)
        return [p.name for p in pivots]

    def set_marks(
        self, table: type[Table], cells: Iterable[tuple[Key, Column]], colour: str
    ) -> None:
        sheet, _grid, where = self._locate(table)
        rows = self._rows_by_key(table, where)
        meta_key = f"marks:{table.__name__}"
        old: list[dict[str, Any]] = self._meta_all().get(meta_key, [])
        wanted = {(G.norm_key(k), str(c)) for k, c in cells}
        headers = {str(c): c for c in table.columns()}

        def address(key: Key, column: str) -> str | None:
            row = rows.get(key)
            col = headers.get(column)
            if row is None or col is None or col not in where.cols:
                return None
            return f"{G.column_letter(where.cols[col])}{row}"

        kept: list[dict[str, Any]] = []
        restore: dict[tuple[int, int, int] | None, list[str]] = {}
        placed = [(mark, address(G.norm_key(tuple(mark["key"])), mark["column"])) for mark in old]
        fills = _fills(sheet, [at for _, at in placed if at is not None])
        for mark, where_at in placed:
            if where_at is None:
                continue
            ident = (G.norm_key(tuple(mark["key"])), mark["column"])
            still_ours = _same_colour(fills[where_at], mark["colour"])
            if ident in wanted and still_ours:
                kept.append(mark)
                wanted.discard(ident)
            elif still_ours:  # the user's own fill comes back; a fill they set since stays
                restore.setdefault(_was_rgb(mark.get("was")), []).append(where_at)
        todo = [(key, column, address(key, column)) for key, column in sorted(wanted, key=str)]
        fills = _fills(sheet, [at for *_, at in todo if at is not None])
        new: list[str] = []
        for key, column, where_at in todo:
            if where_at is None:
                continue
            was = _fill(fills[where_at])
            kept.append({"key": list(key), "column": column, "colour": colour, "was": was})
            new.append(where_at)
        for rgb, addresses in restore.items():
            self._colour(sheet, addresses, rgb)
        self._colour(sheet, new, _rgb(colour))
        self._cells += len(new) + sum(len(a) for a in restore.values())
        self._set_meta(meta_key, kept)

    def selection(self) -> Selection | None:
        """The register rows under the selection. A single selected cell is returned with
        `single_cell=True` (Excel always has one active cell): the button decides what it means."""
        rng = self.book.selection
        if rng is None:
            return None
        sheet_name = rng.sheet.name
        areas = [_area(a) for a in str(rng.address).split(",")]
        single = len(areas) == 1 and areas[0][0] == areas[0][2] and areas[0][1] == areas[0][3]
        candidates = [t for t in tables_on(sheet_name) if t.sheet not in OWNED_SHEETS]
        for table in candidates:
            data = self.read(table)
            if not data.found or not len(data):
                continue
            grid = self._grid(table.sheet)
            assert grid is not None
            where = self._where(table, grid)
            if where is None:
                continue
            picked = [
                row
                for row in data.frame.index
                if any(
                    r1 <= row <= r2 and c1 <= where.last_col and c2 >= where.first_col
                    for r1, c1, r2, c2 in areas
                )
            ]
            if picked:
                keys = tuple(data.key_of(row) for row in picked)
                return Selection(table, keys, single_cell=single)
        return None

    def save(self) -> SaveReport:
        """Excel owns the file: the user saves it. Reports what this session changed."""
        return SaveReport(
            self.source, None, self._cells, self._appended, tuple(sorted(self._sheets))
        )

    # --- reading ------------------------------------------------------------------------------

    def _sheet_names(self) -> list[str]:
        if self._names is None:
            self._names = list(self.book.sheet_names)
        return self._names

    def _sheet_values(self, sheet: str) -> tuple[G.Grid, int, int] | None:
        grid = self._grid(sheet)
        return None if grid is None else (grid.values, grid.row0, grid.col0)

    def _grid(self, sheet: str) -> _Grid | None:
        if sheet not in self._grids:
            if sheet not in self._sheet_names():
                self._grids[sheet] = None
            else:
                used = self.book.sheets[sheet].used_range
                values = used.options(ndim=2).value  # the one read of the whole sheet
                self._grids[sheet] = _Grid(values, used.row - 1, used.column - 1)
        return self._grids[sheet]

    def _changed(self, sheet: str) -> None:
        self._grids.pop(sheet, None)
        self._sheets.add(sheet)

    def _where(self, table: type[Table], grid: _Grid) -> _Where | None:
        found = G.locate(grid.values, table)
        if found is None:
            return None
        r0, lo, hi, cols = found
        return _Where(
            r0 + 1 + grid.row0,
            lo + 1 + grid.col0,
            hi + 1 + grid.col0,
            {c: i + 1 + grid.col0 for c, i in cols.items()},
        )

    def _locate(self, table: type[Table]) -> tuple[Any, _Grid, _Where]:
        grid = self._grid(table.sheet)
        if grid is None:
            raise RegisterError(f"the workbook has no sheet '{table.sheet}'")
        where = self._where(table, grid)
        if where is None:
            raise RegisterError(f"sheet '{table.sheet}': the table's header row was not found")
        return self.book.sheets[table.sheet], grid, where

    def _rows_by_key(self, table: type[Table], where: _Where) -> dict[Key, int]:
        keys = table.keys()
        missing = [str(k) for k in keys if k not in where.cols]
        if missing:
            raise RegisterError(f"sheet '{table.sheet}' has no key column {missing}")
        data = self.read(table)
        index: dict[Key, int] = {}
        for row, key in zip(data.frame.index, data.keys(), strict=True):
            index.setdefault(G.norm_key(key), int(row))
        return index

    def _list_object(self, sheet: Any, table: type[Table], where: _Where) -> Any:
        """The Excel table (ListObject) holding the register table: by name, else the one whose
        header row is the located one (a user may have renamed it)."""
        tables = list(sheet.tables)
        for t in tables:
            if t.name == table.table_name:
                return t
        for t in tables:
            rng = t.range
            cols = rng.shape[1]
            if rng.row == where.header_row and rng.column <= where.first_col < rng.column + cols:
                return t
        return None

    # --- writing ------------------------------------------------------------------------------

    def _add_sheet(self, name: str) -> Any:
        sheets = self.book.sheets
        sheet = sheets.add(name, after=sheets[len(self._sheet_names()) - 1])
        self._names = None
        return sheet

    def _new_table_sheet(self, table: type[Table]) -> None:
        """A sheet for a table the workbook lacks (an older register): headers and a ListObject."""
        sheet = self._add_sheet(table.sheet)
        headers = [[str(c) for c in table.columns()]]
        rng = sheet.range((1, 1), (2, len(table.columns())))
        sheet.range((1, 1), (1, len(table.columns()))).value = headers
        sheet.tables.add(source=rng, name=table.table_name, table_style_name=xlsx.TABLE_STYLE)
        self._changed(table.sheet)

    def _add_column(
        self, sheet: Any, grid: _Grid, table: type[Table], where: _Where, col: Column
    ) -> int:
        """Add a schema column the sheet lacks (an older register), at the table's right end."""
        new = max([where.last_col, *where.cols.values()]) + 1
        last_row = grid.row0 + len(grid.values)
        if any(not _blank(grid.cell(r, new)) for r in range(where.header_row, last_row + 1)):
            raise RegisterError(
                f"sheet '{table.sheet}': column '{col}' is missing and the column to the right "
                f"of the table ({G.column_letter(new)}) is not empty; add '{col}' yourself"
            )
        sheet.range((where.header_row, new)).value = str(col)
        listobject = self._list_object(sheet, table, where)
        if listobject is not None:
            rows = max(listobject.range.shape[0], 2)
            listobject.resize(
                sheet.range((where.header_row, where.first_col), (where.header_row + rows - 1, new))
            )
        where.cols[col] = new
        where.last_col = new
        return new

    def _write_block(
        self, sheet: Any, block: Any, header_row: int, last: int, widths: dict[int, float]
    ) -> None:
        frame = block.frame
        ncols = len(frame.columns)
        if not ncols:
            return
        values: list[list[Any]] = [[str(c) for c in frame.columns]]
        values += [[G.python_cell(v) for v in rec] for rec in frame.itertuples(index=False)]
        values += [[None] * ncols] * (last - header_row + 1 - len(values))
        rng = sheet.range((header_row, 1), (last, ncols))
        rng.value = values  # the whole block in one call
        sheet.tables.add(source=rng, name=block.name, table_style_name=xlsx.BLOCK_STYLE)
        for j, name in enumerate(frame.columns, start=1):
            fmt = block.formats.get(str(name))
            if fmt is None and _is_dates(frame[name]):
                fmt = "yyyy-mm-dd"
            if fmt and last > header_row:
                sheet.range((header_row + 1, j), (last, j)).number_format = fmt
            widths[j] = max(widths.get(j, 0), xlsx.block_width(block, name))
        columns = [str(c) for c in frame.columns]
        for (i, name), fmt in block.cell_formats.items():  # a few cells (the KPI summary)
            sheet.range((header_row + 1 + i, columns.index(name) + 1)).number_format = fmt

    def _chart(self, sheet: Any, layout: Mapping[str, Any], spec: Mapping[str, Any]) -> None:
        """A native chart over a block's columns, as `xlsx.draw_charts` draws it in a file."""
        block = layout["blocks"].get(spec["block"])
        if not block or block["last"] <= block["header"]:
            return
        columns: list[str] = block["columns"]
        names = [spec["category"], *spec["series"], *spec["secondary"]]
        cols = sorted(columns.index(n) + 1 for n in names)
        source = ",".join(
            f"{G.column_letter(j)}{block['header']}:{G.column_letter(j)}{block['last']}"
            for j in cols
        )
        chart = sheet.charts.add(
            width=spec["width_cm"] * POINTS_PER_CM,
            height=spec["height_cm"] * POINTS_PER_CM,
            anchor=sheet.range(spec["anchor"]),
            chart_type=CHART_TYPES[spec["kind"]],
            source=sheet.range(source),
            plot_by="columns",
        )
        chart.title = spec["title"]
        if spec["kind"] == "pie":
            return
        chart.legend.position = "bottom"
        if spec.get("y_title"):
            chart.value_axis.title = spec["y_title"]
        if spec.get("percent_axis"):
            chart.value_axis.number_format = "0%"
        value_cols = [c for c in cols if columns[c - 1] != spec["category"]]
        for name in spec["secondary"]:
            i = value_cols.index(columns.index(name) + 1)
            chart.series[i].set(chart_type="line_markers", axis_group="secondary")
        if spec["secondary"]:
            chart.secondary_value_axis.number_format = "0%"

    def _colour(self, sheet: Any, addresses: list[str], rgb: tuple[int, int, int] | None) -> None:
        """Colour many cells with few calls: addresses joined into multi-area ranges."""
        for batch in _batches(addresses):
            sheet.range(",".join(batch)).color = rgb

    # --- bookkeeping (the _OrderDesk sheet) -------------------------------------------------

    def meta(self, key: str) -> Any:
        return self._meta_all().get(key)

    def set_meta(self, key: str, value: Any) -> None:
        self._set_meta(key, value)

    def check_unchanged(self) -> None:
        """Excel holds the one copy being read and written: it cannot be stale."""

    def _meta_all(self) -> dict[str, Any]:
        if self._meta is None:
            grid = self._grid(META_SHEET)
            self._meta = xlsx.meta_from_rows(grid.values[1:]) if grid is not None else {}
        return self._meta

    def _set_meta(self, key: str, value: Any) -> None:
        meta = self._meta_all()
        meta[key] = value
        rows = xlsx.meta_rows(meta)
        if META_SHEET in self._sheet_names():
            sheet = self.book.sheets[META_SHEET]
            sheet.clear_contents()
        else:
            sheet = self._add_sheet(META_SHEET)
            sheet.visible = False
        sheet.range((1, 3), (len(rows), 3)).number_format = "@"  # JSON stays text
        sheet.range((1, 1), (len(rows), 3)).value = rows
        self._changed(META_SHEET)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(col: Column, value: Any) -> Any:
    v = G.python_cell(value)
    v = None if v is None else xlsx.cell_value(col, v)
    # Excel parses a string written to a cell as if typed: '=HYPERLINK(…)' from a bank's
    # remittance would become a live formula. Its own quote prefix keeps text text.
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and col.type in xlsx.TEXT_TYPES:
        return "'" + v
    return v


def _is_dates(series: Any) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_datetime64_any_dtype(series))


def _rgb(colour: str) -> tuple[int, int, int]:
    hexa = colour.lstrip("#")[-6:]
    return (int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))


def _batches(addresses: list[str]) -> Iterator[list[str]]:
    """Addresses in groups that Excel takes as one multi-area range (its address limit)."""
    batch: list[str] = []
    size = 0
    for address in addresses:
        if batch and size + 1 + len(address) > _ADDRESS_LIMIT:
            yield batch
            batch, size = [], 0
        size += len(address) + (1 if batch else 0)
        batch.append(address)
    if batch:
        yield batch


_NO_FILL = -4142  # xlColorIndexNone
RGB = tuple[int, int, int]


class _Mixed:
    """Cells of a range that do not share one fill."""


def _fills(sheet: Any, addresses: list[str]) -> dict[str, RGB | None]:
    """The fill of each cell (None: no fill) with few calls, where xlwings reads one cell's
    colour per call. A multi-area range's `Interior` answers for all its cells at once: no fill
    anywhere, one colour everywhere, or Null when they differ; only a mixed group is halved and
    asked again. Marks usually sit on unfilled cells (or on cells all in the mark's colour), so
    a few hundred marks cost a call per ~40 cells instead of one each."""
    out: dict[str, RGB | None] = {}

    def ask(group: list[str]) -> None:
        fill = _uniform_fill(sheet, group)
        if not isinstance(fill, _Mixed):
            out.update(dict.fromkeys(group, fill))
        elif len(group) == 1:  # a pattern Excel will not name: xlwings' own reading of one cell
            out[group[0]] = sheet.range(group[0]).color
        else:
            half = len(group) // 2
            ask(group[:half])
            ask(group[half:])

    for batch in _batches(addresses):
        ask(batch)
    return out


def _uniform_fill(sheet: Any, group: list[str]) -> RGB | _Mixed | None:
    """The one fill of every cell in `group`, or `_Mixed()` when they differ."""
    interior = sheet.range(",".join(group)).api.Interior
    if interior.ColorIndex == _NO_FILL:
        return None
    colour = interior.Color
    if colour is None:
        return _Mixed()
    colour = int(colour)  # Excel's colour number is BGR: red + green·256 + blue·65536
    return (colour % 256, colour // 256 % 256, colour // 65536 % 256)


def _same_colour(current: Any, colour: str) -> bool:
    return current is not None and tuple(current) == _rgb(colour)


def _fill(rgb: Any) -> dict[str, Any] | None:
    """A cell's own fill in the file adapter's format (xlwings sees RGB fills only)."""
    if rgb is None:
        return None
    r, g, b = rgb
    return {"type": "solid", "rgb": f"FF{r:02X}{g:02X}{b:02X}", "theme": None, "tint": 0.0}


def _was_rgb(was: Mapping[str, Any] | None) -> tuple[int, int, int] | None:
    """The fill to put back. A theme colour (recorded by the file adapter) has no RGB here: the
    cell is then left without fill."""
    if not was or not was.get("rgb"):
        return None
    return _rgb(str(was["rgb"]))


_CELL = re.compile(r"^\$?([A-Z]{1,3})?\$?(\d+)?$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _area(address: str) -> tuple[int, int, int, int]:
    """'$A$2:$C$4' → (2, 1, 4, 3); whole rows '$2:$5' and whole columns '$A:$C' too."""
    parts = address.strip().split(":")
    ends = []
    for p in (parts[0], parts[-1]):
        m = _CELL.match(p.upper())
        if m is None:
            raise RegisterError(f"cannot read the selection address {address!r}")
        ends.append((m.group(1), m.group(2)))
    (c1, r1), (c2, r2) = ends
    return (
        int(r1) if r1 else 1,
        _col_number(c1) if c1 else 1,
        int(r2) if r2 else 1_048_576,
        _col_number(c2) if c2 else 16_384,
    )
