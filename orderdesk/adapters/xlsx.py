"""Writing register workbooks with openpyxl: the template, table rows, OrderDesk's own sheets.

Everything about how a register looks is decided here from the schema: header styles, widths,
number formats, frozen headers, dropdowns fed from the hidden Lists sheet, input hints, and the
native charts of OrderDesk's sheets. The file adapter uses the same functions to append rows and
to rebuild its sheets, so a register written by `new-register` and one saved after an action
look the same.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.marker import Marker
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from orderdesk import __version__
from orderdesk.adapters.grid import python_cell
from orderdesk.domain.quotes.chain import ChainHead, record_of
from orderdesk.domain.values import visible_controls
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import (
    LISTS_SHEET,
    META_SHEET,
    SHEET_ORDER,
    ApprovalLog,
    ColType,
    Column,
    Lists,
    Table,
    placement,
    tables,
    tables_on,
)

# How far down dropdowns and input hints reach at least in a new register (a table with more
# rows has them down to its last row, and they grow with the rows OrderDesk appends).
VALIDATION_ROWS = 20000

HEADER_FONT = Font(bold=True, color="FFFFFF")
USER_HEADER = PatternFill("solid", fgColor="1F4E78")  # the user's columns
OWNED_HEADER = PatternFill("solid", fgColor="5B4B8A")  # columns OrderDesk writes
TITLE_FONT = Font(bold=True, size=13, color="1F4E78")
NOTE_FONT = Font(italic=True, color="595959")
TABLE_STYLE = "TableStyleLight9"
BLOCK_STYLE = "TableStyleMedium2"


def column_format(col: Column) -> str:
    return col.number_format


# --- a new register -------------------------------------------------------------------------


def new_workbook(
    data: Mapping[type[Table], pd.DataFrame | Sequence[Mapping[Column, Any]]],
    record: ChainHead | None = None,
) -> Workbook:
    """A register with every sheet of the schema, each table filled with `data` (if given).
    `record`: the approval journal's record, when the ApprovalLog's rows are written later
    (`register_file.write_register` streams the large tables)."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEET_ORDER:
        ws = wb.create_sheet(sheet)
        for table in tables_on(sheet):
            rows = data.get(table)
            frame = _as_frame(table, rows)
            write_table(ws, table, frame)
        ws.freeze_panes = "A2"
        print_setup(ws, sheet)
    write_lists(wb)
    record = record if record is not None else approval_record(data)
    write_meta(wb, {"schema": __version__, "approval_log": record.as_dict()})
    wb.active = 0
    props = wb.properties
    props.title = "OrderDesk order register"
    props.creator = "OrderDesk"
    props.lastModifiedBy = "OrderDesk"
    # A fixed timestamp: the same data gives the same file (the committed samples are checked).
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 1, 1)
    return wb


def approval_record(
    data: Mapping[type[Table], pd.DataFrame | Sequence[Mapping[Column, Any]]],
) -> ChainHead:
    """The record of a new register's ApprovalLog (its journal starts with it)."""
    rows = _as_frame(ApprovalLog, data.get(ApprovalLog)).to_dict("records")
    return record_of(
        [{c: r.get(str(c)) for c in (ApprovalLog.seq, ApprovalLog.hash)} for r in rows]
    )


# --- printing ---------------------------------------------------------------------------------
#
# Every sheet prints on A4, landscape when it is wider than a portrait page holds, as many pages
# wide as keep the print readable (never below READABLE of full size), with its header row on
# every page and, when a table runs over several pages side by side, its key column(s) too.

A4_CM = (21.0, 29.7)
SIDE_MARGIN_CM = 1.0
LANDSCAPE_CM = A4_CM[1] - 2 * SIDE_MARGIN_CM  # printable width of a landscape page
READABLE = 0.7  # the smallest print scale (by the estimate below): 11 pt prints at 7.7 pt
PORTRAIT_AT_LEAST = 0.85  # a sheet that prints smaller than this in portrait turns landscape
ROW_CM = 15 / 72 * 2.54  # Excel's default row height, 15 pt
ROWS_PER_PAGE = 30  # landscape rows at a readable scale: a longer block gets its header repeated


