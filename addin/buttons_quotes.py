"""Quotes group of the ribbon: Price quote, Revise, Approve, Reject, Verify approval log.

The quote to act on is the selected row of the Quotes (or QuoteLines) sheet. In Excel the user is
the signed-in OS user, mapped through Settings → Approval matrix; the approver's comment is the
Decision Note typed on the quote's row.
"""

from __future__ import annotations

from orderdesk.actions import quotes as Q
from orderdesk.actions.base import Outcome
from orderdesk.schema import QuoteLines, Quotes

from .handlers import ButtonContext, handles

SELECT_FIRST = Outcome(
    "Select a quote's row on the Quotes sheet first (any cell of the row).", findings=1
)


def selected_quote(ctx: ButtonContext) -> tuple[str, int | None] | None:
    """(quote id, version) of the first selected Quotes or QuoteLines row, or of the row under
    the active cell: one clicked cell is "no selection" to whole-register actions, but for a
    quote button it names the quote."""
    sel = ctx.selection or ctx.current
    if sel is None or sel.table not in (Quotes, QuoteLines) or not sel.keys:
        return None
    key = sel.keys[0]
    if not key[0]:
        return None
    return str(key[0]), None if key[1] is None else int(key[1])


@handles("odPriceQuote")
def price(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    if picked is None:  # nothing selected: price every draft quote
        return Q.price_quote(ctx.run())
    return Q.price_quote(ctx.run(), *picked)


@handles("odRevise")
def revise(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.revise_quote(ctx.run(), picked[0])


@handles("odApprove")
def approve(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.approve_quote(ctx.run(), *picked)


@handles("odReject")
def reject(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.reject_quote(ctx.run(), *picked)


@handles("odVerifyLog")
def verify_log(ctx: ButtonContext) -> Outcome:
    return Q.verify_log(ctx.run())
