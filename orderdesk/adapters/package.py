"""A look into the xlsx package before a reader takes it: what the readers would not say.

- **Size.** Each part's stated size is checked, and each part a reader inflates (the workbook,
  shared strings and styles on opening, a sheet when it is read) is counted as it inflates, up
  to `MAX_PART_BYTES`; a part that inflates past it (a 1.6 MB file holding a 1 GiB string) is
  refused with its name, so no reader ever tries to hold it. A part nothing reads is never
  inflated at all (the part writer copies it as it is).
- **Far cells.** python-calamine builds a dense grid up to a sheet's last used cell: one stray
  value at `XFD1048576` asks for 512 GiB. The sheet's extent is read from its XML (the last row,
  any column beyond ZZ), and a sheet whose grid would exceed `MAX_DENSE_CELLS` is read another
  way, bounded by its tables (`FileRegister`).
- **Numbers past any date.** calamine panics (a Rust panic, with its backtrace on stderr) on a
  number of 10^11 or more in a date-formatted cell; such a sheet is read through openpyxl.
- **Error values.** calamine hands `#DIV/0!`, `#REF!`, `#N/A` over as empty strings: a formula
  that failed would read as a blank cell. The cells of type "e" are found in the sheet XML and
  put back into the grid as `CellError`s, which the reader reports with their cell.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from defusedxml import ElementTree as ET

from orderdesk.domain.values import CellError
from orderdesk.ports import RegisterError

MAX_PART_BYTES = 256 * 1024 * 1024  # one part of a register, decompressed
MAX_DENSE_CELLS = 20_000_000  # rows × columns a sheet may span before it is read bounded
_CHUNK = 1 << 20

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class WorkbookTooLarge(RegisterError):
    """A part of the workbook inflates past what a register can be."""


@dataclass
class SheetExtent:
    rows: int = 0  # the last row with a row element (1-based)
    cols: int = 0  # the last column any cell names (at least Z)
    errors: dict[tuple[int, int], CellError] = field(default_factory=dict)  # (row, col) 0-based
    huge: dict[tuple[int, int], float] = field(default_factory=dict)  # numbers ≥ 1e11, 0-based

    @property
    def huge_numbers(self) -> bool:
        """A number of 1e11 or more: calamine panics on it as a date, and openpyxl reads it as
        #VALUE! in a date-formatted cell (and would write it back so)."""
        return bool(self.huge)

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def far_flung(self) -> bool:
        return self.cells > MAX_DENSE_CELLS

    @property
    def calamine_safe(self) -> bool:
        """Whether python-calamine can read the sheet (else it is read through openpyxl)."""
        return not self.far_flung and not self.huge_numbers


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


# The parts every reader inflates when it opens a workbook (the sheets are inflated one by one,
# when read: `Package.extent`). A part nobody reads is never inflated: the part writer copies it
# as its compressed bytes.
_OPENING = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_OPENING_SUFFIXES = ("sharedStrings.xml", "styles.xml")


class Package:
    """One workbook file's parts. Every part's stated size is checked on construction, and each
    part is counted as it inflates when it is read (the stated size may lie)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if info.file_size > MAX_PART_BYTES:
                        raise _too_large(path.name, info.filename, info.file_size)
                    if info.filename in _OPENING or info.filename.endswith(_OPENING_SUFFIXES):
                        _check_size(zf, info, path.name)
                self._sheets = _sheet_parts(zf)
        except zipfile.BadZipFile as exc:
            raise RegisterError(f"{path.name}: cannot be read as a workbook ({exc})") from exc
        self._extents: dict[str, SheetExtent] = {}
        self._zf: zipfile.ZipFile | None = None

    def _zip(self) -> zipfile.ZipFile:
        """The file opened once for every sheet scanned (its directory read once), closed with
        `close()` or when the package goes."""
        if self._zf is None:
            self._zf = zipfile.ZipFile(self.path)
        return self._zf

    def close(self) -> None:
        zf = getattr(self, "_zf", None)  # None too when the constructor refused the file
        if zf is not None:
            zf.close()
            self._zf = None

    def __del__(self) -> None:
        self.close()

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def sheet_part(self, sheet: str) -> str | None:
        return self._sheets.get(sheet)

    def extent(self, sheet: str) -> SheetExtent:
        if sheet not in self._extents:
            part = self._sheets.get(sheet)
            if part is None:
                self._extents[sheet] = SheetExtent()
            else:
                try:
                    zf = self._zip()
                    xml = _read_capped(zf, part, self.path.name) if part in zf.NameToInfo else b""
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise RegisterError(
                        f"{self.path.name}: the sheet '{sheet}' ({part}) is damaged and cannot be "
                        f"read ({exc}); nothing was written. Open the file in Excel to repair it, "
                        "or use a backup."
                    ) from exc
                self._extents[sheet] = scan_sheet(xml)
        return self._extents[sheet]


def _check_size(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Count the part's bytes as they inflate (the header's size may lie), stop past the cap."""
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(name, info.filename, info.file_size)
    total = 0
    with zf.open(info) as fh:
        while block := fh.read(_CHUNK):
            total += len(block)
            if total > MAX_PART_BYTES:
                raise _too_large(name, info.filename, total)


