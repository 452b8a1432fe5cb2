"""Delay flags: which orders will reach the customer later than promised, by how much.

A shipment's delay is its arrival (actual, else the carrier's latest estimate) minus the order's
requested delivery date, in days. An order is flagged while one of its shipments is still on the
way and expected more than the tolerance (Settings → eta tolerance days) after that date; once
the goods have arrived the delay is a fact on the Shipments sheet, not news for the customer.
Everything here works on whole columns.
"""

from __future__ import annotations

import pandas as pd


def delay_days(arrival: pd.Series, promised: pd.Series) -> pd.Series:
    """Whole days late (0 when on time or early); <NA> where either date is unknown."""
    arrival = pd.to_datetime(arrival).dt.normalize()
    promised = pd.to_datetime(promised).dt.normalize()
    days = (arrival - promised).dt.days
    return days.clip(lower=0).astype("Int64")


def delayed_orders(
    shipments: pd.DataFrame, orders: pd.DataFrame, tolerance_days: int
) -> pd.DataFrame:
    """Orders to flag, one row each, with the shipment that arrives last.

    shipments: order_id, shipment_id, arrival (datetime), arrived (bool), destination, reference
    orders: order_id, promised (datetime), customer_ref, language
    Returns: order_id, shipment_id, delay_days, arrival, promised, destination, reference,
    customer_ref, language — only orders whose worst open shipment is late beyond the tolerance.
    """
    columns = [
        "order_id",
        "shipment_id",
        "delay_days",
        "arrival",
        "promised",
        "destination",
        "reference",
        "customer_ref",
        "language",
    ]
    open_ = shipments[~shipments["arrived"].astype(bool) & shipments["arrival"].notna()]
    if open_.empty or orders.empty:
        return pd.DataFrame(columns=columns)
    merged = open_.merge(orders, on="order_id", how="inner")
    merged["delay_days"] = delay_days(merged["arrival"], merged["promised"])
    late = merged[merged["delay_days"].fillna(0) > int(tolerance_days)]
    if late.empty:
        return pd.DataFrame(columns=columns)
    worst = late.sort_values(["order_id", "arrival", "shipment_id"]).groupby("order_id").tail(1)
    return worst[columns].sort_values("order_id").reset_index(drop=True)
