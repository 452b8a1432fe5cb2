"""OrderDesk.xlam: built from text, the same bytes every time, and what is inside is exactly the
sources (read back by olevba, olefile and python-calamine, independent readers)."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from defusedxml import ElementTree as ET
from orderdesk_addin import build, udf_wrappers
from python_calamine import CalamineWorkbook

with warnings.catch_warnings():  # oletools 0.60.2 calls pyparsing names that now warn on import
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

from orderdesk.cli import main

TEMPLATE = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


@pytest.fixture(scope="module")
def built() -> bytes:
    return build.xlam()


def vba_of(data: bytes) -> dict[str, str]:
    """Module name → source as olevba extracts it from an Office file's bytes."""
    parser = VBA_Parser("addin.xlam", data=data)
    try:
        return {stream.rpartition("/")[2]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def committed(name: str) -> str:
    source = next(s for s in build.SOURCES if s.name == name)
    return (build.VBA_DIR / source.file).read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(built):
    assert build.xlam() == built


def test_the_shipped_addin_is_a_fresh_build(built):
    assert build.BUILT.read_bytes() == built, (
        "addin/OrderDesk.xlam is out of date: run `orderdesk addin build` and commit it"
    )


def test_the_cli_builds_the_same_bytes_twice(tmp_path, built):
    a, b = tmp_path / "a" / "OrderDesk.xlam", tmp_path / "b.xlam"
    assert main(["addin", "build", "--out", str(a)]) == 0
    assert main(["addin", "build", "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes() == built


def test_zip_entries_carry_no_time_or_host(built):
    with zipfile.ZipFile(io.BytesIO(built)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names[0] == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.create_system for i in infos} == {0}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
        assert zf.read("customUI/customUI.xml") == build.RIBBON_XML.read_bytes()


def test_olevba_extracts_exactly_the_committed_vba(built):
    extracted = vba_of(built)
    assert set(extracted) == {s.name for s in build.SOURCES}
    for source in build.SOURCES:
        want = committed(source.name)
        if source.name == "xlwings":
            want = want.replace(
                build.XLWINGS_NAME_LINE.format("myaddin"),
                build.XLWINGS_NAME_LINE.format("OrderDesk"),
            )
        assert extracted[source.name] == want.replace("\n", "\r\n"), source.name


def test_the_xlwings_module_differs_from_the_committed_one_in_its_project_name_only(built):
    ours = vba_of(built)["xlwings"].split("\r\n")
    theirs = committed("xlwings").split("\n")
    diff = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert diff == [
        (
            'Public Const PROJECT_NAME As String = "OrderDesk"',
            'Public Const PROJECT_NAME As String = "myaddin"',
        )
    ]


@pytest.mark.parametrize("name", ["xlwings", "Dictionary"])
def test_the_committed_xlwings_modules_still_equal_the_pinned_packages(name):
    template = vba_of(TEMPLATE.read_bytes())
    assert template[name].replace("\r\n", "\n") == committed(name), (
        f"addin/vba/{name} differs from xlwings {xlwings.__version__}'s add-in template: "
        "extract it again (see addin/build.py)"
    )
    assert "xlwings64-" + xlwings.__version__ + ".dll" in committed("xlwings") or name != "xlwings"


def test_the_generated_modules_are_what_xlwings_generates_now():
    msg = "run `orderdesk addin generate`, then `orderdesk addin build`, and commit both"
    assert committed("OrderDeskUdfs") == udf_wrappers.wrapper_module(), msg
    assert committed("FunctionHelp") == udf_wrappers.help_module(), msg


def test_the_project_lists_every_module_with_its_kind(built):
    with zipfile.ZipFile(io.BytesIO(built)) as zf:
        ole = olefile.OleFileIO(io.BytesIO(zf.read("xl/vbaProject.bin")))
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert project[1:8] == [
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Module=xlwings",
        "Class=Dictionary",
        "Module=Ribbon",
        "Module=OrderDeskUdfs",
        "Module=FunctionHelp",
    ]
    assert 'Name="OrderDesk"' in project
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x01\x00"


def test_the_config_sheet_holds_the_udf_module_and_the_udf_server(tmp_path, built):
    path = tmp_path / "OrderDesk.xlam"
    path.write_bytes(built)
    wb = CalamineWorkbook.from_path(str(path))  # openpyxl does not open add-ins
    assert wb.sheet_names == ["OrderDesk.conf"]
    assert wb.get_sheet_by_name("OrderDesk.conf").to_python() == [
        ["UDF Modules", "orderdesk_udfs"],
        ["Use UDF Server", True],
    ]
    # the document modules' names are the workbook's and the sheet's code names
    with zipfile.ZipFile(path) as zf:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    main_ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    assert workbook.find(f"{main_ns}workbookPr").get("codeName") == "ThisWorkbook"
    assert sheet.find(f"{main_ns}sheetPr").get("codeName") == "Sheet1"


def test_the_parts_are_wired_as_an_addin_with_a_ribbon(built):
    with zipfile.ZipFile(io.BytesIO(built)) as zf:
        types = ET.fromstring(zf.read("[Content_Types].xml"))
        rels = ET.fromstring(zf.read("_rels/.rels"))
        ui = ET.fromstring(zf.read("customUI/customUI.xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    targets = {r.get("Target"): r.get("Type") for r in rels}
    # customUI in the 2006/01 namespace pairs with the 2006 relationship type
    assert ui.tag == "{http://schemas.microsoft.com/office/2006/01/customui}customUI"
    assert targets["customUI/customUI.xml"] == (
        "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
    )


def test_every_button_calls_the_one_generic_callback():
    ribbon_vba = committed("Ribbon")
    assert "Public Sub OnAction(control As IRibbonControl)" in ribbon_vba
    assert "orderdesk_addin.run('\" & control.Id & \"')" in ribbon_vba


def test_a_module_without_its_name_line_is_refused(tmp_path):
    for source in build.SOURCES:
        (tmp_path / source.file).write_text(committed(source.name), encoding="utf-8")
    (tmp_path / "Ribbon.bas").write_text("Sub OnAction()\nEnd Sub\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"Ribbon.bas: the first line must be"):
        build.xlam(vba_dir=tmp_path)


def test_generate_writes_the_committed_modules(tmp_path):
    written = build.generate(tmp_path)
    assert [p.name for p in written] == ["OrderDeskUdfs.bas", "FunctionHelp.bas"]
    for path in written:
        assert path.read_text(encoding="utf-8") == (build.VBA_DIR / path.name).read_text(
            encoding="utf-8"
        )


def test_the_demo_builds_the_addin_into_its_folder(tmp_path, built):
    from orderdesk.cli.addin import _demo_addin
    from orderdesk.demo import DemoContext, steps

    assert any(s.order == 90 and s.run is _demo_addin for s in steps())
    outcome = _demo_addin(DemoContext(out=tmp_path, register=tmp_path / "r.xlsx"))
    assert (tmp_path / "OrderDesk.xlam").read_bytes() == built
    assert outcome.summary.startswith(f"wrote {tmp_path / 'OrderDesk.xlam'}")
    assert "7 VBA modules" in outcome.summary
