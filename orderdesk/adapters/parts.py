"""Saving a register by parts: rewrite what the action changed, copy the rest byte for byte.

An xlsx file is a zip of XML parts. An action changes a column of one sheet, a few highlights,
and one of OrderDesk's own sheets; every other part — the user's other sheets, charts, pivot
tables, images, VBA, Power Query, Excel's extensions — is copied into the new file as the
compressed bytes it was (no inflating, no recompressing), so it survives *by construction*.

What is rewritten, and how:
- a user sheet with edited cells: streamed row by row (`sheet_xml.rewrite`), untouched rows
  passed on as bytes;
- its table definitions (the `ref` grows with appended rows, a column is added) and
  `styles.xml` (a number format or a mark's fill needs a cell style the workbook lacks): small
  parts, parsed whole;
- OrderDesk's own sheets (Issues, Scorecard, KPI, a table's sheet an older register lacks, the
  hidden `_OrderDesk` bookkeeping sheet): written into a scratch package (straight as XML by
  `owned_xml`; a sheet with charts and a new table's sheet drawn with openpyxl exactly as the
  openpyxl writer draws them), then transplanted — the sheet with its tables, drawing and
  charts, under free part names, with the cell styles they use merged into the workbook's;
- `workbook.xml`, its relationships and `[Content_Types].xml` when a sheet or a part is added
  or removed, or when the transplanted sheet brings its print titles (a sheet-local name).

The lock, the compare-and-swap, the backup and the atomic rename are `replace_workbook`'s, as
for any writer: this module only makes the bytes of the new file.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from orderdesk.adapters import sheet_xml
from orderdesk.adapters.edits import Cell, SheetEdits, TableGrowth, column_number
from orderdesk.ports import RegisterError

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMPRESS_LEVEL = 1  # rewritten parts: deflate's fastest level (a few % larger, 3-4x faster)

# The user's file: no entities, no network, no huge trees from a hostile part.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name (relative to the source part's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


# --- the package -------------------------------------------------------------------------------


class Package:
    """The parts of one xlsx file, read on demand, and the parts a save replaces or adds."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = list(zf.namelist())
        self.new: dict[str, bytes] = {}  # part → its new bytes (replaced or added)
        self.deleted: set[str] = set()
        self._trees: dict[str, etree._Element] = {}

    def exists(self, part: str) -> bool:
        return part not in self.deleted and (part in self.new or part in self.names)

    def read(self, part: str) -> bytes:
        if part in self.new:
            return self.new[part]
        return self.zf.read(part)

    def tree(self, part: str) -> etree._Element:
        """A small part as a tree, kept and written back by `flush()`."""
        if part not in self._trees:
            self._trees[part] = parse(self.read(part))
        return self._trees[part]

    def put(self, part: str, data: bytes) -> None:
        self.new[part] = data
        self.deleted.discard(part)
        self._trees.pop(part, None)

    def delete(self, part: str) -> None:
        self.deleted.add(part)
        self.new.pop(part, None)
        self._trees.pop(part, None)

    def flush(self) -> None:
        """Trees that were changed become the parts' new bytes (an unchanged one is left as
        the bytes it was)."""
        for part, root in self._trees.items():
            data = serialise(root)
            if (
                part in self.new
                or part not in self.names
                or data != serialise(parse(self.zf.read(part)))
            ):
                self.new[part] = data
        self._trees.clear()

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, type, target part) of a part's internal relationships."""
        name = rels_name(part)
        if not self.exists(name):
            return []
        out = []
        for rel in self.tree(name).iter(_q(NS_REL, "Relationship")):
            if rel.get("TargetMode") == "External":
                continue
            out.append(
                (rel.get("Id", ""), rel.get("Type", ""), resolve(part, rel.get("Target", "")))
            )
        return out

    def free_name(self, template: str) -> str:
        """A part name like `xl/tables/table{}.xml` that no part has."""
        n = 1
        while self.exists(template.format(n)):
            n += 1
        return template.format(n)

    def all_names(self) -> list[str]:
        return [n for n in self.names if n not in self.deleted] + [
            n for n in self.new if n not in self.names
        ]


