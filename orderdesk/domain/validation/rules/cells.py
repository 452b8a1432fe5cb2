"""Rules about the sheet itself: cells that could not be read, columns that are not there,
stages that are not stages, and ids used twice."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.ports import CellIssue
from orderdesk.schema import Orders, Stage, Table


@rule("CELL-UNREADABLE", ERROR, title="a cell the reader could not read as its column's type")
def unreadable_cells(t: Tables) -> Iterator[Hits]:
    for table, data in t.checked():
        if not data.issues:
            continue
        cancelled: set[int] = set()
        if order_id_column(table) is not None:
            active = t.active(table)
            cancelled = set(active.index[~active.to_numpy()].tolist())
        by_column: dict[str, list[CellIssue]] = {}
        for issue in data.issues:
            if issue.ref.row in cancelled:
                continue  # a cancelled order's cells do not matter any more
            by_column.setdefault(issue.ref.column, []).append(issue)
        for header, issues in by_column.items():
            yield Hits(
                table,
                table.by_header(header),
                [i.ref.row for i in issues],
                [_reason(i.problem) for i in issues],
                values=[i.value for i in issues],
            )


def _reason(problem: str) -> str:
    return problem[:1].lower() + problem[1:] if problem else "cannot be read"


@rule("COLUMN-MISSING", ERROR, title="a required column is not in the sheet at all")
def missing_columns(t: Tables) -> Iterator[Hits]:
    """Reported once per column on its would-be header cell, instead of once per row."""
    for table, data in t.checked():
        for col in data.missing:
            if col.required is False:
                continue
            if isinstance(col.required, Stage):
                if table is Orders or (order_id_column(table) is not None and t.has(Orders)):
                    reached = t.rank_of(table) >= col.required.rank
                    if not reached.any():
                        continue
                else:
                    continue
            elif not len(data.frame):
                continue
            since = (
                f"required from stage '{col.required.value}'"
                if isinstance(col.required, Stage)
                else "required on every row"
            )
            yield Hits(
                table,
                col,
                [data.header_row],
                f"{since}; add a column with exactly this header to the table",
                values=[None],
            )


@rule("STAGE-UNKNOWN", ERROR, Orders, title="the order's stage is not one of the stages")
def unknown_stage(t: Tables) -> Iterator[Hits]:
    frame = t[Orders].frame
    bad = frame[Orders.stage].notna() & t.order_stage.isna()
    stages = ", ".join(s.value for s in Stage)
    yield hits(Orders, Orders.stage, bad, f"not a stage; use one of: {stages}")


@rule("ID-DUPLICATE", ERROR, title="the same id (key) on two rows of a table")
def duplicate_ids(t: Tables) -> Iterator[Hits]:
    for table, data in t.checked():
        keys = table.keys()
        if not keys or not _is_record_table(table) or not len(data.frame):
            continue
        # One integer per row for its whole key (from the factorised key columns): duplicates
        # of a two-column key over 50,000 lines are found on integers, not on text.
        combined = np.zeros(len(data.frame), dtype=np.int64)
        complete = np.ones(len(data.frame), dtype=bool)
        for col in keys:
            codes, uniques = t.factor(table, col)
            complete &= codes >= 0
            combined = combined * (len(uniques) + 1) + (codes + 1)
        ids = pd.Series(np.where(complete, combined, -1 - np.arange(len(combined))))
        dup = pd.Series(ids.duplicated(keep="first").to_numpy(), index=data.frame.index)
        if not dup.any():
            continue
        rows = data.frame.index.to_numpy()
        first = dict(zip(ids.to_numpy()[::-1], rows[::-1], strict=True))
        first_of = pd.Series([first[k] for k in ids.to_numpy()], index=data.frame.index)
        reasons = first_of.map(lambda r: f"already used on row {int(r)}; ids must be unique")
        yield hits(table, keys[-1], dup, reasons)


def _is_record_table(table: type[Table]) -> bool:
    """Tables whose rows are records found by id (not OrderDesk's sheets or the settings)."""
    from orderdesk.schema import Settings

    return not table.owned_sheet and table.sheet != Settings.sheet
