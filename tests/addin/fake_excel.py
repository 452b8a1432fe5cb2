"""A stand-in for an xlwings Book open in Excel: only the xlwings calls the live adapter and
`run()` make, with their real names and parameters (test_fake_excel.py compares them to xlwings'
own classes), strict about shapes: writing a block that does not fit its range, reading without
`ndim=2`, or setting an attribute xlwings' Range does not have fails the test.

Behaviour mirrors Excel where the adapter depends on it: numbers come back as floats, dates as
datetimes, empty cells as None; `used_range` is the bounding box of filled cells (A1 on an empty
sheet); clearing a whole sheet removes its tables (Excel's "Clear All").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from xlwings.constants import chart_types

Area = tuple[int, int, int, int]  # r1, c1, r2, c2 (1-based, inclusive)


def _area(text: str) -> Area:
    c1, r1, c2, r2 = range_boundaries(text.replace("$", ""))
    assert None not in (c1, r1, c2, r2), f"not a cell range: {text!r}"
    return r1, c1, r2, c2  # type: ignore[return-value]


def _excel_value(v: Any) -> Any:
    """What Excel hands back for a stored value: numbers are doubles."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime.combine(v, dt.time())
    if isinstance(v, str) and v == "":
        return None
    return v


class FakeApp:
    def __init__(self) -> None:
        self.status_log: list[str | bool] = []
        self.alerts: list[tuple[str, str | None, str | None]] = []
        self._screen_updating = True
        self.screen_updating_log: list[bool] = []

    @property
    def status_bar(self) -> str | bool:
        return self.status_log[-1] if self.status_log else False

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self.status_log.append(value)

    @property
    def screen_updating(self) -> bool:
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self.screen_updating_log.append(value)
        self._screen_updating = value

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str | None:
        assert buttons in ("ok", "ok_cancel", "yes_no", "yes_no_cancel")
        assert mode in (None, "info", "critical")
        self.alerts.append((prompt, title, mode))
        return "ok"


class FakeBook:
    def __init__(self, name: str = "Register.xlsx") -> None:
        self.app = FakeApp()
        self.name = name
        self.fullname = f"C:\\Users\\clerk\\Documents\\{name}"
        self.sheets = FakeSheets(self)
        self.selection: FakeRange | None = None
        self.calls: Counter[str] = Counter()
        self.cells: Counter[str] = Counter()  # cells each kind of call moved (its size)
        self.pivot_calls: list[tuple[Any, ...]] = []  # the object-model calls on PivotTables
        self.pivot_tables: list[FakePivotTable] = []

    @property
    def api(self) -> FakeBookApi:
        return FakeBookApi(self)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    @classmethod
    def from_xlsx(cls, path: Path) -> FakeBook:
        """The workbook as Excel would show it: values, tables, sheet order."""
        wb = load_workbook(path)
        book = cls(Path(path).name)
        for ws in wb.worksheets:
            sheet = book.sheets.add(ws.title, after=book.sheets[-1] if len(book.sheets) else None)
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None and c.value != "":
                        sheet.cells[(c.row, c.column)] = _excel_value(c.value)
            for name, ref in ws.tables.items():
                sheet.tables._items.append(FakeTable(sheet, name, _area(ref)))
        book.calls.clear()
        book.cells.clear()
        return book


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._items: list[FakeSheet] = []

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Any:
        return iter(list(self._items))

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self._items[key]
        for s in self._items:
            if s.name.lower() == key.lower():
                return s
        raise KeyError(key)  # Excel raises a COM error here; the adapter checks names first

    def add(
        self,
        name: str | None = None,
        before: FakeSheet | None = None,
        after: FakeSheet | None = None,
    ) -> FakeSheet:
        assert name is None or name.lower() not in [s.name.lower() for s in self._items]
        sheet = FakeSheet(self.book, name or f"Sheet{len(self._items) + 1}")
        if after is not None:
            self._items.insert(self._items.index(after) + 1, sheet)
        elif before is not None:
            self._items.insert(self._items.index(before), sheet)
        else:
            self._items.insert(0, sheet)
        self.book.calls["sheets.add"] += 1
        return sheet


