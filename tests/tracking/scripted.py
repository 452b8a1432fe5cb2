"""Carrier APIs scripted by hand for tests: wire payloads written from the specs, served through
the real sandbox server, so what the sync makes of them can be checked against a hand calculation."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from orderdesk.sandbox.base import SandboxRequest, SandboxResponse


@dataclass
class ScriptedDcsa:
    """`GET /v2/events` (or /v3/events) answering a booking's events in pages of `page_size`."""

    prefix: str
    by_booking: Mapping[str, Sequence[Mapping[str, Any]]]
    page_size: int = 100
    seen: list[SandboxRequest] = field(default_factory=list)

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        self.seen.append(request)
        booking = request.arg("carrierBookingReference") or request.arg("documentReference") or ""
        events = list(self.by_booking.get(booking, []))
        start = int(request.arg("cursor") or 0)
        page = events[start : start + self.page_size]
        headers = {"API-Version": "2.2.0"}
        if start + self.page_size < len(events):
            # A bare cursor, as the spec's example shows (the client also follows full links).
            headers["Next-Page"] = str(start + self.page_size)
        return SandboxResponse(
            200, {"Content-Type": "application/json", **headers}, json.dumps(page).encode()
        )


@dataclass
class ScriptedDhl:
    prefix: str
    by_number: Mapping[str, Mapping[str, Any]]
    seen: list[SandboxRequest] = field(default_factory=list)

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        self.seen.append(request)
        parcel = self.by_number.get(request.arg("trackingNumber") or "")
        if parcel is None:
            return SandboxResponse.problem(
                404, "No result found", "No shipment with given tracking number found."
            )
        return SandboxResponse.json({"shipments": [parcel]})


def link(base: str, **query: str) -> str:
    return f"{base}?{urlencode(query)}"
