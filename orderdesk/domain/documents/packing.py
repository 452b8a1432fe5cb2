"""Packing: cartons from quantity and carton quantity, carton numbers, weights and volume.

Carton numbers run 1…N over an order's lines in line order, each line taking the next block, so
ranges never overlap and the last range ends at the order's carton count. A line that does not
fill its last carton says how many units that carton holds. Net and gross weight and CBM are the
line's own figures when the register has them (they are whole-line values), else worked out from
the product's unit net weight, carton gross weight and carton size. Each line is rounded first
(kg to 0.01, CBM to 0.001) and the totals are the sums of the printed figures, so the columns add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.documents.models import PackingLine, PackingTotals
from orderdesk.domain.validation.registry import show
from orderdesk.ports import TableData
from orderdesk.schema import Column, OrderLines, Products

KG = Decimal("0.01")
M3 = Decimal("0.001")
_EPS = 1e-9  # float quantities from Excel: 1000/100 must not become 10.000000001 → 11 cartons


@dataclass(frozen=True)
class Problem:
    """Something in the register that stops a document: where (sheet row, column) and what."""

    row: int | None
    column: Column | None
    value: Any
    message: str
    rule: str = ""  # a Validate rule code, where the problem is Validate's finding


def where(p: Problem, orders: TableData, lines: TableData) -> str:
    """A problem as the user reads it: Validate's finding as Validate words it, else the cell
    (on Orders or OrderLines) with what it holds — an unreadable value's own trouble, or the
    value, or "blank" — and the message."""
    if p.rule:  # Validate's own finding, which names its cell
        return f"Validate {p.rule}: {p.message}"
    if p.row is None or p.column is None:
        return p.message
    data = lines if getattr(p.column, "table", None) is OrderLines else orders
    ref = data.ref(p.row, p.column)
    unreadable = [i for i in data.issues if (i.ref.row, i.ref.column) == (ref.row, ref.column)]
    if unreadable:  # not blank: typed, but not as a value of its kind
        return f"{ref}: {unreadable[0].problem}: {p.message}"
    value = show(p.column, p.value)
    return f"{ref} is " + (f"'{value}'" if value else "blank") + f": {p.message}"


def _dec(value: float, step: Decimal) -> Decimal:
    return Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)


def pack(
    lines: pd.DataFrame, products: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Carton numbers, weights and CBM for the lines of one or more orders.

    `lines` is an OrderLines frame (index = sheet row); `products` a Products frame. Returns the
    lines in order with columns cartons, first, last, last_qty, net, gross, cbm (floats/ints),
    and the problems that make a line unpackable (those lines are left out).
    """
    L = OrderLines
    frame = lines.sort_values([L.order_id, L.line_no], kind="stable").copy()
    problems: list[Problem] = []
    prod = _product_facts(frame, products)

    qty = frame[L.qty].astype("float64")
    per = frame[L.carton_qty].astype("float64").fillna(prod["carton_qty"])
    bad_qty = qty.isna() | (qty <= 0)
    bad_per = per.isna() | (per <= 0)
    cartons = pd.Series(np.ceil(qty / per.where(~bad_per) - _EPS), index=frame.index)
    given = frame[L.cartons].astype("float64")
    # Fewer units ship than were ordered (a CI/PL after incoming inspection): the register's
    # packing figures may be those of the ordered quantity. Then the cartons are counted for
    # what ships, and the weights and volume go down in proportion.
    ordered = frame["ordered"].astype("float64") if "ordered" in frame else None
    net_given = frame[L.net_kg].astype("float64")
    gross_given = frame[L.gross_kg].astype("float64")
    cbm_given = frame[L.cbm].astype("float64")
    if ordered is not None:
        for_ordered = pd.Series(np.ceil(ordered / per.where(~bad_per) - _EPS), index=frame.index)
        scaled = ordered.notna() & given.notna() & (given == for_ordered) & (given != cartons)
        if scaled.any():
            unit_share = (qty / ordered).where(scaled, 1.0)
            carton_share = (cartons / given).where(scaled, 1.0)
            net_given = net_given * unit_share
            gross_given = gross_given * carton_share
            cbm_given = cbm_given * carton_share
            given = given.where(~scaled, cartons)
    disagree = given.notna() & cartons.notna() & (given != cartons)

    for row in frame.index[bad_qty]:
        problems.append(Problem(row, L.qty, frame.at[row, L.qty], "quantity must be above 0"))
    for row in frame.index[bad_per & ~bad_qty]:
        problems.append(
            Problem(
                row,
                L.carton_qty,
                frame.at[row, L.carton_qty],
                "units per carton missing (here and on the Products sheet)",
            )
        )
    for row in frame.index[disagree]:
        problems.append(
            Problem(
                row,
                L.cartons,
                int(given[row]),
                f"{_plain(qty[row])} units at {_plain(per[row])} per carton need "
                f"{int(cartons[row])} cartons, not {int(given[row])}; correct Cartons or "
                "Carton Qty",
            )
        )

    net = net_given.fillna(qty * prod["unit_net_kg"])
    gross = gross_given.fillna(cartons * prod["carton_gross_kg"])
    cbm = cbm_given.fillna(cartons * prod["carton_m3"])
    for col, values in ((L.net_kg, net), (L.gross_kg, gross), (L.cbm, cbm)):
        for row in frame.index[values.isna() & ~bad_qty & ~bad_per]:
            problems.append(
                Problem(row, col, None, "missing, and the product has no figures to work it out")
            )
    heavier = (net > gross) & net.notna() & gross.notna()
    for row in frame.index[heavier]:
        problems.append(
            Problem(row, L.gross_kg, gross[row], f"gross weight below the net weight {net[row]:g}")
        )

    bad_rows = {p.row for p in problems}
    ok = ~frame.index.isin(list(bad_rows))
    out = frame.loc[ok].copy()
    out["cartons"] = cartons[ok].astype(int)
    out["per"] = per[ok].astype(int)
    last = out.groupby(L.order_id, sort=False)["cartons"].cumsum()
    out["last"] = last.astype(int)
    out["first"] = (last - out["cartons"] + 1).astype(int)
    remainder = qty[ok] - (out["cartons"] - 1) * out["per"]
    out["last_qty"] = remainder.where(remainder < out["per"])
    out["net"] = net[ok]
    out["gross"] = gross[ok]
    out["cbm"] = cbm[ok]
    return out, problems