class Workbook:
    """workbook.xml, its relationships and the content types: sheets by name."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.root = pkg.tree("xl/workbook.xml")
        self.ns = etree.QName(self.root).namespace or NS_MAIN
        self.rels_part = "xl/_rels/workbook.xml.rels"
        self.rels = pkg.tree(self.rels_part)
        self.types = pkg.tree("[Content_Types].xml")
        pr = self.root.find(_q(self.ns, "workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")

    def sheet_elements(self) -> list[etree._Element]:
        sheets = self.root.find(_q(self.ns, "sheets"))
        return [] if sheets is None else list(sheets.iter(_q(self.ns, "sheet")))

    def _targets(self) -> dict[str, str]:
        return {
            rel.get("Id", ""): resolve("xl/workbook.xml", rel.get("Target", ""))
            for rel in self.rels.iter(_q(NS_REL, "Relationship"))
        }

    def sheets(self) -> dict[str, str]:
        """Sheet name → worksheet part."""
        targets = self._targets()
        return {
            el.get("name", ""): targets.get(el.get(_q(NS_R, "id"), ""), "")
            for el in self.sheet_elements()
        }

    def index(self, name: str) -> int:
        return [el.get("name") for el in self.sheet_elements()].index(name)

    def add_sheet(self, name: str, part: str, position: int, state: str | None) -> None:
        """A new sheet at `position` (later sheets move up one: their local names and the
        active tab follow)."""
        ids = {rel.get("Id") for rel in self.rels.iter(_q(NS_REL, "Relationship"))}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        rel = etree.SubElement(self.rels, _q(NS_REL, "Relationship"))
        rel.set("Id", rid)
        rel.set("Type", REL_WORKSHEET)
        rel.set("Target", "/" + part)
        sheets = self.root.find(_q(self.ns, "sheets"))
        assert sheets is not None
        used = [int(el.get("sheetId", "0")) for el in self.sheet_elements()]
        el = etree.Element(_q(self.ns, "sheet"))
        el.set("name", name)
        el.set("sheetId", str(max(used, default=0) + 1))
        if state and state != "visible":
            el.set("state", state)
        el.set(_q(NS_R, "id"), rid)
        sheets.insert(position, el)
        for dn in self._defined_names():
            local = dn.get("localSheetId")
            if local is not None and int(local) >= position:
                dn.set("localSheetId", str(int(local) + 1))
        views = self.root.find(_q(self.ns, "bookViews"))
        if views is not None:
            for view in views:
                for attr in ("activeTab", "firstSheet"):
                    v = view.get(attr)
                    if v is not None and int(v) >= position and len(used) > position:
                        view.set(attr, str(int(v) + 1))
        self.set_type(part, CT_WORKSHEET)

    def _defined_names(self) -> list[etree._Element]:
        names = self.root.find(_q(self.ns, "definedNames"))
        return [] if names is None else list(names)

    def replace_local_names(self, sheet_index: int, names: Iterable[tuple[str, str]]) -> None:
        """The sheet's own names (print titles, print area) become exactly `names`."""
        container = self.root.find(_q(self.ns, "definedNames"))
        for dn in self._defined_names():
            if dn.get("localSheetId") == str(sheet_index) and (dn.get("name") or "").startswith(
                "_xlnm."
            ):
                dn.getparent().remove(dn)
        names = list(names)
        if not names:
            return
        if container is None:
            container = etree.Element(_q(self.ns, "definedNames"))
            sheets = self.root.find(_q(self.ns, "sheets"))
            assert sheets is not None
            sheets.addnext(container)
        for name, text in names:
            dn = etree.SubElement(container, _q(self.ns, "definedName"))
            dn.set("name", name)
            dn.set("localSheetId", str(sheet_index))
            dn.text = text

    def set_type(self, part: str, content_type: str) -> None:
        name = "/" + part
        for el in self.types.iter(_q(NS_CT, "Override")):
            if el.get("PartName") == name:
                el.set("ContentType", content_type)
                return
        el = etree.SubElement(self.types, _q(NS_CT, "Override"))
        el.set("PartName", name)
        el.set("ContentType", content_type)

    def drop_type(self, part: str) -> None:
        name = "/" + part
        for el in list(self.types.iter(_q(NS_CT, "Override"))):
            if el.get("PartName") == name:
                self.types.remove(el)


def content_type(types: etree._Element, part: str) -> str | None:
    for el in types.iter(_q(NS_CT, "Override")):
        if el.get("PartName") == "/" + part:
            return el.get("ContentType")
    ext = part.rsplit(".", 1)[-1].lower()
    for el in types.iter(_q(NS_CT, "Default")):
        if (el.get("Extension") or "").lower() == ext:
            return el.get("ContentType")
    return None


# --- cell styles --------------------------------------------------------------------------------


def _key(el: etree._Element) -> tuple[Any, ...]:
    """An element's identity regardless of namespace prefixes."""
    return (
        etree.QName(el).localname,
        tuple(sorted((etree.QName(k).localname, v) for k, v in el.attrib.items())),
        tuple(_key(c) for c in el if isinstance(c.tag, str)),
    )


def _retag(el: Any, ns: str) -> etree._Element:
    """A copy of an element (lxml, or the ElementTree openpyxl makes) in namespace `ns`."""
    tag = el.tag.rsplit("}", 1)[-1]
    out = etree.Element(_q(ns, tag))
    for k, v in el.attrib.items():
        out.set(k, v)
    out.text = el.text
    for child in el:
        if isinstance(child.tag, str):
            out.append(_retag(child, ns))
    return out