def width_cm(units: float | None) -> float:
    """A column of Excel width `units` on paper at full size: 0.25 cm a unit, as LibreOffice
    draws it where Calibri is not installed (Excel with Calibri draws 0.19 cm + 0.13): the wider
    measure keeps both readable."""
    return (units or 8.43) * 0.25


FOOTER = "&A · page &P of &N"  # centred at the foot of every printed page


def page_fit(content_cm: float, repeated_cm: float = 0.0) -> tuple[str, int]:
    """Orientation and pages wide for content this wide (`repeated_cm`: key columns printed
    again on each page across): portrait when it prints readably so, else landscape and as many
    pages wide as keep it at READABLE or larger."""
    portrait = A4_CM[0] - 2 * SIDE_MARGIN_CM
    if content_cm * PORTRAIT_AT_LEAST <= portrait:
        return "portrait", 1
    wide = 1
    while (content_cm + (wide - 1) * repeated_cm) * READABLE > wide * LANDSCAPE_CM:
        wide += 1
    return "landscape", wide


def page_setup(
    ws: Worksheet,
    content_cm: float,
    *,
    title_rows: str | None = None,
    title_cols: tuple[str, float] | None = None,
    area: str | None = None,
) -> None:
    """Orientation, scale (fit to pages wide, as many tall as it takes), titles and area.
    `title_cols`: the key columns ("A:B") repeated on each page of a wide table, and their cm."""
    orientation, wide = page_fit(content_cm, title_cols[1] if title_cols else 0.0)
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.page_setup.pageOrder = "overThenDown"  # a table's right half follows its left half
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_CM / 2.54
    ws.oddFooter.center.text = FOOTER
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols and wide > 1:
        ws.print_title_cols = title_cols[0]
    if area:
        ws.print_area = area


def print_setup(ws: Worksheet, sheet: str) -> None:
    """A register sheet: its tables' width, the header row and the first table's key columns.
    No fixed print area: the tables grow, and Excel prints what is filled in."""
    on_sheet = tables_on(sheet)
    content = sum(width_cm(c.width) for t in on_sheet for c in t.columns())
    first = on_sheet[0]
    keys = [(placement(first).first_col + i, c) for i, c in enumerate(first.columns()) if c.key]
    cols = None
    if keys and len(on_sheet) == 1:  # beside other tables, one table's keys would mislead
        letters = f"{get_column_letter(keys[0][0])}:{get_column_letter(keys[-1][0])}"
        cols = (letters, sum(width_cm(c.width) for _, c in keys))
    page_setup(ws, content, title_rows="1:1", title_cols=cols)


def _as_frame(table: type[Table], rows: Any) -> pd.DataFrame:
    cols = [str(c) for c in table.columns()]
    if rows is None:
        return pd.DataFrame(columns=cols)
    frame = (
        rows
        if isinstance(rows, pd.DataFrame)
        else pd.DataFrame([{str(k): v for k, v in r.items()} for r in rows])
    )
    unknown = set(frame.columns) - set(cols)
    if unknown:
        raise KeyError(f"{table.sheet}: unknown columns {sorted(unknown)}")
    return frame.reindex(columns=cols)


def write_table(ws: Worksheet, table: type[Table], frame: pd.DataFrame) -> None:
    """Header, rows, widths, formats, dropdowns and the Excel Table object for one table."""
    place = placement(table)
    c0, r0 = place.first_col, place.header_row
    for j, col in enumerate(table.columns()):
        cell = ws.cell(row=r0, column=c0 + j, value=str(col))
        cell.font = HEADER_FONT
        cell.fill = OWNED_HEADER if col.owned or table.owned_sheet else USER_HEADER
        cell.alignment = Alignment(vertical="center", wrap_text=False)
        letter = get_column_letter(c0 + j)
        ws.column_dimensions[letter].width = col.width
    write_rows(ws, table, frame, first_row=r0 + 1)
    last_row = r0 + max(len(frame), 1)
    ref = (
        f"{get_column_letter(c0)}{r0}:{get_column_letter(c0 + len(table.columns()) - 1)}{last_row}"
    )
    xl = XlTable(displayName=table.table_name, ref=ref)
    xl.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(xl)
    _validations(ws, table, c0, r0, last_row)


