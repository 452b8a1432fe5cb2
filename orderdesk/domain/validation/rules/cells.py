"""Rules about the sheet itself: cells that could not be read, columns that are not there,
stages that are not stages, and ids used twice."""

from __future__ import annotations

from collections.abc import Iterator

from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.schema import Orders, Stage, Table


@rule("CELL-UNREADABLE", ERROR, title="a cell the reader could not read as its column's type")
def unreadable_cells(t: Tables) -> Iterator[Hits]:
    for table, data in t.data.items():
        if not data.issues:
            continue
        active = t.active(table) if order_id_column(table) is not None else None
        by_column: dict[str, list] = {}
        for issue in data.issues:
            if active is not None and not bool(active.get(issue.ref.row, True)):
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
    for table, data in t.data.items():
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
                f"the column '{col}' is not in the {table.sheet} table ({since}); "
                "add it with exactly this header",
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
    for table, data in t.data.items():
        key_columns = table.keys()
        keys = list(map(str, key_columns))
        if not keys or not _is_record_table(table) or not len(data.frame):
            continue
        frame = data.frame[keys]
        complete = frame.notna().all(axis=1)
        dup = complete & frame.duplicated(keep="first")
        if not dup.any():
            continue
        first_row = (
            frame[complete].reset_index().drop_duplicates(keys, keep="first").set_index(keys)["row"]
        )

        def reason(rows, frame=frame, first_row=first_row, keys=keys):
            out = []
            for row in rows:
                key = tuple(frame.loc[row, keys]) if len(keys) > 1 else frame.loc[row, keys[0]]
                out.append(f"already used on row {int(first_row.loc[key])}; ids must be unique")
            return out

        yield hits(table, table.keys()[-1], dup, reason)


def _is_record_table(table: type[Table]) -> bool:
    """Tables whose rows are records found by id (not OrderDesk's sheets or the settings)."""
    from orderdesk.schema import Settings

    return not table.owned_sheet and table.sheet != Settings.sheet
