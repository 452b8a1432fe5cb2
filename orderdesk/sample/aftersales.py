"""After-sales sample data (issue 21): each complaint on the clock, and a few lessons learned.

Drawn from a random generator seeded by the complaint's ID, not from the sample's own stream,
so adding these columns leaves every other table of the sample as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from orderdesk.sample import logistics as L
from orderdesk.schema import Column, Complaints, FiveWhys, Lessons

Row = dict[Column, Any]

CLASS_OF = {
    "quality": "quality",
    "quantity": "quantity short",
    "packaging": "damage",
    "delay": "delay",
    "documents": "documents",
    "other": "wrong goods",
}
SETTLEMENT_OF = {"credit note": "credit note", "replacement": "replacement", "discount": "discount"}
OWNERS = ("lwei", "mgarcia", "chenjing")
CLAIM_SHARE = {"quality": 1.0, "quantity short": 1.0, "damage": 1.0, "wrong goods": 0.5}


def complaint_cells(c: L.Complaint) -> Row:
    """Class, the clock's times (some late, on purpose), owner, lines, claim and settlement."""
    rng = random.Random(c.id)
    klass = CLASS_OF.get(c.cause, "quality")
    received = dt.datetime.combine(c.date, dt.time(rng.randint(7, 20), rng.choice((0, 15, 30, 45))))
    ack = received + dt.timedelta(minutes=rng.choice((10, 25, 40, 55, 90, 240, 1500, 2900)))
    proposed = ack + dt.timedelta(hours=rng.choice((2, 5, 20, 30, 50, 70, 120, 200)))
    resolved = c.status == "resolved"
    price = float(c.line.price) if c.line else 0.0
    claim = round(c.qty * price * CLAIM_SHARE.get(klass, 0.0), 2) if c.qty and price else None
    settlement = next((v for k, v in SETTLEMENT_OF.items() if k in c.resolution), None)
    return {
        Complaints.complaint_class: klass,
        Complaints.received: received,
        Complaints.acknowledged: ack,
        Complaints.proposed: proposed if resolved or rng.random() < 0.5 else None,
        Complaints.closed: proposed + dt.timedelta(days=rng.randint(1, 10)) if resolved else None,
        Complaints.owner: rng.choice(OWNERS),
        Complaints.order_lines: str(c.line.no) if c.line else None,
        Complaints.claim_amount: claim,
        Complaints.settlement: settlement if resolved else None,
    }


_ZH = {
    "quality": ("{sku} 质量问题：{what}", "要求工厂出货前第三方验货，按 AQL 2.5 抽检"),
    "quantity short": ("{sku} 数量短少", "装柜时按装箱单逐箱清点并拍照"),
    "damage": ("{sku} 纸箱压坏受潮", "改用五层瓦楞纸箱并加托盘缠绕膜"),
    "delay": ("{sku} 延迟发货", "每周向工厂索取生产进度照片，提前两周预警"),
}


def lessons(complaints: list[L.Complaint], as_of: dt.date) -> list[Row]:
    """One lesson from each of the first resolved complaints of a class with a product, every
    other one written in Chinese (as a Ningbo desk keeps them)."""
    out: list[Row] = []
    seen: set[str] = set()
    for c in complaints:
        klass = CLASS_OF.get(c.cause, "")
        if c.status != "resolved" or not c.line or klass in seen or klass not in _ZH:
            continue
        seen.add(klass)
        sku = c.line.product.sku
        n = len(out) + 1
        if n % 2:
            title, situation, worked = (
                f"{sku}: {c.description}",
                f"Complaint {c.id} on order {c.order.id}.",
                c.resolution,
            )
        else:
            t, worked = _ZH[klass]
            title, situation = (
                t.format(sku=sku, what=c.description),
                f"订单 {c.order.id} 投诉 {c.id}",
            )
        out.append(
            {
                Lessons.lesson_id: f"LL-{n:03d}",
                Lessons.title_text: title,
                Lessons.situation: situation,
                Lessons.what_worked: worked,
                Lessons.tags: f"{klass}; {c.line.product.category}",
                Lessons.sku: sku,
                Lessons.complaint_class: klass,
                Lessons.orders: c.order.id,
                Lessons.complaints: c.id,
                Lessons.added_on: min(c.date + dt.timedelta(days=14), as_of),
            }
        )
    return out


_WHYS = {
    "quality": (
        ("inspection missed the defect", "material", "AQL sampling at the factory only"),
        ("the factory changed its coating supplier", "material", "no approval of changes"),
    ),
    "damage": (("cartons too weak for the stack height", "method", "no drop test"),),
    "delay": (("the factory booked the line for another order", "man", "no weekly follow-up"),),
    "quantity short": (("cartons counted by weight", "measurement", "scale not calibrated"),),
}


def five_whys(complaints: list[L.Complaint], as_of: dt.date) -> list[Row]:
    """A 5 Why for every fifth resolved complaint that has a line, with its 6M root cause;
    older actions verified, newer ones still open (some overdue)."""
    out: list[Row] = []
    picked = [c for c in complaints if c.status == "resolved" and c.line][::5]
    for c in picked:
        klass = CLASS_OF.get(c.cause, "")
        options = _WHYS.get(klass)
        if not options:
            continue
        rng = random.Random("5w" + c.id)
        why1, cause, why2 = rng.choice(options)
        day = c.date + dt.timedelta(days=rng.randint(1, 6))
        due = day + dt.timedelta(days=30)
        out.append(
            {
                FiveWhys.record_id: f"5W-{len(out) + 1:03d}",
                FiveWhys.complaint_id: c.id,
                FiveWhys.order_id: c.order.id,
                FiveWhys.date: min(day, as_of),
                FiveWhys.problem: c.description,
                FiveWhys.why_1: why1,
                FiveWhys.why_2: why2,
                FiveWhys.root_cause: cause,
                FiveWhys.corrective: c.resolution,
                FiveWhys.preventive: "added to the supplier's inspection plan",
                FiveWhys.owner: rng.choice(OWNERS),
                FiveWhys.due: due,
                FiveWhys.verified: due if due < as_of - dt.timedelta(days=60) else None,
            }
        )
    return out
