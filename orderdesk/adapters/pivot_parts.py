"""PivotTables over the register's Excel Tables, written as new package parts (issue 25).

A PivotTable in SpreadsheetML (ECMA-376 Part 1, §18.10) is three parts besides the sheet that
shows it:
- a pivot cache definition (`xl/pivotCache/pivotCacheDefinitionN.xml`), named by the workbook's
  `<pivotCaches>`: its `worksheetSource name=` is the Excel Table's name (so the source grows
  with the table), one `cacheField` per table column in the table's order, and
  `refreshOnLoad="1"`: Excel builds the cache from the table when the workbook opens, so no
  records are stored (an empty `pivotCacheRecords` part stands for them);
- the pivot table definition (`xl/pivotTables/pivotTableN.xml`), related from the sheet and
  relating to its cache: a `pivotField` per cache field (an axis field with only its default
  item, which Excel fills in at the refresh), the row, column and page fields by index, and the
  data fields with their function.

The parts are added once, with a new sheet; afterwards they are never rewritten (the part
writer copies them byte for byte), so a layout the user changed stays theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from orderdesk.adapters import parts as P
from orderdesk.ports import PivotSpec, RegisterError

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = f'xmlns="{P.NS_MAIN}" xmlns:r="{P.NS_R}"'
# Where <pivotCaches> goes in workbook.xml: after these, before the rest (CT_Workbook's order).
_BEFORE_PIVOT_CACHES = (
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
)
STYLE = "PivotStyleMedium2"


def table_columns(pkg: P.Package, book: P.Workbook, table_name: str) -> list[str]:
    """The column names of the Excel Table `table_name`, in the table's order (as the save
    leaves them: columns added by this save included)."""
    for sheet_part in book.sheets().values():
        for part in P.table_parts(pkg, sheet_part):
            root = pkg.tree(part)
            if table_name in (root.get("name"), root.get("displayName")):
                ns = etree.QName(root).namespace or P.NS_MAIN
                return [c.get("name", "") for c in root.iter(f"{{{ns}}}tableColumn")]
    raise RegisterError(f"the workbook has no Excel Table '{table_name}' for a PivotTable")


def cache_definition(table_name: str, columns: Sequence[str]) -> bytes:
    fields = "".join(
        f'<cacheField name={quoteattr(c)} numFmtId="0"><sharedItems/></cacheField>' for c in columns
    )
    return (
        _HEAD
        + (
            f'<pivotCacheDefinition {_NS} r:id="rId1" refreshOnLoad="1" recordCount="0" '
            'createdVersion="3" refreshedVersion="3" minRefreshableVersion="3">'
            f'<cacheSource type="worksheet"><worksheetSource name={quoteattr(table_name)}/>'
            f'</cacheSource><cacheFields count="{len(columns)}">{fields}</cacheFields>'
            "</pivotCacheDefinition>"
        ).encode()
    )


def cache_records() -> bytes:
    return _HEAD + f'<pivotCacheRecords {_NS} count="0"/>'.encode()


def _index(spec: PivotSpec, columns: Sequence[str], name: str) -> int:
    try:
        return list(columns).index(name)
    except ValueError:
        raise RegisterError(
            f"PivotTable '{spec.name}': the table {spec.table.table_name} has no column '{name}'"
        ) from None


def table_definition(spec: PivotSpec, cache_id: int, columns: Sequence[str], anchor: str) -> bytes:
    """The pivotTableDefinition of `spec` over a cache of `columns`, its body at `anchor`."""
    axis = {_index(spec, columns, c): "axisRow" for c in spec.rows}
    axis |= {_index(spec, columns, c): "axisCol" for c in spec.columns}
    axis |= {_index(spec, columns, c): "axisPage" for c in spec.pages}
    data = {_index(spec, columns, c) for c, _ in spec.values}
    fields = []
    for i in range(len(columns)):
        attrs = (f' axis="{axis[i]}"' if i in axis else "") + (
            ' dataField="1"' if i in data else ""
        )
        items = '<items count="1"><item t="default"/></items>' if i in axis else ""
        fields.append(f'<pivotField{attrs} showAll="0">{items}</pivotField>')
    rows = "".join(f'<field x="{_index(spec, columns, c)}"/>' for c in spec.rows)
    cols = [f'<field x="{_index(spec, columns, c)}"/>' for c in spec.columns]
    if len(spec.values) > 1:
        cols.append('<field x="-2"/>')  # the values side by side, under each column item
    pages = "".join(f'<pageField fld="{_index(spec, columns, c)}" hier="-1"/>' for c in spec.pages)
    datas = "".join(
        f"<dataField name={quoteattr(spec.value_caption(c, f))} "
        f'fld="{_index(spec, columns, c)}"'
        + (' subtotal="count"' if f == "count" else "")
        + ' baseField="0" baseItem="0" numFmtId="3"/>'
        for c, f in spec.values
    )
    page_rows = f' rowPageCount="{len(spec.pages)}" colPageCount="1"' if spec.pages else ""
    xml = (
        f'<pivotTableDefinition {_NS} name={quoteattr(spec.name)} cacheId="{cache_id}" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
        'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" '
        'dataCaption="Values" updatedVersion="3" minRefreshableVersion="3" '
        'createdVersion="3" useAutoFormatting="1" itemPrintTitles="1" indent="0" '
        'outline="1" outlineData="1">'
        f'<location ref="{anchor}" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"'
        f"{page_rows}/>"
        f'<pivotFields count="{len(columns)}">{"".join(fields)}</pivotFields>'
        + (f'<rowFields count="{len(spec.rows)}">{rows}</rowFields>' if spec.rows else "")
        + (f'<colFields count="{len(cols)}">{"".join(cols)}</colFields>' if cols else "")
        + (f'<pageFields count="{len(spec.pages)}">{pages}</pageFields>' if pages else "")
        + (f'<dataFields count="{len(spec.values)}">{datas}</dataFields>' if datas else "")
        + f'<pivotTableStyleInfo name="{STYLE}" showRowHeaders="1" showColHeaders="1" '
        'showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        "</pivotTableDefinition>"
    )
    return _HEAD + xml.encode()


def _rels(*rels: tuple[str, str, str]) -> bytes:
    inner = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="/{target}"/>'
        for rid, kind, target in rels
    )
    return _HEAD + f'<Relationships xmlns="{P.NS_REL}">{inner}</Relationships>'.encode()


def _sheet(heading: str, notes: Sequence[str], titles: Sequence[tuple[int, str]]) -> bytes:
    """A worksheet with a heading, notes and each PivotTable's title (inline strings)."""
    lines = [(1, heading), *((2 + i, n) for i, n in enumerate(notes)), *titles]
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}'
        "</t></is></c></row>"
        for r, text in sorted(lines)
    )
    return (
        _HEAD
        + (
            f'<worksheet {_NS}><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="24" '
            'customWidth="1"/><col min="2" max="80" width="15" customWidth="1"/></cols>'
            f"<sheetData>{rows}</sheetData>"
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" '
            'footer="0.3"/><pageSetup paperSize="9" orientation="landscape"/>'
            # the footer every OrderDesk sheet prints: which sheet, which page
            "<headerFooter><oddFooter>&amp;C&amp;A · page &amp;P of &amp;N</oddFooter>"
            "</headerFooter></worksheet>"
        ).encode()
    )


