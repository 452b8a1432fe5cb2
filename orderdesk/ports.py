"""The register port: the one interface actions use to reach the workbook.

An action never knows whether Excel is open. It gets a `Register` — the file adapter (a closed
workbook on disk, for the CLI and tests) or the live adapter (the workbook open in Excel, for the
ribbon) — reads tables as typed DataFrames, writes OrderDesk's own columns and sheets, appends rows,
and saves.

Frames read from the register have one column per schema column (header text as the name) and
the sheet row number as index. Types: KEY/TEXT/CODE → pandas `str` (NaN when blank), INT →
`Int64`, NUMBER/MONEY/RATE/PERCENT → float64 (Excel's own precision; convert to Decimal with
`TableData.records()` where money is settled), DATE/DATETIME → datetime64, BOOL → `boolean`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

import pandas as pd

from orderdesk.errors import RegisterError as RegisterError  # its home is errors; named here too
from orderdesk.schema import ColType, Column, Table

Key = tuple[Any, ...]  # a row's key values, in the order of `table.keys()`


class NotARegister(RegisterError):
    """The workbook is not an OrderDesk register (it has no Orders table): nothing is done to it."""


class WorkbookLocked(RegisterError):
    """The workbook is open in Excel (or LibreOffice): writing now would lose someone's work."""


class WouldLoseContent(RegisterError):
    """Saving would drop content the writer cannot carry (a chart, an image, a pivot table …)."""

    def __init__(self, path: str, losses: Sequence[str]) -> None:
        self.losses = list(losses)
        lines = "\n".join(f"  - {x}" for x in self.losses)
        super().__init__(
            f"{path}: not saved, because saving with OrderDesk's file writer would drop:\n{lines}\n"
            "Nothing was written. Run the action from the OrderDesk ribbon in Excel (which keeps "
            "everything), move these objects to another workbook, or pass --allow-loss to save "
            "anyway."
        )


class ChangedOnDisk(RegisterError):
    """Someone saved the workbook after OrderDesk read it."""


@dataclass(frozen=True)
class CellRef:
    """Where a value sits, as a person looks for it: sheet, row, column letter and header."""

    sheet: str
    row: int
    column: str
    letter: str

    @property
    def address(self) -> str:
        return f"{self.letter}{self.row}"

    def __str__(self) -> str:
        if self.letter == "?":  # a column the sheet does not have: no cell to point at
            return f"{self.sheet} row {self.row} (no column '{self.column}' in the sheet)"
        return f"{self.sheet}!{self.address} ({self.column})"


@dataclass(frozen=True)
class CellIssue:
    """A cell the reader could not read as its column's type. The value is left as it was."""

    ref: CellRef
    value: object
    problem: str

    def __str__(self) -> str:
        return f"{self.ref.sheet} row {self.ref.row}, column {self.ref.column} ({self.ref.address}): {self.problem}"


