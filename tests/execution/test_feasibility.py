"""Can we take it?: the decision tree on hand-built registers, as the Feasibility sheet shows it."""

from __future__ import annotations

import datetime as dt

from orderdesk.actions.context import RunContext
from orderdesk.actions.execution import can_we_take_it
from orderdesk.domain.execution.capacity import CapacityBook, Load
from orderdesk.schema import CapacityWeeks, Feasibility
from tests.execution.cases import (
    BOOKED,
    BOOKED_LINE,
    TODAY,
    WEEKLY,
    block_rows,
    line,
    order,
    tables,
)

WANT = dt.date(2026, 5, 20)


def _decide(memory_register, orders, lines, asked=()):
    register = memory_register(tables([BOOKED, *orders], [BOOKED_LINE, *lines]))
    outcome = can_we_take_it(RunContext.of(register, today=TODAY), order_ids=asked)
    saved = register.reopen()
    return outcome, _rows(saved), saved


def _rows(saved):
    return {r["order_id"]: r for r in _records(saved, Feasibility)}


def _records(saved, table):
    """The block as a user sees it, keyed by the columns' attribute names."""
    names = {str(c): c.attr for c in table.columns()}
    rows = block_rows(saved, table.sheet, table.table_name)
    return [{names[k]: v for k, v in r.items()} for r in rows]


def test_an_order_over_capacity_is_accepted_with_the_week_it_fits(memory_register):
    # 10,000 ready after 14 days (16 March, week 2), where only 6,000 can be added: week 3 fits.
    outcome, rows, _ = _decide(
        memory_register, [order("SO-N", "received", want=WANT)], [line("SO-N", "P-1", 10_000)]
    )
    row = rows["SO-N"]
    assert row["decision"] == "accept with conditions"
    assert "ship in week 2026-W13 (2026-03-27)" in row["conditions"]
    assert row["earliest_ship"] == dt.date(2026, 3, 27)
    assert row["earliest_arrival"] == dt.date(2026, 4, 26)
    assert "capacity: hardware booked full before week 2026-W13" in row["reasons"]
    assert outcome.findings == 1


def test_an_order_within_capacity_is_accepted(memory_register):
    _, rows, _ = _decide(
        memory_register, [order("SO-N", "received", want=WANT)], [line("SO-N", "P-1", 6_000)]
    )
    assert rows["SO-N"]["decision"] == "accept"
    assert rows["SO-N"]["earliest_ship"] == dt.date(2026, 3, 16)
    assert not rows["SO-N"]["conditions"]


def test_a_late_requested_date_is_a_condition_naming_the_date(memory_register):
    _, rows, _ = _decide(
        memory_register,
        [order("SO-N", "received", want=dt.date(2026, 4, 1))],
        [line("SO-N", "P-1", 1_000)],
    )
    assert rows["SO-N"]["decision"] == "accept with conditions"
    assert "later delivery: ship 2026-03-16, arrive about 2026-04-15" in rows["SO-N"]["conditions"]


def test_a_new_tooling_order_needs_the_tooling_milestone(memory_register):
    outcome, rows, _ = _decide(
        memory_register,
        [order("SO-T", "received", want=WANT), order("SO-N", "received", want=WANT)],
        [line("SO-T", "P-T", 100), line("SO-N", "P-1", 100)],
    )
    assert "'tooling approved' milestone before production start" in rows["SO-T"]["conditions"]
    # 14 days' lead + 35 for the tooling
    assert rows["SO-T"]["earliest_ship"] == TODAY + dt.timedelta(days=49)
    assert "tooling" not in (rows["SO-N"]["conditions"] or "")
    by_order = {d["order"]: d for d in outcome.data["decisions"]}
    assert by_order["SO-T"]["milestones"] == ["tooling approved"]
    assert by_order["SO-N"]["milestones"] == []


def test_a_very_poor_or_blocked_suppliers_product_declines(memory_register):
    _, rows, _ = _decide(
        memory_register,
        [order("SO-X", "received", want=WANT), order("SO-N", "received", want=WANT)],
        [line("SO-X", "P-X", 100), line("SO-N", "P-1", 100)],
    )
    assert rows["SO-X"]["decision"] == "decline"
    assert "supplier: SU-BAD (P-X) stands Very Poor" in rows["SO-X"]["reasons"]
    assert rows["SO-N"]["decision"] == "accept"


def test_a_blocked_customer_declines_and_a_low_deposit_is_a_condition(memory_register):
    from orderdesk.schema import Customers

    data = tables(
        [BOOKED, order("SO-N", "received", want=WANT, deposit=0.1)],
        [BOOKED_LINE, line("SO-N", "P-1", 100)],
    )
    data[Customers] = [{**data[Customers][0], Customers.credit_score: 50}]
    register = memory_register(data)
    can_we_take_it(RunContext.of(register, today=TODAY))
    rows = _rows(register.reopen())
    assert "deposit of at least 30%" in rows["SO-N"]["conditions"]
    data[Customers] = [{**data[Customers][0], Customers.blocked: "yes"}]
    register = memory_register(data)
    can_we_take_it(RunContext.of(register, today=TODAY))
    rows = _rows(register.reopen())
    assert rows["SO-N"]["decision"] == "decline"
    assert "customer: CU-1 is blocked" in rows["SO-N"]["reasons"]


def test_each_accepted_order_books_capacity_for_the_next(memory_register):
    # Two orders of 6,000 ready in week 2: the first takes the 6,000 left, the second waits.
    _, rows, saved = _decide(
        memory_register,
        [order("SO-1", "received", want=WANT), order("SO-2", "draft", want=WANT)],
        [line("SO-1", "P-1", 6_000), line("SO-2", "P-1", 6_000)],
    )
    assert rows["SO-1"]["decision"] == "accept"
    assert rows["SO-2"]["decision"] == "accept with conditions"
    weeks = {r["week"]: r for r in _records(saved, CapacityWeeks)}
    assert weeks["2026-W12"]["booked"] == 36_000
    assert weeks["2026-W12"]["over"] == "yes"
    assert "SO-B" in weeks["2026-W12"]["orders"] and "SO-1" in weeks["2026-W12"]["orders"]
    assert weeks["2026-W11"]["over"] is None
    assert len(weeks) == 26


def test_capacity_book_spills_an_overbooked_week_back():
    book = CapacityBook.of({"hardware": WEEKLY * 52 / 12}, TODAY, 8)
    book.book(Load("SO-B", "hardware", 30_000, dt.date(2026, 3, 20)))
    assert list(book.addable("hardware")[:4]) == [6_000, 6_000, 6_000, 18_000]
    assert book.first_fit("hardware", 6_000, TODAY) == 0
    assert book.first_fit("hardware", 6_001, TODAY) == 3
    assert book.first_fit("hardware", 10**9, TODAY) is None
