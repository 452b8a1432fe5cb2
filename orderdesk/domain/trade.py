"""Small trade calculations used by worksheet functions, pricing, validation and documents.

Definitions (one place for each):
- margin is gross margin on the selling price: (price − cost) / price;
- the price for a target margin is cost × (1 + FX buffer) / (1 − margin);
- the deposit is the payment term's share of the total; the balance is the rest, or what is
  still unpaid when payments are known;
- a late penalty is a rate per day late of the order value, capped at a share of it.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.payment_terms import PaymentTerm
from orderdesk.errors import OrderDeskError


class TradeError(OrderDeskError, ValueError):
    """An argument that makes no sense for the calculation; the message says which."""


def money(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit (half up, as invoices do)."""
    exp = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(exp, rounding=ROUND_HALF_UP)


def deposit_due(total: Decimal, term: PaymentTerm) -> Decimal:
    return total * term.deposit


def balance_due(total: Decimal, term: PaymentTerm, paid: Decimal | None = None) -> Decimal:
    """The balance after the deposit; with payments known, what is still unpaid (never < 0)."""
    if paid is None:
        return total * term.balance
    return max(total - paid, Decimal(0))


def days_late(promised: dt.date, actual: dt.date) -> int:
    return max((actual - promised).days, 0)


def late_penalty(
    order_value: Decimal,
    promised: dt.date,
    actual: dt.date,
    rate_per_day: Decimal = Decimal("0.005"),
    cap: Decimal = Decimal("0.05"),
) -> Decimal:
    if rate_per_day < 0 or cap < 0:
        raise TradeError("penalty rate and cap must not be negative")
    penalty = order_value * rate_per_day * days_late(promised, actual)
    return min(penalty, order_value * cap)


def price_for_margin(
    unit_cost: Decimal, target_margin: Decimal, fx_buffer: Decimal = Decimal(0)
) -> Decimal:
    if not Decimal(0) <= target_margin < 1:
        raise TradeError(f"a target margin must be from 0% to below 100%, not {target_margin:.0%}")
    if fx_buffer < 0:
        raise TradeError("an FX buffer must not be negative")
    return unit_cost * (1 + fx_buffer) / (1 - target_margin)


def margin(price: Decimal, cost: Decimal) -> Decimal:
    if price == 0:
        raise TradeError("margin of a zero price")
    return (price - cost) / price


def cartons(qty: Decimal, per_carton: Decimal) -> int:
    """Cartons needed: a part-filled last carton is still a carton."""
    if per_carton <= 0:
        raise TradeError("units per carton must be above 0")
    if qty < 0:
        raise TradeError("quantity must not be negative")
    return math.ceil(qty / per_carton)


def cbm(length_cm: Decimal, width_cm: Decimal, height_cm: Decimal, n_cartons: Decimal) -> Decimal:
    if min(length_cm, width_cm, height_cm) <= 0:
        raise TradeError("carton dimensions must be above 0")
    return length_cm * width_cm * height_cm / Decimal(1_000_000) * n_cartons
