"""The sample register carries plans for its open orders (some overdue) and a few exceptions at
different severities, and the demo's execution steps act on them."""

from __future__ import annotations

import copy

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.exceptions import log_exception
from orderdesk.actions.execution import can_we_take_it
from orderdesk.actions.milestones import plan_milestones
from orderdesk.actions.orders import check_register
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.schema import Exceptions, Milestones, Orders


@pytest.mark.slow  # the whole 120-order sample, generated and acted on
def test_sample_plans_exceptions_and_the_execution_steps(monkeypatch, demo_sample_folder):
    # generate(120): the demo's sample, generated once per test run (tests/conftest.py); a copy,
    # as the register below is written to.
    sample = copy.deepcopy(demo_sample_folder[1])
    plans = sample.frame(Milestones)
    assert set(plans["Status"]) >= {"done", "overdue", "open"}
    exceptions = sample.frame(Exceptions)
    assert len(set(exceptions["Severity"])) >= 3

    register = MemoryRegister({**policy_rows(), **sample.tables})
    monkeypatch.setenv("ORDERDESK_TODAY", sample.as_of.isoformat())
    overdue = plans[plans["Status"] == "overdue"]
    named = [f for f in check_register(register).findings if f.rule == "MILESTONE-OVERDUE"]
    assert len(named) == len(overdue) > 0
    assert {(f.order_id, f.cell.row) for f in named} == {
        (o, int(i) + 2) for i, o in zip(overdue.index, overdue["Order ID"], strict=True)
    }
    ctx = RunContext.of(register, today=sample.as_of)
    orders = sample.frame(Orders)
    fresh = orders[orders[Orders.stage].isin(["draft", "confirmed"])][Orders.order_id]
    decided = can_we_take_it(ctx, order_ids=list(fresh))
    assert decided.data["decisions"], "the sample has received or draft orders to decide"
    again = plan_milestones(RunContext.of(register.reopen(), today=sample.as_of))
    assert again.data["planned"] == 0  # the sample's plans are what Plan milestones makes
    handled = log_exception(RunContext.of(register.reopen(), today=sample.as_of))
    assert handled.findings >= 1  # the critical delay of two days ago is past its escalation
    rows = register.reopen().read(Exceptions).records()
    assert all(r["handling"] for r in rows)
