"""Plan milestones, My tasks and the calendar feed on hand-built registers."""

from __future__ import annotations

import datetime as dt

import icalendar

from orderdesk.actions.context import RunContext
from orderdesk.actions.milestones import my_tasks, plan_milestones, task_calendar
from orderdesk.schema import Invoices, Milestones
from tests.execution.cases import TODAY, line, order, tables

ORDERED = dt.date(2026, 2, 2)


def _register(memory_register, *orders, invoices=(), user="tester"):
    lines = [line(o[Orders_id], "P-T" if o[Orders_id] == "SO-T" else "P-1", 100) for o in orders]
    data = tables(list(orders), lines, invoices=list(invoices))
    return memory_register(data, user=user)


Orders_id = next(iter(order("x", "draft")))  # the Order ID column


def _rows(register):
    return {(r["order_id"], r["milestone"]): r for r in register.read(Milestones).records()}


def _deposit(paid_on):
    return {
        Invoices.invoice_no: "INV-1",
        Invoices.order_id: "SO-1",
        Invoices.customer: "CU-1",
        Invoices.kind: "deposit",
        Invoices.issue_date: ORDERED,
        Invoices.currency: "USD",
        Invoices.amount: 3000.0,
        Invoices.paid: 3000.0 if paid_on else 0.0,
        Invoices.outstanding: 0.0 if paid_on else 3000.0,
        Invoices.status: "paid" if paid_on else "open",
        Invoices.last_payment: paid_on,
    }


def test_plan_twice_adds_nothing(memory_register):
    register = _register(memory_register, order("SO-1", "confirmed", ordered=ORDERED))
    first = plan_milestones(RunContext.of(register, today=TODAY))
    saved = register.reopen()
    rows = _rows(saved)
    assert first.data["planned"] == len(rows) == 9
    assert rows[("SO-1", "deposit received")]["planned"] == ORDERED + dt.timedelta(days=7)
    assert rows[("SO-1", "deposit received")]["owner"] == "zhangmin"  # finance
    assert rows[("SO-1", "deposit received")]["accountable"] == "lwei"  # sales
    assert rows[("SO-1", "materials ordered")]["planned"] == ORDERED + dt.timedelta(days=10)
    again = plan_milestones(RunContext.of(saved, today=TODAY))
    assert again.data["planned"] == 0
    assert len(saved.reopen().read(Milestones)) == 9


def test_a_matched_deposit_marks_deposit_received_done_with_its_date(memory_register):
    paid_on = dt.date(2026, 2, 6)
    register = _register(
        memory_register, order("SO-1", "confirmed", ordered=ORDERED), invoices=[_deposit(paid_on)]
    )
    plan_milestones(RunContext.of(register, today=TODAY))
    rows = _rows(register.reopen())
    assert rows[("SO-1", "deposit received")]["status"] == "done"
    assert rows[("SO-1", "deposit received")]["actual"] == paid_on
    # its successor was due 9 February and nothing says it happened: overdue
    assert rows[("SO-1", "materials ordered")]["status"] == "overdue"
    assert rows[("SO-1", "materials ordered")]["actual"] is None


def test_an_unpaid_deposit_stays_open_until_it_is_matched(memory_register):
    register = _register(
        memory_register, order("SO-1", "confirmed", ordered=ORDERED), invoices=[_deposit(None)]
    )
    plan_milestones(RunContext.of(register, today=TODAY))
    saved = register.reopen()
    assert _rows(saved)[("SO-1", "deposit received")]["status"] == "overdue"
    # Sync bank matches the deposit later: the next plan marks it done (and adds no row)
    inv = saved.read(Invoices)
    saved.update(
        Invoices,
        {
            inv.key_of(int(inv.frame.index[0])): {
                Invoices.status: "paid",
                Invoices.last_payment: dt.date(2026, 3, 1),
            }
        },
    )
    saved.save()
    again = plan_milestones(RunContext.of(saved.reopen(), today=TODAY))
    assert again.data["planned"] == 0
    row = _rows(saved.reopen())[("SO-1", "deposit received")]
    assert (row["status"], row["actual"]) == ("done", dt.date(2026, 3, 1))


def test_new_tooling_and_lc_orders_get_their_templates(memory_register):
    register = _register(
        memory_register,
        order("SO-T", "confirmed", ordered=ORDERED),
        order("SO-L", "confirmed", ordered=ORDERED, terms="LC AT SIGHT"),
        order("SO-1", "confirmed", ordered=ORDERED),
    )
    plan_milestones(RunContext.of(register, today=TODAY))
    names = {}
    for oid, name in _rows(register.reopen()):
        names.setdefault(oid, set()).add(name)
    assert "tooling approved" in names["SO-T"]
    assert "tooling approved" not in names["SO-1"]
    assert {"L/C received", "L/C paid"} <= names["SO-L"]
    assert "deposit received" not in names["SO-L"]


def test_my_tasks_and_the_calendar_feed(memory_register, tmp_path):
    register = _register(memory_register, order("SO-1", "confirmed", ordered=ORDERED))
    plan_milestones(RunContext.of(register, today=TODAY))
    saved = register.reopen(user="zhangmin")
    tasks = my_tasks(RunContext.of(saved, today=TODAY))
    assert tasks.findings == 1  # deposit received, due 9 Feb
    assert any("SO-1: deposit received" in d and "overdue" in d for d in tasks.details)
    assert not any("production start" in d for d in tasks.details)  # someone else's

    out = tmp_path / "tasks.ics"
    task_calendar(RunContext.of(saved, today=TODAY), out, owner="zhangmin")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2  # finance: deposit received and balance received
    for event in events:
        assert event.get("UID") and event.get("DTSTART") and event.get("SUMMARY")
    by_summary = {str(e.get("SUMMARY")): e for e in events}
    deposit = by_summary["SO-1: deposit received (overdue)"]
    assert deposit.decoded("DTSTART") == ORDERED + dt.timedelta(days=7)
    assert str(deposit.get("UID")) == "so-1-deposit-received@orderdesk.invalid"
    assert "SO-1: balance received" in by_summary
    # the same feed made again keeps each event's UID
    task_calendar(RunContext.of(saved, today=TODAY), out, owner="zhangmin")
    again = icalendar.Calendar.from_ical(out.read_bytes())
    assert {str(e.get("UID")) for e in again.walk("VEVENT")} == {str(e.get("UID")) for e in events}
    nobody = task_calendar(RunContext.of(saved, today=TODAY), out, owner="nobody")
    assert nobody.data["events"] == 0
    assert list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == []
