"""Shipments (ocean containers and DHL parcels), complaints traced to suppliers, and the requests
the desk sent suppliers (RFQs and change requests) with the day each was answered."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from orderdesk.domain.reference.codes import container_check_digit
from orderdesk.sample import master as M
from orderdesk.sample.orders import Line, Order, days
from orderdesk.sample.quotes import Rfq
from orderdesk.schema import Stage

CBM_PER_CONTAINER = 58.0  # what the desk plans into a 40' high cube
_CARRIERS = ("MAEU", "MSCU", "HLCU")
_CARRIER_WEIGHTS = (40, 35, 25)


@dataclass(slots=True)
class Shipment:
    order: Order
    mode: str
    carrier: str
    booking: str
    bl: str
    container: str
    tracking: str
    etd: dt.date
    eta: dt.date
    atd: dt.date | None
    ata: dt.date | None
    id: str = ""


def container_no(carrier: str, rng: random.Random, used: set[str]) -> str:
    """A container of the carrier's fleet whose last digit is its ISO 6346 check digit."""
    while True:
        owner = rng.choice(M.CARRIER_PREFIXES[carrier])
        body = f"{owner}{rng.randint(0, 999_999):06d}"
        number = f"{body}{container_check_digit(body)}"
        if number not in used:
            used.add(number)
            return number


def wrong_check_digit(number: str) -> str:
    """The same container number with a check digit that does not fit (a typing slip)."""
    right = int(number[-1])
    return f"{number[:-1]}{(right + 3) % 10}"


def air_waybill(rng: random.Random, used: set[str]) -> str:
    """A DHL Express waybill: nine digits and a mod-7 check digit."""
    while True:
        body = rng.randint(100_000_000, 999_999_999)
        number = f"{body}{body % 7}"
        if number not in used:
            used.add(number)
            return number


def _booking_refs(carrier: str, ship: dt.date, rng: random.Random) -> tuple[str, str]:
    """Booking reference and B/L number in each carrier's own style."""
    if carrier == "MAEU":
        booking = str(rng.randint(230_000_000, 269_999_999))
        return booking, f"MAEU{booking}"
    if carrier == "MSCU":
        return f"EBKG{rng.randint(10**7, 10**8 - 1)}", f"MEDUN{rng.randint(10**6, 10**7 - 1)}"
    booking = str(rng.randint(60_000_000, 69_999_999))
    return booking, f"HLCUNB{ship:%y%m}{rng.randint(10_000, 99_999)}"


def shipments(orders: list[Order], as_of: dt.date, rng: random.Random) -> list[Shipment]:
    """A shipment per container (or parcel) for every order booked: ready to ship or later."""
    used: set[str] = set()
    out: list[Shipment] = []
    for o in orders:
        if not (o.stage.at_least(Stage.READY_TO_SHIP)):
            continue
        assert o.ship and o.eta and o.ata
        gone = o.ship <= as_of
        atd = o.ship if gone else None
        ata = o.ata if o.ata <= as_of else None
        if o.express:
            out.append(
                Shipment(
                    o,
                    "express",
                    M.EXPRESS_CARRIER,
                    "",
                    "",
                    "",
                    air_waybill(rng, used),
                    o.ship,
                    o.ship + days(4),
                    atd,
                    ata,
                )
            )
            continue
        carrier = rng.choices(_CARRIERS, _CARRIER_WEIGHTS)[0]
        booking, bl = _booking_refs(carrier, o.ship, rng)
        boxes = max(1, math.ceil(o.cbm / CBM_PER_CONTAINER))
        # The empty box is picked up a few days before loading; the B/L comes after it sails.
        known = gone or (o.ship - as_of).days <= 4
        for _ in range(boxes):
            box = container_no(carrier, rng, used) if known else ""
            out.append(
                Shipment(
                    o,
                    "ocean",
                    carrier,
                    booking,
                    bl if gone else "",
                    box,
                    "",
                    o.ship,
                    o.eta,
                    atd,
                    ata,
                )
            )
    out.sort(key=lambda s: (s.etd, s.order.id))
    seq: dict[int, int] = {}
    for s in out:
        seq[s.etd.year] = seq.get(s.etd.year, 0) + 1
        s.id = f"SH-{s.etd.year}-{seq[s.etd.year]:04d}"
    return out


# --- complaints -----------------------------------------------------------------------------

_CAUSES = ("quality", "quantity", "packaging", "other")  # what a line's goods can be blamed for
_CAUSE_WEIGHTS = (70, 12, 12, 6)
_DEFECTS = {
    "hardware": "rust spots and rough edges",
    "kitchenware": "coating peeling after first use",
    "textiles": "colour bleeding in the first wash",
    "electronics": "units dead on arrival",
    "furniture": "frames scratched, one weld cracked",
    "lighting": "flickering LEDs",
    "tools": "jaws misaligned, chrome flaking",
    "packaging": "seals splitting",
}
_WHAT = {
    "quality": "{n} {unit} with {defect}",
    "quantity": "{n} {unit} short against the packing list",
    "packaging": "{n} cartons crushed, inner boxes wet",
    "other": "wrong colour on {n} {unit}",
}
_RESOLUTIONS = (
    "credit note issued to the customer, charged back to the supplier",
    "replacement units sent with the next shipment",
    "discount on the next order agreed",
    "supplier re-worked the stock; customer accepted",
)


