"""What a purchase order says, as text with its place: the order's labelled fields and its lines.

`read_po(source)` finds the table of lines (a header row naming at least the quantity and two
other columns; repeated on a second page, it is skipped), reads every line under it up to the
total, and reads the labelled fields everywhere else ("PO No.: 4500123", "Lieferbedingung: FOB
Ningbo", "交货日期：2026年3月7日"). A purchase order written as a letter has no table: its lines
are sentences with a quantity and a price ("1,200 pcs HW-1001 … at USD 3.45"). Nothing is
interpreted here (numbers, dates and names are the next step's work); what is read keeps the
reader's confidence and where it was found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from orderdesk.domain.intake import vocab as V
from orderdesk.domain.intake.source import Cell, Line, Source, Where
from orderdesk.schema import OrderLines, Orders

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEPARATORS = " \t:：#.。|-–"
# A number as purchase orders write quantities and prices: 1,234.50 · 1.234,50 · 1 234 · 3,45.
NUMBER = r"\d{1,3}(?:[ .,'\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Read:
    """A piece of text read for a field, where it was and how sure the reader was of it."""

    text: str
    where: Where
    confidence: float = 1.0


@dataclass
class ReadLine:
    """One line of the order as read: text per column (part, description, qty, unit, price,
    amount), and where the line is."""

    where: Where
    cells: dict[str, Read] = field(default_factory=dict)

    def get(self, column: str) -> Read | None:
        return self.cells.get(column)


@dataclass
class ReadPO:
    """Everything read from one purchase order, before interpretation."""

    source: Source
    fields: dict[str, Read] = field(default_factory=dict)
    lines: list[ReadLine] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    vat_numbers: list[Read] = field(default_factory=list)
    buyer: list[Read] = field(default_factory=list)  # text that may name the customer
    table: bool = False  # the lines came from a table (not from sentences)


def norm(text: str) -> str:
    """NFKC and lower case, keeping every character's place (labels are found in this)."""
    text = unicodedata.normalize("NFKC", text)
    low = text.lower()
    return low if len(low) == len(text) else text


# --- the table of lines -----------------------------------------------------------------------


def _column_of(text: str) -> str | None:
    """The column a header cell names, when the cell is (nearly) just that label."""
    t = norm(text).strip(" .:：#")
    best: tuple[int, str] | None = None
    for column, labels in V.COLUMN_LABELS.items():
        m = V.label_pattern(labels).match(t)
        if m and len(t) - m.end() <= 4 and (best is None or m.end() > best[0]):
            best = (m.end(), column)
    return best[1] if best else None


def _split_labels(cell: Cell) -> list[tuple[str, Cell]]:
    """A header cell that holds several column labels run together ("Unit Price Amount", two
    headings closer than the gap between cells) split into one cell per label, each given its
    share of the cell's width."""
    text = norm(cell.text)
    pos, parts = 0, []
    while pos < len(text):
        while pos < len(text) and text[pos] in " .:：#/|":
            pos += 1
        if pos >= len(text):
            break
        best: tuple[int, str] | None = None
        for column, labels in V.COLUMN_LABELS.items():
            m = V.label_pattern(labels).match(text, pos)
            if m and m.end() > pos and (best is None or m.end() > best[0]):
                best = (m.end(), column)
        if best is None:
            return []
        parts.append((pos, best[0], best[1]))
        pos = best[0]
    width = (cell.x1 - cell.x0) / max(len(text), 1)
    return [
        (
            column,
            Cell(
                cell.text[a:b],
                cell.x0 + a * width,
                cell.x0 + b * width,
                cell.where,
                cell.confidence,
            ),
        )
        for a, b, column in parts
    ]


def _header(line: Line) -> dict[str, Cell] | None:
    """The columns of a header row (column → its header cell), or None if the line is not one."""
    found: dict[str, Cell] = {}
    for cell in line.cells:
        column = _column_of(cell.text)
        pieces = [(column, cell)] if column else _split_labels(cell)
        for column, piece in pieces:
            if column not in found:
                found[column] = piece
    named = set(found) - {V.LINE_NO}
    if OrderLines.qty in named and len(named) >= 3:
        return found
    return None