_APPLY = {"numFmtId": "applyNumberFormat", "fontId": "applyFont", "fillId": "applyFill"}


class Styles:
    """styles.xml: find or add the cell style a write needs. Small: parsed whole."""

    def __init__(self, pkg: Package, part: str = "xl/styles.xml") -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        self.pkg = pkg
        self.part = part
        self.root = pkg.tree(part)
        self.ns = etree.QName(self.root).namespace or NS_MAIN
        self.builtin = BUILTIN_FORMATS
        self._builtin_ids = {code: i for i, code in BUILTIN_FORMATS.items()}
        self.xfs = self._list("cellXfs", "xf")
        self.fonts = self._list("fonts", "font")
        self.fills = self._list("fills", "fill")
        self.borders = self._list("borders", "border")
        self._xf_index: dict[tuple[Any, ...], int] | None = None
        self._derived: dict[tuple[int, Any], int] = {}
        self.changed = False

    def _container(self, name: str) -> etree._Element:
        el = self.root.find(_q(self.ns, name))
        if el is None:
            el = etree.Element(_q(self.ns, name))
            order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs"]
            before = [self.root.find(_q(self.ns, n)) for n in order[: order.index(name)]]
            before = [b for b in before if b is not None]
            if before:
                before[-1].addnext(el)
            else:
                self.root.insert(0, el)
        return el

    def _list(self, container: str, tag: str) -> list[etree._Element]:
        el = self.root.find(_q(self.ns, container))
        return [] if el is None else [c for c in el if etree.QName(c).localname == tag]

    # numbers formats
    def format_code(self, num_fmt_id: int) -> str:
        for el in self._list("numFmts", "numFmt"):
            if el.get("numFmtId") == str(num_fmt_id):
                return el.get("formatCode", "General")
        return self.builtin.get(num_fmt_id, "General")

    def format_id(self, code: str) -> int:
        if code in self._builtin_ids:
            return self._builtin_ids[code]
        fmts = self._list("numFmts", "numFmt")
        for el in fmts:
            if el.get("formatCode") == code:
                return int(el.get("numFmtId", "0"))
        new = max([163, *(int(el.get("numFmtId", "0")) for el in fmts)]) + 1
        container = self._container("numFmts")
        el = etree.SubElement(container, _q(self.ns, "numFmt"))
        el.set("numFmtId", str(new))
        el.set("formatCode", code)
        container.set("count", str(len(container)))
        self.changed = True
        return new

    def _find_or_add(self, items: list[etree._Element], container: str, el: etree._Element) -> int:
        key = _key(el)
        for i, have in enumerate(items):
            if _key(have) == key:
                return i
        box = self._container(container)
        box.append(el)
        box.set("count", str(len(box)))
        items.append(el)
        self.changed = True
        return len(items) - 1

    def font_id(self, font: Any) -> int:
        return self._find_or_add(self.fonts, "fonts", _retag(font, self.ns))

    def fill_id(self, fill: Any) -> int:
        return self._find_or_add(self.fills, "fills", _retag(fill, self.ns))

    def border_id(self, border: Any) -> int:
        return self._find_or_add(self.borders, "borders", _retag(border, self.ns))

    def xf_id(self, xf: etree._Element) -> int:
        if self._xf_index is None:
            self._xf_index = {}
            for i, have in enumerate(self.xfs):
                self._xf_index.setdefault(_key(have), i)
        key = _key(xf)
        if key in self._xf_index:
            return self._xf_index[key]
        box = self._container("cellXfs")
        box.append(xf)
        box.set("count", str(len(box)))
        self.xfs.append(xf)
        self._xf_index[key] = len(self.xfs) - 1
        self.changed = True
        return len(self.xfs) - 1

    def _base(self, s: int) -> etree._Element:
        if 0 <= s < len(self.xfs):
            return copy.deepcopy(self.xfs[s])
        xf = etree.Element(_q(self.ns, "xf"))
        for k in ("numFmtId", "fontId", "fillId", "borderId", "xfId"):
            xf.set(k, "0")
        return xf

    def derive(self, s: int, change: StyleChange) -> int:
        """The style of a cell styled `s` after `change` (found, or added once)."""
        cached = self._derived.get((s, change))
        if cached is not None:
            return cached
        xf = self._base(s)
        if change.number_format is not None:
            xf.set("numFmtId", str(self.format_id(change.number_format)))
            xf.set("applyNumberFormat", "1")
        if change.quoted:
            xf.set("quotePrefix", "1")
        if change.font is not None:
            xf.set("fontId", str(self.font_id(change.font)))
            xf.set("applyFont", "1")
        if change.fill is not None:
            xf.set("fillId", str(self.fill_id(change.fill)))
            xf.set("applyFill", "1")
        new = self.xf_id(xf)
        self._derived[(s, change)] = new
        return new

    def fill_of(self, s: int) -> dict[str, Any] | None:
        """A cell's fill in the meta sheet's format (as `openpyxl_save.fill_record` makes it)."""
        if not 0 <= s < len(self.xfs):
            return None
        fill_id = int(self.xfs[s].get("fillId", "0"))
        if not 0 <= fill_id < len(self.fills):
            return None
        pattern = self.fills[fill_id].find(_q(self.ns, "patternFill"))
        if pattern is None:
            return None
        kind = pattern.get("patternType")
        if kind in (None, "none"):
            return None
        fg = pattern.find(_q(self.ns, "fgColor"))
        theme = fg.get("theme") if fg is not None else None
        rgb = fg.get("rgb") if fg is not None else None
        tint = float(fg.get("tint", "0")) if fg is not None else 0.0
        return {
            "type": kind,
            "rgb": rgb if theme is None else None,
            "theme": int(theme) if theme is not None else None,
            "tint": tint,
        }

    def import_xf(self, other: Styles, s: int) -> int:
        """The style `s` of another workbook's styles, as a style of this one."""
        cached = self._derived.get((s, id(other)))
        if cached is not None:
            return cached
        src = other._base(s)
        xf = etree.Element(_q(self.ns, "xf"))
        for k, v in src.attrib.items():
            xf.set(k, v)
        xf.set("xfId", "0")
        xf.set("numFmtId", str(self.format_id(other.format_code(int(src.get("numFmtId", "0"))))))
        for attr, items, add in (
            ("fontId", other.fonts, self.font_id),
            ("fillId", other.fills, self.fill_id),
            ("borderId", other.borders, self.border_id),
        ):
            i = int(src.get(attr, "0"))
            if 0 <= i < len(items):
                xf.set(attr, str(add(items[i])))
        for child in src:
            if isinstance(child.tag, str):
                xf.append(_retag(child, self.ns))
        new = self.xf_id(xf)
        self._derived[(s, id(other))] = new
        return new