class FakeFreezePanes:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet

    def freeze_at(self, frozen_range: str) -> None:
        assert isinstance(frozen_range, str)
        self.sheet.frozen = frozen_range

    def unfreeze(self) -> None:
        self.sheet.frozen = None


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book = book
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.colours: dict[tuple[int, int], tuple[int, int, int] | None] = {}
        self.fonts: dict[tuple[int, int], dict[str, Any]] = {}
        self.widths: dict[int, float] = {}
        self.tables = FakeTables(self)
        self.charts = FakeCharts(self)
        self.visible = True
        self.frozen: str | None = None

    @property
    def freeze_panes(self) -> FakeFreezePanes:
        return FakeFreezePanes(self)

    @property
    def api(self) -> FakeSheetApi:
        return FakeSheetApi(self)

    def range(self, cell1: Any, cell2: Any = None) -> FakeRange:
        if isinstance(cell1, tuple) and cell2 is None:
            r, c = cell1
            return FakeRange(self, [(r, c, r, c)])
        if isinstance(cell1, tuple) and isinstance(cell2, tuple):
            (r1, c1), (r2, c2) = cell1, cell2
            assert r1 <= r2 and c1 <= c2
            return FakeRange(self, [(r1, c1, r2, c2)])
        assert isinstance(cell1, str) and cell2 is None, f"unsupported range call {cell1!r}"
        assert len(cell1) <= 255, "Excel refuses addresses over 255 characters"
        return FakeRange(self, [_area(part) for part in cell1.split(",")])

    @property
    def used_range(self) -> FakeRange:
        self.book.calls["used_range"] += 1
        filled = [k for k, v in self.cells.items() if v is not None]
        if not filled:
            return FakeRange(self, [(1, 1, 1, 1)])
        rows = [r for r, _ in filled]
        cols = [c for _, c in filled]
        return FakeRange(self, [(min(rows), min(cols), max(rows), max(cols))])

    def clear(self) -> None:
        self.cells.clear()
        self.formats.clear()
        self.colours.clear()
        self.fonts.clear()
        self.tables._items.clear()

    def clear_contents(self) -> None:
        self.cells.clear()

    # test helpers (not xlwings API)
    def value(self, address: str) -> Any:
        r, c, _, _ = _area(address)
        return self.cells.get((r, c))

    def column(self, header: str, header_row: int = 1) -> dict[int, Any]:
        """Row → value of the column whose header is `header`."""
        col = next(c for (r, c), v in self.cells.items() if r == header_row and v == header)
        return {r: v for (r, c), v in self.cells.items() if c == col and r > header_row}


