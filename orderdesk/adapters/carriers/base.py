"""What every carrier client shares: its settings row, the shipment it is asked about, the answer,
the errors, and where its key comes from.

A carrier client answers one question, "what are this shipment's events?", with `Fetched` or a
`TrackingError`. An error says whether it is about the one shipment (no such booking, a bad
tracking number) or about the carrier (down, slow, refusing the key, sending garbage), so the
sync can stop asking a carrier that is down and carry on with the others.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from orderdesk.adapters.http import ClientConfig, HttpClient, HttpError
from orderdesk.domain.tracking.events import CarrierEvent
from orderdesk.errors import OrderDeskError

DCSA, DCSA3, DHL = "dcsa", "dcsa3", "dhl"
APIS = (DCSA, DCSA3, DHL)
# Calls per second when the Settings row leaves it blank: DHL's basic plan allows about one.
DEFAULT_RATE = {DCSA: 5.0, DCSA3: 5.0, DHL: 1.0}


@dataclass(frozen=True)
class CarrierConfig:
    """One row of the Carriers table on the Settings sheet."""

    code: str  # MAEU, MSCU, DHL …
    api: str  # dcsa (Track & Trace v2.2), dcsa3 (v3), dhl (Shipment Tracking – Unified)
    base_url: str
    key_variable: str | None = None  # the environment variable holding the key, never the key
    per_second: float = 1.0
    where: str = ""  # the Settings cell, for messages


@dataclass(frozen=True)
class ShipmentQuery:
    """A Shipments row, as a carrier is asked about it."""

    shipment_id: str
    order_id: str | None
    carrier: str
    mode: str | None = None
    booking_ref: str | None = None
    bl_no: str | None = None
    container_no: str | None = None
    tracking_no: str | None = None
    port_of_loading: str | None = None
    port_of_discharge: str | None = None

    @property
    def reference(self) -> str:
        """How a person names the shipment to the carrier: container, B/L, booking or parcel."""
        for label, value in (
            ("container", self.container_no),
            ("B/L", self.bl_no),
            ("booking", self.booking_ref),
            ("tracking no", self.tracking_no),
        ):
            if value:
                return f"{label} {value}"
        return "no reference"


@dataclass
class Fetched:
    """A carrier's complete answer about one shipment (every page of it)."""

    events: list[CarrierEvent]
    destination: str = ""  # where the carrier says the goods go ("Madrid"), if it says
    calls: int = 0
    received_at: dt.datetime = field(default_factory=dt.datetime.now)


class TrackingError(OrderDeskError):
    """Tracking one shipment failed. `carrier_wide` when the carrier itself is the problem."""

    def __init__(self, message: str, *, carrier_wide: bool = False) -> None:
        super().__init__(message)
        self.carrier_wide = carrier_wide


def from_http(error: HttpError, carrier: str) -> TrackingError:
    """An HTTP failure as a tracking error: only 4xx about the request itself stays with the one
    shipment; timeouts, refused connections, 5xx, 429 and refused keys are the carrier's."""
    status = error.status
    shipment_only = status is not None and 400 <= status < 500 and status not in (401, 403, 429)
    return TrackingError(str(error), carrier_wide=not shipment_only)


class MissingKey(TrackingError):
    def __init__(self, carrier: CarrierConfig) -> None:
        super().__init__(
            f"{carrier.code}: no API key: set the environment variable {carrier.key_variable} "
            f"(named in Settings {carrier.where or 'Carriers'}); the key itself never goes into "
            "the workbook",
            carrier_wide=True,
        )


def api_key(carrier: CarrierConfig, env: Mapping[str, str] | None = None) -> str | None:
    """The carrier's key from the environment variable its Settings row names (None when the row
    names no variable: some carriers' track & trace needs no key)."""
    if not carrier.key_variable:
        return None
    value = (os.environ if env is None else env).get(carrier.key_variable, "").strip()
    if not value:
        raise MissingKey(carrier)
    return value


Sleep = Callable[[float], None]


def carrier_http(
    carrier: CarrierConfig,
    headers: Mapping[str, str],
    secret: frozenset[str],
    *,
    sleep: Sleep,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    pool_size: int,
) -> HttpClient:
    """The HTTP client of one carrier: its base URL and rate limit from Settings, JSON asked for,
    the `secret` headers (its credentials) kept out of every message and log."""
    return HttpClient(
        ClientConfig(
            name=carrier.code,
            base_url=carrier.base_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries=retries,
            per_second=carrier.per_second,
            headers={"Accept": "application/json", **headers},
            secret_headers=secret,
            pool_size=pool_size,
        ),
        sleep=sleep,
    )