@dataclass(frozen=True)
class StyleChange:
    """What a write changes in a cell's style (None: leave it)."""

    number_format: str | None = None
    quoted: bool = False
    font: Any = None  # an element (openpyxl's `Font.to_tree()`)
    fill: Any = None  # an element (openpyxl's `PatternFill.to_tree()`)

    def __hash__(self) -> int:
        return hash(
            (
                self.number_format,
                self.quoted,
                None if self.font is None else _key_any(self.font),
                None if self.fill is None else _key_any(self.fill),
            )
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StyleChange) and hash(self) == hash(other)


def _key_any(el: Any) -> tuple[Any, ...]:
    return (
        el.tag.rsplit("}", 1)[-1],
        tuple(sorted(el.attrib.items())),
        tuple(_key_any(c) for c in el),
    )


# --- styles of existing cells (for marks) -------------------------------------------------------


def cell_styles(zf: zipfile.ZipFile, part: str, cells: Iterable[Cell]) -> dict[Cell, int]:
    """The style index of these cells of a worksheet part (0 where a cell has none), read as
    a stream: only the rows holding them are looked at."""
    wanted: dict[int, set[int]] = {}
    for r, c in cells:
        wanted.setdefault(r, set()).add(c)
    found: dict[Cell, int] = {}
    if not wanted:
        return found
    patch = sheet_xml.SheetPatch()

    class Probe(sheet_xml._Rows):
        """Reads the style of the wanted cells; adds and passes on nothing."""

        def __init__(self, patch: sheet_xml.SheetPatch, prefix: bytes) -> None:
            super().__init__(patch, prefix)
            self.pending = []

        def _row(self, number: int, attrs: bytes, inner: bytes) -> bytes:
            col = 0
            for m in self.cell_re.finditer(inner):
                ref = sheet_xml._R.search(m[1])
                col = column_number(ref[1].decode()) if ref and ref[1] else col + 1
                if col in wanted[number]:
                    s = sheet_xml._S.search(m[1])
                    found[(number, col)] = int(s[1]) if s else 0
            return b""

    patch.cells = {r: dict.fromkeys(cs, sheet_xml.KEEP) for r, cs in wanted.items()}
    with zf.open(part) as fh:
        sheet_xml.rewrite(fh.read, lambda _: None, patch, Probe)
    return {cell: found.get(cell, 0) for r, cs in wanted.items() for cell in ((r, c) for c in cs)}


# --- writing the new package ---------------------------------------------------------------------


