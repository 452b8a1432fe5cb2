"""The sandbox's picture of the world, read once from a register: which carriers speak which API,
and each shipment's plan (sailing or parcel route), so the carrier APIs answer consistently with
the register they are asked about. Deterministic: the same register gives the same events.

About one shipment in four runs late (3–10 days at sea, 2–5 days for parcels), so a demo shows
delay flags; everything dated after "today" (`ORDERDESK_TODAY` pins it) is not yet actual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.tracking.places import PORT_NAMES
from orderdesk.ports import today
from orderdesk.schema import Carriers, Orders, Shipments

NAMESPACE = uuid.UUID("6f1c2f0e-8a53-4d8e-9a57-0d2f8c0b7a11")

UTC_OFFSET = {"CN": 8, "HK": 8, "SG": 8, "JP": 9, "KR": 9, "AE": 4, "GB": 0, "PT": 0, "US": -5,
              "CA": -5, "MX": -6, "BR": -3, "AU": 10}  # fmt: skip
EUROPE = {"NL", "DE", "BE", "FR", "ES", "IT", "PL", "SE", "DK", "AT", "CH", "CZ"}
VESSELS = ("MAERSK KOLKATA", "MSC ISABELLA", "BERLIN EXPRESS", "CMA CGM JACQUES SAADE",
           "EVER GIVEN", "ONE INNOVATION", "HMM ALGECIRAS", "COSCO SHIPPING UNIVERSE")  # fmt: skip


def number(*parts: object) -> int:
    """A stable pseudo-random number from the given parts."""
    text = "|".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def event_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(str(p) for p in parts)))


def zone(locode: str) -> dt.timezone:
    country = (locode or "")[:2].upper()
    hours = 1 if country in EUROPE else UTC_OFFSET.get(country, 0)
    return dt.timezone(dt.timedelta(hours=hours))


def at(day: dt.date, hour: int, minute: int, locode: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone(locode))


def iso(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def _text(value: Any) -> str | None:  # a cell of a frame: any scalar pandas holds
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _date(value: Any) -> dt.date | None:  # a cell of a frame: any scalar pandas holds
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class Plan:
    """One shipment as the sandbox carriers know it."""

    shipment_id: str
    carrier: str
    mode: str
    booking_ref: str | None
    bl_no: str | None
    container_no: str | None
    tracking_no: str | None
    pol: str
    pod: str
    etd: dt.date  # as planned at booking
    eta: dt.date
    delay: int  # days the arrival slips
    destination: str
    country: str

    @property
    def arrival(self) -> dt.date:
        return self.eta + dt.timedelta(days=self.delay)


class World:
    def __init__(self, register_path: Path, now: dt.datetime | None = None) -> None:
        self.register_path = Path(register_path)
        day = today()
        self.now = now or dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)

    @cached_property
    def _frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        reg = FileRegister(self.register_path)
        return reg.read(Carriers).frame, reg.read(Shipments).frame, reg.read(Orders).frame

    @cached_property
    def apis(self) -> dict[str, str]:
        """Carrier code → API (dcsa, dcsa3, dhl), from the register's Settings."""
        carriers = self._frames[0]
        out: dict[str, str] = {}
        for code, api in zip(carriers[Carriers.carrier], carriers[Carriers.api], strict=True):
            c, a = _text(code), _text(api)
            if c and a:
                out[c.upper()] = a.lower()
        return out

    def plans(self, apis: tuple[str, ...]) -> list[Plan]:
        """The register's shipments whose carrier speaks one of these APIs."""
        _, shipments, orders = self._frames
        by_order = {str(o).strip(): row for o, row in orders.set_index(Orders.order_id).iterrows()}
        out: list[Plan] = []
        for _, row in shipments.iterrows():
            sid, carrier = _text(row[Shipments.shipment_id]), _text(row[Shipments.carrier])
            if not sid or not carrier or self.apis.get(carrier.upper()) not in apis:
                continue
            order = by_order.get(_text(row[Shipments.order_id]) or "")
            out.append(self._plan(sid, carrier.upper(), row, order))
        return out

    def _plan(self, sid: str, carrier: str, row: pd.Series, order: pd.Series | None) -> Plan:
        def from_order(col: object) -> object:
            return None if order is None else order.get(col)

        parcel = self.apis.get(carrier) == "dhl"
        pol = (
            _text(row[Shipments.port_of_loading])
            or _text(from_order(Orders.port_of_loading))
            or "CNNGB"
        ).upper()
        pod = (
            _text(row[Shipments.port_of_discharge])
            or _text(from_order(Orders.port_of_discharge))
            or "NLRTM"
        ).upper()
        # The plan comes from the order and the sailing, never from the Shipments row's dates:
        # those are what Sync tracking writes, and reading them back would move the plan on
        # every sync.
        etd = _date(from_order(Orders.promised_ship)) or self.now.date() - dt.timedelta(days=10)
        # Shipments on one sailing to one port share its transit time and its delay.
        h = number(sid, carrier) if parcel else number(carrier, pol, etd, pod)
        transit = (3 + h % 4) if parcel else (18 + h % 17)
        eta = etd + dt.timedelta(days=transit)
        late = h % 4 == 0
        delay = (2 + h // 7 % 4 if parcel else 3 + h // 7 % 8) if late else 0
        place = _text(from_order(Orders.named_place)) or PORT_NAMES.get(pod, pod)
        country = (_text(from_order(Orders.ship_to_country)) or pod[:2]).upper()
        return Plan(
            shipment_id=sid,
            carrier=carrier,
            mode=(_text(row[Shipments.mode]) or "").lower(),
            booking_ref=_text(row[Shipments.booking_ref]),
            bl_no=_text(row[Shipments.bl_no]),
            container_no=(_text(row[Shipments.container_no]) or "").upper() or None,
            tracking_no=_text(row[Shipments.tracking_no]),
            pol=pol,
            pod=pod,
            etd=etd,
            eta=eta,
            delay=delay,
            destination=place,
            country=country,
        )

    def vessel(self, carrier: str, pol: str, etd: dt.date) -> tuple[str, str]:
        h = number(carrier, pol, etd)
        return VESSELS[h % len(VESSELS)], str(9_100_000 + h % 800_000)