def write_rows(ws: Worksheet, table: type[Table], frame: pd.DataFrame, *, first_row: int) -> None:
    """Values with the column's number format, starting at `first_row`, in schema column order."""
    c0 = placement(table).first_col
    for j, col in enumerate(table.columns()):
        if str(col) not in frame.columns:
            continue
        fmt = column_format(col)
        values = frame[str(col)].tolist()
        for i, value in enumerate(values):
            v = python_cell(value)
            if v is None:
                continue
            cell = put(ws, first_row + i, c0 + j, cell_value(col, v), None)
            cell.number_format = fmt
            keep_text(cell, col)


def cell_value(col: Column, value: Any) -> Any:
    """A Python value as it goes into a cell of this column."""
    if col.type is ColType.BOOL and isinstance(value, bool):
        return "yes" if value else "no"
    if col.type in (ColType.TEXT, ColType.KEY, ColType.CODE) and not isinstance(value, str):
        return str(value)
    return value


TEXT_TYPES = (ColType.TEXT, ColType.KEY, ColType.CODE)

EXCEL_CELL_CHARS = 32767  # the most characters an Excel cell holds
# Characters no worksheet XML may hold besides C0 controls (`visible_controls`): non-characters
# and lone surrogates. Excel itself stores a typed control as `_x0007_`; openpyxl refuses it.
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def fit_text(text: str) -> tuple[str, list[str]]:
    """Text as a cell can hold it, and what had to change: a control character is written as
    its visible symbol (U+0007 → ␇), and text past Excel's 32,767 characters is cut with a note
    at its end saying so. The caller reports the problems with the cell."""
    problems: list[str] = []
    shown = _NOT_XML.sub("\ufffd", visible_controls(text))
    if shown != text:
        text = shown
        problems.append("control characters written as visible symbols (such as ␇)")
    if len(text) > EXCEL_CELL_CHARS:
        n = len(text)
        marker = f" … [cut: {n:,} characters; an Excel cell holds {EXCEL_CELL_CHARS:,}]"
        text = text[: EXCEL_CELL_CHARS - len(marker)] + marker
        problems.append(f"text of {n:,} characters cut to Excel's limit of {EXCEL_CELL_CHARS:,}")
    return text, problems


def fit_as_is(texts: list[str]) -> bool:
    """Whether every one of these texts goes into a cell as it is (`fit_text` would change
    none): one look at them all, for a column of thousands."""
    joined = "\n".join(texts)  # a line feed is neither a control shown nor a non-character
    return (
        max(map(len, texts), default=0) <= EXCEL_CELL_CHARS
        and visible_controls(joined) is joined
        and not _NOT_XML.search(joined)
    )


def fit_cell(sheet: str, row: int, column: int, value: Any, notes: list[str] | None) -> Any:
    """A value as it goes into a cell (text made fit, see `fit_text`); what had to change is
    added to `notes` with the cell."""
    if isinstance(value, str):
        value, problems = fit_text(value)
        if problems and notes is not None:
            where = f"{sheet}!{get_column_letter(column)}{row}"
            notes.extend(f"{where}: {p}" for p in problems)
    return value


def put(ws: Worksheet, row: int, column: int, value: Any, notes: list[str] | None) -> Any:
    """Write one value into a cell (text made fit, see `fit_cell`). Returns the cell."""
    value = fit_cell(ws.title, row, column, value, notes)
    cell = ws.cell(row=row, column=column)
    cell.value = value  # None clears (ws.cell(value=None) would leave the old value)
    return cell


def keep_text(cell: Any, col: Column) -> None:
    """Text stays text: openpyxl stores a string that starts with '=' as a formula and '#N/A' as
    an error value, so a remittance '=HYPERLINK(…)' from a bank would become a live formula in
    the register (and read back as blank). In a text column it is stored as a string, with
    Excel's quote prefix so that editing the cell keeps it text too."""
    if cell.data_type in ("f", "e") and col.type in TEXT_TYPES:
        cell.data_type = "s"
        cell.quotePrefix = True


