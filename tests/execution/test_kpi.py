"""Refresh KPIs shows the on-time milestone rate by department (issue 20)."""

from __future__ import annotations

import datetime as dt

from orderdesk.actions.kpi import refresh_kpis
from orderdesk.schema import KPI, Milestones
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, block_rows, tables


def _done(name, planned, actual, department):
    return {
        Milestones.order_id: "SO-B",
        Milestones.milestone: name,
        Milestones.planned: planned,
        Milestones.actual: actual,
        Milestones.department: department,
    }


def test_on_time_milestone_rate_by_department(memory_register):
    d = dt.date
    data = tables([BOOKED], [BOOKED_LINE])
    data[Milestones] = [
        _done("deposit received", d(2026, 2, 9), d(2026, 2, 8), "Finance"),  # on time
        _done("balance received", d(2026, 2, 20), d(2026, 2, 25), "Finance"),  # late
        _done("booking", d(2026, 2, 20), d(2026, 2, 20), "Logistics"),  # on the day: on time
        _done("on board", d(2026, 3, 20), None, "Logistics"),  # not done: not counted
        _done("cargo ready", d(2025, 1, 1), d(2025, 1, 1), "Production"),  # before the window
    ]
    register = memory_register(data)
    refresh_kpis(register, date_from=d(2026, 1, 1), on=TODAY)
    rows = block_rows(register.reopen(), KPI.sheet, "tblKpiMilestones")
    got = {r["Department"]: (r["Done"], r["On Time"], r["On-time %"]) for r in rows}
    assert got == {
        "Finance": (2, 1, 0.5),
        "Logistics": (1, 1, 1.0),
        "all departments": (3, 2, 2 / 3),
    }
