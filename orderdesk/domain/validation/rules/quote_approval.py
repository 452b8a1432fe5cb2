"""QUOTE-NOT-APPROVED: an order from 'confirmed' on whose quote version is not fully approved.

The approval state belongs to the quotes area (issue #5): `approval_state` derives it from the
hash-chained ApprovalLog, with each version's content digest so an approval given to other terms
or prices does not count, and `unapproved_orders` names the orders whose quote version is not
fully approved, with the reason. This module hands it the tables and puts its answer on the
order's Quote ID cell.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from orderdesk.domain.quotes import approval
from orderdesk.domain.quotes.chain import stored
from orderdesk.domain.quotes.versions import quote_digests
from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import ApprovalLog, Column, Orders, QuoteLines, Quotes


@rule(
    "QUOTE-NOT-APPROVED",
    ERROR,
    Orders,
    ApprovalLog,
    title="an order from 'confirmed' on whose quote version is not fully approved",
)
def quote_not_approved(t: Tables) -> Iterator[Hits]:
    orders = t[Orders].frame
    if not orders[Orders.quote_id].notna().any():
        return  # no order names a quote
    # Only the quotes the orders name: a version's state comes from its quote's own log rows
    # and versions alone, so the rest of the log (quotes never ordered) need not be hashed.
    named = set(orders[Orders.quote_id].dropna().tolist())
    log = t[ApprovalLog].frame
    log = log[stored(log, ApprovalLog.quote_id).isin(named).to_numpy()]
    digests = None
    if t.has(Quotes, QuoteLines):
        quotes, lines = t[Quotes].frame, t[QuoteLines].frame
        digests = quote_digests(
            _of(quotes, Quotes.quote_id, named), _of(lines, QuoteLines.quote_id, named)
        )
        if not len(digests):
            # None of them is in Quotes; whether Quotes holds any version still counts (a
            # decision without a digest is then not trusted): one other version says so.
            keyed = quotes.dropna(subset=[str(Quotes.quote_id), str(Quotes.version)])
            digests = quote_digests(keyed.iloc[:1], lines.iloc[:0])
    state = approval.approval_state(log, digests)
    # Only orders whose stage can be read: an unknown stage is STAGE-UNKNOWN's finding, and
    # whether the quote had to be approved by then depends on the stage.
    found = approval.unapproved_orders(orders[t.order_stage.notna().to_numpy()], state)
    if not len(found):
        return
    reasons = pd.Series(
        found[approval.REASON].to_numpy(), index=found[approval.ORDER_ROW].astype("int64")
    )
    reasons = reasons[~reasons.index.duplicated()].reindex(orders.index)
    mask = reasons.notna() & t.active(Orders)
    yield hits(Orders, Orders.quote_id, mask, reasons.fillna(""))


def _of(frame: pd.DataFrame, column: Column, named: set[object]) -> pd.DataFrame:
    """The rows of these quotes (their ids as the digests key them: as text)."""
    return frame[frame[str(column)].astype(str).isin(named).to_numpy()]