def _validations(ws: Worksheet, table: type[Table], c0: int, r0: int, last_row: int) -> None:
    """Dropdowns from the hidden lists, and the input hint Excel shows when a cell is selected:
    down to the table's last row, and at least VALIDATION_ROWS rows for the rows staff add
    (rows OrderDesk appends later take them further: `edits.grown_sqref`)."""
    end = max(r0 + VALIDATION_ROWS, last_row)
    for j, col in enumerate(table.columns()):
        if table.owned_sheet or not (col.choices or col.hint):
            continue
        letter = get_column_letter(c0 + j)
        sqref = f"{letter}{r0 + 1}:{letter}{end}"
        if col.choices:
            dv = DataValidation(
                type="list",
                formula1=f"={col.choices.defined_name}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",  # a warning, not a stop: staff may paste a new value
                errorTitle=str(col)[:32],
                error=f"Not in the {col.choices.value} list.",
            )
        else:
            dv = DataValidation(allow_blank=True)
        if col.hint:
            dv.showInputMessage = True
            dv.promptTitle = str(col)[:32]
            dv.prompt = col.hint[:255]
        dv.add(sqref)
        ws.add_data_validation(dv)


def write_lists(wb: Workbook) -> None:
    """The hidden sheet of dropdown lists, one column per list, each behind a defined name."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    for j, lst in enumerate(Lists, start=1):
        letter = get_column_letter(j)
        ws.cell(row=1, column=j, value=lst.value).font = Font(bold=True)
        values = lst.values()
        for i, v in enumerate(values, start=2):
            ws.cell(row=i, column=j, value=v).number_format = "@"
        ws.column_dimensions[letter].width = max(12, len(lst.value) + 2)
        ref = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        wb.defined_names[lst.defined_name] = DefinedName(lst.defined_name, attr_text=ref)


# --- OrderDesk's bookkeeping sheet --------------------------------------------------------

from orderdesk.adapters.meta import meta_from_rows, meta_rows  # noqa: E402  (shared, light)


def write_meta(wb: Workbook, meta: Mapping[str, Any]) -> None:
    """Store OrderDesk's bookkeeping (chart layouts, marks) as JSON in a very hidden sheet."""
    if META_SHEET in wb.sheetnames:
        del wb[META_SHEET]
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    for row in meta_rows(meta):
        ws.append(row)


def read_meta(wb: Workbook) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        return {}
    return meta_from_rows(wb[META_SHEET].iter_rows(min_row=2, values_only=True))


# --- OrderDesk's own sheets (Issues, Scorecard, KPI) ----------------------------------------


@dataclass
class SheetPlan:
    """Where everything on one of OrderDesk's sheets goes (rows are 1-based), and the layout
    kept in the meta sheet so its charts can be redrawn. Shared by the file and live adapters."""

    heading: tuple[int, str] | None
    notes: list[tuple[int, str]]
    blocks: list[tuple[Block, int | None, int, int]]  # block, title row, header row, last row
    layout: dict[str, Any]

    @property
    def freeze_header(self) -> bool:
        return bool(self.blocks) and self.blocks[0][2] == 1


def plan_owned_sheet(content: SheetContent) -> SheetPlan:
    row = 1
    heading = None
    if content.heading:
        heading = (row, content.heading)
        row += 1
    notes = []
    for note in content.notes:
        notes.append((row, note))
        row += 1
    if row > 1:
        row += 1
    layout: dict[str, Any] = {"blocks": {}, "charts": [], "marks": dict(content.marks)}
    blocks: list[tuple[Block, int | None, int, int]] = []
    for block in content.blocks:
        title_row = None
        if block.title:
            title_row = row
            row += 1
        last = row + max(len(block.frame), 1)
        blocks.append((block, title_row, row, last))
        layout["blocks"][block.name] = {
            "header": row,
            "last": last,
            "columns": list(map(str, block.frame.columns)),
        }
        row = last + 3 if len(block.frame.columns) else row + 3
    for spec in content.charts:
        layout["charts"].append(_spec_dict(spec))
    return SheetPlan(heading, notes, blocks, layout)


