"""Contingency routes: a lane's pre-assessed alternatives (Settings → Contingencies), proposed
for a shipment whose tracking shows a delay past the threshold.

A shipment that has departed can no longer change its port of loading or carrier: only the
alternatives of other kinds (sea-air, air) are proposed for it. An alternative is proposed when
it saves days; they are listed cheapest per day saved first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BEFORE_DEPARTURE = ("other pol", "other port of loading", "other carrier")


def reroutes(shipments: pd.DataFrame, routes: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """shipments: shipment_id, order_id, lane, delay_days, departed, arrived;
    routes: lane, route, kind, extra_cost, currency, days_saved.
    Returns the proposals: shipment_id, order_id, lane, delay_days, route, kind, extra_cost,
    currency, days_saved, note."""
    late = shipments[(shipments["delay_days"] > threshold) & ~shipments["arrived"]]
    pairs = late.merge(routes, on="lane")
    kind = pairs["kind"].fillna("").astype(str).str.strip().str.lower()
    pairs = pairs[~(pairs["departed"] & kind.isin(BEFORE_DEPARTURE)) & (pairs["days_saved"] > 0)]
    pairs = pairs.assign(
        per_day=pairs["extra_cost"] / pairs["days_saved"],
        note=np.where(
            pairs["days_saved"] >= pairs["delay_days"],
            "makes up the whole delay",
            "makes up "
            + pairs["days_saved"].astype(int).astype(str)
            + " of "
            + pairs["delay_days"].astype(int).astype(str)
            + " days",
        ),
    )
    pairs = pairs.sort_values(["shipment_id", "per_day"], kind="stable")
    cols = [
        "shipment_id",
        "order_id",
        "lane",
        "delay_days",
        "route",
        "kind",
        "extra_cost",
        "currency",
        "days_saved",
        "note",
    ]
    return pairs[cols].reset_index(drop=True)
