"""The Execution group's buttons run the same actions on the register Excel has open (here the
in-memory register; the selection is the rows chosen in Excel)."""

from __future__ import annotations

import datetime as dt

from orderdesk_addin import handlers
from orderdesk_addin.handlers import ButtonContext

from orderdesk.ports import Selection
from orderdesk.schema import Exceptions, Milestones, Orders
from tests.execution.cases import BOOKED, BOOKED_LINE, line, order, tables


def _register(memory_register, **kw):
    data = tables(
        [BOOKED, order("SO-N", "received"), order("SO-M", "draft")],
        [BOOKED_LINE, line("SO-N", "P-1", 100), line("SO-M", "P-1", 100)],
    )
    data[Exceptions] = [
        {
            Exceptions.exception_id: "EX-0001",
            Exceptions.order_id: "SO-B",
            Exceptions.exception_class: "documents",
            Exceptions.severity: "medium",
            Exceptions.opened: dt.datetime(2026, 3, 1, 9),
            Exceptions.status: "open",
        }
    ]
    return memory_register(data, **kw)


def test_the_execution_buttons(memory_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-03-02")
    found = handlers.load_all()
    picked = Selection(Orders, (("SO-N",),))
    register = _register(memory_register, selection=picked)
    outcome = found["odCanWeTakeIt"](ButtonContext.of(register))
    assert [d["order"] for d in outcome.data["decisions"]] == ["SO-N"]  # the selected row only

    register = _register(memory_register, user="zhangmin")
    found["odPlanMilestones"](ButtonContext.of(register))
    assert {r["order_id"] for r in register.reopen().read(Milestones).records()} == {"SO-B"}
    tasks = found["odMyTasks"](ButtonContext.of(register.reopen(user="zhangmin")))
    assert tasks.summary.startswith("zhangmin: 1 milestone due or overdue")

    found["odLogException"](ButtonContext.of(register.reopen()))
    row = register.reopen().read(Exceptions).records()[0]
    assert row["handling"].startswith("list discrepancies")
    assert row["escalate_to"] == "lwei"
