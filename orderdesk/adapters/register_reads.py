"""The reads every register adapter shares: what is not a register, or not a usable table, stops here.

Both adapters (the file and the live workbook) read through `RegisterReader.read`, so every
action, the ribbon's and the command line's alike, gets the same refusals before it has read, let
alone written, anything of use:

- a workbook without an Orders sheet holding an 'Order ID' header is not a register
  (`NotARegister`): nothing is read from it and nothing is written to it;
- a table whose sheet is there but whose key header is gone (the table cannot be found), whose
  key columns are incomplete, or whose header row has a blank cell cutting it short, is refused
  naming the sheet, the cell and the column: reading on would silently drop rows or columns;
- a missing sheet, or a missing column the schema marks required, is refused too, naming it,
  unless the caller reads the table as `optional` (Validate and About, whose job is to report
  such gaps) or it is a table OrderDesk creates itself (its own sheets, the logs it appends to).

The rules are about the shape of the register, not its values: cell values stay lenient (the
grid reader reports each unreadable cell, and Validate lists them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orderdesk.adapters import grid as G
from orderdesk.domain import values as V
from orderdesk.ports import NotARegister, RegisterError, TableData
from orderdesk.schema import Column, Orders, Setting, Settings, Stage, Table, tables_on


class RegisterReader(G.GridReader):
    """`read()` with the register's shape checked; adapters supply `_sheet_values` and `source`."""

    _recognised: bool = False

    @property
    def source(self) -> str:
        raise NotImplementedError

    def recognise(self) -> None:
        """Refuse a workbook that is not an OrderDesk register (no Orders table in it)."""
        if self._recognised:
            return
        got = self._sheet_values(Orders.sheet)
        if got is None or G.locate(got[0], Orders) is None:
            raise NotARegister(
                f"{self.source}: not an OrderDesk register: there is no '{Orders.sheet}' sheet "
                f"with an '{Orders.order_id}' header. Nothing was read or written "
                "(orderdesk new-register makes an empty register)."
            )
        self._recognised = True

    def read(self, table: type[Table], *, optional: bool = False) -> TableData:
        self.recognise()
        got = self._sheet_values(table.sheet)
        data = super().read(table)
        problem = shape_problem(table, data, got, optional=optional)
        if problem is not None:
            raise RegisterError(problem)
        return data

    def day_first(self) -> bool:
        # The date order is read for every table; a register without Settings reads as DMY
        # (the actions that need the policy read Settings themselves, and are refused there).
        if self._day_first is None:
            from orderdesk.settings import Policy

            settings = self.read(Settings, optional=True)
            order = str(Policy(settings).get(Setting.DATE_ORDER) or "DMY")
            self._day_first = order.strip().upper() != "MDY"
        return self._day_first


def read_block(rows: G.Grid, table: type[Table]) -> TableData:
    """A block of cells (header row first, from A1) read as `table`, exactly as a sheet is
    read: for what is not a sheet of a register (a worksheet function's argument, default
    rows). Rows are numbered as on a sheet (the header is row 1)."""
    return G.build(rows, table)


def find_table(rows: G.Grid, table: type[Table]) -> tuple[int, int, int, dict[Column, int]] | None:
    """Where `table`'s header row is in a block of cells: (row, first column, last column,
    column → index), 0-based; None when its key header is not there."""
    return G.locate(rows, table)


def shape_problem(
    table: type[Table],
    data: TableData,
    got: tuple[G.Grid, int, int] | None,
    *,
    optional: bool = False,
) -> str | None:
    """What makes `table` unusable as read (`got` is its sheet's grid, None when there is no such
    sheet), in words naming the sheet, cell and column; None when it can be used."""
    own_sheet = len(tables_on(table.sheet)) == 1
    tolerated = optional or table.owned_sheet or table.append_only
    key = table.keys()[0] if table.keys() else table.columns()[0]
    if got is None:
        if tolerated:
            return None
        needed = "" if table.title in ("", table.sheet) else f" (its {table.title} table)"
        return (
            f"the workbook has no sheet '{table.sheet}'{needed}; restore it, or copy it from a "
            "new register (orderdesk new-register)."
        )
    if not data.found:
        if own_sheet and not table.owned_sheet:  # OrderDesk rebuilds its own sheets anyway
            return (
                f"sheet '{table.sheet}' has no '{key}' header, so OrderDesk cannot find its "
                f"table; put the header '{key}' back above its column (exactly this text)."
            )
        if tolerated:
            return None  # a policy table that a hand-made or older Settings sheet lacks
        return (
            f"sheet '{table.sheet}' has no {table.title} table (its first header is '{key}'); "
            "copy the table from a new register (orderdesk new-register)."
        )
    grid, row0, col0 = got
    cut = _blank_header(grid, table, data, row0, col0) if own_sheet else None
    if cut is not None:
        return cut
    keys = [c for c in data.missing if c.key]
    if keys:
        return (
            f"sheet '{table.sheet}' has no {_names(keys)} (part of each row's key, in "
            f"header row {data.header_row}); put it back with exactly this header."
        )
    required = [c for c in data.missing if c.required is not False]
    if required and not optional:
        return (
            f"sheet '{table.sheet}' has no {_names(required)} ({_why(required)}); "
            f"add {'it' if len(required) == 1 else 'them'} to the table in header row "
            f"{data.header_row}, with exactly this header."
        )
    return None


def _blank_header(
    grid: G.Grid, table: type[Table], data: TableData, row0: int, col0: int
) -> str | None:
    """A blank header cell inside the table ends it early: the columns beyond it look missing."""
    r = data.header_row - 1 - row0
    header = list(grid[r]) if 0 <= r < len(grid) else []
    wanted = {name: col for col in data.missing for name in G.header_names(col)}
    where = G.locate(grid, table)
    if where is None or not wanted:
        return None
    _, lo, hi, _ = where
    for blank, step in ((hi + 1, 1), (lo - 1, -1)):
        beyond = [
            wanted[G.norm_header(header[j])]
            for j in _run(header, blank + step, step)
            if G.norm_header(header[j]) in wanted
        ]
        if 0 <= blank < len(header) and beyond:
            cell = f"{G.column_letter(blank + 1 + col0)}{data.header_row}"
            elsewhere = {G.norm_header(h) for h in header}
            gone = [c for c in data.missing if not G.header_names(c) & elsewhere]
            was = f" (was it '{gone[0]}'?)" if len(gone) == 1 else ""
            return (
                f"sheet '{table.sheet}': the header cell {cell} is blank{was}, so the table "
                f"stops there and the {_names(beyond)} after it cannot be read; give {cell} its "
                "header, or delete that column if it is empty."
            )
    return None


def _run(header: Sequence[Any], start: int, step: int) -> range:
    """The non-blank header cells from `start` on, in the direction of `step`."""
    end = start
    while 0 <= end < len(header) and not V.is_blank(header[end]):
        end += step
    return range(start, end, step)


def _names(columns: Sequence[Column], shown: int = 3) -> str:
    """ "column 'Qty'", "columns 'Qty', 'Unit'", "columns 'Qty', 'Unit', 'Amount' and 4 more"."""
    names = ", ".join(f"'{c}'" for c in columns[:shown])
    more = len(columns) - shown
    kind = "column" if len(columns) == 1 else "columns"
    return f"{kind} {names} and {more} more" if more > 0 else f"{kind} {names}"


def _why(columns: Sequence[Column]) -> str:
    stages = {c.required.value for c in columns if isinstance(c.required, Stage)}
    if not stages:
        return "required on every row"
    if len(columns) == 1:
        return f"required from stage '{next(iter(stages))}'"
    return "required columns of the register"