@dataclass
class TableData:
    """A table as read: typed frame, the cells that could not be read, and where things are."""

    table: type[Table]
    frame: pd.DataFrame
    issues: list[CellIssue] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # header → column letter
    missing: list[Column] = field(default_factory=list)  # schema columns not in the sheet
    extras: list[str] = field(default_factory=list)  # the user's own columns, untouched
    header_row: int = 1
    found: bool = True  # False when the sheet or table is not in the workbook at all

    def __len__(self) -> int:
        return len(self.frame)

    def ref(self, row: int, column: Column | str) -> CellRef:
        header = str(column)
        letter = self.letters.get(header, "?")
        return CellRef(self.table.sheet, int(row), header, letter)

    def key_of(self, row: int) -> Key:
        values = self.frame.loc[row, list(self.table.keys())]
        return tuple(_plain(v) for v in values)

    def keys(self) -> list[Key]:
        cols = list(self.table.keys())
        return [tuple(_plain(v) for v in rec) for rec in self.frame[cols].itertuples(index=False)]

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain Python values keyed by column attribute name: Decimal for numbers,
        date/datetime, bool, str; None for blanks. The sheet row is under "row"."""
        cols = self.table.columns()
        frame = self.frame[list(cols)]
        names = ["row", *(col.attr for col in cols)]
        # Converted a column at a time: iterating a frame's rows costs a lookup per cell.
        values = [python_values(col, frame.iloc[:, i]) for i, col in enumerate(cols)]
        rows = [int(r) for r in self.frame.index]
        return [dict(zip(names, rec, strict=True)) for rec in zip(rows, *values, strict=True)]


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def to_python(col: Column, value: Any) -> Any:
    """One frame value as the domain wants it (Decimal, date, int, bool, str, None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    t = col.type
    if t in (ColType.NUMBER, ColType.MONEY, ColType.RATE, ColType.PERCENT):
        return Decimal(repr(float(value)))
    if t is ColType.INT:
        return int(value)
    if t is ColType.DATE:
        return pd.Timestamp(value).date()
    if t is ColType.DATETIME:
        return pd.Timestamp(value).to_pydatetime()
    if t is ColType.BOOL:
        return bool(value)
    return str(value)


_NUMERIC = (ColType.NUMBER, ColType.MONEY, ColType.RATE, ColType.PERCENT)


def python_values(col: Column, values: pd.Series) -> list[Any]:
    """A whole column of a frame, each value as `to_python` gives it: the blanks found and the
    values listed once for the column, then one plain conversion per value."""
    blank = values.isna().tolist()
    items = values.tolist()
    t = col.type
    if t in _NUMERIC:
        return [None if b else Decimal(repr(float(v))) for v, b in zip(items, blank, strict=True)]
    if t is ColType.INT:
        return [None if b else int(v) for v, b in zip(items, blank, strict=True)]
    if t is ColType.BOOL:
        return [None if b else bool(v) for v, b in zip(items, blank, strict=True)]
    if t is ColType.DATE:  # a datetime64 column lists Timestamps
        return [
            None if b else v.date() if isinstance(v, pd.Timestamp) else to_python(col, v)
            for v, b in zip(items, blank, strict=True)
        ]
    if t is ColType.DATETIME:
        return [None if b else to_python(col, v) for v, b in zip(items, blank, strict=True)]
    return [None if b else str(v) for v, b in zip(items, blank, strict=True)]


@dataclass(frozen=True)
class Selection:
    """What the user selected in Excel: a table and the keys of the selected rows.

    `single_cell` marks the one active cell Excel always has: it names the row under the cursor
    (what a quote button acts on) but is not a choice of rows for whole-register actions."""

    table: type[Table]
    keys: tuple[Key, ...]
    single_cell: bool = False


# --- OrderDesk's own sheets ---------------------------------------------------------------


@dataclass
class Block:
    """A block of rows on an OrderDesk sheet, written as an Excel Table with a header row."""

    name: str  # ListObject name, unique in the workbook (e.g. "tblKpiOtif")
    frame: pd.DataFrame
    title: str | None = None  # a bold line above the table
    formats: Mapping[str, str] = field(default_factory=dict)  # column → number format
    widths: Mapping[str, float] = field(default_factory=dict)
    # (row of the frame, column) → number format, where a column's values differ in kind
    # (the KPI summary's Value: a count, a %, days, money); over the column's format.
    cell_formats: Mapping[tuple[int, str], str] = field(default_factory=dict)


ChartKind = Literal["line", "column", "bar", "column+line", "pie"]


@dataclass
class ChartSpec:
    """A native Excel chart over one block's columns (category column + value series)."""

    kind: ChartKind
    title: str
    block: str  # Block.name holding the data
    category: str  # column with the x-axis categories
    series: Sequence[str]  # value columns (bars, or lines)
    secondary: Sequence[str] = ()  # line series on a secondary axis (for column+line)
    anchor: str = "H2"  # top-left cell
    width_cm: float = 16.0
    height_cm: float = 8.0
    y_title: str | None = None
    percent_axis: bool = False


@dataclass
class SheetContent:
    """Everything on one OrderDesk sheet (Issues, Scorecard, KPI): replaced as a whole."""

    sheet: str
    blocks: list[Block]
    charts: list[ChartSpec] = field(default_factory=list)
    heading: str | None = None  # first line of the sheet
    notes: list[str] = field(default_factory=list)  # lines under the heading
    marks: Mapping[str, str] = field(default_factory=dict)  # "B7" → fill colour, e.g. states


# --- PivotTables (issue 25) ------------------------------------------------------------------

PivotFunction = Literal["sum", "count"]


@dataclass(frozen=True)
class PivotSpec:
    """A PivotTable over one of the register's Excel Tables (by its name, so it grows with the
    data): row, column and filter (page) fields and the values, each a column header of the
    table. Excel builds its cache from the table when the workbook opens (`refreshOnLoad`)."""

    name: str  # the PivotTable's name, unique in the workbook, e.g. "ptProfitByCustomer"
    table: type[Table]
    title: str  # a line above it on the Pivots sheet
    rows: tuple[str, ...]
    columns: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    values: tuple[tuple[str, PivotFunction], ...] = ()  # (column, function)
    row: int = 4  # where its block starts on the sheet: the title, the filters, then the table

    @property
    def table_row(self) -> int:
        """The first row of the table itself: below the title, the filters and a blank row."""
        return self.row + (len(self.pages) + 2 if self.pages else 1)

    def value_caption(self, column: str, function: PivotFunction) -> str:
        return f"{'Sum' if function == 'sum' else 'Count'} of {column}"


@dataclass
class SaveReport:
    path: str | None
    backup: str | None = None
    cells: int = 0  # cells OrderDesk changed in user tables
    appended: int = 0
    sheets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # cells whose text had to change to fit (cut, controls shown)


class Register(Protocol):
    """The workbook, as actions see it."""

    @property
    def source(self) -> str:
        """The workbook's name for messages (a path, or the name of the book in Excel)."""

    @property
    def user(self) -> str:
        """Who is acting: the signed-in OS user in Excel, `--user` on the command line."""

    def read(self, table: type[Table], *, optional: bool = False) -> TableData:
        """A table as typed rows (`adapters/register_reads.py` says what is refused).

        A workbook that is not a register is refused (`NotARegister`), and so is a table whose
        key header or key column is gone or whose header row a blank cell cuts short. A missing
        sheet or required column is refused too, unless the table is `optional` for this caller
        (or one OrderDesk creates itself): then the frame is empty with `found=False`, or the
        column blank and listed in `missing`.
        """

    def update(self, table: type[Table], changes: Mapping[Key, Mapping[Column, Any]]) -> int:
        """Set OrderDesk-owned cells of existing rows, found by key. Returns cells written.

        Writing a column not marked `owned` in the schema is refused: the rest is the user's.
        """

    def append(self, table: type[Table], rows: Iterable[Mapping[Column, Any]]) -> int:
        """Add rows below the table's last row (the table grows). Returns rows added."""

    def write_sheet(self, content: SheetContent) -> None:
        """Replace one of OrderDesk's own sheets (Issues, Scorecard, KPI) with this content."""

    def set_marks(
        self, table: type[Table], cells: Iterable[tuple[Key, Column]], colour: str
    ) -> None:
        """Highlight exactly these cells in OrderDesk's colour; earlier marks it made in the table
        that are not in `cells` are cleared (the cell's own fill comes back)."""

    def add_pivots(
        self,
        sheet: str,
        pivots: Sequence[PivotSpec],
        *,
        heading: str = "",
        notes: Sequence[str] = (),
    ) -> list[str]:
        """Put these PivotTables on a new sheet `sheet` (with a heading and notes) when the
        workbook has no such sheet yet, and return their names. Once the sheet exists its PivotTables are the user's: the file adapter
        leaves them as they are (Excel refreshes them on open), the live adapter refreshes
        them (RefreshTable); neither rebuilds one. Returns [] then."""

    def selection(self) -> Selection | None:
        """The rows the user selected, or None (the whole register)."""

    def meta(self, key: str) -> Any:
        """OrderDesk's own bookkeeping kept in the workbook (its very hidden sheet), or None."""

    def set_meta(self, key: str, value: Any) -> None:
        """Keep a JSON-able value in the workbook's bookkeeping, written with the next save."""

    def check_unchanged(self) -> None:
        """Raise `ChangedOnDisk` when someone saved the workbook since it was read (what was
        read is stale, not wrong)."""

    def save(self) -> SaveReport:
        """Make the changes permanent (the file adapter: atomically, with a backup)."""


def today() -> dt.date:
    """Today's date: one place, so tests and demos can pin it with ORDERDESK_TODAY."""
    import os

    pinned = os.environ.get("ORDERDESK_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