def _assign(cells: tuple[Cell, ...], header: dict[str, Cell]) -> dict[str, list[Cell]]:
    """Each cell of a row under the header cell it overlaps most (nearest centre otherwise)."""
    out: dict[str, list[Cell]] = {}
    spans = list(header.items())
    for cell in cells:

        def score(item: tuple[str, Cell], cell: Cell = cell) -> tuple[float, float]:
            h = item[1]
            overlap = min(cell.x1, h.x1) - max(cell.x0, h.x0)
            return (max(overlap, 0.0), -abs(cell.centre - h.centre))

        column = max(spans, key=score)[0]
        out.setdefault(column, []).append(cell)
    return out


def _is_total(line: Line) -> bool:
    first = norm(line.cells[0].text).strip(" :：")
    return any(
        V.label_pattern((w,)).match(first.replace(" ", "")) or first.startswith(w)
        for w in V.TOTAL_WORDS
    )


def _has_number(text: str) -> bool:
    return re.search(r"\d", text) is not None


def _table_line(line: Line, header: dict[str, Cell]) -> ReadLine | None:
    parts = _assign(line.cells, header)
    qty = parts.get(OrderLines.qty)
    if not qty or not _has_number(qty[0].text):
        return None
    read = ReadLine(line.where)
    for column, cells in parts.items():
        if column == V.LINE_NO:
            continue
        text = " ".join(c.text for c in cells).strip()
        if text:
            conf = min(c.confidence for c in cells)
            read.cells[column] = Read(text, cells[0].where, conf)
    if V.PART not in read.cells and OrderLines.description not in read.cells:
        return None
    return read


# --- lines written as sentences ---------------------------------------------------------------

_UNIT_RE = "|".join(re.escape(u) for u in sorted(V.UNIT_WORDS, key=len, reverse=True))
_CUR_RE = "|".join(re.escape(c) for c in sorted(V.CURRENCY_WORDS, key=len, reverse=True))
_QTY_UNIT = re.compile(rf"(?<![\w.,])({NUMBER})\s*({_UNIT_RE})(?![a-zà-ÿ])", re.IGNORECASE)
_PRICE = re.compile(
    rf"(?:\bat\b|@|\bà\b|\ba\b|\bzu\b|\bje\b|\bpor\b|\bpour\b|单价|unit price|price|preis|precio|prix)"
    rf"\s*[:：]?\s*(?:({_CUR_RE})\s*)?({NUMBER})\s*(?:({_CUR_RE})(?![a-z]))?",
    re.IGNORECASE,
)
_QTY_LABEL = re.compile(
    r"(?i)(?:数量|\bqty\b|\bquantity\b|\bmenge\b|\bcantidad\b|\bquantité\b)\s*[:：]?\s*"
)
_FILLER = re.compile(
    r"(?i)(?:\b(?:of|de|des|du|von|x|each|per piece|per pc|per unit|the piece|la pieza|"
    r"la pièce|pro stück|je stück|le|la|el|los|las|les|item|artikel|ref\.?)\b|/\s*(?:pc|pcs|"
    r"piece|unit|stück|ud|pièce)\b|[,;，、]|数量|个|件|[:：])"
)


def _prose_line(line: Line) -> ReadLine | None:
    """'1,200 pcs HW-1001 stainless steel hinge at USD 3.45 each' as a line of the order."""
    text = unicodedata.normalize("NFKC", line.text)
    labelled = _QTY_LABEL.search(text)
    q = _QTY_UNIT.search(text, labelled.end()) if labelled else None
    q = q or _QTY_UNIT.search(text)
    p = _PRICE.search(text, q.end() if q else 0) if q else None
    if not q or not p:
        return None
    conf = line.confidence
    read = ReadLine(line.where)
    read.cells[OrderLines.qty] = Read(q[1], line.where, conf)
    read.cells[OrderLines.unit] = Read(q[2], line.where, conf)
    price = p[2] + (f" {p[1] or p[3]}" if (p[1] or p[3]) else "")
    read.cells[OrderLines.unit_price] = Read(price, line.where, conf)
    rest = text[: q.start()] + " " + text[q.end() : p.start()] + " " + text[p.end() :]
    rest = re.sub(r"^\s*(?:[-•*·]|\d+[.)])\s+", "", rest.strip())
    rest = " ".join(_FILLER.sub(" ", rest).split()).strip(" .-")
    if not rest:
        return None
    token = rest.split()[0]
    if re.fullmatch(r"[A-Za-z]{1,5}[-/]?\d[\w-]*", token):
        read.cells[V.PART] = Read(token, line.where, conf)
        rest = rest[len(token) :].strip()
    if rest:
        read.cells[OrderLines.description] = Read(rest, line.where, conf)
    return read


