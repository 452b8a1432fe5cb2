"""The register as rules see it: the tables read, plus what several rules derive from them once
(each order's stage, the payment terms, which cells are blank and which could not be read).

Everything here is vectorised over a table's rows: a column of 50,000 order lines holds a few
hundred distinct values, so text is interpreted once per distinct value and mapped back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.reference.incoterms import Incoterm, incoterm
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.domain.validation.model import ValidationContext
from orderdesk.ports import TableData
from orderdesk.schema import (
    ApprovalLog,
    Column,
    OrderLines,
    Orders,
    QuoteLines,
    Quotes,
    Stage,
    Table,
)

# Stage ranks as rules compare them; a cancelled order is out of every order rule's reach.
CANCELLED = -1
DRAFT = Stage.DRAFT.rank
CONFIRMED = Stage.CONFIRMED.rank
IN_PRODUCTION = Stage.IN_PRODUCTION.rank
READY_TO_SHIP = Stage.READY_TO_SHIP.rank
SHIPPED = Stage.SHIPPED.rank
CLOSED = Stage.CLOSED.rank


def norm_text(series: pd.Series) -> pd.Series:
    """Trimmed, case-folded text for comparing names and numbers people type (NaN stays NaN)."""
    return (
        series.astype(object)
        .where(series.notna())
        .map(
            lambda v: " ".join(str(v).split()).casefold() if isinstance(v, str) else v,
            na_action="ignore",
        )
    )


CONTEXT_ONLY: frozenset[type[Table]] = frozenset({Quotes, QuoteLines, ApprovalLog})


class Tables:
    """The tables given to `validate`, with derived columns computed once on first use.

    Text columns are factorised once (`factor`): a rule that looks values up — is this a known
    SKU, is this supplier blocked, which stage is this line's order at — does it per distinct
    value and spreads the answers over the rows with one array index.
    """

    def __init__(self, data: Mapping[type[Table], TableData], context: ValidationContext) -> None:
        self.data = {t: d for t, d in data.items() if d.found}
        self.context = context
        self._factors: dict[tuple[type[Table], str], tuple[np.ndarray, np.ndarray]] = {}
        self._ranks: dict[type[Table], pd.Series] = {}
        self._blanks: dict[tuple[type[Table], str], pd.Series] = {}
        self._active: dict[type[Table], pd.Series] = {}

    def checked(self) -> list[tuple[type[Table], TableData]]:
        """The tables whose own cells are checked (required fields, readable cells, unique ids).
        Quotes and their approval log are there as context for the order rules; their own
        cells are the quotes area's business."""
        return [(t, d) for t, d in self.data.items() if t not in CONTEXT_ONLY]

    def has(self, *tables: type[Table]) -> bool:
        return all(t in self.data for t in tables)

    def __getitem__(self, table: type[Table]) -> TableData:
        return self.data[table]

    # --- per distinct value ------------------------------------------------------------------

    def factor(self, table: type[Table], column: Column) -> tuple[np.ndarray, np.ndarray]:
        """(codes, uniques) of a column: codes[i] is the row's value's position in uniques,
        -1 where the cell is blank."""
        key = (table, str(column))
        if key not in self._factors:
            codes, uniques = pd.factorize(self.data[table].frame[str(column)], use_na_sentinel=True)
            self._factors[key] = (codes, np.asarray(uniques, dtype=object))
        return self._factors[key]

    def each(self, table: type[Table], column: Column, fn: Callable[[Any], Any]) -> pd.Series:
        """`fn` of each row's value, computed once per distinct value (None where blank)."""
        codes, uniques = self.factor(table, column)
        results = np.empty(len(uniques) + 1, dtype=object)
        results[:-1] = [fn(u) for u in uniques]
        results[-1] = None
        return pd.Series(results[codes], index=self.data[table].frame.index, dtype=object)

    def matches(self, table: type[Table], column: Column, fn: Callable[[Any], bool]) -> pd.Series:
        """True where the cell has a value and `fn` says yes for it (once per distinct value)."""
        codes, uniques = self.factor(table, column)
        good = np.zeros(len(uniques) + 1, dtype=bool)
        good[:-1] = [bool(fn(u)) for u in uniques]
        return pd.Series(good[codes], index=self.data[table].frame.index)

    def known(self, table: type[Table], column: Column, keys: Iterable[Any]) -> pd.Series:
        """True where the cell's value is one of `keys` (False where blank)."""
        wanted = set(keys)
        return self.matches(table, column, wanted.__contains__)

    def lookup(
        self, table: type[Table], column: Column, mapping: Mapping[Any, Any], default: Any = None
    ) -> pd.Series:
        """`mapping[value]` for each row (default where blank or not in the mapping)."""
        return self.each(table, column, lambda v: mapping.get(v, default)).where(
            self.data[table].frame[str(column)].notna(), default
        )

    def first_rows(self, table: type[Table], column: Column) -> dict[Any, int]:
        """Value → the sheet row where it first appears (ids that are, wrongly, used twice
        resolve to their first row)."""
        codes, uniques = self.factor(table, column)
        index = self.data[table].frame.index.to_numpy()
        present = codes >= 0
        first = np.full(len(uniques), -1, dtype=np.int64)
        # Walking backwards leaves each value's first row in place.
        first[codes[present][::-1]] = index[present][::-1]
        return dict(zip(uniques.tolist(), first.tolist(), strict=True))

    # --- cells ----------------------------------------------------------------------------

    @cached_property
    def _unreadable(self) -> dict[tuple[type[Table], str], set[int]]:
        out: dict[tuple[type[Table], str], set[int]] = {}
        for table, data in self.data.items():
            for issue in data.issues:
                out.setdefault((table, issue.ref.column), set()).add(issue.ref.row)
        return out

    def unreadable(self, table: type[Table], column: Column) -> pd.Series:
        """True where the reader could not read the cell (it holds a value, just not a usable
        one: it is reported as unreadable, never as empty)."""
        data = self.data[table]
        rows = self._unreadable.get((table, str(column)))
        if not rows:
            return pd.Series(False, index=data.frame.index)
        return pd.Series(data.frame.index.isin(list(rows)), index=data.frame.index)

    def blank(self, table: type[Table], column: Column) -> pd.Series:
        """True where the cell is empty (not where it holds something unreadable)."""
        key = (table, str(column))
        if key not in self._blanks:
            blank = self.data[table].frame[str(column)].isna()
            if key in self._unreadable:
                blank &= ~self.unreadable(table, column)
            self._blanks[key] = blank
        return self._blanks[key]

    # --- orders and their stages -------------------------------------------------------------

    @cached_property
    def order_stage(self) -> pd.Series:
        """Each Orders row's stage (a `Stage`, or None when blank or not a stage)."""
        return self.each(Orders, Orders.stage, Stage.read)

    @cached_property
    def order_rank(self) -> pd.Series:
        """Each Orders row's stage rank: -1 cancelled, 0 draft … 6 closed. A blank or unknown
        stage counts as a draft (it is reported as such; requirements are not guessed up)."""
        return self.each(Orders, Orders.stage, _rank).fillna(DRAFT).astype("int64")

    def by_key(self, table: type[Table], key: Column, values: pd.Series) -> dict[Any, Any]:
        """A table's id → a per-row value of it (first row of each id; blank ids left out)."""
        ids = self.data[table].frame[str(key)]
        keep = (ids.notna() & ~ids.duplicated()).to_numpy()
        return dict(zip(ids.to_numpy(dtype=object)[keep], values.to_numpy()[keep], strict=True))

    def rank_of(self, table: type[Table]) -> pd.Series:
        """The stage rank of each row's order (Orders itself, or a table with an Order ID
        column). Rows of an order not in Orders count as drafts."""
        if table not in self._ranks:
            if table is Orders:
                rank = self.order_rank
            elif not self.has(Orders) or order_id_column(table) is None:
                rank = pd.Series(DRAFT, index=self.data[table].frame.index, dtype="int64")
            else:
                rank = self.from_orders(table, self.order_rank, DRAFT).astype("int64")
            self._ranks[table] = rank
        return self._ranks[table]

    def from_orders(self, table: type[Table], values: pd.Series, default: Any) -> pd.Series:
        """A per-Orders-row value spread over the rows of a table with an Order ID column
        (its lines, shipments, invoices): `default` where the order is not in Orders."""
        column = order_id_column(table)
        assert column is not None, table
        codes, uniques = self.factor(table, column)
        ids = self.data[Orders].frame[Orders.order_id]
        first = (ids.notna() & ~ids.duplicated()).to_numpy()
        pos = pd.Index(ids.to_numpy(dtype=object)[first]).get_indexer(uniques)
        source = values.to_numpy()[first]
        spread = np.empty(len(uniques) + 1, dtype=object if source.dtype == object else float)
        spread[:-1] = (
            np.where(pos >= 0, source[np.clip(pos, 0, None)], default) if len(source) else default
        )
        spread[-1] = default
        return pd.Series(spread[codes], index=self.data[table].frame.index)

    def in_stages(self, table: type[Table], low: int, high: int = CLOSED) -> pd.Series:
        rank = self.rank_of(table)
        return (rank >= low) & (rank <= high)

    def active(self, table: type[Table]) -> pd.Series:
        """Rows of orders that are not cancelled."""
        if table not in self._active:
            self._active[table] = self.rank_of(table) >= DRAFT
        return self._active[table]

    @cached_property
    def order_terms(self) -> pd.Series:
        """Each Orders row's payment term (a `PaymentTerm`, or None)."""
        return self.each(Orders, Orders.payment_terms, payment_term)

    @cached_property
    def order_incoterm(self) -> pd.Series:
        """Each Orders row's Incoterms rule (an `Incoterm`, or None)."""
        return self.each(Orders, Orders.incoterm, incoterm)

    @cached_property
    def order_needs_destination(self) -> pd.Series:
        """Orders under a C- or D-term (they name a place of destination)."""
        return self.each(Orders, Orders.incoterm, lambda v: _needs_destination(incoterm(v))).eq(
            True
        )

    @cached_property
    def order_place_in_incoterm(self) -> pd.Series:
        """Orders whose Incoterm cell names the place too ('FOB Ningbo', 'CIF Rotterdam')."""
        return self.matches(Orders, Orders.incoterm, lambda v: len(str(v).split()) > 1)

    @cached_property
    def line_value(self) -> pd.Series:
        """Each order line's value: its Amount, or qty × unit price where the amount is blank."""
        frame = self.data[OrderLines].frame
        return frame[OrderLines.amount].fillna(frame[OrderLines.qty] * frame[OrderLines.unit_price])

    def per_order(self, values: np.ndarray) -> pd.Series:
        """The sum over each order's lines of a per-line array, aligned with the Orders rows
        (0 for an order without lines)."""
        codes, uniques = self.factor(OrderLines, OrderLines.order_id)
        present = codes >= 0
        sums = np.bincount(codes[present], weights=values[present], minlength=len(uniques))
        pos = self._lines_of_order
        out = np.where(pos >= 0, sums[np.clip(pos, 0, None)] if len(sums) else 0.0, 0.0)
        return pd.Series(out, index=self.data[Orders].frame.index)

    @cached_property
    def _lines_of_order(self) -> np.ndarray:
        """For each Orders row, the position of its id among the OrderLines order ids (-1: none)."""
        _, uniques = self.factor(OrderLines, OrderLines.order_id)
        ids = self.data[Orders].frame[Orders.order_id]
        return pd.Index(uniques).get_indexer(ids) if len(uniques) else np.full(len(ids), -1)


def _rank(text: object) -> int | None:
    stage = Stage.read(text)
    if stage is None:
        return None
    return CANCELLED if stage is Stage.CANCELLED else stage.rank


def _needs_destination(rule: Incoterm | None) -> bool:
    return bool(rule and rule.needs_destination)


def order_id_column(table: type[Table]) -> Column | None:
    """The column holding the order id of a table's rows (None for customers, products …)."""
    col = getattr(table, "order_id", None)
    return col if isinstance(col, Column) else None