def write_owned_sheet(
    wb: Workbook, content: SheetContent, notes: list[str] | None = None
) -> dict[str, Any]:
    """(Re)create one of OrderDesk's sheets in place; returns its layout for the meta sheet.
    Cells whose text had to change to fit are added to `notes`."""
    index = wb.sheetnames.index(content.sheet) if content.sheet in wb.sheetnames else None
    if index is not None:
        del wb[content.sheet]
    ws = wb.create_sheet(content.sheet, index)
    plan = plan_owned_sheet(content)
    if plan.heading:
        put(ws, plan.heading[0], 1, plan.heading[1], notes).font = TITLE_FONT
    for row, note in plan.notes:
        put(ws, row, 1, note, notes).font = NOTE_FONT
    for block, title_row, header_row, _last in plan.blocks:
        if title_row is not None:
            put(ws, title_row, 1, block.title, notes).font = Font(bold=True)
        write_block(ws, block, header_row, notes)
    fills: dict[str, Callable[[Any], None]] = {}
    for address, colour in content.marks.items():
        if colour not in fills:
            fills[colour] = styler(ws, "_fills", "fillId", PatternFill("solid", fgColor=colour))
        fills[colour](ws[address])
    if plan.freeze_header:
        ws.freeze_panes = "A2"
    draw_charts(ws, plan.layout)
    print_owned(ws, plan)
    return plan.layout


@dataclass
class OwnedPrint:
    """How one of OrderDesk's sheets prints: content width (cm), the header row repeated on
    every page, the row a page break follows, the print area."""

    content_cm: float
    title_rows: str | None
    break_after: int | None
    area: str


def owned_print(plan: SheetPlan, widths: Mapping[int, float]) -> OwnedPrint:
    """Its print area is every block and chart on it; the longest block, when it runs over a
    page, starts a page and repeats its header row. `widths`: column (1-based) → Excel width
    where the sheet sets one."""

    def edge(col: int) -> float:  # the right edge of column `col` (1-based), in cm
        return sum(width_cm(widths.get(c)) for c in range(1, col + 1))

    last_col = max([len(b.frame.columns) for b, *_ in plan.blocks] + [1])
    last_row = max([last for *_, last in plan.blocks] + [len(plan.notes) + 1])
    # A last column's text runs on into the empty cells to its right: printed as far as the
    # page the rest already needs reaches (a question longer than that is cut, not the page).
    page = math.ceil(edge(last_col) * READABLE / LANDSCAPE_CM) * LANDSCAPE_CM / READABLE
    for block, *_ in plan.blocks:
        name = str(block.frame.columns[-1]) if len(block.frame.columns) else ""
        if name and not wraps(block, name):
            right = min(
                edge(len(block.frame.columns) - 1) + width_cm(_longest_text(block, name)), page
            )
            while edge(last_col + 1) <= right:
                last_col += 1
    for spec in plan.layout["charts"]:
        row, col = coordinate_to_tuple(spec["anchor"])
        right = edge(col - 1) + spec["width_cm"]
        while edge(last_col) < right:
            last_col += 1
        last_row = max(last_row, row + int(spec["height_cm"] / ROW_CM) + 1)
    title_rows = None
    break_after = None
    longest = max(plan.blocks, key=lambda b: b[3] - b[2], default=None)
    if longest is not None and longest[3] - longest[2] > ROWS_PER_PAGE:
        _, title_row, header_row, _ = longest
        title_rows = f"{header_row}:{header_row}"
        if longest is not plan.blocks[0]:  # its own pages, so its header heads every one of them
            break_after = (title_row or header_row) - 1
    area = f"A1:{get_column_letter(last_col)}{last_row}"
    return OwnedPrint(edge(last_col), title_rows, break_after, area)


def print_owned(ws: Worksheet, plan: SheetPlan) -> None:
    """One of OrderDesk's sheets on paper (see `owned_print`)."""
    from openpyxl.utils.cell import column_index_from_string

    dims = ws.column_dimensions  # read as they are: looking a column up must not give it a width
    widths = {column_index_from_string(k): d.width for k, d in dims.items() if d.width}
    how = owned_print(plan, widths)
    if how.break_after is not None:
        ws.row_breaks.append(Break(id=how.break_after))
    page_setup(ws, how.content_cm, title_rows=how.title_rows, area=how.area)


def owned_widths(plan: SheetPlan) -> dict[int, float]:
    """The column widths of one of OrderDesk's sheets: each column as wide as the widest of its
    blocks asks (`block_width`)."""
    widths: dict[int, float] = {}
    for block, *_ in plan.blocks:
        for j, name in enumerate(block.frame.columns, start=1):
            widths[j] = max(block_width(block, name), widths.get(j, 0))
    return widths


