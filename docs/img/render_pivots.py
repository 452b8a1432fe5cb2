"""Render docs/kpi.md's picture of the Pivots sheet with LibreOffice headless.

    .venv/bin/python docs/img/render_pivots.py

Copies workbook/SampleRegister.xlsx, runs Refresh KPIs on it (which adds the Pivots sheet), hides
every other sheet in workbook.xml (the PivotTables' sources stay readable: LibreOffice still
computes them) and drops the print areas, prints it to PDF with LibreOffice and turns the page
that starts the Pivots sheet into docs/img/pivots.png with pdftoppm.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "workbook" / "SampleRegister.xlsx"
TARGET = ROOT / "docs" / "img" / "pivots.png"
SHEET = "Pivots"


def _only(src: Path, dst: Path, sheet: str) -> None:
    def hide(m: re.Match[str]) -> str:
        tag = re.sub(r' state="[^"]*"', "", m.group(0))
        return (
            tag if f'name="{sheet}"' in tag else tag.replace("<sheet ", '<sheet state="hidden" ', 1)
        )

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = re.sub(r"<sheet [^>]*/>", hide, data.decode())
                text = re.sub(
                    r'<definedName name="_xlnm\.Print_\w+"[^>]*>[^<]*</definedName>', "", text
                )
                data = text.encode()
            zout.writestr(info, data)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "Register.xlsx"
        work.write_bytes(SOURCE.read_bytes())
        env = {**os.environ, "ORDERDESK_TODAY": "2026-11-30"}
        subprocess.run([str(ROOT / ".venv/bin/orderdesk"), "kpi", str(work)], env=env, check=False)
        shown = Path(tmp) / "Pivots.xlsx"
        _only(work, shown, SHEET)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(shown),
            ],
            check=True,
            capture_output=True,
        )
        pdf = Path(tmp) / "Pivots.pdf"
        pages = int(
            re.search(r"Pages:\s+(\d+)", subprocess.check_output(["pdfinfo", str(pdf)], text=True))[
                1
            ]
        )
        for page in range(1, pages + 1):
            text = subprocess.check_output(
                ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], text=True
            )
            if "PivotTables over" in text:
                break
        prefix = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        TARGET.write_bytes(prefix.with_suffix(".png").read_bytes())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
