"""The order-centred plan: milestones from templates, each with a date, an owner and a RACI.

A template (Settings) lists, per order type (standard, custom, urgent, lc, and tooling, added to
an order with a product needing new tooling), each milestone with the one it follows ("order
date" or another milestone of the plan) and the days after it, and the roles Responsible,
Accountable, Consulted and Informed; the roles table says who holds each role. A plan is made
once per order and milestone: planning again adds only what is missing. What the register
already knows (a deposit matched, a vessel departed, a document generated) is the actual date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from orderdesk.schema import Milestones

ORDER_DATE = "order date"
TOOLING = "tooling"


class State(StrEnum):
    OPEN = "open"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class Step:
    """One template row."""

    order_type: str
    milestone: str
    after: str
    days: int
    r: str = ""
    a: str = ""
    c: str = ""
    i: str = ""
    where: str = ""  # the Settings cell, for messages


@dataclass(frozen=True)
class Person:
    name: str
    department: str = ""


@dataclass(frozen=True)
class Planned:
    order_id: str
    milestone: str
    planned: dt.date
    owner: str
    department: str
    accountable: str
    consulted: str
    informed: str


class TemplateError(ValueError):
    """A template the plan cannot be made from (the action turns it into a PolicyError)."""


def order_type(
    *, lc: bool, order_date: dt.date, promised_ship: dt.date | None, custom: bool, urgent_days: int
) -> str:
    if lc:
        return "lc"
    if promised_ship is not None and (promised_ship - order_date).days <= urgent_days:
        return "urgent"
    return "custom" if custom else "standard"


def plan_order(
    order_id: str,
    kind: str,
    order_date: dt.date,
    steps: Sequence[Step],
    roles: Mapping[str, Person],
    *,
    tooling: bool = False,
) -> list[Planned]:
    """The milestones of one order, dated from its order date by the template of its type."""
    chosen = [s for s in steps if s.order_type.casefold() == kind.casefold()]
    if tooling:
        chosen += [s for s in steps if s.order_type.casefold() == TOOLING]
    if not chosen:
        raise TemplateError(f"no milestone template for order type '{kind}'")
    by_name = {s.milestone.casefold(): s for s in chosen}
    dates: dict[str, dt.date] = {}

    def date_of(step: Step, seen: tuple[str, ...]) -> dt.date:
        key = step.milestone.casefold()
        if key in dates:
            return dates[key]
        after = step.after.strip().casefold() or ORDER_DATE
        if after == ORDER_DATE:
            base = order_date
        elif after in seen or after == key:
            raise TemplateError(f"{step.where}: '{step.milestone}' follows itself in a loop")
        elif after not in by_name:
            raise TemplateError(
                f"{step.where}: '{step.milestone}' follows '{step.after}', which is not a "
                f"milestone of the '{kind}' template"
            )
        else:
            base = date_of(by_name[after], (*seen, key))
        dates[key] = base + dt.timedelta(days=step.days)
        return dates[key]

    out = []
    for step in chosen:
        owner = roles.get(step.r.casefold(), Person(step.r))
        out.append(
            Planned(
                order_id=order_id,
                milestone=step.milestone,
                planned=date_of(step, ()),
                owner=owner.name,
                department=owner.department,
                accountable=_people(step.a, roles),
                consulted=_people(step.c, roles),
                informed=_people(step.i, roles),
            )
        )
    return out


def _people(text: str, roles: Mapping[str, Person]) -> str:
    names = [roles.get(r.strip().casefold(), Person(r.strip())).name for r in text.split(";")]
    return "; ".join(dict.fromkeys(n for n in names if n))


def state(planned: dt.date | None, actual: dt.date | None, today: dt.date, soon: int) -> State:
    if actual is not None:
        return State.DONE
    if planned is None:
        return State.OPEN
    if planned < today:
        return State.OVERDUE
    return State.DUE if (planned - today).days <= soon else State.OPEN


DEPARTMENT, DONE, ON_TIME, RATE = "Department", "Done", "On Time", "On-time %"


def on_time_by_department(frame: pd.DataFrame, start: dt.date | None, end: dt.date) -> pd.DataFrame:
    """Milestones done (Actual) in [start, end] (no start: since the first) per department of their owner: how many, how
    many on or before their planned date, and the share; a line for all departments last."""
    actual = pd.to_datetime(frame[Milestones.actual], errors="coerce")
    planned = pd.to_datetime(frame[Milestones.planned], errors="coerce")
    inside = actual.notna() & (actual <= pd.Timestamp(end))
    if start is not None:
        inside &= actual >= pd.Timestamp(start)
    dept = (
        frame[Milestones.department].astype("string").str.strip().fillna("").replace("", "(none)")
    )
    done = pd.DataFrame(
        {DEPARTMENT: dept[inside], ON_TIME: (actual[inside] <= planned[inside]).astype(int)}
    )
    table = done.groupby(DEPARTMENT, sort=True)[ON_TIME].agg(["count", "sum"])
    table.loc["all departments"] = [int(table["count"].sum()), int(table["sum"].sum())]
    out = pd.DataFrame(
        {
            DEPARTMENT: table.index.to_numpy(),
            DONE: table["count"].to_numpy(),
            ON_TIME: table["sum"].to_numpy(),
        }
    )
    out[RATE] = (out[ON_TIME] / out[DONE].where(out[DONE] > 0)).astype(float)
    return out
