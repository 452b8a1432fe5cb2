"""What every carrier client shares: its settings row, the shipment it is asked about, the answer,
the errors, and where its key comes from.

A carrier client answers one question, "what are this shipment's events?", with `Fetched` or a
`TrackingError`. An error says whether it is about the one shipment (no such booking, a bad
tracking number) or about the carrier (down, slow, refusing the key, sending garbage), so the
sync can stop asking a carrier that is down and carry on with the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from orderdesk.adapters.http import ClientConfig, HttpClient, HttpError
from orderdesk.domain.tracking.carriers import APIS, DCSA, DCSA3, DEFAULT_RATE, DHL, CarrierConfig
from orderdesk.domain.tracking.queries import Fetched, ShipmentQuery
from orderdesk.errors import OrderDeskError

# The carriers' rows, questions and answers are the domain's (pure); named here as before.
__all__ = [
    "APIS",
    "DCSA",
    "DCSA3",
    "DEFAULT_RATE",
    "DHL",
    "CarrierConfig",
    "Fetched",
    "MissingKey",
    "ShipmentQuery",
    "TrackingError",
    "api_key",
    "carrier_http",
    "from_http",
]


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
