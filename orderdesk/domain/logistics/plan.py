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


def carton_fits(
    lines: pd.DataFrame,
    cartons: pd.DataFrame,
    loads: pd.DataFrame,
    types: Sequence[ContainerType],
) -> pd.DataFrame:
    """Per order, the carton fit in its chosen container type: `fit` (a line of text) and
    `fit_count` (containers the layout needs; NaN where it could not be laid out)."""
    by_code = {t.code: t for t in types}
    dims = cartons.drop_duplicates("sku").set_index("sku")
    joined = lines.join(dims, on="sku")
    joined["kg_each"] = joined["gross_kg"] / joined["cartons"].where(joined["cartons"] > 0)
    out: dict[object, str] = {}
    need: dict[object, float] = {}
    for order_id, part in joined.groupby("order_id", sort=False):
        load = loads.loc[order_id]
        c = by_code[str(load["type"])]
        missing = part[part[["length_cm", "width_cm", "height_cm"]].isna().any(axis=1)]
        if len(missing):
            skus = ", ".join(sorted({str(s) for s in missing["sku"]}))
            out[order_id] = f"no carton size for {skus} (Products)"
            continue
        if part["cartons"].isna().any() or part["kg_each"].isna().any():
            out[order_id] = "cartons or gross kg missing on a line"
            continue
        fit = carton_fit(
            [
                CartonLine(
                    str(r.sku),
                    int(r.cartons),
                    float(r.length_cm),
                    float(r.width_cm),
                    float(r.height_cm),
                    float(r.kg_each),
                    not _false(r.stackable),
                )
                for r in part.itertuples(index=False)
            ],
            c,
        )
        out[order_id] = fit.text(c, int(load["count"]))
        need[order_id] = np.nan if fit.problems else fit.containers
    return pd.DataFrame({"fit": pd.Series(out, dtype=object), "fit_count": pd.Series(need)})


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
    texts: dict[str, pd.Series] = {}
    for t in types:
        fit = carton_fits(lines, cartons, out.assign(type=t.code, count=out[f"n_{t.code}"]), types)
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
