"""OrderDesk's own sheets (Issues, LCCheck, KPI …) and its bookkeeping sheet written straight
as worksheet XML, for the part writer: no openpyxl workbook is drawn and saved first.

The result is a small xlsx package (stored, not deflated: it is read once, at once) that
`parts.PartWriter` transplants into the register as it transplants any scratch sheet: the
sheets with their Excel Tables, print titles and area (sheet-local names), and the cell styles
they use merged into the register's. The sheet looks as `xlsx.write_owned_sheet` draws it with
openpyxl (the openpyxl writer, the oracle the tests compare with): the same values and number
formats, heading and note fonts, header fills, widths, wrapped columns and row heights, marks,
frozen header, tables and page setup — the layout decisions are `xlsx`'s own functions
(`plan_owned_sheet`, `block_width`, `wraps`, `owned_print`, `page_fit`).

Charts are not drawn here: a sheet with charts (KPI, Scorecard) is still drawn with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import quoteattr

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils.cell import coordinate_to_tuple

from orderdesk.adapters import xlsx
from orderdesk.adapters.grid import python_cell
from orderdesk.adapters.meta import meta_rows
from orderdesk.adapters.sheet_xml import cell_xml, escape, letters
from orderdesk.ports import SheetContent
from orderdesk.schema import META_SHEET

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# The number format openpyxl gives a date or time it is handed (`cell.value = …`) where the
# block names none: the oracle's, so both writers' cells read alike.
DEFAULT_FORMATS: tuple[tuple[type, str], ...] = (
    (dt.datetime, "yyyy-mm-dd h:mm:ss"),
    (dt.date, "yyyy-mm-dd"),
    (dt.time, "h:mm:ss"),
)


def streamable(content: SheetContent) -> bool:
    """Whether this module writes the sheet (charts are drawn by openpyxl)."""
    return not content.charts


# --- styles -----------------------------------------------------------------------------------


class _Styles:
    """The scratch package's styles.xml: each distinct (font, fill, number format, alignment)
    one cell style, found or added."""

    def __init__(self) -> None:
        self.fonts: list[Font] = [DEFAULT_FONT]
        self.fills: list[PatternFill] = [PatternFill(), PatternFill(patternType="gray125")]
        self.formats: dict[str, int] = {}
        self.aligns: list[Alignment] = []
        self.xfs: dict[tuple[Any, ...], int] = {(0, 0, 0, None): 0}
        self._builtin = {code: i for i, code in BUILTIN_FORMATS.items()}
        self._seen: dict[int, int] = {}  # id(style object) → its index in its list
        self._keep: list[Any] = []

    def _index(self, items: list[Any], item: Any) -> int:
        # By identity first: the same few style objects come again for thousands of cells, and
        # openpyxl's equality compares them field by field.
        found = self._seen.get(id(item))
        if found is not None:
            return found
        if item not in items:
            items.append(item)
        self._seen[id(item)] = items.index(item)
        self._keep.append(item)  # its id stays its own while it is a key
        return self._seen[id(item)]

    def xf(
        self,
        font: Font | None = None,
        fill: PatternFill | None = None,
        fmt: str | None = None,
        align: Alignment | None = None,
    ) -> int:
        key = (
            0 if font is None else self._index(self.fonts, font),
            0 if fill is None else self._index(self.fills, fill),
            0 if fmt is None else self._format_id(fmt),
            None if align is None else self._index(self.aligns, align),
        )
        if key not in self.xfs:
            self.xfs[key] = len(self.xfs)
        return self.xfs[key]

    def _format_id(self, code: str) -> int:
        if code in self._builtin:
            return self._builtin[code]
        return self.formats.setdefault(code, 164 + len(self.formats))

    def xml(self) -> bytes:
        def tree(items: list[Any], tag: str) -> str:
            body = "".join(_tostring(i.to_tree()) for i in items)
            return f'<{tag} count="{len(items)}">{body}</{tag}>'

        numfmts = "".join(
            f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
            for code, i in self.formats.items()
        )
        xfs = []
        for (font, fill, fmt, align), _ in sorted(self.xfs.items(), key=lambda kv: kv[1]):
            attrs = f'numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
            attrs += ' applyNumberFormat="1"' if fmt else ""
            attrs += ' applyFont="1"' if font else ""
            attrs += ' applyFill="1"' if fill else ""
            if align is None:
                xfs.append(f"<xf {attrs}/>")
            else:
                inner = _tostring(self.aligns[align].to_tree())
                xfs.append(f'<xf {attrs} applyAlignment="1">{inner}</xf>')
        return (
            f'<styleSheet xmlns="{NS}">'
            + (f'<numFmts count="{len(self.formats)}">{numfmts}</numFmts>' if numfmts else "")
            + tree(self.fonts, "fonts")
            + tree(self.fills, "fills")
            + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            + "</borders>"
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + "</cellStyleXfs>"
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            + "</cellStyles></styleSheet>"
        ).encode()


def _tostring(el: Any) -> str:
    """An openpyxl style's tree (ElementTree or lxml) as text, without namespaces."""
    tag = str(el.tag).rsplit("}", 1)[-1]
    attrs = "".join(f" {k}={quoteattr(str(v))}" for k, v in el.attrib.items())
    inner = "".join(_tostring(c) for c in el)
    return f"<{tag}{attrs}>{inner}</{tag}>" if inner else f"<{tag}{attrs}/>"


