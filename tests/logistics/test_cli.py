"""`orderdesk logistics import | quotes | plan` on a register file, read back with openpyxl,
and the ribbon's buttons on the same file (issue 22)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.ports import Selection
from orderdesk.schema import ForwarderQuotes, ModeOptions, Orders, QuoteComparison, ShipPlans

try:  # installed as orderdesk_addin; from a checkout, the addin folder itself
    from orderdesk_addin.handlers import ButtonContext, load_all
except ModuleNotFoundError:
    from addin.handlers import ButtonContext, load_all

HEADER = [
    "Quotation No",
    "Forwarder",
    "Carrier",
    "POL-POD",
    "Mode",
    "Basis",
    "Date",
    "Validity",
    "Ccy",
    "Ocean Freight",
    "THC",
    "Doc Fee",
    "T/T",
]


def _rows(path: Path, table) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[table.sheet]
    rows = list(ws[ws.tables[table.table_name].ref])
    header = [c.value for c in rows[0]]
    out = [dict(zip(header, (c.value for c in r), strict=True)) for r in rows[1:]]
    return [r for r in out if any(v is not None for v in r.values())]


@pytest.fixture
def reg(make_register, tables) -> Path:
    quotes = tables.pop(ForwarderQuotes)
    tables[ForwarderQuotes] = [q for q in quotes if q[ForwarderQuotes.quote_ref] == "Q-OLD"]
    return make_register(tables)


def test_import_a_csv_and_an_xlsx_quote_then_compare(reg, tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-20")
    csv = tmp_path / "sinotrans.csv"
    csv.write_text(
        ",".join(HEADER)
        + "\nQ-CNY,Sinotrans Ningbo,MAEU,CNNGB-NLRTM,fcl,20GP,07/03/2025,31/12/2026,CNY,"
        + '"12,000.00",650,450,30\n',
        encoding="utf-8",
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kuehne+Nagel Ningbo — ocean rates"])  # a title above the header row
    ws.append(HEADER)
    ws.append(["Q-USD", "Kuehne+Nagel", "MSCU", "CNNGB-NLRTM", "fcl", "20GP", "2026-11-10",
               "2026-12-31", "USD", 1700, None, 50, 30])  # fmt: skip
    xlsx = tmp_path / "kn.xlsx"
    wb.save(xlsx)
    assert main(["logistics", "import", str(reg), str(csv), str(xlsx)]) == 0
    assert main(["logistics", "import", str(reg), str(csv)]) == 0  # once only
    quotes = {r[ForwarderQuotes.quote_ref]: r for r in _rows(reg, ForwarderQuotes)}
    assert set(quotes) == {"Q-OLD", "Q-CNY", "Q-USD"}
    assert quotes["Q-CNY"][ForwarderQuotes.freight] == 12_000
    assert quotes["Q-CNY"][ForwarderQuotes.source_file] == "sinotrans.csv"

    assert main(["logistics", "quotes", str(reg), "--order", "SO-HEAVY"]) == 1  # one expired
    rows = {r[QuoteComparison.quote_ref]: r for r in _rows(reg, QuoteComparison)}
    rate = 1.0857 / 7.8561  # the ECB's fixing of 7 March 2025, USD and CNY per EUR
    assert rows["Q-CNY"][QuoteComparison.landed] == pytest.approx(13_100 * rate)
    assert rows["Q-OLD"][QuoteComparison.state] == "expired"
    assert rows["Q-USD"][QuoteComparison.state] == "recommended"


def test_a_quote_file_with_an_unreadable_price_imports_nothing(reg, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(HEADER)
        + "\nQ-1,A,MAEU,CNNGB-NLRTM,fcl,20GP,2026-11-01,2026-12-01,USD,1500,,,30"
        + "\nQ-2,A,MAEU,CNNGB-NLRTM,fcl,20GP,2026-11-01,2026-12-01,USD,call us,,,30\n",
        encoding="utf-8",
    )
    before = reg.read_bytes()
    assert main(["logistics", "import", str(reg), str(bad)]) == 2
    assert "bad.csv, row 3, column 'Freight': 'call us'" in capsys.readouterr().err
    assert reg.read_bytes() == before


def test_plan_from_the_cli_and_the_button(reg, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-20")
    assert main(["logistics", "plan", str(reg)]) == 1  # SH-1 is late: contingency routes
    plans = {r[ShipPlans.order_id]: r for r in _rows(reg, ShipPlans)}
    assert plans["SO-HEAVY"][ShipPlans.container] == "1 × 20'"
    assert plans["SO-HEAVY"][ShipPlans.bound] == "weight"
    assert plans["SO-URGENT"][ShipPlans.recommended] == "air"
    selection = Selection(Orders, (("SO-HEAVY",),))
    register = FileRegister(reg, user="clerk", selection=selection)
    outcome = load_all()["odPlanShipment"](ButtonContext(register, selection))
    assert "Planned 1 orders" in outcome.summary
    assert [r[ModeOptions.order_id] for r in _rows(reg, ModeOptions)][:1] == ["SO-HEAVY"]
    assert {r[ShipPlans.order_id] for r in _rows(reg, ShipPlans)} == {"SO-HEAVY"}


def test_import_reads_the_folder_beside_the_workbook_by_default(reg, capsys):
    assert main(["logistics", "import", str(reg)]) == 2  # no folder yet: name the files
    assert "no folder 'forwarder-quotes' beside the workbook" in capsys.readouterr().err
    folder = reg.parent / "forwarder-quotes"
    folder.mkdir()
    (folder / "q.csv").write_text(
        ",".join(HEADER)
        + "\nQ-9,A,MAEU,CNNGB-NLRTM,fcl,20GP,2026-11-01,2026-12-01,USD,1500,,,30\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("not a quote", encoding="utf-8")
    assert main(["logistics", "import", str(reg)]) == 0
    assert "Q-9" in {r[ForwarderQuotes.quote_ref] for r in _rows(reg, ForwarderQuotes)}
