"""The KPI sheet as a user meets it: refreshed twice, next to their own sheets, in LibreOffice, and
as a PNG dashboard; `orderdesk kpi`, its options and the ribbon button."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import load_workbook
from PIL import Image

from addin.buttons_kpi import refresh_kpis_button
from addin.handlers import ButtonContext
from orderdesk.actions.context import RunContext
from orderdesk.actions.kpi import refresh_kpis
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.defaults import policy_rows
from orderdesk.schema import KPI, KpiBands, OrderLines
from orderdesk.settings import PolicyError
from tests.kpi import history as H
from tests.libreoffice import convert, needs_soffice
from tests.suppliers.sheet import sheet_values, table_rows


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", H.TODAY.isoformat())


def test_refreshing_twice_gives_the_same_sheet_and_leaves_user_sheets_alone(make_register):
    path = make_register(H.tables())
    wb = load_workbook(path)
    mine = wb.create_sheet("My pivot")
    mine["A1"], mine["B1"], mine["B2"] = "Region", "Target", 125000
    mine["C2"] = "=B2*1.1"
    wb.save(path)

    refresh_kpis(FileRegister(path), on=H.TODAY)
    first = sheet_values(path, KPI.sheet)
    refresh_kpis(FileRegister(path), on=H.TODAY)
    assert sheet_values(path, KPI.sheet) == first

    wb = load_workbook(path)
    assert len(wb[KPI.sheet]._charts) == 4  # redrawn each time, never doubled
    assert [tuple(r) for r in wb["My pivot"].iter_rows(values_only=True)] == [
        ("Region", "Target", None),
        (None, 125000, "=B2*1.1"),
    ]


def test_state_cells_are_coloured(make_register):
    path = make_register(H.tables())
    refresh_kpis(FileRegister(path), on=H.TODAY)
    ws = load_workbook(path)[KPI.sheet]
    colours = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in ("red", "green") and cell.fill.fill_type == "solid":
                colours.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb[-6:])
    assert colours == {"red": {"FFC7CE"}, "green": {"C6EFCE"}}


def test_an_empty_register_gives_a_sheet_without_data(make_register):
    path = make_register()
    outcome = refresh_kpis(FileRegister(path), on=H.TODAY)
    s = {r[KPI.kpi]: r for r in table_rows(path, KPI.sheet, KPI.table_name)}
    assert s["Orders shipped"][KPI.value] == 0
    assert s["OTIF %"][KPI.value] is None and s["OTIF %"][KPI.state] == "no data"
    assert outcome.findings == 0


def test_bands_come_from_settings_and_bad_ones_name_their_cells(make_register):
    data = H.tables()
    bands = [dict(r) for r in policy_rows()[KpiBands]]
    bands[0][KpiBands.amber], bands[0][KpiBands.red] = 50, 30  # OTIF 40 % is now amber
    data[KpiBands] = bands
    path = make_register(data)
    refresh_kpis(FileRegister(path), on=H.TODAY)
    s = {r[KPI.kpi]: r for r in table_rows(path, KPI.sheet, KPI.table_name)}
    assert s["OTIF %"][KPI.state] == "amber"

    bands[0][KpiBands.direction] = "up"
    path = make_register({**data, KpiBands: bands}, name="bad.xlsx")
    with pytest.raises(
        PolicyError, match=r"Settings!\w+2 \(Better\): 'up' — write higher or lower"
    ):
        refresh_kpis(FileRegister(path), on=H.TODAY)

    bands[0][KpiBands.direction] = "higher"
    bands[0][KpiBands.amber], bands[0][KpiBands.red] = 80, 90  # red above amber: upside down
    path = make_register({**data, KpiBands: bands}, name="upside.xlsx")
    with pytest.raises(PolicyError, match=r"Settings!\w+2:\w+2: for 'OTIF %'"):
        refresh_kpis(FileRegister(path), on=H.TODAY)


def test_an_unknown_kpi_in_the_bands_is_named_not_fatal(make_register):
    data = H.tables()
    bands = [*policy_rows()[KpiBands], {KpiBands.kpi: "Happiness %", KpiBands.direction: "higher"}]
    path = make_register({**data, KpiBands: bands})
    outcome = refresh_kpis(FileRegister(path), on=H.TODAY)
    assert any("'Happiness %' is not a KPI OrderDesk computes" in d for d in outcome.details)


def test_an_unreadable_date_is_named(make_register):
    data = H.tables()
    lines = [dict(r) for r in H.LINES]
    lines[0][OrderLines.supplier_due] = "soon"
    path = make_register({**data, OrderLines: lines})
    outcome = refresh_kpis(FileRegister(path), on=H.TODAY)
    assert any("OrderLines row 2" in d and "'soon'" in d for d in outcome.details)


def test_command_with_window_png_and_json(make_register, tmp_path, pinned, capsys):
    path = make_register(H.tables())
    png = tmp_path / "out" / "dashboard.png"
    code = main(
        [
            "kpi",
            str(path),
            "--from",
            "2026-02-01",
            "--to",
            "31/03/2026",
            "--png",
            str(png),
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # red KPIs
    assert out["window"] == {"from": "2026-02-01", "to": "2026-03-31"}
    kpis = {k["kpi"]: k for k in out["kpis"]}
    assert kpis["Orders shipped"]["value"] == 3
    assert kpis["OTIF %"]["state"] == "red"
    with Image.open(png) as im:
        assert im.format == "PNG" and im.size == (1600, 1100)


def test_bad_dates_are_usage_errors(make_register, capsys):
    path = make_register(H.tables())
    assert main(["kpi", str(path), "--from", "someday"]) == 2
    assert "--from 'someday'" in capsys.readouterr().err
    assert main(["kpi", str(path), "--from", "2026-04-01", "--to", "2026-03-01"]) == 2
    assert "starts after it ends" in capsys.readouterr().err


def test_ribbon_button_refreshes_the_kpi_sheet(make_register, pinned):
    path = make_register(H.tables())
    outcome = refresh_kpis_button(ButtonContext(FileRegister(path), None))
    assert outcome.summary.startswith("KPIs for everything up to 2026-04-15")
    assert table_rows(path, KPI.sheet, KPI.table_name)


def test_demo_steps_score_suppliers_and_refresh_kpis_with_a_png(make_register, tmp_path, pinned):
    import orderdesk.cli  # noqa: F401  (registers the demo steps)
    from orderdesk.demo import DemoContext, steps

    path = make_register(H.tables())
    ctx = DemoContext(out=tmp_path, register=path)
    mine = {s.title: s for s in steps() if s.title in ("Supplier scorecard", "KPIs")}
    # KPIs run after the bank sync (80): receivables are only known once receipts are applied
    assert mine["Supplier scorecard"].order < 80 < mine["KPIs"].order
    assert mine["Supplier scorecard"].run(ctx).summary.startswith("scored 2 suppliers")
    assert mine["KPIs"].run(ctx).findings == 5
    assert (tmp_path / "kpi-dashboard.png").stat().st_size > 50_000


@needs_soffice
def test_libreoffice_opens_the_kpi_sheet_with_its_charts(make_register, tmp_path):
    path = make_register(H.tables())
    refresh_kpis(FileRegister(path), on=H.TODAY)
    out = convert(path, "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(out) as zf:
        charts = sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart"))
        xml = {n: zf.read(n).decode() for n in charts}
    assert len(charts) == 4
    kinds = sorted(
        ("bar" if "<c:barChart>" in x else "") + ("line" if "<c:lineChart>" in x else "")
        for x in xml.values()
    )
    # OTIF and cycle time (lines), aging (bars), Pareto (bars + line on a second axis).
    assert kinds == ["bar", "barline", "line", "line"]
    pareto = next(x for x in xml.values() if "<c:barChart>" in x and "<c:lineChart>" in x)
    assert pareto.count("<c:valAx>") == 2
    ws = load_workbook(out, data_only=True)[KPI.sheet]
    values = [r for r in ws.iter_rows(values_only=True) if r[0] == "OTIF %" and r[1] is not None]
    assert values and values[0][1] == pytest.approx(40)


def test_the_png_dashboard_shows_the_same_numbers_as_the_sheet(make_register):
    from matplotlib.text import Text

    from orderdesk.actions.kpi import load_bands, read_kpi_inputs
    from orderdesk.domain import kpi as K
    from orderdesk.domain.kpi.dashboard import dashboard

    path = make_register(H.tables())
    register = FileRegister(path)
    ctx = RunContext.of(register, today=H.TODAY)
    inputs, _ = read_kpi_inputs(ctx)
    report = K.kpi_report(inputs, load_bands(ctx)[0], K.Window(None, H.TODAY), H.TODAY)
    fig = dashboard(report, "Ningbo Harbour Trading")
    texts = {t.get_text() for t in fig.findobj(Text)}
    # The tiles, from the hand calculation in test_kpis.py: 2 of 5 OTIF, median 33 days, DSO
    # 5200 / 6800 × 90, gross profit 3150, 3 customers in the 80 % set, 5 days at risk.
    for shown in ("40.0 %", "33.0 d", f"{5200 / 6800 * 90:.1f} d", "3,150", "3", "5.0 d"):
        assert shown in texts
    assert {"OTIF by month", "Order cycle time by month", "Receivables aging (USD)"} <= texts
    assert "Customer profit Pareto: 3 of 4 customers make 80 %" in texts
    # The aging bars carry their amounts: 2,600 current, 1,500 in 1–30, 300, 800.
    assert {"2,600", "1,500", "300", "800"} <= texts
    # Red tiles are filled with the sheet's red.
    reds = [
        p
        for p in fig.findobj(lambda a: hasattr(a, "get_facecolor") and hasattr(a, "get_boxstyle"))
        if tuple(round(c, 3) for c in p.get_facecolor()[:3])
        == tuple(round(int("FFC7CE"[i : i + 2], 16) / 255, 3) for i in (0, 2, 4))
    ]
    assert len(reds) == 5  # OTIF, complaints, supplier on-time, DSO, ship date at risk
