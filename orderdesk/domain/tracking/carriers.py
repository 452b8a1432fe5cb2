"""The Carriers table on the Settings sheet: which rows name a carrier OrderDesk can track."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


def carrier_configs(
    records: Iterable[Mapping[str, Any]], ref: Callable[[int, str], str]
) -> tuple[dict[str, CarrierConfig], list[str]]:
    """The carriers the rows name (by code), and a line for each row that cannot be used: an
    API OrderDesk does not speak, or an address that is not http(s). A row without a code is
    not a carrier. `ref(row, field)` names a cell for the message."""
    out: dict[str, CarrierConfig] = {}
    problems: list[str] = []
    for rec in records:
        code = (rec["carrier"] or "").strip().upper()
        if not code:
            continue
        row = rec["row"]
        api = (rec["api"] or "").strip().lower()
        if api not in APIS:
            problems.append(
                f"{ref(row, 'api')}: '{rec['api'] or ''}' is not one of {', '.join(APIS)}; "
                f"{code} is not tracked"
            )
            continue
        base = (rec["base_url"] or "").strip()
        if not base.startswith(("http://", "https://")):
            problems.append(
                f"{ref(row, 'base_url')}: '{base}' is not an http(s) address; {code} is not tracked"
            )
            continue
        rate = rec["calls_per_second"]
        out[code] = CarrierConfig(
            code=code,
            api=api,
            base_url=base,
            key_variable=(rec["key_variable"] or "").strip() or None,
            per_second=float(rate) if rate is not None and rate > 0 else DEFAULT_RATE[api],
            where=ref(row, "key_variable"),
        )
    return out, problems
