"""QUOTE-NOT-APPROVED: an order from 'confirmed' on whose quote version is not fully approved.

The approval state belongs to the quotes area (issue #5): `orderdesk.domain.quotes.approval`
derives it from the hash-chained ApprovalLog (`approval_state`) and names the orders whose quote
version is not fully approved (`unapproved_orders`). This module only hands it the tables and
turns its answer into findings on the order's Quote ID cell. While that area is not part of the
code base, the rule has nobody to ask and reports nothing (`approvals_available()` says so).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

import pandas as pd

from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import ApprovalLog, Orders, QuoteLines, Quotes

APPROVAL = "orderdesk.domain.quotes.approval"
VERSIONS = "orderdesk.domain.quotes.versions"


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None  # the area is not in this code base (yet)
        raise  # the area is there but broken: say so


def approvals_available() -> bool:
    return _module(APPROVAL) is not None


@rule(
    "QUOTE-NOT-APPROVED",
    ERROR,
    Orders,
    ApprovalLog,
    title="an order from 'confirmed' on whose quote version is not fully approved",
)
def quote_not_approved(t: Tables) -> Iterator[Hits]:
    approval = _module(APPROVAL)
    if approval is None:
        return
    digests = None
    versions = _module(VERSIONS)
    if versions is not None and t.has(Quotes, QuoteLines):
        digests = versions.quote_digests(t[Quotes].frame, t[QuoteLines].frame)
    state = approval.approval_state(t[ApprovalLog].frame, digests)
    # Only orders whose stage can be read: an unknown stage is STAGE-UNKNOWN's finding, and
    # whether the quote had to be approved by then depends on the stage.
    orders = t[Orders].frame[t.order_stage.notna().to_numpy()]
    found = approval.unapproved_orders(orders, state)
    if not len(found):
        return
    reasons = pd.Series(
        found[approval.REASON].to_numpy(), index=found[approval.ORDER_ROW].astype("int64")
    )
    reasons = reasons[~reasons.index.duplicated()]
    mask = pd.Series(t[Orders].frame.index.isin(reasons.index), index=t[Orders].frame.index)
    mask &= t.active(Orders)
    yield hits(Orders, Orders.quote_id, mask, reasons.reindex(t[Orders].frame.index).fillna(""))
