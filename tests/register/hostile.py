"""Hostile registers built without our writer: what Excel itself can store but openpyxl will not
write (control characters as `_x0007_`, a value in the sheet's last cell), put into the package
parts by hand."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path


def replace_in_parts(path: Path, replacements: dict[bytes, bytes]) -> None:
    """Rewrite the workbook's XML parts with byte replacements (placeholders → raw XML text)."""
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                for old, new in replacements.items():
                    data = data.replace(old, new)
            dst.writestr(info, data)
    shutil.move(tmp, path)


def sheet_part(path: Path, sheet: str) -> str:
    """The worksheet part of a sheet (from the workbook's relationships)."""
    with zipfile.ZipFile(path) as zf:
        wb = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', wb)
    assert rid, sheet
    target = re.search(rf'Id="{rid[1]}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid[1]}"', rels
    )
    assert target
    t = target[1].lstrip("/")
    return t if t.startswith("xl/") else f"xl/{t}"


def add_far_cell(path: Path, sheet: str, ref: str = "XFD1048576", text: str = "stray") -> None:
    """A value in a far cell, as Excel writes it (the row appended to sheetData)."""
    part = sheet_part(path, sheet)
    row = re.sub(r"[A-Z]+", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = data.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{ref}"/>'.encode(), data
                )
            dst.writestr(info, data)
    shutil.move(tmp, path)
