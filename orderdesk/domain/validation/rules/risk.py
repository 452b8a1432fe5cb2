"""Risk: the deposit a customer's credit band asks for, the credit limit, the banks whose letters
of credit the company accepts, and blocked customers and suppliers. The policy (bands, accepted
banks, base currency) comes from the Settings sheet through the `ValidationContext`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.credit import CreditBand, accepted_bank, effective_score
from orderdesk.domain.reference.fx import rates_vector
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.domain.validation.model import ValidationContext
from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule
from orderdesk.domain.validation.rules.consistency import _deposit_of
from orderdesk.domain.validation.view import (
    CONFIRMED,
    DRAFT,
    READY_TO_SHIP,
    SHIPPED,
    Tables,
)
from orderdesk.schema import Column, Customers, Invoices, OrderLines, Orders, Suppliers


def _by_customer(t: Tables, column: Column) -> dict[Any, Any]:
    """Customer id → a column's value (first row of an id), blanks left out."""
    values = t.by_key(Customers, Customers.customer_id, t[Customers].frame[str(column)])
    return {k: v for k, v in values.items() if not pd.isna(v)}


def _band(context: ValidationContext, score: float | None) -> CreditBand | None:
    return context.band_for(score)


def _scored(raw: object, effective: float) -> str:
    """How a customer's band was found, for the message."""
    if effective != effective:  # NaN: no score
        return "has no credit score: the strictest band applies"
    if raw is not None and float(raw) - effective >= 0.5:  # type: ignore[arg-type]
        return (
            f"has credit score {float(raw):.0f}, {effective:.0f} after late payments "  # type: ignore[arg-type]
            f"({Customers.avg_days_late} on the {Customers.sheet} sheet)"
        )
    return f"has credit score {effective:.0f}"


def _effective_scores(t: Tables) -> dict[Any, float | None]:
    """Customer id → the score its credit band is read with (late payers score lower)."""
    scores = _by_customer(t, Customers.credit_score)
    late = _by_customer(t, Customers.avg_days_late)
    ids = t.by_key(Customers, Customers.customer_id, t[Customers].frame[Customers.customer_id])
    return {c: effective_score(scores.get(c), late.get(c)) for c in ids}


def _minimum(band: CreditBand | None) -> float:
    return float(band.min_deposit) if band is not None else np.nan


def _lc(t: Tables) -> pd.Series:
    return t.matches(Orders, Orders.payment_terms, _is_lc)


def _is_lc(text: object) -> bool:
    term = payment_term(str(text))
    return term is not None and term.instrument is Instrument.LC


def _terms_deposit(t: Tables) -> pd.Series:
    return t.each(Orders, Orders.payment_terms, _deposit_of).astype(float)


@rule(
    "DEPOSIT-BELOW-BAND",
    ERROR,
    Orders,
    Customers,
    title="deposit % below the minimum of the customer's credit band (orders not yet shipped)",
)
def deposit_below_band(t: Tables) -> Iterator[Hits]:
    """A letter of credit secures payment itself, so L/C orders are not held to the band."""
    if not t.context.credit_bands:
        return
    orders = t[Orders].frame
    raw = _by_customer(t, Customers.credit_score)
    scores = _effective_scores(t)
    score = t.lookup(
        Orders, Orders.customer, {c: s for c, s in scores.items() if s is not None}, np.nan
    ).astype(float)
    band = t.each(Orders, Orders.customer, lambda c: _band(t.context, scores.get(c)))
    minimum = t.each(Orders, Orders.customer, lambda c: _minimum(_band(t.context, scores.get(c))))
    minimum = minimum.astype(float)
    typed = orders[Orders.deposit_pct]
    deposit = typed.fillna(_terms_deposit(t))
    bad = (
        t.in_stages(Orders, DRAFT, READY_TO_SHIP)
        & ~_lc(t)
        & deposit.notna()
        & minimum.notna()
        & (deposit < minimum - 1e-9)
    )

    def reason(rows: pd.Index, from_terms: bool) -> list[str]:
        out = []
        for r in rows:
            b: CreditBand = band.loc[r]
            what = f"the terms' {deposit.loc[r]:.0%} deposit is" if from_terms else "this is"
            customer = orders.at[r, Orders.customer]
            out.append(
                f"{what} below the {b.min_deposit:.0%} minimum deposit of credit band {b.band} "
                f"(customer {customer!s} {_scored(raw.get(customer), score.loc[r])})"
            )
        return out

    yield hits(Orders, Orders.deposit_pct, bad & typed.notna(), lambda rows: reason(rows, False))
    yield hits(Orders, Orders.payment_terms, bad & typed.isna(), lambda rows: reason(rows, True))