# --- one sheet's cells ------------------------------------------------------------------------


class _Cells:
    """Row → column → [value, font, fill, number format, alignment], and row heights."""

    def __init__(self, sheet: str, notes: list[str] | None) -> None:
        self.sheet = sheet
        self.notes = notes
        self.rows: dict[int, dict[int, list[Any]]] = {}
        self.heights: dict[int, float] = {}

    def at(self, row: int, col: int) -> list[Any]:
        cells = self.rows.setdefault(row, {})
        if col not in cells:
            cells[col] = [None, None, None, None, None]
        return cells[col]

    def put(self, row: int, col: int, value: Any, font: Font | None = None) -> list[Any]:
        cell = self.at(row, col)
        cell[0] = xlsx.fit_cell(self.sheet, row, col, value, self.notes)
        if font is not None:
            cell[1] = font
        return cell


def _block(cells: _Cells, block: Any, header_row: int) -> None:
    """A block's header, values, number formats and wrapping, as `xlsx.write_block` draws it."""
    frame = block.frame
    columns = [str(c) for c in frame.columns]
    for j, name in enumerate(columns, start=1):
        cell = cells.at(header_row, j)
        cell[0], cell[1], cell[2] = name, xlsx.HEADER_FONT, xlsx.OWNED_HEADER
    for j, name in enumerate(columns, start=1):
        fmt = block.formats.get(name)
        values = frame.iloc[:, j - 1].tolist()
        as_is = xlsx.fit_as_is([v for v in values if type(v) is str])
        for i, v in enumerate(values, start=header_row + 1):
            if type(v) is str and as_is:  # most cells: text that fits as it is
                cells.rows.setdefault(i, {})[j] = [v, None, None, fmt, None]
                continue
            v = python_cell(v)
            if v is None:
                continue
            cell = cells.put(i, j, v)
            cell[3] = fmt or next((f for t, f in DEFAULT_FORMATS if isinstance(v, t)), None)
    for (i, name), fmt in block.cell_formats.items():
        cells.at(header_row + 1 + i, columns.index(name) + 1)[3] = fmt
    wrapping = {name: xlsx.wraps(block, name) for name in columns}
    lines = [1] * len(frame)
    for j, name in enumerate(columns, start=1):
        if not wrapping[name]:
            continue
        width = xlsx.block_width(block, name)
        for i, value in enumerate(frame[name]):
            cells.at(header_row + 1 + i, j)[4] = WRAP
            if isinstance(value, str):
                lines[i] = max(lines[i], math.ceil(len(value) / width))
    for i, n in enumerate(lines):
        if n > 1:
            row = header_row + 1 + i
            cells.heights[row] = n * xlsx.LINE_PT
            for j, name in enumerate(columns, start=1):
                if not wrapping[name]:
                    cells.at(row, j)[4] = TOP


def _table(block: Any, header_row: int, n: int) -> bytes:
    ncols = max(len(block.frame.columns), 1)
    last = header_row + max(len(block.frame), 1)
    ref = f"A{header_row}:{letters(ncols)}{last}"
    columns = "".join(
        f'<tableColumn id="{j}" name={quoteattr(str(c), {chr(10): "&#10;", chr(13): "&#13;"})}/>'
        for j, c in enumerate(block.frame.columns, start=1)
    )
    return (
        f'<table xmlns="{NS}" id="{n}" name={quoteattr(block.name)} '
        f'displayName={quoteattr(block.name)} ref="{ref}" headerRowCount="1">'
        f'<autoFilter ref="{ref}"/><tableColumns count="{len(block.frame.columns)}">{columns}'
        f'</tableColumns><tableStyleInfo name="{xlsx.BLOCK_STYLE}" showRowStripes="1"/></table>'
    ).encode()


