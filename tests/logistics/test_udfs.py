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
