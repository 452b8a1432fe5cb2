"""Quotes: every order comes from a won quote (one to three versions, the last one won), and about
as many quotes again were lost, expired, or are still open. Each quote's first version went out
after RFQs to the suppliers, which the scorecard reads for responsiveness."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.sample import master as M
from orderdesk.sample.orders import (
    Order,
    Overrides,
    days,
    draw_lines,
    money,
    order_dates,
    pick_customer,
)
from orderdesk.schema import QuoteStatus

_MARGINS = (0.15, 0.18, 0.20, 0.22, 0.25)


@dataclass(slots=True)
class QuoteLine:
    sku: str
    qty: int
    unit: str
    price: float
    target_margin: float | None


@dataclass(slots=True)
class QuoteVersion:
    version: int
    date: dt.date
    status: QuoteStatus
    lines: list[QuoteLine]

    def total(self, currency: str) -> float:
        return money(sum(line.qty * line.price for line in self.lines), currency)


@dataclass(slots=True)
class Quote:
    customer: M.Customer
    currency: str
    incoterm: str
    place: str
    mode: str
    terms: str
    lc_bank: str
    lead_days: int
    order: Order | None
    versions: list[QuoteVersion] = field(default_factory=list)
    id: str = ""


@dataclass(frozen=True, slots=True)
class Rfq:
    sent: dt.date
    supplier: M.Supplier
    sku: str


def _margin(rng: random.Random) -> float | None:
    return rng.choice(_MARGINS) if rng.random() < 0.25 else None


def _earlier(
    lines: list[QuoteLine], steps: int, rng: random.Random, currency: str
) -> list[QuoteLine]:
    """An earlier version: a few percent dearer, and now and then another quantity."""
    out = []
    for line in lines:
        product = M.PRODUCT_BY_SKU[line.sku]
        qty = line.qty
        if rng.random() < 0.3:
            cartons = max(1, round(qty / product.carton_qty * rng.choice((0.8, 1.25))))
            qty = cartons * product.carton_qty
        price = money(line.price * (1 + rng.uniform(0.02, 0.06) * steps), currency)
        out.append(QuoteLine(line.sku, qty, line.unit, price, line.target_margin))
    return out


def won_quote(o: Order, rng: random.Random) -> Quote:
    assert o.promised is not None
    final = [
        QuoteLine(line.product.sku, line.qty, line.product.unit, line.price, _margin(rng))
        for line in o.lines
    ]
    n = rng.choices((1, 2, 3), (55, 33, 12))[0]
    # The quote named a rule that fits the transport (FOB typed on an air order is the order
    # clerk's slip, not the quote's).
    incoterm = "FCA" if o.mode == "air" and INCOTERMS[o.incoterm].sea_only else o.incoterm
    q = Quote(
        o.customer,
        o.currency,
        incoterm,
        o.place,
        o.mode,
        o.terms,
        o.lc_bank,
        (o.promised - o.date).days,
        o,
    )
    day = o.date - days(rng.randint(1, 6))
    versions = [QuoteVersion(n, day, QuoteStatus.WON, final)]
    for v in range(n - 1, 0, -1):
        day -= days(rng.randint(3, 9))
        versions.append(
            QuoteVersion(v, day, QuoteStatus.SUPERSEDED, _earlier(final, n - v, rng, o.currency))
        )
    q.versions = versions[::-1]
    return q


def open_quotes(count: int, as_of: dt.date, rng: random.Random) -> list[Quote]:
    """Quotes that did not (or not yet) become orders."""
    out = []
    for day in order_dates(count, as_of, rng):
        customer = pick_customer(day, as_of, rng)
        probe = Order(day, customer, currency=customer.currency)
        lines = draw_lines(probe, as_of, rng, Overrides(express=False))
        final = [
            QuoteLine(line.product.sku, line.qty, line.product.unit, line.price, _margin(rng))
            for line in lines[:4]
        ]
        origin = lines[0].product.origin
        incoterm = customer.incoterm
        place = {
            "CFR": customer.port_city,
            "CIF": customer.port_city,
            "DAP": customer.city,
        }.get(incoterm, M.LOADING[origin][1])
        q = Quote(
            customer,
            customer.currency,
            incoterm,
            place,
            "sea",
            customer.terms,
            customer.lc_bank if customer.terms.startswith("LC") else "",
            rng.randint(40, 60),
            None,
        )
        n = rng.choices((1, 2), (75, 25))[0]
        if day + days(30) < as_of:
            status = QuoteStatus.LOST if rng.random() < 0.65 else QuoteStatus.EXPIRED
        elif day > as_of - days(4) and rng.random() < 0.4:
            status = QuoteStatus.DRAFT
        else:
            status = QuoteStatus.SENT
        versions = [QuoteVersion(n, day, status, final)]
        if n == 2:
            earlier = day - days(rng.randint(3, 9))
            versions.append(
                QuoteVersion(
                    1, earlier, QuoteStatus.SUPERSEDED, _earlier(final, 1, rng, customer.currency)
                )
            )
        q.versions = versions[::-1]
        out.append(q)
    return out


def number_quotes(quotes: list[Quote]) -> None:
    """Q-YYYY-NNNN by the first version's date; orders learn their quote and version."""
    quotes.sort(key=lambda q: (q.versions[0].date, q.customer.id))
    seq: dict[int, int] = {}
    for q in quotes:
        year = q.versions[0].date.year
        seq[year] = seq.get(year, 0) + 1
        q.id = f"Q-{year}-{seq[year]:04d}"
        if q.order is not None:
            q.order.quote_id = q.id
            q.order.quote_version = q.versions[-1].version


def rfqs(quotes: list[Quote], as_of: dt.date, rng: random.Random) -> list[Rfq]:
    """Before the first version went out, the desk asked one or two factories for prices."""
    out = []
    for q in quotes:
        first = q.versions[0]
        for line in first.lines[:2]:
            product = M.PRODUCT_BY_SKU[line.sku]
            supplier = M.SUPPLIER_BY_ID[product.supplier]
            if product.alternative and rng.random() < 0.3:
                alt = M.SUPPLIER_BY_ID[product.alternative]
                if alt.blocked_from is None or first.date < M.moved(alt.blocked_from, as_of):
                    supplier = alt
            out.append(Rfq(first.date - days(rng.randint(1, 5)), supplier, line.sku))
    return out
