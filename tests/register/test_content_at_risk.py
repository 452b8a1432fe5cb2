"""Content openpyxl would drop — Excel 2010 icon sets and data validations (x14 extension
elements), a sheet background picture, custom views — is kept by the part writer, even on the
sheet it rewrites; the openpyxl writer (the oracle) names it in its refusal and writes nothing.
The workbooks are made by hand, part by part, as Excel writes these features (openpyxl cannot
write them); a save with --allow-loss shows that openpyxl would indeed drop each."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from orderdesk.adapters import workbook_safety as safety
from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import WouldLoseContent
from orderdesk.schema import Orders
from tests.quotes.conftest import run
from tests.register.hostile import sheet_part

ICON_SET = (
    b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b"<x14:conditionalFormattings><x14:conditionalFormatting "
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:cfRule type="iconSet" priority="1" id="{1F2E3D4C-0000-4000-8000-000000000001}">'
    b'<x14:iconSet iconSet="3Stars"><x14:cfvo type="percent"><xm:f>0</xm:f></x14:cfvo>'
    b'<x14:cfvo type="percent"><xm:f>33</xm:f></x14:cfvo><x14:cfvo type="percent">'
    b"<xm:f>67</xm:f></x14:cfvo></x14:iconSet></x14:cfRule><xm:sqref>X2:X100</xm:sqref>"
    b"</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
)
LIST_FROM_SHEET = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Customers!$A$2:$A$50'
    b"</xm:f></x14:formula1><xm:sqref>B2:B500</xm:sqref></x14:dataValidation>"
    b"</x14:dataValidations></ext></extLst>"
)
CUSTOM_VIEWS = (
    b'<customSheetViews><customSheetView guid="{5A6B7C8D-0000-4000-8000-000000000002}" '
    b'scale="90"><selection activeCell="A1" sqref="A1"/></customSheetView></customSheetViews>'
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000000000200015e2a3c480000000049454e44ae426082"
)


def _edit_sheet(path: Path, sheet: str, edit, extra: dict[str, bytes] | None = None) -> None:
    part = sheet_part(path, sheet)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = edit(data)
            if extra and info.filename in extra:
                data = extra.pop(info.filename)
            dst.writestr(info, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    tmp.replace(path)


def _before_end(snippet: bytes):
    return lambda xml: xml.replace(b"</worksheet>", snippet + b"</worksheet>")


def _background(path: Path) -> None:
    part = sheet_part(path, Orders.sheet)
    folder, name = part.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{name}.rels"
    with zipfile.ZipFile(path) as zf:
        rels = zf.read(rels_name) if rels_name in zf.namelist() else None
        types = zf.read("[Content_Types].xml")
    rel = (
        b'<Relationship Id="rIdBg" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="../media/background.png"/>'
    )
    rels = (
        rels.replace(b"</Relationships>", rel + b"</Relationships>")
        if rels
        else b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships">' + rel + b"</Relationships>"
    )
    if b'Extension="png"' not in types:
        types = types.replace(
            b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>'
        )

    def add_picture(xml: bytes) -> bytes:
        tag = b'<picture xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdBg"/>'
        at = xml.find(b"<tableParts")
        return (
            xml[:at] + tag + xml[at:]
            if at != -1
            else xml.replace(b"</worksheet>", tag + b"</worksheet>")
        )

    _edit_sheet(
        path,
        Orders.sheet,
        add_picture,
        {rels_name: rels, "xl/media/background.png": PNG, "[Content_Types].xml": types},
    )


FEATURES = {
    "icon set": (lambda p: _edit_sheet(p, Orders.sheet, _before_end(ICON_SET)), "Excel 2010 conditional formats (icon sets, data bars) on sheet 'Orders'", b"iconSet"),
    "list from another sheet": (lambda p: _edit_sheet(p, Orders.sheet, _before_end(LIST_FROM_SHEET)), "Excel 2010 data validations (lists from another sheet) on sheet 'Orders'", b"x14:dataValidation"),
    "background": (_background, "background picture on sheet 'Orders'", b"<picture"),
    "custom views": (lambda p: _edit_sheet(p, Orders.sheet, lambda x: x.replace(b"</sheetData>", b"</sheetData>" + CUSTOM_VIEWS)), "custom views on sheet 'Orders'", b"customSheetView"),
}  # fmt: skip


@pytest.mark.parametrize("feature", list(FEATURES))
def test_content_openpyxl_would_drop_is_kept_on_the_sheet_validate_rewrites(
    make_register, capsys, feature: str
) -> None:
    add, _named, marker = FEATURES[feature]
    path = make_register(
        {
            Orders: [
                {
                    Orders.order_id: "SO-1",
                    Orders.customer: "CU-1",
                    Orders.order_date: dt.date(2026, 3, 2),
                }
            ]
        }
    )
    assert safety.content_at_risk(path) == []  # the plain register carries nothing at risk
    add(path)
    code, out, err = run(capsys, "validate", path)
    assert code == 1, out + err  # saved: findings, no refusal
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(sheet_part(path, Orders.sheet))
    assert marker in xml  # kept on the sheet whose Check column was written
    assert FileRegister(path).read(Orders).frame.at[2, Orders.check]


@pytest.mark.parametrize("feature", list(FEATURES))
def test_the_openpyxl_writer_names_what_it_would_drop_and_writes_nothing(
    make_register, feature: str
) -> None:
    add, named, marker = FEATURES[feature]
    path = make_register({Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}]})
    add(path)
    before = path.read_bytes()
    reg = FileRegister(path, writer="openpyxl")
    reg.update(Orders, {("SO-1",): {Orders.check: "ok"}})
    with pytest.raises(WouldLoseContent) as caught:
        reg.save()
    assert caught.value.losses == [named] and "Nothing was written" in str(caught.value)
    assert path.read_bytes() == before
    # and it is a real loss: a save that is allowed to lose drops it
    reg = FileRegister(path, writer="openpyxl", allow_loss=True)
    reg.update(Orders, {("SO-1",): {Orders.check: "ok"}})
    reg.save()
    with zipfile.ZipFile(path) as zf:
        assert marker not in zf.read(sheet_part(path, Orders.sheet))
