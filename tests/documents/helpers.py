"""Reading what a document says, as a customer's PDF reader would."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from orderdesk.actions.base import Outcome
from orderdesk.actions.documents import make_documents
from orderdesk.adapters.file_register import FileRegister
from orderdesk.schema import DocKind, Documents


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace-insensitive, for phrases a line break may cut."""
    return " ".join(text.split())


def documents_rows(register: Path) -> list[dict]:
    return FileRegister(register).read(Documents).records()


def make(reg: Path, out: Path, *orders: str, kinds=(DocKind.PI,), lang=None, **kw) -> Outcome:
    """Documents of `kinds` for `orders`, as the user "tester" makes them."""
    return make_documents(
        FileRegister(reg, user="tester"),
        kinds=kinds,
        order_ids=list(orders),
        lang=lang,
        out_dir=out,
        **kw,
    )


def made_pdf(outcome: Outcome, kind: DocKind, order: str) -> Path:
    doc = next(
        d for d in outcome.data["documents"] if d["kind"] == kind.value and d["order"] == order
    )
    return Path(doc["pdf"])
