"""Execution (issue 20): Can we take it? — the decision tree for received orders, and the
capacity dashboard (the Feasibility sheet). Plan milestones, My tasks and the calendar are in
`actions/milestones.py`, Log exception in `actions/exceptions.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from orderdesk.actions.base import Outcome, known_orders, plural, stage
from orderdesk.actions.context import RunContext
from orderdesk.actions.execution_book import Book
from orderdesk.actions.execution_quotes import quote_asks
from orderdesk.domain.execution.book import decide_quote
from orderdesk.domain.execution.capacity import CapacityBook, week_label
from orderdesk.domain.execution.feasibility import Decision, Verdict, decide
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import CapacityWeeks, Feasibility, Orders, Setting


def can_we_take_it(
    ctx: RunContext, *, order_ids: Sequence[str] = (), quote_ids: Sequence[str] = ()
) -> Outcome:
    """The decision tree for the asked orders (default: every received or draft order, none when
    only quotes are asked), in order date order, each booking capacity for the next; then the
    asked quotes (their latest version, as if won today, booking nothing); the Feasibility sheet
    with the capacity dashboard. Findings: those declined or accepted only with conditions."""
    register, policy = ctx.register, ctx.policy
    with stage(ctx.progress, "Reading the register"):
        book = Book.read(register, policy)
    asked = known_orders(order_ids, book.orders.frame[Orders.order_id]) if order_ids else None
    weeks = int(policy.get(Setting.CAPACITY_HORIZON_WEEKS))
    transit = book.knowledge.thresholds.transit_days
    capacity = book.capacity_book(ctx.today, weeks, transit, asked or ())
    asks = book.asks([] if quote_ids and not order_ids else asked, ctx.today)
    quotes = (
        quote_asks(register, quote_ids, book.products, today=ctx.today, transit_days=transit)
        if quote_ids
        else []
    )
    with stage(ctx.progress, "Deciding", len(asks) + len(quotes)):
        decisions = [decide(a, book.knowledge, capacity) for a in asks]
        decisions += [decide_quote(q, book.knowledge, capacity) for q in quotes]
    register.write_sheet(feasibility_sheet(decisions, capacity, ctx.today))
    register.save()
    counts = {v: sum(d.verdict is v for d in decisions) for v in Verdict}
    details = [
        f"{d.order_id}: {d.verdict.value}"
        + (f" — {'; '.join(d.conditions)}" if d.conditions else "")
        + (f" ({_declined(d)})" if d.verdict is Verdict.DECLINE else "")
        for d in decisions
    ]
    return Outcome(
        f"{plural(len(decisions), 'order')} decided: {counts[Verdict.ACCEPT]} accept, "
        f"{counts[Verdict.CONDITIONS]} with conditions, {counts[Verdict.DECLINE]} decline",
        findings=counts[Verdict.CONDITIONS] + counts[Verdict.DECLINE],
        details=details,
        data={"decisions": [_as_json(d) for d in decisions]},
    )


def _declined(d: Decision) -> str:
    return "; ".join(b.reason for b in d.branches if b.verdict is Verdict.DECLINE)


def _as_json(d: Decision) -> dict[str, Any]:
    return {
        "order": d.order_id,
        "decision": d.verdict.value,
        "earliest_ship": d.earliest_ship,
        "earliest_arrival": d.earliest_arrival,
        "conditions": d.conditions,
        "reasons": d.reasons,
        "milestones": list(d.milestones),
    }


def feasibility_sheet(
    decisions: Sequence[Decision], book: CapacityBook, today: dt.date
) -> SheetContent:
    rows = [
        {
            Feasibility.order_id: d.order_id,
            Feasibility.decision: d.verdict.value,
            Feasibility.earliest_ship: d.earliest_ship,
            Feasibility.earliest_arrival: d.earliest_arrival,
            Feasibility.conditions: "; ".join(d.conditions),
            Feasibility.reasons: "; ".join(d.reasons),
        }
        for d in decisions
    ]
    weeks, load = _capacity_rows(book)
    over = sum(r[CapacityWeeks.over] == "yes" for r in weeks)
    return SheetContent(
        Feasibility.sheet,
        [
            Block(
                Feasibility.table_name,
                _frame(rows, Feasibility),
                title="Can we take it?",
            ),
            Block(
                "tblCapacityLoad",
                pd.DataFrame(load),
                title="Load by week (booked ÷ available)",
                formats={c: "0%" for c in (load[0] if load else {}) if c != "Week"},
            ),
            Block(
                CapacityWeeks.table_name,
                _frame(weeks, CapacityWeeks),
                title=f"Capacity by product line and week ({over} over-booked)",
            ),
        ],
        [
            ChartSpec(
                "line",
                "Capacity load by product line",
                "tblCapacityLoad",
                "Week",
                [c for c in (load[0] if load else {}) if c != "Week"],
                anchor="I2",
                percent_axis=True,
                width_cm=22,
            )
        ],
        heading=f"Can we take it? Capacity from week {week_label(book.start)}, as of {today}",
    )


def _frame(rows: list[dict[Any, Any]], table: Any) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(table.columns()))


def _capacity_rows(book: CapacityBook) -> tuple[list[dict[Any, Any]], list[dict[str, Any]]]:
    weeks: list[dict[Any, Any]] = []
    load: list[dict[str, Any]] = [
        {"Week": week_label(book.week_start(w))} for w in range(book.weeks)
    ]
    for key, weekly in sorted(book.weekly.items()):
        booked = book.booked.get(key)
        for w in range(book.weeks):
            qty = float(booked[w]) if booked is not None else 0.0
            share = qty / weekly if weekly else 0.0
            load[w][book.names[key]] = share
            weeks.append(
                {
                    CapacityWeeks.category: book.names[key],
                    CapacityWeeks.week: week_label(book.week_start(w)),
                    CapacityWeeks.starts: book.week_start(w),
                    CapacityWeeks.available: round(weekly),
                    CapacityWeeks.booked: qty,
                    CapacityWeeks.load: share,
                    CapacityWeeks.over: "yes" if qty > weekly + 1e-9 else None,
                    CapacityWeeks.orders: ", ".join(book.fillers.get((key, w), [])) or None,
                }
            )
    return weeks, load
