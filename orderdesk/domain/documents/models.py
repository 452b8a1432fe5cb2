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
    description_zh: str = ""  # the Products sheet's Chinese description, for Chinese documents
    spec: str = ""
    hs_code: str = ""
    origin: str = ""
    qty: Decimal
    unit: str = ""
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    ordered: Decimal | None = None  # the ordered quantity, where what ships (qty) differs


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
    more: list[Phrase] = Field(default_factory=list)  # sentences after the body (L/C terms)


class Totals(BaseModel):
    """The money block. Its arithmetic is what it prints: balance = total − received, always;
    what the payment terms ask for (a deposit) is a separate, labelled line, never subtracted."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    total: Money
    received: Money | None = None  # paid so far (0.00 shown: the reader sees nothing came in)
    balance: Money | None = None  # total − received
    deposit_pct: Decimal = Decimal(0)
    deposit_due: Money | None = None  # what the terms ask for in advance (PI, confirmation)


class Shipment(BaseModel):
    """What the Shipments sheet says about how the goods travel, facts only: a date is printed
    as the on-board date only when it has happened."""

    bl_nos: list[str] = Field(default_factory=list)
    containers: list[str] = Field(default_factory=list)
    carrier: str = ""  # the carrier's name
    vessel: str = ""  # vessel and voyage, as on the B/L
    tracking_nos: list[str] = Field(default_factory=list)  # air waybills, parcels
    shipped_on: dt.date | None = None  # the actual on-board / departure date, never a plan


class LetterOfCredit(BaseModel):
    """The L/C terms a document prints: the credit itself once it is issued (LCs sheet), or the
    terms a contract asks the buyer to open it on."""

    number: str = ""  # 20
    issue_date: dt.date | None = None  # 31C
    issuing_bank: str = ""  # 52a (name, or the Orders sheet's L/C Bank)
    issuing_bic: str = ""
    advising_bic: str = ""
    amount: Money | None = None  # 32B
    tolerance: Decimal | None = None  # 39A (the plus side, as contracts state "± 5 %")
    expiry: dt.date | None = None  # 31D
    expiry_place: str = ""
    latest_shipment: dt.date | None = None  # 44C
    presentation_days: int = 21  # 48
    partial_shipments: str = "ALLOWED"  # 43P
    transhipment: str = "ALLOWED"  # 43T
    open_by: dt.date | None = None  # contracts: the date the L/C must reach the seller
    ucp: bool = True  # 40E: subject to UCP 600
    goods: str = ""  # 45A


class Document(BaseModel):
    """One document, ready to be written in a language."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: DocKind
    number: str  # "PI-SO-2026-0001"
    version: int = 1
    draft: bool = False  # made before its stage: DRAFT on every page
    issue_date: dt.date
    valid_until: dt.date | None = None  # a proforma invoice's validity
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
    missing_lang: str = ""  # the language the questions are in, where not the document's
    lc: LetterOfCredit | None = None
    bank: BankDetails | None = None
    sales_owner: str = ""
    logo: str | None = None  # a data: URI (the action reads the file)
    notes: str = ""
