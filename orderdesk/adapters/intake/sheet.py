"""Purchase orders as spreadsheets in the customer's own layout: a workbook (`python-calamine`
reads .xlsx, .xls and .ods alike) or a CSV from their ERP. Every non-empty row is a line, every
cell a cell at its column, named by its address for messages."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl.utils import get_column_letter

from orderdesk.domain.intake.source import Cell, IntakeError, Line, Source, Where


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return " ".join(str(value).split())


def _row(values: list[object], file: str, sheet: str | None, row: int) -> Line | None:
    cells = []
    for i, value in enumerate(values):
        text = _text(value)
        if text:
            address = f"{get_column_letter(i + 1)}{row}"
            where = Where(file, cell=f"{sheet}!{address}" if sheet else address)
            cells.append(Cell(text, float(i), float(i + 1), where))
    return Line(tuple(cells)) if cells else None


def read_workbook(name: str, data: bytes) -> Source:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine's own error types vary by format: name the file
        raise IntakeError(f"{name}: not a workbook that can be read ({exc})") from exc
    source = Source(name, "xlsx")
    for sheet in book.sheet_names:
        try:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:
            raise IntakeError(f"{name}, sheet {sheet}: cannot be read ({exc})") from exc
        for r, values in enumerate(rows, start=1):
            line = _row(list(values), name, sheet, r)
            if line is not None:
                source.lines.append(line)
    return source


def read_csv(name: str, data: bytes) -> Source:
    for encoding in ("utf-8-sig", "gb18030", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise IntakeError(f"{name}: the text encoding cannot be recognised")
    if "\x00" in text:
        raise IntakeError(f"{name}: not a text file (it holds binary data)")
    source = Source(name, "csv")
    r = 0
    try:
        for r, values in enumerate(
            csv.reader(io.StringIO(text), delimiter=_delimiter(text)), start=1
        ):
            line = _row(list(values), name, None, r)
            if line is not None:
                source.lines.append(Line(tuple(
                    Cell(c.text, c.x0, c.x1, Where(name, line=r), c.confidence) for c in line.cells
                )))  # fmt: skip
    except csv.Error as exc:
        raise IntakeError(f"{name}, line {r + 1}: {exc}") from exc
    return source


def _delimiter(text: str) -> str:
    """The delimiter most lines use as often as each other (an ERP's ';' beside the ',' of a
    decimal comma): the candidate with the highest count on the typical line."""
    lines = [ln for ln in text.splitlines()[:40] if ln.strip()]
    best, score = ",", 0
    for d in (";", "\t", ",", "|"):
        counts = sorted(ln.count(d) for ln in lines)
        typical = counts[len(counts) // 2] if counts else 0
        if typical > score:
            best, score = d, typical
    return best
