"""Load plan: chargeable weights, the container choice and a carton-level fit check.

Definitions:
- chargeable weight is the greater of the gross weight and the volumetric weight: air 1:6000
  (1 m³ = 166.67 kg), express 1:5000 (1 m³ = 200 kg); LCL is charged per revenue tonne (W/M),
  the greater of the tonnes and the cubic metres (1 m³ = 1,000 kg);
- a container type holds `usable_cbm` (inside volume × Max Fill %) and `payload_kg`; a load
  needs the greater of ceil(cbm / usable_cbm) and ceil(kg / payload_kg) containers of a type;
  the choice is the type needing the fewest containers, then the smallest (the order of the
  Containers table); the load is *weight-bound* when the weight share is the higher one;
- the carton fit (`carton_fit`) stands cartons upright (this side up), turns them only on the
  floor, lays each line's cartons in slices across the container's width, stacked as high as the
  inside height allows (one tier for cartons that cannot bear another), and packs the slices
  first-fit-decreasing (deepest first) into containers by floor length and payload. Limits: one
  carton size per slice (no mixed stacks, nothing stands on a non-stackable carton, the space
  above it is lost), no weight-per-tier limit, no axle-load or centre-of-gravity check, no
  pallets; the door check is on a carton's size, not on the loading of a full slice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orderdesk.domain.logistics import LogisticsError

# kg of chargeable weight per m³, by mode.
KG_PER_CBM = {"air": 1_000_000 / 6000, "express": 1_000_000 / 5000, "lcl": 1000.0}


def chargeable(gross_kg: np.ndarray, cbm: np.ndarray, mode: str) -> np.ndarray:
    """Chargeable kg of many loads for one mode (air, express, lcl; LCL's kg are W/M × 1,000)."""
    factor = KG_PER_CBM.get(mode.strip().lower())
    if factor is None:
        raise LogisticsError(f"mode {mode!r}: chargeable weight is for air, express or lcl")
    return np.maximum(np.asarray(gross_kg, dtype=float), np.asarray(cbm, dtype=float) * factor)


def chargeable_kg(gross_kg: float, cbm: float, mode: str) -> float:
    """One load's chargeable kg (the worksheet function's rule)."""
    _check(gross_kg, cbm)
    return round(float(chargeable(np.array([gross_kg]), np.array([cbm]), mode)[0]), 3)


# More containers than the largest ships carry (about 24,000 TEU): a load beyond this is a unit
# or typing error, and a count this large would overflow the integers the plan is written in.
MOST_CONTAINERS = 10_000
MOST_CBM = MOST_CONTAINERS * 76.0  # a 40' high cube holds about 76 m³
MOST_KG = MOST_CONTAINERS * 30_000.0  # no container's payload is above 30 t


def _check(kg: float, cbm: float) -> None:
    if not (math.isfinite(kg) and math.isfinite(cbm)):
        raise LogisticsError("weight and volume must be finite numbers")
    if kg < 0 or cbm < 0:
        raise LogisticsError("weight and volume cannot be negative")
    if kg > MOST_KG or cbm > MOST_CBM:
        raise LogisticsError(
            f"{cbm:,.6g} m³ / {kg:,.6g} kg is more than any shipment (over "
            f"{MOST_CONTAINERS:,} containers' worth): check the units (m³ and kg)"
        )


@dataclass(frozen=True)
class ContainerType:
    code: str  # 20GP, 40GP, 40HC
    length_cm: float
    width_cm: float
    height_cm: float
    door_w_cm: float
    door_h_cm: float
    payload_kg: float
    max_fill: float = 0.9

    @property
    def cbm(self) -> float:
        return self.length_cm * self.width_cm * self.height_cm / 1e6

    @property
    def usable_cbm(self) -> float:
        return self.cbm * self.max_fill

    @property
    def label(self) -> str:
        return {"20GP": "20'", "40GP": "40'", "40HC": "40'HC"}.get(self.code, self.code)


# ISO 668 general-purpose containers as carriers publish them (inside dimensions, door opening,
# payload); a register's Settings → Containers table states its own.
STANDARD_CONTAINERS: tuple[ContainerType, ...] = (
    ContainerType("20GP", 589, 235, 239, 234, 228, 28_200),
    ContainerType("40GP", 1203, 235, 239, 234, 228, 26_700),
    ContainerType("40HC", 1203, 235, 269, 234, 258, 26_500),
)


def container_counts(
    cbm: np.ndarray, kg: np.ndarray, types: Sequence[ContainerType]
) -> dict[str, np.ndarray]:
    """Containers of each type every load needs (at least one), by volume and weight; a load
    past MOST_CONTAINERS shows one more than that (never an overflowed integer)."""
    cbm = np.nan_to_num(np.asarray(cbm, dtype=float))
    kg = np.nan_to_num(np.asarray(kg, dtype=float))
    return {
        t.code: np.clip(
            np.maximum(np.ceil(cbm / t.usable_cbm - 1e-9), np.ceil(kg / t.payload_kg - 1e-9)),
            1,
            MOST_CONTAINERS + 1,
        ).astype(int)
        for t in types
    }


def choose_containers(
    cbm: np.ndarray, kg: np.ndarray, types: Sequence[ContainerType]
) -> pd.DataFrame:
    """Per load: `type` (code), `count`, `fill_volume`, `fill_weight` (of the chosen set's
    inside volume and payload) and `bound` ("weight" or "volume")."""
    if not types:
        raise LogisticsError("Settings has no container types")
    counts = container_counts(cbm, kg, types)
    table = np.vstack([counts[t.code] for t in types])  # types × loads
    pick = np.argmin(table, axis=0)  # the fewest; ties go to the first (smallest) type
    n = table[pick, np.arange(table.shape[1])]
    cap = np.array([t.cbm for t in types])[pick]
    usable = np.array([t.usable_cbm for t in types])[pick]
    payload = np.array([t.payload_kg for t in types])[pick]
    cbm = np.nan_to_num(np.asarray(cbm, dtype=float))
    kg = np.nan_to_num(np.asarray(kg, dtype=float))
    return pd.DataFrame(
        {
            "type": np.array([t.code for t in types], dtype=object)[pick],
            "label": np.array([t.label for t in types], dtype=object)[pick],
            "count": n,
            "fill_volume": cbm / (n * cap),
            "fill_weight": kg / (n * payload),
            "bound": np.where(kg / payload > cbm / usable, "weight", "volume"),
        }
    )


def container_fit_text(cbm: float, kg: float, types: Sequence[ContainerType]) -> str:
    """The worksheet function's answer: "1 × 20' (volume 30%, weight 96%, weight-bound)"."""
    _check(kg, cbm)
    r = choose_containers(np.array([cbm]), np.array([kg]), types).iloc[0]
    return (
        f"{r['count']} × {r['label']} (volume {r['fill_volume']:.0%}, weight "
        f"{r['fill_weight']:.0%}, {r['bound']}-bound)"
    )


# --- carton-level fit -------------------------------------------------------------------------


@dataclass(frozen=True)
class CartonLine:
    """The cartons of one order line: how many, their size (cm), gross kg each, stackable."""

    name: str
    cartons: int
    length_cm: float
    width_cm: float
    height_cm: float
    kg_each: float
    stackable: bool = True


@dataclass(frozen=True)
class Fit:
    containers: int  # containers of the type the cartons need by the layout
    floor_m: float  # floor length used, summed over the containers
    problems: tuple[str, ...]  # cartons that cannot be loaded at all (door, size)

    def text(self, container: ContainerType, planned: int) -> str:
        if self.problems:
            return "; ".join(self.problems)
        floor = container.length_cm / 100 * self.containers
        if self.containers > planned:
            return f"needs {self.containers} × {container.label} by carton layout"
        return f"fits: {self.floor_m:.1f} m of {floor:.1f} m floor"


@dataclass
class _Slices:
    depth: float  # cm of floor length one slice takes
    kg: float  # of one slice
    count: int


def _slices(line: CartonLine, c: ContainerType) -> list[_Slices] | str:
    if min(line.length_cm, line.width_cm) > c.door_w_cm or line.height_cm > c.door_h_cm:
        return f"{line.name}: a carton does not pass the {c.label} door"
    tiers = int(c.height_cm // line.height_cm) if line.stackable else 1
    best: tuple[float, float, int] | None = None  # floor cm, depth, cartons per slice
    for depth, across_dim in ((line.length_cm, line.width_cm), (line.width_cm, line.length_cm)):
        across = int(c.width_cm // across_dim)
        if across < 1 or tiers < 1 or depth > c.length_cm:
            continue
        per_slice = across * tiers
        floor = depth * math.ceil(line.cartons / per_slice)
        if best is None or floor < best[0]:
            best = (floor, depth, per_slice)
    if best is None:
        return f"{line.name}: a carton is larger than a {c.label}'s inside"
    _, depth, per_slice = best
    full, rest = divmod(line.cartons, per_slice)
    out = [_Slices(depth, per_slice * line.kg_each, full)] if full else []
    if rest:
        out.append(_Slices(depth, rest * line.kg_each, 1))
    return out


def carton_fit(lines: Sequence[CartonLine], c: ContainerType) -> Fit:
    """First-fit-decreasing of each line's slices into containers of one type (see the module
    docstring for the heuristic and its limits)."""
    groups: list[_Slices] = []
    problems: list[str] = []
    for line in lines:
        if line.cartons <= 0:
            continue
        s = _slices(line, c)
        if isinstance(s, str):
            problems.append(s)
        else:
            groups.extend(s)
    groups.sort(key=lambda g: (-g.depth, -g.kg))
    free_len: list[float] = []
    free_kg: list[float] = []
    used = 0.0
    for g in groups:
        if g.kg > c.payload_kg:
            problems.append(f"one slice of {g.kg:,.0f} kg is over the {c.label} payload")
            continue
        left = g.count
        i = 0
        while left:
            if i == len(free_len):
                free_len.append(c.length_cm)
                free_kg.append(c.payload_kg)
            room = min(int(free_len[i] // g.depth), int(free_kg[i] // g.kg) if g.kg else left)
            take = min(room, left)
            free_len[i] -= take * g.depth
            free_kg[i] -= take * g.kg
            used += take * g.depth
            left -= take
            i += 1
    return Fit(max(len(free_len), 1), used / 100, tuple(problems))
