"""The default Settings of a new register name only KPIs, criteria and formulas that exist: a
renamed KPI would otherwise lose its band without a word."""

from __future__ import annotations

from orderdesk.defaults import policy_rows
from orderdesk.domain.kpi import Kpi
from orderdesk.domain.suppliers import Criterion
from orderdesk.domain.suppliers.formulas import FORMULAS
from orderdesk.schema import KpiBands, ScoreWeights


def test_every_default_band_names_a_computed_kpi():
    names = {k.value for k in Kpi}
    for row in policy_rows()[KpiBands]:
        assert row[KpiBands.kpi] in names, row[KpiBands.kpi]


def test_every_default_weight_names_a_criterion_and_one_of_its_formulas():
    rows = policy_rows()[ScoreWeights]
    assert sum(r[ScoreWeights.weight] for r in rows) == 100
    for row in rows:
        criterion = Criterion(row[ScoreWeights.criterion])
        assert row[ScoreWeights.formula] in FORMULAS[criterion]
