"""Early-warning bands from Settings (KPI early-warning bands): green, amber or red per KPI.

For a KPI where higher is better (OTIF %), a value below the amber threshold is amber and below
the red one red; where lower is better (DSO days), above. A value on the threshold itself is still
the better state ("below 90 % amber": 90 % is green). A KPI without a band has no state; a KPI
without data shows "no data".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from orderdesk.errors import OrderDeskError
from orderdesk.ports import CellRef, TableData
from orderdesk.schema import KpiBands


class Kpi(StrEnum):
    """The KPIs of the summary, named as in Settings → KPI early-warning bands."""

    ORDERS_SHIPPED = "Orders shipped"
    CYCLE_MEDIAN = "Cycle time days (median)"
    CYCLE_P90 = "Cycle time days (p90)"
    OTIF = "OTIF %"
    COMPLAINT_RATE = "Complaint rate %"
    SUPPLIER_ON_TIME = "Supplier on-time %"
    PRODUCT_DELAY = "Product delay rate %"
    GROSS_PROFIT = "Gross profit"
    TOP_CUSTOMERS = "Customers making 80 % of profit"
    RECEIVABLES = "Receivables open"
    OVER_90 = "Receivables > 90 days"
    DSO = "DSO days"
    WIN_RATE = "Quote win rate %"
    MARGIN_WON = "Avg margin won %"
    SHIP_RISK = "Ship date at risk days"
    COMPLAINT_SLA = "Complaints within SLA %"  # after-sales (issue 21)
    SATISFACTION = "Customer satisfaction %"  # after-sales (issue 21)


class State(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no data"


STATE_COLOURS = {State.GREEN: "C6EFCE", State.AMBER: "FFEB9C", State.RED: "FFC7CE"}


class BandError(OrderDeskError, ValueError):
    """A band in Settings that cannot be used; the message names the cell."""


@dataclass(frozen=True)
class Band:
    kpi: Kpi
    higher_is_better: bool
    amber: float | None
    red: float | None

    def state(self, value: float) -> State:
        if value is None or math.isnan(value):
            return State.NO_DATA
        sign = 1 if self.higher_is_better else -1
        if self.red is not None and sign * value < sign * self.red:
            return State.RED
        if self.amber is not None and sign * value < sign * self.amber:
            return State.AMBER
        return State.GREEN

    def beyond_red(self, value: float) -> bool:
        """Whether one order's value (days late, days at risk …) is past the red threshold."""
        if self.red is None:
            return False
        return value < self.red if self.higher_is_better else value > self.red

    def beyond_red_mask(self, values: pd.Series) -> pd.Series:
        """`beyond_red` for a column of values (a blank value is not beyond anything)."""
        if self.red is None:
            return pd.Series(False, index=values.index)
        return values < self.red if self.higher_is_better else values > self.red


def _norm(text: object) -> str:
    return " ".join(str(text or "").lower().split())


_BY_NAME = {_norm(k.value): k for k in Kpi}


def read_bands(data: TableData) -> tuple[dict[Kpi, Band], list[str]]:
    """The bands, and a note for each row naming a KPI that OrderDesk does not compute."""
    frame = data.frame
    bad = {(i.ref.row, i.ref.column): i for i in data.issues}
    bands: dict[Kpi, Band] = {}
    notes: list[str] = []
    for row, name, direction, amber, red in zip(
        frame.index,
        frame[KpiBands.kpi],
        frame[KpiBands.direction],
        frame[KpiBands.amber],
        frame[KpiBands.red],
        strict=True,
    ):
        kpi = _BY_NAME.get(_norm(name))
        if kpi is None:
            known = ", ".join(k.value for k in Kpi)
            notes.append(
                f"{data.ref(row, KpiBands.kpi)}: '{name}' is not a KPI OrderDesk computes; "
                f"its band is not used (KPIs: {known})"
            )
            continue
        for col in (KpiBands.amber, KpiBands.red):
            if (row, str(col)) in bad:
                issue = bad[(row, str(col))]
                raise BandError(f"{issue.ref}: {issue.problem}")
        way = _norm(direction)
        if way not in ("higher", "lower"):
            raise BandError(
                f"{data.ref(row, KpiBands.direction)}: '{direction}' — write higher or lower "
                f"(is a higher {kpi} better or worse?)"
            )
        band = Band(kpi, way == "higher", _number(amber), _number(red))
        if band.amber is not None and band.red is not None and band.beyond_red(band.amber):
            raise BandError(
                f"{_ref_pair(data, row)}: for '{kpi}' ({way} is better) the red threshold "
                f"{band.red:g} lies on the good side of amber {band.amber:g}"
            )
        bands[kpi] = band
    return bands, notes


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _ref_pair(data: TableData, row: int) -> str:
    amber: CellRef = data.ref(row, KpiBands.amber)
    red: CellRef = data.ref(row, KpiBands.red)
    return f"{amber.sheet}!{amber.address}:{red.address}"
