"""Delays and reliability from the register's tracking history; contingency routes (issue 22)."""

from __future__ import annotations

import pandas as pd
import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.logistics import compare_forwarder_quotes, plan_shipments
from orderdesk.domain.logistics.quotes import reliability, shipment_delays
from orderdesk.domain.logistics.reroute import reroutes
from orderdesk.schema import ForwarderQuotes, ModeOptions, Reliability, ShipmentEvents

from .conftest import TODAY, _event


def _events(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"shipment_id": s, "classifier": c, "code": k, "event_time": pd.Timestamp(t)}
            for s, c, k, t in rows
        ]
    )


SHIPMENTS = pd.DataFrame(
    {
        "shipment_id": ["A", "B", "C", "D"],
        "carrier": ["MAEU", "MAEU", "MSCU", "MSCU"],
        "forwarder": ["Sinotrans", "Kuehne", "Kuehne", None],
        "delay_days": [None, None, None, 4.0],
        "ata": [None, None, None, pd.Timestamp("2026-11-01")],
    }
)


def test_delay_is_actual_against_first_plan_and_estimates_while_under_way():
    ev = _events(
        ("A", "PLN", "ARRI", "2026-11-01"),
        ("A", "EST", "ARRI", "2026-11-05"),
        ("A", "ACT", "ARRI", "2026-11-11"),  # 10 days after the first plan
        ("B", "EST", "DEPA", "2026-10-01"),
        ("B", "ACT", "DEPA", "2026-10-01"),
        ("B", "EST", "ARRI", "2026-11-01"),
        ("B", "EST", "ARRI", "2026-11-04"),  # under way: 3 days behind, not yet actual
        ("C", "PLN", "ARRI", "2026-11-01"),
        ("C", "ACT", "ARRI", "2026-10-31"),  # a day early
    )
    d = shipment_delays(ev, SHIPMENTS)
    assert d.loc["A"].tolist() == [10.0, True]
    assert d.loc["B"].tolist() == [3.0, False]
    assert d.loc["C"].tolist() == [-1.0, True]
    assert d.loc["D"].tolist() == [4.0, True]  # no events: Sync tracking's Delay Days
    rel = reliability(d, SHIPMENTS, tolerance=2).set_index(["kind", "who"])
    # MAEU: only A has arrived (10 late); MSCU: C (early → 0) and D (4 late)
    assert rel.loc[("carrier", "MAEU")].tolist() == [1, 0.0, 10.0]
    assert rel.loc[("carrier", "MSCU")].tolist() == [2, 0.5, 2.0]
    assert rel.loc[("forwarder", "Kuehne")].tolist() == [1, 1.0, 0.0]


ROUTES = pd.DataFrame(
    {
        "lane": ["L"] * 4,
        "route": ["CNSHA", "other line", "sea-air", "air"],
        "kind": ["other POL", "other carrier", "sea-air", "air"],
        "extra_cost": [400.0, 300.0, 2400.0, 6000.0],
        "currency": ["USD"] * 4,
        "days_saved": [4, 3, 12, 20],
    }
)


def _ship(sid: str, delay: float, departed: bool, arrived: bool = False) -> dict:
    return {
        "shipment_id": sid,
        "order_id": "SO",
        "lane": "L",
        "delay_days": delay,
        "departed": departed,
        "arrived": arrived,
    }


def test_reroutes_only_past_the_threshold_and_only_what_still_can_change():
    ships = pd.DataFrame(
        [
            _ship("WAITING", 8, departed=False),
            _ship("SAILING", 8, departed=True),
            _ship("ON-TIME", 5, departed=False),  # not past 5
            _ship("ARRIVED", 9, departed=True, arrived=True),
        ]
    )
    out = reroutes(ships, ROUTES, threshold=5)
    assert set(out["shipment_id"]) == {"WAITING", "SAILING"}
    waiting = out[out["shipment_id"] == "WAITING"]
    # cheapest per day saved first: 100, 100, 200, 300 a day
    assert waiting["route"].tolist() == ["CNSHA", "other line", "sea-air", "air"]
    assert waiting["note"].tolist()[0] == "makes up 4 of 8 days"
    assert waiting["note"].tolist()[2] == "makes up the whole delay"
    assert out[out["shipment_id"] == "SAILING"]["kind"].tolist() == ["sea-air", "air"]


def test_a_late_carrier_in_the_history_adds_risk_days_to_its_options(memory_register, tables):
    tables[ShipmentEvents] = [
        _event("E1", "PLN", "ARRI", "2026-11-01"),
        _event("E2", "ACT", "ARRI", "2026-11-10"),  # MAEU arrived 9 days late
    ]
    quotes = tables[ForwarderQuotes]
    tables[ForwarderQuotes] = [q for q in quotes if q[ForwarderQuotes.carrier] == "MAEU"]
    reg = memory_register(tables)
    plan_shipments(RunContext.of(reg, today=TODAY), ["SO-HEAVY"])
    opts = next(b.frame for b in reg.sheets["ShipPlan"].blocks if b.name == "tblModeOptions")
    fcl = opts[opts[ModeOptions.mode] == "sea FCL"].iloc[0]
    # Q-CNY (MAEU, 13,100 CNY ≈ 1,810 USD) beats the MAEU rate card (1,850 USD) …
    assert fcl[ModeOptions.source] == "quote Q-CNY (Sinotrans Ningbo)"
    assert fcl[ModeOptions.risk_days] == pytest.approx(9.0)  # … and MAEU's history counts
    lcl = opts[opts[ModeOptions.mode] == "sea LCL"].iloc[0]
    assert lcl[ModeOptions.risk_days] == 0  # MSCU: no history
    compare_forwarder_quotes(RunContext.of(reg, today=TODAY), ["SO-HEAVY"])
    rel = next(b.frame for b in reg.sheets["QuoteCompare"].blocks if b.name == "tblReliability")
    maeu = rel[rel[Reliability.who] == "MAEU"].iloc[0]
    assert (maeu[Reliability.shipments], maeu[Reliability.on_time_share]) == (1, 0.0)
