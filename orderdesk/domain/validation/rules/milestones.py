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
        # the hit rows' cells as columns, read once (not one cell lookup per row and column)
        at = f.loc[
            rows, [str(Milestones.owner), str(Milestones.milestone), str(Milestones.order_id)]
        ]
        out = []
        for owner, milestone, order_id, due in zip(
            at[str(Milestones.owner)].tolist(),
            at[str(Milestones.milestone)].tolist(),
            at[str(Milestones.order_id)].tolist(),
            planned.loc[rows].tolist(),
            strict=True,
        ):
            who = owner if isinstance(owner, str) and owner.strip() else "no one (no owner)"
            out.append(
                f"'{milestone!s}' of {order_id!s} was due {due:%Y-%m-%d} and is not done; "
                f"owner: {who}"
            )
        return out

    yield hits(Milestones, Milestones.planned, late, reasons)
