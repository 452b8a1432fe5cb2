"""Milestones as an iCalendar (RFC 5545) feed, written with the `icalendar` library: one all-day
VEVENT per milestone, its UID stable from run to run (order and milestone), so a calendar that
subscribes to the file updates an event rather than adding a second one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event

from orderdesk import __version__

UID_DOMAIN = "orderdesk.invalid"  # RFC 5545 §3.8.4.7: a domain part makes the UID unique


@dataclass(frozen=True)
class Task:
    order_id: str
    milestone: str
    planned: dt.date
    status: str
    owner: str
    accountable: str = ""
    consulted: str = ""
    informed: str = ""
    department: str = ""


def uid(order_id: str, milestone: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{order_id}-{milestone}").strip("-").lower()
    return f"{slug}@{UID_DOMAIN}"


def calendar(tasks: Sequence[Task], *, owner: str, stamp: dt.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//OrderDesk {__version__}//Milestones//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"OrderDesk tasks: {owner}")
    for t in tasks:
        event = Event()
        event.add("uid", uid(t.order_id, t.milestone))
        event.add("dtstamp", stamp)
        event.add("dtstart", t.planned)
        event.add("dtend", t.planned + dt.timedelta(days=1))
        late = " (overdue)" if t.status == "overdue" else ""
        event.add("summary", f"{t.order_id}: {t.milestone}{late}")
        raci = [
            f"Responsible: {t.owner}",
            f"Accountable: {t.accountable}" if t.accountable else "",
            f"Consulted: {t.consulted}" if t.consulted else "",
            f"Informed: {t.informed}" if t.informed else "",
        ]
        event.add("description", "\n".join(x for x in raci if x))
        if t.department:
            event.add("categories", [t.department])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
