"""Sync tracking: ask each shipment's carrier where it is, write what changed, flag late orders.

Shipments are asked in parallel, each carrier within its own rate limit (Settings → Carriers →
Calls/s) on its own threads, so a slow carrier holds up only its own shipments. A carrier that
fails several times in a row (down, 5xx, 429 beyond the retries, garbage, endless pages) is not
asked again in this run; its shipments keep what they had and the failure is reported in one
line. Results are collected per shipment and written only when complete: a shipment is updated
with all of its events or not at all, and the workbook is saved once, at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, stage
from orderdesk.adapters.carriers import client_for
from orderdesk.adapters.carriers.base import (
    APIS,
    DEFAULT_RATE,
    CarrierConfig,
    Fetched,
    ShipmentQuery,
    TrackingError,
    api_key,
)
from orderdesk.domain import values as V
from orderdesk.domain.tracking.delays import delay_days, delayed_orders
from orderdesk.domain.tracking.events import Milestone, unique_events
from orderdesk.domain.tracking.places import port_name
from orderdesk.domain.tracking.status import ShipmentTracking, summarize
from orderdesk.domain.tracking.updates import customer_update
from orderdesk.ports import Register, RegisterError, TableData
from orderdesk.schema import Carriers, Customers, Orders, Setting, ShipmentEvents, Shipments
from orderdesk.settings import load_policy

FINAL = {m.value for m in Milestone if m.final}


@dataclass
class SyncOptions:
    """How to reach the carriers. Defaults are for real use; tests and the sandbox change them."""

    base_urls: Mapping[str, str] = field(default_factory=dict)  # carrier → URL instead of Settings
    env: Mapping[str, str] | None = None  # where keys are looked up (default: os.environ)
    fallback_key: str | None = None  # the sandbox's key when a variable is unset
    sleep: Callable[[float], None] = time.sleep  # retry and rate-limit waits go through here
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    max_pages: int = 50
    give_up_after: int = 3  # carrier-wide failures in a row before a carrier is not asked again
    workers: int | None = None  # threads per carrier (default: from its rate, 1 … 8)
    include_delivered: bool = False  # ask again about shipments already delivered
    now: dt.datetime | None = None  # the sync time written to the register (local, naive)


@dataclass
class Failure:
    shipment_id: str
    carrier: str
    reference: str
    message: str
    carrier_wide: bool


class _Breaker:
    """Stops asking a carrier after `limit` carrier-wide failures in a row."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.in_a_row = 0
        self.tripped: str | None = None
        self.lock = threading.Lock()

    def check(self, carrier: str) -> None:
        if self.tripped:
            raise TrackingError(f"{carrier}: not asked: {self.tripped}", carrier_wide=True)

    def record(self, error: TrackingError | None) -> None:
        with self.lock:
            if error is None or not error.carrier_wide:
                self.in_a_row = 0
                return
            self.in_a_row += 1
            if self.in_a_row >= self.limit and not self.tripped:
                self.tripped = f"gave up after {self.in_a_row} failures in a row"


# --- reading the register ------------------------------------------------------------------


def read_carriers(register: Register) -> tuple[dict[str, CarrierConfig], list[str]]:
    """The Carriers table; rows that cannot be used are reported, naming their cell."""
    data = register.read(Carriers)
    out: dict[str, CarrierConfig] = {}
    problems: list[str] = []
    for rec in data.records():
        code = (rec["carrier"] or "").strip().upper()
        if not code:
            continue
        row = rec["row"]
        api = (rec["api"] or "").strip().lower()
        if api not in APIS:
            problems.append(
                f"{data.ref(row, Carriers.api)}: '{rec['api'] or ''}' is not one of "
                f"{', '.join(APIS)}; {code} is not tracked"
            )
            continue
        base = (rec["base_url"] or "").strip()
        if not base.startswith(("http://", "https://")):
            problems.append(
                f"{data.ref(row, Carriers.base_url)}: '{base}' is not an http(s) address; "
                f"{code} is not tracked"
            )
            continue
        rate = rec["calls_per_second"]
        per_second = float(rate) if rate is not None and rate > 0 else DEFAULT_RATE[api]
        out[code] = CarrierConfig(
            code=code,
            api=api,
            base_url=base,
            key_variable=(rec["key_variable"] or "").strip() or None,
            per_second=per_second,
            where=str(data.ref(row, Carriers.key_variable)),
        )
    return out, problems