@dataclass
class Transplant:
    """A sheet made in a scratch workbook, to go into the register (replacing one of the same
    name, or added)."""

    name: str
    position: int | None = None  # where a new sheet goes (None: before the bookkeeping sheet)


@dataclass
class PartPlan:
    """Everything one save rewrites."""

    edits: Mapping[str, SheetEdits] = field(default_factory=dict)  # user sheet → its edits
    # xlsx packages holding the sheets OrderDesk writes whole (`owned_xml.scratch`, and
    # `openpyxl_save.scratch` for sheets with charts and a new table's sheet)
    scratches: list[bytes] = field(default_factory=list)
    transplants: list[Transplant] = field(default_factory=list)
    header_font: Any = None
    header_fills: tuple[Any, Any] = (None, None)  # (owned, user) header fills
    bulk: Mapping[str, Bulk] = field(default_factory=dict)  # sheet → rows after its table's
    pivots: Any = None  # a `pivot_parts.PivotSheet` to add (issue 25), after the tables grew


@dataclass
class Bulk:
    """Rows for a table with no rows yet (a new register): each column's values and number
    format, from `first_row` on, the table growing over them."""

    table: TableGrowth
    columns: list[tuple[int, list[Any], str, bool]]  # sheet column, values, format, text column
    first_row: int


class PartWriter:
    """Writes the new package for one save of `src` (see the module docstring)."""

    def __init__(self, src: Path | IO[bytes], plan: PartPlan) -> None:
        self.src = src
        self.plan = plan

    def write(self, dst: Path) -> None:
        with zipfile.ZipFile(self.src) as zf:
            pkg = Package(zf)
            book = Workbook(pkg)
            styles_part = _styles_part(pkg)
            styles = Styles(pkg, styles_part)
            if self.plan.scratches:
                _transplant_all(pkg, book, styles, self.plan)
            sheets = book.sheets()
            streamed: dict[str, sheet_xml.SheetPatch] = {}
            for sheet, bulk in self.plan.bulk.items():
                part = sheets[sheet]
                streamed[part] = _bulk_patch(bulk, styles, book.date1904)
                _grow_tables(pkg, part, [bulk.table])
            for sheet, edits in self.plan.edits.items():
                if not edits:
                    continue
                found = sheets.get(sheet)
                if not found:
                    raise RegisterError(f"the workbook has no sheet '{sheet}'")
                part = found
                streamed[part] = self._sheet_patch(pkg, part, edits, styles, book.date1904)
                _grow_tables(pkg, part, edits.tables.values())
            if self.plan.pivots is not None:
                from orderdesk.adapters.pivot_parts import add_pivot_sheet

                add_pivot_sheet(pkg, book, self.plan.pivots)
            with open(dst, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out:
                _write_package(zf, pkg, out, streamed)

    def _sheet_patch(
        self, pkg: Package, part: str, edits: SheetEdits, styles: Styles, date1904: bool
    ) -> sheet_xml.SheetPatch:
        from openpyxl.styles import PatternFill

        from orderdesk.adapters.openpyxl_save import fill_from

        owned_fill, user_fill = self.plan.header_fills

        def restyle(s: int, cell: Cell) -> int:
            fmt = edits.formats.get(cell)
            quoted = cell in edits.quoted
            font = fill = None
            if cell in edits.headers:
                font = self.plan.header_font
                fill = owned_fill if edits.headers[cell] else user_fill
            if cell in edits.fills:
                made = fill_from(edits.fills[cell])
                fill = (made if made is not None else PatternFill(fill_type=None)).to_tree()
            if fmt is None and not quoted and font is None and fill is None:
                return s
            return styles.derive(s, StyleChange(fmt, quoted, font, fill))

        styled = set(edits.formats) | set(edits.fills) | set(edits.headers) | edits.quoted
        return sheet_xml.SheetPatch.of(
            edits.values,
            styled,
            restyle,
            widths=dict(edits.widths),
            tables=list(edits.tables.values()),
            quoted=set(edits.quoted),
            date1904=date1904,
        )


def _bulk_patch(bulk: Bulk, styles: Styles, date1904: bool) -> sheet_xml.SheetPatch:
    columns = []
    for col, values, fmt, text in bulk.columns:
        style = styles.derive(0, StyleChange(fmt))
        quoted = styles.derive(0, StyleChange(fmt, quoted=True)) if text else None
        columns.append(sheet_xml.Column(col, values, style, quoted))
    return sheet_xml.SheetPatch(
        tables=[bulk.table],
        date1904=date1904,
        tail=sheet_xml.bulk_rows("", columns, bulk.first_row, date1904),
    )


def _styles_part(pkg: Package) -> str:
    for _, kind, target in pkg.rels("xl/workbook.xml"):
        if kind.endswith("/styles"):
            return target
    return "xl/styles.xml"


def table_parts(pkg: Package, sheet_part: str) -> list[str]:
    return [t for _, kind, t in pkg.rels(sheet_part) if kind.endswith("/table")]


def _grow_tables(pkg: Package, sheet_part: str, growths: Iterable[TableGrowth]) -> None:
    """A table's ref reaches its new last row; added columns join it at its right end."""
    growths = list(growths)
    if not growths:
        return
    for part in table_parts(pkg, sheet_part):
        root = pkg.tree(part)
        ns = etree.QName(root).namespace or NS_MAIN
        names = {root.get("name"), root.get("displayName")}
        for g in growths:
            if g.name not in names:
                continue
            ref = root.get("ref", "")
            m = re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)$", ref)
            if m is None:
                continue
            last_col = column_number(m[3])
            last_row = int(m[4])
            columns = root.find(_q(ns, "tableColumns"))
            for col, header in g.added:
                if columns is not None:
                    ids = [int(c.get("id", "0")) for c in columns]
                    el = etree.SubElement(columns, _q(ns, "tableColumn"))
                    el.set("id", str(max(ids, default=0) + 1))
                    el.set("name", header)
                    columns.set("count", str(len(columns)))
                last_col = max(last_col, col)
            new = f"{m[1]}{m[2]}:{sheet_xml.letters(last_col)}{max(last_row, g.last_row)}"
            if new != ref:
                root.set("ref", new)
                auto = root.find(_q(ns, "autoFilter"))
                if auto is not None:
                    auto.set("ref", new)


