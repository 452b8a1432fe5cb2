"""`orderdesk aftersales …` on a register file, read back with openpyxl (not our reader)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.schema import Complaints, Orders, Reviews, SlaBreaches

FRIDAY_1730 = dt.datetime(2026, 11, 27, 17, 30)


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    from orderdesk.cli import main

    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def sheet_rows(path: Path, sheet: str, header_text: str) -> list[dict[str, object]]:
    """The rows under the header row that starts with `header_text` on a sheet."""
    ws = load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == header_text)
    header = rows[at]
    out = []
    for r in rows[at + 1 :]:
        if not r or r[0] is None:
            break
        out.append({str(h): v for h, v in zip(header, r, strict=False) if h})
    return out


def complaint(cid: str, order: str = "SO-1", **cells: object) -> dict:
    row = {
        Complaints.complaint_id: cid,
        Complaints.order_id: order,
        Complaints.date: FRIDAY_1730.date(),
        Complaints.complaint_class: "damage",
        Complaints.received: FRIDAY_1730,
    }
    row.update({getattr(Complaints, k): v for k, v in cells.items()})
    return row


def test_complaints_command_writes_due_times_and_lists_breaches(
    make_register, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-12-04")
    path = make_register(
        {
            Orders: [{Orders.order_id: "SO-1"}],
            Complaints: [
                complaint("C-1", acknowledged=dt.datetime(2026, 11, 30, 9, 15)),
                complaint("C-2", acknowledged=dt.datetime(2026, 11, 30, 10, 45)),
            ],
        }
    )
    code, out, err = run(capsys, "aftersales", "complaints", path)
    assert code == 1, err
    assert "2 complaint(s) on the clock" in out
    rows = {
        r[str(Complaints.complaint_id)]: r
        for r in sheet_rows(path, Complaints.sheet, "Complaint ID")
    }
    assert rows["C-1"][str(Complaints.ack_due)] == dt.datetime(2026, 11, 30, 9, 30)
    # solutions were never proposed: both overdue since Wednesday 14:30 (the pinned day's end)
    assert rows["C-2"][str(Complaints.sla)].startswith(
        "acknowledgement late 1.2 h; solution overdue"
    )
    breaches = sheet_rows(path, SlaBreaches.sheet, str(SlaBreaches.complaint_id))
    assert [(b["Complaint ID"], b["Clock"]) for b in breaches] == [
        ("C-2", "acknowledge"),
        ("C-1", "solution"),
        ("C-2", "solution"),
    ]


def test_a_complaint_for_an_unknown_order_is_refused_and_the_file_is_untouched(
    make_register, capsys
) -> None:
    path = make_register(
        {Orders: [{Orders.order_id: "SO-1"}], Complaints: [complaint("C-1", order="SO-9")]}
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, _, err = run(capsys, "aftersales", "complaints", path)
    assert code == 2
    assert "Complaints!B2 (Order ID): 'SO-9' is not an order in the Orders sheet" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_review_command_writes_the_reviews_sheet(make_register, capsys, monkeypatch) -> None:
    from tests.aftersales.test_review import tables

    monkeypatch.setenv("ORDERDESK_TODAY", "2026-12-02")
    path = make_register(tables())
    code, out, err = run(capsys, "aftersales", "review", path, "--json")
    assert code == 1, err
    assert json.loads(out)["below_bar"] == ["SO-1"]
    rows = sheet_rows(path, Reviews.sheet, str(Reviews.order_id))
    assert [r["Order ID"] for r in rows] == ["SO-1"]
    assert rows[0]["Realised Margin"] == pytest.approx(0.175)
    assert rows[0]["Payment Days Late"] == 10
    assert rows[0]["Worst"] == "OTIF (0), cycle time (70)"


def test_lessons_command_lists_the_best_five_and_asks_for_one_query(make_register, capsys) -> None:
    from orderdesk.schema import Lessons
    from tests.aftersales.test_lessons import LESSONS

    path = make_register({Lessons: LESSONS})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = run(capsys, "aftersales", "lessons", path, "--text", "马克杯釉面开裂")
    assert code == 0, err
    assert "1. L-7 马克杯釉面龟裂" in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # writes nothing
    code, _, err = run(capsys, "aftersales", "lessons", path)
    assert code == 2
    assert "give one of --complaint, --order or --text" in err
