"""A scanned purchase order (drawn here by hand as a page image, tilted and noisy) is read by
the OCR engine that ships its models in its wheel, and becomes its order."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from orderdesk.schema import OrderLines, Orders
from tests.intake import pos as P
from tests.intake.conftest import rows, run

FONT = Path(__file__).resolve().parents[2] / "orderdesk" / "adapters" / "fonts" / "DejaVuSans.ttf"

PAGE = [
    (60, 50, "Lakeshore Home Goods Inc.", 30),
    (60, 95, "2150 W Fulton St, Chicago, IL 60612, USA", 18),
    (60, 170, "PURCHASE ORDER", 24),
    (60, 220, "PO Number: 4500077001", 20),
    (60, 255, "PO Date: 2026-06-12", 20),
    (60, 290, "Delivery date: 2026-08-28", 20),
    (60, 325, "Terms of delivery: FOB Ningbo", 20),
    (60, 360, "Payment terms: T/T 30% deposit, 70% against copy of B/L", 20),
    (60, 395, "Currency: USD", 20),
    (60, 470, "Item No.", 20), (260, 470, "Description", 20), (860, 470, "Qty", 20),
    (1010, 470, "Unit", 20), (1130, 470, "Unit Price", 20), (1340, 470, "Amount", 20),
    (60, 515, "KW-2004", 20), (260, 515, "Chef's knife 8\"", 20), (860, 515, "800", 20),
    (1010, 515, "pcs", 20), (1130, 515, "2.95", 20), (1340, 515, "2,360.00", 20),
    (60, 555, "TX-3003", 20), (260, 555, "Cotton terry bath towel 70x140 cm", 20),
    (860, 555, "1,500", 20), (1010, 555, "pcs", 20), (1130, 555, "2.20", 20),
    (1340, 555, "3,300.00", 20),
    (1130, 620, "Total: USD 5,660.00", 20),
]  # fmt: skip


def scanned_page() -> bytes:
    rng = random.Random(3)
    img = Image.new("L", (1550, 800), 248)
    draw = ImageDraw.Draw(img)
    for x, y, text, size in PAGE:
        draw.text((x, y), text, font=ImageFont.truetype(str(FONT), size), fill=rng.randint(15, 60))
    img = Image.blend(img, Image.effect_noise(img.size, 20), 0.1).filter(
        ImageFilter.GaussianBlur(0.5)
    )
    img = img.rotate(1.3, expand=True, fillcolor=240, resample=Image.BICUBIC)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_a_scanned_po_becomes_its_order(register: Path, tmp_path: Path) -> None:
    po = P.write(tmp_path, "scan.png", scanned_page())
    code, result, err = run(register, po)
    assert code in (0, 1), err
    order = rows(register, Orders)[-1]
    assert order["Customer"] == "CU-US" and order["Source File"] == "scan.png"
    assert order["Customer PO"] == "4500077001"
    assert (order["Incoterm"], order["Named Place"], order["Currency"]) == ("FOB", "Ningbo", "USD")
    assert order["Payment Terms"] == "TT30-70 BL"
    lines = [ln for ln in rows(register, OrderLines) if ln["Order ID"] == order["Order ID"]]
    assert [(ln["SKU"], ln["Qty"], ln["Unit Price"]) for ln in lines] == [
        ("KW-2004", 800, 2.95),
        ("TX-3003", 1500, 2.2),
    ]
    assert result["orders"][0]["channel"] == "scan"
    assert any(
        f["Source"].startswith("scan.png, page 1, line") for f in result["orders"][0]["fields"]
    )


def test_without_the_ocr_engine_a_scan_is_refused_with_the_way_to_install_it(
    register: Path, tmp_path: Path, monkeypatch
) -> None:
    import builtins

    from orderdesk.adapters.intake import ocr

    real = builtins.__import__

    def no_ocr(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("rapidocr_onnxruntime"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    ocr.engine.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_ocr)
    try:
        code, _, err = run(register, P.write(tmp_path, "scan.png", scanned_page()))
    finally:
        ocr.engine.cache_clear()
    assert code == 2
    assert "scan.png" in err and "pip install 'orderdesk[ocr]'" in err
    assert rows(register, Orders) == []
