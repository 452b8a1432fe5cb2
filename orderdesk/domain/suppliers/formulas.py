"""The criteria formulas a company can name in Settings, each a 0–100 score per supplier × period.

Every formula reads the period's facts (counts and sums from `facts.py`) and gives NaN where the
period has nothing to judge by: a month without deliveries is not scored, neither 0 nor 100.

on time
  otif          100 × lines delivered on or before the due date *and* in full ÷ lines due.
                A line is due in the period of its Supplier Due date once it has been delivered
                or its due date has passed; a line still not delivered after its due date is late.
  on time       the same, counting the date only (a short delivery on time still counts).
quality
  acceptance    100 × acceptance × complaint-free share, over the lines delivered in the period:
                acceptance = accepted qty ÷ delivered qty (inspected lines), complaint-free share
                = 1 − complaints traced to the supplier in the period ÷ lines delivered (floored
                at 0). Without inspected lines the complaint-free share alone gives the score.
  acceptance only   100 × acceptance.
price
  median price  the price index p = what the supplier charged ÷ what the other suppliers charged
                for the same products in the same period (their median unit cost, volume-weighted
                over the supplier's lines; the product's target cost — material + labour +
                packaging — where no other supplier sold it). Score = 100 at or below the median,
                2 points off per % above it, 0 from 50 % above.
  target cost   the same index against the product's target cost only.
responsiveness
  answer days   the mean over the requests (RFQs, change requests) sent in the period of
                100 − 10 × (days to answer − 1), between 0 and 100: an answer within a day scores
                100, each further day 10 less, 11 days or more 0. A request not yet answered
                counts the days it has waited so far.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from orderdesk.domain.suppliers import facts as F
from orderdesk.domain.suppliers.criteria import Criterion

Formula = Callable[[pd.DataFrame], pd.Series]

PRICE_POINTS_PER_PCT = 2.0  # points lost per % above the reference price


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den > 0)).astype("float64")


def otif(facts: pd.DataFrame) -> pd.Series:
    return 100 * _ratio(facts[F.N_OTIF], facts[F.N_DUE])


def on_time(facts: pd.DataFrame) -> pd.Series:
    return 100 * _ratio(facts[F.N_ON_DATE], facts[F.N_DUE])


def _acceptance(facts: pd.DataFrame) -> pd.Series:
    return _ratio(facts[F.ACCEPTED_QTY], facts[F.INSPECTED_QTY]).clip(upper=1.0)


def acceptance(facts: pd.DataFrame) -> pd.Series:
    delivered = facts[F.N_DELIVERED]
    clean = (1 - _ratio(facts[F.N_COMPLAINTS], delivered)).clip(lower=0.0)
    return 100 * _acceptance(facts).fillna(1.0).where(delivered > 0) * clean


def acceptance_only(facts: pd.DataFrame) -> pd.Series:
    return 100 * _acceptance(facts)


def price_score(index: pd.Series) -> pd.Series:
    """Price index → score: 100 at or below the reference, 2 points off per % above it."""
    return (100 - PRICE_POINTS_PER_PCT * 100 * (index - 1).clip(lower=0)).clip(lower=0)


def median_price(facts: pd.DataFrame) -> pd.Series:
    return price_score(_ratio(facts[F.SPEND_VS_MEDIAN], facts[F.REF_MEDIAN]))


def target_cost(facts: pd.DataFrame) -> pd.Series:
    return price_score(_ratio(facts[F.SPEND_VS_TARGET], facts[F.REF_TARGET]))


def answer_days(facts: pd.DataFrame) -> pd.Series:
    return _ratio(facts[F.REQUEST_POINTS], facts[F.N_REQUESTS])


# Names as written in Settings (supplier scorecard → Formula); the first of each is the default.
FORMULAS: dict[Criterion, dict[str, Formula]] = {
    Criterion.ON_TIME: {"otif": otif, "on time": on_time},
    Criterion.QUALITY: {"acceptance": acceptance, "acceptance only": acceptance_only},
    Criterion.PRICE: {"median price": median_price, "target cost": target_cost},
    Criterion.RESPONSIVENESS: {"answer days": answer_days},
}

# Why a criterion has no score in a period (the Note column says so).
NO_DATA: dict[Criterion, str] = {
    Criterion.ON_TIME: "no deliveries due",
    Criterion.QUALITY: "no deliveries",
    Criterion.PRICE: "no price to compare",
    Criterion.RESPONSIVENESS: "no requests",
}
