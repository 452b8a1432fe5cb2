"""Readers of purchase orders: each file kind comes out as a `Source` (lines of cells with
where each sits), for the intake domain to read the order from.

| kind | reader |
|---|---|
| `.eml` | the standard library's `email` (body, then each attachment) |
| `.msg` | `extract-msg` (Outlook) |
| `.pdf` | `pdfplumber` (words with positions); a page without text is a scan: OCR |
| `.png` `.jpg` `.tif` … | OCR (`rapidocr-onnxruntime`, models inside the wheel; extra `orderdesk[ocr]`) |
| `.xlsx` `.xls` `.xlsm` `.ods` | `python-calamine`, the customer's own layout |
| `.csv` `.txt` | the standard library's `csv` (delimiter and encoding sniffed) |

Everything that cannot be read raises `IntakeError` naming the file (and page or line).
"""

from __future__ import annotations

from pathlib import Path

from orderdesk.domain.intake.source import IntakeError, Source

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
SHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (".eml", ".msg", ".pdf", ".csv", ".txt", *SHEETS, *IMAGES)


def read_bytes(name: str, data: bytes) -> Source:
    """One purchase order file, by its name's suffix."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise IntakeError(f"{name}: the file is empty")
    if suffix == ".eml":
        from orderdesk.adapters.intake.mail import read_eml

        return read_eml(name, data)
    if suffix == ".msg":
        from orderdesk.adapters.intake.mail import read_msg

        return read_msg(name, data)
    if suffix == ".pdf":
        from orderdesk.adapters.intake.pdf import read_pdf

        return read_pdf(name, data)
    if suffix in IMAGES:
        from orderdesk.adapters.intake.ocr import read_image

        return read_image(name, data)
    if suffix in SHEETS:
        from orderdesk.adapters.intake.sheet import read_workbook

        return read_workbook(name, data)
    if suffix in (".csv", ".txt"):
        from orderdesk.adapters.intake.sheet import read_csv

        return read_csv(name, data)
    raise IntakeError(f"{name}: not a kind of file Import PO reads ({', '.join(SUFFIXES)})")


def read_file(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return read_bytes(path.name, data)
