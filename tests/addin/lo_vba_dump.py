"""Run by Debian's /usr/bin/python3 (python3-uno): load an .xlam in LibreOffice through UNO with
the explicit VBA filter and print every Basic module's source, the sheet names and the used cells
as JSON. LibreOffice is an independent reader of what the build wrote."""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(path):
    soffice = os.environ.get("SOFFICE", "soffice")
    profile = tempfile.mkdtemp(prefix="lo-uno-")
    pipe = f"orderdesk_test_{os.getpid()}"
    proc = subprocess.Popen(
        [
            soffice,
            "-env:UserInstallation=file://" + profile,
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(path)),
            "_blank",
            0,
            (
                prop("Hidden", True),
                # type detection does not recognise .xlam: name the filter
                prop("FilterName", "Calc MS Excel 2007 VBA XML"),
                prop("MacroExecutionMode", 0),  # never run Workbook_Open
            ),
        )
        if doc is None:
            raise SystemExit(f"LibreOffice could not load {path}")
        out = {"modules": {}, "sheets": {}}
        libraries = doc.BasicLibraries
        for lib in libraries.getElementNames():
            libraries.loadLibrary(lib)
            modules = libraries.getByName(lib)
            for name in modules.getElementNames():
                out["modules"][name] = modules.getByName(name)
        for name in doc.Sheets.getElementNames():
            sheet = doc.Sheets.getByName(name)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            end = cursor.getRangeAddress()
            cells = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
            out["sheets"][name] = [list(row) for row in cells]
        doc.close(True)
        with contextlib.suppress(Exception):  # the process may already be going
            desktop.terminate()
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
