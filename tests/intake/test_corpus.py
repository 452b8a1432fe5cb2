"""The bench's corpus: six layouts in five languages, each file readable by a reader we did not
write (pypdf, openpyxl, the e-mail parser, Pillow) and holding the truth written beside it; and
on its typed and text files Import PO writes no field wrong and no order to a wrong customer."""

from __future__ import annotations

import email
import email.policy
import io
from collections import Counter
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from orderdesk.adapters.intake import read_bytes
from orderdesk.domain.intake import CustomerRef, ProductRef, interpret, read_po
from orderdesk.sample.intake_corpus import LANGS, LAYOUTS, CorpusPO, corpus
from orderdesk.sample.master import CUSTOMERS, PRODUCTS


@pytest.fixture(scope="module")
def items() -> list[CorpusPO]:
    return corpus(19)


def _text(item: CorpusPO) -> str:
    if item.name.endswith(".pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(item.data)).pages)
    if item.name.endswith(".xlsx"):
        ws = load_workbook(io.BytesIO(item.data)).active
        return "\n".join(
            " ".join(str(v) for v in r if v is not None) for r in ws.iter_rows(values_only=True)
        )
    if item.name.endswith(".eml"):
        msg = email.message_from_bytes(item.data, policy=email.policy.default)
        return msg.get_body().get_content()  # type: ignore[union-attr]
    return item.data.decode("utf-8")


def test_every_layout_in_every_language_with_its_truth(items: list[CorpusPO]) -> None:
    assert Counter((i.layout, i.language) for i in items) == {
        (layout, lang): 1 for layout in LAYOUTS for lang in LANGS
    }
    for item in items:
        if item.channel == "scan":
            image = Image.open(io.BytesIO(item.data))
            assert image.size[0] > 1000 and image.size[1] > 1500, item.name
            continue
        text = _text(item)
        assert item.truth["Customer PO"] in text, item.name
        for line in item.truth["lines"]:
            assert line["SKU"] in text or item.layout in ("customer-xlsx", "erp-csv"), item.name
    two_page = next(i for i in items if i.layout == "two-page-pdf")
    assert len(PdfReader(io.BytesIO(two_page.data)).pages) == 2


def test_typed_and_text_files_are_read_without_a_wrong_field(items: list[CorpusPO]) -> None:
    customers = [
        CustomerRef(
            c.id, c.name, c.aliases, c.email, c.vat or None, c.country, c.language, c.currency
        )
        for c in CUSTOMERS
    ]
    products = [ProductRef(p.sku, p.description, p.description_zh, p.unit) for p in PRODUCTS]
    right = total = 0
    for item in (i for i in items if i.channel != "scan"):
        got = interpret(read_po(read_bytes(item.name, item.data)), customers, products)
        assert got.customer.id == item.truth["Customer"], item.name
        for n, want in enumerate(item.truth["lines"]):
            line = got.lines[n]
            for field in ("SKU", "Qty", "Unit", "Unit Price"):
                v = line.get(field)
                total += 1
                if v.sure(0.9):
                    same = str(v.value) == want[field] or (
                        field in ("Qty", "Unit Price")
                        and Decimal(str(v.value)) == Decimal(str(want[field]))
                    )
                    assert same, (item.name, n, field, v.value, want[field])
                    right += 1
    assert right / total >= 0.97
