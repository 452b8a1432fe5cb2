"""The ribbon as Excel reads it: `ribbon.xml` is valid under Microsoft's customUI schema, and
every built-in image or control it names is an Excel control ID (a name from Access or Word, or
no such name, shows a button without an icon or fails). Both references are vendored in
tests/addin/reference/ with their source and licence."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import xmlschema
from defusedxml import ElementTree as ET
from orderdesk_addin import build, ribbon

REFERENCE = Path(__file__).parent / "reference"
NS_2006 = "http://schemas.microsoft.com/office/2006/01/customui"
NS_2009 = "http://schemas.microsoft.com/office/2009/07/customui"
# What Office 2007's ribbon already had, of what OrderDesk uses (see reference/README.md).
ELEMENTS_2007 = {"customUI", "ribbon", "tabs", "tab", "group", "button", "menu"}
ATTRIBUTES_2007 = {"id", "label", "size", "imageMso", "idMso", "onAction", "screentip", "supertip"}


@cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(REFERENCE / "customui14.xsd"))


@cache
def excel_control_ids() -> frozenset[str]:
    lines = (REFERENCE / "excel-control-ids-m365.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def schema_errors(xml: bytes) -> list[str]:
    """Where and why the document breaks the schema (the 2007 namespace read as 2009's)."""
    text = xml.decode("utf-8").replace(NS_2006, NS_2009)
    return [f"{e.path}: {e.reason}" for e in schema().iter_errors(text)]


def not_excel(xml: bytes) -> list[str]:
    """Every imageMso / idMso that is not an Excel control ID, with the control's id."""
    root = ET.fromstring(xml)
    ids = excel_control_ids()
    return [
        f"{el.get('id')}: {attr}={el.get(attr)!r}"
        for el in root.iter()
        for attr in ("imageMso", "idMso")
        if el.get(attr) is not None and el.get(attr) not in ids
    ]


def beyond_2007(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    out = []
    for el in root.iter():
        tag = el.tag.rpartition("}")[2]
        if tag not in ELEMENTS_2007:
            out.append(f"element {tag}")
        out += [f"{tag}@{a}" for a in el.attrib if a not in ATTRIBUTES_2007]
    return out


SHIPPED = build.RIBBON_XML.read_bytes()


def test_the_ribbon_is_valid_customui():
    assert (
        ET.fromstring(SHIPPED).tag
        == f"{{{ribbon.CUSTOM_UI_NS}}}customUI"
        == f"{{{NS_2006}}}customUI"
    )
    assert schema_errors(SHIPPED) == []
    assert beyond_2007(SHIPPED) == []


def test_every_image_is_an_excel_control():
    assert not_excel(SHIPPED) == []
    images = {c.image for c in ribbon.controls() if c.image}
    assert {"DataValidation", "Help", "SheetProtect", "FileSaveAsExcelXlsx"} <= images


def test_the_shipped_addin_carries_this_ribbon():
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build.BUILT.read_bytes())) as zf:
        assert zf.read("customUI/customUI.xml") == SHIPPED


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('label="Validate"', 'label="Validate" colour="red"', "'colour' attribute not allowed"),
        ('size="large" imageMso="DataValidation"', 'size="huge" imageMso="DataValidation"',
         "must be one of ['normal', 'large']"),
        ('<tabs>', '<tabs><button id="odStray" label="x"/>', f"Tag '{{{NS_2009}}}tab' expected"),
        ('id="odValidate"', 'id="od Validate"', "id='od Validate'"),
    ],
)  # fmt: skip
def test_a_ribbon_that_breaks_the_schema_is_caught(old, new, problem):
    assert SHIPPED.count(old.encode()) == 1
    errors = schema_errors(SHIPPED.replace(old.encode(), new.encode()))
    assert any(problem in e for e in errors), errors


@pytest.mark.parametrize(
    "image", ["ExportExcel", "ReviewAcceptChange", "Info", "PivotTableRefresh"]
)
def test_an_image_excel_does_not_have_is_caught(image):
    """ExportExcel is Access's, ReviewAcceptChange Word's; Info and PivotTableRefresh are no
    control at all. The ribbon once named all four."""
    bad = SHIPPED.replace(b'imageMso="DataValidation"', f'imageMso="{image}"'.encode())
    assert not_excel(bad) == [f"odValidate: imageMso={image!r}"]
    assert schema_errors(bad) == []  # the schema alone cannot tell


def test_an_office_2010_element_is_caught():
    bad = SHIPPED.replace(b"<ribbon>", b"<contextMenus/><ribbon>")
    assert "element contextMenus" in beyond_2007(bad)
