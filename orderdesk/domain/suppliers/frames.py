"""Small frame helpers shared by the scorecard and the KPIs."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from orderdesk.schema import Stage


def lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """`values` (indexed by a unique key) for each of `keys`, aligned with `keys`; blank where the
    key is unknown. Unlike `Series.map` it keeps the values' dtype when nothing matches."""
    found = values[~values.index.duplicated()].reindex(keys.to_numpy())
    return pd.Series(found.to_numpy(), index=keys.index, dtype=values.dtype)


def stage_in(stages: pd.Series, wanted: Iterable[Stage]) -> pd.Series:
    """Whether each order stage (as typed: any case, spaces, hyphens) is one of `wanted`. Each
    distinct text is read once; a blank or unknown stage is not in any set."""
    codes, distinct = pd.factorize(stages)
    want = set(wanted)
    hit = np.array([Stage.read(text) in want for text in distinct] + [False], dtype=bool)
    return pd.Series(hit[codes], index=stages.index)
