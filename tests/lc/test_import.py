"""Import L/C: messages as banks send them (with or without envelope, MT701, MT707), refusals
of malformed messages naming line and tag with the register byte-identical, amendments kept,
and the LCs row typed by hand read with the same rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from orderdesk.cli import main
from orderdesk.schema import LCAmendments, LCDiscrepancies, LCs

from . import messages as M
from .test_check import _sheet_rows


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lcs(reg: Path) -> list[dict[str, object]]:
    return _sheet_rows(reg, LCs)


def test_a_credit_without_envelope_and_its_mt701_are_one_credit(lc_register, tmp_path, capsys):
    fields = M.with_("46A", "47A", _27="1/2")
    more = [
        ("27", "2/2"),
        ("20", "CITI26LC77001"),
        ("46A", dict(M.CLEAN)["46A"]),
        ("47A", dict(M.CLEAN)["47A"]),
    ]
    text = M.block4(fields) + "-\n" + M.block4(more) + ":99Z:A TAG NOBODY KNOWS\n"
    reg = lc_register()
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "lc.txt", text))]) == 0
    [row] = _lcs(reg)
    assert row[LCs.lc_no] == "CITI26LC77001" and row[LCs.order_id] == "SO-2026-0500"
    assert row[LCs.amount] == 27000 and row[LCs.currency] == "USD"
    assert row[LCs.tolerance_plus] == pytest.approx(0.05)
    assert str(row[LCs.expiry_date])[:10] == "2026-11-30" and row[LCs.expiry_place] == "CHINA"
    assert "CERTIFICATE OF ORIGIN" in str(row[LCs.documents_required])
    assert row[LCs.available_with] == "ANY BANK" and row[LCs.available_by] == "BY NEGOTIATION"
    assert row[LCs.drafts_at] == "AT SIGHT" and row[LCs.presentation_days] == 21
    assert ":99Z:A TAG NOBODY KNOWS" in str(row[LCs.other_fields])
    assert ":78:DOCUMENTS TO BE SENT" in str(row[LCs.other_fields])


def test_the_envelope_names_the_issuing_and_advising_banks(lc_register, tmp_path):
    reg = lc_register()
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "lc.fin", M.clean()))]) == 0
    [row] = _lcs(reg)
    assert row[LCs.issuing_bic] == "CITIUS33" and row[LCs.advising_bic] == "BKCHCNBJ92A"


MALFORMED = [
    ("missing mandatory 32B", M.enveloped(M.with_("32B")), None, "32B"),
    ("a date that does not exist", M.enveloped(M.with_(_31C="261345")), 5, "31C"),
    ("an amount without currency", M.enveloped(M.with_(_32B="27000,00")), 14, "32B"),
    ("a tolerance not nn/nn", M.enveloped(M.with_(_39A="5")), 15, "39A"),
    ("an unknown currency", M.enveloped(M.with_(_32B="XYZ27000,00")), 14, "32B"),
    ("a 41D without how it is available", M.enveloped(M.with_(_41D="ANY BANK")), 16, "41D"),
    ("43P not a code", M.enveloped(M.with_(_43P="MAYBE")), 20, "43P"),
    ("44C and 44D both", M.enveloped([*M.CLEAN, ("44D", "NOV 2026")]), None, "44D"),
]


@pytest.mark.parametrize(
    ("text", "line", "tag"), [pytest.param(t, n, g, id=i) for i, t, n, g in MALFORMED]
)
def test_a_malformed_message_is_refused_naming_the_tag_and_nothing_changes(
    lc_register, tmp_path, capsys, text, line, tag
):
    reg = lc_register()
    before = reg.read_bytes()
    path = _write(tmp_path, "broken.txt", text)
    assert main(["lc", "import", str(reg), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"field :{tag}:" in err and "broken.txt" in err and "Nothing was imported" in err
    if line is not None:
        assert f"line {line}," in err
    assert reg.read_bytes() == before


def test_one_broken_file_among_good_ones_imports_nothing(lc_register, tmp_path, capsys):
    reg = lc_register()
    before = reg.read_bytes()
    good = _write(tmp_path, "a.txt", M.clean())
    bad = _write(tmp_path, "b.txt", M.amendment(1, "261340", ("44C", "261120")))
    assert main(["lc", "import", str(reg), str(good), str(bad)]) == 2
    assert "b.txt line" in capsys.readouterr().err
    assert reg.read_bytes() == before


def test_an_mt701_without_its_mt700_is_refused(lc_register, tmp_path, capsys):
    reg = lc_register()
    text = M.block4([("27", "2/2"), ("20", "CITI26LC77001"), ("46A", "+PACKING LIST")])
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "c.txt", text))]) == 2
    assert "field :20:" in capsys.readouterr().err


def test_amendments_apply_in_order_are_kept_and_import_once(lc_register, tmp_path, capsys):
    reg = lc_register()
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "lc.txt", M.clean()))]) == 0
    first = M.amendment(
        1, "261020", ("32B", "USD1500,00"), ("44C", "261120"), ("31D", "261210CHINA")
    )
    second = M.amendment(
        2, "261025", ("46B", "/ADD/+INSPECTION CERTIFICATE ISSUED BY SGS"), ("33B", "USD500,00")
    )
    # the second before the first in the file order: applied by number, 1 then 2
    args = [str(_write(tmp_path, "am2.txt", second)), str(_write(tmp_path, "am1.txt", first))]
    assert main(["lc", "import", str(reg), *args]) == 0
    [row] = _lcs(reg)
    assert row[LCs.amount] == 28000  # 27,000 + 1,500 − 500
    assert str(row[LCs.latest_shipment])[:10] == "2026-11-20"
    assert "INSPECTION CERTIFICATE ISSUED BY SGS" in str(row[LCs.documents_required])
    assert row[LCs.amendment] == 2
    log = _sheet_rows(reg, LCAmendments)
    assert [(r[LCAmendments.number], str(r[LCAmendments.date])[:10]) for r in log] == [
        (1, "2026-10-20"),
        (2, "2026-10-25"),
    ]
    assert "USD 27,000.00 → USD 28,500.00" in str(log[0][LCAmendments.changes])
    # the same files again: nothing changes
    before = reg.read_bytes()
    assert main(["lc", "import", str(reg), *args]) == 0
    assert "already applied" in capsys.readouterr().out
    assert len(_sheet_rows(reg, LCAmendments)) == 2
    assert _lcs(reg)[0][LCs.amount] == 28000
    del before


def test_an_amendment_out_of_turn_is_refused(lc_register, tmp_path, capsys):
    reg = lc_register()
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "lc.txt", M.clean()))]) == 0
    before = reg.read_bytes()
    third = M.amendment(3, "261025", ("44C", "261120"))
    assert main(["lc", "import", str(reg), str(_write(tmp_path, "am3.txt", third))]) == 2
    assert "field :26E:" in capsys.readouterr().err
    assert reg.read_bytes() == before


def _typed(reg: Path, **cells: object) -> None:
    """Type an LCs row by hand (a credit that came as a PDF), as a person does in Excel."""
    wb = openpyxl.load_workbook(reg)
    ws = wb[LCs.sheet]
    header = [c.value for c in ws[1]]
    row = ws.max_row + 1 if ws.cell(2, 1).value else 2
    for col, value in cells.items():
        ws.cell(row, header.index(str(getattr(LCs, col))) + 1, value)
    table = ws.tables[LCs.table_name]
    first, _, last = table.ref.partition(":")
    table.ref = f"{first}:{''.join(c for c in last if c.isalpha())}{row}"
    wb.save(reg)


TYPED = dict(
    lc_no="PDF-LC-0042",
    order_id="SO-2026-0500",
    issue_date=dt.datetime(2026, 10, 5),
    expiry_date=dt.datetime(2026, 11, 30),
    currency="USD",
    amount=20000,
    tolerance_plus=0.05,
    applicant="PACIFIC CREST SUPPLY CO.\nSEATTLE, USA",
    beneficiary="NINGBO HARBOUR TRADING CO., LTD.\nNINGBO, CHINA",
    partial_shipments="not allowed",
    latest_shipment=dt.datetime(2026, 11, 10),
)


def test_a_credit_typed_from_a_pdf_is_checked_the_same_way(lc_register):
    reg = lc_register()
    _typed(reg, **TYPED)
    assert main(["lc", "check", str(reg)]) == 1
    rows = _sheet_rows(reg, LCDiscrepancies)
    found = {(r[LCDiscrepancies.field], r[LCDiscrepancies.article]) for r in rows}
    assert ("32B/39A amount", "UCP 600 art. 18(b)") in found  # 27,000 against 20,000 + 5 %


def test_a_typed_value_the_mt700_would_refuse_names_the_cell(lc_register, capsys):
    reg = lc_register()
    _typed(reg, **{**TYPED, "partial_shipments": "PERHAPS", "currency": "XYZ"})
    assert main(["lc", "check", str(reg)]) == 1
    out = capsys.readouterr().out
    assert "LCs!" in out and "(Partial Shipments)" in out and "PERHAPS" in out
    rows = _sheet_rows(reg, LCDiscrepancies)
    fields = {r[LCDiscrepancies.field] for r in rows}
    assert "43P Partial Shipments" in fields and "32B Currency" in fields


def test_a_typed_credit_for_an_order_not_on_the_register_names_the_cell(lc_register, capsys):
    reg = lc_register()
    _typed(reg, **TYPED)
    _typed(reg, **{**TYPED, "lc_no": "PDF-LC-0043", "order_id": "SO-2099-0001"})
    assert main(["lc", "check", str(reg)]) == 1
    out = capsys.readouterr().out
    assert "no such order" in out and "LCs!" in out
    rows = _sheet_rows(reg, LCDiscrepancies)
    missing = [r for r in rows if r[LCDiscrepancies.field] == "Order ID"]
    # Only the credit whose order is missing: the one typed for SO-2026-0500 is checked.
    assert [(r[LCDiscrepancies.lc_no], r[LCDiscrepancies.lc_says]) for r in missing] == [
        ("PDF-LC-0043", "SO-2099-0001")
    ]
