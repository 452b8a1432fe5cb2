"""Asking many shipments of many carriers at once.

Each carrier is asked on its own threads within its own rate limit (Settings → Carriers →
Calls/s), so a slow carrier holds up only its own shipments. A carrier that fails several times
in a row (down, 5xx, 429 beyond the retries, garbage, endless pages) is not asked again in this
run; its shipments fail with the reason, and the others carry on.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Protocol

from orderdesk.adapters.carriers import CarrierClient, client_for
from orderdesk.adapters.carriers.base import TrackingError, api_key
from orderdesk.domain.tracking.carriers import DHL, CarrierConfig
from orderdesk.domain.tracking.queries import Failure, Fetched, ShipmentQuery

ClientFactory = Callable[..., CarrierClient]


class Progress(Protocol):
    """A progress bar: one step per shipment answered or failed."""

    def advance(self, n: int = 1) -> None: ...


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


@dataclass
class Fetch:
    """What asking the carriers gave: answers by shipment, failures, calls made per carrier."""

    results: dict[str, Fetched] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)

    def fail(self, queries: list[ShipmentQuery], message: str, wide: bool, bar: Progress) -> None:
        for q in queries:
            self.failures.append(Failure(q.shipment_id, q.carrier, q.reference, message, wide))
            bar.advance()


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


def workers_for(carrier: CarrierConfig, options: SyncOptions) -> int:
    if options.workers:
        return options.workers
    # Enough threads to use the rate when an answer takes up to a second or two; the rate limit
    # itself keeps the carrier's pace.
    return max(1, min(8, math.ceil(carrier.per_second * 2)))


def _client(
    carrier: CarrierConfig, options: SyncOptions, make: ClientFactory
) -> tuple[CarrierClient, int]:
    """The carrier's client and its thread count; a TrackingError when it cannot be built (its
    key is missing, its address is wrong)."""
    if carrier.code in options.base_urls:
        carrier = dataclasses.replace(carrier, base_url=options.base_urls[carrier.code])
    try:
        key = api_key(carrier, options.env)
    except TrackingError:
        if options.fallback_key is None:
            raise
        key = options.fallback_key
    workers = workers_for(carrier, options)
    client = make(
        carrier,
        key,
        sleep=options.sleep,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        retries=options.retries,
        pool_size=workers,
        **({"max_pages": options.max_pages} if carrier.api != DHL else {}),
    )
    return client, workers


def fetch_all(
    queries: list[ShipmentQuery],
    carriers: Mapping[str, CarrierConfig],
    options: SyncOptions,
    progress: Progress,
    make: ClientFactory = client_for,
) -> Fetch:
    """Ask every shipment's carrier; `make` builds a carrier's client (a double in tests)."""
    got = Fetch()
    by_carrier: dict[str, list[ShipmentQuery]] = {}
    for q in queries:
        by_carrier.setdefault(q.carrier, []).append(q)
    pools: list[ThreadPoolExecutor] = []
    futures: dict[Future[Fetched], ShipmentQuery] = {}
    for code, mine in by_carrier.items():
        carrier = carriers.get(code)
        if carrier is None:
            got.fail(mine, f"carrier {code} is not in Settings → Carriers", False, progress)
            continue
        try:
            client, workers = _client(carrier, options, make)
        except TrackingError as exc:
            got.fail(mine, str(exc), True, progress)
            continue
        breaker = _Breaker(options.give_up_after)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"track-{code}")
        pools.append(pool)
        futures.update({pool.submit(_ask, client, q, breaker): q for q in mine})
    try:
        for future in as_completed(futures):
            _collect(got, futures[future], future)
            progress.advance()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    return got


def _collect(got: Fetch, q: ShipmentQuery, future: Future[Fetched]) -> None:
    try:
        fetched = future.result()
    except TrackingError as exc:
        got.failures.append(
            Failure(q.shipment_id, q.carrier, q.reference, str(exc), exc.carrier_wide)
        )
    else:
        got.results[q.shipment_id] = fetched
        got.calls[q.carrier] = got.calls.get(q.carrier, 0) + fetched.calls


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
