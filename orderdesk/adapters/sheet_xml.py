"""Rewriting one worksheet part as a stream: only the rows OrderDesk writes are touched.

A register's OrderLines sheet is a 100 MB part at 20,000 orders. Saving the Check column of
Orders or a few highlights must not build a tree of it: the part is read in blocks, the rows
that hold no edited cell are passed on as the bytes they are, and only an edited row is taken
apart (its cells by regular expression; a row is a few hundred bytes) and put together again
with the new cells in column order. Around the rows: the `<dimension>` grows with appended
rows, `<cols>` gets the width of an added column, and the data validations of a growing table
reach its new last row. Everything else in the part (conditional formats, merged cells,
hyperlinks, page setup, drawings, Excel 2010 extensions …) is passed on untouched.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from orderdesk.adapters.edits import Cell, TableGrowth, grown_sqref
from orderdesk.adapters.grid import column_letter
from orderdesk.adapters.package import column_number

BLOCK = 4 << 20  # bytes read at a time from the part

# Excel's error values: a string that is one of these is written as the error it names, as
# openpyxl does (a text column keeps it text, with the quote prefix).
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})

KEEP: Any = object()  # a patch that leaves the cell's value as it is (a style change only)

Restyle = Callable[[int, Cell], int]  # (the cell's style index now, cell) → its new index


@dataclass
class SheetPatch:
    """What to change in one worksheet part."""

    cells: dict[int, dict[int, Any]] = field(default_factory=dict)  # row → column → value|KEEP
    restyle: Restyle | None = None  # called for every patched cell
    widths: dict[int, float] = field(default_factory=dict)
    tables: list[TableGrowth] = field(default_factory=list)
    quoted: set[Cell] = field(default_factory=set)  # text cells written with a quote prefix
    date1904: bool = False
    tail: Iterable[bytes] = ()  # whole rows after every other row (a new register's bulk)

    @classmethod
    def of(
        cls,
        values: Mapping[Cell, Any],
        styled: set[Cell],
        restyle: Restyle | None,
        **kw: Any,
    ) -> SheetPatch:
        patch = cls(restyle=restyle, **kw)
        for (r, c), v in values.items():
            patch.cells.setdefault(r, {})[c] = v
        for r, c in styled:
            patch.cells.setdefault(r, {}).setdefault(c, KEEP)
        return patch

    def last_cell(self) -> tuple[int, int]:
        rows = max(self.cells, default=0)
        cols = max((c for row in self.cells.values() for c in row), default=0)
        return rows, cols


letters = column_letter  # 1 → A, 27 → AA


# --- cells ----------------------------------------------------------------------------------

_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def serial(value: dt.date | dt.datetime | dt.time, date1904: bool = False) -> float:
    """A date or time as Excel's serial number (days since its epoch, time as the fraction)."""
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400 + (
            value.microsecond / 86400e6
        )
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    delta = value - (_EPOCH_1904 if date1904 else _EPOCH)
    days = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    if not date1904 and days < 60:  # Excel's 29 February 1900, which never was
        days -= 1
    return days


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(value) if not value.is_integer() or abs(value) >= 1e16 else str(int(value))


