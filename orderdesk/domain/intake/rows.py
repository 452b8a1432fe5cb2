"""The register's side of intake: the records Import PO reads (customers, products, lessons)
as the domain's references, and an interpreted purchase order as the rows it adds (Orders,
OrderLines, IntakeFields): what is sure is written, what is not is left blank, and every field
read goes to the trail with its source and confidence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orderdesk.domain.intake.match import CustomerRef, Lesson, ProductRef
from orderdesk.domain.intake.order import Imported, Value
from orderdesk.schema import Column, IntakeFields, Learned, OrderLines, Orders, Stage

Record = Mapping[str, Any]  # a row as `TableData.records()` gives it: attribute name → value
Row = dict[Column, Any]

# The order's columns Import PO fills from the purchase order, in the order they are listed.
ORDER_FIELDS: tuple[Column, ...] = (
    Orders.customer_po, Orders.order_date, Orders.currency, Orders.incoterm, Orders.named_place,
    Orders.payment_terms, Orders.requested_delivery, Orders.ship_to, Orders.ship_to_country,
    Orders.order_total,
)  # fmt: skip
LINE_FIELDS: tuple[Column, ...] = (
    OrderLines.sku, OrderLines.description, OrderLines.qty, OrderLines.unit,
    OrderLines.unit_price, OrderLines.amount,
)  # fmt: skip
_ORDER_ID = re.compile(r"^SO-(\d{4})-(\d+)$")


def customers_from(records: Iterable[Record]) -> list[CustomerRef]:
    return [
        CustomerRef(
            c["customer_id"],
            c["name"] or "",
            tuple(a.strip() for a in (c["aliases"] or "").split(";") if a.strip()),
            c["email"],
            c["vat_no"],
            c["country"],
            c["language"],
            c["currency"],
        )
        for c in records
        if c["customer_id"]
    ]


def products_from(records: Iterable[Record]) -> list[ProductRef]:
    return [
        ProductRef(p["sku"], p["description"] or "", p["description_zh"], p["unit"])
        for p in records
        if p["sku"]
    ]


def lessons_from(records: Iterable[Record]) -> list[Lesson]:
    return [
        Lesson(r["customer"], r["field"], r["they_write"], r["means"])
        for r in records
        if r["customer"] and r["field"] and r["they_write"] and r["means"]
    ]


def lesson_rows(lessons: Iterable[Lesson], today: dt.date) -> list[Row]:
    return [
        {Learned.customer: x.customer, Learned.field: x.field, Learned.they_write: x.they_write,
         Learned.means: x.means, Learned.learned_on: today}
        for x in lessons
    ]  # fmt: skip


def next_order_id(existing: Iterable[str], year: int) -> str:
    numbers = [int(m[2]) for o in existing if (m := _ORDER_ID.match(o)) and int(m[1]) == year]
    return f"SO-{year}-{max(numbers, default=0) + 1:04d}"


@dataclass
class NewOrder:
    """The rows one purchase order adds."""

    order: Row
    lines: list[Row] = field(default_factory=list)
    trail: list[Row] = field(default_factory=list)

    @property
    def written(self) -> int:
        return sum(1 for r in self.trail if r[IntakeFields.written] not in (None, ""))

    @property
    def blank(self) -> int:
        return len(self.trail) - self.written


def new_order(got: Imported, order_id: str, threshold: float, source_file: str) -> NewOrder:
    """The order at stage 'received', its lines and its trail (see the module's docstring)."""
    assert got.customer.id is not None
    out = NewOrder(
        {Orders.order_id: order_id, Orders.customer: got.customer.id,
         Orders.stage: Stage.RECEIVED.value, Orders.source_file: source_file}
    )  # fmt: skip
    for col in ORDER_FIELDS:
        v = got.fields.get(col)
        if v is None:
            continue
        if v.sure(threshold):
            out.order[col] = v.value
        out.trail.append(_trail(order_id, None, col, v.read, out.order.get(col), v))
    for n, line in enumerate(got.lines, start=1):
        row: Row = {OrderLines.order_id: order_id, OrderLines.line_no: n}
        for col in LINE_FIELDS:
            v = line.get(col)
            if v.sure(threshold):
                row[col] = v.value
            if v.read or v.value is not None:
                read = (line.part or v.read) if col == OrderLines.sku else v.read
                out.trail.append(_trail(order_id, n, col, read, row.get(col), v))
        out.lines.append(row)
    return out


def _trail(order_id: str, line: int | None, col: Column, read: str, written: Any, v: Value) -> Row:
    shown = written.isoformat() if isinstance(written, dt.date) else written
    return {
        IntakeFields.order_id: order_id,
        IntakeFields.line_no: line,
        IntakeFields.field: str(col),
        IntakeFields.read: read or None,
        IntakeFields.written: None if shown is None else str(shown),
        IntakeFields.confidence: round(v.confidence, 3),
        IntakeFields.source: str(v.where) if v.where else None,
    }