@rule(
    "CREDIT-LIMIT",
    ERROR,
    Orders,
    Customers,
    title="open receivables + open orders above the customer's credit limit (confirmed, not shipped)",
)
def credit_limit(t: Tables) -> Iterator[Hits]:
    """Exposure of a customer, in the base currency: what its invoices still have open (the
    Outstanding, or the Amount where never matched, at the ECB rate of the invoice date), plus
    what is not yet invoiced of its orders from 'confirmed' to 'shipped' (order total at the rate
    of the order date, less what was already invoiced against the order). An order from
    'confirmed' to 'ready to ship' is flagged while that exposure is above the limit."""
    base = t.context.base_currency
    orders = t[Orders].frame
    limits = _by_customer(t, Customers.credit_limit)
    if not limits:
        return
    limit = t.lookup(Orders, Orders.customer, limits, np.nan).astype(float)
    rank = t.order_rank
    total = orders[Orders.order_total]
    if t.has(OrderLines):
        total = total.fillna(t.per_order(t.line_value.fillna(0.0).to_numpy()))
    on = orders[Orders.order_date].fillna(pd.Timestamp(t.context.today))
    total_base = total * _to_base(orders[Orders.currency], base, on)

    invoiced_base = pd.Series(0.0, index=orders.index)
    receivables = pd.Series(0.0, index=orders.index)
    if t.has(Invoices):
        inv = t[Invoices].frame
        inv_on = inv[Invoices.issue_date].fillna(pd.Timestamp(t.context.today))
        rate = _to_base(inv[Invoices.currency], base, inv_on)
        billed = (inv[Invoices.amount] * rate).groupby(inv[Invoices.order_id]).sum()
        invoiced_base = t.lookup(Orders, Orders.order_id, billed.to_dict(), 0.0).astype(float)
        still_open = inv[Invoices.outstanding].fillna(inv[Invoices.amount]) * rate
        by_customer = still_open.groupby(inv[Invoices.customer]).sum().to_dict()
        receivables = t.lookup(Orders, Orders.customer, by_customer, 0.0).astype(float)

    counted = (rank >= CONFIRMED) & (rank <= SHIPPED)
    not_invoiced = (total_base - invoiced_base).clip(lower=0).where(counted, 0.0).fillna(0.0)
    codes, _ = t.factor(Orders, Orders.customer)
    sums = np.bincount(codes[codes >= 0], weights=not_invoiced.to_numpy()[codes >= 0])
    in_orders = pd.Series(
        np.where(codes >= 0, sums[np.clip(codes, 0, None)] if len(sums) else 0.0, 0.0),
        index=orders.index,
    )
    exposure = receivables + in_orders
    bad = (rank >= CONFIRMED) & (rank <= READY_TO_SHIP) & limit.notna() & (exposure > limit + 0.005)
    customer = orders[Orders.customer]
    customer_row = t.first_rows(Customers, Customers.customer_id)

    def money(x: float) -> str:
        return f"{base} {x:,.2f}"

    def reason(rows: pd.Index) -> list[str]:
        return [
            f"the customer's exposure {money(exposure.loc[r])} (open invoices "
            f"{money(receivables.loc[r])} + orders not yet invoiced {money(in_orders.loc[r])}, this "
            f"order {money(not_invoiced.loc[r])}) is above its credit limit {money(limit.loc[r])} "
            f"({Customers.sheet} row {customer_row.get(customer.loc[r])})"
            for r in rows
        ]

    # The order's total is what goes over the limit; an order without one (its lines are summed)
    # is marked on its customer.
    has_total = orders[Orders.order_total].notna()
    yield hits(Orders, Orders.order_total, bad & has_total, reason)
    yield hits(Orders, Orders.customer, bad & ~has_total, reason)


