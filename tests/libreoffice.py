"""LibreOffice headless as an independent reader of what OrderDesk writes.

Each call uses its own user profile (so tests can run side by side) whose settings make Calc
recalculate every formula on load. `convert()` returns the converted file's path; a workbook that
LibreOffice cannot open gives no output file and an AssertionError with its messages.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(
    src: Path, fmt: str, outdir: Path, *, timeout: float = 180, sheet: str | None = None
) -> Path:
    """`soffice --convert-to fmt` with a private, recalculating profile. A CSV export of one
    `sheet` (picked in the filter's options) is written as "<name>-<sheet>.csv"."""
    assert SOFFICE, "LibreOffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as prof:
        user = Path(prof) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_XCU)
        proc = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{prof}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    ext = fmt.split(":")[0]
    out = outdir / (f"{src.stem}-{sheet}.{ext}" if sheet else f"{src.stem}.{ext}")
    assert out.exists(), f"LibreOffice could not open {src.name}:\n{proc.stdout}\n{proc.stderr}"
    return out


def recalculated(src: Path, outdir: Path) -> Path:
    """The workbook as LibreOffice sees it, every formula computed (read with data_only=True)."""
    return convert(src, "xlsx", outdir)
