"""Required fields: which columns must be filled comes from the schema (`Column.required`), per
order stage for orders and their lines (to confirm: product, spec, quantity, price, currency,
Incoterm and place, payment terms, requested delivery, ship-to; to ship: HS code, marks,
forwarder, ports, cartons, weights, CBM), on every row for the other tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pandas as pd

from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.schema import STAGE_ORDER, Column, Orders, Stage


def req_code(column: Column) -> str:
    """REQ-<HEADER>: the header upper-cased, spaces and / as - ('L/C Bank' → REQ-L-C-BANK)."""
    return "REQ-" + re.sub(r"-{2,}", "-", re.sub(r"[\s/]+", "-", str(column).strip().upper()))


@rule("REQ-<HEADER>", ERROR, title="a field required at the order's stage is empty")
def required_fields(t: Tables) -> Iterator[Hits]:
    for table, data in t.checked():
        if table.owned_sheet:
            continue
        staged = table is Orders or (order_id_column(table) is not None and t.has(Orders))
        rank = t.rank_of(table) if staged else None
        for col in table.columns():
            if col.required is False or col in data.missing:
                continue
            blank = t.blank(table, col)
            if not blank.any():
                continue
            reason: str | Callable[[pd.Index], list[str]] = _ALWAYS
            if isinstance(col.required, Stage):
                if rank is None:
                    continue
                need = rank >= col.required.rank
                reason = _stage_reason(col.required, rank)
            else:
                need = rank >= 0 if rank is not None else pd.Series(True, index=blank.index)
            mask = blank & need
            if table is Orders and col == Orders.named_place:
                mask &= ~_place_elsewhere(t)
            if mask.any():
                yield hits(table, col, mask, reason, code=req_code(col))


def _stage_reason(since: Stage, rank: pd.Series) -> Callable[[pd.Index], list[str]]:
    def reason(rows: pd.Index) -> list[str]:
        return [
            f"required from stage '{since.value}' (the order is at '{STAGE_ORDER[int(rank.loc[r])].value}')"
            for r in rows
        ]

    return reason


_ALWAYS = "required on every row"


def _place_elsewhere(t: Tables) -> pd.Series:
    """Orders whose named place is not this rule's business: C- and D-terms have their own rule
    (INCOTERM-PLACE), and 'FOB Ningbo' typed into the Incoterm cell names the place there."""
    return t.order_needs_destination | t.order_place_in_incoterm
