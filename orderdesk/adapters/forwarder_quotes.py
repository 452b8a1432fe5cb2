"""A forwarder's quote file (CSV or xlsx, one quote per row under a header row) read into
ForwarderQuotes rows. Headers are matched loosely (case, spaces, the usual forwarders' words);
a value that cannot be read is refused naming the file, row and column, and nothing is written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from orderdesk.domain import values as V
from orderdesk.errors import OrderDeskError
from orderdesk.schema import ColType, Column, ForwarderQuotes, norm_header

QUOTE_FOLDER = "forwarder-quotes"  # beside the workbook: where Import quotes looks by default
QUOTE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def quote_files(workbook: str) -> list[Path]:
    """The quote files in the folder beside the workbook (refused when there is none)."""
    folder = Path(workbook).parent / QUOTE_FOLDER
    if not folder.is_dir():
        raise QuoteFileError(
            f"no quote files named and no folder '{QUOTE_FOLDER}' beside the workbook: name the "
            "forwarders' CSV or xlsx files"
        )
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in QUOTE_SUFFIXES)


class QuoteFileError(OrderDeskError):
    """A quote file that cannot be read; the message names the file, row and column."""


# Forwarders' own words for our columns.
_ALIASES: dict[str, Column] = {
    "ref": ForwarderQuotes.quote_ref,
    "quote no": ForwarderQuotes.quote_ref,
    "quotation no": ForwarderQuotes.quote_ref,
    "pol-pod": ForwarderQuotes.lane,
    "routing": ForwarderQuotes.lane,
    "service": ForwarderQuotes.mode,
    "unit": ForwarderQuotes.basis,
    "per": ForwarderQuotes.basis,
    "date": ForwarderQuotes.quote_date,
    "valid to": ForwarderQuotes.valid_until,
    "validity": ForwarderQuotes.valid_until,
    "ccy": ForwarderQuotes.currency,
    "ocean freight": ForwarderQuotes.freight,
    "air freight": ForwarderQuotes.freight,
    "doc fee": ForwarderQuotes.documentation,
    "docs": ForwarderQuotes.documentation,
    "t/t": ForwarderQuotes.transit_days,
    "transit time": ForwarderQuotes.transit_days,
    "transit": ForwarderQuotes.transit_days,
    "free time": ForwarderQuotes.free_days,
}
_PARSE: dict[ColType, Any] = {
    ColType.MONEY: lambda v: float(V.parse_decimal(v)),
    ColType.INT: V.parse_int,
    ColType.DATE: V.parse_date,
}


def _column(header: object) -> Column | None:
    text = norm_header(header)
    return ForwarderQuotes.named(text) or _ALIASES.get(text)


def _rows(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QuoteFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0)
            return [list(r) for r in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine's error types vary by format: name the file
            raise QuoteFileError(f"{path.name}: not a workbook that can be read ({exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def read_quote_file(path: Path) -> list[dict[Column, Any]]:
    rows = _rows(path)
    header_at = next((i for i, r in enumerate(rows) if any(_column(v) for v in r)), None)
    if header_at is None:
        raise QuoteFileError(f"{path.name}: no header row with a quote's columns")
    cols = [_column(v) for v in rows[header_at]]
    missing = [c for c in ForwarderQuotes.columns() if c.required is True and c not in cols]
    if missing:
        raise QuoteFileError(f"{path.name}: no column {', '.join(map(str, missing))}")
    out = []
    for r_no, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if all(V.is_blank(v) for v in row):
            continue
        rec: dict[Column, Any] = {ForwarderQuotes.source_file: path.name}
        for col, value in zip(cols, row, strict=False):
            if col is None or V.is_blank(value):
                continue
            try:
                rec[col] = _PARSE.get(col.type, V.clean_text)(value)
            except V.Unreadable as exc:
                raise QuoteFileError(
                    f"{path.name}, row {r_no}, column '{col}': {value!r}: {exc}; nothing imported"
                ) from exc
        for col in missing + [c for c in ForwarderQuotes.columns() if c.required is True]:
            if col not in rec:
                raise QuoteFileError(f"{path.name}, row {r_no}: '{col}' is empty; nothing imported")
        out.append(rec)
    return out
