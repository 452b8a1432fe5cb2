"""Forwarders' quotes and rate cards as priced offers; quotes compared per order on landed cost
in the order's currency (ECB rate of the quote date); reliability from tracking history.

A quote's price per basis unit is freight + BAF + THC + other; documentation is per shipment;
the minimum charge applies to the per-unit part. A quote whose Valid Until is before the day of
the run is *expired*: listed, flagged, never priced into a plan nor recommended.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from orderdesk.domain.logistics.decide import RatesFn, _units

OFFER_COLUMNS = [
    "lane",
    "mode",
    "basis",
    "unit_price",
    "fixed",
    "min_charge",
    "currency",
    "transit_days",
    "carrier",
    "source",
    "fx_date",
]
COMPONENTS = ("freight", "baf", "thc", "other")


def _norm(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("lane", "currency", "carrier"):
        if col in out:
            out[col] = out[col].astype("string").str.strip().str.upper()
    for col in ("mode", "basis"):
        out[col] = out[col].astype("string").str.strip().str.lower()
    # container codes are upper case (20GP), the other bases lower (kg, wm, shipment)
    out["basis"] = out["basis"].where(
        out["basis"].isin(["kg", "wm", "shipment"]), out["basis"].str.upper()
    )
    return out


def lane_offers(lanes: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Rate card rows (lane, mode, basis, carrier, transit_days, rate, currency, min_charge)."""
    out = _norm(lanes)
    out["unit_price"] = out["rate"].astype(float)
    out["fixed"] = 0.0
    out["source"] = "rate card"
    out["fx_date"] = pd.Timestamp(today)
    return out.reindex(columns=OFFER_COLUMNS)


def expired(quotes: pd.DataFrame, today: dt.date) -> pd.Series:
    return pd.to_datetime(quotes["valid_until"]) < pd.Timestamp(today)


def quote_offers(
    quotes: pd.DataFrame, today: dt.date, *, with_expired: bool = False
) -> pd.DataFrame:
    """Quotes as offers, priced at the ECB rate of their quote date; expired ones left out
    unless asked (for the comparison, which shows them flagged)."""
    out = _norm(quotes)
    if not with_expired:
        out = out[~expired(quotes, today)]
    out["unit_price"] = out[list(COMPONENTS)].astype(float).fillna(0.0).sum(axis=1)
    out["fixed"] = out["documentation"].astype(float).fillna(0.0)
    out["source"] = (
        "quote " + out["quote_ref"].astype(str) + " (" + out["forwarder"].astype(str) + ")"
    )
    out["fx_date"] = pd.to_datetime(out["quote_date"])
    keep = [*OFFER_COLUMNS, "quote_ref", "forwarder", "valid_until"]
    return out.reindex(columns=keep)


def compare_quotes(
    loads: pd.DataFrame,
    quotes: pd.DataFrame,
    rates: RatesFn,
    today: dt.date,
    on_time_share: pd.Series,
) -> pd.DataFrame:
    """Every quote of an order's lane, priced for the order: quoted (quote currency), rate and
    rate date (ECB, as of the quote date), landed (order currency), arrives / on_time (from the
    order's ready and requested dates in `loads`), state (recommended, valid, expired), rank."""
    offers = quote_offers(quotes, today, with_expired=True)
    pairs = loads.merge(offers, on="lane", suffixes=("", "_quote"))
    if pairs.empty:
        added = ["quoted", "rate", "rate_date", "landed", "arrives", "on_time", "expired"]
        return pairs.assign(**{c: [] for c in [*added, "on_time_share", "state", "rank"]})
    units = _units(pairs)
    quoted = np.maximum(
        pairs["unit_price"].to_numpy(dtype=float) * units,
        pairs["min_charge"].astype(float).fillna(0.0).to_numpy(),
    ) + pairs["fixed"].to_numpy(dtype=float)
    fx = rates(pairs["currency_quote"].to_numpy(), pairs["currency"].to_numpy(), pairs["fx_date"])
    pairs["quoted"] = quoted
    pairs["rate"] = fx["rate"].to_numpy()
    pairs["rate_date"] = fx["fixing"].to_numpy()
    pairs["landed"] = quoted * pairs["rate"]
    day0 = pd.Timestamp(today)
    ready = pd.to_datetime(pairs["ready"])
    ready = ready.where(ready > day0, day0)  # passed or blank: from today
    pairs["arrives"] = ready + pd.to_timedelta(pairs["transit_days"].astype(float), unit="D")
    due = pd.to_datetime(pairs["requested"])
    pairs["on_time"] = due.isna() | (pairs["arrives"] <= due)
    pairs["expired"] = pd.to_datetime(pairs["valid_until"]) < pd.Timestamp(today)
    pairs["on_time_share"] = pairs["carrier"].map(on_time_share)
    usable = ~pairs["expired"] & pairs["landed"].notna()
    pairs = pairs.sort_values(
        ["order_id", "expired", "on_time", "landed", "transit_days"],
        ascending=[True, True, False, True, True],
        kind="stable",
    )
    usable = usable.loc[pairs.index]
    first = usable & ~pairs.loc[usable]["order_id"].duplicated().reindex(
        pairs.index, fill_value=True
    )
    pairs["state"] = np.where(pairs["expired"], "expired", np.where(first, "recommended", "valid"))
    pairs["rank"] = pairs.groupby("order_id", sort=False).cumcount() + 1
    return pairs.reset_index(drop=True)