def _text(value: Any) -> str | None:
    text = V.clean_text(value)
    return text or None


def _queries(
    shipments: TableData, orders: pd.DataFrame, register: Register, include_delivered: bool
) -> tuple[list[tuple[int, ShipmentQuery]], int]:
    """The rows to ask about (sheet row, query), and how many were left out as delivered."""
    frame = shipments.frame
    chosen: set[str] | None = None
    selection = register.selection()
    if selection is not None and selection.table in (Shipments, Orders):
        ids = {str(k[0]).strip() for k in selection.keys if k and k[0] is not None}
        column = Shipments.shipment_id if selection.table is Shipments else Shipments.order_id
        chosen = {
            str(s).strip()
            for s, c in zip(frame[Shipments.shipment_id], frame[column], strict=True)
            if str(c).strip() in ids
        }
    ports = orders.set_index(Orders.order_id)[[Orders.port_of_loading, Orders.port_of_discharge]]
    ports = ports[~ports.index.duplicated()]
    out: list[tuple[int, ShipmentQuery]] = []
    delivered = 0
    for row, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        sid = _text(rec[Shipments.shipment_id])
        carrier = _text(rec[Shipments.carrier])
        if not sid or not carrier or (chosen is not None and sid not in chosen):
            continue
        if not include_delivered and (_text(rec[Shipments.status]) or "") in FINAL:
            delivered += 1
            continue
        order_id = _text(rec[Shipments.order_id])
        pol = _text(rec[Shipments.port_of_loading])
        pod = _text(rec[Shipments.port_of_discharge])
        if order_id in ports.index:
            pol = pol or _text(ports.at[order_id, Orders.port_of_loading])
            pod = pod or _text(ports.at[order_id, Orders.port_of_discharge])
        query = ShipmentQuery(
            shipment_id=sid,
            order_id=order_id,
            carrier=carrier.upper(),
            mode=_text(rec[Shipments.mode]),
            booking_ref=_text(rec[Shipments.booking_ref]),
            bl_no=_text(rec[Shipments.bl_no]),
            container_no=(_text(rec[Shipments.container_no]) or "").replace(" ", "").upper()
            or None,
            tracking_no=_text(rec[Shipments.tracking_no]),
            port_of_loading=pol.upper() if pol else None,
            port_of_discharge=pod.upper() if pod else None,
        )
        out.append((int(row), query))
    return out, delivered


# --- asking the carriers -------------------------------------------------------------------


def _workers(carrier: CarrierConfig, options: SyncOptions) -> int:
    if options.workers:
        return options.workers
    # Enough threads to use the rate when an answer takes up to a second or two; the rate limit
    # itself keeps the carrier's pace.
    return max(1, min(8, math.ceil(carrier.per_second * 2)))


