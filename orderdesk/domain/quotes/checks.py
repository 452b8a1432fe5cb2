"""What each approval level checks, shown to the approver before the decision is recorded.

Level 1, sales manager:   the customer is real and not blocked; each line's quantity is within
                          the customer's usual range for that SKU.
Level 2, cost accountant: the cost build-up is complete for the Incoterm; every line's margin at
                          the offered price is at or above the margin floor; (warning) the cost
                          drivers have not moved past the re-pricing threshold since pricing.
Level 3, commercial:      the payment terms are within policy (deposit at least the credit band's
                          minimum; an L/C from an accepted bank); the promised lead time fits the
                          production capacity left after the orders already booked.

A failed check stops the approval unless the approver overrides it and says why; a warning is
shown and does not stop it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from orderdesk.domain import credit
from orderdesk.domain.quotes.models import ApprovalCheck, CheckState, PricingPolicy, Quote
from orderdesk.domain.quotes.pricing import (
    K_FX,
    K_Q,
    OK,
    insurance_share,
    margin_at,
    norm_name,
)
from orderdesk.domain.reference.incoterms import incoterm
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.schema import (
    Capacity,
    Customers,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Stage,
)

USUAL_LOW, USUAL_HIGH = 0.5, 2.0  # the usual range: half the smallest to twice the largest order
DAYS_PER_MONTH = 30.0
# Orders that still need production capacity.
IN_PRODUCTION_STAGES = (Stage.CONFIRMED, Stage.IN_PRODUCTION)


@dataclass
class CheckInputs:
    customers: pd.DataFrame
    orders: pd.DataFrame
    order_lines: pd.DataFrame
    products: pd.DataFrame
    credit_bands: pd.DataFrame
    lc_banks: pd.DataFrame
    capacity: pd.DataFrame
    policy: PricingPolicy
    today: dt.date
    repriced: pd.DataFrame | None = None  # build-up of the lines at today's rates and drivers


def level_checks(
    level: int, quote: Quote, lines: pd.DataFrame, inputs: CheckInputs
) -> list[ApprovalCheck]:
    """The checks of one level for a quote version and its QuoteLines rows."""
    if level == 1:
        return [_customer(quote, inputs), _quantities(quote, lines, inputs)]
    if level == 2:
        out = [_build_up_complete(quote, lines), _margin_floor(quote, lines, inputs)]
        if inputs.repriced is not None:
            out.append(_drivers_moved(quote, lines, inputs))
        return out
    if level == 3:
        out = _payment(quote, inputs)
        out.append(_capacity(quote, lines, inputs))
        return out
    return []


def _check(level: int, name: str, state: CheckState, detail: str) -> ApprovalCheck:
    return ApprovalCheck(level=level, name=name, state=state, detail=detail)


def _customer_row(quote: Quote, inputs: CheckInputs) -> pd.Series | None:
    c = inputs.customers
    hit = c[c[Customers.customer_id] == quote.customer]
    return None if hit.empty else hit.iloc[0]


# --- level 1 ----------------------------------------------------------------------------------


def _customer(quote: Quote, inputs: CheckInputs) -> ApprovalCheck:
    row = _customer_row(quote, inputs)
    if row is None:
        return _check(
            1, "customer", CheckState.FAIL, f"'{quote.customer}' is not in the Customers sheet"
        )
    name = row[Customers.name]
    if row[Customers.blocked] is True:
        return _check(1, "customer", CheckState.FAIL, f"{quote.customer} ({name}) is blocked")
    return _check(1, "customer", CheckState.PASS, f"{quote.customer} ({name}), not blocked")


def usual_ranges(customer: str, orders: pd.DataFrame, order_lines: pd.DataFrame) -> pd.DataFrame:
    """Per SKU, the customer's usual quantity range from its orders (confirmed or later, not
    cancelled): columns low, high, orders."""
    stage = orders[Orders.stage].map(Stage.read)
    real = stage.map(lambda s: s is not None and s.at_least(Stage.CONFIRMED)).astype("bool")
    mine = orders[real & (orders[Orders.customer] == customer)][Orders.order_id]
    hist = order_lines[order_lines[OrderLines.order_id].isin(set(mine))]
    hist = hist[hist[OrderLines.qty] > 0]
    g = hist.groupby(str(OrderLines.sku))[str(OrderLines.qty)]
    return pd.DataFrame(
        {"low": g.min() * USUAL_LOW, "high": g.max() * USUAL_HIGH, "orders": g.count()}
    )


def _quantities(quote: Quote, lines: pd.DataFrame, inputs: CheckInputs) -> ApprovalCheck:
    ranges = usual_ranges(str(quote.customer), inputs.orders, inputs.order_lines)
    outside, unknown, inside = [], [], 0
    for _, line in lines.iterrows():
        sku, qty, n = line[QuoteLines.sku], line[QuoteLines.qty], line[QuoteLines.line_no]
        if sku not in ranges.index:
            unknown.append(f"line {n} {sku}")
            continue
        r = ranges.loc[sku]
        if r["low"] <= qty <= r["high"]:
            inside += 1
        else:
            outside.append(
                f"line {n} {sku}: {qty:,.0f} is outside the usual {r['low']:,.0f}–{r['high']:,.0f} "
                f"({int(r['orders'])} earlier order line(s))"
            )
    if outside:
        return _check(1, "quantities", CheckState.FAIL, "; ".join(outside))
    if unknown:
        return _check(
            1,
            "quantities",
            CheckState.WARN,
            f"no order history to compare: {', '.join(unknown)}"
            + (f"; {inside} line(s) within the usual range" if inside else ""),
        )
    return _check(
        1,
        "quantities",
        CheckState.PASS,
        f"{inside} line(s) within the customer's usual range "
        f"({USUAL_LOW:g}× smallest to {USUAL_HIGH:g}× largest earlier order)",
    )


# --- level 2 ----------------------------------------------------------------------------------


def required_components(term_code: str | None) -> tuple[str, ...]:
    """The build-up columns an Incoterm needs filled (header texts)."""
    term = incoterm(term_code)
    cols = [QuoteLines.material, QuoteLines.labour, QuoteLines.packaging]
    if term is None or term.code != "EXW":
        cols.append(QuoteLines.inland_freight)
    if term is None or term.seller_main_carriage:
        cols.append(QuoteLines.main_freight)
    if term is None or term.seller_insurance:
        cols.append(QuoteLines.insurance)
    cols += [QuoteLines.unit_cost, QuoteLines.suggested_price]
    return tuple(str(c) for c in cols)


def _build_up_complete(quote: Quote, lines: pd.DataFrame) -> ApprovalCheck:
    if lines.empty:
        return _check(2, "cost build-up", CheckState.FAIL, f"{quote.label} has no lines")
    need = list(required_components(quote.incoterm))
    gaps = []
    for _, line in lines.iterrows():
        missing = [c for c in need if pd.isna(line[c])]
        if missing:
            gaps.append(f"line {line[QuoteLines.line_no]}: no {', '.join(missing)}")
    if gaps:
        return _check(
            2,
            "cost build-up",
            CheckState.FAIL,
            f"incomplete for {quote.incoterm or 'an unknown Incoterm'} ({'; '.join(gaps)}): "
            "price the quote",
        )
    return _check(
        2,
        "cost build-up",
        CheckState.PASS,
        f"complete for {quote.incoterm}: {', '.join(need[:-2])}",
    )


def line_margins(
    lines: pd.DataFrame, incoterm_code: str | None, policy: PricingPolicy
) -> pd.Series:
    """Each line's margin at the price offered now (the Unit Price, else the suggested price),
    from its stored build-up; insurance follows the price."""
    price = lines[QuoteLines.unit_price].where(
        lines[QuoteLines.unit_price] > 0, lines[QuoteLines.suggested_price]
    )
    ex_ins = lines[QuoteLines.unit_cost] - lines[QuoteLines.insurance].fillna(0.0)
    share = insurance_share(pd.Series(incoterm_code, index=lines.index), policy)
    return margin_at(price, ex_ins, share)


def _margin_floor(quote: Quote, lines: pd.DataFrame, inputs: CheckInputs) -> ApprovalCheck:
    floor = float(inputs.policy.margin_floor)
    if lines.empty:
        return _check(2, "margin floor", CheckState.FAIL, "no lines")
    margins = line_margins(lines, quote.incoterm, inputs.policy)
    if margins.isna().any():
        return _check(2, "margin floor", CheckState.FAIL, "not priced: price the quote")
    below = margins < floor - 1e-9
    if below.any():
        parts = [
            f"line {n} {sku}: {m:.1%}"
            for n, sku, m in zip(
                lines[QuoteLines.line_no][below],
                lines[QuoteLines.sku][below],
                margins[below],
                strict=True,
            )
        ]
        return _check(
            2,
            "margin floor",
            CheckState.FAIL,
            f"below the floor of {floor:.1%}: {'; '.join(parts)}",
        )
    worst = int(margins.to_numpy().argmin())
    return _check(
        2,
        "margin floor",
        CheckState.PASS,
        f"lowest margin {margins.iloc[worst]:.1%} (line {lines[QuoteLines.line_no].iloc[worst]}), "
        f"floor {floor:.1%}",
    )


def cost_move(lines: pd.DataFrame, repriced: pd.DataFrame) -> float:
    """How much the quantity-weighted unit cost (insurance aside) moved since pricing."""
    old = lines[QuoteLines.unit_cost] - lines[QuoteLines.insurance].fillna(0.0)
    new = repriced[K_FX] + repriced[K_Q]
    qty = lines[QuoteLines.qty]
    before = float((qty * old).sum())
    return float((qty * new).sum()) / before - 1 if before else float("nan")


def _drivers_moved(quote: Quote, lines: pd.DataFrame, inputs: CheckInputs) -> ApprovalCheck:
    assert inputs.repriced is not None
    rep = inputs.repriced.reindex(lines.index)
    if lines.empty or not rep[OK].fillna(False).all() or lines[QuoteLines.unit_cost].isna().any():
        return _check(2, "cost drivers", CheckState.WARN, "cannot compare with today's costs")
    move = cost_move(lines, rep)
    limit = float(inputs.policy.reprice_threshold)
    text = f"costs moved {move:+.1%} since pricing (re-pricing threshold {limit:.0%})"
    return _check(
        2, "cost drivers", CheckState.WARN if abs(move) > limit else CheckState.PASS, text
    )


# --- level 3 ----------------------------------------------------------------------------------


def credit_band(
    score: float | None, bands: pd.DataFrame | Sequence[credit.CreditBand]
) -> tuple[str, float] | None:
    """(band, minimum deposit) for a score, by the company's one credit policy."""
    if isinstance(bands, pd.DataFrame):
        bands = credit.credit_bands(bands)
    band = credit.band_for(score, bands)
    return None if band is None else (band.band, float(band.min_deposit))


