"""Small frame helpers shared by the scorecard and the KPIs."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from orderdesk.schema import Stage, Table


def empty_frame(table: type[Table]) -> pd.DataFrame:
    """A table with no rows (an input a caller did not give)."""
    return pd.DataFrame({str(c): pd.Series(dtype="object") for c in table.columns()})


def lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """`values` (indexed by a unique key) for each of `keys`, aligned with `keys`; blank where the
    key is unknown. Unlike `Series.map` it keeps the values' dtype when nothing matches."""
    found = values[~values.index.duplicated()].reindex(keys.to_numpy())
    # reindex keeps dates as dates and numbers as numbers; a yes/no column with a key missing
    # becomes object (True/False/NaN), never a made-up True.
    return pd.Series(found.to_numpy(), index=keys.index, dtype=found.dtype)


def stage_in(stages: pd.Series, wanted: Iterable[Stage]) -> pd.Series:
    """Whether each order stage (as typed: any case, spaces, hyphens) is one of `wanted`. Each
    distinct text is read once; a blank or unknown stage is not in any set."""
    codes, distinct = pd.factorize(stages)
    want = set(wanted)
    hit = np.array([Stage.read(text) in want for text in distinct] + [False], dtype=bool)
    return pd.Series(hit[codes], index=stages.index)


class Finder:
    """The rows of one table found for many keys at once (an order's date, currency, customer for
    each of 300,000 lines): the keys are hashed once, then each column is a positional take."""

    def __init__(self, table: pd.DataFrame, key: str, keys: pd.Series) -> None:
        self._rows = table[table[key].notna() & ~table[key].duplicated()].reset_index(drop=True)
        self._pos = pd.Index(self._rows[key]).get_indexer(keys.to_numpy())
        self._index = keys.index

    @property
    def found(self) -> pd.Series:
        return pd.Series(self._pos >= 0, index=self._index)

    @property
    def positions(self) -> np.ndarray:
        """Each key's row number in `rows` (−1 where unknown)."""
        return self._pos

    @property
    def rows(self) -> pd.DataFrame:
        """The table's rows with a key, first occurrence of each, numbered from 0."""
        return self._rows

    def __getitem__(self, column: str) -> pd.Series:
        """The column's value for each key (blank where the key is unknown; dtype kept)."""
        found = self._rows[column].reindex(self._pos)
        return pd.Series(found.to_numpy(), index=self._index, dtype=found.dtype)