LONGEST_COLUMN = 40  # a column sized to its text grows no wider; longer text runs on
LINE_PT = 15  # a line of 11 pt text, the default row height


def _longest_text(block: Block, name: str) -> int:
    column = block.frame[name] if name in block.frame.columns else ()
    return max((len(v) for v in column if isinstance(v, str)), default=0)


def block_width(block: Block, name: str) -> float:
    """The block's own width for the column; else as wide as its header, or, in a block that
    sizes none of its columns, as its longest text (a block that sizes some leaves the others
    narrow on purpose: the Questions' text runs on over the empty cells to its right)."""
    given = block.widths.get(str(name))
    if given:
        return given
    text = 0 if block.widths else _longest_text(block, name) + 2
    return max(10, min(max(len(str(name)) + 3, text), LONGEST_COLUMN))


def wraps(block: Block, name: str) -> bool:
    """Text longer than a column the block sized itself wraps in it (a message, a definition):
    on paper, text that runs on past the print area would be cut off."""
    given = block.widths.get(str(name))
    return given is not None and _longest_text(block, name) > given


def styler(ws: Worksheet, collection: str, key: str, style: Any) -> Callable[[Any], None]:
    """Give many cells one style: what `cell.alignment = style` (or `.fill`) does, with the
    style registered in the workbook once instead of hashed again for every cell (thousands of
    rows on an owned sheet spent most of their save there)."""
    index = getattr(ws.parent, collection).add(style)

    def apply(cell: Any) -> None:
        if not cell._style:
            cell._style = StyleArray()
        setattr(cell._style, key, index)

    return apply


def write_block(
    ws: Worksheet, block: Block, header_row: int, notes: list[str] | None = None
) -> tuple[bool, int]:
    frame = block.frame
    ncols = max(len(frame.columns), 1)
    _block_header(ws, block, header_row)
    _block_values(ws, block, header_row, notes)
    _block_wrapping(ws, block, header_row)
    last = header_row + max(len(frame), 1)
    ref = f"A{header_row}:{get_column_letter(ncols)}{last}"
    xl = XlTable(displayName=block.name, ref=ref)
    xl.tableStyleInfo = TableStyleInfo(name=BLOCK_STYLE, showRowStripes=True)
    if len(frame.columns):
        ws.add_table(xl)
    return bool(len(frame.columns)), last


def _block_header(ws: Worksheet, block: Block, header_row: int) -> None:
    """The block's header cells, and its columns at least as wide as the block asks."""
    for j, name in enumerate(block.frame.columns, start=1):
        cell = ws.cell(row=header_row, column=j, value=str(name))
        cell.font = HEADER_FONT
        cell.fill = OWNED_HEADER
        letter = get_column_letter(j)
        dims = ws.column_dimensions  # a column an earlier block set keeps its width if wider
        current = dims[letter].width if letter in dims else 0
        dims[letter].width = max(block_width(block, name), current or 0)


def _block_values(ws: Worksheet, block: Block, header_row: int, notes: list[str] | None) -> None:
    """The block's values under its header, each in its column's (or its own) number format."""
    frame = block.frame
    for i, rec in enumerate(frame.itertuples(index=False), start=header_row + 1):
        for j, value in enumerate(rec, start=1):
            v = python_cell(value)
            if v is None:
                continue
            cell = put(ws, i, j, v, notes)
            fmt = block.formats.get(str(frame.columns[j - 1]))
            if fmt:
                cell.number_format = fmt
            elif hasattr(v, "year") and not hasattr(v, "hour"):
                cell.number_format = "yyyy-mm-dd"
    columns = [str(c) for c in frame.columns]
    for (i, name), fmt in block.cell_formats.items():
        ws.cell(row=header_row + 1 + i, column=columns.index(name) + 1).number_format = fmt