def _write_package(
    zf: zipfile.ZipFile,
    pkg: Package,
    out: zipfile.ZipFile,
    streamed: Mapping[str, sheet_xml.SheetPatch],
) -> None:
    """Every part into `out`: the streamed sheets first (their cells may need new styles), the
    parts parsed whole after them (styles.xml then has every style the sheets use), the rest
    copied as their compressed bytes (no inflating, no deflating), in the package's order."""
    raw = _RawCopier(zf, out)
    epoch = (1980, 1, 1, 0, 0, 0)
    for name, patch in streamed.items():
        info = zf.NameToInfo.get(name)
        if info is not None and name not in pkg.new:
            with zf.open(info) as source:
                _stream(source, out, name, info.date_time, patch, big=info.file_size > 1 << 30)
        else:
            when = info.date_time if info is not None else epoch
            _stream(io.BytesIO(pkg.new[name]), out, name, when, patch)
    pkg.flush()
    for info in zf.infolist():
        name = info.filename
        if name in pkg.deleted or name in streamed:
            continue
        if name in pkg.new:
            _put(out, name, pkg.new[name], info.date_time)
        else:
            raw.copy(info)
    for name, data in pkg.new.items():
        if name not in zf.NameToInfo and name not in streamed:
            _put(out, name, data, epoch)


def _put(out: zipfile.ZipFile, name: str, data: bytes, date_time: Any) -> None:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    out.writestr(info, data, compresslevel=6)


def _stream(
    source: IO[bytes],
    out: zipfile.ZipFile,
    name: str,
    date_time: Any,
    patch: sheet_xml.SheetPatch,
    big: bool = False,
) -> None:
    target = zipfile.ZipInfo(name, date_time=date_time)
    target.compress_type = zipfile.ZIP_DEFLATED
    target._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]
    with out.open(target, "w", force_zip64=big) as sink:
        pending: list[bytes] = []
        size = 0

        def write(data: bytes) -> None:
            nonlocal size
            if not data:
                return
            pending.append(data)
            size += len(data)
            if size >= 1 << 20:
                sink.write(b"".join(pending))
                pending.clear()
                size = 0

        sheet_xml.rewrite(source.read, write, patch)
        sink.write(b"".join(pending))


class _RawCopier:
    """Copies an entry of one zip into another as its stored bytes: the local header, the
    compressed data and any data descriptor, byte for byte; only its offset in the new central
    directory differs. (zipfile has no public call for this; it is the documented layout of
    PKWARE's APPNOTE, and the entries are then listed by zipfile's own central directory.)"""

    def __init__(self, src: zipfile.ZipFile, out: zipfile.ZipFile) -> None:
        self.src = src
        self.out = out
        assert src.fp is not None
        offsets = sorted({i.header_offset for i in src.infolist()})
        self.ends: dict[int, int] = {}
        end_of_entries = src.start_dir
        for a, b in zip(offsets, [*offsets[1:], end_of_entries], strict=True):
            self.ends[a] = b

    def copy(self, info: zipfile.ZipInfo) -> None:
        src_fp, out_fp = self.src.fp, self.out.fp
        assert src_fp is not None and out_fp is not None
        length = self.ends[info.header_offset] - info.header_offset
        out = self.out
        new = copy.copy(info)
        out_fp.seek(out.start_dir)
        new.header_offset = out_fp.tell()
        src_fp.seek(info.header_offset)
        remaining = length
        while remaining:
            chunk = src_fp.read(min(remaining, 1 << 20))
            if not chunk:
                raise RegisterError(f"the part {info.filename} ends early in the workbook")
            out_fp.write(chunk)
            remaining -= len(chunk)
        out.filelist.append(new)
        out.NameToInfo[new.filename] = new
        out.start_dir = out_fp.tell()
        out._didModify = True  # type: ignore[attr-defined]