def _sheet_data(cells: _Cells, styles: _Styles) -> tuple[str, str]:
    """The `<sheetData>` element and the dimension's ref."""
    out = []
    last_col = max((max(row) for row in cells.rows.values() if row), default=1)
    refs = [letters(c) for c in range(last_col + 1)]
    xfs: dict[tuple[int, int, str | None, int], int] = {}  # by the style objects' identity
    for r in sorted(cells.rows):
        row = cells.rows[r]
        parts = []
        for c in sorted(row):
            value, font, fill, fmt, align = row[c]
            s = 0
            if font is not None or fill is not None or fmt is not None or align is not None:
                key = (id(font), id(fill), fmt, id(align))
                if key not in xfs:
                    xfs[key] = styles.xf(font, fill, fmt, align)
                s = xfs[key]
            parts.append(cell_xml("", f"{refs[c]}{r}", s, value, False))
        height = cells.heights.get(r)
        ht = f' ht="{height:g}" customHeight="1"' if height else ""
        out.append(f'<row r="{r}"{ht}>{"".join(parts)}</row>')
    last_row = max(cells.rows, default=1)
    return f"<sheetData>{''.join(out)}</sheetData>", f"A1:{refs[last_col]}{last_row}"


def _width(w: float) -> str:
    return str(int(w)) if float(w).is_integer() else repr(float(w))


def owned_sheet(
    content: SheetContent, styles: _Styles, first_table: int, notes: list[str] | None
) -> tuple[bytes, list[bytes], list[tuple[str, str]]]:
    """One of OrderDesk's sheets: its worksheet XML, its tables' XML, its local names."""
    plan = xlsx.plan_owned_sheet(content)
    cells = _Cells(content.sheet, notes)
    if plan.heading:
        cells.put(plan.heading[0], 1, plan.heading[1], xlsx.TITLE_FONT)
    for row, note in plan.notes:
        cells.put(row, 1, note, xlsx.NOTE_FONT)
    tables: list[bytes] = []
    for block, title_row, header_row, _last in plan.blocks:
        if title_row is not None:
            cells.put(title_row, 1, block.title, BOLD)
        _block(cells, block, header_row)
        if len(block.frame.columns):
            tables.append(_table(block, header_row, first_table + len(tables)))
    fills: dict[str, PatternFill] = {}
    for address, colour in content.marks.items():
        r, c = coordinate_to_tuple(address)
        if colour not in fills:
            fills[colour] = PatternFill("solid", fgColor=colour)
        cells.at(r, c)[2] = fills[colour]
    widths = xlsx.owned_widths(plan)
    how = xlsx.owned_print(plan, widths)
    orientation, wide = xlsx.page_fit(how.content_cm)
    data, dimension = _sheet_data(cells, styles)
    view = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
        if plan.freeze_header
        else '<selection activeCell="A1" sqref="A1"/>'
    )
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{_width(w)}" customWidth="1"/>'
        for c, w in sorted(widths.items())
    )
    margin = repr(xlsx.SIDE_MARGIN_CM / 2.54)
    breaks = (
        f'<rowBreaks count="1" manualBreakCount="1"><brk id="{how.break_after}" min="0" '
        'max="16383" man="1"/></rowBreaks>'
        if how.break_after is not None
        else ""
    )
    parts = "".join(f'<tablePart r:id="rId{n}"/>' for n in range(1, len(tables) + 1))
    xml = (
        f'<worksheet xmlns="{NS}" xmlns:r="{NS_R}"><sheetPr>'
        '<outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="{dimension}"/><sheetViews><sheetView workbookViewId="0">{view}'
        '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + data
        + f'<pageMargins left="{margin}" right="{margin}" top="1" bottom="1" header="0.5" '
        'footer="0.5"/>'
        f'<pageSetup orientation="{orientation}" paperSize="9" fitToHeight="0" '
        f'fitToWidth="{wide}" pageOrder="overThenDown"/>'
        f"<headerFooter><oddFooter>{escape('&C' + xlsx.FOOTER)}</oddFooter></headerFooter>"
        + breaks
        + (f'<tableParts count="{len(tables)}">{parts}</tableParts>' if tables else "")
        + "</worksheet>"
    )
    quoted = "'" + content.sheet.replace("'", "''") + "'"
    names = []
    if how.title_rows:
        top, bottom = how.title_rows.split(":")
        names.append(("_xlnm.Print_Titles", f"{quoted}!${top}:${bottom}"))
    first, last = how.area.split(":")
    (r1, c1), (r2, c2) = coordinate_to_tuple(first), coordinate_to_tuple(last)
    names.append(("_xlnm.Print_Area", f"{quoted}!${letters(c1)}${r1}:${letters(c2)}${r2}"))
    return xml.encode(), tables, names