def _block_wrapping(ws: Worksheet, block: Block, header_row: int) -> None:
    """Long text wrapped in the columns that wrap, and each row as tall as its lines."""
    frame = block.frame
    columns = [str(c) for c in frame.columns]
    wrap = styler(ws, "_alignments", "alignmentId", Alignment(wrap_text=True, vertical="top"))
    lines = [1] * len(frame)
    # Which columns wrap, once: asked per row it scanned every column's text for every row.
    wrapping = {name: wraps(block, name) for name in columns}
    for j, name in enumerate(columns, start=1):
        if not wrapping[name]:
            continue
        width = block_width(block, name)
        for i, value in enumerate(frame[name]):
            wrap(ws.cell(row=header_row + 1 + i, column=j))
            if isinstance(value, str):
                lines[i] = max(lines[i], math.ceil(len(value) / width))
    # Row heights for the wrapped lines (neither LibreOffice nor Excel fits them on opening a
    # file: a row keeps one line's height and the wrapped text is cut).
    top = styler(ws, "_alignments", "alignmentId", Alignment(vertical="top"))  # read from the top
    for i, n in enumerate(lines):
        if n > 1:
            ws.row_dimensions[header_row + 1 + i].height = n * LINE_PT
            for j, name in enumerate(columns, start=1):
                if not wrapping[name]:
                    top(ws.cell(row=header_row + 1 + i, column=j))


def _spec_dict(spec: ChartSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "title": spec.title,
        "block": spec.block,
        "category": spec.category,
        "series": list(spec.series),
        "secondary": list(spec.secondary),
        "anchor": spec.anchor,
        "width_cm": spec.width_cm,
        "height_cm": spec.height_cm,
        "y_title": spec.y_title,
        "percent_axis": spec.percent_axis,
    }


def draw_charts(ws: Worksheet, layout: Mapping[str, Any]) -> None:
    """Native charts from a sheet's stored layout. Called on every save: openpyxl does not keep
    charts it did not draw itself, so OrderDesk redraws its own from their data."""
    for spec in layout.get("charts", []):
        block = layout["blocks"].get(spec["block"])
        if not block or block["last"] <= block["header"]:
            continue
        columns: list[str] = block["columns"]

        def ref(name: str, columns: list[str] = columns, block: Any = block) -> Reference:
            j = columns.index(name) + 1
            return Reference(ws, min_col=j, min_row=block["header"], max_row=block["last"])

        cats_j = columns.index(spec["category"]) + 1
        cats = Reference(ws, min_col=cats_j, min_row=block["header"] + 1, max_row=block["last"])
        kind = spec["kind"]
        chart: Any
        if kind == "pie":
            chart = PieChart()
        elif kind == "line":
            chart = LineChart()
            # A period without a value (a month not scored) is skipped over, not drawn as 0, and
            # markers keep a single scored point visible.
            chart.display_blanks = "span"
        else:
            chart = BarChart()
            chart.type = "bar" if kind == "bar" else "col"
            chart.grouping = "clustered"
        for name in spec["series"]:
            chart.add_data(ref(name), titles_from_data=True)
        chart.set_categories(cats)
        if kind == "line":
            _markers(chart)
        chart.title = spec["title"]
        chart.width, chart.height = spec["width_cm"], spec["height_cm"]
        if kind != "pie":
            if spec.get("y_title"):
                chart.y_axis.title = spec["y_title"]
            if spec.get("percent_axis"):
                chart.y_axis.number_format = "0%"
            chart.y_axis.delete = False
            chart.x_axis.delete = False
            chart.legend.position = "b"
        if spec.get("secondary"):
            line = LineChart()
            for name in spec["secondary"]:
                line.add_data(ref(name), titles_from_data=True)
            _markers(line)
            line.y_axis.axId = 200
            line.y_axis.crosses = "max"
            line.y_axis.number_format = "0%"
            line.y_axis.delete = False
            chart += line
        ws.add_chart(chart, spec["anchor"])


def _markers(chart: LineChart) -> None:
    for series in chart.series:
        series.marker = Marker(symbol="circle", size=6)
        series.smooth = False


def all_tables() -> Iterable[type[Table]]:
    return tables()


_CORE_PROPERTIES = "docProps/core.xml"


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save so that the same workbook gives the same bytes, and rewriting the committed files
    changes nothing in git unless a cell changed: every zip entry dated 1980-01-01, and the
    document's "modified" stamp (which openpyxl sets to now on save) equal to its "created"."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == _CORE_PROPERTIES:
                created = re.search(rb"<dcterms:created[^>]*>([^<]*)<", data)
                if created:
                    data = re.sub(
                        rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + created[1] + rb"\2", data
                    )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
