"""What a trade document says, independent of language and layout.

The content builder (`content.py`) fills these from the register; the renderer (`render.py`)
writes them in a language through one template per kind. Wording that depends on the language is
kept as a `Phrase` (a catalog message and its typed parameters) until it is rendered.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from orderdesk.domain.documents.i18n import Money, Phrase
from orderdesk.schema import DocKind


class Party(BaseModel):
    name: str
    address: str = ""
    country: str = ""  # ISO 3166 alpha-2
    contact: str = ""
    email: str = ""
    phone: str = ""
    vat_no: str = ""


class BankDetails(BaseModel):
    beneficiary: str
    bank: str = ""
    account: str = ""
    swift: str = ""

    @property
    def given(self) -> bool:
        return bool(self.bank or self.account or self.swift)


class Line(BaseModel):
    no: int
    sku: str = ""
    description: str = ""
    spec: str = ""
    hs_code: str = ""
    origin: str = ""
    qty: Decimal
    unit: str = ""
    unit_price: Decimal | None = None
    amount: Decimal | None = None


class PackingLine(BaseModel):
    no: int
    sku: str = ""
    description: str = ""
    qty: Decimal
    unit: str = ""
    carton_qty: int
    cartons: int
    first_carton: int
    last_carton: int
    last_carton_qty: Decimal | None = None  # a part-filled last carton, if any
    net_kg: Decimal
    gross_kg: Decimal
    cbm: Decimal

    @property
    def carton_range(self) -> str:
        if self.cartons == 0:
            return ""
        if self.first_carton == self.last_carton:
            return str(self.first_carton)
        return f"{self.first_carton}–{self.last_carton}"


class PackingTotals(BaseModel):
    cartons: int
    net_kg: Decimal
    gross_kg: Decimal
    cbm: Decimal


class Clause(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    key: str  # the clause name in the Settings sheet's Clauses table
    title: Phrase
    body: Phrase


class Totals(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    total: Money
    deposit_pct: Decimal = Decimal(0)
    deposit_due: Money | None = None
    deposit_received: Money | None = None
    balance_due: Money | None = None


class Shipment(BaseModel):
    bl_no: str = ""
    container_no: str = ""
    vessel_or_carrier: str = ""
    shipped_on: dt.date | None = None


class Document(BaseModel):
    """One document, ready to be written in a language."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: DocKind
    number: str  # "PI-SO-2026-0001"
    version: int = 1
    issue_date: dt.date
    seller: Party
    buyer: Party
    consignee: Party | None = None
    order_id: str
    customer_po: str = ""
    order_date: dt.date | None = None
    quote_ref: str = ""
    currency: str = ""
    incoterm: str = ""
    incoterm_name: str = ""
    named_place: str = ""
    transport_mode: str = ""
    payment_terms: Phrase | None = None
    port_of_loading: str = ""
    port_of_discharge: str = ""
    requested_delivery: dt.date | None = None
    latest_shipment: dt.date | None = None
    lines: list[Line] = Field(default_factory=list)
    totals: Totals | None = None
    packing: list[PackingLine] = Field(default_factory=list)
    packing_totals: PackingTotals | None = None
    shipping_marks: str = ""
    shipment: Shipment | None = None
    origin_statement: Phrase | None = None
    clauses: list[Clause] = Field(default_factory=list)
    next_steps: list[Phrase] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # what is still to be confirmed
    bank: BankDetails | None = None
    sales_owner: str = ""
    logo: str | None = None  # a data: URI (the action reads the file)
    notes: str = ""
