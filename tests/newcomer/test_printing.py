"""Every sheet OrderDesk creates or templates prints on readable pages (issue 23, item 13).

LibreOffice prints a register after Validate, Score suppliers and Refresh KPIs have written
their sheets; pypdf reads what it printed. Each page names its sheet in its footer, so pages are
told apart by sheet. Checked: a sheet wider than a portrait page prints landscape, every page's
text prints at a readable size, a long table repeats its header row on each page, and a KPI sheet
prints its summary and its charts.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from orderdesk.actions.pivots import PIVOTS_SHEET
from orderdesk.cli import main
from orderdesk.schema import SHEET_ORDER, OrderLines, Orders, Scorecard, Table
from tests.libreoffice import convert, needs_soffice

READABLE_PT = 6.5  # the smallest text a person reads on paper without a magnifier (Calibri 11
# prints at 7.7 pt at 70 %; LibreOffice, drawing with a wider font, prints a little smaller)
FOOTER = re.compile(r"^(\w+) · page \d+ of \d+$", re.M)

pytestmark = needs_soffice


@pytest.fixture(scope="module")
def printed(_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[PageObject]]:
    """The sample register after the three actions that write OrderDesk's sheets, as printed."""
    import shutil

    folder = tmp_path_factory.mktemp("print")
    path = Path(shutil.copy(_sample, folder / "Register.xlsx"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORDERDESK_TODAY", "2026-11-15")
        for argv in (["validate"], ["suppliers", "score"], ["kpi"]):
            assert main([*argv, str(path)]) in (0, 1)
    # The PDF stays in pytest's temporary folder (the last three runs are kept), to look at;
    # its 200 pages are not rendered to pictures here (6 s of CPU that no check read).
    pdf = convert(path, "pdf", folder / "pdf")
    pages: dict[str, list[PageObject]] = defaultdict(list)
    for page in PdfReader(pdf).pages:
        found = FOOTER.search(page.extract_text())
        assert found, "every printed page names its sheet in the footer"
        pages[found.group(1)].append(page)
    return pages


def _text_sizes(page: PageObject) -> list[float]:
    """The size each piece of text is printed at, in points (font size × text and page scale).
    Single characters are left out: a chart's axis labels come as one piece per character."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if len(text.strip()) > 1:
            scale = (tm[1] * cm[0] + tm[3] * cm[2]) ** 2 + (tm[1] * cm[1] + tm[3] * cm[3]) ** 2
            sizes.append(abs(size) * scale**0.5)

    page.extract_text(visitor_text=visit)
    return sizes


def _landscape(page: PageObject) -> bool:
    box = page.mediabox
    return float(box.width) > float(box.height)


def test_every_sheet_prints_and_names_itself(printed: dict[str, list[PageObject]]) -> None:
    # Refresh KPIs adds the Pivots sheet (issue 25): its PivotTables print like the rest.
    assert sorted(printed) == sorted([*SHEET_ORDER, PIVOTS_SHEET])


@pytest.mark.parametrize("sheet", SHEET_ORDER)
def test_each_sheet_prints_readably(printed: dict[str, list[PageObject]], sheet: str) -> None:
    for n, page in enumerate(printed[sheet], start=1):
        sizes = _text_sizes(page)
        # The body text: the most common size on the page (a chart's labels may be smaller).
        body = statistics.mode(round(s, 1) for s in sizes)
        assert body >= READABLE_PT, f"{sheet} page {n}: text printed at {body} pt"


@pytest.mark.parametrize("sheet", ["Orders", "OrderLines", "Settings", "Issues", "KPI"])
def test_a_wide_sheet_prints_landscape(printed: dict[str, list[PageObject]], sheet: str) -> None:
    assert all(_landscape(p) for p in printed[sheet])


@pytest.mark.parametrize(
    ("sheet", "table"),
    [(Orders.sheet, Orders), (OrderLines.sheet, OrderLines), (Scorecard.sheet, Scorecard)],
)
def test_a_long_table_repeats_its_header_on_every_page(
    printed: dict[str, list[PageObject]], sheet: str, table: type[Table]
) -> None:
    """From the page where the table starts, each page of it begins with its header row (the
    part of it that is on that page, when the table runs over pages side by side)."""
    names = [str(c) for c in table.columns()]
    start = re.compile(r"\s+".join(re.escape(n) for n in names[:2]))
    texts = [p.extract_text() for p in printed[sheet]]
    first = next(n for n, t in enumerate(texts) if start.search(t))
    tail = [t for t in texts[first:] if t.count("\n") > 2]  # (beside a chart: no rows)
    assert len(tail) > 2, f"{sheet}: this check needs a table that runs over pages"
    for n, text in enumerate(tail, start=first + 1):
        top = " ".join(line for line in text.splitlines()[:3] if not FOOTER.match(line))
        assert any(name in top for name in names), f"{sheet} page {n} starts without a header"


def test_the_kpi_pages_hold_the_summary_and_the_charts(
    printed: dict[str, list[PageObject]],
) -> None:
    text = "\n".join(p.extract_text() for p in printed["KPI"])
    for shown in ("Summary", "OTIF %", "Definition", "Band"):
        assert shown in text
    for title in ("OTIF by month", "Order cycle time by month", "Customer profit Pareto"):
        assert title in text, f"the chart '{title}' is not printed"


def test_libreoffice_prints_what_was_readable_before_unreadably(
    tmp_path: Path, _sample: Path
) -> None:
    """The check is not vacuous: the same Orders sheet squeezed onto one page wide (as before)
    prints below the readable size."""
    import shutil

    import openpyxl

    path = Path(shutil.copy(_sample, tmp_path / "Squeezed.xlsx"))
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:  # deleted, not hidden: LibreOffice's time is the file's size
        if ws.title != Orders.sheet:
            del wb[ws.title]
    for name in list(wb.defined_names):  # the dropdowns' lists, on a deleted sheet
        del wb.defined_names[name]
    ws = wb[Orders.sheet]
    ws.sheet_state = "visible"
    ws.page_setup.fitToWidth, ws.print_title_cols = 1, None
    wb.active = wb.sheetnames.index(Orders.sheet)
    wb.save(path)
    pdf = convert(path, "pdf", tmp_path / "pdf")
    page = next(p for p in PdfReader(pdf).pages if "Orders ·" in p.extract_text())
    assert statistics.mode(round(s, 1) for s in _text_sizes(page)) < READABLE_PT


def test_a_log_sheet_orderdesk_adds_prints_as_the_templates_do(
    _sample: Path, tmp_path: Path
) -> None:
    """A register from before a log existed (here: its Documents sheet deleted) gets the sheet
    when the log's first row is written, and it prints as the template's sheets do."""
    import shutil

    import openpyxl

    from tests.newcomer.conftest import delete_sheet

    path = delete_sheet(Path(shutil.copy(_sample, tmp_path / "Register.xlsx")), "Documents")
    order = openpyxl.load_workbook(path, read_only=True)["Orders"]["A2"].value
    argv = ["docs", str(path), "--order", str(order), "--kind", "pi", "--out", str(tmp_path / "d")]
    assert main(argv) in (0, 1)
    ws = openpyxl.load_workbook(path)["Documents"]
    assert ws.max_row > 1, "the document was recorded on the new sheet"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert int(ws.page_setup.paperSize) == 9  # A4, in the spec's numbering
    assert ws.print_title_rows.replace("$", "") == "1:1"  # the header row on every page
