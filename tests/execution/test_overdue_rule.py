"""MILESTONE-OVERDUE: Validate puts each overdue milestone on the Issues sheet, naming its owner."""

from __future__ import annotations

import datetime as dt

from orderdesk.actions.context import RunContext
from orderdesk.actions.orders import validate_orders
from orderdesk.schema import Issues, Milestones
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, block_rows, tables


def _milestone(name, planned, *, actual=None, done_on=None, owner="zhangmin"):
    return {
        Milestones.order_id: "SO-B",
        Milestones.milestone: name,
        Milestones.planned: planned,
        Milestones.owner: owner,
        Milestones.actual: actual,
        Milestones.done_on: done_on,
    }


def test_overdue_milestones_are_warnings_naming_the_owner(memory_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    data = tables([BOOKED], [BOOKED_LINE])
    data[Milestones] = [
        _milestone("deposit received", dt.date(2026, 2, 20)),  # overdue
        _milestone("materials ordered", dt.date(2026, 2, 21), actual=dt.date(2026, 2, 22)),
        _milestone("production start", dt.date(2026, 2, 22), done_on=dt.date(2026, 2, 23)),
        _milestone("booking", TODAY),  # due today: not yet late
        _milestone("on board", dt.date(2026, 2, 25), owner=None),  # overdue, nobody owns it
    ]
    register = memory_register(data)
    validate_orders(RunContext.of(register))
    issues = [
        r
        for r in block_rows(register.reopen(), Issues.sheet, Issues.table_name)
        if r[Issues.rule] == "MILESTONE-OVERDUE"
    ]
    assert [(r[Issues.sheet_name], r[Issues.row_no], r[Issues.severity]) for r in issues] == [
        ("Milestones", 2, "warning"),
        ("Milestones", 6, "warning"),
    ]
    assert "'deposit received' of SO-B was due 2026-02-20" in issues[0][Issues.message]
    assert "owner: zhangmin" in issues[0][Issues.message]
    assert "owner: no one" in issues[1][Issues.message]
