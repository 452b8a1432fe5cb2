"""COMPLAINT-SLA-BREACH: Validate lists each complaint answered late in business hours on the
Issues sheet (the row, the owner, how late); on-time complaints and holidays are respected."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orderdesk.actions.aftersales import complaint_clocks
from orderdesk.actions.context import RunContext
from orderdesk.actions.orders import check_register, validate_orders
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.sample import generate
from orderdesk.schema import Complaints, Issues, Orders, Setting, Settings
from tests.execution.cases import block_rows

TODAY = dt.date(2026, 12, 2)  # Wednesday; a pinned day is judged at 23:59
ORDERS = [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}]
RULE = "COMPLAINT-SLA-BREACH"


def complaint(cid: str, **cells: object) -> dict:
    row = {
        Complaints.complaint_id: cid,
        Complaints.order_id: "SO-1",
        Complaints.date: dt.date(2026, 11, 27),
        Complaints.complaint_class: "quality",
        Complaints.received: dt.datetime(2026, 11, 27, 17, 30),  # Friday: due Monday 09:30
        Complaints.owner: "lwei",
    }
    row.update({getattr(Complaints, k): v for k, v in cells.items()})
    return row


def breaches(register: Any) -> list[dict[str, Any]]:
    validate_orders(RunContext.of(register, today=TODAY))
    rows = block_rows(register.reopen(), Issues.sheet, Issues.table_name)
    return [r for r in rows if r[Issues.rule] == RULE]


def test_late_complaints_are_listed_on_time_ones_not(memory_register) -> None:
    register = memory_register(
        {
            Orders: ORDERS,
            Complaints: [
                complaint(  # on time: acknowledged 09:20 Monday, solution Tuesday
                    "C-1",
                    acknowledged=dt.datetime(2026, 11, 30, 9, 20),
                    proposed=dt.datetime(2026, 12, 1, 16, 0),
                ),
                complaint(  # acknowledged 1.5 business hours late
                    "C-2",
                    acknowledged=dt.datetime(2026, 11, 30, 11, 0),
                    proposed=dt.datetime(2026, 12, 1, 10, 0),
                ),
                complaint(  # received Monday 10:00, solution due Wednesday 16:00, none yet
                    "C-3",
                    received=dt.datetime(2026, 11, 30, 10, 0),
                    acknowledged=dt.datetime(2026, 11, 30, 10, 30),
                    owner=None,
                ),
            ],
        }
    )
    found = breaches(register)
    assert [
        (r[Issues.sheet_name], r[Issues.row_no], r[Issues.column_name], r[Issues.severity])
        for r in found
    ] == [
        ("Complaints", 3, "Acknowledged", "warning"),
        ("Complaints", 4, "Solution Proposed", "warning"),
    ]
    assert (
        "complaint C-2 of SO-1: acknowledgement was due 2026-11-30 09:30"
        in (found[0][Issues.message])
    )
    assert "1.5 business h late; owner: lwei" in found[0][Issues.message]
    # judged at the pinned day's end: 16:00 → 18:00 Wednesday is two business hours
    assert "still not done, 2.0 business h late; owner: no one" in found[1][Issues.message]
    assert all(r[Issues.order_id] == "SO-1" for r in found)


def test_a_holiday_in_settings_moves_the_due_time(memory_register) -> None:
    late_without_holiday = complaint(
        "C-4",
        acknowledged=dt.datetime(2026, 12, 1, 9, 25),
        proposed=dt.datetime(2026, 12, 1, 12, 0),
    )
    data = {Orders: ORDERS, Complaints: [late_without_holiday]}
    plain = breaches(memory_register(data))
    assert [r[Issues.row_no] for r in plain] == [2]
    assert "8.9 business h late" in plain[0][Issues.message]  # Monday 09:30 → Tuesday 09:25

    holiday = {Settings.key: Setting.HOLIDAYS.key, Settings.value: "2026-11-30"}
    assert breaches(memory_register({**data, Settings: [holiday]})) == []


def test_a_register_without_complaints_is_validated_all_the_same(memory_register) -> None:
    register = memory_register({Orders: ORDERS}, missing=[Complaints.sheet])
    assert breaches(register) == []
    assert Issues.sheet in register.reopen().sheets


def test_validate_names_each_late_complaint_of_the_sample(monkeypatch) -> None:
    sample = generate(60)
    register = MemoryRegister({**policy_rows(), **sample.tables})
    monkeypatch.setenv("ORDERDESK_TODAY", sample.as_of.isoformat())
    named = [f for f in check_register(register).findings if f.rule == RULE]
    clocks = complaint_clocks(RunContext.of(register.reopen(), today=sample.as_of))
    listed = clocks.data["breaches"]
    assert len(named) == len(listed) > 0  # the sample answers some complaints late on purpose
    column = {"acknowledge": "Acknowledged", "solution": "Solution Proposed"}
    assert sorted(
        (f.message.split("complaint ")[1].split(" ")[0], f.cell.column) for f in named
    ) == (sorted((b["complaint"], column[b["clock"]]) for b in listed))
