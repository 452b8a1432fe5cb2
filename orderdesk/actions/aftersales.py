"""After-sales actions (ribbon: After-sales; CLI: `orderdesk aftersales …`).

- Complaint: check the Complaints sheet, run each complaint's business-hours clocks (Settings:
  working days, working hours, holidays; the Complaint SLA table per class), write Acknowledge
  Due, Solution Due and SLA on each complaint and the breaches on the ComplaintSLA sheet.

Review order, 5 Why, feedback, lessons and letters have their own modules (aftersales_*.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales import complaints as C
from orderdesk.domain.aftersales.sla import (
    Calendar,
    CalendarError,
    parse_holidays,
    parse_hours,
    parse_workdays,
)
from orderdesk.domain.validation import ValidationContext
from orderdesk.ports import Block, SheetContent, TableData
from orderdesk.schema import (
    Complaints,
    ComplaintSla,
    Orders,
    Setting,
    SettingKey,
    SlaBreaches,
)
from orderdesk.settings import Policy, PolicyError

T = TypeVar("T")
LATE_MARK = "FFC7CE"  # Excel's light red "bad" fill
SHOWN = 15


def company_calendar(policy: Policy) -> Calendar:
    """The calendar the Settings sheet states; a value that cannot be read names its cell."""

    def read(key: SettingKey, parse: Callable[[str], T]) -> T:
        try:
            return parse(str(policy.get(key)))
        except CalendarError as exc:
            raise PolicyError(f"Settings: '{key.key}' at {policy.ref(key)}: {exc}") from exc

    start, end = read(Setting.WORKING_HOURS, parse_hours)
    try:
        return Calendar(
            read(Setting.WORKING_DAYS, parse_workdays),
            start,
            end,
            read(Setting.HOLIDAYS, parse_holidays),
        )
    except CalendarError as exc:
        raise PolicyError(f"Settings: {exc}") from exc


def clock_now(ctx: RunContext, now: dt.datetime | None = None) -> dt.datetime:
    """The moment the clocks are judged at (Complaint, and Validate's COMPLAINT-SLA-BREACH)."""
    if now is not None:
        return now
    wall = dt.datetime.now()
    # a pinned day (demo, tests) is judged at its end; the real day at this minute
    return wall if wall.date() == ctx.today else dt.datetime.combine(ctx.today, dt.time(23, 59))


def complaint_limits(sla: TableData) -> dict[str, tuple[float, float]]:
    """Class → (acknowledge h, solution h) from the Settings' Complaint SLA table (none: the
    defaults for every class)."""
    if not sla.found:
        return {}
    return C.limits_from(
        sla.frame,
        ComplaintSla.complaint_class,
        ComplaintSla.acknowledge_hours,
        ComplaintSla.solution_hours,
    )


def with_complaint_clock(
    ctx: RunContext, policy: Policy, context: ValidationContext
) -> ValidationContext:
    """Validate's context with what its COMPLAINT-SLA-BREACH rule needs, read as the Complaint
    action reads it: the company calendar, the Complaint SLA limits and the moment the clocks
    are judged at. A calendar setting that cannot be read skips the rule (Complaint names the
    cell); it does not stop Validate."""
    try:
        calendar = company_calendar(policy)
    except PolicyError:
        return context
    limits = complaint_limits(ctx.tables(ComplaintSla, optional=True)[ComplaintSla])
    return context.model_copy(
        update={"calendar": calendar, "complaint_limits": limits, "now": clock_now(ctx)}
    )


def complaint_clocks(ctx: RunContext, *, now: dt.datetime | None = None) -> Outcome:
    """Complaint: due times and SLA state on every complaint, breaches listed."""
    register = ctx.register
    calendar = company_calendar(ctx.policy)
    limits = complaint_limits(register.read(ComplaintSla, optional=True))
    data = register.read(Complaints)
    orders = register.read(Orders)
    C.check_inputs(data, orders.frame[Orders.order_id])
    at = clock_now(ctx, now)
    result = C.run_clocks(data.frame, calendar, limits, at)
    keys = dict(zip(data.frame.index, data.keys(), strict=True))
    changes: dict = {}
    for row, state in result.state.items():
        if None in keys[row]:
            continue
        changes[keys[row]] = {
            Complaints.ack_due: result.ack_due[row],
            Complaints.solution_due: result.solution_due[row],
            Complaints.sla: state,
        }
    if changes:
        register.update(Complaints, changes)
    late_rows = {b.row for b in result.breaches}
    register.set_marks(
        Complaints,
        [(keys[r], Complaints.sla) for r in late_rows if None not in keys[r]],
        LATE_MARK,
    )
    register.write_sheet(_breach_sheet(result, at))
    register.save()
    return _clock_outcome(result, at)


def _breach_frame(result: C.SlaResult) -> pd.DataFrame:
    rows = [
        {
            SlaBreaches.complaint_id: b.complaint_id,
            SlaBreaches.order_id: b.order_id,
            SlaBreaches.clock: b.clock,
            SlaBreaches.due: b.due,
            SlaBreaches.done: b.done,
            SlaBreaches.late_hours: round(b.late_hours, 1),
            SlaBreaches.owner: b.owner or None,
        }
        for b in sorted(result.breaches, key=lambda b: (b.due, b.complaint_id, b.clock))
    ]
    return pd.DataFrame(rows, columns=[str(c) for c in SlaBreaches.columns()])


def _breach_sheet(result: C.SlaResult, at: dt.datetime) -> SheetContent:
    ack = result.on_time_share(C.ACKNOWLEDGE)
    sol = result.on_time_share(C.SOLUTION)
    fmt: dict[str, str] = {str(SlaBreaches.due): "yyyy-mm-dd hh:mm"}
    fmt[str(SlaBreaches.done)] = "yyyy-mm-dd hh:mm"
    return SheetContent(
        SlaBreaches.sheet,
        [
            Block(
                SlaBreaches.table_name,
                _breach_frame(result),
                title=f"{len(result.breaches)} breach(es) as of {at:%Y-%m-%d %H:%M}",
                formats=fmt,
            )
        ],
        heading="Complaint SLA (business hours)",
        notes=[
            "Clocks run in business hours (Settings: working days, working hours, holidays) "
            "from the Received time; limits per class in the Complaint SLA table.",
            f"Acknowledged in time: {_pct(ack)}; solution proposed in time: {_pct(sol)}.",
        ],
    )


def _pct(share: float | None) -> str:
    return "no complaint due yet" if share is None else f"{share:.0%}"


def _clock_outcome(result: C.SlaResult, at: dt.datetime) -> Outcome:
    details = [
        f"{b.complaint_id} ({b.order_id}): {b.clock} due {b.due:%Y-%m-%d %H:%M}, "
        + (f"done {b.done:%Y-%m-%d %H:%M}" if b.done else "not done")
        + f", {b.late_hours:.1f} business h late"
        for b in result.breaches[:SHOWN]
    ]
    if len(result.breaches) > SHOWN:
        details.append(f"… and {len(result.breaches) - SHOWN} more on the ComplaintSLA sheet")
    n = len(result.state)
    return Outcome(
        f"{n} complaint(s) on the clock, {len(result.breaches)} SLA breach(es)",
        findings=len(result.breaches),
        details=details,
        data={
            "as_of": at.isoformat(timespec="minutes"),
            "breaches": [
                {
                    "complaint": b.complaint_id,
                    "order": b.order_id,
                    "clock": b.clock,
                    "due": b.due.isoformat(timespec="minutes"),
                    "done": b.done.isoformat(timespec="minutes") if b.done else None,
                    "late_hours": round(b.late_hours, 2),
                }
                for b in result.breaches
            ],
            "acknowledged_in_time": result.on_time_share(C.ACKNOWLEDGE),
            "solution_in_time": result.on_time_share(C.SOLUTION),
        },
    )