# --- OrderDesk's own sheets, transplanted from a scratch workbook ---------------------------------


def _related(pkg: Package, part: str, seen: set[str] | None = None) -> list[str]:
    """A part's related parts, recursively (their rels parts included)."""
    seen = set() if seen is None else seen
    out: list[str] = []
    rels = rels_name(part)
    if pkg.exists(rels) and rels not in seen:
        seen.add(rels)
        out.append(rels)
    for _, _, target in pkg.rels(part):
        if target in seen or not pkg.exists(target):
            continue
        seen.add(target)
        out.append(target)
        out.extend(_related(pkg, target, seen))
    return out


_NAME_TEMPLATES = (
    (re.compile(r"^xl/tables/table\d+\.xml$"), "xl/tables/table{}.xml"),
    (re.compile(r"^xl/drawings/drawing\d+\.xml$"), "xl/drawings/drawing{}.xml"),
    (re.compile(r"^xl/charts/chart\d+\.xml$"), "xl/charts/chart{}.xml"),
    (re.compile(r"^xl/charts/style\d+\.xml$"), "xl/charts/style{}.xml"),
    (re.compile(r"^xl/charts/colors\d+\.xml$"), "xl/charts/colors{}.xml"),
    (re.compile(r"^xl/printerSettings/printerSettings\d+\.bin$"), "xl/printerSettings/printerSettings{}.bin"),
    (re.compile(r"^xl/media/image\d+\.(\w+)$"), "xl/media/image{}.{ext}"),
)  # fmt: skip


def _new_name(pkg: Package, scratch_name: str) -> str:
    for pattern, template in _NAME_TEMPLATES:
        m = pattern.match(scratch_name)
        if m:
            ext = m.group(1) if m.groups() else ""
            return pkg.free_name(template.replace("{ext}", ext))
    folder, name = posixpath.split(scratch_name)
    stem, _, ext = name.rpartition(".")
    return pkg.free_name(f"{folder}/{stem}_od{{}}.{ext}")


def _referenced_elsewhere(pkg: Package, parts: set[str], leaving: set[str]) -> set[str]:
    """Of `parts`, those a relationship from outside `leaving` still points at (an image the
    user's own sheet shows too stays)."""
    kept: set[str] = set()
    for name in pkg.all_names():
        if not name.endswith(".rels") or name in leaving:
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")])
        if source in leaving:
            continue
        kept |= {target for _, _, target in pkg.rels(source) if target in parts}
    return kept


@dataclass
class _Scratch:
    """One scratch package, opened: its parts, sheets, styles and sheet-local names."""

    pkg: Package
    book: Workbook
    styles: Styles
    parts: dict[str, str]
    names: list[str]
    local_names: dict[str, list[tuple[str, str]]]

    @classmethod
    def open(cls, data: bytes) -> _Scratch:
        spkg = Package(zipfile.ZipFile(io.BytesIO(data)))
        sbook = Workbook(spkg)
        snames = [el.get("name", "") for el in sbook.sheet_elements()]
        return cls(
            spkg,
            sbook,
            Styles(spkg, _styles_part(spkg)),
            sbook.sheets(),
            snames,
            _local_names(sbook, snames),
        )


def _transplant_all(pkg: Package, book: Workbook, styles: Styles, plan: PartPlan) -> None:
    """Every sheet of `plan.transplants`, in order, from the scratch package that holds it."""
    scratches = [_Scratch.open(data) for data in plan.scratches]
    table_ids = _table_ids(pkg)
    try:
        for t in plan.transplants:
            s = next((s for s in scratches if t.name in s.parts), None)
            if s is None:
                raise RegisterError(f"no scratch package holds the sheet '{t.name}'")
            el = s.book.sheet_elements()[s.names.index(t.name)]
            _transplant(pkg, book, styles, s.pkg, s.styles, s.parts[t.name], t, el, table_ids)
            book.replace_local_names(book.index(t.name), s.local_names.get(t.name, []))
    finally:
        for s in scratches:
            s.pkg.zf.close()


