"""LibreOffice, loading the add-in through UNO with the explicit VBA filter, lists every module
with the same source, and the config sheet with its two settings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from orderdesk_addin import build

from tests.libreoffice import SOFFICE, needs_soffice

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-uno (a virtualenv has no uno)
DUMP = Path(__file__).with_name("lo_vba_dump.py")
# What LibreOffice puts on top of each module it imports from VBA
LO_PREFIX = ("Rem Attribute VBA_ModuleType=", "Option VBASupport 1", "Option ClassModule")


def lo_view(source: str) -> str:
    """A module's source as LibreOffice shows it: without VBA's Attribute lines (module and
    member attributes alike)."""
    lines = [line for line in source.split("\n") if not line.startswith("Attribute ")]
    return "\n".join(lines).rstrip("\n")


def strip_prefix(text: str) -> str:
    lines = text.split("\n")
    while lines and lines[0].startswith(LO_PREFIX):
        lines.pop(0)
    return "\n".join(lines).rstrip("\n")


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_lists_every_module_with_the_same_source(tmp_path):
    path = tmp_path / "OrderDesk.xlam"
    path.write_bytes(build.xlam())
    proc = subprocess.run(
        [SYSTEM_PYTHON, str(DUMP), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"SOFFICE": str(SOFFICE), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout)
    modules = {m.name: m for m in build.modules()}
    assert set(seen["modules"]) == set(modules)
    for name, module in modules.items():
        want = lo_view(module.source.replace("\r\n", "\n"))
        assert strip_prefix(seen["modules"][name]) == want, name
    assert seen["sheets"] == {
        "OrderDesk.conf": [["UDF Modules", "orderdesk_udfs"], ["Use UDF Server", 1.0]]
    }
