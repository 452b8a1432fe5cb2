"""5 Why records: checks, overdue actions, the monthly Pareto of root causes (6M), and the
closed complaints whose 5 Why could become a lesson (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from orderdesk.errors import RegisterError
from orderdesk.ports import TableData
from orderdesk.schema import ROOT_CAUSES, FiveWhys, RootCausePareto

WHYS = (FiveWhys.why_1, FiveWhys.why_2, FiveWhys.why_3, FiveWhys.why_4, FiveWhys.why_5)
CAUSE_COLUMNS = {
    "man": RootCausePareto.man,
    "machine": RootCausePareto.machine,
    "material": RootCausePareto.material,
    "method": RootCausePareto.method,
    "measurement": RootCausePareto.measurement,
    "environment": RootCausePareto.environment,
}
COUNT, CUMULATIVE = "Count", "Cumulative %"


class FiveWhyInputError(RegisterError):
    """5 Why records that cannot be used; each problem names sheet, row and column."""


def _ids(values: Iterable[object]) -> set[str]:
    return {v.strip().casefold() for v in values if isinstance(v, str) and v.strip()}


def _text(v: object) -> str:
    return v.strip() if isinstance(v, str) else ""


def _filled(v: object) -> bool:
    return bool(_text(v))


def _day(v: object) -> dt.date | None:
    if v is pd.NaT:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


def check_records(data: TableData, complaints: Iterable[object], orders: Iterable[object]) -> None:
    """Refuse a record naming an unknown complaint or order, a root cause outside the 6M, a
    Why after a blank one, or a Verified date before the record's; nothing is written."""
    known_c, known_o = _ids(complaints), _ids(orders)
    problems = [f"{i.ref}: {i.problem}" for i in data.issues]
    f = data.frame
    for row in f.index:
        for col, known, what in (
            (FiveWhys.complaint_id, known_c, "a complaint in the Complaints sheet"),
            (FiveWhys.order_id, known_o, "an order in the Orders sheet"),
        ):
            v = _text(f.at[row, col])
            if v and v.casefold() not in known:
                problems.append(f"{data.ref(row, col)}: '{v}' is not {what}")
        cause = _text(f.at[row, FiveWhys.root_cause])
        if cause and cause.lower() not in ROOT_CAUSES:
            problems.append(
                f"{data.ref(row, FiveWhys.root_cause)}: '{cause}' is not one of the 6M "
                f"({', '.join(ROOT_CAUSES)})"
            )
        blank = None
        for col in WHYS:
            if not _filled(f.at[row, col]):
                blank = blank or col
            elif blank is not None:
                problems.append(f"{data.ref(row, col)}: a why after a blank {blank}")
                break
        day, verified = _day(f.at[row, FiveWhys.date]), _day(f.at[row, FiveWhys.verified])
        if day is not None and verified is not None and verified < day:
            problems.append(
                f"{data.ref(row, FiveWhys.verified)}: verified {verified} "
                f"before the record's Date {day}"
            )
    if problems:
        raise FiveWhyInputError(
            f"{len(problems)} problem(s) in the {FiveWhys.sheet} sheet; nothing was changed:\n"
            + "\n".join(problems)
        )


def monthly_pareto(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records per month and root cause, with a total; the causes over all months, most
    frequent first, with the cumulative share — the Pareto)."""
    cause = (
        frame[FiveWhys.root_cause]
        .astype("object")
        .map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    )
    day = pd.to_datetime(frame[FiveWhys.date])
    keep = cause.isin(ROOT_CAUSES) & day.notna()
    month = day[keep].dt.strftime("%Y-%m")
    table = pd.crosstab(month, cause[keep]).reindex(columns=list(ROOT_CAUSES), fill_value=0)
    table = table.sort_index()
    wide = pd.DataFrame({str(RootCausePareto.month): table.index.astype(str)})
    for name, col in CAUSE_COLUMNS.items():
        wide[str(col)] = table[name].to_numpy(dtype="int64") if len(table) else []
    wide[str(RootCausePareto.total)] = wide[[str(c) for c in CAUSE_COLUMNS.values()]].sum(axis=1)
    totals = table.sum(axis=0).sort_values(ascending=False, kind="stable")
    totals = totals[totals > 0]
    pareto = pd.DataFrame(
        {
            str(FiveWhys.root_cause): list(totals.index),
            COUNT: totals.to_numpy(dtype="int64"),
            CUMULATIVE: (totals.cumsum() / totals.sum()).to_numpy(dtype="float64")
            if len(totals)
            else [],
        }
    )
    return wide, pareto


def overdue_actions(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Records whose action is due before today and not verified."""
    due = pd.to_datetime(frame[FiveWhys.due])
    return frame[due.lt(pd.Timestamp(today)) & frame[FiveWhys.verified].isna()]


def lesson_candidates(
    frame: pd.DataFrame, closed_complaints: Iterable[object], in_lessons: Iterable[str]
) -> list[tuple[str, str]]:
    """(5 Why ID, complaint ID) of closed complaints with a root cause and no lesson yet."""
    closed, taken = _ids(closed_complaints), {x.casefold() for x in in_lessons}
    out = []
    for _, r in frame.iterrows():
        c = _text(r[FiveWhys.complaint_id])
        key = c.casefold()
        if _filled(r[FiveWhys.root_cause]) and key in closed and key not in taken:
            out.append((str(r[FiveWhys.record_id]), c))
    return out
