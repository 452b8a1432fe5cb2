"""What Score suppliers writes on the Suppliers sheet and which suppliers it reports, decided by
the domain (`domain/suppliers/sheet.py`) over a scored history."""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.context import RunContext
from orderdesk.actions.suppliers import load_score_policy, read_score_inputs
from orderdesk.domain import suppliers as S
from orderdesk.domain.suppliers.sheet import flagged, standing_spread, supplier_cells
from orderdesk.schema import Standings, Suppliers
from tests.suppliers import history as H


def scored(memory_register):  # type: ignore[no-untyped-def]
    ctx = RunContext.of(memory_register(H.tables()), today=H.TODAY)
    inputs, _ = read_score_inputs(ctx)
    return S.score_suppliers(inputs, load_score_policy(ctx), H.TODAY, "month"), inputs.suppliers


def test_listed_suppliers_get_their_score_and_an_unlisted_one_nothing(memory_register) -> None:
    result, suppliers = scored(memory_register)
    cells = supplier_cells(result, suppliers)
    assert set(cells) == {("SU-1",), ("SU-2",), ("SU-3",), ("SU-4",)}
    assert cells[("SU-1",)][Suppliers.score] == 71.51  # to the cent, as written
    fewer = suppliers[suppliers[Suppliers.supplier_id] != "SU-2"]
    assert ("SU-2",) not in supplier_cells(result, fewer)


def test_a_supplier_not_scored_gets_blank_cells_not_stale_ones(memory_register) -> None:
    result, suppliers = scored(memory_register)
    result.current.loc[result.current[Suppliers.supplier_id] == "SU-2", Suppliers.score] = None
    result.current.loc[result.current[Suppliers.supplier_id] == "SU-2", Suppliers.standing] = None
    assert supplier_cells(result, suppliers)[("SU-2",)] == {
        Suppliers.score: None,
        Suppliers.standing: None,
    }


def test_only_warned_or_blocked_suppliers_are_findings(memory_register) -> None:
    result, _ = scored(memory_register)
    actions = dict(
        zip(result.current[Suppliers.supplier_id], result.current[Standings.action], strict=True)
    )
    expected = {s for s, a in actions.items() if a in ("warn", "block")}
    assert expected  # the history has a Very Poor supplier
    assert set(flagged(result)[Suppliers.supplier_id]) == expected
    result.current[Standings.action] = "none"
    assert flagged(result).empty


def test_the_spread_counts_standings_best_first(memory_register) -> None:
    result, _ = scored(memory_register)
    # Settings list Excellent, Good, Average, Poor, Very Poor; SU-4 has no purchases to score
    assert standing_spread(result) == "1 Excellent, 1 Average, 1 Very Poor, 1 not scored"
    result.current[Suppliers.standing] = pd.NA
    assert standing_spread(result) == "4 not scored"
