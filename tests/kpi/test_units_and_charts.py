"""Each KPI figure in its unit, with its band and a one-line definition; each chart saying what
it draws (issue 23, item 14). Read back as a user meets them: the sheet as LibreOffice shows it,
the chart as the workbook stores it (its title and the cells it plots), the PNG as drawn."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from matplotlib.axes import Axes

from orderdesk.actions.context import RunContext
from orderdesk.actions.kpi import load_bands, read_kpi_inputs, refresh_kpis
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain import kpi as K
from orderdesk.domain.kpi.dashboard import dashboard
from orderdesk.sample import SAMPLE_AS_OF
from orderdesk.schema import KPI
from tests.libreoffice import convert, needs_soffice

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
TITLE = re.compile(r"Customer profit Pareto: (?:the top )?(\d+) of (\d+) customers make (\d+) %")


@pytest.fixture(scope="module")
def refreshed(
    tmp_path_factory: pytest.TempPathFactory, demo_sample_folder: tuple[Path, object]
) -> Path:
    """The demo's sample (120 orders, seed 1): 18 of its customers make 80 % of the profit,
    more than a chart of 15 bars showed."""
    path = tmp_path_factory.mktemp("kpi-units") / "Register.xlsx"
    shutil.copyfile(demo_sample_folder[0] / "SampleRegister.xlsx", path)  # new_register(120, 1)
    refresh_kpis(FileRegister(path), on=SAMPLE_AS_OF)
    return path


@needs_soffice
def test_each_kpi_value_shows_in_its_unit(refreshed: Path, tmp_path: Path) -> None:
    """The values as LibreOffice displays them: its CSV export of the KPI sheet, UTF-8, with
    each cell "as shown" (the filter's 9th option; the 12th picks the sheet)."""
    number = openpyxl.load_workbook(refreshed, read_only=True).sheetnames.index(KPI.sheet) + 1
    options = f"44,34,76,1,,0,false,true,true,false,false,{number}"
    csv = convert(
        refreshed, f"csv:Text - txt - csv (StarCalc):{options}", tmp_path / "csv", sheet=KPI.sheet
    )
    rows = csv.read_text(encoding="utf-8").splitlines()
    shown: dict[str, str] = {}
    for r in rows:  # the summary comes first (the warnings below name the KPIs again)
        shown.setdefault(r.split(",")[0], r)
    expected = {
        "Orders shipped": r"^\d+$",  # a count: no decimals
        "Customers making 80 % of profit": r"^\d+$",
        "OTIF %": r"^\d+\.\d %$",
        "Cycle time days (median)": r"^\d+\.\d d$",
        "Ship date at risk days": r"^-?\d+\.\d d$",
        "Gross profit": r"^[\d,]+ USD$",
    }
    for kpi, form in expected.items():
        value = re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', shown[kpi])[1].strip('"')
        assert re.match(form, value), (kpi, value)


def _summary(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[KPI.sheet]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    top = next(i for i, r in enumerate(rows) if r[0] == str(KPI.kpi))
    header = rows[top]
    out = []
    for r in rows[top + 1 :]:
        if r[0] is None:
            break
        out.append(dict(zip(header, r, strict=False)))
    return out


def test_each_kpi_has_its_band_and_a_one_line_definition(refreshed: Path) -> None:
    summary = {r[str(KPI.kpi)]: r for r in _summary(refreshed)}
    assert summary["OTIF %"][str(KPI.band)] == "red < 80 % ≤ amber < 90 % ≤ green"
    assert summary["DSO days"][str(KPI.band)] == "green ≤ 45 d < amber ≤ 60 d < red"
    assert summary["Gross profit"][str(KPI.band)] == "no band"
    for kpi, row in summary.items():
        definition = str(row[str(KPI.definition)])
        assert "\n" not in definition and len(definition) <= KPI.definition.width, kpi
    risk = summary["Ship date at risk days"][str(KPI.definition)]
    assert "days to spare" in str(risk)  # a value below 0 in green, explained
    ws = openpyxl.load_workbook(refreshed)[KPI.sheet]
    notes = " ".join(str(ws.cell(row=r, column=1).value) for r in range(2, 5))
    assert "State: green, amber or red" in notes and "Band" in notes  # the colours explained


def _plotted(wb: openpyxl.Workbook, root: ET.Element, kind: str) -> list[float]:
    """The values of the cells a chart's first `kind` series plots ('barChart', 'lineChart')."""
    ref = root.find(f".//c:{kind}/c:ser/c:val/c:numRef/c:f", NS)
    assert ref is not None and ref.text
    sheet, cells = ref.text.rsplit("!", 1)
    return [row[0].value for row in wb[sheet.strip("'")][cells.replace("$", "")]]


def _pareto_chart(path: Path) -> tuple[str, list[float], list[float]]:
    """The Pareto chart as stored: its title, and the cells its bars and its line plot (read
    with openpyxl from the ranges the chart's XML names)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    with zipfile.ZipFile(path) as zf:
        for name in sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart")):
            root = ET.fromstring(zf.read(name))
            if root.find(".//c:barChart", NS) is None or root.find(".//c:lineChart", NS) is None:
                continue
            title = root.find("c:chart/c:title", NS)
            assert title is not None
            text = "".join(t.text or "" for t in title.iter(f"{{{NS['a']}}}t"))
            return text, _plotted(wb, root, "barChart"), _plotted(wb, root, "lineChart")
    raise AssertionError("no Pareto chart (columns and a line) in the workbook")


def test_the_pareto_chart_title_says_what_it_draws(refreshed: Path) -> None:
    title, bars, line = _pareto_chart(refreshed)
    found = TITLE.fullmatch(title)
    assert found, title
    drawn, customers, share = map(int, found.groups())
    assert drawn == len(bars) == len(line) > 15  # every customer of the 80 % set is drawn
    assert line[-1] >= share / 100 > line[-2]  # the line ends where the title says
    ranked = openpyxl.load_workbook(refreshed)[KPI.sheet]
    assert customers == sum(
        1 for r in ranked.iter_rows(values_only=True) if isinstance(r[0], int) and r[0] >= 1
    ), "the Pareto table ranks as many customers as the title names"


def test_the_dashboard_pareto_title_says_what_it_draws(refreshed: Path) -> None:
    register = FileRegister(refreshed)
    inputs, _ = read_kpi_inputs(RunContext.of(register))
    report = K.kpi_report(
        inputs, load_bands(RunContext.of(register))[0], K.Window(None, SAMPLE_AS_OF), SAMPLE_AS_OF
    )
    fig = dashboard(report)
    ax: Axes = next(a for a in fig.axes if a.get_title(loc="left").startswith("Customer profit"))
    found = TITLE.fullmatch(ax.get_title(loc="left"))
    assert found, ax.get_title(loc="left")
    drawn, customers, share = map(int, found.groups())
    twin = next(a for a in fig.axes if a is not ax and a.bbox.bounds == ax.bbox.bounds)
    cumulative = twin.lines[0].get_ydata()
    assert drawn == len(ax.patches) == len(cumulative)
    assert cumulative[-1] >= share / 100 > cumulative[-2]
    assert customers == len(report.pareto)
