"""OD_CHARGEABLE_KG and OD_CONTAINER_FIT as a sheet calls them (issue 22)."""

from __future__ import annotations

import orderdesk_udfs as od
import pytest


def test_chargeable_kg_per_mode():
    assert od.OD_CHARGEABLE_KG(100, 1.2, "air") == pytest.approx(200)
    assert od.OD_CHARGEABLE_KG(100, 1.2, "express") == pytest.approx(240)
    assert od.OD_CHARGEABLE_KG(100, 1.2, "LCL") == pytest.approx(1200)
    assert od.OD_CHARGEABLE_KG("800", 0.5, "air") == pytest.approx(800)
    assert od.OD_CHARGEABLE_KG([[100], [480]], [[1.2], [3]], "air") == [[200.0], [500.0]]


def test_chargeable_kg_says_what_is_wrong():
    assert od.OD_CHARGEABLE_KG(100, 1, "fcl") == (
        "Error: mode 'fcl': chargeable weight is for air, express or lcl"
    )
    assert od.OD_CHARGEABLE_KG(-5, 1, "air") == "Error: weight and volume cannot be negative"


def test_container_fit():
    assert od.OD_CONTAINER_FIT(12, 27000) == "1 × 20' (volume 36%, weight 96%, weight-bound)"
    assert od.OD_CONTAINER_FIT(30, 5000) == "1 × 40' (volume 44%, weight 19%, volume-bound)"
    assert od.OD_CONTAINER_FIT(65, 8000) == "1 × 40'HC (volume 85%, weight 30%, volume-bound)"
    assert od.OD_CONTAINER_FIT(10, 35000) == "2 × 20' (volume 15%, weight 62%, weight-bound)"


def test_a_load_past_any_shipment_is_refused_not_counted_in_overflowed_integers():
    # 1e300 m³ once gave "-9223372036854775808 × 20'" (an overflowed integer as the count).
    for cbm, kg in ((1e300, 5), (12, 1e20)):
        shown = od.OD_CONTAINER_FIT(cbm, kg)
        assert shown.startswith("Error: ") and "check the units" in shown, shown
    assert od.OD_CHARGEABLE_KG(1e20, 1, "air").startswith("Error: ")
    # A fleet's worth is still answered: 600,000 m³ fills thousands of high cubes.
    count, kind = od.OD_CONTAINER_FIT(600_000, 80_000_000).split(" (")[0].split(" × ")
    assert 600_000 / 76 < int(count) <= 10_000 and kind == "40'HC"


def test_a_register_load_past_any_shipment_gets_a_capped_count():
    import numpy as np

    from orderdesk.domain.logistics.load import MOST_CONTAINERS, STANDARD_CONTAINERS
    from orderdesk.domain.logistics.plan import container_counts

    counts = container_counts(
        np.array([1e300, 12.0]), np.array([5.0, 27000.0]), STANDARD_CONTAINERS
    )
    assert [int(n[0]) for n in counts.values()] == [MOST_CONTAINERS + 1] * len(counts)
    assert counts["20GP"][1] == 1