def accepted_bank(bank: str, banks: pd.DataFrame | Sequence[credit.AcceptedBank]) -> str | None:
    """The accepted L/C bank a typed name or BIC refers to, or None."""
    if isinstance(banks, pd.DataFrame):
        banks = credit.accepted_banks(banks)
    found = credit.accepted_bank(bank, banks)
    return None if found is None else found.name


def _payment(quote: Quote, inputs: CheckInputs) -> list[ApprovalCheck]:
    term = payment_term(quote.payment_terms)
    if term is None:
        what = f"'{quote.payment_terms}' is not a known term" if quote.payment_terms else "blank"
        return [_check(3, "payment terms", CheckState.FAIL, f"Payment Terms {what}")]
    if term.instrument is Instrument.LC:
        if not quote.lc_bank:
            return [_check(3, "L/C bank", CheckState.FAIL, "L/C terms without an issuing bank")]
        bank = accepted_bank(quote.lc_bank, inputs.lc_banks)
        if bank is None:
            return [
                _check(
                    3,
                    "L/C bank",
                    CheckState.FAIL,
                    f"'{quote.lc_bank}' is not an accepted L/C bank (Settings → Accepted L/C banks)",
                )
            ]
        return [
            _check(3, "L/C bank", CheckState.PASS, f"{term.label}, issued by {bank} (accepted)")
        ]
    row = _customer_row(quote, inputs)
    raw = None if row is None else row[Customers.credit_score]
    score = None if row is None else credit.effective_score(raw, row.get(Customers.avg_days_late))
    band = credit_band(score, inputs.credit_bands)
    if band is None:
        return [_check(3, "deposit", CheckState.FAIL, "Settings → Credit bands is empty")]
    name, minimum = band
    if score is None:
        scored = "no credit score"
    elif raw is not None and float(raw) - score >= 0.5:
        scored = f"score {float(raw):.0f}, {score:.0f} after late payments"
    else:
        scored = f"score {score:.0f}"
    detail = (
        f"{term.code} asks {float(term.deposit):.0%} deposit; band {name} ({scored}) needs at "
        f"least {minimum:.0%}"
    )
    ok = float(term.deposit) + 1e-9 >= minimum
    return [_check(3, "deposit", CheckState.PASS if ok else CheckState.FAIL, detail)]


