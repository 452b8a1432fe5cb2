"""The sample's deliberate imperfections, as data: what Validate must find, and what it must read.

`PLANTED` lists the problems every sample carries, one per validation rule code of
docs/dev-notes.md: where it sits (sheet and column) and what is wrong. The generator places each
on a record that fits (an order at the right stage, a customer with the right credit band …) and
reports the exact records in `Sample.planted` — the same for the same seed and order count.
Everything else in the sample is clean against every rule of the dev-notes table.

`MESSY` lists cells typed the way staff type them — a price as text with a thousands comma, a
date as "07.03.2026" or "2026年3月7日", a code with a trailing space. They are not errors: a
reader must read each as the value given in `Sample.messy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orderdesk.schema import Column, Invoices, OrderLines, Orders, Shipments, Table


@dataclass(frozen=True)
class Plant:
    """One kind of planted problem: the rule it breaks, where, and how it is placed."""

    rule: str
    table: type[Table]
    column: Column
    description: str
    severity: str = "error"


@dataclass(frozen=True)
class Planted:
    """A planted problem as placed in one sample: the record's key and the value in the cell."""

    rule: str
    table: type[Table]
    key: tuple[Any, ...]
    column: Column
    value: Any
    description: str
    severity: str = "error"
    order_id: str | None = None  # the order it belongs to (the Issues sheet's Order ID)

    @property
    def sheet(self) -> str:
        return self.table.sheet

    def as_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if hasattr(self.value, "isoformat") else self.value
        return {
            "rule": self.rule,
            "severity": self.severity,
            "order_id": self.order_id,
            "sheet": self.sheet,
            "key": list(self.key),
            "column": str(self.column),
            "value": value,
            "description": self.description,
        }


@dataclass(frozen=True)
class Messy:
    """A cell typed as people type it: the raw cell value, and the value it must read as."""

    table: type[Table]
    key: tuple[Any, ...]
    column: Column
    raw: Any
    reads_as: Any
    how: str

    @property
    def sheet(self) -> str:
        return self.table.sheet

    def as_dict(self) -> dict[str, Any]:
        reads = self.reads_as.isoformat() if hasattr(self.reads_as, "isoformat") else self.reads_as
        return {
            "sheet": self.sheet,
            "key": list(self.key),
            "column": str(self.column),
            "raw": self.raw,
            "reads_as": reads,
            "how": self.how,
        }


# --- the catalogue -------------------------------------------------------------------------

MARKS = Plant(
    "REQ-SHIPPING-MARKS",
    Orders,
    Orders.shipping_marks,
    "an order at ready to ship without shipping marks",
)
HS = Plant(
    "HS-UNKNOWN",
    OrderLines,
    OrderLines.hs_code,
    "a smartphone line typed with 851712, the HS 2017 code that HS 2022 split into 851713/851714",
)
CREDIT = Plant(
    "CREDIT-LIMIT",
    Orders,
    Orders.order_total,
    "a new customer's first, confirmed order is larger than its whole credit limit",
)
DATES = Plant(
    "DATE-ORDER",
    Orders,
    Orders.promised_ship,
    "the promised ship date is after the customer's requested delivery",
)
PO_DUPLICATE = Plant(
    "PO-DUPLICATE",
    Orders,
    Orders.customer_po,
    "the customer PO number of an earlier order of the same customer, copied onto a new one",
    severity="warning",
)
CONTAINER = Plant(
    "CONTAINER-CHECK",
    Shipments,
    Shipments.container_no,
    "a container number whose last digit is not its ISO 6346 check digit",
)
INCOTERM_MODE = Plant(
    "INCOTERM-MODE",
    Orders,
    Orders.incoterm,
    "FOB (a sea-only rule) on an order that goes by air",
)
AMOUNT = Plant(
    "AMOUNT-MISMATCH",
    OrderLines,
    OrderLines.amount,
    "a line amount with two digits swapped, so it is not qty × unit price",
)
DEPOSIT_BAND = Plant(
    "DEPOSIT-BELOW-BAND",
    Orders,
    Orders.deposit_pct,
    "20% deposit (T/T 20/80) for a customer whose credit band asks for at least 30%",
)
SUPPLIER_BLOCKED = Plant(
    "SUPPLIER-BLOCKED",
    OrderLines,
    OrderLines.supplier,
    "an open purchase line placed with a supplier blocked after quality failures",
)

PLANTED: tuple[Plant, ...] = (
    MARKS,
    HS,
    CREDIT,
    DATES,
    PO_DUPLICATE,
    CONTAINER,
    INCOTERM_MODE,
    AMOUNT,
    DEPOSIT_BAND,
    SUPPLIER_BLOCKED,
)


@dataclass(frozen=True)
class MessyKind:
    """One way of typing a cell: which column, and how the clean value is turned into text."""

    table: type[Table]
    column: Column
    how: str


PRICE_TEXT = MessyKind(OrderLines, OrderLines.unit_price, "price typed as text with a comma")
QTY_TEXT = MessyKind(OrderLines, OrderLines.qty, "quantity typed as text")
SKU_SPACE = MessyKind(OrderLines, OrderLines.sku, "SKU with a trailing space")
DATE_DOTS = MessyKind(Orders, Orders.requested_delivery, "date typed as DD.MM.YYYY text")
DATE_SLASHES = MessyKind(
    OrderLines, OrderLines.supplier_delivered, "date typed as YYYY/M/D text (Chinese style)"
)
DATE_CJK = MessyKind(OrderLines, OrderLines.supplier_due, "date typed as YYYY年M月D日")
INCOTERM_SPACE = MessyKind(Orders, Orders.incoterm, "Incoterm with a trailing space")
CURRENCY_LOWER = MessyKind(Orders, Orders.currency, "currency code in lower case")
PERCENT_TEXT = MessyKind(Orders, Orders.deposit_pct, "deposit typed as text '30%'")
AMOUNT_EUROPEAN = MessyKind(
    Invoices, Invoices.amount, "amount typed as text in the European form 1.234,50"
)

MESSY: tuple[MessyKind, ...] = (
    PRICE_TEXT,
    QTY_TEXT,
    SKU_SPACE,
    DATE_DOTS,
    DATE_SLASHES,
    DATE_CJK,
    INCOTERM_SPACE,
    CURRENCY_LOWER,
    PERCENT_TEXT,
    AMOUNT_EUROPEAN,
)
