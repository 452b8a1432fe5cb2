"""Load plans of many orders at once: totals, chargeable weights, the container choice, and the
carton-level fit of the chosen container (see `load` for the rules and the fit's limits).

Input frames use plain column names (the action renames the register's columns):
- lines: order_id, sku, cartons, gross_kg, cbm;
- cartons: sku, length_cm, width_cm, height_cm, stackable (bool; blank reads as True).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from orderdesk.domain.logistics.load import (
    CartonLine,
    ContainerType,
    carton_fit,
    chargeable,
    choose_containers,
    container_counts,
)


def order_loads(lines: pd.DataFrame, types: Sequence[ContainerType]) -> pd.DataFrame:
    """Per order (index order_id): cartons, gross_kg, cbm, air_kg, express_kg, lcl_wm, the
    containers needed of every type (`n_20GP` …) and the chosen set (`type`, `label`, `count`,
    `fill_volume`, `fill_weight`, `bound`)."""
    g = lines.groupby("order_id", sort=False)[["cartons", "gross_kg", "cbm"]].sum(min_count=1)
    kg = g["gross_kg"].fillna(0.0).to_numpy(dtype=float)
    cbm = g["cbm"].fillna(0.0).to_numpy(dtype=float)
    g["air_kg"] = chargeable(kg, cbm, "air")
    g["express_kg"] = chargeable(kg, cbm, "express")
    g["lcl_wm"] = chargeable(kg, cbm, "lcl") / 1000
    for code, n in container_counts(cbm, kg, types).items():
        g[f"n_{code}"] = n
    choice = choose_containers(cbm, kg, types)
    choice.index = g.index
    return g.join(choice)


def carton_lines(lines: pd.DataFrame, cartons: pd.DataFrame) -> dict[str, list[CartonLine] | str]:
    """Per order, its cartons line by line, or why they cannot be laid out (a size missing)."""
    dims = cartons.drop_duplicates("sku").set_index("sku")
    joined = lines.join(dims, on="sku")
    n = joined["cartons"].to_numpy(dtype=float)
    kg = joined["gross_kg"].to_numpy(dtype=float) / np.where(n > 0, n, np.nan)
    size = joined[["length_cm", "width_cm", "height_cm"]].to_numpy(dtype=float)
    no_size = np.isnan(size).any(axis=1)
    no_count = np.isnan(n) | np.isnan(kg)
    stack = [not _false(v) for v in joined["stackable"].tolist()]
    skus = [str(v) for v in joined["sku"].tolist()]
    out: dict[str, list[CartonLine] | str] = {}
    missing: dict[str, set[str]] = {}
    for i, oid in enumerate(str(v) for v in joined["order_id"].tolist()):
        have = out.setdefault(oid, [])
        if no_size[i]:
            missing.setdefault(oid, set()).add(skus[i])
        elif no_count[i]:
            out[oid] = "cartons or gross kg missing on a line"
        elif isinstance(have, list):
            l_, w_, h_ = size[i]
            have.append(CartonLine(skus[i], int(n[i]), l_, w_, h_, float(kg[i]), stack[i]))
    for oid, skus_missing in missing.items():
        out[oid] = f"no carton size for {', '.join(sorted(skus_missing))} (Products)"
    return out


def carton_fits(
    by_order: dict[str, list[CartonLine] | str],
    loads: pd.DataFrame,
    types: Sequence[ContainerType],
) -> pd.DataFrame:
    """Per order, the carton fit in its type (`loads`' `type` and `count`): `fit` (a line of
    text) and `fit_count` (containers the layout needs; NaN where it could not be laid out)."""
    by_code = {t.code: t for t in types}
    text: dict[str, str] = {}
    need: dict[str, float] = {}
    kinds = dict(zip(map(str, loads.index), map(str, loads["type"]), strict=True))
    counts = dict(zip(map(str, loads.index), map(int, loads["count"]), strict=True))
    for oid, kind in kinds.items():
        cartons = by_order.get(oid, "no lines")
        if isinstance(cartons, str):
            text[oid] = cartons
            continue
        c = by_code[kind]
        fit = carton_fit(cartons, c)
        text[oid] = fit.text(c, counts[oid])
        need[oid] = np.nan if fit.problems else fit.containers
    return pd.DataFrame(
        {"fit": pd.Series(text, dtype=object), "fit_count": pd.Series(need, dtype=float)}
    )


def _false(value: object) -> bool:
    return value is False or value is np.False_


def plan_containers(
    lines: pd.DataFrame,
    cartons: pd.DataFrame,
    loads: pd.DataFrame,
    types: Sequence[ContainerType],
) -> pd.DataFrame:
    """`order_loads` with the carton layout taken into account: every type's count raised to
    what the layout needs (`n_20GP` …, which pricing uses), the choice made again on those
    counts (the fewest, then the smallest type), its fill recomputed, and `fit` (the layout of
    the chosen type, as text)."""
    out = loads.copy()
    by_order = carton_lines(lines, cartons)
    texts: dict[str, pd.Series] = {}
    for t in types:
        fit = carton_fits(by_order, out.assign(type=t.code, count=out[f"n_{t.code}"]), types)
        need = fit["fit_count"].reindex(out.index).fillna(0).to_numpy()
        out[f"n_{t.code}"] = np.maximum(out[f"n_{t.code}"].to_numpy(), need).astype(int)
        texts[t.code] = fit["fit"].reindex(out.index)
    table = np.vstack([out[f"n_{t.code}"].to_numpy() for t in types])
    pick = np.argmin(table, axis=0)
    n = table[pick, np.arange(table.shape[1])]
    codes = np.array([t.code for t in types], dtype=object)[pick]
    cap = np.array([t.cbm for t in types])[pick]
    payload = np.array([t.payload_kg for t in types])[pick]
    out["type"] = codes
    out["label"] = np.array([t.label for t in types], dtype=object)[pick]
    out["count"] = n
    out["fill_volume"] = out["cbm"].fillna(0).to_numpy(dtype=float) / (n * cap)
    out["fill_weight"] = out["gross_kg"].fillna(0).to_numpy(dtype=float) / (n * payload)
    out["fit"] = [texts[c].iloc[i] for i, c in enumerate(codes)]
    return out