def _local_names(sbook: Workbook, snames: list[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for dn in sbook._defined_names():
        local = dn.get("localSheetId")
        if local is not None and int(local) < len(snames):
            out.setdefault(snames[int(local)], []).append((dn.get("name", ""), dn.text or ""))
    return out


def _table_ids(pkg: Package) -> set[int]:
    ids = set()
    for name in pkg.all_names():
        if name.startswith("xl/tables/") and name.endswith(".xml"):
            m = re.search(rb'<(?:\w+:)?table\b[^>]*?\bid="(\d+)"', pkg.read(name)[:2000])
            if m:
                ids.add(int(m[1]))
    return ids


_STYLE_ATTR = re.compile(rb'(<(?:[\w.-]+:)?(?:c|row|col)\b[^>]*?\b(?:s|style)=")(\d+)(")')


def _transplant(
    pkg: Package,
    book: Workbook,
    styles: Styles,
    spkg: Package,
    sstyles: Styles,
    spart: str,
    t: Transplant,
    sheet_el: etree._Element,
    table_ids: set[int],
) -> None:
    part = _sheet_part_for(pkg, book, t, sheet_el)
    # the related parts under free names, then the sheet with its styles mapped
    renamed: dict[str, str] = {}
    related = [p for p in _related(spkg, spart) if not p.endswith(".rels")]
    for sp in related:
        renamed[sp] = _new_name(pkg, sp)
        pkg.put(renamed[sp], b"")  # reserve the name
    for sp in [spart, *related]:
        target = part if sp == spart else renamed[sp]
        pkg.put(target, _part_data(spkg, sp, sp == spart, styles, sstyles, table_ids))
        if sp != spart:
            ctype = content_type(spkg.tree("[Content_Types].xml"), sp)
            if ctype:
                book.set_type(target, ctype)
        _copy_rels(pkg, spkg, sp, target, renamed)
    book.set_type(part, CT_WORKSHEET)
    for el in book.sheet_elements():
        if el.get("name") == t.name and sheet_el.get("state") == "veryHidden":
            el.set("state", "veryHidden")


def _sheet_part_for(pkg: Package, book: Workbook, t: Transplant, sheet_el: etree._Element) -> str:
    """The worksheet part the transplanted sheet goes into: the old sheet's (its related parts
    dropped, unless something else uses them), or a new sheet's at its position."""
    old_part = book.sheets().get(t.name)
    if old_part:
        leaving = set(_related(pkg, old_part))
        shared = _referenced_elsewhere(pkg, leaving, leaving | {old_part})
        for part in leaving - shared:
            pkg.delete(part)
            book.drop_type(part)
        return old_part
    part = pkg.free_name("xl/worksheets/sheet{}.xml")
    names = [el.get("name") for el in book.sheet_elements()]
    from orderdesk.schema import META_SHEET

    if t.position is not None:
        position = t.position
    elif META_SHEET in names and t.name != META_SHEET:
        position = names.index(META_SHEET)
    else:
        position = len(names)
    book.add_sheet(t.name, part, position, sheet_el.get("state"))
    return part


def _part_data(
    spkg: Package, sp: str, is_sheet: bool, styles: Styles, sstyles: Styles, table_ids: set[int]
) -> bytes:
    """A scratch part's bytes as they go into the register: the sheet's cell styles mapped to
    the register's, a table under a free id."""
    data = spkg.read(sp)
    if is_sheet:
        # split, not sub with a function: thousands of styled cells, a handful of styles
        pieces = _STYLE_ATTR.split(data)  # text, (prefix, index, quote), text, …
        # In the order the cells use them (not a set's, which follows the hash seed): the
        # register's new styles then come in the same order in every process, the same bytes.
        mapped = {
            s: str(styles.import_xf(sstyles, int(s))).encode() for s in dict.fromkeys(pieces[2::4])
        }
        pieces[2::4] = [mapped[s] for s in pieces[2::4]]
        return b"".join(pieces)
    if sp.startswith("xl/tables/"):
        new_id = max(table_ids, default=0) + 1
        table_ids.add(new_id)
        return re.sub(
            rb'(<(?:\w+:)?table\b[^>]*?\bid=")\d+(")', rb"\g<1>%d\2" % new_id, data, count=1
        )
    return data


def _copy_rels(pkg: Package, spkg: Package, sp: str, target: str, renamed: dict[str, str]) -> None:
    """The scratch part's relationships, pointing at the parts' new names."""
    srels = rels_name(sp)
    if spkg.exists(srels):
        root = copy.deepcopy(spkg.tree(srels))
        for rel in root.iter(_q(NS_REL, "Relationship")):
            if rel.get("TargetMode") == "External":
                continue
            tp = resolve(sp, rel.get("Target", ""))
            if tp in renamed:
                rel.set("Target", "/" + renamed[tp])
        pkg.put(rels_name(target), serialise(root))
    elif pkg.exists(rels_name(target)):
        pkg.delete(rels_name(target))