def _fetch_all(
    jobs: list[tuple[int, ShipmentQuery]],
    carriers: dict[str, CarrierConfig],
    options: SyncOptions,
    progress: Progress,
) -> tuple[dict[str, Fetched], list[Failure], dict[str, int]]:
    results: dict[str, Fetched] = {}
    failures: list[Failure] = []
    calls: dict[str, int] = {}
    by_carrier: dict[str, list[ShipmentQuery]] = {}
    for _, q in jobs:
        by_carrier.setdefault(q.carrier, []).append(q)
    pools: list[ThreadPoolExecutor] = []
    futures: dict[Future[Fetched], tuple[ShipmentQuery, _Breaker]] = {}
    for code, queries in by_carrier.items():
        carrier = carriers.get(code)
        if carrier is None:
            for q in queries:
                failures.append(
                    Failure(
                        q.shipment_id,
                        code,
                        q.reference,
                        f"carrier {code} is not in Settings → Carriers",
                        False,
                    )
                )
                progress.advance()
            continue
        if code in options.base_urls:
            carrier = dataclasses.replace(carrier, base_url=options.base_urls[code])
        try:
            key = api_key(carrier, options.env)
        except TrackingError as exc:
            if options.fallback_key is None:
                for q in queries:
                    failures.append(Failure(q.shipment_id, code, q.reference, str(exc), True))
                    progress.advance()
                continue
            key = options.fallback_key
        workers = _workers(carrier, options)
        try:
            client = client_for(
                carrier,
                key,
                sleep=options.sleep,
                connect_timeout=options.connect_timeout,
                read_timeout=options.read_timeout,
                retries=options.retries,
                pool_size=workers,
                **({"max_pages": options.max_pages} if carrier.api != "dhl" else {}),
            )
        except TrackingError as exc:
            for q in queries:
                failures.append(Failure(q.shipment_id, code, q.reference, str(exc), True))
                progress.advance()
            continue
        breaker = _Breaker(options.give_up_after)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"track-{code}")
        pools.append(pool)
        for q in queries:
            futures[pool.submit(_ask, client, q, breaker)] = (q, breaker)
    try:
        for future in as_completed(futures):
            q, _ = futures[future]
            try:
                fetched = future.result()
            except TrackingError as exc:
                failures.append(
                    Failure(q.shipment_id, q.carrier, q.reference, str(exc), exc.carrier_wide)
                )
            else:
                results[q.shipment_id] = fetched
                calls[q.carrier] = calls.get(q.carrier, 0) + fetched.calls
            progress.advance()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    return results, failures, calls


def _ask(client: Any, query: ShipmentQuery, breaker: _Breaker) -> Fetched:
    breaker.check(query.carrier)
    try:
        fetched: Fetched = client.fetch(query)
    except TrackingError as exc:
        breaker.record(exc)
        raise
    except Exception as exc:  # an unforeseen answer must not stop the other shipments
        error = TrackingError(f"{query.carrier}: {type(exc).__name__}: {exc}", carrier_wide=True)
        breaker.record(error)
        raise error from exc
    breaker.record(None)
    return fetched


# --- the action ------------------------------------------------------------------------------