def booked_by_category(
    orders: pd.DataFrame,
    order_lines: pd.DataFrame,
    products: pd.DataFrame,
    start: dt.date,
    end: dt.date,
) -> pd.Series:
    """Quantities of orders still to produce (confirmed, in production) whose promised ship
    date falls from `start` to `end`, per product category (lower-case)."""
    stage = orders[Orders.stage].map(Stage.read)
    open_ = stage.isin(list(IN_PRODUCTION_STAGES))
    ship = orders[Orders.promised_ship]
    window = (ship >= pd.Timestamp(start)) & (ship <= pd.Timestamp(end))
    ids = set(orders[open_ & window.fillna(False)][Orders.order_id])
    lines = order_lines[order_lines[OrderLines.order_id].isin(ids)]
    cat = _categories(products)
    by = lines[OrderLines.sku].map(cat)
    return lines[OrderLines.qty].groupby(by).sum()


def _categories(products: pd.DataFrame) -> pd.Series:
    p = products.dropna(subset=[str(Products.sku)]).drop_duplicates(str(Products.sku))
    return pd.Series(p[Products.category].map(norm_name).to_numpy(), index=p[Products.sku])


def _capacity(quote: Quote, lines: pd.DataFrame, inputs: CheckInputs) -> ApprovalCheck:
    if not quote.lead_time_days or quote.lead_time_days <= 0:
        return _check(
            3,
            "capacity",
            CheckState.FAIL,
            "no Lead Time Days: the promised lead time cannot be checked against capacity",
        )
    days = int(quote.lead_time_days)
    start, end = inputs.today, inputs.today + dt.timedelta(days=days)
    cat = lines[QuoteLines.sku].map(_categories(inputs.products))
    if cat.isna().any():
        skus = ", ".join(lines[QuoteLines.sku][cat.isna()].astype(str))
        return _check(3, "capacity", CheckState.WARN, f"no product category for {skus}")
    wanted = lines[QuoteLines.qty].groupby(cat).sum()
    booked = booked_by_category(inputs.orders, inputs.order_lines, inputs.products, start, end)
    cap = inputs.capacity.dropna(subset=[str(Capacity.category)])
    monthly = pd.Series(
        cap[Capacity.monthly_capacity].to_numpy(), index=cap[Capacity.category].map(norm_name)
    )
    monthly = monthly[~monthly.index.duplicated()]
    parts, state = [], CheckState.PASS
    for category, qty in zip(wanted.index.astype(str), wanted.to_numpy(), strict=True):
        per_month = monthly.get(category)
        if per_month is None or pd.isna(per_month):
            parts.append(f"{category}: no monthly capacity in Settings")
            if state is CheckState.PASS:
                state = CheckState.WARN
            continue
        available = float(per_month) * days / DAYS_PER_MONTH
        taken = float(booked.get(category, 0.0))
        fits = taken + float(qty) <= available + 1e-9
        parts.append(
            f"{category}: {taken:,.0f} booked + {float(qty):,.0f} quoted of {available:,.0f} "
            f"in {days} days{'' if fits else ' — over capacity'}"
        )
        if not fits:
            state = CheckState.FAIL
    return _check(3, "capacity", state, "; ".join(parts))
