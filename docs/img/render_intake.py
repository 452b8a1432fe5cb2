"""Render the pictures of docs/intake.md: a purchase order, and the order Import PO made of it.

    .venv/bin/python docs/img/render_intake.py

Takes the German table PO of the intake corpus (orderdesk/sample/intake_corpus.py), imports it
into a copy of workbook/SampleRegister.xlsx with `orderdesk intake`, prints the PO's first page
with pdftoppm and the new rows of Orders and OrderLines (the columns Import PO fills) with
LibreOffice, into docs/img/intake-po.png and docs/img/intake-order.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from orderdesk.sample.intake_corpus import corpus

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"
PO = "table-pdf-de.pdf"
SHOWN = {
    "Orders": ("Order ID", "Customer", "Customer PO", "Order Date", "Stage", "Currency", "Incoterm",
               "Named Place", "Payment Terms", "Requested Delivery", "Ship-to Country", "Order Total",
               "Source File"),
    "OrderLines": ("Order ID", "Line", "SKU", "Description", "Qty", "Unit", "Unit Price", "Amount"),
}  # fmt: skip


def _crop_white(path: Path, margin: int = 20) -> None:
    img = Image.open(path).convert("RGB")
    grey = img.convert("L").point(lambda v: 255 if v < 245 else 0)
    box = grey.getbbox()
    if box:
        l, t, r, b = box
        img.crop((max(l - margin, 0), max(t - margin, 0), r + margin, b + margin)).save(path)


def main() -> None:
    item = next(i for i in corpus() if i.name == PO)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / PO).write_bytes(item.data)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(work / PO), str(IMG / "intake-po")], check=True)  # fmt: skip
        page = Image.open(IMG / "intake-po.png")
        page.crop((0, 0, page.width, page.height * 2 // 5)).save(IMG / "intake-po.png")  # no footer
        _crop_white(IMG / "intake-po.png")
        register = work / "Register.xlsx"
        shutil.copy(ROOT / "workbook" / "SampleRegister.xlsx", register)
        env = {**os.environ, "ORDERDESK_TODAY": "2026-11-15"}
        orderdesk = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "orderdesk"
        subprocess.run([str(orderdesk), "intake", str(register), str(work / PO), "--user", "docs"],
                       env=env, capture_output=True)  # fmt: skip
        wb = load_workbook(register)
        order_id = wb["Orders"].cell(wb["Orders"].max_row, 1).value
        for name in wb.sheetnames:
            ws = wb[name]
            if name not in SHOWN:
                ws.sheet_state = "hidden"
                continue
            head = [c.value for c in ws[1]]
            for i, h in enumerate(head, start=1):
                ws.column_dimensions[ws.cell(1, i).column_letter].hidden = h not in SHOWN[name]
            mine = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == order_id]
            for r in range(2, ws.max_row + 1):
                ws.row_dimensions[r].hidden = r not in mine
            ws.print_area = f"A1:{ws.cell(1, len(head)).column_letter}{max(mine)}"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_options.gridLines = True
        wb.active = wb.sheetnames.index("Orders")
        shown = work / "Order.xlsx"
        wb.save(shown)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", tmp, str(shown)],
                       check=True, capture_output=True, timeout=180)  # fmt: skip
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(work / "Order.pdf"), str(work / "page")],
                       check=True)  # fmt: skip
        pages = sorted(work.glob("page*.png"))
        for p in pages:
            _crop_white(p)
        images = [Image.open(p) for p in pages]
        sheet = Image.new(
            "RGB", (max(i.width for i in images), sum(i.height + 20 for i in images)), "white"
        )
        y = 0
        for i in images:
            sheet.paste(i, (0, y))
            y += i.height + 20
        sheet.save(IMG / "intake-order.png")
    print(f"wrote {IMG / 'intake-po.png'} and {IMG / 'intake-order.png'} ({order_id})")


if __name__ == "__main__":
    main()
