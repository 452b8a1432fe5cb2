"""What the demo needs around the quote actions: a quote as a clerk would type it, and the
approvers of the register's approval matrix."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from orderdesk.actions import quotes as Q
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes.models import LEVELS
from orderdesk.ports import Register, today
from orderdesk.schema import (
    Approvers,
    Customers,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
)

_ID = re.compile(r"^Q-(\d{4})-(\d+)$")


def next_quote_id(quotes: pd.DataFrame, day: dt.date) -> str:
    numbers = [
        int(m[2])
        for q in quotes[Quotes.quote_id].dropna()
        if (m := _ID.match(str(q))) and int(m[1]) == day.year
    ]
    return f"Q-{day.year}-{max(numbers, default=0) + 1:04d}"


def demo_quote(register: Register) -> tuple[str, int]:
    """Append a CIF quote for a customer in good standing and two of its usual products."""
    day = today()
    customers = register.read(Customers).frame
    products = register.read(Products).frame
    blocked = customers[Customers.blocked].fillna(False).astype("bool")
    ok = customers[~blocked & customers[Customers.customer_id].notna()]
    if ok.empty:
        raise Q.Refused("the register has no customer to quote for")
    scored = ok.sort_values(str(Customers.credit_score), ascending=False, na_position="last")
    customer = scored.iloc[0]
    priceable = products[
        products[Products.material_cost].notna()
        & products[Products.cost_currency].notna()
        & products[Products.carton_qty].notna()
        & products[Products.carton_l_cm].notna()
    ]
    if len(priceable) < 2:
        raise Q.Refused("the register has no two products with costs and carton sizes")
    picks = priceable.head(2)
    quote_id = next_quote_id(register.read(Quotes).frame, day)
    currency = (
        customer[Customers.currency] if isinstance(customer[Customers.currency], str) else "USD"
    )
    register.append(
        Quotes,
        [
            {
                Quotes.quote_id: quote_id,
                Quotes.version: 1,
                Quotes.customer: customer[Customers.customer_id],
                Quotes.quote_date: day,
                Quotes.valid_until: day + dt.timedelta(days=30),
                Quotes.currency: currency,
                Quotes.incoterm: "CIF",
                Quotes.named_place: "Rotterdam",
                Quotes.transport_mode: "sea",
                Quotes.payment_terms: "TT30-70 BL",
                Quotes.lead_time_days: 60,
                Quotes.sales_owner: "demo",
                Quotes.status: QuoteStatus.DRAFT.value,
            }
        ],
    )
    register.append(
        QuoteLines,
        [
            {
                QuoteLines.quote_id: quote_id,
                QuoteLines.version: 1,
                QuoteLines.line_no: n,
                QuoteLines.sku: p[Products.sku],
                QuoteLines.qty: 1000 * n,
                QuoteLines.unit: p[Products.unit] if isinstance(p[Products.unit], str) else "PCS",
            }
            for n, (_, p) in enumerate(picks.iterrows(), start=1)
        ],
    )
    return quote_id, len(picks)


def demo_approvers(register: Register) -> dict[int, list[str]]:
    matrix = A.approvers(register.read(Approvers).frame)
    out = {n: [a.user for a in matrix if a.level == n] for n in LEVELS}
    missing = [n for n, users in out.items() if not users]
    if missing:
        raise Q.Refused(f"the approval matrix has nobody at level(s) {missing}")
    return out


def demo_approve(ctx: RunContext, quote_id: str) -> Outcome:
    """Approve; where a check fails on the sample's data, approve with a stated override."""
    try:
        return Q.approve_quote(ctx, quote_id)
    except Q.Refused as exc:
        if "fails the level" not in str(exc):
            raise
    return Q.approve_quote(
        ctx, quote_id, override=True, comment="accepted for the demo: sample data"
    )
