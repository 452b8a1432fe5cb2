"""What actions share about the tables they read and the frames they return as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from orderdesk.ports import TableData
from orderdesk.schema import Column, Table


def unreadable(
    datas: Iterable[TableData], used: dict[type[Table], tuple[Column, ...]]
) -> list[str]:
    """Cells an action had to leave out because they could not be read, as detail lines."""
    out = []
    for data in datas:
        cols = {str(c) for c in used.get(data.table, ())}
        out += [f"left out (unreadable): {i}" for i in data.issues if i.ref.column in cols]
    return out


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """A frame's rows as JSON takes them (dates as ISO text, floats to the cent, blanks None)."""
    return [{str(k): plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


def plain(value: Any) -> Any:  # a cell of a frame: any scalar pandas holds
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return round(value, 2)
    if hasattr(value, "item"):
        return value.item()
    return value
