"""Sync tracking: ask each shipment's carrier where it is, write what changed, flag late orders.

Shipments are asked in parallel, each carrier within its own rate limit, and a carrier that
keeps failing is given up for the run (`adapters/carriers/pool.py`). Which shipments are asked,
what changes in each row and which orders are late are the domain's
(`domain/tracking/queries.py`, `sync.py`). Results are collected per shipment and written only
when complete: a shipment is updated with all of its events or not at all, and the workbook is
saved once, at the end.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from orderdesk.actions.base import Outcome, stage
from orderdesk.actions.context import RunContext
from orderdesk.adapters.carriers import client_for
from orderdesk.adapters.carriers.pool import Fetch, SyncOptions, fetch_all
from orderdesk.domain.tracking import sync as T
from orderdesk.domain.tracking.carriers import CarrierConfig, carrier_configs
from orderdesk.domain.tracking.delays import delay_days
from orderdesk.domain.tracking.queries import (
    Failure,
    chosen_shipments,
    failure_lines,
    shipments_to_ask,
)
from orderdesk.ports import Register, RegisterError
from orderdesk.schema import Carriers, Customers, Orders, Setting, ShipmentEvents, Shipments

__all__ = ["SyncOptions", "read_carriers", "sync_tracking"]

CARRIERS = "carriers"  # ctx.client(CARRIERS): builds a carrier's client (a double in tests)


def read_carriers(register: Register) -> tuple[dict[str, CarrierConfig], list[str]]:
    """The Carriers table; rows that cannot be used are reported, naming their cell."""
    data = register.read(Carriers)
    return carrier_configs(
        data.records(), lambda row, name: str(data.ref(row, getattr(Carriers, name)))
    )


def _chosen(register: Register, shipments: pd.DataFrame) -> set[str] | None:
    """The shipments behind the rows selected in Excel (None: all)."""
    selection = register.selection()
    if selection is None or selection.table not in (Shipments, Orders):
        return None
    ids = [str(k[0]) for k in selection.keys if k and k[0] is not None]
    return chosen_shipments(shipments, ids, by_order=selection.table is Orders)


def sync_tracking(ctx: RunContext, *, options: SyncOptions | None = None) -> Outcome:
    options = options or SyncOptions()
    register = ctx.register
    tolerance = int(ctx.policy.get(Setting.ETA_TOLERANCE_DAYS))
    carriers, setting_problems = read_carriers(register)
    shipments = register.read(Shipments)
    if not shipments.found:
        raise RegisterError(f"{register.source}: the workbook has no {Shipments.sheet} sheet")
    frame = shipments.frame
    orders = register.read(Orders).frame
    jobs, delivered = shipments_to_ask(
        frame, orders, _chosen(register, frame), include_delivered=options.include_delivered
    )
    queries = {q.shipment_id: q for _, q in jobs}
    with stage(ctx.progress, "Asking carriers", len(jobs)) as bar:
        got = fetch_all(
            list(queries.values()), carriers, options, bar, ctx.client(CARRIERS, client_for)
        )

    now = ctx.now()
    rows = {q.shipment_id: row for row, q in jobs}
    tracked, unusable = T.summaries(got.results, queries)
    for sid, why in unusable.items():
        q = queries[sid]
        del got.results[sid]
        got.failures.append(Failure(sid, q.carrier, q.reference, why, False))

    known = register.read(ShipmentEvents).frame
    new_events = register.append(ShipmentEvents, T.new_event_rows(known, got.results, queries, now))
    arrival, arrived = T.arrivals(frame, rows, tracked)
    late = delay_days(arrival, T.promised(frame, orders))
    cells = register.update(Shipments, T.shipment_changes(frame, rows, tracked, late, now))
    alerts = T.order_alerts(
        frame, orders, register.read(Customers).frame, got.results, arrival, arrived, tolerance
    )
    register.update(Orders, alerts.changes)
    register.save()
    return _outcome(len(jobs), got, delivered, new_events, cells, alerts.flagged, setting_problems)


def _outcome(
    asked: int,
    got: Fetch,
    delivered: int,
    new_events: int,
    cells: int,
    alerts: list[dict[str, Any]],
    setting_problems: list[str],
) -> Outcome:
    details = [*setting_problems, *failure_lines(got.failures)]
    for a in alerts:
        details.append(
            f"{a['order_id']}: {a['delay_days']} days late (arrival "
            f"{pd.Timestamp(a['arrival']):%Y-%m-%d}, promised {pd.Timestamp(a['promised']):%Y-%m-%d}),"
            f" alert written for the customer"
        )
    summary = (
        f"tracked {len(got.results)} of {asked} shipment(s), {new_events} new event(s), "
        f"{len(alerts)} order(s) delayed"
    )
    if got.failures:
        summary += f", {len(got.failures)} shipment(s) failed"
    if delivered:
        summary += f" ({delivered} already delivered, not asked)"
    return Outcome(
        summary,
        findings=len(got.failures) + len(alerts) + len(setting_problems),
        details=details,
        data={
            "updated": sorted(got.results),
            "failed": [f.__dict__ for f in got.failures],
            "new_events": new_events,
            "cells": cells,
            "delayed_orders": [
                {k: (str(v) if not isinstance(v, int | str) else v) for k, v in a.items()}
                for a in alerts
            ],
            "calls": got.calls,
        },
    )
