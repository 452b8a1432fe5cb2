"""What a tracking sync writes, from the carriers' answers: new events, the changed cells of each
Shipments row, and the Tracking Alert of each order a late shipment makes late.

Pure: frames of the register in, rows and changes out; the action reads and writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from orderdesk.domain.tracking.delays import delayed_orders
from orderdesk.domain.tracking.events import unique_events
from orderdesk.domain.tracking.places import port_name
from orderdesk.domain.tracking.queries import Fetched, ShipmentQuery
from orderdesk.domain.tracking.status import ShipmentTracking, summarize
from orderdesk.domain.tracking.updates import customer_update
from orderdesk.schema import Customers, Orders, ShipmentEvents, Shipments


def summaries(
    results: Mapping[str, Fetched], queries: Mapping[str, ShipmentQuery]
) -> tuple[dict[str, ShipmentTracking], dict[str, str]]:
    """Each answered shipment's tracking, and why an answer could not be used (by shipment): a
    carrier's answer the summary cannot use fails that shipment alone."""
    tracked: dict[str, ShipmentTracking] = {}
    unusable: dict[str, str] = {}
    for sid, f in results.items():
        q = queries[sid]
        try:
            tracked[sid] = summarize(
                f.events,
                port_of_loading=q.port_of_loading,
                port_of_discharge=q.port_of_discharge,
                destination=f.destination,
            )
        except Exception as exc:  # an outside system's answer: it must not cost the others
            unusable[sid] = f"the carrier's answer cannot be used: {str(exc) or type(exc).__name__}"
    return tracked, unusable


def arrivals(
    shipments: pd.DataFrame, rows: Mapping[str, int], tracked: Mapping[str, ShipmentTracking]
) -> tuple[pd.Series, pd.Series]:
    """Each shipment's arrival (actual, else expected) and whether it happened: from this sync
    where the carrier answered, else as the register has it."""
    arrival = shipments[Shipments.ata].fillna(shipments[Shipments.eta])
    arrived = shipments[Shipments.ata].notna()
    for sid, t in tracked.items():
        row = rows[sid]
        if t.arrival is not None:
            arrival.at[row] = pd.Timestamp(t.arrival)
        if t.ata is not None:
            arrived.at[row] = True
    return pd.to_datetime(arrival), arrived


def promised(shipments: pd.DataFrame, orders: pd.DataFrame) -> pd.Series:
    """Each shipment's promised delivery: its order's requested delivery date."""
    # reindex, not map: pandas' map over an empty column of IDs tries to cast the dates to float
    return (
        orders.drop_duplicates(Orders.order_id)
        .set_index(Orders.order_id)[Orders.requested_delivery]
        .reindex(shipments[Shipments.order_id])
        .set_axis(shipments.index)
    )


def new_event_rows(
    known: pd.DataFrame,
    results: Mapping[str, Fetched],
    queries: Mapping[str, ShipmentQuery],
    now: dt.datetime,
) -> list[dict[Any, Any]]:
    """The ShipmentEvents rows to append: each event once per shipment, in time order, none the
    sheet already has (same event ID and shipment)."""
    have = {
        (str(e).strip(), str(s).strip())
        for e, s in zip(
            known[ShipmentEvents.event_id], known[ShipmentEvents.shipment_id], strict=True
        )
    }
    new: list[dict[Any, Any]] = []
    for sid in sorted(results):
        for e in sorted(unique_events(results[sid].events), key=lambda e: (e.time, e.event_id)):
            if (e.event_id, sid) in have:
                continue
            have.add((e.event_id, sid))
            new.append(
                {
                    ShipmentEvents.event_id: e.event_id,
                    ShipmentEvents.shipment_id: sid,
                    ShipmentEvents.order_id: queries[sid].order_id,
                    ShipmentEvents.source: e.source,
                    ShipmentEvents.event_time: e.local_time,
                    ShipmentEvents.classifier: e.classifier.value,
                    ShipmentEvents.code: e.code,
                    ShipmentEvents.milestone: e.milestone.value,
                    ShipmentEvents.location: e.location,
                    ShipmentEvents.description: e.text(),
                    ShipmentEvents.received_at: now,
                }
            )
    return new


def same(old: Any, new: Any) -> bool:
    """Whether a cell already holds the value (a date cell holds a date, whatever its time)."""
    if old is None or (not isinstance(old, str) and pd.isna(old)):
        return new is None
    if new is None:
        return False
    if isinstance(old, pd.Timestamp):
        return old.date() == (new if isinstance(new, dt.date) else pd.Timestamp(new).date())
    return bool(old == new)