@dataclass(slots=True)
class Complaint:
    order: Order
    line: Line | None  # None: about the order as a whole (our documents), no supplier to blame
    date: dt.date
    cause: str
    qty: int
    description: str
    status: str
    resolution: str
    id: str = ""


def complaints(orders: list[Order], as_of: dt.date, rng: random.Random) -> list[Complaint]:
    """Customers complain after the goods arrive, about as often as each supplier deserves; a
    shipment that left long after the promised day because a factory was late draws a complaint
    about the delay, traced to the supplier that delivered last. Now and then our own documents
    are at fault (no supplier to blame)."""
    out: list[Complaint] = []
    for o in orders:
        if not o.stage.at_least(Stage.SHIPPED) or not o.ata or o.ata > as_of - days(5):
            continue
        assert o.ship and o.promised
        for line in o.lines:
            if rng.random() >= line.supplier.complaint_rate:
                continue
            day = o.ata + days(rng.randint(3, 30))
            if day > as_of:
                continue
            cause = rng.choices(_CAUSES, _CAUSE_WEIGHTS)[0]
            n = max(1, round(line.qty * rng.uniform(0.01, 0.08)))
            text = _WHAT[cause].format(
                n=n, unit=line.product.unit.lower(), defect=_DEFECTS[line.product.category]
            )
            out.append(_complaint(o, line, day, cause, n, text, as_of, rng))
        assert o.ready
        late = (o.ship - o.promised).days
        if late > 14 and (o.ready - o.promised).days > 7 and rng.random() < 0.1:
            line = max(o.lines, key=lambda ln: ln.delivered or dt.date.min)
            day = min(o.ata + days(rng.randint(1, 10)), as_of)
            text = f"shipped {late} days after the promised date; customer missed its season"
            out.append(_complaint(o, line, day, "delay", 0, text, as_of, rng))
        if rng.random() < 0.005:
            day = min(o.ata + days(rng.randint(1, 5)), as_of)
            text = "certificate of origin missing, customs held the goods"
            out.append(_complaint(o, None, day, "documents", 0, text, as_of, rng))
    out.sort(key=lambda c: (c.date, c.order.id, c.line.no if c.line else 0))
    seq: dict[int, int] = {}
    for c in out:
        seq[c.date.year] = seq.get(c.date.year, 0) + 1
        c.id = f"CP-{c.date.year}-{seq[c.date.year]:03d}"
    return out


def _complaint(
    o: Order,
    line: Line | None,
    day: dt.date,
    cause: str,
    qty: int,
    text: str,
    as_of: dt.date,
    rng: random.Random,
) -> Complaint:
    resolved = day < as_of - days(30) or rng.random() < 0.3
    return Complaint(
        o,
        line,
        day,
        cause,
        qty,
        text,
        "resolved" if resolved else "open",
        rng.choice(_RESOLUTIONS) if resolved else "",
    )


# --- supplier requests ----------------------------------------------------------------------


@dataclass(slots=True)
class Request:
    supplier: M.Supplier
    kind: str
    order: Order | None
    sku: str
    sent: dt.date
    answered: dt.date | None
    id: str = ""


def _answer(s: M.Supplier, sent: dt.date, as_of: dt.date, rng: random.Random) -> dt.date | None:
    day = sent + days(round(rng.expovariate(1 / s.answer_days)))
    return day if day <= as_of else None


def requests(
    orders: list[Order], rfqs: list[Rfq], as_of: dt.date, rng: random.Random
) -> list[Request]:
    """RFQs before quotes, and change requests on orders in production, with their answers."""
    out = [
        Request(r.supplier, "RFQ", None, r.sku, r.sent, _answer(r.supplier, r.sent, as_of, rng))
        for r in rfqs
        if r.sent <= as_of
    ]
    for o in orders:
        if not o.stage.at_least(Stage.IN_PRODUCTION) or rng.random() >= 0.15:
            continue
        assert o.po_date
        sent = o.po_date + days(rng.randint(2, 20))
        if sent > as_of:
            continue
        line = rng.choice(o.lines)
        answered = _answer(line.supplier, sent, as_of, rng)
        out.append(Request(line.supplier, "change request", o, line.product.sku, sent, answered))
    out.sort(key=lambda r: (r.sent, r.supplier.id, r.sku))
    seq: dict[int, int] = {}
    for r in out:
        seq[r.sent.year] = seq.get(r.sent.year, 0) + 1
        r.id = f"RQ-{r.sent.year}-{seq[r.sent.year]:04d}"
    return out
