"""Which cells a bank sync writes: the owned cells whose value changed, on rows that can be
addressed, and new BankEntries rows as the register takes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.reconcile import changed
from orderdesk.schema import BankEntries, Column, Table

Key = tuple[Any, ...]


def cell_updates(
    table: type[Table],
    frame: pd.DataFrame,
    keys: Sequence[Key],
    new: pd.DataFrame,
    ok: pd.Series | None = None,
) -> dict[Key, dict[Column, Any]]:
    """The cells of `new` (by key) whose value differs from `frame`'s. A row is written when it
    is readable (`ok`, by sheet row), its key is whole and not repeated (the first row with a
    key is the one the register finds)."""
    valid = (
        np.ones(len(frame), dtype=bool)
        if ok is None
        else np.array(ok.reindex(frame.index).fillna(False), dtype=bool)
    )
    valid &= np.array([all(k is not None for k in key) for key in keys], dtype=bool)
    valid &= ~pd.Series([str(k) for k in keys]).duplicated().to_numpy()
    updates: dict[Key, dict[Column, Any]] = {}
    for col_name in new.columns:
        col = table.by_header(str(col_name))
        values = new[col_name].reindex(frame.index)
        for pos in np.flatnonzero(valid & changed(frame[col], values, col)):
            updates.setdefault(keys[int(pos)], {})[col] = cell(values.iloc[pos])
    return updates


def entry_row(rec: pd.Series) -> dict[Column, Any]:
    """A new BankEntries row as the register takes it (blank cells left out)."""
    values = {BankEntries.by_header(str(c)): cell(v) for c, v in rec.items()}
    return {c: v for c, v in values.items() if v is not None}


def cell(value: Any) -> Any:
    """A frame's value as a cell takes it: blank for NA, a date for a midnight timestamp."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    return value
