"""Log exception: handling, escalation, customer cadence from Settings; contingencies."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.exceptions import BadException, log_exception
from orderdesk.schema import Exceptions
from tests.execution.cases import TODAY, line, order, tables


def _register(memory_register, exceptions=()):
    data = tables([order("SO-1", "in production")], [line("SO-1", "P-1", 1000)])
    data[Exceptions] = list(exceptions)
    return memory_register(data, user="lwei")


def _rows(register):
    return {r["exception_id"]: r for r in register.read(Exceptions).records()}


def test_a_critical_delay_gets_its_handling_escalation_and_contingency(memory_register):
    register = _register(memory_register)
    outcome = log_exception(
        RunContext.of(register, today=TODAY),
        order_id="so-1",
        exception_class="Delivery",
        severity="critical",
        description="mould broke",
    )
    row = _rows(register.reopen())["EX-0001"]
    assert (row["order_id"], row["exception_class"], row["severity"]) == (
        "SO-1",
        "delivery",
        "critical",
    )
    assert row["owner"] == "lwei" and row["status"] == "open"
    assert "confirm new ready date" in row["handling"]
    assert row["escalate_to"] == "zhouqiang"  # the manager role
    assert row["escalate_by"] - row["opened"] == dt.timedelta(hours=2)
    assert row["customer_updates"] == "inform the customer within 4 h; update every 24 h"
    # other hardware suppliers by score, the line's own (SU-1) and the Very Poor one left out
    assert "other suppliers: SU-2 Other Hardware (score 72)" in row["contingency"]
    assert "SU-BAD" not in row["contingency"]
    assert "air instead of sea: about" in row["contingency"]
    assert outcome.data["logged"] == "EX-0001"


def test_overdue_escalations_are_flagged_and_closed_ones_are_not(memory_register):
    two_days_ago = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(9))
    register = _register(
        memory_register,
        [
            {
                Exceptions.exception_id: "EX-0007",
                Exceptions.order_id: "SO-1",
                Exceptions.exception_class: "quality",
                Exceptions.severity: "high",
                Exceptions.opened: two_days_ago,
                Exceptions.status: "open",
            },
            {
                Exceptions.exception_id: "EX-0008",
                Exceptions.order_id: "SO-1",
                Exceptions.exception_class: "quality",
                Exceptions.severity: "high",
                Exceptions.opened: two_days_ago,
                Exceptions.status: "closed",
            },
            {
                Exceptions.exception_id: "EX-0009",
                Exceptions.order_id: "SO-1",
                Exceptions.exception_class: "payment",
                Exceptions.severity: "low",
                Exceptions.opened: dt.datetime.combine(TODAY, dt.time(0)),
                Exceptions.status: "open",
            },
        ],
    )
    outcome = log_exception(RunContext.of(register, today=TODAY))
    rows = _rows(register.reopen())
    assert rows["EX-0007"]["alert"].startswith("escalation overdue since 2026-02-28 17:00")
    assert "zhouqiang" in rows["EX-0007"]["alert"]
    assert rows["EX-0008"]["alert"] is None
    assert rows["EX-0009"]["alert"] is None  # 72 h to escalate
    assert outcome.findings == 1
    # a new one is numbered after the highest
    log_exception(
        RunContext.of(register.reopen(), today=TODAY),
        order_id="SO-1",
        exception_class="customs",
        severity="low",
    )
    assert "EX-0010" in _rows(register.reopen())


def test_an_unknown_class_is_refused_and_nothing_written(memory_register):
    register = _register(memory_register)
    with pytest.raises(BadException, match="class 'weather' is not one of quality"):
        log_exception(
            RunContext.of(register, today=TODAY),
            order_id="SO-1",
            exception_class="weather",
            severity="low",
        )
    assert register.book.saves == 0
