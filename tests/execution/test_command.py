"""`orderdesk execution …` and `orderdesk calendar` on a register file, read back with openpyxl
and icalendar (readers OrderDesk did not write)."""

from __future__ import annotations

import datetime as dt

import icalendar
import openpyxl

from orderdesk.cli import main
from orderdesk.schema import Exceptions, Feasibility, Milestones, Orders
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, line, order, tables


def _table(path, sheet, name):
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    ref = ws.tables[name].ref
    rows = [[c.value for c in r] for r in ws[ref]]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_execution_commands_end_to_end(make_register, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    path = make_register(
        tables(
            [
                {**BOOKED, Orders.order_date: dt.date(2026, 2, 2)},
                order("SO-N", "received", want=dt.date(2026, 5, 20)),
            ],
            [BOOKED_LINE, line("SO-N", "P-1", 10_000)],
        )
    )
    assert main(["execution", "feasibility", str(path)]) == 1
    rows = {r[Feasibility.order_id]: r for r in _table(path, Feasibility.sheet, "tblFeasibility")}
    assert rows["SO-N"][Feasibility.decision] == "accept with conditions"
    assert "week 2026-W13" in rows["SO-N"][Feasibility.conditions]
    assert set(rows) == {"SO-N"}  # the booked order is not asked about
    book = openpyxl.load_workbook(path)
    assert book[Feasibility.sheet]._charts, "the capacity chart is a native chart"

    assert main(["execution", "plan", str(path), "--json"]) == 1  # SO-B's deposit is overdue
    capsys.readouterr()
    planned = _table(path, Milestones.sheet, Milestones.table_name)
    assert {r[Milestones.order_id] for r in planned} == {"SO-B"}
    assert len(planned) == 9
    assert main(["execution", "plan", str(path)]) == 1
    assert len(_table(path, Milestones.sheet, Milestones.table_name)) == 9  # twice: nothing added

    out = tmp_path / "tasks.ics"
    assert main(["calendar", str(path), "--owner", "zhangmin", "--out", str(out)]) == 1
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == 2
    assert all(e.get("UID") and e.get("DTSTART") and e.get("SUMMARY") for e in events)
    assert main(["execution", "tasks", str(path), "--owner", "zhangmin"]) == 1
    assert "SO-B: deposit received" in capsys.readouterr().out

    args = ["--order", "SO-B", "--class", "quality", "--severity", "high", "-m", "scratches"]
    assert main(["execution", "exception", str(path), *args]) == 0
    logged = _table(path, Exceptions.sheet, Exceptions.table_name)
    assert [r[Exceptions.exception_id] for r in logged] == ["EX-0001"]
    assert "hold shipment" in logged[0][Exceptions.handling]

    before = path.read_bytes()
    assert main(["execution", "exception", str(path), "--class", "quality"]) == 2
    assert main(["execution", "plan", str(path), "--order", "SO-NOPE"]) == 2
    assert path.read_bytes() == before