# --- labelled fields --------------------------------------------------------------------------


def _label_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, field) of every label in a line, longest first where two overlap."""
    low = norm(text)
    hits: list[tuple[int, int, str]] = []
    kinds = {**V.HEADER_LABELS, "buyer": V.BUYER_LABELS, "vat": V.VAT_LABELS}
    for kind, labels in kinds.items():
        for m in V.label_pattern(labels).finditer(low):
            hits.append((m.start(), m.end(), kind))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    return kept


def _labelled(line: Line) -> list[tuple[str, str]]:
    """(field, value) pairs of a line: the text after each label up to the next label. A label
    counts only at the start of a cell, or after a separator (not inside a sentence)."""
    text = unicodedata.normalize("NFKC", " | ".join(c.text for c in line.cells))
    hits = [
        h
        for h in _label_hits(text)
        if h[0] == 0 or text[: h[0]].rstrip(" ")[-1:] in "|:：;,)" or _at_cell_start(text, h[0])
    ]
    out = []
    for i, (_start, end, kind) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        value = text[end:stop].strip(_SEPARATORS).strip()
        value = value.strip(" |").strip(_SEPARATORS).strip()
        out.append((kind, value))
    return out


def _at_cell_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return before.endswith("|") or (pos > 0 and text[pos - 1] in "\n") or not before


def read_po(source: Source) -> ReadPO:
    """Read the fields and lines of a purchase order (see the module's docstring)."""
    po = ReadPO(source)
    lines = source.lines
    header: dict[str, Cell] | None = None
    table_done = False
    others: list[int] = []
    for i, line in enumerate(lines):
        if not line.cells:
            continue
        found = _header(line)
        if found is not None and not table_done:
            header = found
            po.table = True
            continue
        if header is not None and not table_done:
            if _is_total(line):
                table_done = True
            else:
                item = _table_line(line, header)
                if item is not None:
                    po.lines.append(item)
                    continue
        others.append(i)
    if not po.table:
        kept = []
        for i in others:
            item = _prose_line(lines[i])
            if item is not None:
                po.lines.append(item)
            else:
                kept.append(i)
        others = kept
    _fields(po, [lines[i] for i in others])
    po.emails = _emails(source)
    return po


def _fields(po: ReadPO, lines: list[Line]) -> None:
    for n, line in enumerate(lines):
        conf = line.confidence
        for kind, value in _labelled(line):
            if kind == "buyer":
                if value:
                    po.buyer.append(Read(value, line.where, conf))
                elif n + 1 < len(lines):
                    po.buyer.append(Read(lines[n + 1].text, lines[n + 1].where, conf))
                continue
            if kind == "vat":
                if value:
                    po.vat_numbers.append(Read(value, line.where, conf))
                continue
            if kind == Orders.ship_to:
                value = _block(value, lines, n)
            elif not value and n + 1 < len(lines) and not _labelled(lines[n + 1]):
                value = lines[n + 1].text
            if value and kind not in po.fields:
                po.fields[kind] = Read(value, line.where, conf)
    # The letterhead and the signature name the sender more often than any label does; the
    # delivery address often names the customer too.
    po.buyer += [Read(line.text, line.where, line.confidence) for line in lines[:6] + lines[-4:]]
    ship_to = po.fields.get(Orders.ship_to)
    if ship_to is not None:
        po.buyer.append(Read(ship_to.text.split(",")[0], ship_to.where, ship_to.confidence))


def _block(value: str, lines: list[Line], n: int) -> str:
    """An address: the label's own line and the lines under it, up to a blank or a label."""
    parts = [value] if value else []
    last = lines[n].where.line
    for line in lines[n + 1 : n + 5]:
        gap = line.where.line is not None and last is not None and line.where.line > last + 1
        if gap or _labelled(line) or _header(line) is not None:
            break
        last = line.where.line
        parts.append(line.text.split(" | ")[0])
        if len(parts) >= 4:
            break
    return ", ".join(p for p in parts if p)


def _emails(source: Source) -> list[str]:
    found = [source.sender] if source.sender else []
    for line in source.lines:
        found += _EMAIL.findall(line.text)
    return [e.lower() for e in found]
