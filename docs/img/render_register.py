"""Render the README picture of the sample register with LibreOffice headless.

    .venv/bin/python docs/img/render_register.py

Takes workbook/SampleRegister.xlsx as it is, limits the print area of the Orders sheet to the
first columns and rows (the whole sheet does not fit a picture), prints it to PDF with LibreOffice
and turns the page into docs/img/sample-register.png with pdftoppm.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "workbook" / "SampleRegister.xlsx"
TARGET = ROOT / "docs" / "img" / "sample-register.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "Orders.xlsx"
        wb = load_workbook(SOURCE)
        for name in wb.sheetnames:
            if name != "Orders":
                wb[name].sheet_state = "hidden"
        ws = wb["Orders"]
        wb.active = wb.sheetnames.index("Orders")
        last = ws.max_row  # the newest orders: every stage, not only closed ones
        ws.print_area = f"A{last - 26}:P{last}"
        ws.print_title_rows = "1:1"
        # One picture: the area on one page, without the register's page titles and footer.
        ws.print_title_cols = None
        ws.page_setup.fitToWidth = 1
        ws.oddFooter.center.text = None
        ws.page_setup.orientation = "landscape"
        ws.print_options.gridLines = True
        wb.save(work)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(work),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "130",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(Path(tmp) / "Orders.pdf"),
                str(TARGET.with_suffix("")),
            ],
            check=True,
            timeout=120,
        )
    crop(TARGET)
    print(f"wrote {TARGET}")


def crop(png: Path, margin: int = 12) -> None:
    """Cut the white page around the table."""
    from PIL import Image, ImageChops

    img = Image.open(png).convert("RGB")
    box = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if box:
        l, t, r, b = box
        img.crop((max(l - margin, 0), max(t - margin, 0), r + margin, b + margin)).save(png)


if __name__ == "__main__":
    main()
