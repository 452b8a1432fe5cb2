"""Run by Debian's python3 (python3-uno), not the project's: LibreOffice adds a user's sheet with
a chart, a pivot table (DataPilot) and an image to a register, and saves it as xlsx — content
made by another program than ours, as a user's would be.

    /usr/bin/python3 lo_user_content.py SOFFICE REGISTER.xlsx OUT.xlsx IMAGE.png PROFILE_DIR
"""

import subprocess
import sys
import time

import uno
from com.sun.star.awt import Point, Rectangle, Size
from com.sun.star.beans import PropertyValue
from com.sun.star.table import CellAddress, CellRangeAddress


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(soffice, src, dst, image, profile):
    pipe = f"odtest{int(time.time() * 1000) % 100000}"
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),)
        )
        sheets = doc.Sheets
        sheets.insertNewByName("Analysis", sheets.Count)
        sheet = sheets.getByName("Analysis")
        rows = [("Month", "Region", "Sales")]
        rows += [(f"2026-0{m}", r, m * 10 + len(r)) for m in range(1, 5) for r in ("EU", "US")]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = sheet.getCellByPosition(j, i)
                if isinstance(v, str):
                    cell.setString(v)
                else:
                    cell.setValue(v)
        source = CellRangeAddress()
        source.Sheet = sheets.Count - 1
        source.StartColumn, source.StartRow, source.EndColumn, source.EndRow = (
            0,
            0,
            2,
            len(rows) - 1,
        )
        # a chart of sales
        rect = Rectangle()
        rect.X, rect.Y, rect.Width, rect.Height = 9000, 500, 12000, 7000
        sheet.Charts.addNewByName("SalesChart", rect, (source,), True, True)
        # a pivot table: sales by region
        pilots = sheet.getDataPilotTables()
        desc = pilots.createDataPilotDescriptor()
        desc.setSourceRange(source)
        fields = desc.getDataPilotFields()
        region = fields.getByIndex(1)
        region.Orientation = uno.Enum("com.sun.star.sheet.DataPilotFieldOrientation", "ROW")
        sales = fields.getByIndex(2)
        sales.Orientation = uno.Enum("com.sun.star.sheet.DataPilotFieldOrientation", "DATA")
        sales.Function = uno.Enum("com.sun.star.sheet.GeneralFunction", "SUM")
        where = CellAddress()
        where.Sheet, where.Column, where.Row = sheets.Count - 1, 4, 20
        pilots.insertNewByName("SalesByRegion", where, desc)
        # an image
        shape = doc.createInstance("com.sun.star.drawing.GraphicObjectShape")
        provider = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.graphic.GraphicProvider", ctx
        )
        shape.Graphic = provider.queryGraphic((prop("URL", uno.systemPathToFileUrl(image)),))
        sheet.DrawPage.add(shape)
        size = Size()
        size.Width, size.Height = 3000, 3000
        shape.setSize(size)
        pos = Point()
        pos.X, pos.Y = 500, 9000
        shape.setPosition(pos)
        doc.storeToURL(
            uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),)
        )
        doc.close(True)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main(*sys.argv[1:6])
