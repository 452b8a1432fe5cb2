"""Reading a document back as a bank's checker reads it, with readers we did not write.

pypdf reads the font dictionaries and the text; poppler's `pdftotext` (when installed) gives the
text in reading order after its own bidi pass, `pdfinfo` the PDF/A identification. Amounts are
parsed with Babel's number parser for the document's locale, never with our formatter.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from babel.numbers import parse_decimal
from pypdf import PdfReader

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
PDFINFO = shutil.which("pdfinfo")
PDFFONTS = shutil.which("pdffonts")
LOCALES = {"en": "en_GB", "de": "de_DE", "es": "es_ES", "fr": "fr_FR", "zh-CN": "zh_CN"}


def pages(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return [p.extract_text() or "" for p in reader.pages]


def poppler_text(path: Path) -> str:
    """pdftotext's reading of the whole file (raw order, no layout)."""
    assert PDFTOTEXT, "poppler's pdftotext is needed"
    return subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@dataclass(frozen=True)
class FontUse:
    name: str
    subtype: str
    embedded: bool


def fonts(path: Path) -> list[FontUse]:
    """Every font the pages use, with whether its program is in the file (as pdffonts shows)."""
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    out: dict[str, FontUse] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for ref in (resources.get_object().get("/Font") or {}).values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font.get("/BaseFont"))
            out[name] = FontUse(name, str(font.get("/Subtype")), embedded)
    return list(out.values())


def xmp(path: Path) -> str:
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    meta = reader.trailer["/Root"].get_object().get("/Metadata")
    return meta.get_object().get_data().decode("utf-8") if meta is not None else ""


def amounts_after(text: str, label: str, lang: str) -> list[Decimal]:
    """The amounts written right after each occurrence of `label` ("Balance due USD 1,234.50")."""
    found = []
    number = r"−?\s?(?:[A-Z]{3}\s)?([0-9][0-9.,\u00a0\u202f ]*[0-9])"
    for m in re.finditer(re.escape(label) + r"\s*" + number, text):
        raw = m.group(1).replace("\u202f", "\u00a0")
        found.append(parse_decimal(raw, locale=LOCALES[lang], strict=False))
    return found
