"""The execution area's Settings readers (issue 20): milestone templates and RACI roles."""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.execution_cells import number, text
from orderdesk.domain.execution.milestones import Person, Step
from orderdesk.ports import TableData
from orderdesk.schema import MilestoneTemplates, RaciRoles
from orderdesk.settings import PolicyError


def templates(data: TableData) -> list[Step]:
    f = data.frame
    out = []
    for row, kind, name, after, days, r, a, c, i in zip(
        f.index,
        f[MilestoneTemplates.order_type],
        f[MilestoneTemplates.milestone],
        f[MilestoneTemplates.after],
        f[MilestoneTemplates.offset_days],
        f[MilestoneTemplates.responsible],
        f[MilestoneTemplates.accountable],
        f[MilestoneTemplates.consulted],
        f[MilestoneTemplates.informed],
        strict=True,
    ):
        if not (text(kind) and text(name)):
            continue
        if number(days) is None:
            ref = data.ref(int(row), MilestoneTemplates.offset_days)
            raise PolicyError(f"{ref}: the milestone '{name}' has no offset days")
        where = str(data.ref(int(row), MilestoneTemplates.after))
        out.append(
            Step(
                str(kind).strip(),
                str(name).strip(),
                text(after) or "order date",
                int(number(days) or 0),
                text(r) or "",
                text(a) or "",
                text(c) or "",
                text(i) or "",
                where,
            )
        )
    return out


def roles(frame: pd.DataFrame) -> dict[str, Person]:
    return {
        str(r).strip().casefold(): Person(str(p).strip(), text(d) or "")
        for r, p, d in zip(
            frame[RaciRoles.role],
            frame[RaciRoles.person],
            frame[RaciRoles.department],
            strict=True,
        )
        if text(r) and text(p)
    }