# --- reliability from the register's tracking history ----------------------------------------

DEPART, ARRIVE = "DEPA", "ARRI"


def shipment_delays(events: pd.DataFrame, shipments: pd.DataFrame) -> pd.DataFrame:
    """Per shipment_id: `delay` days — the actual arrival (else departure), or while it runs the
    latest estimate, against the first planned or estimated time the carrier gave
    (ShipmentEvents: PLN / EST, then ACT) — and `actual` (True when an actual time says it).
    Where the events do not say, the Delay Days Sync tracking wrote on Shipments."""
    ev = events[events["code"].isin([DEPART, ARRIVE])]
    when = pd.to_datetime(ev["event_time"])
    planned = ev[ev["classifier"].isin(["PLN", "EST"])]
    actual = ev[ev["classifier"] == "ACT"]
    keys = [planned["shipment_id"], planned["code"]]
    first_plan = when[planned.index].groupby(keys).first()
    latest_plan = when[planned.index].groupby(keys).last()
    act = when[actual.index].groupby([actual["shipment_id"], actual["code"]]).last()
    ids = pd.Index(shipments["shipment_id"])
    out = pd.DataFrame({"delay": np.nan, "actual": False}, index=ids)
    for code in (DEPART, ARRIVE) if len(ev) else ():  # arrival wins where both are known
        for seen, is_actual in ((latest_plan, False), (act, True)):
            d = (seen - first_plan).dropna().dt.total_seconds() / 86400
            if code not in d.index.get_level_values(1):
                continue
            d = d.xs(code, level=1)
            d = d[d.index.isin(ids)].round()
            out.loc[d.index, "delay"] = d.to_numpy()
            out.loc[d.index, "actual"] = is_actual
    typed = pd.Series(shipments["delay_days"].to_numpy(dtype=float), index=ids)
    arrived = pd.Series(shipments["ata"].notna().to_numpy(), index=ids)
    gap = out["delay"].isna() & typed.notna()
    out.loc[gap, "delay"] = typed[gap]
    out.loc[gap, "actual"] = arrived[gap]
    return out[~out.index.duplicated()]


def reliability(delays: pd.DataFrame, shipments: pd.DataFrame, tolerance: int) -> pd.DataFrame:
    """Per carrier and per forwarder, over the shipments whose actual times are known: their
    number, the on-time share (delay ≤ tolerance days) and the average delay in days (early
    counts as 0). Columns who, kind, shipments, on_time_share, avg_delay."""
    frame = shipments[["shipment_id", "carrier", "forwarder"]].copy()
    done = delays["delay"].where(delays["actual"])
    frame["delay"] = frame["shipment_id"].map(done).clip(lower=0)
    frame = frame[frame["delay"].notna()]
    frame["on_time"] = frame["delay"] <= tolerance
    parts = []
    for kind in ("carrier", "forwarder"):
        g = frame[frame[kind].notna()].groupby(kind)
        part = pd.DataFrame(
            {
                "shipments": g.size(),
                "on_time_share": g["on_time"].mean(),
                "avg_delay": g["delay"].mean(),
            }
        )
        part.insert(0, "kind", kind)
        parts.append(part.rename_axis("who").reset_index())
    return pd.concat(parts, ignore_index=True)
