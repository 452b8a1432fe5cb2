"""The sandbox's route contract: each API is a class with a path prefix and a `handle` method.

The server (`orderdesk.sandbox.server`) composes the APIs it is given and dispatches each request
to the API whose prefix matches. An API never opens sockets itself, so it is tested directly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class SandboxRequest:
    method: str
    path: str  # without the API's prefix, e.g. "/v2/events"
    query: Mapping[str, list[str]]  # parse_qs form
    headers: Mapping[str, str]  # header names lower-cased
    body: bytes = b""

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class SandboxResponse:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json",
    ) -> SandboxResponse:
        h = {"Content-Type": content_type, **(headers or {})}
        return cls(status, h, json.dumps(data, ensure_ascii=False).encode())

    @classmethod
    def problem(cls, status: int, title: str, detail: str = "") -> SandboxResponse:
        return cls.json(
            {"title": title, "status": status, "detail": detail},
            status,
            content_type="application/problem+json",
        )


class SandboxApi(Protocol):
    prefix: str  # e.g. "/dcsa/MAEU", "/dhl", "/psd2"

    def handle(self, request: SandboxRequest) -> SandboxResponse: ...


@dataclass
class Faults:
    """How one sandbox API misbehaves, so tests and demos can show what OrderDesk does then."""

    status: int | None = None  # answer with this HTTP status (e.g. 500, 503)
    fail_first: int = 0  # only the first N calls get `status`; 0 = every call
    delay: float = 0.0  # seconds to wait before answering (a slow carrier)
    throttle_every: int = 0  # every Nth call answers 429 with Retry-After
    retry_after: int = 1  # seconds, for 429 / 503 answers
    malformed: bool = False  # answer 200 with a body that is not valid JSON
    page_size: int | None = None  # items per page, to force cursor paging
    endless_pages: bool = False  # always offer a next page (a carrier that pages forever)
