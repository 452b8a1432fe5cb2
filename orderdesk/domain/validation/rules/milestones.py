"""MILESTONE-OVERDUE (issue 20): a planned milestone whose date has passed and that is not done,
named with its owner, so the Issues sheet says who is late with what."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from orderdesk.domain.validation.registry import WARNING, Hits, hits, rule
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import Milestones


@rule("MILESTONE-OVERDUE", WARNING, Milestones, title="a milestone past its date, not done")
def milestone_overdue(t: Tables) -> Iterator[Hits]:
    f = t[Milestones].frame
    planned = pd.to_datetime(f[Milestones.planned], errors="coerce")
    late = (
        (planned < pd.Timestamp(t.context.today))
        & f[Milestones.actual].isna()
        & f[Milestones.done_on].isna()
        & f[Milestones.order_id].notna()
    )

    def reasons(rows: pd.Index) -> list[str]:
        out = []
        for row in rows:
            owner = f.at[row, Milestones.owner]
            who = owner if isinstance(owner, str) and owner.strip() else "no one (no owner)"
            out.append(
                f"'{f.at[row, Milestones.milestone]!s}' of {f.at[row, Milestones.order_id]!s} was "
                f"due {planned[row]:%Y-%m-%d} and is not done; owner: {who}"
            )
        return out

    yield hits(Milestones, Milestones.planned, late, reasons)