def shipment_changes(
    shipments: pd.DataFrame,
    rows: Mapping[str, int],
    tracked: Mapping[str, ShipmentTracking],
    late: pd.Series,
    now: dt.datetime,
) -> dict[tuple[str], dict[Any, Any]]:
    """The cells of each tracked shipment that change, and its Last Sync. The carrier's dates
    replace the row's only where the carrier gives one; a shipment without events yet keeps the
    status and last event the row says."""
    changes: dict[tuple[str], dict[Any, Any]] = {}
    for sid, t in tracked.items():
        row = rows[sid]
        days: Any = late.at[row]  # float days late, or NaN / NA where unknown
        wanted: dict[Any, Any] = {
            Shipments.status: t.status_text or None,
            Shipments.last_event: t.last_event or None,
            Shipments.delay_days: None if pd.isna(days) else int(days),
        }
        for col, value in (
            (Shipments.etd, t.etd),
            (Shipments.eta, t.eta),
            (Shipments.atd, t.atd),
            (Shipments.ata, t.ata),
        ):
            if value is not None:
                wanted[col] = value
        change = {c: v for c, v in wanted.items() if not same(shipments.at[row, c], v)}
        if not t.status_text:
            change.pop(Shipments.status, None)
            change.pop(Shipments.last_event, None)
        change[Shipments.last_sync] = now
        changes[(sid,)] = change
    return changes


@dataclass
class Alerts:
    """The orders a late shipment makes late (with the customer's text), and the Tracking Alert
    cells that change: written where late, cleared where no longer late."""

    flagged: list[dict[str, Any]]
    changes: dict[tuple[str], dict[Any, Any]]


def order_alerts(
    shipments: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    results: Mapping[str, Fetched],
    arrival: pd.Series,
    arrived: pd.Series,
    tolerance: int,
) -> Alerts:
    """The Tracking Alert of every order with a shipment the carriers answered about: a text for
    the customer, in the customer's language, when the arrival is more than `tolerance` days
    past the promised date."""
    touched = {
        str(o).strip()
        for s, o in zip(
            shipments[Shipments.shipment_id], shipments[Shipments.order_id], strict=True
        )
        if str(s).strip() in results and isinstance(o, str)
    }
    if not touched:
        return Alerts([], {})
    ships = pd.DataFrame(
        {
            "order_id": shipments[Shipments.order_id].astype("string").str.strip(),
            "shipment_id": shipments[Shipments.shipment_id],
            "arrival": arrival,
            "arrived": arrived,
            "destination": [
                (results[s].destination if s in results else "")
                for s in shipments[Shipments.shipment_id]
            ],
            # Both as text first: an all-blank column reads as floats, which pandas will refuse
            # as a fill value for text.
            "reference": shipments[Shipments.container_no]
            .astype("str")
            .fillna(shipments[Shipments.tracking_no].astype("str")),
            "pod": shipments[Shipments.port_of_discharge],
        }
    )
    customers = customers.drop_duplicates(Customers.customer_id)
    language = orders[Orders.customer].map(
        customers.set_index(Customers.customer_id)[Customers.language]
    )
    table = pd.DataFrame(
        {
            "order_id": orders[Orders.order_id].astype("string").str.strip(),
            "promised": orders[Orders.requested_delivery],
            "customer_ref": orders[Orders.customer_po].fillna(orders[Orders.order_id]),
            "language": language,
            "pod": orders[Orders.port_of_discharge],
        }
    ).drop_duplicates("order_id")
    late = delayed_orders(ships.drop(columns="pod"), table.drop(columns="pod"), tolerance)
    late = late[late["order_id"].isin(touched)]
    texts: dict[str, str] = {}
    flagged: list[dict[str, Any]] = []
    for rec in late.to_dict("records"):
        place = rec["destination"] or _place_of(rec["shipment_id"], ships, table, rec["order_id"])
        text = customer_update(
            rec["language"] if isinstance(rec["language"], str) else None,
            order_ref=str(rec["customer_ref"]),
            place=place,
            eta=pd.Timestamp(rec["arrival"]).date(),
            promised=pd.Timestamp(rec["promised"]).date(),
            days=int(rec["delay_days"]),
        )
        texts[rec["order_id"]] = text
        flagged.append({**{str(k): v for k, v in rec.items()}, "text": text})
    current = dict(
        zip(
            orders[Orders.order_id].astype("string").str.strip(),
            orders[Orders.tracking_alert],
            strict=True,
        )
    )
    changes = {
        (oid,): {Orders.tracking_alert: texts.get(oid)}
        for oid in sorted(touched)
        if oid in current and not same(current[oid], texts.get(oid))
    }
    return Alerts(flagged, changes)


def _place_of(sid: str, ships: pd.DataFrame, orders: pd.DataFrame, order_id: str) -> str:
    pod = ships.loc[ships["shipment_id"] == sid, "pod"].dropna()
    if pod.empty:
        pod = orders.loc[orders["order_id"] == order_id, "pod"].dropna()
    code = str(pod.iloc[0]).strip().upper() if not pod.empty else ""
    return port_name(code)
