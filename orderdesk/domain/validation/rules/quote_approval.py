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
from orderdesk.domain.quotes.versions import quote_digests
from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import ApprovalLog, Orders, QuoteLines, Quotes


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
    digests = (
        quote_digests(t[Quotes].frame, t[QuoteLines].frame) if t.has(Quotes, QuoteLines) else None
    )
    state = approval.approval_state(t[ApprovalLog].frame, digests)
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