def _product_facts(lines: pd.DataFrame, products: pd.DataFrame | None) -> pd.DataFrame:
    """Per line, the product's carton qty, unit net kg, carton gross kg and carton m³ (or NaN)."""
    cols = ["carton_qty", "unit_net_kg", "carton_gross_kg", "carton_m3"]
    if products is None or products.empty:
        return pd.DataFrame(np.nan, index=lines.index, columns=cols)
    P = Products
    p = products.drop_duplicates(P.sku).set_index(P.sku)
    facts = pd.DataFrame(
        {
            "carton_qty": p[P.carton_qty].astype("float64"),
            "unit_net_kg": p[P.unit_net_kg].astype("float64"),
            "carton_gross_kg": p[P.carton_gross_kg].astype("float64"),
            "carton_m3": p[P.carton_l_cm].astype("float64")
            * p[P.carton_w_cm].astype("float64")
            * p[P.carton_h_cm].astype("float64")
            / 1_000_000,
        }
    )
    return facts.reindex(lines[OrderLines.sku].to_numpy()).set_axis(lines.index)


def _plain(value: float) -> str:
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def packing_lines(
    packed: pd.DataFrame | Sequence[Mapping[str, Any]],
) -> tuple[list[PackingLine], PackingTotals]:
    """The packed lines of one order (a frame from `pack`, or its records) as document lines,
    and totals that are their sums."""
    L = OrderLines
    out: list[PackingLine] = []
    records = packed.to_dict("records") if isinstance(packed, pd.DataFrame) else packed
    for rec in records:
        last_qty = rec["last_qty"]
        out.append(
            PackingLine(
                no=int(rec[L.line_no]),
                sku=_text(rec[L.sku]),
                description=_text(rec[L.description]),
                qty=quantity(rec[L.qty]),
                unit=_text(rec[L.unit]),
                carton_qty=int(rec["per"]),
                cartons=int(rec["cartons"]),
                first_carton=int(rec["first"]),
                last_carton=int(rec["last"]),
                last_carton_qty=None if pd.isna(last_qty) else quantity(last_qty),
                net_kg=_dec(rec["net"], KG),
                gross_kg=_dec(rec["gross"], KG),
                cbm=_dec(rec["cbm"], M3),
            )
        )
    totals = PackingTotals(
        cartons=sum(p.cartons for p in out),
        net_kg=sum((p.net_kg for p in out), Decimal(0)),
        gross_kg=sum((p.gross_kg for p in out), Decimal(0)),
        cbm=sum((p.cbm for p in out), Decimal(0)),
    )
    return out, totals


def quantity(value: Any) -> Decimal:
    """A quantity from a frame as Decimal: 1000.0 → 1000, 12.5 → 12.5."""
    d = Decimal(repr(float(value)))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()
