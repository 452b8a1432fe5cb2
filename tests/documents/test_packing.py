"""Carton numbering, weights and volume, checked against hand calculations."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain.documents.packing import pack, packing_lines
from orderdesk.schema import OrderLines as L
from orderdesk.schema import Products as P


def _lines(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for c in L.columns():
        if c not in frame:
            frame[c] = np.nan
    frame.index = range(2, 2 + len(frame))
    return frame


def test_ranges_follow_line_order_and_a_part_carton_is_a_carton():
    frame = _lines(
        [
            {
                L.order_id: "A",
                L.line_no: 2,
                L.sku: "y",
                L.qty: 95.0,
                L.carton_qty: 10,
                L.net_kg: 9.5,
                L.gross_kg: 11.0,
                L.cbm: 0.1234,
            },
            {
                L.order_id: "A",
                L.line_no: 1,
                L.sku: "x",
                L.qty: 40.0,
                L.carton_qty: 20,
                L.net_kg: 4.0,
                L.gross_kg: 5.0,
                L.cbm: 0.2,
            },
        ]
    )
    packed, problems = pack(frame)
    assert problems == []
    lines, totals = packing_lines(packed)
    # line 1: 40 / 20 = 2 cartons → 1–2; line 2: 95 / 10 → 10 cartons (last holds 5) → 3–12
    assert [(x.no, x.first_carton, x.last_carton, x.cartons) for x in lines] == [
        (1, 1, 2, 2),
        (2, 3, 12, 10),
    ]
    assert lines[0].last_carton_qty is None and lines[1].last_carton_qty == Decimal(5)
    assert lines[1].carton_range == "3–12"
    assert totals.cartons == 12
    assert totals.net_kg == Decimal("13.50") and totals.gross_kg == Decimal("16.00")
    assert totals.cbm == Decimal("0.323")  # 0.123 (rounded) + 0.200


def test_each_order_starts_at_carton_one():
    frame = _lines(
        [
            {
                L.order_id: "A",
                L.line_no: 1,
                L.qty: 10.0,
                L.carton_qty: 5,
                L.net_kg: 1,
                L.gross_kg: 2,
                L.cbm: 0.1,
            },
            {
                L.order_id: "B",
                L.line_no: 1,
                L.qty: 7.0,
                L.carton_qty: 5,
                L.net_kg: 1,
                L.gross_kg: 2,
                L.cbm: 0.1,
            },
        ]
    )
    packed, _ = pack(frame)
    assert list(zip(packed[L.order_id], packed["first"], packed["last"], strict=True)) == [
        ("A", 1, 2),
        ("B", 1, 2),
    ]


def test_figures_come_from_the_product_when_the_line_has_none():
    frame = _lines([{L.order_id: "A", L.line_no: 1, L.sku: "TX", L.qty: 45.0}])
    products = pd.DataFrame(
        {
            P.sku: ["TX"],
            P.carton_qty: [20],
            P.unit_net_kg: [1.2],
            P.carton_gross_kg: [26.0],
            P.carton_l_cm: [60.0],
            P.carton_w_cm: [40.0],
            P.carton_h_cm: [30.0],
        }
    )
    packed, problems = pack(frame, products)
    assert problems == []
    (line,), _ = packing_lines(packed)
    # 45 / 20 → 3 cartons; net 45 × 1.2 = 54 kg; gross 3 × 26 = 78 kg; 0.6 × 0.4 × 0.3 × 3 = 0.216 m³
    assert (line.cartons, line.net_kg, line.gross_kg, line.cbm) == (
        3,
        Decimal("54.00"),
        Decimal("78.00"),
        Decimal("0.216"),
    )


def test_cartons_that_disagree_and_missing_figures_are_problems_with_their_cells():
    frame = _lines(
        [
            {
                L.order_id: "A",
                L.line_no: 1,
                L.qty: 100.0,
                L.carton_qty: 10,
                L.cartons: 12,
                L.net_kg: 1,
                L.gross_kg: 2,
                L.cbm: 0.1,
            },
            {L.order_id: "A", L.line_no: 2, L.qty: 100.0, L.net_kg: 1, L.gross_kg: 2, L.cbm: 0.1},
            {
                L.order_id: "A",
                L.line_no: 3,
                L.qty: 100.0,
                L.carton_qty: 10,
                L.net_kg: 5,
                L.gross_kg: 2,
                L.cbm: 0.1,
            },
        ]
    )
    _, problems = pack(frame)
    where = {(p.row, str(p.column)) for p in problems}
    assert (2, str(L.cartons)) in where  # 100 / 10 = 10, not 12
    assert (3, str(L.carton_qty)) in where
    assert (4, str(L.gross_kg)) in where  # gross below net


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.integers(1, 48)), min_size=1, max_size=12))
def test_ranges_never_overlap_and_add_up(spec):
    frame = _lines(
        [
            {
                L.order_id: "A",
                L.line_no: i + 1,
                L.qty: float(q),
                L.carton_qty: c,
                L.net_kg: 1.0,
                L.gross_kg: 1.5,
                L.cbm: 0.01,
            }
            for i, (q, c) in enumerate(spec)
        ]
    )
    packed, problems = pack(frame)
    assert problems == []
    lines, totals = packing_lines(packed)
    expected = 1
    for x, (q, c) in zip(lines, spec, strict=True):
        assert x.first_carton == expected  # no gap, no overlap
        assert x.cartons == -(-q // c) and x.last_carton == x.first_carton + x.cartons - 1
        expected = x.last_carton + 1
    assert totals.cartons == expected - 1 == sum(-(-q // c) for q, c in spec)
    assert totals.net_kg == Decimal(len(spec)) and totals.gross_kg == Decimal("1.5") * len(spec)
