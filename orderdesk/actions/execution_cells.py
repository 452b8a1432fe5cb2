"""Cell readers shared by the execution area's actions (issue 20): a register cell as text, a
day, a number or a yes/no, blank and malformed cells read as nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.schema import Orders, Stage


def text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def day(value: Any) -> dt.date | None:
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def flag(value: Any) -> bool:
    """A yes/no cell read as a bool (numpy's too); blank is no."""
    return isinstance(value, bool | np.bool_) and bool(value)


def stages(frame: pd.DataFrame) -> pd.Series:
    return frame[Orders.stage].map(Stage.read)
