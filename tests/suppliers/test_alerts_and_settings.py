"""Delay alerts, the scorecard settings (weights, formulas, standings) and the standing rule."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from openpyxl.utils import get_column_letter

from orderdesk.actions.context import RunContext
from orderdesk.actions.suppliers import score_suppliers, supplier_standings
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.defaults import policy_rows
from orderdesk.domain.suppliers import blocked_purchase_lines
from orderdesk.schema import (
    OrderLines,
    Orders,
    Scorecard,
    ScoreWeights,
    Setting,
    Settings,
    Standings,
    Suppliers,
    placement,
)
from orderdesk.settings import PolicyError
from tests.suppliers import history as H
from tests.suppliers.sheet import table_rows


def _settings(**values):
    rows = []
    for row in policy_rows()[Settings]:
        key = row[Settings.key]
        rows.append({**row, Settings.value: values.get(key, row[Settings.value])})
    return rows


def test_delay_alerts_name_the_order_at_risk(make_register):
    path = make_register(H.tables())
    outcome = score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    alerts = table_rows(path, Scorecard.sheet, "tblSupplierAlerts")
    # L7 (SU-3, due 1 March, nothing delivered) and L3 (SU-1, due 5 March, 180 of 200): both
    # orders are in production. L8 was delivered in full (late: not an alert any more); L9 is
    # due in June; SO-1 and SO-3 have shipped.
    assert [(a["Supplier"], a["Order ID"], a["Line"]) for a in alerts] == [
        ("SU-3", "SO-4", 1),
        ("SU-1", "SO-2", 1),
    ]
    first, second = alerts
    assert first["Days Late"] == (H.TODAY - dt.date(2026, 3, 1)).days == 45
    assert first["Customer"] == "CU-3"
    assert first[Orders.promised_ship].date() == dt.date(2026, 4, 20)
    assert first["Days to Ship"] == 5
    assert first[OrderLines.delivered_qty] == 0
    assert second["Days Late"] == 41 and second[OrderLines.delivered_qty] == 180
    assert outcome.findings >= 2
    assert any("SO-4 line 1" in d and "45 days" in d for d in outcome.details)


def test_the_alert_threshold_comes_from_settings(make_register):
    data = H.tables()
    data[Settings] = _settings(**{Setting.SUPPLIER_DELAY_DAYS.key: 42})
    path = make_register(data)
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    alerts = table_rows(path, Scorecard.sheet, "tblSupplierAlerts")
    assert [a["Order ID"] for a in alerts] == ["SO-4"]  # 45 days > 42; 41 days is not


def _weights(on_time=40, formula="otif"):
    rows = [dict(r) for r in policy_rows()[ScoreWeights]]
    rows[0][ScoreWeights.weight] = on_time
    rows[0][ScoreWeights.formula] = formula
    return rows


def _weight_cell(i: int) -> str:
    col = placement(ScoreWeights).first_col + list(ScoreWeights.columns()).index(
        ScoreWeights.weight
    )
    return f"Settings!{get_column_letter(col)}{i + 2}"


def test_weights_that_add_up_to_90_are_refused_naming_the_cells(make_register, capsys):
    data = H.tables()
    data[ScoreWeights] = _weights(on_time=30)
    path = make_register(data)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code = main(["suppliers", "score", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "add up to 90, not 100" in err
    for i in range(4):  # every weight cell, with its value
        assert _weight_cell(i) in err
    assert f"{_weight_cell(0)} (Weight) on time = 30" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # nothing written


def test_an_unknown_formula_name_is_refused_naming_its_cell(memory_register):
    data = H.tables()
    data[ScoreWeights] = _weights(formula="fastest")
    register = memory_register(data)
    with pytest.raises(PolicyError, match=r"Settings!\w+2 \(Formula\): 'fastest' is not a formula"):
        score_suppliers(RunContext.of(register, today=H.TODAY))
    assert register.saves == 0


def test_another_formula_named_in_settings_changes_the_score(make_register):
    data = H.tables()
    data[ScoreWeights] = _weights(formula="on time")  # the date only, not the quantity
    path = make_register(data)
    score_suppliers(RunContext.of(FileRegister(path), today=H.TODAY))
    rows = table_rows(path, Scorecard.sheet, Scorecard.table_name)
    mar = next(r for r in rows if r["Supplier"] == "SU-1" and r["Period"] == "2026-03")
    assert mar[Scorecard.on_time] == 100  # L3 was short but on its date


def test_standings_come_from_settings(memory_register):
    data = H.tables()
    data[Standings] = [
        {Standings.standing: "Good", Standings.min_score: 70, Standings.action: "none"},
        {Standings.standing: "Bad", Standings.min_score: 0, Standings.action: "block"},
    ]
    standings = supplier_standings(RunContext.of(memory_register(data), today=H.TODAY))
    assert standings.loc["SU-1", Suppliers.standing] == "Good"  # 71.5
    assert standings.loc["SU-3", Standings.action] == "block"


def test_a_very_poor_supplier_on_a_new_purchase_line_is_blocked(memory_register):
    register = memory_register(H.tables())
    standings = supplier_standings(RunContext.of(register, today=H.TODAY))
    assert standings.loc["SU-3", Suppliers.standing] == "Very Poor"
    lines, orders = register.read(OrderLines), register.read(Orders)
    blocked = blocked_purchase_lines(lines.frame, orders.frame, standings)
    # Only L9: SU-3 on SO-5, which is confirmed and has nothing delivered. L7 and L8 (SO-4, in
    # production) are already placed; SU-1 and SU-2 are not Very Poor.
    assert list(blocked.index) == [
        10
    ]  # the OrderLines sheet row of L9, the 9th line (header in row 1)
    assert str(lines.ref(10, OrderLines.supplier)).startswith("OrderLines!")
    assert lines.frame.loc[10, OrderLines.order_id] == "SO-5"
    assert blocked.loc[10, Suppliers.standing] == "Very Poor"
    assert blocked.loc[10, Suppliers.score] == 0
