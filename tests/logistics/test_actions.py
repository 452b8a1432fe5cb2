"""Plan shipment and Compare quotes on an in-memory register (issue 22)."""

from __future__ import annotations

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.logistics import compare_forwarder_quotes, plan_shipments
from orderdesk.schema import ModeOptions, QuoteComparison, Reroutes, ShipPlans

from .conftest import TODAY


def _written(reg, table):
    """The rows of one of OrderDesk's tables as the action wrote them on its sheet."""
    content = reg.sheets[table.sheet]
    return next(b.frame for b in content.blocks if b.name == table.table_name)


def test_plan_shipment_writes_the_load_plan_and_the_recommendation(memory_register, tables):
    reg = memory_register(tables)
    outcome = plan_shipments(RunContext.of(reg, today=TODAY))
    assert "Planned 2 orders" in outcome.summary
    plans = _written(reg, ShipPlans)
    assert set(plans[ShipPlans.order_id]) == {"SO-HEAVY", "SO-URGENT"}  # shipped left out
    heavy = plans[plans[ShipPlans.order_id] == "SO-HEAVY"].iloc[0]
    assert heavy[ShipPlans.container] == "1 × 20'"
    assert heavy[ShipPlans.bound] == "weight"
    assert heavy[ShipPlans.fill_weight] == pytest.approx(27_000 / 28_200)
    assert heavy[ShipPlans.air_kg] == pytest.approx(27_000)
    assert heavy[ShipPlans.lcl_wm] == pytest.approx(27.0)
    assert heavy[ShipPlans.recommended] == "sea FCL"
    urgent = plans[plans[ShipPlans.order_id] == "SO-URGENT"].iloc[0]
    # 100 non-stackable cartons of 50×40×50: one tier, 5 across (235 // 40) → 20 slices of
    # 50 cm = 10 m of floor. 10 m³ would fill one 20' by volume, but the floor takes two 20's
    # or one 40': the 40' it is.
    assert urgent[ShipPlans.carton_fit] == "fits: 10.0 m of 12.0 m floor"
    assert urgent[ShipPlans.container] == "1 × 40'"
    assert urgent[ShipPlans.fill_volume] == pytest.approx(10 / (12.03 * 2.35 * 2.39))
    assert urgent[ShipPlans.recommended] == "air"
    # LCL: 10 W/M × 95 = 950 USD, the cheapest surface mode, arrives 8 Jan (38 days): 19 late
    assert "sea LCL arrives 19 days late" in urgent[ShipPlans.reason]
    options = _written(reg, ModeOptions)
    mine = options[options[ModeOptions.order_id] == "SO-URGENT"].sort_values(ModeOptions.rank)
    assert mine[ModeOptions.mode].iloc[0] == "air"
    assert set(mine[ModeOptions.mode]) >= {"sea FCL", "sea LCL", "air", "express", "rail"}


def test_an_expired_quote_is_never_priced_into_a_plan(memory_register, tables):
    reg = memory_register(tables)
    plan_shipments(RunContext.of(reg, today=TODAY), ["SO-HEAVY"])
    options = _written(reg, ModeOptions)
    fcl = options[options[ModeOptions.mode] == "sea FCL"].iloc[0]
    assert "Q-OLD" not in fcl[ModeOptions.source]
    # Q-OLD (900 USD) would be cheapest the day before it expired
    reg2 = memory_register(tables)
    plan_shipments(RunContext.of(reg2, today=TODAY.replace(day=14)), ["SO-HEAVY"])
    fcl2 = _written(reg2, ModeOptions)
    assert "Q-OLD" in fcl2[fcl2[ModeOptions.mode] == "sea FCL"].iloc[0][ModeOptions.source]


def test_compare_quotes_converts_a_cny_quote_at_its_dates_ecb_rate(memory_register, tables):
    reg = memory_register(tables)
    outcome = compare_forwarder_quotes(RunContext.of(reg, today=TODAY), ["SO-HEAVY"])
    assert "1 expired" in outcome.summary
    rows = _written(reg, QuoteComparison).set_index(QuoteComparison.quote_ref)
    rate = 1.0857 / 7.8561  # USD and CNY per EUR, the ECB's published fixing of 7 March 2025
    assert rows.at["Q-CNY", QuoteComparison.quoted] == pytest.approx(13_100)
    assert rows.at["Q-CNY", QuoteComparison.rate] == pytest.approx(float(rate), rel=1e-9)
    assert rows.at["Q-CNY", QuoteComparison.landed] == pytest.approx(13_100 * float(rate))
    assert rows.at["Q-OLD", QuoteComparison.state] == "expired"
    assert rows.at["Q-OLD", QuoteComparison.note] == "expired 2026-11-15"
    # 13,100 CNY ≈ 1,808 USD; Q-USD is 1,750 USD: the cheapest valid one is recommended
    assert rows.at["Q-USD", QuoteComparison.state] == "recommended"
    assert rows.at["Q-CNY", QuoteComparison.state] == "valid"


def test_a_cny_quote_that_is_cheaper_in_usd_wins(memory_register, tables):
    from orderdesk.schema import ForwarderQuotes

    for q in tables[ForwarderQuotes]:
        if q[ForwarderQuotes.quote_ref] == "Q-CNY":
            q[ForwarderQuotes.freight] = 11_000.0  # 12,100 CNY ≈ 1,670 USD < 1,750
    reg = memory_register(tables)
    compare_forwarder_quotes(RunContext.of(reg, today=TODAY), ["SO-HEAVY"])
    rows = _written(reg, QuoteComparison).set_index(QuoteComparison.quote_ref)
    assert rows.at["Q-CNY", QuoteComparison.state] == "recommended"
    assert rows.at["Q-USD", QuoteComparison.state] == "valid"


def test_a_delayed_shipment_gets_contingency_routes(memory_register, tables):
    reg = memory_register(tables)
    plan_shipments(RunContext.of(reg, today=TODAY))
    routes = _written(reg, Reroutes)
    # SH-1 departed 2 Oct; its first ETA was 3 Nov, now 12 Nov: 9 days > 5 (Settings).
    # Departed: no other port of loading or carrier, only sea-air and air.
    assert set(routes[Reroutes.shipment_id]) == {"SH-1"}
    assert list(routes[Reroutes.kind]) == ["sea-air", "air"]
    assert routes[Reroutes.delay_days].iloc[0] == 9


def test_many_orders_list_the_options_of_the_first_ones_only(memory_register, tables, monkeypatch):
    from orderdesk.actions import logistics

    monkeypatch.setattr(logistics, "OPTIONS_SHOWN", 1)
    reg = memory_register(tables)
    plan_shipments(RunContext.of(reg, today=TODAY))
    block = next(b for b in reg.sheets["ShipPlan"].blocks if b.name == ModeOptions.table_name)
    assert set(block.frame[ModeOptions.order_id]) == {"SO-HEAVY"}
    assert block.title.startswith("Every mode weighed: the first 1 of 2 orders")
    assert len(_written(reg, ShipPlans)) == 2  # every order keeps its plan


def test_a_register_without_orders_plans_nothing_and_says_so(memory_register):
    reg = memory_register()
    assert plan_shipments(RunContext.of(reg, today=TODAY)).summary.startswith("Planned 0 orders")
    outcome = compare_forwarder_quotes(RunContext.of(reg, today=TODAY))
    assert outcome.summary == "Compared 0 quotes for 0 orders: 0 recommended, 0 expired"
    assert _written(reg, QuoteComparison).empty
