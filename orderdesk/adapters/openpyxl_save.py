"""The openpyxl writer: the whole workbook loaded and saved again (the oracle of the part writer).

Before the part writer, every save went this way. It stays for two uses: the tests and benches
compare the part writer's files with this writer's, cell for cell, and `FileRegister(...,
writer="openpyxl")` selects it. It loses what openpyxl does not model (see
`workbook_safety.content_at_risk`), which is why it refuses such a save unless allowed.

The same module builds the sheets OrderDesk writes whole (its own sheets, a table's sheet an
older register lacks, the bookkeeping sheet) into a scratch workbook for the part writer, with
the same `xlsx` functions, so both writers draw them alike.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.worksheet.table import TableColumn

from orderdesk.adapters import package, xlsx
from orderdesk.adapters.edits import Cell, SheetEdits, grown_sqref
from orderdesk.adapters.sheet_xml import letters
from orderdesk.ports import RegisterError, SheetContent
from orderdesk.schema import OWNED_SHEETS, Table


def fill_record(fill: Any) -> dict[str, Any] | None:
    """A cell's fill as the meta sheet records it (to be put back when a mark goes)."""
    if fill is None or fill.fill_type is None:
        return None
    c = fill.fgColor
    return {
        "type": fill.fill_type,
        "rgb": c.rgb if isinstance(c.rgb, str) and c.type != "theme" else None,
        "theme": c.theme if c.type == "theme" else None,
        "tint": c.tint,
    }


def fill_from(data: Mapping[str, Any] | None) -> PatternFill | None:
    """The fill a record describes (None: no fill)."""
    if not data:
        return None
    if data.get("theme") is not None:
        colour = Color(theme=data["theme"], tint=data.get("tint") or 0.0)
    else:
        colour = Color(rgb=data.get("rgb") or "00000000")
    return PatternFill(fill_type=data["type"], fgColor=colour)


def mark_fill(colour: str) -> dict[str, Any]:
    """OrderDesk's highlight, as a fill record."""
    return fill_record(PatternFill("solid", fgColor=colour)) or {}


def is_fill(fill: Mapping[str, Any] | None, colour: str) -> bool:
    rgb = (fill or {}).get("rgb")
    return (
        bool(fill)
        and (fill or {}).get("type") == "solid"
        and isinstance(rgb, str)
        and rgb[-6:].upper() == colour[-6:].upper()
    )


def load(path: Path) -> Workbook:
    """The whole workbook, as openpyxl models it."""
    try:
        with warnings.catch_warnings():
            # "… extension is not supported and will be removed": the save names what it would
            # drop and refuses (workbook_safety.content_at_risk).
            warnings.simplefilter("ignore", UserWarning)
            wb = load_workbook(
                path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=True, rich_text=True
            )
    except Exception as exc:
        raise RegisterError(f"{path.name}: cannot be opened for writing ({exc})") from exc
    pkg = package.Package(path)
    for ws in wb.worksheets:  # openpyxl reads a number past any date as #VALUE!: put it back
        for (r, c), number in pkg.extent(ws.title).huge.items():
            ws.cell(row=r + 1, column=c + 1).value = number
    return wb


def fills_of(wb: Workbook, sheet: str, cells: list[Cell]) -> dict[Cell, dict[str, Any] | None]:
    ws = wb[sheet]
    return {cell: fill_record(ws.cell(row=cell[0], column=cell[1]).fill) for cell in cells}