_RANGE_ATTRS = {"sheet", "areas", "_ndim"}


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        object.__setattr__(self, "rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        assert name in ("bold", "italic", "size", "color", "name"), f"Font has no {name}"
        for r, c in self.rng._cells():
            self.rng.sheet.fonts.setdefault((r, c), {})[name] = value


class FakeInterior:
    """A range's COM `Interior`, read only (the adapter sets fills through xlwings' `color`)."""

    def __init__(self, rng: FakeRange) -> None:
        self._rng = rng

    def _fills(self) -> set[tuple[int, int, int] | None]:
        self._rng.sheet.book.calls["color read"] += 1
        colours = self._rng.sheet.colours
        return {colours.get(key) for key in self._rng._cells()}

    @property
    def ColorIndex(self) -> int | None:
        fills = self._fills()
        if fills == {None}:
            return XL_COLOR_INDEX_NONE
        return None if len(fills) > 1 else 3  # some palette index: only "none" is exact

    @property
    def Color(self) -> int | None:
        fills = self._fills()
        if len(fills) > 1:
            return None
        rgb = fills.pop()
        if rgb is None:
            return 0xFFFFFF  # Excel reports an unfilled cell as white
        r, g, b = rgb
        return r + g * 256 + b * 65536


XL_COLOR_INDEX_NONE = -4142


class FakeRange:
    def __init__(self, sheet: FakeSheet, areas: list[Area], ndim: int | None = None) -> None:
        object.__setattr__(self, "sheet", sheet)
        object.__setattr__(self, "areas", areas)
        object.__setattr__(self, "_ndim", ndim)

    def __setattr__(self, name: str, value: Any) -> None:
        setter = getattr(type(self), name, None)
        if not isinstance(setter, property) or setter.fset is None:
            raise AttributeError(f"xlwings Range has no settable attribute {name!r}")
        setter.fset(self, value)

    @property
    def api(self) -> FakeRange:
        """The COM Range (here: itself, what CreatePivotTable's TableDestination takes)."""
        return self

    def _one(self) -> Area:
        assert len(self.areas) == 1, "this call needs a single-area range"
        return self.areas[0]

    def _cells(self) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r1, c1, r2, c2 in self.areas
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        ]

    @property
    def row(self) -> int:
        return self.areas[0][0]

    @property
    def column(self) -> int:
        return self.areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        r1, c1, r2, c2 = self.areas[0]
        return (r2 - r1 + 1, c2 - c1 + 1)

    @property
    def address(self) -> str:
        return ",".join(
            f"${get_column_letter(c1)}${r1}"
            + ("" if (r1, c1) == (r2, c2) else f":${get_column_letter(c2)}${r2}")
            for r1, c1, r2, c2 in self.areas
        )

    def options(self, convert: Any = None, **options: Any) -> FakeRange:
        assert convert is None and options == {"ndim": 2}, f"unexpected options {options}"
        return FakeRange(self.sheet, self.areas, ndim=2)

    @property
    def value(self) -> Any:
        r1, c1, r2, c2 = self._one()
        assert self._ndim == 2, "read blocks with .options(ndim=2).value"
        self.sheet.book.calls["read"] += 1
        self.sheet.book.cells["read"] += (r2 - r1 + 1) * (c2 - c1 + 1)
        return [
            [_excel_value(self.sheet.cells.get((r, c))) for c in range(c1, c2 + 1)]
            for r in range(r1, r2 + 1)
        ]

    @value.setter
    def value(self, data: Any) -> None:
        r1, c1, r2, c2 = self._one()
        self.sheet.book.calls["write"] += 1
        self.sheet.book.cells["write"] += (r2 - r1 + 1) * (c2 - c1 + 1)
        if (r1, c1) == (r2, c2) and not isinstance(data, list):
            data = [[data]]
        assert isinstance(data, list) and all(isinstance(row, list) for row in data), (
            "write a 2-D list"
        )
        assert len(data) == r2 - r1 + 1 and all(len(row) == c2 - c1 + 1 for row in data), (
            f"a {len(data)}x{len(data[0]) if data else 0} block into {self.address}"
        )
        for i, row in enumerate(data):
            for j, v in enumerate(row):
                assert v is None or isinstance(
                    v, str | int | float | bool | dt.date | dt.datetime
                ), f"Excel cannot take {type(v).__name__} {v!r}"
                key = (r1 + i, c1 + j)
                if v is None or v == "":
                    self.sheet.cells.pop(key, None)
                else:
                    self.sheet.cells[key] = v

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get(self._cells()[0], "General")

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        assert isinstance(fmt, str)
        self.sheet.book.calls["format"] += 1
        self.sheet.book.cells["format"] += len(self._cells())
        for key in self._cells():
            self.sheet.formats[key] = fmt

    @property
    def color(self) -> tuple[int, int, int] | None:
        r1, c1, r2, c2 = self._one()
        assert (r1, c1) == (r2, c2), "read the colour of one cell"
        self.sheet.book.calls["color read"] += 1
        return self.sheet.colours.get((r1, c1))

    @color.setter
    def color(self, rgb: tuple[int, int, int] | None) -> None:
        assert rgb is None or (isinstance(rgb, tuple) and len(rgb) == 3)
        self.sheet.book.calls["color write"] += 1
        for key in self._cells():
            if rgb is None:
                self.sheet.colours.pop(key, None)
            else:
                self.sheet.colours[key] = rgb

    @property
    def Interior(self) -> FakeInterior:
        """`range.api.Interior`: the fill of the whole range, over every area, as Excel reports
        it — `ColorIndex` is xlColorIndexNone (-4142) only when no cell has a fill, and both
        properties are Null (None here) when the cells differ."""
        return FakeInterior(self)

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def column_width(self) -> float:
        return self.sheet.widths.get(self.column, 8.43)

    @column_width.setter
    def column_width(self, width: float) -> None:
        _, c1, _, c2 = self._one()
        for c in range(c1, c2 + 1):
            self.sheet.widths[c] = width


