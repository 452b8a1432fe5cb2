"""The mode decision: price every mode a lane offers, check it against the promised date, and
pick one with its reason.

Options come from the rate cards (Settings → Lanes) and the forwarders' valid quotes; both are
rows of (lane, mode, basis, price per basis unit, fixed per shipment, minimum, currency, transit
days, carrier, source, fx date). `price_options` prices each for each order in the order's
currency (ECB rate of the row's fx date) and keeps the cheapest per order and mode.

The rule (`decide`):
- an option arrives on `ready + transit days + risk days` (the carrier's average delay in the
  register's own tracking history, rounded up); it is on time when that is no later than the
  requested delivery;
- the recommendation is the cheapest surface option (sea FCL, sea LCL, rail) that is on time;
- air and express are recommended only when no surface option is on time and the air premium
  (the fast option's cost minus the cheapest surface option's) is at most what the days saved
  are worth: the goods' value × (inventory carrying rate / 365 × days saved + the late penalty
  per day × the surface option's days late, capped at the penalty cap) — or when the fast option
  costs no more than the cheapest surface one (a small parcel);
- otherwise the cheapest surface option, and the reason says by how much air was too dear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.logistics.load import KG_PER_CBM
from orderdesk.domain.reference.incoterms import TransportMode, incoterm

SURFACE = ("fcl", "lcl", "rail")
FAST = ("air", "express")
LABEL = {"fcl": "sea FCL", "lcl": "sea LCL", "air": "air", "express": "express", "rail": "rail"}
_AS_TRANSPORT = {
    "fcl": TransportMode.SEA,
    "lcl": TransportMode.SEA,
    "air": TransportMode.AIR,
    "express": TransportMode.AIR,
    "rail": TransportMode.RAIL,
}

RatesFn = Callable[..., pd.DataFrame]  # fx.rates_vector(base, quote, on) → rate, fixing


@dataclass(frozen=True)
class Terms:
    """The policy the decision weighs (from Settings)."""

    carrying_rate: float  # a year's inventory cost, share of value (0.2)
    penalty_per_day: float  # late penalty per day, share of value (0.005)
    penalty_cap: float  # late penalty cap, share of value (0.05)


def _units(pairs: pd.DataFrame) -> np.ndarray:
    basis = pairs["basis"].astype(str).to_numpy()
    mode = pairs["mode"].astype(str).to_numpy()
    kg = pairs["gross_kg"].to_numpy(dtype=float)
    cbm = pairs["cbm"].to_numpy(dtype=float)
    per_cbm = np.array([KG_PER_CBM.get(m, 0.0) for m in mode])
    units = np.full(len(pairs), np.nan)
    units[basis == "kg"] = np.maximum(kg, cbm * per_cbm)[basis == "kg"]
    units[basis == "wm"] = np.maximum(kg / 1000, cbm)[basis == "wm"]
    units[basis == "shipment"] = 1.0
    for col in pairs.columns:
        if col.startswith("n_"):
            hit = basis == col[2:]
            units[hit] = pairs[col].to_numpy(dtype=float)[hit]
    return units


def price_options(loads: pd.DataFrame, offers: pd.DataFrame, rates: RatesFn) -> pd.DataFrame:
    """The cheapest priced option per order and mode.

    loads: order_id, lane, currency (the order's), gross_kg, cbm, n_<container> …;
    offers: lane, mode, basis, unit_price, fixed, min_charge, currency, transit_days, carrier,
    source, fx_date. Returns order_id, mode, cost (order currency), transit_days, carrier, source.
    """
    pairs = loads.merge(offers, on="lane", suffixes=("", "_offer"))
    if pairs.empty:
        return pd.DataFrame(
            columns=["order_id", "mode", "cost", "transit_days", "carrier", "source"]
        )
    fx = rates(pairs["currency_offer"].to_numpy(), pairs["currency"].to_numpy(), pairs["fx_date"])
    units = _units(pairs)
    price = np.maximum(
        pairs["unit_price"].to_numpy(dtype=float) * units,
        pairs["min_charge"].fillna(0.0).to_numpy(dtype=float),
    ) + pairs["fixed"].fillna(0.0).to_numpy(dtype=float)
    pairs["cost"] = price * fx["rate"].to_numpy()
    pairs = pairs[pairs["cost"].notna()]
    best = pairs.sort_values(["cost", "transit_days"], kind="stable").drop_duplicates(
        ["order_id", "mode"]
    )
    return best[["order_id", "mode", "cost", "transit_days", "carrier", "source"]].reset_index(
        drop=True
    )


def _pick(options: pd.DataFrame, mask: pd.Series, by: str = "cost") -> pd.DataFrame:
    """Per order, the row of `options` (where mask) with the least `by`."""
    sub = options[mask]
    rows = sub.sort_values([by, "cost"], kind="stable").drop_duplicates("order_id")
    return rows.set_index("order_id")


def decide(
    orders: pd.DataFrame,
    options: pd.DataFrame,
    risk_days: pd.Series,
    terms: Terms,
    today: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank every order's options and pick one.

    orders (index order_id): value (order currency), ready (date), requested (date), incoterm;
    options: price_options' rows; risk_days: carrier → average delay days.
    Returns (per order: recommended, cost, cheapest_on_time, reason; per option: the ranked
    rows with arrives, on_time, risk_days, payer, rank, note)."""
    opts = options.copy()
    day0 = pd.Timestamp(today)
    ready = pd.to_datetime(orders["ready"])
    ready = ready.where(ready > day0, day0)  # passed or blank: from today
    opts["risk_days"] = opts["carrier"].map(risk_days).fillna(0.0).astype(float)
    # (reindex, not map: Series.map of an empty column by dates fails in pandas)
    start = pd.Series(ready.reindex(opts["order_id"]).to_numpy(), index=opts.index)
    days = opts["transit_days"].astype(float) + np.ceil(opts["risk_days"])
    opts["arrives"] = start + pd.to_timedelta(days, unit="D")
    requested = pd.to_datetime(orders["requested"]).reindex(opts["order_id"]).to_numpy()
    due = pd.Series(requested, index=opts.index)
    opts["on_time"] = due.isna() | (opts["arrives"] <= due)
    opts["surface"] = opts["mode"].isin(SURFACE)
    opts["late_days"] = ((opts["arrives"] - due).dt.days).clip(lower=0).fillna(0)

    surf_on = _pick(opts, opts["surface"] & opts["on_time"])
    surf = _pick(opts, opts["surface"])
    fast_on = _pick(opts, ~opts["surface"] & opts["on_time"])
    fast = _pick(opts, ~opts["surface"], by="arrives")
    cheapest_on = _pick(opts, opts["on_time"])

    per = pd.DataFrame(index=orders.index)
    per["surf_on"] = surf_on["mode"]
    per["surf"] = surf["mode"]
    per["surf_cost"] = surf["cost"]
    per["surf_late"] = surf["late_days"]
    per["surf_arrives"] = surf["arrives"]
    fast_pick = fast_on.combine_first(fast)
    per["fast"] = fast_pick["mode"]
    per["fast_cost"] = fast_pick["cost"]
    per["fast_arrives"] = fast_pick["arrives"]
    per["fast_on"] = fast_pick["on_time"].reindex(per.index).eq(True)
    value = orders["value"].astype(float).fillna(0.0)
    saved = (per["surf_arrives"] - per["fast_arrives"]).dt.days.clip(lower=0).fillna(0)
    penalty = np.minimum(terms.penalty_per_day * per["surf_late"], terms.penalty_cap)
    per["worth"] = value * (terms.carrying_rate / 365 * saved + penalty)
    per["premium"] = per["fast_cost"] - per["surf_cost"]
    per["saved"] = saved
    go_fast = per["fast"].notna() & (
        per["surf"].isna()
        | ((per["premium"] <= 0) & (per["fast_on"] | per["surf_on"].isna()))
        | (per["surf_on"].isna() & per["fast_on"] & (per["premium"] <= per["worth"]))
    )
    per["recommended"] = np.where(
        go_fast, per["fast"], per["surf_on"].where(per["surf_on"].notna(), per["surf"])
    )
    chosen_cost = opts.set_index(["order_id", "mode"])["cost"]
    keys = list(zip(per.index, per["recommended"], strict=True))
    per["cost"] = [chosen_cost.get(k, np.nan) for k in keys]
    per["cheapest_on_time"] = cheapest_on["mode"]
    terms_of = dict(zip(orders.index, orders["incoterm"].fillna("").astype(str), strict=True))
    per["reason"] = [_reason(r, terms_of.get(r.Index, "")) for r in per.itertuples()]
    ranked = _rank(opts, per, orders)
    return per[["recommended", "cost", "cheapest_on_time", "reason"]], ranked


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _reason(r: object, term: str) -> str:
    def g(name: str) -> Any:
        return getattr(r, name)

    rec = g("recommended")
    if not isinstance(rec, str):
        return "no rate for this lane in Settings → Lanes or in a valid forwarder quote"
    out: str
    if rec in FAST and isinstance(g("surf"), str) and g("premium") > 0:
        out = (
            f"{LABEL[g('surf')]} arrives {g('surf_late'):.0f} days late; {LABEL[rec]} costs "
            f"{_money(g('premium'))} more, within the {_money(g('worth'))} that "
            f"{g('saved'):.0f} days earlier are worth (inventory and late penalty)"
        )
    elif rec in FAST and isinstance(g("surf"), str):
        out = f"{LABEL[rec]} costs no more than {LABEL[g('surf')]} (a small load)"
    elif rec in FAST:
        out = f"the lane has no surface rate; {LABEL[rec]}"
    elif isinstance(g("surf_on"), str):
        out = f"{LABEL[rec]} is the cheapest surface mode that arrives on time"
    elif isinstance(g("fast"), str) and g("fast_on"):
        out = (
            f"no surface mode is on time ({LABEL[rec]} {g('surf_late'):.0f} days late), but "
            f"{LABEL[g('fast')]} costs {_money(g('premium'))} more, above the "
            f"{_money(g('worth'))} the days saved are worth: ship {LABEL[rec]} and agree a new "
            "date"
        )
    else:
        out = (
            f"no mode arrives on time; {LABEL[rec]} is the cheapest ({g('surf_late'):.0f} days "
            "late): agree a new date"
        )
    rule = incoterm(term)
    if rule is not None and not rule.seller_main_carriage:
        out += f". The buyer pays the main carriage ({rule.code}): advise them"
    if rule is not None and not rule.fits(_AS_TRANSPORT[rec]):
        out += f". {rule.code} is for sea: use FCA, CPT or CIP for {LABEL[rec]}"
    return out


def _rank(opts: pd.DataFrame, per: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    out = opts.copy()
    out["chosen"] = out["mode"].to_numpy() == out["order_id"].map(per["recommended"]).to_numpy()
    out = out.sort_values(
        ["order_id", "chosen", "on_time", "cost"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    out["rank"] = out.groupby("order_id", sort=False).cumcount() + 1
    seller = {
        oid: (lambda r: "seller" if r is None or r.seller_main_carriage else "buyer")(
            incoterm(str(t or ""))
        )
        for oid, t in orders["incoterm"].items()
    }
    out["payer"] = out["order_id"].map(seller)
    out["note"] = np.where(
        out["on_time"],
        "",
        "arrives "
        + out["late_days"].astype(int).astype(str)
        + " days after the requested delivery",
    )
    return out.reset_index(drop=True)