def apply(wb: Workbook, sheet: str, edits: SheetEdits) -> None:
    """One sheet's edits, onto the loaded workbook."""
    if edits.new_table is not None and sheet not in wb.sheetnames:
        new_table_sheet(wb, sheet, edits.new_table)
    ws = wb[sheet]
    for (r, c), value in edits.values.items():
        ws.cell(row=r, column=c).value = value
    for (r, c), fmt in edits.formats.items():
        ws.cell(row=r, column=c).number_format = fmt
    for r, c in edits.quoted:
        cell = ws.cell(row=r, column=c)
        cell.data_type = "s"
        cell.quotePrefix = True
    for (r, c), owned in edits.headers.items():
        cell = ws.cell(row=r, column=c)
        cell.font = xlsx.HEADER_FONT
        cell.fill = xlsx.OWNED_HEADER if owned else xlsx.USER_HEADER
    for (r, c), fill in edits.fills.items():
        ws.cell(row=r, column=c).fill = fill_from(fill) or PatternFill(fill_type=None)
    for c, width in edits.widths.items():
        ws.column_dimensions[letters(c)].width = width
    for growth in edits.tables.values():
        xl = ws.tables.get(growth.name)
        if xl is not None:
            start, end = xl.ref.split(":")
            end_col = "".join(ch for ch in end if ch.isalpha())
            end_row = int("".join(ch for ch in end if ch.isdigit()))
            for col, header in growth.added:
                xl.tableColumns.append(TableColumn(id=len(xl.tableColumns) + 1, name=header))
                end_col = letters(col)
            xl.ref = f"{start}:{end_col}{max(end_row, growth.last_row)}"
            if xl.autoFilter is not None:
                xl.autoFilter.ref = xl.ref
        for dv in ws.data_validations.dataValidation:
            old = str(dv.sqref)
            new = grown_sqref(
                old, growth.first_col, growth.last_col, growth.header_row + 1, growth.last_row
            )
            if new != old:
                dv.sqref = new


def new_table_sheet(wb: Workbook, sheet: str, table_name: str) -> None:
    """The sheet of a table an older register lacks: its header and an empty Excel Table."""
    from orderdesk.schema import tables

    table = next(t for t in tables() if t.table_name == table_name)
    ws = wb.create_sheet(sheet)
    xlsx.write_table(ws, table, xlsx._as_frame(table, []))
    ws.freeze_panes = "A2"
    xlsx.print_setup(ws, sheet)  # prints as the template's sheets do


def save(
    path: Path,
    out: Path,
    edits: Mapping[str, SheetEdits],
    owned: Mapping[str, SheetContent],
    meta: Mapping[str, Any] | None,
    wb: Workbook | None = None,
    notes: list[str] | None = None,
) -> None:
    """Load (unless given), apply everything, save to `out`. Cells whose text had to change to
    fit are added to `notes`."""
    wb = wb if wb is not None else load(path)
    for sheet in OWNED_SHEETS:  # openpyxl's copies of OrderDesk's charts: redrawn below
        if sheet in wb.sheetnames:
            wb[sheet]._charts = []
    layouts = dict(meta or {})
    for content in owned.values():
        layouts[f"sheet:{content.sheet}"] = xlsx.write_owned_sheet(wb, content, notes)
    for sheet, sheet_edits in edits.items():
        apply(wb, sheet, sheet_edits)
    for key, layout in layouts.items():
        sheet = key.partition(":")[2]
        if key.startswith("sheet:") and sheet in wb.sheetnames and sheet not in owned:
            xlsx.draw_charts(wb[sheet], layout)
    if meta is not None:
        xlsx.write_meta(wb, meta)
    wb.save(out)


def scratch(
    owned: Mapping[str, SheetContent],
    new_tables: Mapping[str, type[Table]],
    meta: Mapping[str, Any] | None,
    notes: list[str] | None = None,
) -> bytes:
    """An xlsx holding only the sheets OrderDesk writes whole, for the part writer."""
    wb = Workbook()
    wb.active.title = "scratch"  # a visible sheet: a workbook of hidden ones is not saved
    for content in owned.values():
        xlsx.write_owned_sheet(wb, content, notes)
    for sheet, table in new_tables.items():
        new_table_sheet(wb, sheet, table.table_name)
    if meta is not None:
        xlsx.write_meta(wb, meta)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
