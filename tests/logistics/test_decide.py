"""The mode decision (issue 22): air only when sea misses the date and the premium is worth it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from orderdesk.domain.logistics.decide import Terms, decide, price_options
from orderdesk.domain.logistics.quotes import lane_offers
from orderdesk.domain.reference.fx import rates_vector

TODAY = dt.date(2026, 11, 20)
TERMS = Terms(carrying_rate=0.20, penalty_per_day=0.005, penalty_cap=0.05)
LANE = "CNNGB-NLRTM"


def _lanes() -> pd.DataFrame:
    rows = [
        # mode, basis, carrier, transit, rate (USD)
        ("fcl", "20GP", "MAEU", 32, 2000.0),
        ("fcl", "40GP", "MAEU", 32, 3200.0),
        ("lcl", "wm", "MSCU", 36, 250.0),
        ("air", "kg", None, 5, 5.0),
        ("express", "kg", "DHL", 4, 9.0),
    ]
    return pd.DataFrame(
        [
            {
                "lane": LANE,
                "mode": m,
                "basis": b,
                "carrier": c,
                "transit_days": t,
                "rate": r,
                "currency": "USD",
                "min_charge": None,
            }
            for m, b, c, t, r in rows
        ]
    )


def _plan(value: float, requested: dt.date, incoterm: str = "CIF", risk: dict | None = None):
    # 10 m³, 2,000 kg: one 20' (2,000 USD); LCL 10 W/M (2,500 USD); air max(2,000, 1,667) kg
    # × 5 = 10,000 USD; express max(2,000, 2,000) × 9 = 18,000 USD.
    loads = pd.DataFrame(
        {
            "order_id": ["SO-1"],
            "lane": [LANE],
            "currency": ["USD"],
            "gross_kg": [2000.0],
            "cbm": [10.0],
            "n_20GP": [1],
            "n_40GP": [1],
            "n_40HC": [1],
        }
    )
    options = price_options(loads, lane_offers(_lanes(), TODAY), rates_vector)
    orders = pd.DataFrame(
        {
            "value": [value],
            "ready": [pd.Timestamp("2026-12-01")],
            "requested": [pd.Timestamp(requested)],
            "incoterm": [incoterm],
        },
        index=pd.Index(["SO-1"]),
    )
    return decide(orders, options, pd.Series(risk or {}, dtype=float), TERMS, TODAY)


def test_options_are_priced_by_hand():
    _, ranked = _plan(50_000, dt.date(2027, 1, 10))
    cost = dict(zip(ranked["mode"], ranked["cost"], strict=True))
    assert cost == pytest.approx(
        {"fcl": 2000.0, "lcl": 2500.0, "air": 10_000.0, "express": 18_000.0}
    )


def test_sea_on_time_wins_even_where_air_is_on_time_too():
    # FCL leaves 1 Dec, arrives 2 Jan (32 days): before the 10 Jan delivery.
    per, ranked = _plan(500_000, dt.date(2027, 1, 10))
    assert per.loc["SO-1", "recommended"] == "fcl"
    assert per.loc["SO-1", "cheapest_on_time"] == "fcl"
    assert "cheapest surface mode that arrives on time" in per.loc["SO-1", "reason"]
    assert ranked.sort_values("rank")["mode"].tolist() == ["fcl", "lcl", "air", "express"]


def test_air_when_sea_is_late_and_the_premium_is_worth_it():
    # Requested 20 Dec: FCL (2 Jan) is 13 days late. Air arrives 6 Dec: 27 days earlier.
    # Worth: 500,000 × (0.20 / 365 × 27 + min(0.005 × 13, 0.05)) = 7,397 + 25,000 = 32,397
    # ≥ premium 10,000 − 2,000 = 8,000 → air.
    per, ranked = _plan(500_000, dt.date(2026, 12, 20))
    assert per.loc["SO-1", "recommended"] == "air"
    assert per.loc["SO-1", "cost"] == pytest.approx(10_000)
    reason = per.loc["SO-1", "reason"]
    assert "sea FCL arrives 13 days late" in reason
    assert "8,000 more, within the 32,397" in reason
    assert ranked.loc[ranked["rank"] == 1, "mode"].item() == "air"


def test_sea_when_air_premium_is_above_what_the_days_are_worth():
    # The same dates for goods worth 50,000: 740 + 2,500 = 3,240 < 8,000 → sea, and it says so.
    per, _ = _plan(50_000, dt.date(2026, 12, 20))
    assert per.loc["SO-1", "recommended"] == "fcl"
    assert per.loc["SO-1", "cheapest_on_time"] == "air"
    reason = per.loc["SO-1", "reason"]
    assert "air costs 8,000 more, above the 3,240" in reason
    assert "agree a new date" in reason


def test_carrier_history_can_make_sea_late():
    # MAEU's tracking history: 10 days late on average → FCL arrives 12 Jan, after 10 Jan.
    per, ranked = _plan(50_000, dt.date(2027, 1, 10), risk={"MAEU": 9.4})
    fcl = ranked[ranked["mode"] == "fcl"].iloc[0]
    assert fcl["arrives"] == pd.Timestamp("2027-01-12")
    assert not fcl["on_time"]
    # LCL (MSCU, no history) arrives 6 Jan: on time, and now the cheapest surface on time.
    assert per.loc["SO-1", "recommended"] == "lcl"


def test_incoterm_says_who_pays_and_when_a_sea_rule_does_not_fit_air():
    per, ranked = _plan(500_000, dt.date(2026, 12, 20), incoterm="FOB")
    assert set(ranked["payer"]) == {"buyer"}
    assert "buyer pays the main carriage (FOB)" in per.loc["SO-1", "reason"]
    assert "FOB is for sea: use FCA, CPT or CIP for air" in per.loc["SO-1", "reason"]
    per, ranked = _plan(500_000, dt.date(2027, 1, 10), incoterm="CIF")
    assert set(ranked["payer"]) == {"seller"}
    assert "buyer" not in per.loc["SO-1", "reason"]


def test_a_small_parcel_goes_express_when_that_is_cheaper_and_on_time():
    # 0.05 m³, 8 kg: LCL at its 250 USD minimum; air at its 500 USD minimum; express
    # max(8, 0.05 × 200 = 10) kg × 9 = 90 USD.
    loads = pd.DataFrame(
        {
            "order_id": ["SO-S"],
            "lane": [LANE],
            "currency": ["USD"],
            "gross_kg": [8.0],
            "cbm": [0.05],
            "n_20GP": [1],
            "n_40GP": [1],
            "n_40HC": [1],
        }
    )
    lanes = _lanes()
    lanes["min_charge"] = [None, None, 250.0, 500.0, None]
    options = price_options(loads, lane_offers(lanes, TODAY), rates_vector)
    orders = pd.DataFrame(
        {
            "value": [300.0],
            "ready": [pd.Timestamp("2026-12-01")],
            "requested": [pd.Timestamp("2027-01-10")],
            "incoterm": ["DAP"],
        },
        index=pd.Index(["SO-S"]),
    )
    per, _ = decide(orders, options, pd.Series(dtype=float), TERMS, TODAY)
    assert per.loc["SO-S", "recommended"] == "express"
    assert per.loc["SO-S", "cost"] == pytest.approx(90.0)
    assert "express costs no more than sea LCL" in per.loc["SO-S", "reason"]
    # … but not when DHL's history makes express late (4 + 45 days) and LCL is on time (36)
    no_air = options[options["mode"] != "air"]
    late = decide(orders, no_air, pd.Series({"DHL": 45.0}), TERMS, TODAY)[0]
    assert late.loc["SO-S", "recommended"] == "lcl"
