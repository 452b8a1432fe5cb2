"""The ApprovalLog's hashes computed column by column are the hashes of the canonical form,
row by row, for any values a log can hold (hypothesis): text with quotes, backslashes, line
breaks, runs of spaces, CJK and control characters, blanks, whole numbers and times."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain.quotes import chain as C
from orderdesk.schema import ApprovalLog, ColType

TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["lwei", "sales manager", "approve", "Q-2026-0001", "a  b", " x", '"q"']),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
INTS = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**9))
TIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    data = {}
    for col in C.HASHED:
        values = [r[col] for r in rows]
        if col.type is ColType.INT:
            data[str(col)] = pd.array(values, dtype="Int64")
        elif col.type is ColType.DATETIME:
            data[str(col)] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            data[str(col)] = pd.Series(values, dtype="str")
    return pd.DataFrame(data)


ROW = st.fixed_dictionaries(
    {
        col: (INTS if col.type is ColType.INT else TIMES if col.type is ColType.DATETIME else TEXTS)
        for col in C.HASHED
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=6))
def test_column_hashes_are_the_row_hashes(rows) -> None:
    frame = _frame(rows)
    cols = [str(c) for c in C.HASHED]
    by_row = [
        C.row_hash(dict(zip(C.HASHED, values, strict=True)))
        for values in frame[cols].itertuples(index=False, name=None)
    ]
    assert C.frame_hashes(frame).tolist() == by_row


def test_a_changed_comment_changes_only_its_rows_hash() -> None:
    rows = [
        {c: None for c in C.HASHED} | {ApprovalLog.seq: n, ApprovalLog.comment: "ok"}
        for n in (1, 2)
    ]
    before = C.frame_hashes(_frame(rows)).tolist()
    rows[1][ApprovalLog.comment] = "ok "  # a trailing space is not a change: it reads back so
    assert C.frame_hashes(_frame(rows)).tolist() == before
    rows[1][ApprovalLog.comment] = 'o"k'
    after = C.frame_hashes(_frame(rows)).tolist()
    assert after[0] == before[0] and after[1] != before[1]
