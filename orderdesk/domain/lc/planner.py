"""The presentation planner: for each open credit, the last day to ship and the last day to
present the documents, the days left, and a warning state (Settings: 'lc warning days' amber,
'lc alarm days' red).

Before shipment the date that counts is the latest shipment date (44C); after it, the last day to
present: the on-board date plus the presentation period (48, else 21 days, UCP 600 art. 14(c)),
and never later than the expiry date (art. 6(e)). A credit whose documents are presented, or
whose documents are presented is no longer planned; one whose day has passed shows red, "missed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from orderdesk.domain.lc.model import DEFAULT_PRESENTATION_DAYS, Credit
from orderdesk.errors import OrderDeskError


class PlannerError(OrderDeskError, ValueError):
    """An argument the planner cannot use; the message says which."""


def last_presentation(
    on_board: dt.date, presentation_days: int | None, expiry: dt.date | None
) -> dt.date:
    """The last day to present documents shipped on `on_board`: `presentation_days` after it
    (21 when not given), not later than the expiry date."""
    days = presentation_days if presentation_days is not None else DEFAULT_PRESENTATION_DAYS
    if days <= 0:
        raise PlannerError(f"presentation days must be above 0, not {days}")
    try:
        last = on_board + dt.timedelta(days=days)
    except OverflowError:  # a typing slip (2921940 days), not a period: say so, don't crash
        raise PlannerError(
            f"{days} presentation days after {on_board.isoformat()} is past the year 9999"
        ) from None
    return min(last, expiry) if expiry is not None else last


@dataclass(frozen=True)
class Plan:
    lc_no: str
    order_id: str
    latest_shipment: dt.date | None
    on_board: dt.date | None
    last_presentation: dt.date | None
    expiry: dt.date
    days_left: int
    state: str  # green, amber, red
    what_next: str


def plan(
    credit: Credit,
    order_id: str,
    on_board: dt.date | None,
    today: dt.date,
    amber_days: int,
    red_days: int,
) -> Plan:
    if on_board is not None:
        last = credit.last_presentation(on_board)
        deadline, what = last, f"present the documents by {last.isoformat()}"
    else:
        last = None
        deadline = credit.latest_shipment or credit.expiry_date
        what = (
            f"ship by {deadline.isoformat()}"
            if credit.latest_shipment
            else f"ship and present by {deadline.isoformat()}"
        )
    left = (deadline - today).days
    if left < 0:
        what = f"missed: {what.replace(' by ', ' was due ')}; see the check"
    state = "red" if left < red_days else "amber" if left < amber_days else "green"
    return Plan(
        credit.number,
        order_id,
        credit.latest_shipment,
        on_board,
        last,
        credit.expiry_date,
        left,
        state,
        what,
    )
