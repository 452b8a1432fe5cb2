"""Load plan against hand calculations (issue 22: chargeable weights, container choice, fit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orderdesk.domain.logistics import LogisticsError
from orderdesk.domain.logistics.load import (
    STANDARD_CONTAINERS,
    CartonLine,
    carton_fit,
    chargeable_kg,
    choose_containers,
    container_fit_text,
)
from orderdesk.domain.logistics.plan import carton_fits, carton_lines, order_loads

C20, C40, C40HC = STANDARD_CONTAINERS


@pytest.mark.parametrize(
    ("kg", "cbm", "mode", "expected"),
    [
        # 1.2 m³ × 1,000,000 / 6000 = 200 kg volumetric > 100 kg gross
        (100, 1.2, "air", 200.0),
        # 1.2 m³ × 1,000,000 / 5000 = 240 kg
        (100, 1.2, "express", 240.0),
        # W/M: 1.2 m³ = 1,200 kg > 100 kg
        (100, 1.2, "LCL", 1200.0),
        # dense: the gross weight is chargeable in every mode
        (800, 0.5, "air", 800.0),
        (800, 0.5, "express", 800.0),
        (800, 0.5, "lcl", 800.0),
        # 3 m³ by air: 500 kg volumetric against 480 kg gross
        (480, 3.0, "air", 500.0),
    ],
)
def test_chargeable_weight_matches_hand_calculation(kg, cbm, mode, expected):
    assert chargeable_kg(kg, cbm, mode) == pytest.approx(expected, abs=0.001)


def test_chargeable_weight_refuses_an_unknown_mode_and_negatives():
    with pytest.raises(LogisticsError, match="air, express or lcl"):
        chargeable_kg(100, 1, "fcl")
    with pytest.raises(LogisticsError, match="negative"):
        chargeable_kg(-1, 1, "air")


def _choice(cbm: float, kg: float) -> pd.Series:
    return choose_containers(np.array([cbm]), np.array([kg]), STANDARD_CONTAINERS).iloc[0]


def test_heavy_low_volume_load_is_weight_bound_in_one_20ft():
    # 12 m³, 27,000 kg. 20': 12 / (33.08 × 0.9) → 1 by volume, 27,000 / 28,200 → 1 by weight.
    # 40': 27,000 / 26,700 → 2 by weight. One 20' it is, nearly full by weight.
    r = _choice(12, 27_000)
    assert (r["type"], r["count"], r["bound"]) == ("20GP", 1, "weight")
    assert r["fill_weight"] == pytest.approx(27_000 / 28_200)  # 95.7 %
    assert r["fill_volume"] == pytest.approx(12 / (5.89 * 2.35 * 2.39))  # 36.3 %


def test_heavier_than_one_20ft_takes_two_20ft_not_a_40ft():
    # 35,000 kg: two of any type by weight; the smaller type wins the tie.
    r = _choice(10, 35_000)
    assert (r["type"], r["count"], r["bound"]) == ("20GP", 2, "weight")
    assert r["fill_weight"] == pytest.approx(35_000 / 56_400)


@pytest.mark.parametrize(
    ("cbm", "kg", "code", "fill"),
    [
        # 30 m³ > 29.77 usable in a 20' → one 40' (30 / 67.57 = 44 %)
        (30, 5_000, "40GP", 30 / (12.03 * 2.35 * 2.39)),
        # 65 m³ > 60.81 usable in a 40' → one 40'HC (65 / 76.05 = 85 %)
        (65, 8_000, "40HC", 65 / (12.03 * 2.35 * 2.69)),
        # 20 m³ fits a 20'
        (20, 5_000, "20GP", 20 / (5.89 * 2.35 * 2.39)),
    ],
)
def test_volume_bound_loads_take_the_smallest_single_container(cbm, kg, code, fill):
    r = _choice(cbm, kg)
    assert (r["type"], r["count"], r["bound"]) == (code, 1, "volume")
    assert r["fill_volume"] == pytest.approx(fill)


def test_container_fit_text_says_count_fill_and_bound():
    assert container_fit_text(12, 27_000, STANDARD_CONTAINERS) == (
        "1 × 20' (volume 36%, weight 96%, weight-bound)"
    )


def test_stackable_cartons_fit_a_40ft_but_not_a_20ft():
    # 300 cartons 60×40×50 cm: 4 tiers (239 // 50), 5 across (235 // 40) → 20 per 60 cm slice,
    # 15 slices = 9.0 m of floor; a 20' takes 9 slices (589 // 60), a 40' takes 20.
    line = CartonLine("A", 300, 60, 40, 50, 20.0)
    assert carton_fit([line], C40).containers == 1
    assert carton_fit([line], C40).floor_m == pytest.approx(9.0)
    assert carton_fit([line], C20).containers == 2


def test_non_stackable_cartons_take_floor_only():
    # 100 cartons that bear nothing: one tier, 5 per slice, 20 slices of 60 cm = 12 m of floor:
    # three 20's (9 + 9 + 2 slices) although 12 m³ would fill one by volume.
    line = CartonLine("B", 100, 60, 40, 50, 20.0, stackable=False)
    fit = carton_fit([line], C20)
    assert fit.containers == 3
    assert fit.text(C20, planned=1) == "needs 3 × 20' by carton layout"
    assert carton_fit([CartonLine("B", 100, 60, 40, 50, 20.0)], C20).containers == 1


def test_a_carton_wider_than_the_door_is_named():
    fit = carton_fit([CartonLine("BIG", 2, 250, 240, 100, 50.0)], C20)
    assert fit.problems == ("BIG: a carton does not pass the 20' door",)
    # the same carton fits through the 40'HC door when it is no taller than 258 cm
    assert carton_fit([CartonLine("OK", 2, 230, 200, 250, 50.0)], C40HC).problems == ()


def test_payload_limits_the_slices_a_container_takes():
    # 40 cartons of 800 kg, 120×100×100 cm: 2 tiers × 1 across (235 // 120 … turned: 2 across
    # of 100) → depth 120, 2 across × 2 tiers = 4 per slice = 3,200 kg; a 20' takes 4 slices
    # by length (589 // 120) but 8 slices by weight: length binds → 10 slices → 3 containers.
    line = CartonLine("HEAVY", 40, 120, 100, 100, 800.0)
    assert carton_fit([line], C20).containers == 3
    # 1,600 kg cartons: 6,400 kg a slice, 4 slices by weight (28,200 // 6,400) and by length.
    heavy = CartonLine("HEAVIER", 40, 120, 100, 100, 1600.0)
    assert carton_fit([heavy], C20).containers == 3
    heaviest = CartonLine("LEAD", 40, 120, 100, 100, 2400.0)  # 9,600 kg a slice: 2 per 20'
    assert carton_fit([heaviest], C20).containers == 5


def test_order_loads_sum_lines_and_fit_their_cartons():
    lines = pd.DataFrame(
        {
            "order_id": ["SO-1", "SO-1", "SO-2"],
            "sku": ["A", "B", "A"],
            "cartons": [200, 100, 10],
            "gross_kg": [4000.0, 2000.0, 200.0],
            "cbm": [24.0, 12.0, 1.2],
        }
    )
    cartons = pd.DataFrame(
        {
            "sku": ["A", "B"],
            "length_cm": [60.0, 60.0],
            "width_cm": [40.0, 40.0],
            "height_cm": [50.0, 50.0],
            "stackable": [True, False],
        }
    )
    loads = order_loads(lines, STANDARD_CONTAINERS)
    assert loads.loc["SO-1", ["cartons", "gross_kg", "cbm"]].tolist() == [300, 6000.0, 36.0]
    assert loads.loc["SO-1", "label"] == "40'"
    assert loads.loc["SO-2", "air_kg"] == pytest.approx(200.0)
    assert loads.loc["SO-2", "express_kg"] == pytest.approx(240.0)
    assert loads.loc["SO-2", "lcl_wm"] == pytest.approx(1.2)
    fits = carton_fits(carton_lines(lines, cartons), loads, STANDARD_CONTAINERS)
    # SO-1 in a 40': A 200 cartons → 10 slices of 60 cm; B 100 non-stackable → 20 slices:
    # 30 × 60 cm = 18 m > 12.03 m → two 40's.
    assert fits.loc["SO-1", "fit"] == "needs 2 × 40' by carton layout"
    # SO-2: 10 cartons of A turned (3 across of 60 cm × 4 tiers = 12 a slice): one 40 cm slice.
    assert fits.loc["SO-2", "fit"] == "fits: 0.4 m of 5.9 m floor"
    no_size = carton_fits(
        carton_lines(lines, cartons[cartons["sku"] == "A"]), loads, STANDARD_CONTAINERS
    )
    assert no_size.loc["SO-1", "fit"] == "no carton size for B (Products)"
