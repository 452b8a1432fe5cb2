"""Reading what a document says, as a customer's PDF reader would."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from orderdesk.adapters.file_register import FileRegister
from orderdesk.schema import Documents


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace-insensitive, for phrases a line break may cut."""
    return " ".join(text.split())


def documents_rows(register: Path) -> list[dict]:
    return FileRegister(register).read(Documents).records()