class FakeTable:
    def __init__(self, sheet: FakeSheet, name: str, area: Area) -> None:
        self.sheet = sheet
        self.name = name
        self.area = area
        self.style: str | None = None

    @property
    def range(self) -> FakeRange:
        return FakeRange(self.sheet, [self.area])

    def resize(self, range: FakeRange) -> None:
        area = range._one()
        assert area[0] == self.area[0], "a table keeps its header row"
        self.area = area


class FakeTables:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self._items: list[FakeTable] = []

    def __iter__(self) -> Any:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, key: str | int) -> FakeTable:
        if isinstance(key, int):
            return self._items[key]
        return next(t for t in self._items if t.name == key)

    def add(
        self,
        source: FakeRange | None = None,
        name: str | None = None,
        source_type: str | None = None,
        link_source: bool | None = None,
        has_headers: bool = True,
        destination: FakeRange | None = None,
        table_style_name: str = "TableStyleMedium2",
    ) -> FakeTable:
        assert source is not None and name
        area = source._one()
        assert area[2] > area[0], "a table needs a header row and at least one row"
        for t in self.sheet.book.sheets:
            assert all(x.name != name for x in t.tables), f"table name {name} exists"
        table = FakeTable(self.sheet, name, area)
        table.style = table_style_name
        self._items.append(table)
        return table


class FakeAxis:
    def __init__(self) -> None:
        self.title: str | None = None
        self.number_format: str | None = None


class FakeLegend:
    def __init__(self) -> None:
        self._position: str | None = None

    @property
    def position(self) -> str | None:
        return self._position

    @position.setter
    def position(self, value: str) -> None:
        assert value in ("top", "bottom", "left", "right", "corner")
        self._position = value


class FakeSeries:
    def __init__(self, name: str) -> None:
        self.name = name
        self.chart_type: str | None = None
        self.axis_group = "primary"

    def set(self, chart_type: str | None = None, axis_group: str | None = None) -> None:
        if chart_type is not None:
            assert chart_type in chart_types, chart_type
            self.chart_type = chart_type
        if axis_group is not None:
            assert axis_group in ("primary", "secondary")
            self.axis_group = axis_group


class FakeChart:
    def __init__(self, sheet: FakeSheet, **spec: Any) -> None:
        self.sheet = sheet
        self.spec = spec
        self.title: str | None = None
        self.legend = FakeLegend()
        self.value_axis = FakeAxis()
        self.secondary_value_axis = FakeAxis()
        source: FakeRange = spec["source"]
        # one series per value column (the first column holds the categories)
        cols = sorted({c for _, c1, _, c2 in source.areas for c in range(c1, c2 + 1)})
        header = source.areas[0][0]
        self.categories = sheet.cells.get((header, cols[0]))
        self.series = [FakeSeries(str(sheet.cells.get((header, c)))) for c in cols[1:]]

    def delete(self) -> None:
        self.sheet.charts._items.remove(self)


