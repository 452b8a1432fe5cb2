"""Can we take it? for quotes (issue 20): the latest version of each quote asked, its lines read
as an order's would be, decided as if won today (`domain/execution/book.py: quote_ask`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from orderdesk.actions.base import NoSuchOrder
from orderdesk.actions.execution_book import lines_by_order
from orderdesk.actions.execution_cells import number, text
from orderdesk.domain.execution.book import quote_ask
from orderdesk.domain.execution.feasibility import Ask
from orderdesk.ports import Register
from orderdesk.schema import OrderLines, QuoteLines, Quotes


def quote_asks(
    register: Register,
    quote_ids: Sequence[str],
    products: pd.DataFrame,
    *,
    today: dt.date,
    transit_days: int,
) -> list[Ask]:
    """The asked quotes' latest versions, labelled "Q-… v2"; refused, naming each, when a quote
    is not on the Quotes sheet."""
    q = register.read(Quotes).frame
    q = q[q[Quotes.quote_id].map(lambda v: isinstance(v, str))]
    by_name = {str(v).strip().casefold(): str(v).strip() for v in q[Quotes.quote_id]}
    wanted = list(dict.fromkeys(a.strip() for a in quote_ids if a.strip()))
    unknown = [a for a in wanted if a.casefold() not in by_name]
    if unknown:
        raise NoSuchOrder(
            f"no such quote: {', '.join(unknown)} (not in the '{Quotes.quote_id}' column of the "
            f"{Quotes.sheet} sheet); nothing was done"
        )
    ids = [by_name[a.casefold()] for a in wanted]
    latest = (
        q[q[Quotes.quote_id].str.strip().isin(ids)]
        .assign(_v=pd.to_numeric(q[Quotes.version], errors="coerce"))
        .sort_values("_v")
        .groupby(Quotes.quote_id, sort=False)
        .tail(1)
    )
    ql = register.read(QuoteLines).frame
    versions = pd.to_numeric(ql[QuoteLines.version], errors="coerce")
    label = (
        ql[QuoteLines.quote_id].astype(str).str.strip()
        + " v"
        + versions.astype("Int64").astype(str)
    )
    frame = pd.DataFrame(
        {
            OrderLines.order_id: label,
            OrderLines.sku: ql[QuoteLines.sku],
            OrderLines.qty: ql[QuoteLines.qty],
            OrderLines.supplier: None,
            OrderLines.spec: None,
        }
    )
    lines = lines_by_order(frame, products)
    asks = {}
    for qid, ver, customer, lead, terms, bank in zip(
        latest[Quotes.quote_id].str.strip(),
        latest["_v"],
        latest[Quotes.customer],
        latest[Quotes.lead_time_days],
        latest[Quotes.payment_terms],
        latest[Quotes.lc_bank],
        strict=True,
    ):
        name = f"{qid} v{int(ver)}" if number(ver) is not None else str(qid)
        days = number(lead)
        asks[qid] = quote_ask(
            name,
            text(customer),
            tuple(lines.get(name, ())),
            today=today,
            lead_time_days=None if days is None else int(days),
            transit_days=transit_days,
            payment_terms=text(terms),
            lc_bank=text(bank),
        )
    return [asks[i] for i in ids if i in asks]