def _read_capped(zf: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A part's bytes, refused as soon as it inflates past `MAX_PART_BYTES`."""
    blocks = []
    total = 0
    with zf.open(part) as fh:
        while block := fh.read(_CHUNK * 16):
            total += len(block)
            if total > MAX_PART_BYTES:
                raise _too_large(name, part, total)
            blocks.append(block)
    return b"".join(blocks)


def _too_large(name: str, part: str, size: int) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        f"{name}: the part {part} inflates to more than {MAX_PART_BYTES // 2**20} MiB "
        f"({'at least ' if size > MAX_PART_BYTES else ''}{size / 2**20:,.0f} MiB); a register "
        "is never that large, so the file is not read. Nothing was written."
    )


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[str | None, str] = {}
    for rel in ET.fromstring(zf.read("xl/_rels/workbook.xml.rels")).iter(f"{_NS_REL}Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
    out: dict[str, str] = {}
    for sheet in ET.fromstring(zf.read("xl/workbook.xml")).iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_R}id"))
        if part:
            out[sheet.get("name", "")] = part
    return out


_LAST_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_WIDE_CELL = re.compile(rb"\br=\"([A-Z]{2,3})\d+\"")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_HUGE_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>(?:<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)?"
    rb"<(?:\w+:)?v>(-?(?:\d{12,}|[\d.]+[eE]\+?(?:1[1-9]|[2-9]\d|\d{3})))</"
)


def scan_sheet(xml: bytes) -> SheetExtent:
    """The sheet's extent and its error cells, from the worksheet XML (byte searches and
    regular expressions that only run where a byte search found something: no tree is built, a
    far cell costs nothing, and a 100 MB sheet is looked through in a fraction of its read)."""
    ext = SheetExtent()
    tail = xml.rfind(b"row ")
    while tail > 0:
        m = _LAST_ROW.match(xml, xml.rfind(b"<", 0, tail + 1))
        if m:
            ext.rows = int(m[1])
            break
        tail = xml.rfind(b"row ", 0, tail)
    # The widest column matters only past what a dense grid of these rows may span: look for a
    # cell beyond it (a rare match), and measure the widest column only if there is one.
    ext.cols = 26 if ext.rows else 0
    allowed = MAX_DENSE_CELLS // max(ext.rows, 1)
    if ext.rows and allowed < 16384 and _beyond(max(allowed, 26)).search(xml):
        wide = set(_WIDE_CELL.findall(xml))
        ext.cols = max([26, *(column_number(m.decode()) for m in wide)])
    # A prefilter: the cells are looked at only if it finds one. Where no value element has
    # a namespace prefix (every writer we know), it looks only after `<v>`, not at `</v>` too.
    long_number = _LONG_NUMBER if b":v>" in xml else _LONG_PLAIN
    if long_number.search(xml):
        for m in _HUGE_CELL.finditer(xml):
            ref = _REF.search(m[1])
            if ref is None or re.search(rb'\bt="(?:s|str|e|b|inlineStr)"', m[1]):
                continue
            ext.huge[(int(ref[2]) - 1, column_number(ref[1].decode()) - 1)] = float(m[2])
    if b't="e"' in xml:
        for m in _ERROR_CELL.finditer(xml):
            ref = _REF.search(m[1])
            value = _VALUE.search(m[2])
            if ref is None:
                continue
            code = value[1].decode("utf-8", "replace") if value else "#VALUE!"
            ext.errors[(int(ref[2]) - 1, column_number(ref[1].decode()) - 1)] = CellError(code)
    return ext


# A value of twelve digits or more, or written with an exponent.
_LONG_NUMBER = re.compile(rb"v>-?(?:\d{12}|[\d.]++[eE])")  # possessive: no backtracking
_LONG_PLAIN = re.compile(rb"<v>-?(?:\d{12}|[\d.]++[eE])")


@cache
def _beyond(n: int) -> re.Pattern[bytes]:
    """A cell reference whose column lies past column `n` (26 ≤ n < 16384)."""
    alts = []
    from orderdesk.adapters.grid import column_letter  # grid imports pandas: only here

    here = column_letter(n)
    if len(here) < 3:
        alts.append("[A-Z]{3}")
    if len(here) < 2:
        alts.append("[A-Z]{2}")
    for i, ch in enumerate(here):  # same length: greater at the first letter that differs
        if ch < "Z":
            rest = len(here) - i - 1
            alts.append(here[:i] + f"[{chr(ord(ch) + 1)}-Z]" + ("[A-Z]" * rest))
    # No \\b before r=: a literal start lets the regex engine skip ahead (8x faster); no other
    # attribute of a worksheet ends in r and holds a cell reference.
    return re.compile(rb'r="(?:' + "|".join(alts).encode() + rb")\d")