class FakeCharts:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self._items: list[FakeChart] = []

    def __iter__(self) -> Any:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
        chart_type: str | None = None,
        source: FakeRange | None = None,
        plot_by: str | None = None,
        name: str | None = None,
        anchor: FakeRange | None = None,
        style: int | None = 227,
    ) -> FakeChart:
        if anchor is not None:
            assert not (top or left), "either anchor or top/left"
        assert chart_type is None or chart_type in chart_types, chart_type
        assert plot_by in (None, "rows", "columns")
        chart = FakeChart(
            self.sheet,
            width=width,
            height=height,
            chart_type=chart_type,
            source=source,
            anchor=anchor.address if anchor else None,
        )
        self._items.append(chart)
        return chart


def column_number(letters: str) -> int:
    return column_index_from_string(letters)


ADDRESS = re.compile(r"^([A-Z]+)(\d+)$")


# --- PivotTables through the object model (Workbook.PivotCaches, Worksheet.PivotTables) --------


class FakeBookApi:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def PivotCaches(self) -> FakePivotCaches:
        return FakePivotCaches(self.book)


class FakePivotCaches:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def Create(
        self, SourceType: int, SourceData: str, Version: int | None = None
    ) -> FakePivotCache:
        tables = {t.name for s in self.book.sheets for t in s.tables}
        assert SourceData in tables, f"no table {SourceData} (Excel: 'reference isn't valid')"
        self.book.pivot_calls.append(("PivotCaches.Create", SourceType, SourceData))
        return FakePivotCache(self.book, SourceData)


class FakePivotCache:
    def __init__(self, book: FakeBook, source: str) -> None:
        self.book = book
        self.source = source

    def CreatePivotTable(self, TableDestination: FakeRange, TableName: str) -> FakePivotTable:
        sheet = TableDestination.sheet
        assert all(p.name != TableName for p in self.book.pivot_tables), TableName
        self.book.pivot_calls.append(
            ("CreatePivotTable", sheet.name, TableDestination.address, TableName)
        )
        pt = FakePivotTable(self.book, sheet, TableName, self.source)
        self.book.pivot_tables.append(pt)
        return pt


class FakePivotField:
    def __init__(self, pt: FakePivotTable, name: str) -> None:
        object.__setattr__(self, "pt", pt)
        object.__setattr__(self, "name", name)

    def __setattr__(self, attr: str, value: Any) -> None:
        self.pt.book.pivot_calls.append(("PivotField", self.pt.name, self.name, attr, value))
        object.__setattr__(self, attr, value)


class FakePivotTable:
    def __init__(self, book: FakeBook, sheet: FakeSheet, name: str, source: str) -> None:
        self.book = book
        self.sheet = sheet
        self.name = name
        self.source = source

    def PivotFields(self, name: str) -> FakePivotField:
        headers = next(
            [str(s.cells.get((t.area[0], c))) for c in range(t.area[1], t.area[3] + 1)]
            for s in self.book.sheets
            for t in s.tables
            if t.name == self.source
        )
        assert name in headers, f"{self.source} has no field {name!r}"
        return FakePivotField(self, name)

    def AddDataField(self, field: FakePivotField, Caption: str, Function: int) -> None:
        self.book.pivot_calls.append(("AddDataField", self.name, field.name, Caption, Function))

    def RefreshTable(self) -> bool:
        self.book.pivot_calls.append(("RefreshTable", self.name))
        return True


class FakeSheetApi:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet

    def PivotTables(self) -> FakePivotTables:
        return FakePivotTables([p for p in self.sheet.book.pivot_tables if p.sheet is self.sheet])


class FakePivotTables:
    def __init__(self, items: list[FakePivotTable]) -> None:
        self._items = items

    @property
    def Count(self) -> int:
        return len(self._items)

    def Item(self, index: int) -> FakePivotTable:
        return self._items[index - 1]
