"""Log exception (issue 20): an exception on an order, its standard handling, escalation and
customer cadence from Settings, and the contingency library's suggestions.

With an order, class and severity, a new row is added to the Exceptions sheet; then every row
(including those typed by hand) gets its Handling, Escalate To/By, Customer Updates and, once,
its Contingency; an open exception past its escalation time is flagged in Alert.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from orderdesk.actions.base import Outcome, known_orders, plural
from orderdesk.actions.context import RunContext
from orderdesk.actions.contingency import Contingency
from orderdesk.actions.execution_cells import number, text
from orderdesk.actions.execution_settings import roles
from orderdesk.domain.execution import exceptions as X
from orderdesk.errors import OrderDeskError
from orderdesk.schema import (
    ExceptionRules,
    Exceptions,
    Orders,
    RaciRoles,
)


class BadException(OrderDeskError):
    """A class or severity Log exception does not know: exit 2, nothing written."""


def log_exception(
    ctx: RunContext,
    *,
    order_id: str | None = None,
    exception_class: str | None = None,
    severity: str | None = None,
    description: str = "",
    owner: str | None = None,
) -> Outcome:
    register = ctx.register
    now = dt.datetime.combine(ctx.today, dt.datetime.now().time()).replace(microsecond=0)
    data = register.read(Exceptions)
    rules = _rules(register.read(ExceptionRules).frame)
    people = {k: p.name for k, p in roles(register.read(RaciRoles).frame).items()}
    suggest = Contingency(register)
    new: dict[Any, Any] | None = None
    if order_id is not None:
        order = known_orders([order_id], register.read(Orders).frame[Orders.order_id])[0]
        cls, sev = (
            _checked(exception_class, X.CLASSES, "class"),
            _checked(severity, X.SEVERITIES, "severity"),
        )
        new = {
            Exceptions.exception_id: _next_id(data.frame[Exceptions.exception_id]),
            Exceptions.order_id: order,
            Exceptions.exception_class: cls,
            Exceptions.severity: sev,
            Exceptions.opened: now,
            Exceptions.owner: owner or register.user,
            Exceptions.status: "open",
            Exceptions.description: description,
        }
        new.update(_owned(new, rules, people, now, suggest, contingency=None))
    changes: dict[Any, dict[Any, Any]] = {}
    alerts: list[str] = []
    f = data.frame
    for row in f.index:
        rec = {c: f.at[row, c] for c in Exceptions.columns()}
        if not text(rec[Exceptions.order_id]):
            continue
        kept = text(rec[Exceptions.contingency])
        owned = _owned(rec, rules, people, now, suggest, contingency=kept)
        if owned[Exceptions.alert]:
            alerts.append(f"{rec[Exceptions.exception_id]!s}: {owned[Exceptions.alert]}")
        if any(_differs(rec[c], v) for c, v in owned.items()):
            changes[data.key_of(int(row))] = owned
    register.update(Exceptions, changes)
    if new is not None:
        register.append(Exceptions, [new])
    register.save()
    details = alerts + (_described(new) if new is not None else [])
    head = f"{new[Exceptions.exception_id]} logged; " if new is not None else ""
    return Outcome(
        f"{head}{plural(len(f) + (new is not None), 'exception')} handled; "
        f"{plural(len(alerts), 'escalation')} overdue",
        findings=len(alerts),
        details=details,
        data={
            "logged": None if new is None else new[Exceptions.exception_id],
            "overdue": alerts,
        },
    )


def _described(new: dict[Any, Any]) -> list[str]:
    return [
        f"{new[Exceptions.exception_id]}: {new[Exceptions.order_id]}, "
        f"{new[Exceptions.exception_class]}, {new[Exceptions.severity]}",
        f"handling: {new[Exceptions.handling]}",
        f"escalate to {new[Exceptions.escalate_to]} by {new[Exceptions.escalate_by]}",
        f"customer: {new[Exceptions.customer_updates]}",
        f"contingency: {new[Exceptions.contingency]}",
    ]


def _checked(value: str | None, allowed: tuple[str, ...], what: str) -> str:
    got = (value or "").strip().casefold()
    if got not in allowed:
        raise BadException(
            f"exception {what} '{value or ''}' is not one of {', '.join(allowed)}; nothing was "
            "written"
        )
    return got


def _next_id(ids: pd.Series) -> str:
    numbers = ids.astype("string").str.extract(r"(\d+)\s*$")[0].dropna().astype(int)
    return f"EX-{(int(numbers.max()) if len(numbers) else 0) + 1:04d}"


def _differs(old: Any, new: Any) -> bool:
    if old is None or old is pd.NaT or (isinstance(old, float) and old != old) or old is pd.NA:
        return new not in (None, "")
    if isinstance(old, pd.Timestamp):
        old = old.to_pydatetime()
    return bool(old != new)


def _rules(frame: pd.DataFrame) -> dict[tuple[str, str], X.Rule]:
    E = ExceptionRules
    out = {}
    for cls, sev, handling, to, esc, inform, every in zip(
        frame[E.exception_class],
        frame[E.severity],
        frame[E.handling],
        frame[E.escalate_to],
        frame[E.escalate_hours],
        frame[E.inform_hours],
        frame[E.update_hours],
        strict=True,
    ):
        if text(cls) and text(sev):
            key = (str(cls).strip().casefold(), str(sev).strip().casefold())
            out[key] = X.Rule(
                text(handling) or "", text(to) or "", number(esc), number(inform), number(every)
            )
    return out


def _owned(
    rec: dict[Any, Any],
    rules: dict[tuple[str, str], X.Rule],
    people: dict[str, str],
    now: dt.datetime,
    suggest: Contingency,
    *,
    contingency: str | None,
) -> dict[Any, Any]:
    opened = rec[Exceptions.opened]
    opened = opened.to_pydatetime() if isinstance(opened, pd.Timestamp) else opened
    cls = text(rec[Exceptions.exception_class]) or ""
    sev = text(rec[Exceptions.severity]) or ""
    got = None
    if isinstance(opened, dt.datetime):
        got = X.handle(cls, sev, opened, text(rec[Exceptions.status]) or "", rules, people, now)
    if got is None:
        unknown = f"no handling rule for class '{cls}', severity '{sev}' (Settings)"
        got = X.Handling(
            unknown, "", None, "", "" if isinstance(opened, dt.datetime) else "no Opened time"
        )
    return {
        Exceptions.handling: got.steps,
        Exceptions.escalate_to: got.escalate_to,
        Exceptions.escalate_by: got.escalate_by,
        Exceptions.customer_updates: got.customer_updates,
        Exceptions.contingency: contingency
        or suggest.text(str(rec[Exceptions.order_id]), cls.casefold()),
        Exceptions.alert: got.alert,
    }