def _pivot_caches(book: P.Workbook) -> etree._Element:
    root = book.root
    found = root.find(P._q(book.ns, "pivotCaches"))
    if found is not None:
        return found
    el = etree.Element(P._q(book.ns, "pivotCaches"))
    last = None
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE_PIVOT_CACHES:
            last = child
    if last is None:
        root.insert(0, el)
    else:
        last.addnext(el)
    return el


def _workbook_rel(book: P.Workbook, kind: str, target: str) -> str:
    ids = {rel.get("Id") for rel in book.rels.iter(P._q(P.NS_REL, "Relationship"))}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    rel = etree.SubElement(book.rels, P._q(P.NS_REL, "Relationship"))
    rel.set("Id", f"rId{n}")
    rel.set("Type", REL + kind)
    rel.set("Target", "/" + target)
    return f"rId{n}"


@dataclass
class PivotSheet:
    """A sheet of PivotTables to add, each at its spec's `row`."""

    sheet: str
    pivots: Sequence[PivotSpec]
    heading: str = ""
    notes: Sequence[str] = field(default_factory=list)
    after: Sequence[str] = ()  # put it right after the first of these sheets the workbook has


def _position(book: P.Workbook, after: Sequence[str]) -> int:
    from orderdesk.schema import META_SHEET

    names = [el.get("name") for el in book.sheet_elements()]
    for name in after:
        if name in names:
            return names.index(name) + 1
    return names.index(META_SHEET) if META_SHEET in names else len(names)


def add_pivot_sheet(pkg: P.Package, book: P.Workbook, plan: PivotSheet) -> None:
    """The new sheet with its PivotTables (nothing when the workbook has the sheet already)."""
    if plan.sheet in book.sheets():
        return
    specs, heading, notes = plan.pivots, plan.heading, plan.notes
    caches = _pivot_caches(book)
    cache_ids = [int(c.get("cacheId", "0")) for c in caches]
    sheet_part = pkg.free_name("xl/worksheets/sheet{}.xml")
    pkg.put(sheet_part, b"")  # reserved
    sheet_rels = []
    titles = []
    for n, spec in enumerate(specs, start=1):
        columns = table_columns(pkg, book, spec.table.table_name)
        cache_id = max(cache_ids, default=0) + 1
        cache_ids.append(cache_id)
        definition = pkg.free_name("xl/pivotCache/pivotCacheDefinition{}.xml")
        pkg.put(definition, cache_definition(spec.table.table_name, columns))
        records = pkg.free_name("xl/pivotCache/pivotCacheRecords{}.xml")
        pkg.put(records, cache_records())
        pkg.put(P.rels_name(definition), _rels(("rId1", "pivotCacheRecords", records)))
        book.set_type(definition, CT + "pivotCacheDefinition+xml")
        book.set_type(records, CT + "pivotCacheRecords+xml")
        el = etree.SubElement(caches, P._q(book.ns, "pivotCache"))
        el.set("cacheId", str(cache_id))
        el.set(P._q(P.NS_R, "id"), _workbook_rel(book, "pivotCacheDefinition", definition))
        table = pkg.free_name("xl/pivotTables/pivotTable{}.xml")
        anchor = f"A{spec.table_row}"
        pkg.put(table, table_definition(spec, cache_id, columns, anchor))
        pkg.put(P.rels_name(table), _rels(("rId1", "pivotCacheDefinition", definition)))
        book.set_type(table, CT + "pivotTable+xml")
        sheet_rels.append((f"rId{n}", "pivotTable", table))
        titles.append((spec.row, spec.title))
    pkg.put(sheet_part, _sheet(heading, notes, titles))
    pkg.put(P.rels_name(sheet_part), _rels(*sheet_rels))
    book.add_sheet(plan.sheet, sheet_part, _position(book, plan.after), None)
