"""Plan milestones, My tasks and the task calendar (issue 20).

Plan milestones makes each open order's plan from its type's template (Settings), appends the
milestones not yet planned (planning twice adds nothing) and sets every row's Status and Actual
from what the register knows. My tasks lists the signed-in user's due and overdue milestones;
the calendar writes them as an iCalendar file for Outlook or Google Calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from orderdesk.actions.base import Outcome, known_orders, plural
from orderdesk.actions.context import RunContext
from orderdesk.actions.execution_book import lines_by_order
from orderdesk.actions.execution_cells import day, stages, text
from orderdesk.actions.execution_settings import roles, templates
from orderdesk.adapters.ical import Task, calendar
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain.execution import milestones as M
from orderdesk.domain.execution.actuals import Actuals, actuals
from orderdesk.domain.execution.feasibility import CUSTOM, NEW_TOOLING
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.ports import Register, TableData
from orderdesk.schema import (
    Documents,
    Invoices,
    LCs,
    Milestones,
    MilestoneTemplates,
    OrderLines,
    Orders,
    Products,
    RaciRoles,
    Setting,
    ShipmentEvents,
    Shipments,
    Stage,
)
from orderdesk.settings import PolicyError

# Orders that get a plan by default: accepted and not closed.
PLANNED_STAGES = {
    Stage.CONFIRMED,
    Stage.IN_PRODUCTION,
    Stage.READY_TO_SHIP,
    Stage.SHIPPED,
    Stage.INVOICED,
}


def plan_milestones(ctx: RunContext, *, order_ids: Sequence[str] = ()) -> Outcome:
    """Plan the asked orders (default: confirmed to invoiced); refresh every milestone's status
    and actual date. Findings: overdue milestones."""
    register, policy = ctx.register, ctx.policy
    orders = register.read(Orders)
    asked = known_orders(order_ids, orders.frame[Orders.order_id]) if order_ids else None
    existing = register.read(Milestones)
    have = {
        (o, str(m).casefold())
        for o, m in zip(
            existing.frame[Milestones.order_id], existing.frame[Milestones.milestone], strict=True
        )
        if isinstance(o, str)
    }
    new = [
        p for p in _plans(ctx, orders, asked) if (p.order_id, p.milestone.casefold()) not in have
    ]
    known = _actuals(register, orders)
    soon = int(policy.get(Setting.DUE_SOON_DAYS))
    rows = []
    for p in new:
        actual = known.get(p.order_id, {}).get(p.milestone.casefold())
        rows.append(
            {
                Milestones.order_id: p.order_id,
                Milestones.milestone: p.milestone,
                Milestones.planned: p.planned,
                Milestones.owner: p.owner,
                Milestones.department: p.department,
                Milestones.accountable: p.accountable,
                Milestones.consulted: p.consulted,
                Milestones.informed: p.informed,
                Milestones.status: M.state(p.planned, actual, ctx.today, soon).value,
                Milestones.actual: actual,
            }
        )
    changes, states = _refresh(existing, known, ctx.today, soon)
    register.update(Milestones, changes)
    register.append(Milestones, rows)
    register.save()
    states += [str(r[Milestones.status]) for r in rows]
    overdue = states.count(M.State.OVERDUE.value)
    filled = sum(r[Milestones.actual] is not None for r in rows) + sum(
        c.get(Milestones.actual) is not None for c in changes.values()
    )
    return Outcome(
        f"{plural(len(rows), 'milestone')} planned for "
        f"{plural(len({r[Milestones.order_id] for r in rows}), 'order')}; "
        f"{plural(filled, 'actual date')} filled in; {overdue} overdue",
        findings=overdue,
        data={"planned": len(rows), "overdue": overdue, "updated": len(changes)},
    )


def _refresh(
    existing: TableData, known: Actuals, today: dt.date, soon: int
) -> tuple[dict[Any, dict[Any, Any]], list[str]]:
    """The Status and Actual of the rows already planned, where they change; every row's
    status."""
    f = existing.frame
    changes: dict[Any, dict[Any, Any]] = {}
    states: list[str] = []
    for row, order, name, planned, typed, status, actual in zip(
        f.index,
        f[Milestones.order_id],
        f[Milestones.milestone],
        f[Milestones.planned],
        f[Milestones.done_on],
        f[Milestones.status],
        f[Milestones.actual],
        strict=True,
    ):
        if not isinstance(order, str) or not isinstance(name, str):
            continue
        now = known.get(order, {}).get(name.casefold()) or day(typed)
        state = M.state(day(planned), now, today, soon).value
        states.append(state)
        if state != text(status) or now != day(actual):
            changes[existing.key_of(int(row))] = {Milestones.status: state, Milestones.actual: now}
    return changes, states


def _plans(ctx: RunContext, orders: TableData, asked: list[str] | None) -> list[M.Planned]:
    register, policy = ctx.register, ctx.policy
    steps = templates(register.read(MilestoneTemplates))
    people = roles(register.read(RaciRoles).frame)
    lines = lines_by_order(register.read(OrderLines).frame, register.read(Products).frame)
    urgent = int(policy.get(Setting.URGENT_DAYS))
    f = orders.frame
    chosen = f[f[Orders.order_id].isin(asked)] if asked else f[stages(f).isin(PLANNED_STAGES)]
    out: list[M.Planned] = []
    for order, ordered, ship, terms in zip(
        chosen[Orders.order_id],
        chosen[Orders.order_date],
        chosen[Orders.promised_ship],
        chosen[Orders.payment_terms],
        strict=True,
    ):
        start = day(ordered)
        if not isinstance(order, str) or start is None:
            continue
        term = payment_term(text(terms))
        kinds = {ln.product_type for ln in lines.get(order, ())}
        kind = M.order_type(
            lc=term is not None and term.instrument is Instrument.LC,
            order_date=start,
            promised_ship=day(ship),
            custom=bool(kinds & {CUSTOM, NEW_TOOLING}),
            urgent_days=urgent,
        )
        try:
            out += M.plan_order(order, kind, start, steps, people, tooling=NEW_TOOLING in kinds)
        except M.TemplateError as exc:
            raise PolicyError(
                f"Settings, {MilestoneTemplates.title}: {exc}; nothing was written"
            ) from exc
    return out


def _actuals(register: Register, orders: TableData) -> Actuals:
    return actuals(
        orders=orders.frame,
        invoices=register.read(Invoices).frame,
        lcs=register.read(LCs).frame,
        shipments=register.read(Shipments).frame,
        events=register.read(ShipmentEvents).frame,
        documents=register.read(Documents).frame,
    )


def _tasks(ctx: RunContext, owner: str | None) -> tuple[str, list[Task]]:
    """The owner's milestones not done (default owner: the register's user), by planned date."""
    who = (owner or ctx.register.user).strip()
    f = ctx.register.read(Milestones).frame
    soon = int(ctx.policy.get(Setting.DUE_SOON_DAYS))
    out = []
    for rec in f[list(Milestones.columns())].itertuples(index=False):
        order, name, planned, person, dept, acc, con, inf, typed, _, actual = rec
        when = day(planned)
        if not (isinstance(order, str) and isinstance(name, str) and when is not None):
            continue
        if (text(person) or "").casefold() != who.casefold():
            continue
        state = M.state(when, day(actual) or day(typed), ctx.today, soon).value
        if state != M.State.DONE.value:
            out.append(
                Task(
                    order,
                    name,
                    when,
                    state,
                    who,
                    text(acc) or "",
                    text(con) or "",
                    text(inf) or "",
                    text(dept) or "",
                )
            )
    out.sort(key=lambda t: (t.planned, t.order_id, t.milestone))
    return who, out


def my_tasks(ctx: RunContext, *, owner: str | None = None) -> Outcome:
    """The user's due and overdue milestones (nothing is written). Findings: overdue ones."""
    who, tasks = _tasks(ctx, owner)
    shown = [t for t in tasks if t.status in (M.State.DUE.value, M.State.OVERDUE.value)]
    overdue = sum(t.status == M.State.OVERDUE.value for t in shown)
    return Outcome(
        f"{who}: {plural(len(shown), 'milestone')} due or overdue ({overdue} overdue)",
        findings=overdue,
        details=[f"{t.planned} {t.status:8} {t.order_id}: {t.milestone}" for t in shown],
        data={"owner": who, "tasks": [t.__dict__ for t in shown]},
    )


def task_calendar(ctx: RunContext, out: Path, *, owner: str | None = None) -> Outcome:
    """The owner's open milestones as an iCalendar file (RFC 5545)."""
    who, tasks = _tasks(ctx, owner)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    write_file(out, calendar(tasks, owner=who, stamp=stamp))
    overdue = sum(t.status == M.State.OVERDUE.value for t in tasks)
    return Outcome(
        f"{plural(len(tasks), 'milestone')} of {who} written to {out} ({overdue} overdue)",
        findings=overdue,
        data={"owner": who, "events": len(tasks), "path": str(out)},
    )
