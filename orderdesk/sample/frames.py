"""Rows ({Column: value}) to the typed frames a `Sample` holds, one column per schema column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.schema import ColType, Column, Table

_FLOAT = (ColType.NUMBER, ColType.MONEY, ColType.RATE, ColType.PERCENT)
_DATES = (ColType.DATE, ColType.DATETIME)


def series_of(col: Column, values: list[Any]) -> pd.Series:
    if col.type in _FLOAT:
        return pd.Series(np.array([np.nan if v is None else v for v in values], dtype="float64"))
    if col.type is ColType.INT:
        return pd.Series(pd.array(values, dtype="Int64"))
    if col.type in _DATES:
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if col.type is ColType.BOOL:
        return pd.Series(pd.array(values, dtype="boolean"))
    return pd.Series(values, dtype=object)


def frame_of(table: type[Table], rows: Sequence[Mapping[Column, Any]]) -> pd.DataFrame:
    unknown = set().union(*(r.keys() for r in rows)) - set(table.columns())
    if unknown:
        raise KeyError(f"{table.sheet} has no column(s) {sorted(unknown)}")
    data = {col.header: series_of(col, [r.get(col) for r in rows]) for col in table.columns()}
    return pd.DataFrame(data)