def sync_tracking(
    register: Register,
    *,
    options: SyncOptions | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    options = options or SyncOptions()
    policy = load_policy(register)
    tolerance = int(policy.get(Setting.ETA_TOLERANCE_DAYS))
    carriers, setting_problems = read_carriers(register)
    shipments = register.read(Shipments)
    if not shipments.found:
        raise RegisterError(f"{register.source}: the workbook has no {Shipments.sheet} sheet")
    orders = register.read(Orders).frame
    jobs, delivered = _queries(shipments, orders, register, options.include_delivered)

    with stage(progress, "Asking carriers", len(jobs)) as bar:
        results, failures, calls = _fetch_all(jobs, carriers, options, bar)

    now = (options.now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    rows = {q.shipment_id: row for row, q in jobs}
    queries = {q.shipment_id: q for _, q in jobs}
    tracked = _summaries(results, queries, failures)

    new_events = _append_events(register, results, queries, now)
    frame = shipments.frame
    arrival, arrived = _arrivals(frame, rows, tracked)
    # reindex, not map: pandas' map over an empty column of IDs tries to cast the dates to float
    promised = (
        orders.drop_duplicates(Orders.order_id)
        .set_index(Orders.order_id)[Orders.requested_delivery]
        .reindex(frame[Shipments.order_id])
        .set_axis(frame.index)
    )
    late = delay_days(arrival, promised)
    cells = _update_shipments(register, frame, rows, tracked, late, now)
    alerts = _flag_orders(register, frame, orders, results, arrival, arrived, tolerance)

    register.save()
    return _outcome(
        jobs, results, failures, delivered, new_events, cells, alerts, calls, setting_problems
    )


def _summaries(
    results: dict[str, Fetched],
    queries: dict[str, ShipmentQuery],
    failures: list[Failure],
) -> dict[str, ShipmentTracking]:
    """Each answered shipment's tracking. A carrier's answer the summary cannot use fails that
    shipment alone (named with the others that failed); the rest of the run is kept."""
    tracked: dict[str, ShipmentTracking] = {}
    for sid in list(results):
        f, q = results[sid], queries[sid]
        try:
            tracked[sid] = summarize(
                f.events,
                port_of_loading=q.port_of_loading,
                port_of_discharge=q.port_of_discharge,
                destination=f.destination,
            )
        except Exception as exc:  # an outside system's answer: it must not cost the others
            del results[sid]
            text = str(exc) or type(exc).__name__
            failures.append(
                Failure(
                    sid,
                    q.carrier,
                    q.reference,
                    f"the carrier's answer cannot be used: {text}",
                    False,
                )
            )
    return tracked


def _arrivals(
    frame: pd.DataFrame, rows: dict[str, int], tracked: dict[str, ShipmentTracking]
) -> tuple[pd.Series, pd.Series]:
    """Each shipment's arrival (actual, else expected) and whether it happened: from this sync
    where the carrier answered, else as the register has it."""
    arrival = frame[Shipments.ata].fillna(frame[Shipments.eta])
    arrived = frame[Shipments.ata].notna()
    for sid, t in tracked.items():
        row = rows[sid]
        if t.arrival is not None:
            arrival.at[row] = pd.Timestamp(t.arrival)
        if t.ata is not None:
            arrived.at[row] = True
    return pd.to_datetime(arrival), arrived


def _append_events(
    register: Register,
    results: dict[str, Fetched],
    queries: dict[str, ShipmentQuery],
    now: dt.datetime,
) -> int:
    known = register.read(ShipmentEvents)
    have = {
        (str(e).strip(), str(s).strip())
        for e, s in zip(
            known.frame[ShipmentEvents.event_id],
            known.frame[ShipmentEvents.shipment_id],
            strict=True,
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
    return register.append(ShipmentEvents, new)


def _same(old: Any, new: Any) -> bool:
    if old is None or (not isinstance(old, str) and pd.isna(old)):
        return new is None
    if new is None:
        return False
    if isinstance(old, pd.Timestamp):
        return old.date() == (new if isinstance(new, dt.date) else pd.Timestamp(new).date())
    return bool(old == new)


def _update_shipments(
    register: Register,
    frame: pd.DataFrame,
    rows: dict[str, int],
    tracked: dict[str, ShipmentTracking],
    late: pd.Series,
    now: dt.datetime,
) -> int:
    changes: dict[tuple[str], dict[Any, Any]] = {}
    for sid, t in tracked.items():
        row = rows[sid]
        days: Any = late.at[row]  # float days late, or NaN / NA where unknown
        wanted: dict[Any, Any] = {
            Shipments.status: t.status_text or None,
            Shipments.last_event: t.last_event or None,
            Shipments.delay_days: None if pd.isna(days) else int(days),
        }
        # The carrier's dates replace the row's only where the carrier gives one.
        for col, value in (
            (Shipments.etd, t.etd),
            (Shipments.eta, t.eta),
            (Shipments.atd, t.atd),
            (Shipments.ata, t.ata),
        ):
            if value is not None:
                wanted[col] = value
        change = {c: v for c, v in wanted.items() if not _same(frame.at[row, c], v)}
        if not t.status_text:  # no events yet: keep what the row says
            change.pop(Shipments.status, None)
            change.pop(Shipments.last_event, None)
        change[Shipments.last_sync] = now
        changes[(sid,)] = change
    return register.update(Shipments, changes)


def _flag_orders(
    register: Register,
    frame: pd.DataFrame,
    orders: pd.DataFrame,
    results: dict[str, Fetched],
    arrival: pd.Series,
    arrived: pd.Series,
    tolerance: int,
) -> list[dict[str, Any]]:
    """Write (or clear) the Tracking Alert of every order with a shipment the carriers answered
    about. Returns the flagged orders."""
    touched = {
        str(o).strip()
        for s, o in zip(frame[Shipments.shipment_id], frame[Shipments.order_id], strict=True)
        if str(s).strip() in results and isinstance(o, str)
    }
    if not touched:
        return []
    ships = pd.DataFrame(
        {
            "order_id": frame[Shipments.order_id].astype("string").str.strip(),
            "shipment_id": frame[Shipments.shipment_id],
            "arrival": arrival,
            "arrived": arrived,
            "destination": [
                (results[s].destination if s in results else "")
                for s in frame[Shipments.shipment_id]
            ],
            "reference": frame[Shipments.container_no].fillna(frame[Shipments.tracking_no]),
            "pod": frame[Shipments.port_of_discharge],
        }
    )
    customers = register.read(Customers).frame.drop_duplicates(Customers.customer_id)
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
    flagged = delayed_orders(ships.drop(columns="pod"), table.drop(columns="pod"), tolerance)
    flagged = flagged[flagged["order_id"].isin(touched)]
    texts: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for rec in flagged.to_dict("records"):
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
        out.append({**{str(k): v for k, v in rec.items()}, "text": text})
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
        if oid in current and not _same(current[oid], texts.get(oid))
    }
    register.update(Orders, changes)
    return out


def _place_of(sid: str, ships: pd.DataFrame, orders: pd.DataFrame, order_id: str) -> str:
    pod = ships.loc[ships["shipment_id"] == sid, "pod"].dropna()
    if pod.empty:
        pod = orders.loc[orders["order_id"] == order_id, "pod"].dropna()
    code = str(pod.iloc[0]).strip().upper() if not pod.empty else ""
    return port_name(code)


def _outcome(
    jobs: list[tuple[int, ShipmentQuery]],
    results: dict[str, Fetched],
    failures: list[Failure],
    delivered: int,
    new_events: int,
    cells: int,
    alerts: list[dict[str, Any]],
    calls: dict[str, int],
    setting_problems: list[str],
) -> Outcome:
    details: list[str] = list(setting_problems)
    wide: dict[str, list[Failure]] = {}
    for f in sorted(failures, key=lambda f: f.shipment_id):
        if f.carrier_wide:
            wide.setdefault(f.carrier, []).append(f)
        else:
            details.append(f"{f.shipment_id} ({f.carrier}, {f.reference}): {f.message}")
    for carrier, group in sorted(wide.items()):
        first = next((f for f in group if ": not asked: " not in f.message), group[0])
        ids = ", ".join(f.shipment_id for f in group[:8]) + (" …" if len(group) > 8 else "")
        details.append(
            f"{carrier} failed, {len(group)} shipment(s) not updated ({ids}): {first.message}"
        )
    for a in alerts:
        details.append(
            f"{a['order_id']}: {a['delay_days']} days late (arrival "
            f"{pd.Timestamp(a['arrival']):%Y-%m-%d}, promised {pd.Timestamp(a['promised']):%Y-%m-%d}),"
            f" alert written for the customer"
        )
    summary = (
        f"tracked {len(results)} of {len(jobs)} shipment(s), {new_events} new event(s), "
        f"{len(alerts)} order(s) delayed"
    )
    if failures:
        summary += f", {len(failures)} shipment(s) failed"
    if delivered:
        summary += f" ({delivered} already delivered, not asked)"
    return Outcome(
        summary,
        findings=len(failures) + len(alerts) + len(setting_problems),
        details=details,
        data={
            "updated": sorted(results),
            "failed": [f.__dict__ for f in failures],
            "new_events": new_events,
            "cells": cells,
            "delayed_orders": [
                {k: (str(v) if not isinstance(v, int | str) else v) for k, v in a.items()}
                for a in alerts
            ],
            "calls": calls,
        },
    )
