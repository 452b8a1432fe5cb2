"""Complaints on the clock: input checks, SLA due times and breaches (pure).

Each complaint's clocks start when it was received (Received, else its Date at midnight, i.e.
the next working minute). The limits are business hours per complaint class (Settings: Complaint
SLA; 1 h to acknowledge and 24 h to propose a solution when a class has no row). A clock is
breached when its step was done after the due time, or is still not done and the due time has
passed. How late is counted in business hours too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from orderdesk.domain.aftersales.sla import Calendar
from orderdesk.errors import RegisterError
from orderdesk.ports import TableData
from orderdesk.schema import COMPLAINT_CLASSES, Complaints

DEFAULT_LIMITS = (1.0, 24.0)  # business hours: acknowledge, propose a solution
# A complaint without a Class: its Cause (the older list) says which limits apply.
CLASS_OF_CAUSE = {
    "quality": "quality",
    "quantity": "quantity short",
    "packaging": "damage",
    "delay": "delay",
    "documents": "documents",
}
# The steps in the order they happen; each given time must not be before an earlier given one.
STEPS = (Complaints.received, Complaints.acknowledged, Complaints.proposed, Complaints.closed)
ACKNOWLEDGE, SOLUTION = "acknowledge", "solution"


class ComplaintInputError(RegisterError):
    """Complaints the clocks cannot run on; every problem names sheet, row and column."""


@dataclass(frozen=True)
class Breach:
    complaint_id: str
    order_id: str
    row: int
    clock: str  # ACKNOWLEDGE or SOLUTION
    due: dt.datetime
    done: dt.datetime | None  # None: still not done
    late_hours: float
    owner: str


@dataclass
class SlaResult:
    ack_due: dict[int, dt.datetime]  # sheet row → due time
    solution_due: dict[int, dt.datetime]
    state: dict[int, str]  # sheet row → SLA text
    breaches: list[Breach]

    def on_time_share(self, clock: str) -> float | None:
        """Share of the complaints whose `clock` has fallen due (done or overdue) that met it."""
        dues = self.ack_due if clock == ACKNOWLEDGE else self.solution_due
        late = {b.row for b in self.breaches if b.clock == clock}
        judged = [r for r in dues if r in self._judged.get(clock, set())]
        return None if not judged else 1 - len(late & set(judged)) / len(judged)

    _judged: dict[str, set[int]]


def _time(value: object) -> dt.datetime | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]  # a cell: scalar or NaT
        return None
    return pd.Timestamp(value).to_pydatetime()  # type: ignore[arg-type]  # a datetime cell


def check_inputs(data: TableData, order_ids: Iterable[object]) -> None:
    """Refuse complaints for an unknown order, with an unknown class, with times out of order, or
    with a cell of the clocks that could not be read, naming each cell; nothing is written."""
    known = {str(o).strip().casefold() for o in order_ids if isinstance(o, str) and o.strip()}
    used = {str(c) for c in (*STEPS, Complaints.order_id, Complaints.complaint_class)}
    problems = [f"{i.ref}: {i.problem}" for i in data.issues if i.ref.column in used]
    frame = data.frame
    unreadable = {(i.ref.row, i.ref.column) for i in data.issues}
    for row in frame.index:
        order = frame.at[row, Complaints.order_id]
        if isinstance(order, str) and order.strip().casefold() not in known:
            problems.append(
                f"{data.ref(row, Complaints.order_id)}: '{order}' is not an order in the "
                "Orders sheet"
            )
        klass = frame.at[row, Complaints.complaint_class]
        if isinstance(klass, str) and klass.strip().lower() not in COMPLAINT_CLASSES:
            problems.append(
                f"{data.ref(row, Complaints.complaint_class)}: '{klass}' is not a complaint "
                f"class ({', '.join(COMPLAINT_CLASSES)})"
            )
        problems += _order_of_steps(data, int(row), unreadable)
    if problems:
        raise ComplaintInputError(
            f"{len(problems)} problem(s) in the Complaints sheet; nothing was changed:\n"
            + "\n".join(problems)
        )


def _order_of_steps(data: TableData, row: int, unreadable: set[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    before: tuple[str, dt.datetime] | None = None
    for col in STEPS:
        if (row, str(col)) in unreadable:
            continue
        at = _time(data.frame.at[row, col])
        if at is None:
            continue
        if before is not None and at < before[1]:
            out.append(
                f"{data.ref(row, col)}: {at:%Y-%m-%d %H:%M} is before {before[0]} "
                f"({before[1]:%Y-%m-%d %H:%M}); the steps go Received ≤ Acknowledged ≤ "
                "Solution Proposed ≤ Closed"
            )
        before = (str(col), at)
    return out


def class_of(klass: object, cause: object) -> str:
    if isinstance(klass, str) and klass.strip():
        return klass.strip().lower()
    return CLASS_OF_CAUSE.get(str(cause or "").strip().lower(), "")


def received_at(frame: pd.DataFrame, row: int) -> dt.datetime | None:
    return _received(frame.at[row, Complaints.received], frame.at[row, Complaints.date])


def _received(received: object, date: object) -> dt.datetime | None:
    got = _time(received)
    if got is not None:
        return got
    day = _time(date)
    return None if day is None else dt.datetime.combine(day.date(), dt.time())


# The cells run_clocks reads of each complaint, in the order it unpacks them.
_CLOCK_CELLS = (
    Complaints.received,
    Complaints.date,
    Complaints.complaint_class,
    Complaints.cause,
    Complaints.acknowledged,
    Complaints.proposed,
    Complaints.complaint_id,
    Complaints.order_id,
    Complaints.owner,
)


def run_clocks(
    frame: pd.DataFrame,
    calendar: Calendar,
    limits: Mapping[str, tuple[float, float]],
    now: dt.datetime,
) -> SlaResult:
    """Due times, SLA text and breaches of every complaint (frame indexed by sheet row)."""
    result = SlaResult({}, {}, {}, [], {ACKNOWLEDGE: set(), SOLUTION: set()})
    # each column read once as a list (not one cell lookup per complaint and column)
    cells = zip(frame.index.tolist(), *(frame[str(c)].tolist() for c in _CLOCK_CELLS), strict=True)
    for row, received, date, klass_cell, cause, acked, proposed, complaint, order, owner in cells:
        start = _received(received, date)
        if start is None:
            continue
        klass = class_of(klass_cell, cause)
        ack_h, sol_h = limits.get(klass, DEFAULT_LIMITS)
        dues = {
            ACKNOWLEDGE: calendar.add_hours(start, ack_h),
            SOLUTION: calendar.add_hours(start, sol_h),
        }
        done = {
            ACKNOWLEDGE: _time(acked),
            SOLUTION: _time(proposed),
        }
        result.ack_due[int(row)] = dues[ACKNOWLEDGE]
        result.solution_due[int(row)] = dues[SOLUTION]
        words = []
        judged = 0
        for clock in (ACKNOWLEDGE, SOLUTION):
            due, at = dues[clock], done[clock]
            if at is None and now <= due:
                continue
            result._judged[clock].add(int(row))
            judged += 1
            end = at if at is not None else now
            if end <= due:
                continue
            late = calendar.hours_between(due, end)
            result.breaches.append(
                Breach(
                    str(complaint),
                    str(order),
                    int(row),
                    clock,
                    due,
                    at,
                    late,
                    str(owner or "") if isinstance(owner, str) else "",
                )
            )
            what = "acknowledgement" if clock == ACKNOWLEDGE else "solution"
            words.append(f"{what} {'late' if at else 'overdue'} {late:.1f} h")
        result.state[int(row)] = "; ".join(words) or ("on time" if judged else "running")
    return result


def limits_from(frame: pd.DataFrame, klass_col: str, ack_col: str, sol_col: str) -> dict:
    """Class → (acknowledge h, solution h) from the Settings table's frame."""
    out: dict[str, tuple[float, float]] = {}
    for klass, ack, sol in zip(frame[klass_col], frame[ack_col], frame[sol_col], strict=True):
        if isinstance(klass, str) and klass.strip():
            a = DEFAULT_LIMITS[0] if pd.isna(ack) else float(ack)
            s = DEFAULT_LIMITS[1] if pd.isna(sol) else float(sol)
            out[klass.strip().lower()] = (a, s)
    return out


def sla_share(complaints: pd.DataFrame, start: dt.date | None, end: dt.date) -> float:
    """Of the complaints dated in the window whose clocks Complaint has judged (SLA neither
    blank nor "running"), the share met in time; NaN when none is judged."""
    day = pd.to_datetime(complaints[Complaints.date])
    inside = day.le(pd.Timestamp(end)) & (day.ge(pd.Timestamp(start)) if start else True)
    state = (
        complaints[Complaints.sla]
        .astype("object")
        .map(lambda v: v.strip().lower() if isinstance(v, str) else "")
    )
    judged = inside & state.ne("") & state.ne("running")
    n = int(judged.sum())
    return float((judged & state.eq("on time")).sum()) / n if n else float("nan")
