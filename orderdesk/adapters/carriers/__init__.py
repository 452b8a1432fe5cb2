"""Carrier tracking APIs: DCSA Track & Trace (ocean carriers) and DHL Unified (express)."""

from __future__ import annotations

from typing import Any, Protocol

from orderdesk.adapters.carriers.base import DCSA, DCSA3, DHL, CarrierConfig, Fetched, ShipmentQuery


class CarrierClient(Protocol):
    carrier: CarrierConfig

    def fetch(self, shipment: ShipmentQuery) -> Fetched: ...


def client_for(carrier: CarrierConfig, key: str | None, **options: Any) -> CarrierClient:
    """The client its Settings row asks for (API: dcsa, dcsa3 or dhl)."""
    if carrier.api in (DCSA, DCSA3):
        from orderdesk.adapters.carriers.dcsa import DcsaClient

        return DcsaClient(carrier, key, **options)
    if carrier.api == DHL:
        from orderdesk.adapters.carriers.dhl import DhlClient

        return DhlClient(carrier, key, **options)
    raise ValueError(f"{carrier.code}: unknown API {carrier.api!r}")