def meta_sheet(meta: Mapping[str, Any]) -> bytes:
    """The bookkeeping sheet: one JSON text per key (`meta.meta_rows`), as rows of cells."""
    rows = []
    last_row = 0
    for r, values in enumerate(meta_rows(meta), start=1):
        cells = "".join(
            cell_xml("", f"{letters(c)}{r}", 0, v, False) for c, v in enumerate(values, start=1)
        )
        rows.append(f'<row r="{r}">{cells}</row>')
        last_row = r
    return (
        f'<worksheet xmlns="{NS}"><dimension ref="A1:C{max(last_row, 1)}"/>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


# --- the scratch package ----------------------------------------------------------------------


def scratch(
    owned: Mapping[str, SheetContent],
    meta: Mapping[str, Any] | None,
    notes: list[str] | None = None,
) -> bytes:
    """An xlsx package holding these sheets (and the bookkeeping sheet, when given), for
    `parts.PartWriter` to transplant."""
    styles = _Styles()
    parts: dict[str, bytes] = {}
    sheets: list[tuple[str, str, str | None]] = []  # name, part, state
    names: list[str] = []
    tables = 0
    for content in owned.values():
        n = len(sheets) + 1
        xml, table_xml, local = owned_sheet(content, styles, tables + 1, notes)
        part = f"xl/worksheets/sheet{n}.xml"
        parts[part] = xml
        rels = []
        for k, data in enumerate(table_xml, start=1):
            tables += 1
            parts[f"xl/tables/table{tables}.xml"] = data
            rels.append(
                f'<Relationship Id="rId{k}" Type="{REL}/table" '
                f'Target="/xl/tables/table{tables}.xml"/>'
            )
        if rels:
            parts[f"xl/worksheets/_rels/sheet{n}.xml.rels"] = _rels("".join(rels))
        names += [
            f"<definedName name={quoteattr(nm)} localSheetId={quoteattr(str(n - 1))}>"
            f"{escape(text)}</definedName>"
            for nm, text in local
        ]
        sheets.append((content.sheet, part, None))
    if meta is not None:
        part = f"xl/worksheets/sheet{len(sheets) + 1}.xml"
        parts[part] = meta_sheet(meta)
        sheets.append((META_SHEET, part, "veryHidden"))
    parts["xl/styles.xml"] = styles.xml()
    return _package(parts, sheets, names)


def _rels(body: str) -> bytes:
    return (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    ).encode()


def _package(
    parts: dict[str, bytes], sheets: list[tuple[str, str, str | None]], names: list[str]
) -> bytes:
    sheet_els = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}"'
        + (f' state="{state}"' if state else "")
        + f' r:id="rId{i}"/>'
        for i, (name, _, state) in enumerate(sheets, start=1)
    )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    workbook = (
        f'<workbook xmlns="{NS}" xmlns:r="{NS_R}"><workbookPr/><sheets>{sheet_els}</sheets>'
        f"{defined}</workbook>"
    ).encode()
    wb_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="/{part}"/>'
        for i, (_, part, _) in enumerate(sheets, start=1)
    )
    wb_rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{CT}.{kind}+xml"/>'
        for name in parts
        for kind in [_kind(name)]
        if kind
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f"{overrides}</Types>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr(
            "_rels/.rels",
            _rels(
                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            ),
        )
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", _rels(wb_rels))
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _kind(part: str) -> str | None:
    if part.startswith("xl/worksheets/") and part.endswith(".xml"):
        return "worksheet"
    if part.startswith("xl/tables/"):
        return "table"
    if part == "xl/styles.xml":
        return "styles"
    return None
