"""The register as rules see it: the tables read, plus what several rules derive from them once
(each order's stage, the payment terms, which cells are blank and which could not be read).

Everything here is vectorised over a table's rows: a column of 50,000 order lines holds a few
hundred distinct values, so text is interpreted once per distinct value and mapped back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.reference.incoterms import Incoterm, incoterm
from orderdesk.domain.reference.payment_terms import PaymentTerm, payment_term
from orderdesk.domain.validation.model import ValidationContext
from orderdesk.ports import TableData
from orderdesk.schema import Column, Customers, OrderLines, Orders, Stage, Table

# Stage ranks as rules compare them; a cancelled order is out of every order rule's reach.
CANCELLED = -1
DRAFT = Stage.DRAFT.rank
CONFIRMED = Stage.CONFIRMED.rank
IN_PRODUCTION = Stage.IN_PRODUCTION.rank
READY_TO_SHIP = Stage.READY_TO_SHIP.rank
SHIPPED = Stage.SHIPPED.rank
CLOSED = Stage.CLOSED.rank


def per_value(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """`fn` applied once per distinct non-blank value, mapped back onto every row (None where
    blank). The way to check codes over 50,000 rows: a few hundred calls, not 50,000."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [fn(u) for u in uniques]
    results[-1] = None  # code -1: a blank cell
    return pd.Series(results[codes], index=series.index, dtype=object)


def matches(series: pd.Series, fn: Callable[[Any], bool]) -> pd.Series:
    """Boolean mask: True where the cell has a value and `fn` says yes for it."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    good = np.zeros(len(uniques) + 1, dtype=bool)
    good[:-1] = [bool(fn(u)) for u in uniques]
    return pd.Series(good[codes], index=series.index)


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


class Tables:
    """The tables given to `validate`, with derived columns computed once on first use."""

    def __init__(self, data: Mapping[type[Table], TableData], context: ValidationContext) -> None:
        self.data = {t: d for t, d in data.items() if d.found}
        self.context = context

    def has(self, *tables: type[Table]) -> bool:
        return all(t in self.data for t in tables)

    def __getitem__(self, table: type[Table]) -> TableData:
        return self.data[table]

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
        series = self.data[table].frame[str(column)]
        return series.isna() & ~self.unreadable(table, column)

    def present(self, table: type[Table], column: Column) -> bool:
        """The column is in the sheet (an older or hand-made register may lack it)."""
        return column not in self.data[table].missing

    # --- orders and their stages -------------------------------------------------------------

    @cached_property
    def order_stage(self) -> pd.Series:
        """Each Orders row's stage (a `Stage`, or None when blank or not a stage)."""
        return per_value(self.data[Orders].frame[Orders.stage], Stage.read)

    @cached_property
    def order_rank(self) -> pd.Series:
        """Each Orders row's stage rank: -1 cancelled, 0 draft … 6 closed. A blank or unknown
        stage counts as a draft (it is reported as such; requirements are not guessed up)."""
        ranks = self.order_stage.map(
            lambda s: (CANCELLED if s is Stage.CANCELLED else s.rank) if s is not None else DRAFT
        )
        return ranks.astype("int64")

    @cached_property
    def rank_by_order(self) -> dict[Hashable, int]:
        """Order id → stage rank (the first row of an id that is, wrongly, on two rows)."""
        frame = self.data[Orders].frame
        ids = frame[Orders.order_id]
        keep = ids.notna() & ~ids.duplicated()
        return dict(zip(ids[keep], self.order_rank[keep], strict=True))

    def rank_of(self, table: type[Table]) -> pd.Series:
        """The stage rank of each row's order (Orders itself, or a table with an Order ID
        column). Rows of an order not in Orders count as drafts."""
        if table is Orders:
            return self.order_rank
        frame = self.data[table].frame
        if not self.has(Orders):
            return pd.Series(DRAFT, index=frame.index, dtype="int64")
        ids = frame[order_id_column(table)]
        return ids.map(self.rank_by_order).fillna(DRAFT).astype("int64")

    def in_stages(self, table: type[Table], low: int, high: int = CLOSED) -> pd.Series:
        rank = self.rank_of(table)
        return (rank >= low) & (rank <= high)

    def active(self, table: type[Table]) -> pd.Series:
        """Rows of orders that are not cancelled."""
        return self.rank_of(table) >= DRAFT

    @cached_property
    def order_terms(self) -> pd.Series:
        """Each Orders row's payment term (a `PaymentTerm`, or None)."""
        return per_value(self.data[Orders].frame[Orders.payment_terms], payment_term)

    @cached_property
    def order_incoterm(self) -> pd.Series:
        """Each Orders row's Incoterms rule (an `Incoterm`, or None)."""
        return per_value(self.data[Orders].frame[Orders.incoterm], incoterm)

    @cached_property
    def order_needs_destination(self) -> pd.Series:
        """Orders under a C- or D-term (they name a place of destination)."""
        return self.order_incoterm.map(lambda i: i.needs_destination, na_action="ignore").eq(True)

    @cached_property
    def order_place_in_incoterm(self) -> pd.Series:
        """Orders whose Incoterm cell names the place too ('FOB Ningbo', 'CIF Rotterdam')."""
        typed = self.data[Orders].frame[Orders.incoterm]
        return typed.map(lambda v: len(str(v).split()) > 1, na_action="ignore").eq(True)

    @cached_property
    def order_currency(self) -> dict[Hashable, str]:
        frame = self.data[Orders].frame
        keep = frame[Orders.order_id].notna() & frame[Orders.currency].notna()
        return dict(
            zip(frame.loc[keep, Orders.order_id], frame.loc[keep, Orders.currency], strict=True)
        )

    @cached_property
    def line_value(self) -> pd.Series:
        """Each order line's value: its Amount, or qty × unit price where the amount is blank."""
        frame = self.data[OrderLines].frame
        return frame[OrderLines.amount].fillna(frame[OrderLines.qty] * frame[OrderLines.unit_price])

    @cached_property
    def customer_rows(self) -> pd.DataFrame:
        """Customers by id (first row of each id), with their sheet row under "row"."""
        frame = self.data[Customers].frame
        ids = frame[Customers.customer_id]
        keep = ids.notna() & ~ids.duplicated()
        out = frame[keep].copy()
        out["row"] = out.index
        return out.set_index(Customers.customer_id)


def order_id_column(table: type[Table]) -> Column | None:
    """The column holding the order id of a table's rows (None for customers, products …)."""
    col = getattr(table, "order_id", None)
    return col if isinstance(col, Column) else None


def terms_of(value: Any) -> PaymentTerm | None:
    return value if isinstance(value, PaymentTerm) else None


def incoterm_of(value: Any) -> Incoterm | None:
    return value if isinstance(value, Incoterm) else None
