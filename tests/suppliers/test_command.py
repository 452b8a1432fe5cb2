"""`orderdesk suppliers score`, the ribbon button, re-runs, bad cells and LibreOffice."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import load_workbook

from addin.buttons_suppliers import score_suppliers_button
from addin.handlers import ButtonContext
from orderdesk.actions.context import RunContext
from orderdesk.actions.suppliers import score_suppliers
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.schema import OrderLines, Scorecard, Suppliers
from tests.libreoffice import convert, needs_soffice
from tests.suppliers import history as H
from tests.suppliers.sheet import sheet_values, table_rows


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", H.TODAY.isoformat())


def test_command_prints_json_and_exits_1_with_findings(make_register, pinned, capsys):
    path = make_register(H.tables())
    code = main(["suppliers", "score", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # a Very Poor supplier and two delay alerts
    assert out["period"] == "month"
    su3 = next(s for s in out["suppliers"] if s["Supplier ID"] == "SU-3")
    assert su3["Standing"] == "Very Poor" and su3["Action"] == "block"
    assert [a["Order ID"] for a in out["alerts"]] == ["SO-4", "SO-2"]
    assert out["findings"] == 3


def test_a_bad_period_is_a_usage_error(make_register, capsys):
    path = make_register(H.tables())
    assert main(["suppliers", "score", str(path), "--period", "quarter"]) == 2


def test_scoring_twice_gives_the_same_sheet(make_register, pinned):
    path = make_register(H.tables())
    assert main(["suppliers", "score", str(path)]) == 1
    first = sheet_values(path, Scorecard.sheet), sheet_values(path, Suppliers.sheet)
    assert main(["suppliers", "score", str(path)]) == 1
    assert (sheet_values(path, Scorecard.sheet), sheet_values(path, Suppliers.sheet)) == first
    wb = load_workbook(path)
    assert len(wb[Scorecard.sheet]._charts) == 1  # redrawn, not doubled
    series_name = wb[Scorecard.sheet]._charts[0].series[0].tx.strRef.f
    assert series_name.endswith(f"!B{_chart_header(path)}")  # points at the chart data block


def _chart_header(path) -> int:
    ws = load_workbook(path)[Scorecard.sheet]
    return int(ws.tables["tblScoreChart"].ref.split(":")[0][1:])


def test_an_unreadable_due_date_is_reported_and_left_out(make_register):
    data = H.tables()
    lines = [dict(r) for r in H.LINES]
    lines[1][OrderLines.supplier_due] = "next week"  # L2, SU-1's late January line
    data[OrderLines] = lines
    path = make_register(data)
    outcome = score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    assert any(
        "OrderLines row 3" in d and "Supplier Due" in d and "next week" in d
        for d in outcome.details
    )
    rows = table_rows(path, Scorecard.sheet, Scorecard.table_name)
    jan = next(r for r in rows if r["Supplier"] == "SU-1" and r["Period"] == "2026-01")
    assert jan[Scorecard.on_time] == 100  # only L1 left in January


def test_the_user_s_other_sheets_and_columns_stay(make_register):
    path = make_register(H.tables())
    wb = load_workbook(path)
    wb.create_sheet("My notes")["A1"] = "call Acme about hinges"
    wb[Suppliers.sheet]["N1"] = "Buyer"  # the user's own column beside the table
    wb[Suppliers.sheet]["N2"] = "Ana"
    wb.save(path)
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    wb = load_workbook(path)
    assert wb["My notes"]["A1"].value == "call Acme about hinges"
    assert wb[Suppliers.sheet]["N2"].value == "Ana"
    assert wb[Suppliers.sheet]["B2"].value == "Acme Hardware"


def test_ribbon_button_scores_the_register(make_register, pinned):
    path = make_register(H.tables())
    outcome = score_suppliers_button(ButtonContext(FileRegister(path), None))
    assert outcome.summary.startswith("scored 4 suppliers")
    assert table_rows(path, Scorecard.sheet, "tblScoreCurrent")


@needs_soffice
def test_libreoffice_opens_the_scorecard_with_its_line_chart(make_register, tmp_path):
    path = make_register(H.tables())
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    out = convert(path, "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(out) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = zf.read(charts[0]).decode()
    assert "<c:lineChart>" in xml
    assert xml.count("<c:ser>") == 3  # SU-1, SU-2, SU-3 (SU-4 has no score)
    ws = load_workbook(out, data_only=True)[Scorecard.sheet]
    assert any(row[0] == "SU-3" and "Very Poor" in row for row in ws.iter_rows(values_only=True))
