"""Quotes group of the ribbon: Price quote, Revise, Approve, Reject, Verify approval log.

The quote to act on is the selected row of the Quotes (or QuoteLines) sheet. In Excel the user is
the signed-in OS user, mapped through Settings → Approval matrix; the approver's comment is the
Decision Note typed on the quote's row.
"""

from __future__ import annotations

import re

from orderdesk.actions import quotes as Q
from orderdesk.actions.base import Outcome
from orderdesk.schema import QuoteLines, Quotes

from .handlers import ButtonContext, handles

SELECT_FIRST = Outcome(
    "Select a quote's row on the Quotes sheet first (any cell of the row).", findings=1
)


def selected_quote(ctx: ButtonContext) -> tuple[str, int | None] | None:
    """(quote id, version) of the first selected Quotes or QuoteLines row, or of the row of the
    active cell: one clicked cell is "no selection" to whole-register actions, but for a quote
    button it names the quote."""
    sel = ctx.selection
    if sel is not None and sel.table in (Quotes, QuoteLines) and sel.keys:
        key = sel.keys[0]
    else:
        key = _under_active_cell(ctx)
    if key is None or not key[0]:
        return None
    return str(key[0]), None if key[1] is None else int(key[1])


def _under_active_cell(ctx: ButtonContext) -> tuple[object, ...] | None:
    rng = getattr(getattr(ctx.register, "book", None), "selection", None)  # in Excel only
    if rng is None:
        return None
    table = {t.sheet: t for t in (Quotes, QuoteLines)}.get(rng.sheet.name)
    row = re.search(r"\d+", str(rng.address))  # "$C$7", or the first row of "$C$7:$F$7"
    if table is None or row is None:
        return None
    data = ctx.register.read(table)
    return data.key_of(int(row[0])) if int(row[0]) in data.frame.index else None


@handles("odPriceQuote")
def price(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    if picked is None:  # nothing selected: price every draft quote
        return Q.price_quote(ctx.register)
    return Q.price_quote(ctx.register, *picked)


@handles("odRevise")
def revise(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.revise_quote(ctx.register, picked[0])


@handles("odApprove")
def approve(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.approve_quote(ctx.register, *picked)


@handles("odReject")
def reject(ctx: ButtonContext) -> Outcome:
    picked = selected_quote(ctx)
    return SELECT_FIRST if picked is None else Q.reject_quote(ctx.register, *picked)


@handles("odVerifyLog")
def verify_log(ctx: ButtonContext) -> Outcome:
    return Q.verify_log(ctx.register)
