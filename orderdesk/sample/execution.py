"""The sample's execution data (issue 20): each open order's milestone plan, as Plan milestones
makes it from the default templates, with the dates people typed into Done On for most of what
is past (the rest overdue); and a few exceptions at different severities for Log exception."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from orderdesk.actions.execution_book import lines_by_order
from orderdesk.actions.execution_cells import day, text
from orderdesk.defaults import execution_rows
from orderdesk.domain.execution import milestones as M
from orderdesk.domain.execution.actuals import actuals
from orderdesk.domain.execution.feasibility import CUSTOM, NEW_TOOLING
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.sample import Sample, extension
from orderdesk.schema import (
    Exceptions,
    Invoices,
    LCs,
    Milestones,
    MilestoneTemplates,
    OrderLines,
    Orders,
    Products,
    RaciRoles,
    Setting,
    Shipments,
    Stage,
)

PLANNED = {Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP, Stage.SHIPPED, Stage.INVOICED}
TYPED_DONE = 0.85  # share of past milestones whose Done On someone typed
EXCEPTIONS = (  # class, severity, days before the sample's day, hour opened, status, what
    ("delivery", "critical", 2, 9, "open", "Mould cracked; production stopped"),
    ("quality", "high", 5, 14, "open", "Inline inspection: 4% scratches on the lids"),
    ("payment", "medium", 9, 11, "open", "Deposit short by the bank charges"),
    ("documents", "low", 20, 10, "closed", "Packing list weights differ from the B/L"),
)


def _steps() -> tuple[list[M.Step], dict[str, M.Person]]:
    rows = execution_rows()
    steps = [
        M.Step(
            r[MilestoneTemplates.order_type],
            r[MilestoneTemplates.milestone],
            r[MilestoneTemplates.after],
            r[MilestoneTemplates.offset_days],
            r[MilestoneTemplates.responsible],
            r[MilestoneTemplates.accountable],
            r[MilestoneTemplates.consulted],
            r[MilestoneTemplates.informed],
        )
        for r in rows[MilestoneTemplates]
    ]
    people = {
        r[RaciRoles.role]: M.Person(r[RaciRoles.person], r[RaciRoles.department])
        for r in rows[RaciRoles]
    }
    return steps, people


@extension(60, name="execution")
def milestones_and_exceptions(sample: Sample, rng: random.Random) -> None:
    orders = sample.frame(Orders)
    lines = lines_by_order(sample.frame(OrderLines), sample.frame(Products))
    known = actuals(
        orders=orders,
        invoices=sample.frame(Invoices),
        lcs=sample.frame(LCs),
        shipments=sample.frame(Shipments),
    )
    steps, people = _steps()
    rows: list[dict[Any, Any]] = []
    for order, ordered, ship, terms, stage in zip(
        orders[Orders.order_id],
        orders[Orders.order_date],
        orders[Orders.promised_ship],
        orders[Orders.payment_terms],
        orders[Orders.stage],
        strict=True,
    ):
        start = day(ordered)
        if Stage.read(stage) not in PLANNED or start is None:
            continue
        term = payment_term(text(terms))
        kinds = {ln.product_type for ln in lines.get(order, ())}
        kind = M.order_type(
            lc=term is not None and term.instrument is Instrument.LC,
            order_date=start,
            promised_ship=day(ship),
            custom=bool(kinds & {CUSTOM, NEW_TOOLING}),
            urgent_days=Setting.URGENT_DAYS.default,
        )
        plan = M.plan_order(order, kind, start, steps, people, tooling=NEW_TOOLING in kinds)
        rows += [_row(p, known.get(order, {}), sample.as_of, rng) for p in plan]
    sample.append(Milestones, rows)
    sample.append(Exceptions, _exceptions(orders, sample.as_of))


def _row(p: M.Planned, known: dict[str, dt.date], as_of: dt.date, rng: random.Random) -> Any:
    actual = known.get(p.milestone.casefold())
    typed = None
    if actual is None and p.planned < as_of and rng.random() < TYPED_DONE:
        typed = min(p.planned + dt.timedelta(days=rng.randint(-2, 4)), as_of)
    state = M.state(p.planned, actual or typed, as_of, Setting.DUE_SOON_DAYS.default)
    return {
        Milestones.order_id: p.order_id,
        Milestones.milestone: p.milestone,
        Milestones.planned: p.planned,
        Milestones.owner: p.owner,
        Milestones.department: p.department,
        Milestones.accountable: p.accountable,
        Milestones.consulted: p.consulted,
        Milestones.informed: p.informed,
        Milestones.done_on: typed,
        Milestones.status: state.value,
        Milestones.actual: actual or typed,
    }


def _exceptions(orders: Any, as_of: dt.date) -> list[dict[Any, Any]]:
    open_ = [
        o
        for o, s in zip(orders[Orders.order_id], orders[Orders.stage], strict=True)
        if Stage.read(s) in (Stage.IN_PRODUCTION, Stage.READY_TO_SHIP, Stage.CONFIRMED)
    ]
    out = []
    for n, (cls, sev, ago, hour, status, what) in enumerate(EXCEPTIONS, start=1):
        if n > len(open_):
            break
        out.append(
            {
                Exceptions.exception_id: f"EX-{n:04d}",
                Exceptions.order_id: open_[(n * 7) % len(open_)],
                Exceptions.exception_class: cls,
                Exceptions.severity: sev,
                Exceptions.opened: dt.datetime.combine(
                    as_of - dt.timedelta(days=ago), dt.time(hour)
                ),
                Exceptions.owner: "lwei",
                Exceptions.status: status,
                Exceptions.description: what,
            }
        )
    return out