def escape(text: str) -> str:
    """Text as XML element content. A carriage return is written as a character reference:
    a raw one would be read back as a line feed (XML's end-of-line handling)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def cell_xml(
    prefix: str, ref: str, style: int, value: Any, quoted: bool, date1904: bool = False
) -> str:
    """One `<c>` element. Strings are written inline (no shared-strings part to rewrite); a
    string starting with '=' is a formula and an error code an error, as openpyxl writes them,
    unless the cell keeps text text (`quoted`)."""
    s = f' s="{style}"' if style else ""
    c = f"{prefix}c"
    if value is None or value == "":  # no empty text in a cell: it is blank (as openpyxl)
        return f'<{c} r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<{c} r="{ref}"{s} t="b"><{prefix}v>{int(value)}</{prefix}v></{c}>'
    if isinstance(value, float) and not math.isfinite(value):  # no such number in a cell
        return f'<{c} r="{ref}"{s}/>'
    if isinstance(value, int | float):
        return f'<{c} r="{ref}"{s}><{prefix}v>{_number(value)}</{prefix}v></{c}>'
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return f'<{c} r="{ref}"{s}><{prefix}v>{_number(serial(value, date1904))}</{prefix}v></{c}>'
    text = str(value)
    if not quoted and len(text) > 1 and text.startswith("="):
        return f'<{c} r="{ref}"{s}><{prefix}f>{escape(text[1:])}</{prefix}f><{prefix}v></{prefix}v></{c}>'
    if not quoted and text in ERROR_CODES:
        return f'<{c} r="{ref}"{s} t="e"><{prefix}v>{escape(text)}</{prefix}v></{c}>'
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return (
        f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t{space}>{escape(text)}'
        f"</{prefix}t></{prefix}is></{c}>"
    )


# --- rows -----------------------------------------------------------------------------------

_R = re.compile(rb'\br="([A-Z]{1,3})?(\d+)"')
_S = re.compile(rb'\bs="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_ROW_NUMBER = re.compile(rb'(\d+)"')


class _Rows:
    """Patches the rows of one sheetData, block by block."""

    def __init__(self, patch: SheetPatch, prefix: bytes) -> None:
        self.patch = patch
        self.prefix = prefix
        p = re.escape(prefix)
        self.row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(/?)>")
        self.cell_re = re.compile(
            rb"<" + p + rb"c\b([^>]*?)(?:/>|>.*?</" + p + rb"c>)",
            re.S,
        )
        self.row_close = b"</" + prefix + b"row>"
        self.row_start = b"<" + prefix + b'row r="'
        self.cell_start = b"<" + prefix + b"c"
        self.cell_with_ref = b"<" + prefix + b'c r="'
        self.pending = sorted(patch.cells)  # rows still to write, in order
        self.wanted = sorted(patch.cells)  # rows to look at (a reader of them adds none)
        self.wanted_at = 0  # index into wanted: the first row after the last one seen
        self.next = 0  # index into pending
        self.row = 0  # the last row number seen (rows may leave out r=)

    def _new_rows_before(self, row: int | None) -> Iterator[bytes]:
        """Rows OrderDesk adds that sort before `row` (None: all that are left)."""
        while self.next < len(self.pending) and (row is None or self.pending[self.next] < row):
            r = self.pending[self.next]
            self.next += 1
            yield self._row(r, b"", b"")

    def process(self, buf: bytes, out: Callable[[bytes], None]) -> None:
        """Pass on `buf` (whole rows only), patching the rows that have edits."""
        todo = self.patch.cells
        emitted = 0
        pos = 0
        while True:
            pos = self._skip(buf, pos)
            m = self.row_re.search(buf, pos)
            if m is None:
                break
            attrs = m[1]
            r = _R.search(attrs)
            number = int(r[2]) if r else self.row + 1
            self.row = number
            closed = m[2] == b"/"
            end = m.end() if closed else buf.index(self.row_close, m.end()) + len(self.row_close)
            pos = end
            before = (
                self.next < len(self.pending) and self.pending[self.next] < number
            ) or number in todo
            if not before:
                continue
            out(buf[emitted : m.start()])
            for new in self._new_rows_before(number):
                out(new)
            if number in todo:
                inner = b"" if closed else buf[m.end() : end - len(self.row_close)]
                out(self._row(number, attrs, inner))
                self.next += 1  # this row was pending too
            else:
                out(buf[m.start() : end])
            emitted = end
        out(buf[emitted:])

    def _skip(self, buf: bytes, pos: int) -> int:
        """Where the next row that needs looking at starts (rows are in ascending order): the
        rows before the next edited one pass on as bytes without being parsed. The edited row
        is found by its literal start tag `<row r="N"`; when it is not in `buf`, every row up
        to the last is skipped if that one numbers itself below N. A row without its own
        number (`r` not first, or missing) is never skipped over into: the row-by-row look
        then counts it."""
        wanted = self.wanted
        while self.wanted_at < len(wanted) and wanted[self.wanted_at] <= self.row:
            self.wanted_at += 1
        if self.wanted_at >= len(wanted):
            return len(buf)  # nothing left to edit or add: the rest passes on as it is
        target = wanted[self.wanted_at]
        at = buf.find(self.row_start + b'%d"' % target, pos)
        if at != -1:
            return at
        last = buf.rfind(self.row_start, pos)
        if last > pos:
            m = _ROW_NUMBER.match(buf, last + len(self.row_start))
            if m is not None and int(m[1]) < target:
                return last
        return pos

    def finish(self, out: Callable[[bytes], None]) -> None:
        for new in self._new_rows_before(None):
            out(new)
        for row in self.patch.tail:
            out(row)

    def _row(self, number: int, attrs: bytes, inner: bytes) -> bytes:
        """Row `number` with its edits: existing cells kept in place, edited ones replaced,
        new ones put in column order."""
        fast = self._row_in_place(number, attrs, inner)
        if fast is not None:
            return fast
        edits = self.patch.cells[number]
        p = self.prefix.decode()
        restyle = self.patch.restyle
        cells: list[tuple[int, bytes | str]] = []
        col = 0
        for m in self.cell_re.finditer(inner):
            ref = _R.search(m[1])
            col = column_number(ref[1].decode()) if ref and ref[1] else col + 1
            if col not in edits:
                cells.append((col, m[0]))
                continue
            s = _S.search(m[1])
            old_style = int(s[1]) if s else 0
            value = edits[col]
            if value is KEEP:
                cells.append((col, self._restyled(m[0], col, number, old_style)))
                continue
            style = restyle(old_style, (number, col)) if restyle else old_style
            cells.append((col, self._cell(number, col, style, value)))
        have = {c for c, _ in cells}
        for c, value in edits.items():
            if c in have:
                continue
            style = restyle(0, (number, c)) if restyle else 0
            cells.append((c, self._cell(number, c, style, None if value is KEEP else value)))
        cells.sort(key=lambda x: x[0])
        body = "".join(x if isinstance(x, str) else x.decode("utf-8") for _, x in cells)
        head = attrs if attrs else b""
        if not _R.search(head):
            head = f' r="{number}"'.encode() + head
        head = _SPANS.sub(b"", head)
        return f"<{p}row{head.decode('utf-8')}>{body}</{p}row>".encode()

    def _row_in_place(self, number: int, attrs: bytes, inner: bytes) -> bytes | None:
        """`_row` without taking the row apart, when every cell in it names itself with `r`
        first (as Excel and every writer we know write them): each edited cell is found by its
        reference and replaced where it is, a new one goes before the first cell to its
        right; the rest of the row stays the bytes it was. None when a cell does not say
        where it is (the row is then taken apart cell by cell)."""
        if inner.count(self.cell_start) != inner.count(self.cell_with_ref):
            return None  # a cell without r first (or rich text's <color>): cell by cell
        edits = self.patch.cells[number]
        restyle = self.patch.restyle
        places: list[tuple[int, int, int, bytes]] = []  # (start, end, column, new bytes)
        for col, value in edits.items():
            span = self._find_cell(inner, col, number)
            if span is None:
                at = self._insertion(inner, col, number)
                if at is None:
                    return None
                style = restyle(0, (number, col)) if restyle else 0
                new = self._cell(number, col, style, None if value is KEEP else value)
                places.append((at, at, col, new.encode("utf-8")))
                continue
            start, end, tag_end = span
            s = _S.search(inner, start, tag_end)
            old_style = int(s[1]) if s else 0
            if value is KEEP:
                element = self._restyled(inner[start:end], col, number, old_style)
                places.append((start, end, col, element))
            else:
                style = restyle(old_style, (number, col)) if restyle else old_style
                new = self._cell(number, col, style, value)
                places.append((start, end, col, new.encode("utf-8")))
        places.sort(key=lambda x: x[:3])  # new cells at one place in column order
        body: list[bytes] = []
        pos = 0
        for start, end, _col, data in places:
            body.append(inner[pos:start])
            body.append(data)
            pos = end
        body.append(inner[pos:])
        head = _SPANS.sub(b"", attrs)
        if not _R.search(head):
            head = b' r="%d"' % number + head
        p = self.prefix
        return b"<" + p + b"row" + head + b">" + b"".join(body) + b"</" + p + b"row>"

    def _find_cell(self, inner: bytes, col: int, row: int) -> tuple[int, int, int] | None:
        """(start, end, end of start tag) of the cell `<c r="{col}{row}"` in a row whose cells
        all begin so; None when the row has no such cell."""
        start = inner.find(self.cell_with_ref + f'{letters(col)}{row}"'.encode())
        if start == -1:
            return None
        m = self.cell_re.match(inner, start)
        if m is None:
            return None
        return start, m.end(), m.end(1)

    def _insertion(self, inner: bytes, col: int, row: int) -> int | None:
        """Where a new cell of column `col` goes in a row whose cells all begin `<c r="`: before
        the first cell to its right (None when that cannot be told without taking the row
        apart)."""
        last = inner.rfind(self.cell_with_ref)
        if last == -1:
            return 0 if not inner.strip() else None
        m = _R.match(inner, last + len(self.cell_with_ref) - 3)
        if m is None or not m[1] or int(m[2]) != row:
            return None
        last_col = column_number(m[1].decode())
        if last_col < col:
            m = self.cell_re.match(inner, last)
            return None if m is None else m.end()
        for right in range(col + 1, last_col + 1):
            span = self._find_cell(inner, right, row)
            if span is not None:
                return span[0]
        return None

    def _cell(self, row: int, col: int, style: int, value: Any) -> str:
        ref = f"{letters(col)}{row}"
        quoted = (row, col) in self.patch.quoted
        return cell_xml(self.prefix.decode(), ref, style, value, quoted, self.patch.date1904)

    def _restyled(self, element: bytes, col: int, row: int, old: int) -> bytes:
        restyle = self.patch.restyle
        new = restyle(old, (row, col)) if restyle else old
        if new == old:
            return element
        end = element.index(b">")
        start = element[:end]
        if _S.search(start):
            start = _S.sub(f's="{new}"'.encode(), start, count=1)
        else:
            at = len(self.prefix) + 2
            start = start[:at] + f' s="{new}"'.encode() + start[at:]
        return start + element[end:]


# --- the part ---------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'(<(?:[\w.-]+:)?dimension\b[^>]*\bref=")([^"]*)(")')
_SHEETDATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_COLS = re.compile(rb"<((?:[\w.-]+:)?)cols\b[^>]*>(.*?)</(?:[\w.-]+:)?cols>", re.S)
_COL = re.compile(rb"<(?:[\w.-]+:)?col\b([^>]*?)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_DV = re.compile(rb'(<(?:[\w.-]+:)?dataValidation\b[^>]*\bsqref=")([^"]*)(")')


def rewrite(
    read: Callable[[int], bytes],
    write: Callable[[bytes], None],
    patch: SheetPatch,
    rows_class: type[_Rows] | None = None,
) -> None:
    """Stream one worksheet part from `read` to `write` with `patch` applied (`rows_class`: what
    handles the rows, `_Rows` unless a reader of them is given)."""
    make_rows = rows_class or _Rows
    buf = b""
    while True:
        m = _SHEETDATA.search(buf)
        if m is not None:
            break
        block = read(BLOCK)
        if not block:
            raise ValueError("the worksheet has no sheetData")
        buf += block
    prefix = m[1]
    head = _head(buf[: m.start()], patch, prefix)
    if m[2] == b"/":  # an empty sheet: <sheetData/>
        write(head + b"<" + prefix + b"sheetData>")
        rows = make_rows(patch, prefix)
        rows.finish(write)
        write(b"</" + prefix + b"sheetData>")
        rest = buf[m.end() :] + _read_all(read)
        write(_tail(rest, patch))
        return
    write(head + buf[m.start() : m.end()])
    buf = buf[m.end() :]
    rows = make_rows(patch, prefix)
    end_tag = b"</" + prefix + b"sheetData>"
    while True:
        end = buf.find(end_tag)
        if end != -1:
            rows.process(buf[:end], write)
            rows.finish(write)
            rest = buf[end:] + _read_all(read)
            write(_tail(rest, patch))
            return
        cut = buf.rfind(rows.row_close)
        if cut != -1:
            cut += len(rows.row_close)
            rows.process(buf[:cut], write)
            buf = buf[cut:]
        block = read(BLOCK)
        if not block:
            raise ValueError("the worksheet's sheetData does not end")
        buf += block


def _read_all(read: Callable[[int], bytes]) -> bytes:
    parts = []
    while block := read(BLOCK):
        parts.append(block)
    return b"".join(parts)


def _head(head: bytes, patch: SheetPatch, prefix: bytes) -> bytes:
    rows, cols = patch.last_cell()
    for t in patch.tables:
        rows = max(rows, t.last_row)
        cols = max([cols, *(c for c, _ in t.added)])
    if rows or cols:
        head = _DIMENSION.sub(lambda m: m[1] + _grown_ref(m[2], rows, cols) + m[3], head, count=1)
    if patch.widths:
        head = _with_widths(head, patch.widths, prefix)
    return head


def _grown_ref(ref: bytes, rows: int, cols: int) -> bytes:
    m = re.match(rb"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$", ref)
    if m is None:
        return ref
    c1, r1 = m[1].decode(), int(m[2])
    c2, r2 = (m[3].decode(), int(m[4])) if m[3] else (c1, r1)
    last_col = max(column_number(c2), cols)
    return f"{c1}{r1}:{letters(last_col)}{max(r2, rows)}".encode()


def _with_widths(head: bytes, widths: Mapping[int, float], prefix: bytes) -> bytes:
    """`<cols>` with these columns at these widths (a range holding one is split around it)."""
    p = prefix.decode()
    m = _COLS.search(head)
    spans: list[dict[str, str]] = []
    if m is not None:
        for col in _COL.finditer(m[2]):
            spans.append({k.decode(): v.decode() for k, v in _ATTR.findall(col[1])})
    for c, width in sorted(widths.items()):
        out: list[dict[str, str]] = []
        for span in spans:
            lo, hi = int(span.get("min", 0)), int(span.get("max", 0))
            if lo <= c <= hi:
                if lo < c:
                    out.append({**span, "max": str(c - 1)})
                if c < hi:
                    out.append({**span, "min": str(c + 1)})
            else:
                out.append(span)
        out.append({"min": str(c), "max": str(c), "width": f"{width:g}", "customWidth": "1"})
        spans = sorted(out, key=lambda s: int(s.get("min", 0)))
    body = "".join(
        f"<{p}col " + " ".join(f'{k}="{v}"' for k, v in span.items()) + "/>" for span in spans
    )
    element = f"<{p}cols>{body}</{p}cols>".encode()
    if m is not None:
        return head[: m.start()] + element + head[m.end() :]
    return head + element  # cols sit right before sheetData


def _tail(rest: bytes, patch: SheetPatch) -> bytes:
    """What follows the rows: data validations of the growing tables reach their new end."""
    if not patch.tables or b"dataValidation" not in rest:
        return rest

    def grow(m: re.Match[bytes]) -> bytes:
        sqref = m[2].decode()
        for t in patch.tables:
            sqref = grown_sqref(sqref, t.first_col, t.last_col, t.header_row + 1, t.last_row)
        return m[1] + sqref.encode() + m[3]

    return _DV.sub(grow, rest)


# --- many new rows at once (a new register's tables) ------------------------------------------


@dataclass
class Column:
    """One column of new rows: its sheet column, its values (None: no cell), and the styles of
    its cells (`quoted`: text that would read as a formula or an error, kept text)."""

    col: int
    values: list[Any]
    style: int
    quoted_style: int | None = None


def formula_like(text: str) -> bool:
    return (len(text) > 1 and text.startswith("=")) or text in ERROR_CODES


def bulk_rows(
    prefix: str, columns: list[Column], first_row: int, date1904: bool = False
) -> Iterator[bytes]:
    """`<row>` elements for rows of new cells, one at a time (never the whole sheet in memory)."""
    refs = [letters(c.col) for c in columns]
    rows = max((len(c.values) for c in columns), default=0)
    for i in range(rows):
        r = first_row + i
        cells = []
        for c, letter in zip(columns, refs, strict=True):
            v = c.values[i]
            if v is None:
                continue
            quoted = c.quoted_style is not None and isinstance(v, str) and formula_like(v)
            style = c.quoted_style if quoted and c.quoted_style is not None else c.style
            cells.append(cell_xml(prefix, f"{letter}{r}", style, v, quoted, date1904))
        yield f'<{prefix}row r="{r}">{"".join(cells)}</{prefix}row>'.encode()
