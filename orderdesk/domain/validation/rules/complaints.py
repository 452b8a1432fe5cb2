"""COMPLAINT-SLA-BREACH (issue 21): a complaint acknowledged or answered later than its class
allows, in business hours by the company's calendar — the same clock as the Complaint action
(`orderdesk.domain.aftersales.complaints.run_clocks`) — named with its owner and how late."""

from __future__ import annotations

from collections.abc import Iterator

from orderdesk.domain.aftersales.complaints import ACKNOWLEDGE, SOLUTION, Breach, run_clocks
from orderdesk.domain.validation.registry import WARNING, Hits, rule
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import Complaints

# An older register without these columns has no clock to judge: the rule stays silent.
CLOCK_COLUMNS = (Complaints.received, Complaints.acknowledged, Complaints.proposed)


def _reason(b: Breach) -> str:
    step = "acknowledgement" if b.clock == ACKNOWLEDGE else "solution"
    done = f"done {b.done:%Y-%m-%d %H:%M}" if b.done else "still not done"
    who = b.owner.strip() or "no one (no owner)"
    return (
        f"complaint {b.complaint_id} of {b.order_id}: {step} was due {b.due:%Y-%m-%d %H:%M}, "
        f"{done}, {b.late_hours:.1f} business h late; owner: {who}"
    )


@rule("COMPLAINT-SLA-BREACH", WARNING, Complaints, title="a complaint answered late (SLA)")
def complaint_sla_breach(t: Tables) -> Iterator[Hits]:
    ctx, data = t.context, t[Complaints]
    if ctx.calendar is None or ctx.now is None:
        return
    if any(str(c) not in data.letters for c in CLOCK_COLUMNS):
        return
    frame = data.frame.reindex(columns=[str(c) for c in Complaints.columns()])
    result = run_clocks(frame, ctx.calendar, ctx.complaint_limits, ctx.now)
    for clock, column in ((ACKNOWLEDGE, Complaints.acknowledged), (SOLUTION, Complaints.proposed)):
        late = [b for b in result.breaches if b.clock == clock]
        if late:
            yield Hits(Complaints, column, [b.row for b in late], [_reason(b) for b in late])