def _to_base(currency: pd.Series, base: str, on: pd.Series) -> pd.Series:
    """Rates from each row's currency to the base currency (ECB, on the row's date), looked up
    once per distinct (currency, date); 1 where the row is in the base currency already."""
    rate = np.where(currency.eq(base).to_numpy(dtype=bool, na_value=False), 1.0, np.nan)
    other = np.isnan(rate)
    if other.any():
        pairs = pd.DataFrame(
            {"currency": currency.to_numpy(dtype=object)[other], "on": on.to_numpy()[other]}
        )
        pairs["currency"] = pairs["currency"].fillna("")
        distinct = pairs.drop_duplicates(ignore_index=True)
        rates = rates_vector(
            distinct["currency"], pd.Series(base, index=distinct.index), distinct["on"]
        )["rate"].to_numpy()
        keyed = pd.Series(rates, index=pd.MultiIndex.from_frame(distinct))
        rate[other] = keyed.reindex(pd.MultiIndex.from_frame(pairs)).to_numpy()
    return pd.Series(rate, index=currency.index)


@rule("LC-BANK", ERROR, Orders, title="L/C terms with an issuing bank the Settings do not accept")
def lc_bank(t: Tables) -> Iterator[Hits]:
    banks = t.context.lc_banks
    if not banks:
        return
    listed = ", ".join(b.name for b in banks)

    def accepted(value: object) -> bool:
        return accepted_bank(value, banks) is not None

    frame = t[Orders].frame
    bank = frame[Orders.lc_bank]
    ok = t.matches(Orders, Orders.lc_bank, accepted)
    lc = _lc(t)
    open_ = t.in_stages(Orders, DRAFT, READY_TO_SHIP)
    named = lc & bank.notna() & ~ok & open_
    yield hits(Orders, Orders.lc_bank, named, f"not one of the accepted L/C banks ({listed})")
    blank = lc & t.blank(Orders, Orders.lc_bank) & t.in_stages(Orders, CONFIRMED, READY_TO_SHIP)
    yield hits(
        Orders,
        Orders.lc_bank,
        blank,
        lambda rows: [
            f"the payment terms are {t.order_terms.loc[r].code}: name the issuing bank (one of {listed})"
            for r in rows
        ],
    )


@rule("CUSTOMER-BLOCKED", ERROR, Orders, Customers, title="an open order of a blocked customer")
def customer_blocked(t: Tables) -> Iterator[Hits]:
    blocked = {c for c, b in _by_customer(t, Customers.blocked).items() if bool(b)}
    bad = t.known(Orders, Orders.customer, blocked) & t.in_stages(Orders, DRAFT, READY_TO_SHIP)
    customer = t[Orders].frame[Orders.customer]
    row = t.first_rows(Customers, Customers.customer_id)
    yield hits(
        Orders,
        Orders.customer,
        bad,
        lambda rows: [
            f"this customer is marked Blocked on the {Customers.sheet} sheet (row "
            f"{row.get(customer.loc[r])}); release it or cancel the order"
            for r in rows
        ],
    )


@rule(
    "SUPPLIER-BLOCKED",
    ERROR,
    OrderLines,
    Suppliers,
    title="a blocked supplier on a line of an open order",
)
def supplier_blocked(t: Tables) -> Iterator[Hits]:
    row = t.first_rows(Suppliers, Suppliers.supplier_id)
    flags = t.by_key(Suppliers, Suppliers.supplier_id, t[Suppliers].frame[Suppliers.blocked])
    blocked = {s for s, flag in flags.items() if not pd.isna(flag) and bool(flag)}
    bad = t.known(OrderLines, OrderLines.supplier, blocked) & t.in_stages(
        OrderLines, DRAFT, READY_TO_SHIP
    )
    supplier = t[OrderLines].frame[OrderLines.supplier]
    yield hits(
        OrderLines,
        OrderLines.supplier,
        bad,
        lambda rows: [
            f"this supplier is marked Blocked on the {Suppliers.sheet} sheet (row "
            f"{row.get(supplier.loc[r])}); choose another supplier"
            for r in rows
        ],
    )
