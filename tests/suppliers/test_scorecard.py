"""The scorecard against a hand calculation on the history in history.py (today 2026-04-15).

Weights (defaults): on time 40 (otif), quality 30 (acceptance), price 20 (median price),
responsiveness 10 (answer days).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.suppliers import score_suppliers
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.reference.fx import fx_rate
from orderdesk.domain.suppliers import ScoreInputs
from orderdesk.domain.suppliers import score_suppliers as score_domain
from orderdesk.domain.suppliers.criteria import Criterion
from orderdesk.domain.suppliers.facts import others_median
from orderdesk.domain.suppliers.policy import Action, ScorePolicy, Standing, Weight
from orderdesk.schema import OrderLines, Orders, Scorecard, Suppliers
from tests.suppliers import history as H
from tests.suppliers.sheet import by_key, table_rows

W_OT, W_Q, W_P, W_R = 40, 30, 20, 10


def overall(**scores: float | None) -> float:
    """The weighted mean over the criteria that have a score."""
    weights = {"ot": W_OT, "q": W_Q, "p": W_P, "r": W_R}
    have = {k: v for k, v in scores.items() if v is not None}
    return sum(weights[k] * v for k, v in have.items()) / sum(weights[k] for k in have)


def price_score(index: float) -> float:
    return max(0.0, 100 - 2 * max(0.0, (index - 1) * 100))


# --- the hand calculation, month by month ------------------------------------------------
# On time (otif): lines due in the month (delivered, or due date passed) on time AND in full.
#   SU-1 Jan: L1 yes, L2 late → 1/2.  Mar: L3 short, L4 yes → 1/2.  Feb: nothing due.
#   SU-2 Jan: L5 → 1/1.  Mar: L6 → 1/1.   SU-3 Mar: L7 missing, L8 late → 0/2.
# Quality (acceptance): accepted/delivered over the month's deliveries × (1 − complaints/lines).
#   SU-1 Jan: (98 + 50)/(100 + 50) × (1 − 1/2), the complaint on SO-1/A traced through L1.
#   SU-1 Mar: 190/190.  SU-2 Jan: 90/100.  SU-2 Mar: 1.  SU-3 Apr: 5/10 × (1 − 1/1) = 0.
# Price (median price): what the supplier paid ÷ the other suppliers' median for the product and
# month (else the target cost), volume-weighted.
#   Jan: A SU-1 10 vs SU-2 12, B only SU-1 (target 4).  SU-1: (1000 + 200)/(1200 + 200) < 1.
#        SU-2: 1200 / (10 × 100) = 1.2.
#   Mar: A SU-1 9 (200) vs SU-3 15 (100); C SU-1 20 vs SU-3 30; B only SU-2 (target 4).
#        SU-1: (1800 + 200)/(3000 + 300) < 1.  SU-3: (1500 + 300)/(900 + 200).  SU-2: 500/400.
# Responsiveness: 100 − 10 × (days − 1), 0..100.  SU-1 Jan 1 day, Mar 4 days; SU-2 Mar 2 days;
#   SU-3 Apr: not answered, waited 14 days → 0.
EXPECTED = {
    ("SU-1", "2026-01"): dict(ot=50, q=148 / 150 * 0.5 * 100, p=100, r=100),
    ("SU-1", "2026-02"): dict(ot=None, q=None, p=None, r=None),
    ("SU-1", "2026-03"): dict(ot=50, q=100, p=100, r=70),
    ("SU-1", "2026-04"): dict(ot=None, q=None, p=None, r=None),
    ("SU-2", "2026-01"): dict(ot=100, q=90, p=price_score(1.2), r=None),
    ("SU-2", "2026-02"): dict(ot=None, q=None, p=None, r=None),
    ("SU-2", "2026-03"): dict(ot=100, q=100, p=price_score(500 / 400), r=90),
    ("SU-2", "2026-04"): dict(ot=None, q=None, p=None, r=None),
    ("SU-3", "2026-03"): dict(ot=0, q=None, p=price_score(1800 / 1100), r=None),
    ("SU-3", "2026-04"): dict(ot=None, q=0, p=None, r=0),
}
COLS = {
    "ot": Scorecard.on_time,
    "q": Scorecard.quality,
    "p": Scorecard.price,
    "r": Scorecard.responsiveness,
}


@pytest.fixture
def scored(make_register):
    path = make_register(H.tables())
    outcome = score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    return path, outcome


def test_scores_per_month_match_the_hand_calculation(scored):
    path, _ = scored
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    assert set(rows) == set(EXPECTED)
    for key, want in EXPECTED.items():
        row = rows[key]
        for short, col in COLS.items():
            assert row[col] == pytest.approx(want[short]), (key, col)
        have = {k: v for k, v in want.items() if v is not None}
        assert row[Scorecard.overall] == (pytest.approx(overall(**have)) if have else None), key


def test_a_month_without_deliveries_is_blank_and_explained(scored):
    path, _ = scored
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    feb = rows[("SU-1", "2026-02")]
    assert [feb[c] for c in COLS.values()] == [None] * 4  # neither 0 nor 100
    assert feb[Scorecard.overall] is None and feb[Scorecard.standing] is None
    assert "not scored" in feb[Scorecard.note]
    # SU-2 had no request in January: scored over the other three criteria, and it says so.
    jan = rows[("SU-2", "2026-01")]
    assert jan[Scorecard.overall] == pytest.approx((40 * 100 + 30 * 90 + 20 * 60) / 90)
    assert "responsiveness (no requests)" in jan[Scorecard.note]
    assert "overall over on time, quality, price" in jan[Scorecard.note]


def test_standings_and_trend_arrows_per_period(scored):
    path, _ = scored
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    assert rows[("SU-1", "2026-01")][Scorecard.standing] == "Average"  # 64.8
    assert rows[("SU-2", "2026-01")][Scorecard.standing] == "Excellent"  # 87.8
    assert rows[("SU-3", "2026-03")][Scorecard.standing] == "Very Poor"  # 0
    assert rows[("SU-1", "2026-01")][Scorecard.trend] is None  # nothing before it
    assert rows[("SU-1", "2026-03")][Scorecard.trend] == "↑"  # 64.8 → 77.0
    assert rows[("SU-2", "2026-03")][Scorecard.trend] == "→"  # 87.8 → 89.0
    assert rows[("SU-3", "2026-04")][Scorecard.trend] == "→"  # 0 → 0


def test_current_score_weights_recent_months_more(scored):
    path, _ = scored
    # Weights by age on 2026-04-15: April 12, March 11, February 10, January 9.
    su1 = dict(
        ot=50,
        q=(9 * 148 / 150 * 50 + 11 * 100) / 20,
        p=100,
        r=(9 * 100 + 11 * 70) / 20,
    )
    su2 = dict(ot=100, q=(9 * 90 + 11 * 100) / 20, p=(9 * 60 + 11 * 50) / 20, r=90)
    current = by_key(table_rows(path, Scorecard.sheet, "tblScoreCurrent"), "Supplier ID")
    for sid, want, standing in (("SU-1", su1, "Average"), ("SU-2", su2, "Excellent")):
        row = current[(sid,)]
        for short, col in COLS.items():
            assert row[col] == pytest.approx(want[short])
        assert row[Suppliers.score] == pytest.approx(overall(**want))
        assert row[Suppliers.standing] == standing
    assert current[("SU-3",)][Suppliers.score] == 0
    assert current[("SU-3",)][Suppliers.standing] == "Very Poor"
    assert current[("SU-3",)]["Action"] == "block"
    assert current[("SU-4",)][Suppliers.score] is None
    assert "not scored" in current[("SU-4",)][Scorecard.note]

    # The same score and standing on the Suppliers sheet (its own columns only).
    sup = by_key(table_rows(path, Suppliers.sheet, Suppliers.table_name), "Supplier ID")
    assert sup[("SU-1",)][Suppliers.score] == pytest.approx(overall(**su1), abs=0.01)
    assert sup[("SU-1",)][Suppliers.standing] == "Average"
    assert sup[("SU-2",)][Suppliers.standing] == "Excellent"
    assert sup[("SU-3",)][Suppliers.standing] == "Very Poor"
    assert sup[("SU-4",)][Suppliers.score] is None and sup[("SU-4",)][Suppliers.standing] is None
    assert sup[("SU-1",)][Suppliers.name] == "Acme Hardware"


def test_older_periods_than_twelve_do_not_count(make_register):
    # One late delivery 14 months ago and one on-time delivery last month.
    lines = [
        H._line("SO-1", 1, "A", 10, "SU-1", None, dt.date(2025, 2, 10), dt.date(2025, 2, 20), 10),
        H._line("SO-1", 2, "A", 10, "SU-1", None, dt.date(2026, 3, 10), dt.date(2026, 3, 9), 10),
    ]
    path = make_register({OrderLines: lines, Suppliers: H.SUPPLIERS[:1]})
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    current = by_key(table_rows(path, Scorecard.sheet, "tblScoreCurrent"), "Supplier ID")
    assert current[("SU-1",)][Scorecard.on_time] == 100
    assert current[("SU-1",)]["Periods Scored"] == 1


def test_a_cancelled_order_s_purchase_line_is_not_scored(make_register):
    data = H.tables()
    data[Orders] = [
        {**o, Orders.stage: "Cancelled"} if o[Orders.order_id] == "SO-4" else o for o in H.ORDERS
    ]
    path = make_register(data)
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    # SU-3's lines L7 and L8 were both on SO-4: its scorecard starts in April, with the
    # unanswered request only.
    assert sorted(p for s, p in rows if s == "SU-3") == ["2026-04"]
    assert rows[("SU-3", "2026-04")][Scorecard.on_time] is None
    assert rows[("SU-3", "2026-04")][Scorecard.quality] is None
    assert rows[("SU-3", "2026-04")][Scorecard.responsiveness] == 0
    alerts = table_rows(path, Scorecard.sheet, "tblSupplierAlerts")
    assert [a["Order ID"] for a in alerts] == ["SO-2"]


def test_yearly_and_weekly_periods(make_register):
    path = make_register(H.tables())
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY), period="year")
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    su1 = rows[("SU-1", "2026")]
    # 2026 for SU-1: L1 and L4 on time and in full of four due; 338 of 340 accepted with one
    # complaint on four deliveries; paid below the others everywhere; answers in 1 and 4 days.
    want = dict(ot=50, q=338 / 340 * 0.75 * 100, p=100, r=(100 + 70) / 2)
    for short, col in COLS.items():
        assert su1[col] == pytest.approx(want[short])
    assert su1[Scorecard.overall] == pytest.approx(overall(**want))

    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY), period="week")
    rows = by_key(table_rows(path, Scorecard.sheet, Scorecard.table_name), "Supplier", "Period")
    assert rows[("SU-1", "2026-W02")][Scorecard.on_time] == 100  # L1, due Sat 10 Jan
    assert rows[("SU-1", "2026-W04")][Scorecard.on_time] == 0  # L2, due Tue 20 Jan, late
    assert rows[("SU-1", "2026-W03")][Scorecard.on_time] is None


def test_prices_in_other_currencies_are_compared_in_the_base_currency():
    due = dt.date(2026, 3, 10)
    lines = pd.DataFrame(
        {
            OrderLines.order_id: ["SO-1", "SO-2"],
            OrderLines.sku: ["A", "A"],
            OrderLines.qty: [100.0, 100.0],
            OrderLines.supplier: ["SU-EU", "SU-US"],
            OrderLines.unit_cost: [10.0, 12.0],
            OrderLines.supplier_due: pd.to_datetime([due, due]),
            OrderLines.supplier_delivered: pd.to_datetime([due, due]),
        }
    ).reindex(columns=[str(c) for c in OrderLines.columns()])
    suppliers = pd.DataFrame(
        {Suppliers.supplier_id: ["SU-EU", "SU-US"], Suppliers.currency: ["EUR", "USD"]}
    ).reindex(columns=[str(c) for c in Suppliers.columns()])
    policy = ScorePolicy(
        (Weight(Criterion.PRICE, 100, "median price"),),
        (Standing("Good", 50, Action.NONE), Standing("Bad", 0, Action.BLOCK)),
    )
    result = score_domain(ScoreInputs(lines=lines, suppliers=suppliers), policy, H.TODAY)
    rows = result.table.set_index([Scorecard.supplier, Scorecard.period])
    eur_usd = float(fx_rate("EUR", "USD", due).rate)
    assert rows.loc[("SU-EU", "2026-03"), Scorecard.price] == pytest.approx(
        price_score(10 * eur_usd / 12)
    )
    assert rows.loc[("SU-US", "2026-03"), Scorecard.price] == pytest.approx(
        price_score(12 / (10 * eur_usd))
    )


def test_median_of_the_other_suppliers():
    groups = [0, 0, 0, 0, 1, 1, 2]
    prices = [4.0, 1.0, 3.0, 2.0, 7.0, 5.0, 9.0]
    # group 0 without 4 → median(1, 3, 2) = 2; without 1 → median(4, 3, 2) = 3; without 3 →
    # median(4, 1, 2) = 2; without 2 → median(4, 1, 3) = 3.  Group 1: the other one.  Alone: none.
    got = others_median(pd.Series(groups).to_numpy(), pd.Series(prices).to_numpy())
    assert got[:6].tolist() == [2.0, 3.0, 2.0, 3.0, 5.0, 7.0]
    assert pd.isna(got[6])
