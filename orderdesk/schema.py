"""The order register's definition: the single source of truth for sheets, tables and columns.

The template builder, the readers, validation, the documents and the add-in all read this module;
nothing else spells a sheet or column header as a literal. A column is a `str` whose value is its
header text, so `frame[Orders.order_id]` reads like the sheet, and carries what the register needs
to know about it: type, the order stage from which it is required, dropdown list, number format,
width and the input hint shown in Excel.

Most sheets hold one Excel Table anchored at A1. The Settings sheet holds several small tables side
by side (one blank column apart) so that a company's policy reads as a page: the key/value
settings, the approval matrix, credit bands, cost drivers and so on.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar

from orderdesk.domain.reference import codes
from orderdesk.domain.reference.incoterms import INCOTERMS, TransportMode
from orderdesk.domain.reference.payment_terms import PAYMENT_TERMS

# --- order stages -------------------------------------------------------------------------


class Stage(StrEnum):
    """An order's life, in order. A column required "from" a stage is required at every later one."""

    # An order read from a customer's purchase order by Import PO, not yet checked by a person:
    # before the draft, so nothing is required of it until someone takes it on.
    RECEIVED = "received"
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    IN_PRODUCTION = "in production"
    READY_TO_SHIP = "ready to ship"
    SHIPPED = "shipped"
    INVOICED = "invoiced"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def rank(self) -> int:
        return STAGE_ORDER.index(self) if self in STAGE_ORDER else -1

    def at_least(self, other: Stage) -> bool:
        return self.rank >= other.rank >= 0

    @classmethod
    def read(cls, text: object) -> Stage | None:
        key = " ".join(str(text or "").lower().replace("_", " ").replace("-", " ").split())
        try:
            return cls(key)
        except ValueError:
            return None


STAGE_ORDER: tuple[Stage, ...] = tuple(s for s in Stage if s is not Stage.CANCELLED)


# --- column types and formats ---------------------------------------------------------------


class ColType(StrEnum):
    TEXT = "text"  # free text, trimmed
    CODE = "code"  # identifiers and codes: trimmed, upper-cased (currency, Incoterm, LOCODE)
    KEY = "key"  # a record's id: trimmed text, case kept
    INT = "int"
    NUMBER = "number"  # quantities, weights, CBM
    MONEY = "money"
    RATE = "rate"  # an FX rate or an index value: many decimals
    PERCENT = "percent"  # stored as a fraction: 30 % is 0.3
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"

    @property
    def numeric(self) -> bool:
        return self in (ColType.INT, ColType.NUMBER, ColType.MONEY, ColType.RATE, ColType.PERCENT)


TEXT, CODE, KEY = ColType.TEXT, ColType.CODE, ColType.KEY
INT, NUMBER, MONEY, RATE, PERCENT = (
    ColType.INT,
    ColType.NUMBER,
    ColType.MONEY,
    ColType.RATE,
    ColType.PERCENT,
)
DATE, DATETIME, BOOL = ColType.DATE, ColType.DATETIME, ColType.BOOL

DEFAULT_FORMAT: dict[ColType, str] = {
    TEXT: "@",
    CODE: "@",
    KEY: "@",
    INT: "0",
    NUMBER: "#,##0.###",
    MONEY: "#,##0.00",
    RATE: "0.000000",
    PERCENT: "0%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    BOOL: "General",
}
DEFAULT_WIDTH: dict[ColType, float] = {
    TEXT: 22,
    CODE: 10,
    KEY: 15,
    INT: 9,
    NUMBER: 11,
    MONEY: 13,
    RATE: 11,
    PERCENT: 9,
    DATE: 12,
    DATETIME: 17,
    BOOL: 8,
}

ALWAYS = True  # `required=ALWAYS`: every row needs it, whatever its stage


# --- dropdown lists -----------------------------------------------------------------------


class Lists(StrEnum):
    """The hidden list sheet's columns. Each feeds the data validation of the columns that use it."""

    INCOTERMS = "Incoterms"
    CURRENCIES = "Currencies"
    COUNTRIES = "Countries"
    PAYMENT_TERMS = "PaymentTerms"
    UNITS = "Units"
    STAGES = "Stages"
    TRANSPORT_MODES = "TransportModes"
    LANGUAGES = "Languages"
    YES_NO = "YesNo"
    CUSTOMER_TYPES = "CustomerTypes"
    PRODUCT_TYPES = "ProductTypes"
    QUOTE_STATUSES = "QuoteStatuses"
    DECISIONS = "Decisions"
    ROLES = "Roles"
    SHIPMENT_MODES = "ShipmentModes"
    INVOICE_KINDS = "InvoiceKinds"
    COMPLAINT_CAUSES = "ComplaintCauses"
    COMPLAINT_STATUSES = "ComplaintStatuses"
    REQUEST_KINDS = "RequestKinds"
    DOC_KINDS = "DocumentKinds"
    LC_SHIPMENT_OPTIONS = "LCShipmentOptions"
    LC_CONFIRMATION = "LCConfirmation"
    # logistics (issue 22): planning modes and the basis a rate or quote is priced on
    PLAN_MODES = "PlanModes"
    RATE_BASES = "RateBases"
    # after-sales (issue 21)
    COMPLAINT_CLASSES = "ComplaintClasses"
    SETTLEMENTS = "Settlements"
    ROOT_CAUSES = "RootCauses"

    @property
    def defined_name(self) -> str:
        """The workbook-level name the data validation refers to."""
        return f"list_{self.value}"

    def values(self) -> tuple[str, ...]:
        return _LIST_VALUES[self]()


# Units a trade desk sells in (UN/ECE Rec. 20 style abbreviations staff already use).
UNITS = ("PCS", "SET", "PR", "DZ", "CTN", "KG", "T", "M", "M2", "M3", "L", "ROL")
# en+zh-CN: documents in English with Chinese beside it, the form Chinese exporters send.
LANGUAGES = ("en", "zh-CN", "es", "de", "fr", "pt", "ar", "ja", "en+zh-CN")
YES, NO = "yes", "no"
LC_SHIPMENT_OPTIONS = ("ALLOWED", "NOT ALLOWED", "CONDITIONAL")
LC_CONFIRMATION = ("CONFIRM", "MAY ADD", "WITHOUT")
# after-sales (issue 21): what a complaint is about, and the 6M of a root cause
COMPLAINT_CLASSES = (
    "quality",
    "quantity short",
    "quantity over",
    "damage",
    "delay",
    "documents",
    "wrong goods",
)
ROOT_CAUSES = ("man", "machine", "material", "method", "measurement", "environment")


class Role(StrEnum):
    SALES_MANAGER = "sales manager"
    COST_ACCOUNTANT = "cost accountant"
    COMMERCIAL = "commercial"


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    PRICED = "priced"
    SENT = "sent"
    SUPERSEDED = "superseded"
    WON = "won"
    LOST = "lost"
    EXPIRED = "expired"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REVISE = "revise"


# logistics (issue 22): the modes Plan shipment weighs, and what a rate or quote is priced per
# (a container type's code, a chargeable kg, a W/M revenue tonne, or the whole shipment).
PLAN_MODES = ("fcl", "lcl", "air", "express", "rail")
RATE_BASES = ("20GP", "40GP", "40HC", "kg", "wm", "shipment")


class ShipmentMode(StrEnum):
    OCEAN = "ocean"
    EXPRESS = "express"
    AIR = "air"
    ROAD = "road"


class InvoiceKind(StrEnum):
    DEPOSIT = "deposit"
    BALANCE = "balance"
    FULL = "full"


class DocKind(StrEnum):
    PI = "pi"
    CI = "ci"
    PL = "pl"
    CONFIRMATION = "confirmation"
    CONTRACT = "contract"


_LIST_VALUES: dict[Lists, Callable[[], tuple[str, ...]]] = {
    Lists.INCOTERMS: lambda: tuple(INCOTERMS),
    Lists.CURRENCIES: codes.currencies,
    Lists.COUNTRIES: codes.countries,
    Lists.PAYMENT_TERMS: lambda: tuple(PAYMENT_TERMS),
    Lists.UNITS: lambda: UNITS,
    Lists.STAGES: lambda: tuple(s.value for s in Stage),
    Lists.TRANSPORT_MODES: lambda: tuple(m.value for m in TransportMode),
    Lists.LANGUAGES: lambda: LANGUAGES,
    Lists.YES_NO: lambda: (YES, NO),
    Lists.CUSTOMER_TYPES: lambda: ("new", "repeat"),
    Lists.PRODUCT_TYPES: lambda: ("standard", "custom", "new tooling"),
    Lists.QUOTE_STATUSES: lambda: tuple(s.value for s in QuoteStatus),
    Lists.DECISIONS: lambda: tuple(d.value for d in Decision),
    Lists.ROLES: lambda: tuple(r.value for r in Role),
    Lists.SHIPMENT_MODES: lambda: tuple(m.value for m in ShipmentMode),
    Lists.INVOICE_KINDS: lambda: tuple(k.value for k in InvoiceKind),
    Lists.COMPLAINT_CAUSES: lambda: (
        "quality",
        "quantity",
        "packaging",
        "delay",
        "documents",
        "other",
    ),
    Lists.COMPLAINT_STATUSES: lambda: ("open", "resolved"),
    Lists.REQUEST_KINDS: lambda: ("RFQ", "change request"),
    Lists.DOC_KINDS: lambda: tuple(k.value for k in DocKind),
    # MT700 fields 43P / 43T and 49, as SWIFT writes them.
    Lists.LC_SHIPMENT_OPTIONS: lambda: LC_SHIPMENT_OPTIONS,
    Lists.LC_CONFIRMATION: lambda: LC_CONFIRMATION,
    # logistics (issue 22)
    Lists.PLAN_MODES: lambda: PLAN_MODES,
    Lists.RATE_BASES: lambda: RATE_BASES,
    # after-sales (issue 21)
    Lists.COMPLAINT_CLASSES: lambda: COMPLAINT_CLASSES,
    Lists.SETTLEMENTS: lambda: ("credit note", "replacement", "discount"),
    Lists.ROOT_CAUSES: lambda: ROOT_CAUSES,
}


# --- columns and tables -----------------------------------------------------------------


class Column(str):
    """A column of a register table. Its string value is the header text in the sheet."""

    type: ColType
    required: Stage | bool
    choices: Lists | None
    number_format: str
    width: float
    hint: str
    owned: bool
    key: bool
    aliases: tuple[str, ...]
    attr: str
    table: builtins.type[Table]

    def __new__(
        cls,
        header: str,
        type: ColType = TEXT,
        *,
        required: Stage | bool = False,
        choices: Lists | None = None,
        fmt: str | None = None,
        width: float | None = None,
        hint: str = "",
        owned: bool = False,
        key: bool = False,
        aliases: tuple[str, ...] = (),
    ) -> Column:
        self = super().__new__(cls, header)
        self.type = type
        self.required = ALWAYS if key else required
        self.choices = choices
        self.number_format = fmt or DEFAULT_FORMAT[type]
        self.width = width or max(DEFAULT_WIDTH[type], min(len(header) + 3, 40))
        self.hint = hint
        self.owned = owned
        self.key = key
        self.aliases = aliases
        return self

    def __set_name__(self, owner: builtins.type, name: str) -> None:
        self.attr = name

    @property
    def header(self) -> str:
        return str.__str__(self)

    def required_at(self, stage: Stage | None) -> bool:
        if self.required is True:
            return True
        if self.required is False:
            return False
        return stage is not None and stage.at_least(self.required)

    def __repr__(self) -> str:
        table = getattr(self, "table", None)
        return f"{table.__name__ if table else '?'}.{getattr(self, 'attr', '?')}"

    # A str subclass with attributes must pickle with them (multiprocessing, caches).
    def __reduce__(self) -> tuple[Any, ...]:
        return (_column_by_ref, (self.table.__name__, self.attr))


def norm_header(text: object) -> str:
    """A header as compared: staff type "Unit price", "unit_price " or "Unit Price:"."""
    return re.sub(r"[\s_]+", " ", str(text or "").strip().lower()).rstrip(":")


def header_names(col: Column) -> set[str]:
    return {norm_header(col), *(norm_header(a) for a in col.aliases)}


class Table:
    """One Excel Table (ListObject) of the register. Subclass with `Column` attributes."""

    sheet: ClassVar[str]
    table_name: ClassVar[str]
    title: ClassVar[str] = ""
    owned_sheet: ClassVar[bool] = False  # OrderDesk writes the whole sheet (rebuilt on save)
    append_only: ClassVar[bool] = False  # rows are only ever added (logs, events, bank entries)
    _columns: ClassVar[tuple[Column, ...]]

    def __init_subclass__(
        cls,
        *,
        sheet: str | None = None,
        table_name: str | None = None,
        owned: bool = False,
        append_only: bool = False,
        **kw: Any,
    ) -> None:
        super().__init_subclass__(**kw)
        cls.sheet = sheet or cls.__name__
        cls.table_name = table_name or f"tbl{cls.__name__}"
        cls.owned_sheet = owned
        cls.append_only = append_only
        cols = [v for v in vars(cls).values() if isinstance(v, Column)]
        clash = {c.attr for c in cols} & _RESERVED
        if clash:
            raise TypeError(f"{cls.__name__}: column attribute(s) {sorted(clash)} clash with Table")
        for c in cols:
            c.table = cls
        cls._columns = tuple(cols)
        _TABLES.append(cls)

    @classmethod
    def columns(cls) -> tuple[Column, ...]:
        return cls._columns

    @classmethod
    def keys(cls) -> tuple[Column, ...]:
        return tuple(c for c in cls._columns if c.key)

    @classmethod
    def owned_columns(cls) -> tuple[Column, ...]:
        return tuple(c for c in cls._columns if c.owned)

    @classmethod
    def by_header(cls, header: str) -> Column:
        for c in cls._columns:
            if c == header:
                return c
        raise KeyError(f"{cls.sheet} has no column {header!r}")

    @classmethod
    def named(cls, header: str) -> Column | None:
        """The column a user means by a header typed loosely (case, spaces, an alias)."""
        want = norm_header(header)
        return next((c for c in cls._columns if want in header_names(c)), None)


_TABLES: list[type[Table]] = []
_RESERVED = frozenset(
    {
        "sheet",
        "table_name",
        "title",
        "owned_sheet",
        "append_only",
        "columns",
        "keys",
        "owned_columns",
        "by_header",
        "named",
    }
)


def _column_by_ref(table: str, attr: str) -> Column:
    col = getattr(table_by_class_name(table), attr)
    assert isinstance(col, Column)
    return col


# --- the register ---------------------------------------------------------------------------

D, C, P, R, S = (
    Stage.DRAFT,
    Stage.CONFIRMED,
    Stage.IN_PRODUCTION,
    Stage.READY_TO_SHIP,
    Stage.SHIPPED,
)


class Orders(Table):
    title = "Customer orders, one row per order"
    order_id = Column("Order ID", KEY, key=True, hint="SO-2026-0001. Text, unique.")
    customer = Column("Customer", KEY, required=D, hint="Customer ID from the Customers sheet.")
    customer_po = Column(
        "Customer PO",
        TEXT,
        required=C,
        aliases=("Customer PO No.", "PO No."),
        width=16,
        hint="The customer's purchase order number.",
    )
    order_date = Column("Order Date", DATE, required=D)
    stage = Column("Stage", TEXT, required=D, choices=Lists.STAGES, width=14)
    currency = Column("Currency", CODE, required=C, choices=Lists.CURRENCIES)
    incoterm = Column("Incoterm", CODE, required=C, choices=Lists.INCOTERMS)
    named_place = Column(
        "Named Place",
        TEXT,
        required=C,
        width=18,
        hint="The Incoterm's named place, e.g. 'Shanghai' for FOB, 'Rotterdam' for CIF.",
    )
    transport_mode = Column("Transport Mode", TEXT, choices=Lists.TRANSPORT_MODES, width=14)
    payment_terms = Column("Payment Terms", CODE, required=C, choices=Lists.PAYMENT_TERMS, width=14)
    deposit_pct = Column("Deposit %", PERCENT, hint="Share paid in advance, e.g. 30%.")
    lc_bank = Column("L/C Bank", TEXT, width=18, hint="Issuing bank (name or BIC) for L/C terms.")
    quote_id = Column("Quote ID", KEY, hint="The approved quote this order comes from.")
    quote_version = Column("Quote Version", INT)
    requested_delivery = Column("Requested Delivery", DATE, required=C)
    promised_ship = Column("Promised Ship Date", DATE, required=C)
    port_of_loading = Column(
        "Port of Loading", CODE, required=R, hint="UN/LOCODE, e.g. CNSHA.", width=11
    )
    port_of_discharge = Column(
        "Port of Discharge", CODE, required=R, hint="UN/LOCODE, e.g. NLRTM.", width=11
    )
    shipping_marks = Column("Shipping Marks", TEXT, required=R, width=24)
    forwarder = Column("Forwarder", TEXT, required=R, width=18)
    sales_owner = Column("Sales Owner", TEXT, required=D, width=14)
    ship_to = Column("Ship-to", TEXT, required=C, width=30, hint="Consignee name and address.")
    ship_to_country = Column("Ship-to Country", CODE, required=C, choices=Lists.COUNTRIES)
    order_total = Column("Order Total", MONEY, hint="Sum of the order's lines.")
    shipped_on = Column("Shipped On", DATE, required=S, hint="Actual ship date (B/L date).")
    notes = Column("Notes", TEXT, width=30)
    check = Column("Check", TEXT, owned=True, width=14, hint="Written by OrderDesk Validate.")
    tracking_alert = Column(
        "Tracking Alert", TEXT, owned=True, width=24, hint="Written by OrderDesk Sync tracking."
    )
    source_file = Column(
        "Source File", TEXT, width=24, hint="The purchase order Import PO read this order from."
    )
    # pivots (issue 25): helper columns the PivotTables slice by, computed by the KPI code
    order_month = Column(
        "Order Month",
        TEXT,
        owned=True,
        width=11,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    customer_country = Column(
        "Customer Country",
        CODE,
        owned=True,
        width=10,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    order_value_base = Column(
        "Order Value (base)",
        MONEY,
        owned=True,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    gross_profit_base = Column(
        "Gross Profit (base)",
        MONEY,
        owned=True,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )


class OrderLines(Table):
    title = "Order lines, and the purchase line behind each"
    order_id = Column("Order ID", KEY, key=True)
    line_no = Column("Line", INT, key=True, width=6)
    sku = Column("SKU", KEY, required=D, width=12)
    description = Column("Description", TEXT, required=C, width=30)
    spec = Column("Spec", TEXT, required=C, width=24, hint="Size, material, colour, standard.")
    hs_code = Column("HS Code", CODE, required=R, width=11, hint="HS 2022, six digits or more.")
    origin = Column("Origin", CODE, required=R, choices=Lists.COUNTRIES, width=8)
    qty = Column("Qty", NUMBER, required=C)
    unit = Column("Unit", CODE, required=C, choices=Lists.UNITS, width=7)
    unit_price = Column("Unit Price", MONEY, required=C)
    amount = Column("Amount", MONEY, hint="Qty × unit price.")
    supplier = Column("Supplier", KEY, required=P, hint="Supplier ID from the Suppliers sheet.")
    unit_cost = Column("Unit Cost", MONEY, hint="Purchase price per unit, supplier's currency.")
    supplier_due = Column("Supplier Due", DATE, required=P)
    supplier_delivered = Column("Supplier Delivered", DATE)
    delivered_qty = Column("Delivered Qty", NUMBER)
    accepted_qty = Column("Accepted Qty", NUMBER, hint="Passed incoming inspection.")
    carton_qty = Column("Carton Qty", INT, required=R, hint="Units per carton.")
    cartons = Column("Cartons", INT, required=R)
    net_kg = Column("Net kg", NUMBER, required=R, hint="Net weight of the whole line.")
    gross_kg = Column("Gross kg", NUMBER, required=R, hint="Gross weight of the whole line.")
    cbm = Column("CBM", NUMBER, required=R, fmt="0.000", hint="Volume of the whole line, m³.")
    # pivots (issue 25): helper columns the PivotTables slice by, computed by the KPI code
    due_month = Column(
        "Due Month",
        TEXT,
        owned=True,
        width=11,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    supplier_delivery = Column(
        "Supplier Delivery",
        TEXT,
        owned=True,
        width=12,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )


class Customers(Table):
    title = "Customers"
    customer_id = Column("Customer ID", KEY, key=True, hint="CU-0001")
    name = Column("Name", TEXT, required=ALWAYS, width=30)
    aliases = Column(
        "Aliases", TEXT, width=30, hint="Other names the customer pays under, separated by ;"
    )
    country = Column("Country", CODE, required=ALWAYS, choices=Lists.COUNTRIES, width=8)
    language = Column("Language", TEXT, choices=Lists.LANGUAGES, width=9)
    customer_type = Column("Customer Type", TEXT, choices=Lists.CUSTOMER_TYPES)
    contact = Column("Contact", TEXT, width=20)
    email = Column("Email", TEXT, width=26)
    phone = Column("Phone", TEXT, width=16)
    address = Column("Address", TEXT, width=36)
    vat_no = Column("VAT No.", TEXT, width=16)
    currency = Column("Currency", CODE, choices=Lists.CURRENCIES)
    payment_terms = Column("Payment Terms", CODE, choices=Lists.PAYMENT_TERMS, width=14)
    credit_limit = Column("Credit Limit", MONEY, hint="In the base currency (Settings).")
    credit_score = Column("Credit Score", INT, hint="0–100, from the credit insurer or finance.")
    blocked = Column("Blocked", BOOL, choices=Lists.YES_NO)
    avg_days_late = Column(
        "Avg Days Late", NUMBER, owned=True, fmt="0.0", hint="Written by OrderDesk bank matching."
    )


class Products(Table):
    title = "Products"
    sku = Column("SKU", KEY, key=True, width=12)
    description = Column("Description", TEXT, required=ALWAYS, width=30)
    description_zh = Column("Description (zh)", TEXT, width=20)
    category = Column("Category", TEXT, required=ALWAYS, width=16)
    product_type = Column("Product Type", TEXT, choices=Lists.PRODUCT_TYPES)
    hs_code = Column("HS Code", CODE, width=11)
    origin = Column("Origin", CODE, choices=Lists.COUNTRIES, width=8)
    unit = Column("Unit", CODE, choices=Lists.UNITS, width=7)
    default_supplier = Column("Default Supplier", KEY)
    cost_currency = Column("Cost Currency", CODE, choices=Lists.CURRENCIES)
    material_cost = Column("Material Cost", MONEY, hint="Per unit, cost currency.")
    labour_cost = Column("Labour Cost", MONEY, hint="Per unit, cost currency.")
    packaging_cost = Column("Packaging Cost", MONEY, hint="Per unit, cost currency.")
    material_index = Column(
        "Material Index", TEXT, hint="Cost driver name in Settings, e.g. steel."
    )
    carton_qty = Column("Carton Qty", INT)
    carton_l_cm = Column("Carton L cm", NUMBER)
    carton_w_cm = Column("Carton W cm", NUMBER)
    carton_h_cm = Column("Carton H cm", NUMBER)
    unit_net_kg = Column("Unit Net kg", NUMBER, fmt="0.000")
    carton_gross_kg = Column("Carton Gross kg", NUMBER)
    # logistics (issue 22): may other cartons stand on this one (blank: yes)
    stackable = Column("Stackable", BOOL, choices=Lists.YES_NO, hint="Blank: yes.")
    list_price = Column("List Price", MONEY)
    list_currency = Column("List Currency", CODE, choices=Lists.CURRENCIES)


class Suppliers(Table):
    title = "Suppliers"
    supplier_id = Column("Supplier ID", KEY, key=True, hint="SU-001")
    name = Column("Name", TEXT, required=ALWAYS, width=30)
    country = Column("Country", CODE, choices=Lists.COUNTRIES, width=8)
    city = Column("City", TEXT, width=14)
    contact = Column("Contact", TEXT, width=18)
    email = Column("Email", TEXT, width=26)
    currency = Column("Currency", CODE, choices=Lists.CURRENCIES)
    categories = Column("Categories", TEXT, width=24, hint="Product categories, separated by ;")
    lead_time_days = Column("Lead Time Days", INT)
    blocked = Column("Blocked", BOOL, choices=Lists.YES_NO)
    score = Column("Score", NUMBER, owned=True, fmt="0", hint="Written by Score suppliers.")
    standing = Column("Standing", TEXT, owned=True, width=12, hint="Written by Score suppliers.")


class SupplierRequests(Table):
    title = "Requests to suppliers (RFQs, change requests) and when they were answered"
    request_id = Column("Request ID", KEY, key=True)
    supplier = Column("Supplier", KEY, required=ALWAYS)
    kind = Column("Kind", TEXT, choices=Lists.REQUEST_KINDS, width=15)
    order_id = Column("Order ID", KEY)
    sku = Column("SKU", KEY)
    sent = Column("Sent", DATE, required=ALWAYS)
    answered = Column("Answered", DATE)


class Quotes(Table):
    title = "Quotes, one row per version"
    quote_id = Column("Quote ID", KEY, key=True, hint="Q-2026-0001")
    version = Column("Version", INT, key=True, width=8)
    customer = Column("Customer", KEY, required=ALWAYS)
    quote_date = Column("Quote Date", DATE, required=ALWAYS)
    valid_until = Column("Valid Until", DATE)
    currency = Column("Currency", CODE, required=ALWAYS, choices=Lists.CURRENCIES)
    incoterm = Column("Incoterm", CODE, required=ALWAYS, choices=Lists.INCOTERMS)
    named_place = Column("Named Place", TEXT, width=18)
    transport_mode = Column("Transport Mode", TEXT, choices=Lists.TRANSPORT_MODES, width=14)
    payment_terms = Column("Payment Terms", CODE, choices=Lists.PAYMENT_TERMS, width=14)
    lc_bank = Column("L/C Bank", TEXT, width=18)
    lead_time_days = Column("Lead Time Days", INT, hint="Promised days from order to shipment.")
    sales_owner = Column("Sales Owner", TEXT, width=14)
    order_id = Column("Order ID", KEY, hint="The order this quote became, once won.")
    decision_note = Column(
        "Decision Note",
        TEXT,
        width=28,
        hint="Approvers: type a note, then Approve or Reject; it goes into the ApprovalLog.",
    )
    status = Column("Status", TEXT, choices=Lists.QUOTE_STATUSES, owned=True, width=11)
    priced_at = Column("Priced At", DATETIME, owned=True)
    fx_rate = Column("FX Rate", RATE, owned=True, hint="Cost currency → quote currency.")
    fx_date = Column("FX Date", DATE, owned=True, hint="The ECB fixing used.")
    drivers_date = Column("Drivers Date", DATE, owned=True, hint="Cost drivers as of this date.")
    total = Column("Total", MONEY, owned=True)
    # A number shown as a percentage: a margin can be negative, which a PERCENT cell refuses.
    margin_pct = Column("Margin %", NUMBER, owned=True, fmt="0.0%")
    approval = Column("Approval", TEXT, owned=True, width=16)
    # pivots (issue 25): helper columns the PivotTables slice by, computed by the KPI code
    category = Column(
        "Category",
        TEXT,
        owned=True,
        width=16,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    quote_quarter = Column(
        "Quote Quarter",
        TEXT,
        owned=True,
        width=10,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )


class QuoteLines(Table):
    title = "Quote lines with their cost build-up"
    quote_id = Column("Quote ID", KEY, key=True)
    version = Column("Version", INT, key=True, width=8)
    line_no = Column("Line", INT, key=True, width=6)
    sku = Column("SKU", KEY, required=ALWAYS, width=12)
    qty = Column("Qty", NUMBER, required=ALWAYS)
    unit = Column("Unit", CODE, choices=Lists.UNITS, width=7)
    target_margin = Column("Target Margin", PERCENT, fmt="0.0%")
    unit_price = Column("Unit Price", MONEY, hint="The price offered (quote currency).")
    material = Column("Material", MONEY, owned=True)
    labour = Column("Labour", MONEY, owned=True)
    packaging = Column("Packaging", MONEY, owned=True)
    inland_freight = Column("Inland Freight", MONEY, owned=True)
    main_freight = Column("Main Freight", MONEY, owned=True)
    insurance = Column("Insurance", MONEY, owned=True)
    unit_cost = Column("Unit Cost", MONEY, owned=True, hint="Build-up total per unit.")
    suggested_price = Column("Suggested Price", MONEY, owned=True)
    # A number shown as a percentage: a margin can be negative, which a PERCENT cell refuses.
    margin_pct = Column("Margin %", NUMBER, owned=True, fmt="0.0%")
    below_floor = Column("Below Floor", BOOL, owned=True)


class ApprovalLog(Table, append_only=True):
    title = "Approvals, rejections and revisions, hash-chained"
    seq = Column("Seq", INT, key=True, width=6)
    # Seconds shown: the hash chain covers the time to the second.
    at = Column("Time", DATETIME, required=ALWAYS, fmt="yyyy-mm-dd hh:mm:ss", width=19)
    user = Column("User", TEXT, required=ALWAYS, width=12)
    role = Column("Role", TEXT, choices=Lists.ROLES, width=15)
    level = Column("Level", INT, width=6)
    quote_id = Column("Quote ID", KEY, required=ALWAYS)
    version = Column("Version", INT, required=ALWAYS, width=8)
    decision = Column("Decision", TEXT, required=ALWAYS, choices=Lists.DECISIONS)
    comment = Column("Comment", TEXT, width=36)
    quote_digest = Column(
        "Quote Digest", TEXT, width=18, hint="Fingerprint of the version's terms and lines."
    )
    prev_hash = Column("Prev Hash", TEXT, width=20)
    hash = Column("Hash", TEXT, width=20)


class Shipments(Table):
    title = "Shipments: ocean containers and express parcels"
    shipment_id = Column("Shipment ID", KEY, key=True, hint="SH-2026-0001")
    order_id = Column("Order ID", KEY, required=ALWAYS)
    mode = Column("Mode", TEXT, required=ALWAYS, choices=Lists.SHIPMENT_MODES, width=9)
    carrier = Column("Carrier", CODE, required=ALWAYS, hint="Carrier code in Settings, e.g. MAEU.")
    booking_ref = Column("Booking Ref", TEXT, width=14)
    bl_no = Column("B/L No", TEXT, width=16)
    container_no = Column("Container No", CODE, width=13, hint="ISO 6346, e.g. MSCU1234566.")
    tracking_no = Column("Tracking No", TEXT, width=14, hint="Air waybill / parcel number.")
    vessel = Column(
        "Vessel / Voyage", TEXT, width=18, hint="As on the B/L, e.g. MAERSK ESSEN 446W."
    )
    port_of_loading = Column("Port of Loading", CODE, width=11)
    port_of_discharge = Column("Port of Discharge", CODE, width=11)
    # The carrier's dates: Sync tracking writes them whenever the carrier gives one (typed values
    # stay until then).
    etd = Column("ETD", DATE, owned=True)
    eta = Column("ETA", DATE, owned=True)
    atd = Column("ATD", DATE, owned=True)
    ata = Column("ATA", DATE, owned=True)
    status = Column("Status", TEXT, owned=True, width=14)
    last_event = Column("Last Event", TEXT, owned=True, width=28)
    last_sync = Column("Last Sync", DATETIME, owned=True)
    delay_days = Column("Delay Days", INT, owned=True)


class ShipmentEvents(Table, append_only=True):
    title = "Carrier events, appended once each by Sync tracking"
    event_id = Column("Event ID", KEY, key=True, width=20)
    # One carrier event can concern several shipments (a vessel's departure, every container of
    # a booking): the row is the event *of a shipment*.
    shipment_id = Column("Shipment ID", KEY, key=True)
    order_id = Column("Order ID", KEY)
    source = Column("Source", TEXT, width=8)
    event_time = Column("Event Time", DATETIME, required=ALWAYS)
    classifier = Column("Classifier", CODE, width=8, hint="PLN / EST / ACT")
    code = Column("Code", CODE, width=8)
    milestone = Column("Milestone", TEXT, width=18)
    location = Column("Location", TEXT, width=18)
    description = Column("Description", TEXT, width=30)
    received_at = Column("Received At", DATETIME)


# --- logistics (issue 22): forwarders' quotes, typed or imported ----------------------------


class ForwarderQuotes(Table):
    title = "Forwarders' quotes, typed or read by Import quotes"
    quote_ref = Column("Quote Ref", KEY, key=True, width=16, hint="The forwarder's reference.")
    forwarder = Column("Forwarder", TEXT, required=ALWAYS, width=18)
    carrier = Column("Carrier", CODE, hint="The carrier the forwarder books, e.g. MAEU.")
    lane = Column("Lane", CODE, required=ALWAYS, width=13, hint="POL-POD, e.g. CNNGB-NLRTM.")
    mode = Column("Mode", TEXT, required=ALWAYS, choices=Lists.PLAN_MODES, width=9)
    basis = Column(
        "Basis", TEXT, required=ALWAYS, choices=Lists.RATE_BASES, width=9, hint="Priced per …"
    )
    quote_date = Column("Quote Date", DATE, required=ALWAYS)
    valid_until = Column("Valid Until", DATE, required=ALWAYS)
    currency = Column("Currency", CODE, required=ALWAYS, choices=Lists.CURRENCIES)
    freight = Column("Freight", MONEY, required=ALWAYS, hint="Per basis unit.")
    baf = Column("BAF", MONEY, hint="Bunker surcharge, per basis unit.")
    thc = Column("THC", MONEY, hint="Terminal handling, per basis unit.")
    other = Column("Other", MONEY, hint="Other surcharges, per basis unit.")
    documentation = Column("Documentation", MONEY, hint="Per shipment.")
    min_charge = Column("Min Charge", MONEY)
    transit_days = Column("Transit Days", INT, required=ALWAYS)
    free_days = Column("Free Days", INT, hint="Free demurrage and detention days.")
    source_file = Column("Source File", TEXT, width=24, hint="The file Import quotes read.")


class Invoices(Table):
    title = "Deposit, balance and full invoices"
    invoice_no = Column("Invoice No", KEY, key=True, hint="INV-2026-0001")
    order_id = Column("Order ID", KEY, required=ALWAYS)
    customer = Column("Customer", KEY, required=ALWAYS)
    kind = Column("Kind", TEXT, required=ALWAYS, choices=Lists.INVOICE_KINDS, width=9)
    issue_date = Column("Issue Date", DATE, required=ALWAYS)
    due_date = Column("Due Date", DATE)
    currency = Column("Currency", CODE, required=ALWAYS, choices=Lists.CURRENCIES)
    amount = Column("Amount", MONEY, required=ALWAYS)
    paid = Column("Paid", MONEY, owned=True)
    outstanding = Column("Outstanding", MONEY, owned=True)
    status = Column("Status", TEXT, owned=True, width=10)
    last_payment = Column("Last Payment", DATE, owned=True)
    # pivots (issue 25): helper columns the PivotTables slice by, computed by the KPI code
    aging_bucket = Column(
        "Aging Bucket",
        TEXT,
        owned=True,
        width=10,
        hint="Written by Refresh KPIs, for the Pivots sheet.",
    )
    open_base = Column(
        "Open (base)", MONEY, owned=True, hint="Written by Refresh KPIs, for the Pivots sheet."
    )


class BankEntries(Table, append_only=True):
    title = "Bank entries from statements and the bank API, each once"
    entry_ref = Column("Entry Ref", KEY, key=True, width=22, hint="The bank's reference.")
    account = Column("Account", TEXT, width=24, hint="IBAN")
    booking_date = Column("Booking Date", DATE, required=ALWAYS)
    value_date = Column("Value Date", DATE)
    amount = Column("Amount", MONEY, required=ALWAYS, hint="Credits positive, debits negative.")
    currency = Column("Currency", CODE, required=ALWAYS)
    payer = Column("Payer", TEXT, width=26)
    payer_account = Column("Payer Account", TEXT, width=24)
    remittance = Column("Remittance", TEXT, width=36)
    end_to_end_id = Column("End-to-End ID", TEXT, width=18)
    source = Column("Source", TEXT, width=12)
    statement = Column("Statement", TEXT, width=18)
    match_status = Column("Match Status", TEXT, owned=True, width=12)
    matched_invoices = Column("Matched Invoices", TEXT, owned=True, width=22)
    confidence = Column("Confidence", PERCENT, owned=True)
    match_reasons = Column("Match Reasons", TEXT, owned=True, width=30)


class LCs(Table):
    """Letters of credit, one row per L/C, each linked to the order it pays for.

    Columns are named after the fields of the SWIFT MT700 that issues the credit (the tag is in
    each column's hint, and `LC_FIELDS` maps tag → column), typed as the documents and checks use
    them: 31D's date and place apart, 32B's currency and amount apart, 39A as two percentages.
    Import L/C writes them from the bank's message (and each MT707 amendment into them); for a
    credit that came as a PDF, the row typed by hand is the form, read and checked the same way.
    """

    title = "Letters of credit (MT700 fields), one row per L/C"
    lc_no = Column("L/C No", KEY, key=True, width=16, hint="20: documentary credit number.")
    order_id = Column("Order ID", KEY, required=ALWAYS, hint="The order this L/C pays for.")
    issue_date = Column("Issue Date", DATE, required=ALWAYS, owned=True, hint="31C: date of issue.")
    expiry_date = Column(
        "Expiry Date", DATE, required=ALWAYS, owned=True, hint="31D: date of expiry."
    )
    expiry_place = Column("Expiry Place", TEXT, owned=True, width=14, hint="31D: place of expiry.")
    form = Column("Form", TEXT, owned=True, width=14, hint="40A: form of credit, e.g. IRREVOCABLE.")
    rules = Column(
        "Rules",
        TEXT,
        owned=True,
        width=18,
        hint="40E: applicable rules, e.g. UCP LATEST VERSION.",
    )
    issuing_bank = Column(
        "Issuing Bank", TEXT, owned=True, width=24, hint="52a: the issuing bank's name."
    )
    issuing_bic = Column(
        "Issuing BIC", CODE, owned=True, width=12, hint="The issuing bank's BIC (the sender)."
    )
    advising_bic = Column(
        "Advising BIC", CODE, owned=True, width=12, hint="The advising bank's BIC."
    )
    applicant = Column(
        "Applicant",
        TEXT,
        owned=True,
        width=30,
        hint="50: name and address, exactly as the L/C has them.",
    )
    beneficiary = Column("Beneficiary", TEXT, owned=True, width=30, hint="59: name and address.")
    currency = Column(
        "Currency", CODE, required=ALWAYS, owned=True, choices=Lists.CURRENCIES, hint="32B"
    )
    amount = Column("Amount", MONEY, required=ALWAYS, owned=True, hint="32B: the credit amount.")
    tolerance_plus = Column("Tolerance +%", PERCENT, owned=True, hint="39A: more allowed, e.g. 5%.")
    tolerance_minus = Column(
        "Tolerance −%", PERCENT, owned=True, hint="39A: less allowed, e.g. 5%."
    )
    additional_amounts = Column(
        "Additional Amounts", TEXT, owned=True, width=20, hint="39C: additional amounts covered."
    )
    available_with = Column(
        "Available With", TEXT, owned=True, width=20, hint="41a: bank, or ANY BANK."
    )
    available_by = Column(
        "Available By", TEXT, owned=True, width=16, hint="41a: BY NEGOTIATION, PAYMENT …"
    )
    drafts_at = Column(
        "Drafts At", TEXT, owned=True, width=16, hint="42C: drafts at, e.g. AT SIGHT."
    )
    drawee = Column("Drawee", TEXT, owned=True, width=16, hint="42a: drawee of the drafts.")
    partial_shipments = Column(
        "Partial Shipments",
        TEXT,
        owned=True,
        choices=Lists.LC_SHIPMENT_OPTIONS,
        width=14,
        hint="43P",
    )
    transhipment = Column(
        "Transhipment", TEXT, owned=True, choices=Lists.LC_SHIPMENT_OPTIONS, width=14, hint="43T"
    )
    place_of_receipt = Column("Place of Receipt", TEXT, owned=True, width=16, hint="44A")
    port_of_loading = Column(
        "Port of Loading", TEXT, owned=True, width=16, hint="44E, as the L/C words it."
    )
    port_of_discharge = Column("Port of Discharge", TEXT, owned=True, width=16, hint="44F")
    final_destination = Column("Final Destination", TEXT, owned=True, width=16, hint="44B")
    latest_shipment = Column(
        "Latest Shipment", DATE, owned=True, hint="44C: latest date of shipment."
    )
    shipment_period = Column("Shipment Period", TEXT, owned=True, width=16, hint="44D")
    goods = Column("Goods", TEXT, owned=True, width=30, hint="45A: description of goods.")
    documents_required = Column("Documents Required", TEXT, owned=True, width=30, hint="46A")
    conditions = Column("Additional Conditions", TEXT, owned=True, width=30, hint="47A")
    presentation_days = Column(
        "Presentation Days",
        INT,
        owned=True,
        hint="48: days after shipment; blank = 21 (UCP 600 art. 14(c)).",
    )
    confirmation = Column(
        "Confirmation", TEXT, owned=True, choices=Lists.LC_CONFIRMATION, hint="49"
    )
    charges = Column("Charges", TEXT, owned=True, width=24, hint="71D")
    other_fields = Column(
        "Other Fields",
        TEXT,
        owned=True,
        width=30,
        hint="Fields of the message with no column here (:TAG: and text), kept as sent.",
    )
    amendment = Column(
        "Amendment", INT, owned=True, width=10, hint="26E: the last MT707 applied (blank: none)."
    )
    source = Column(
        "Source", TEXT, owned=True, width=20, hint="The message file it came from; blank: typed."
    )
    presented_on = Column(
        "Presented On",
        DATE,
        hint="The day the documents went to the bank (ends the planner's count).",
    )


# MT700 tag → the LCs column that holds it. 31D, 32B, 39A and 41a fill two columns each.
LC_FIELDS: dict[str, tuple[Column, ...]] = {
    "20": (LCs.lc_no,),
    "31C": (LCs.issue_date,),
    "31D": (LCs.expiry_date, LCs.expiry_place),
    "40A": (LCs.form,),
    "40E": (LCs.rules,),
    "52A": (LCs.issuing_bic, LCs.issuing_bank),
    "50": (LCs.applicant,),
    "59": (LCs.beneficiary,),
    "32B": (LCs.currency, LCs.amount),
    "39A": (LCs.tolerance_plus, LCs.tolerance_minus),
    "39C": (LCs.additional_amounts,),
    "41A": (LCs.available_with, LCs.available_by),
    "42C": (LCs.drafts_at,),
    "42A": (LCs.drawee,),
    "43P": (LCs.partial_shipments,),
    "43T": (LCs.transhipment,),
    "44A": (LCs.place_of_receipt,),
    "44E": (LCs.port_of_loading,),
    "44F": (LCs.port_of_discharge,),
    "44B": (LCs.final_destination,),
    "44C": (LCs.latest_shipment,),
    "44D": (LCs.shipment_period,),
    "45A": (LCs.goods,),
    "46A": (LCs.documents_required,),
    "47A": (LCs.conditions,),
    "48": (LCs.presentation_days,),
    "49": (LCs.confirmation,),
    "71D": (LCs.charges,),
}


class LCAmendments(Table, append_only=True):
    title = "L/C amendments (MT707), each as applied by Import L/C"
    lc_no = Column("L/C No", KEY, key=True, width=16, hint="20/23: the credit amended.")
    number = Column("Amendment", INT, key=True, width=10, hint="26E: number of amendment.")
    date = Column("Date", DATE, required=ALWAYS, hint="30: date of amendment.")
    purpose = Column("Purpose", CODE, width=9, hint="22A: ISCO, ICCO, ACNF, ADVI …")
    changes = Column(
        "Changes", TEXT, width=60, hint="What the amendment changed: field, was → now."
    )
    source = Column("Source", TEXT, width=20, hint="The message file.")
    imported_at = Column("Imported At", DATETIME)


class Complaints(Table):
    title = "Customer complaints"
    complaint_id = Column("Complaint ID", KEY, key=True)
    order_id = Column("Order ID", KEY, required=ALWAYS)
    sku = Column("SKU", KEY)
    supplier = Column("Supplier", KEY)
    date = Column("Date", DATE, required=ALWAYS)
    cause = Column("Cause", TEXT, choices=Lists.COMPLAINT_CAUSES, width=11)
    qty_affected = Column("Qty Affected", NUMBER)
    description = Column("Description", TEXT, width=36)
    status = Column("Status", TEXT, choices=Lists.COMPLAINT_STATUSES, width=9)
    resolution = Column("Resolution", TEXT, width=30)
    # after-sales (issue 21): the complaint on the clock
    complaint_class = Column(
        "Class", TEXT, choices=Lists.COMPLAINT_CLASSES, width=14, hint="Sets the SLA limits."
    )
    received = Column("Received", DATETIME, hint="When the customer's complaint came in.")
    acknowledged = Column("Acknowledged", DATETIME)
    proposed = Column("Solution Proposed", DATETIME)
    closed = Column("Closed", DATETIME)
    owner = Column("Owner", TEXT, width=12)
    order_lines = Column("Order Lines", TEXT, width=10, hint="Line numbers: 1, 3")
    claim_amount = Column("Claim Amount", MONEY, hint="In the order's currency.")
    settlement = Column("Settlement", TEXT, choices=Lists.SETTLEMENTS, width=12)
    ack_due = Column("Acknowledge Due", DATETIME, owned=True)
    solution_due = Column("Solution Due", DATETIME, owned=True)
    sla = Column("SLA", TEXT, owned=True, width=30, hint="Written by Complaint: on time or late.")


class Documents(Table, append_only=True):
    title = "Generated trade documents"
    doc_id = Column("Document ID", KEY, key=True, width=24)
    order_id = Column("Order ID", KEY, required=ALWAYS)
    kind = Column("Kind", TEXT, choices=Lists.DOC_KINDS, width=12)
    version = Column("Version", INT, width=8)
    language = Column("Language", TEXT, width=9)
    path = Column("Path", TEXT, width=40)
    sha256 = Column("SHA-256", TEXT, width=20)
    by = Column("By", TEXT, width=12)
    at = Column("At", DATETIME)
    # What the document says, whatever its language: the same content keeps its version number,
    # a PI made again in French is the same revision as the English one.
    content = Column("Content", TEXT, width=20, hint="Fingerprint of the content (any language).")
    draft = Column("Draft", BOOL, hint="Made before its stage with --draft: DRAFT on every page.")


class IntakeLog(Table, sheet="Intake", append_only=True):
    title = "Purchase orders imported by Import PO, each file once"
    sha256 = Column("SHA-256", TEXT, key=True, width=20, hint="Fingerprint of the file's bytes.")
    file = Column("File", TEXT, required=ALWAYS, width=30)
    channel = Column("Channel", TEXT, width=9, hint="email, pdf, scan, xlsx, csv")
    order_id = Column("Order ID", KEY, hint="The order the file became (blank: refused).")
    customer = Column("Customer", KEY)
    customer_po = Column("Customer PO", TEXT, width=16)
    fields_read = Column("Fields Read", INT, width=8)
    fields_blank = Column(
        "Fields Blank", INT, width=8, hint="Left for a person: see the questions."
    )
    questions = Column("Questions", TEXT, width=60)
    imported_at = Column("Imported At", DATETIME)
    by = Column("By", TEXT, width=12)


class IntakeFields(Table, sheet="IntakeFields", append_only=True):
    title = "Every field Import PO read: where from, how sure, what it wrote"
    order_id = Column("Order ID", KEY, key=True)
    line_no = Column("Line", INT, key=True, width=6, hint="Blank: a field of the order itself.")
    field = Column("Field", TEXT, key=True, width=18, hint="The register column it went to.")
    read = Column("Read", TEXT, width=30, hint="The text as the purchase order has it.")
    written = Column("Written", TEXT, width=20, hint="Blank: not sure enough; asked instead.")
    confidence = Column("Confidence", PERCENT)
    source = Column("Source", TEXT, width=30, hint="File, page and line, or sheet and cell.")


class Learned(Table, sheet="Learned"):
    title = "What Import PO learned from people's corrections, per customer"
    customer = Column("Customer", KEY, key=True)
    field = Column("Field", TEXT, key=True, width=14, hint="SKU, or Date Order (DMY, MDY).")
    they_write = Column(
        "They Write", TEXT, key=True, width=24, hint="The customer's part number or date."
    )
    means = Column("Means", TEXT, required=ALWAYS, width=14, hint="Our SKU, or DMY / MDY.")
    learned_from = Column("Learned From", KEY, hint="The order a person corrected.")
    learned_on = Column("Learned On", DATE)


class Lessons(Table):
    # after-sales (issue 21): the knowledge base Lessons searches
    title = "Lessons learned"
    lesson_id = Column("Lesson ID", KEY, key=True, width=10)
    title_text = Column("Title", TEXT, required=ALWAYS, width=30)
    situation = Column("Situation", TEXT, width=40, hint="What happened (any language).")
    what_worked = Column("What Worked", TEXT, width=40)
    tags = Column("Tags", TEXT, width=20, hint="Words to find it by, separated by ;")
    sku = Column("SKU", KEY, width=12, hint="The product it is about (blank: any).")
    complaint_class = Column("Class", TEXT, choices=Lists.COMPLAINT_CLASSES, width=14)
    orders = Column("Orders", TEXT, width=16, hint="Linked orders, separated by ,")
    complaints = Column("Complaints", TEXT, width=16, hint="Linked complaints, separated by ,")
    added_on = Column("Added On", DATE)


class FiveWhys(Table, sheet="FiveWhy"):
    # after-sales (issue 21): a structured root-cause record per complaint or exception
    title = "5 Why: root causes and actions"
    record_id = Column("5 Why ID", KEY, key=True, width=10)
    complaint_id = Column("Complaint ID", KEY, hint="The complaint (blank: another exception).")
    order_id = Column("Order ID", KEY)
    date = Column("Date", DATE, required=ALWAYS)
    problem = Column("Problem", TEXT, required=ALWAYS, width=30)
    why_1 = Column("Why 1", TEXT, width=24)
    why_2 = Column("Why 2", TEXT, width=24)
    why_3 = Column("Why 3", TEXT, width=24)
    why_4 = Column("Why 4", TEXT, width=24)
    why_5 = Column("Why 5", TEXT, width=24)
    root_cause = Column(
        "Root Cause", TEXT, choices=Lists.ROOT_CAUSES, width=12, hint="6M: man, machine …"
    )
    corrective = Column("Corrective Action", TEXT, width=28)
    preventive = Column("Preventive Action", TEXT, width=28)
    owner = Column("Owner", TEXT, width=12)
    due = Column("Due", DATE)
    verified = Column("Verified", DATE, hint="When the action was seen to work.")


class Feedback(Table, append_only=True):
    # after-sales (issue 21): the customers' returned surveys, one row per answer
    title = "Customer feedback (imported from returned surveys)"
    order_id = Column("Order ID", KEY, key=True)
    number = Column("Question", INT, key=True, width=8, hint="1–6 scored, 7 free text.")
    score = Column("Score", INT, width=6, hint="1 very poor … 5 excellent.")
    comment = Column("Comment", TEXT, width=40)
    received = Column("Received", DATE)
    source = Column("Source", TEXT, width=24, hint="The survey file.")


# --- Settings: policy tables, side by side on one sheet ------------------------------------


class Settings(Table, sheet="Settings"):
    title = "Settings"
    key = Column("Setting", TEXT, key=True, width=28)
    value = Column("Value", TEXT, width=24)
    note = Column("Note", TEXT, width=40)


class Approvers(Table, sheet="Settings"):
    title = "Approval matrix"
    user = Column("User", TEXT, key=True, width=12, hint="The signed-in OS user name.")
    name = Column("Name", TEXT, width=18)
    role = Column("Role", TEXT, required=ALWAYS, choices=Lists.ROLES, width=15)
    level = Column("Level", INT, required=ALWAYS, width=6)


class CreditBands(Table, sheet="Settings"):
    title = "Credit bands"
    band = Column("Band", TEXT, key=True, width=6)
    min_score = Column("Min Score", INT, required=ALWAYS)
    min_deposit = Column("Min Deposit %", PERCENT, required=ALWAYS)


class LCBanks(Table, sheet="Settings"):
    title = "Accepted L/C banks"
    bank = Column("Bank", TEXT, key=True, width=24)
    bic = Column("BIC", CODE, width=12)


class CostDrivers(Table, sheet="Settings"):
    title = "Cost drivers"
    driver = Column("Driver", TEXT, key=True, width=22)
    value = Column("Value", RATE, required=ALWAYS)
    unit = Column("Unit", TEXT, width=12)
    currency = Column("Currency", CODE, choices=Lists.CURRENCIES)
    as_of = Column("As Of", DATE, required=ALWAYS)
    source = Column("Source", TEXT, width=16)


class Capacity(Table, sheet="Settings"):
    title = "Monthly capacity"
    category = Column("Category", TEXT, key=True, width=16)
    monthly_capacity = Column("Monthly Capacity", NUMBER, required=ALWAYS)
    unit = Column("Unit", CODE, choices=Lists.UNITS, width=7)


class ScoreWeights(Table, sheet="Settings"):
    title = "Supplier scorecard"
    criterion = Column("Criterion", TEXT, key=True, width=16)
    weight = Column("Weight", NUMBER, required=ALWAYS)
    formula = Column("Formula", TEXT, width=22)


class Standings(Table, sheet="Settings"):
    title = "Supplier standings"
    standing = Column("Standing", TEXT, key=True, width=12)
    min_score = Column("Min Score", NUMBER, required=ALWAYS)
    action = Column("Action", TEXT, width=9, hint="none, warn or block")


class KpiBands(Table, sheet="Settings"):
    title = "KPI early-warning bands"
    kpi = Column("KPI", TEXT, key=True, width=20)
    direction = Column("Better", TEXT, width=8, hint="higher or lower")
    amber = Column("Amber At", NUMBER)
    red = Column("Red At", NUMBER)


class Accounts(Table, sheet="Settings"):
    title = "Ledger accounts"
    purpose = Column("Purpose", TEXT, key=True, width=18)
    account = Column("Account", TEXT, required=ALWAYS, width=10)
    name = Column("Account Name", TEXT, width=24)


class Carriers(Table, sheet="Settings"):
    title = "Carriers"
    carrier = Column("Carrier", CODE, key=True, width=8)
    api = Column("API", TEXT, required=ALWAYS, width=8, hint="dcsa or dhl")
    base_url = Column("Base URL", TEXT, required=ALWAYS, width=30)
    key_variable = Column(
        "Key Variable", TEXT, width=18, hint="Environment variable, never the key."
    )
    calls_per_second = Column("Calls/s", NUMBER, width=8)


class Clauses(Table, sheet="Settings"):
    title = "Contract clauses"
    clause = Column("Clause", TEXT, key=True, width=18)
    customer_type = Column("Customer Type", TEXT, key=True, width=10, hint="new, repeat or any")
    product_type = Column("Product Type", TEXT, key=True, width=10, hint="standard, custom or any")
    parameter = Column("Parameter", TEXT, width=20)


# logistics (issue 22): containers, rate cards per lane and mode, contingency routes


class Containers(Table, sheet="Settings"):
    title = "Containers"
    container = Column("Container", CODE, key=True, width=10, hint="20GP, 40GP, 40HC")
    length_cm = Column("Inside L cm", NUMBER, required=ALWAYS)
    width_cm = Column("Inside W cm", NUMBER, required=ALWAYS)
    height_cm = Column("Inside H cm", NUMBER, required=ALWAYS)
    door_w_cm = Column("Door W cm", NUMBER, required=ALWAYS)
    door_h_cm = Column("Door H cm", NUMBER, required=ALWAYS)
    payload_kg = Column("Payload kg", NUMBER, required=ALWAYS)
    max_fill = Column("Max Fill %", PERCENT, hint="Share of the volume cartons can use.")


class Lanes(Table, sheet="Settings"):
    title = "Lanes and rate cards"
    lane = Column("Lane", CODE, key=True, width=13, hint="POL-POD, e.g. CNNGB-NLRTM.")
    mode = Column("Mode", TEXT, key=True, choices=Lists.PLAN_MODES, width=9)
    basis = Column("Basis", TEXT, key=True, choices=Lists.RATE_BASES, width=9)
    carrier = Column("Carrier", CODE, width=8)
    transit_days = Column("Transit Days", INT, required=ALWAYS)
    rate = Column("Rate", MONEY, required=ALWAYS, hint="All-in, per basis unit.")
    currency = Column("Currency", CODE, required=ALWAYS, choices=Lists.CURRENCIES)
    min_charge = Column("Min Charge", MONEY)


class Contingencies(Table, sheet="Settings"):
    title = "Contingency routes"
    lane = Column("Lane", CODE, key=True, width=13)
    route = Column("Alternative", TEXT, key=True, width=26)
    kind = Column("Kind", TEXT, width=14, hint="other POL, other carrier, sea-air, air")
    extra_cost = Column("Extra Cost", MONEY, required=ALWAYS, hint="Per shipment.")
    currency = Column("Currency", CODE, required=ALWAYS, choices=Lists.CURRENCIES)
    days_saved = Column("Days Saved", INT, required=ALWAYS, hint="Against the booked route.")


# --- execution (issue 20): milestones, exceptions, their Settings tables, the Capacity sheet ----


class Milestones(Table):
    title = "Order milestones: who does what by when (written by Plan milestones)"
    order_id = Column("Order ID", KEY, key=True)
    milestone = Column("Milestone", TEXT, key=True, width=22)
    planned = Column("Planned", DATE, required=ALWAYS)
    owner = Column("Owner", TEXT, width=14, hint="Responsible (the R of RACI): a person.")
    department = Column("Department", TEXT, width=12)
    accountable = Column("Accountable", TEXT, width=14)
    consulted = Column("Consulted", TEXT, width=18)
    informed = Column("Informed", TEXT, width=18)
    done_on = Column(
        "Done On", DATE, hint="Type the day it was done where the register cannot tell."
    )
    status = Column("Status", TEXT, owned=True, width=9, hint="open, due, overdue or done.")
    actual = Column("Actual", DATE, owned=True, hint="What the register knows, else Done On.")


class Exceptions(Table):
    title = "Exceptions: what went wrong on an order, and how it is handled"
    exception_id = Column("Exception ID", KEY, key=True, hint="EX-0001")
    order_id = Column("Order ID", KEY, required=ALWAYS)
    exception_class = Column(
        "Class",
        TEXT,
        required=ALWAYS,
        width=11,
        hint="quality, delivery, payment, logistics, documents or customs",
    )
    severity = Column(
        "Severity", TEXT, required=ALWAYS, width=9, hint="low, medium, high, critical"
    )
    opened = Column("Opened", DATETIME, required=ALWAYS)
    owner = Column("Owner", TEXT, width=14)
    status = Column("Status", TEXT, width=9, hint="open or closed")
    description = Column("Description", TEXT, width=36)
    handling = Column("Handling", TEXT, owned=True, width=40)
    escalate_to = Column("Escalate To", TEXT, owned=True, width=14)
    escalate_by = Column("Escalate By", DATETIME, owned=True)
    customer_updates = Column("Customer Updates", TEXT, owned=True, width=30)
    contingency = Column("Contingency", TEXT, owned=True, width=40)
    alert = Column("Alert", TEXT, owned=True, width=24)


class MilestoneTemplates(Table, sheet="Settings"):
    title = "Milestone templates"
    order_type = Column(
        "Order Type", TEXT, key=True, width=11, hint="standard, custom, urgent, lc or tooling"
    )
    milestone = Column("Milestone", TEXT, key=True, width=22)
    after = Column("After", TEXT, width=18, hint="'order date' or another milestone")
    offset_days = Column("Offset Days", INT, required=ALWAYS)
    responsible = Column("R", TEXT, width=10, hint="A role (the roles table says who).")
    accountable = Column("A", TEXT, width=10)
    consulted = Column("C", TEXT, width=10)
    informed = Column("I", TEXT, width=10)


class RaciRoles(Table, sheet="Settings"):
    title = "Roles and people"
    role = Column("Role", TEXT, key=True, width=12)
    person = Column("Person", TEXT, required=ALWAYS, width=12, hint="The user name (My tasks).")
    department = Column("Department", TEXT, width=12)


class ExceptionRules(Table, sheet="Settings"):
    title = "Exception handling"
    exception_class = Column("Class", TEXT, key=True, width=11)
    severity = Column("Severity", TEXT, key=True, width=9)
    handling = Column("Handling", TEXT, width=36, hint="Steps, separated by ;")
    escalate_to = Column("Escalate To", TEXT, width=12, hint="A role.")
    escalate_hours = Column("Escalate Hours", NUMBER)
    inform_hours = Column("Inform Customer Hours", NUMBER)
    update_hours = Column("Update Every Hours", NUMBER)


class Feasibility(Table, owned=True):
    title = "Can we take it? (rewritten by Can we take it)"
    order_id = Column("Order ID", KEY)
    decision = Column("Decision", TEXT, width=24)
    earliest_ship = Column("Earliest Ship", DATE)
    earliest_arrival = Column("Earliest Arrival", DATE)
    conditions = Column("Conditions", TEXT, width=44)
    reasons = Column("Reasons", TEXT, width=60)


class CapacityWeeks(Table, sheet="Feasibility", owned=True):
    title = "Booked vs available capacity by product line and week"
    category = Column("Product Line", TEXT, width=14)
    week = Column("Week", TEXT, width=9)
    starts = Column("Starts", DATE)
    available = Column("Available", NUMBER)
    booked = Column("Booked", NUMBER)
    load = Column("Load %", NUMBER, fmt="0%")
    over = Column("Over-booked", TEXT, width=8)
    orders = Column("Orders", TEXT, width=40)


class ComplaintSla(Table, sheet="Settings"):
    # after-sales (issue 21): business hours to acknowledge and to propose a solution
    title = "Complaint SLA (business hours)"
    complaint_class = Column("Complaint Class", TEXT, key=True, width=15)
    acknowledge_hours = Column("Acknowledge h", NUMBER, required=ALWAYS, width=9)
    solution_hours = Column("Solution h", NUMBER, required=ALWAYS, width=9)


# --- sheets OrderDesk writes -----------------------------------------------------------------


class Issues(Table, owned=True):
    title = "Validation findings (rewritten by Validate)"
    order_id = Column("Order ID", KEY)
    sheet_name = Column("Sheet", TEXT, width=12)
    row_no = Column("Row", INT, width=6)
    column_name = Column("Column", TEXT, width=16)
    value = Column("Value", TEXT, width=18)
    rule = Column("Rule", CODE, width=22)
    severity = Column("Severity", TEXT, width=9)
    message = Column("Message", TEXT, width=44)


class Questions(Table, sheet="Issues", owned=True):
    title = "Questions for the customers (rewritten by Validate, below the findings)"
    order_id = Column("Order ID", KEY)
    customer = Column("Customer", KEY)
    language = Column("Language", TEXT, width=9)
    number = Column("No.", INT, width=5)
    question = Column("Question", TEXT, width=100)


class Scorecard(Table, owned=True):
    title = "Supplier scorecard (rewritten by Score suppliers)"
    supplier = Column("Supplier", KEY)
    period = Column("Period", TEXT, width=10)
    on_time = Column("On Time", NUMBER, fmt="0")
    quality = Column("Quality", NUMBER, fmt="0")
    price = Column("Price", NUMBER, fmt="0")
    responsiveness = Column("Responsiveness", NUMBER, fmt="0")
    overall = Column("Overall", NUMBER, fmt="0")
    standing = Column("Standing", TEXT, width=11)
    trend = Column("Trend", TEXT, width=6)
    note = Column("Note", TEXT, width=30)


class KPI(Table, owned=True):
    title = "KPIs (rewritten by Refresh KPIs)"
    kpi = Column("KPI", TEXT, width=32)
    value = Column("Value", NUMBER, fmt="0.0", width=16, hint="In its unit: 108, 69.4 %, 53.0 d.")
    state = Column("State", TEXT, width=8)
    band = Column("Band", TEXT, width=34, hint="When the State is green, amber or red.")
    definition = Column("Definition", TEXT, width=62)


class LCDiscrepancies(Table, sheet="LCCheck", owned=True):
    title = "L/C discrepancies (rewritten by Check L/C)"
    order_id = Column("Order ID", KEY)
    lc_no = Column("L/C No", KEY, width=16)
    severity = Column("Severity", TEXT, width=11, hint="discrepancy, risk or note")
    document = Column("Document", TEXT, width=14)
    field = Column("Field", TEXT, width=22)
    lc_says = Column("L/C Says", TEXT, width=30)
    document_says = Column("Document Says", TEXT, width=30)
    article = Column("Article", TEXT, width=20)
    note = Column("Note", TEXT, width=50)


class LCPlan(Table, sheet="LCCheck", owned=True):
    title = "Presentation planner (rewritten by Check L/C)"
    lc_no = Column("L/C No", KEY, width=16)
    order_id = Column("Order ID", KEY)
    latest_shipment = Column("Latest Shipment", DATE)
    on_board = Column("On Board", DATE, hint="The actual on-board date, once shipped.")
    last_presentation = Column("Last Presentation", DATE)
    expiry = Column("Expiry", DATE)
    days_left = Column("Days Left", INT)
    state = Column("State", TEXT, width=8)
    what_next = Column("What Next", TEXT, width=44)


# logistics (issue 22): what Plan shipment and Compare quotes write


class ShipPlans(Table, sheet="ShipPlan", owned=True):
    title = "Shipment plans (rewritten by Plan shipment)"
    order_id = Column("Order ID", KEY)
    lane = Column("Lane", CODE, width=13)
    cartons = Column("Cartons", INT)
    gross_kg = Column("Gross kg", NUMBER, fmt="#,##0")
    cbm = Column("CBM", NUMBER, fmt="0.000")
    air_kg = Column("Air kg", NUMBER, fmt="#,##0", hint="Chargeable, 1:6000.")
    express_kg = Column("Express kg", NUMBER, fmt="#,##0", hint="Chargeable, 1:5000.")
    lcl_wm = Column("LCL W/M", NUMBER, fmt="0.000", hint="Revenue tonnes, 1 m³ = 1,000 kg.")
    container = Column("Container", TEXT, width=12)
    fill_volume = Column("Fill Volume", PERCENT)
    fill_weight = Column("Fill Weight", PERCENT)
    bound = Column("Bound By", TEXT, width=9)
    carton_fit = Column("Carton Fit", TEXT, width=34)
    recommended = Column("Recommended", TEXT, width=12)
    cost = Column("Cost", MONEY)
    currency = Column("Currency", CODE, width=8)
    cheapest_on_time = Column("Cheapest On Time", TEXT, width=14)
    reason = Column("Reason", TEXT, width=60)


class ModeOptions(Table, sheet="ShipPlan", owned=True):
    title = "Every mode weighed, best first"
    order_id = Column("Order ID", KEY)
    rank = Column("Rank", INT, width=6)
    mode = Column("Mode", TEXT, width=9)
    source = Column("Priced By", TEXT, width=18, hint="Rate card or a forwarder's quote.")
    cost = Column("Cost", MONEY)
    currency = Column("Currency", CODE, width=8)
    payer = Column("Freight Payer", TEXT, width=10, hint="Who pays the main carriage.")
    transit_days = Column("Transit Days", INT)
    risk_days = Column("Risk Days", NUMBER, fmt="0.0", hint="The carrier's average delay.")
    arrives = Column("Arrives", DATE)
    on_time = Column("On Time", TEXT, width=8)
    note = Column("Note", TEXT, width=50)


class Reroutes(Table, sheet="ShipPlan", owned=True):
    title = "Contingency routes for delayed shipments"
    shipment_id = Column("Shipment ID", KEY)
    order_id = Column("Order ID", KEY)
    lane = Column("Lane", CODE, width=13)
    delay_days = Column("Delay Days", INT)
    route = Column("Alternative", TEXT, width=26)
    kind = Column("Kind", TEXT, width=14)
    extra_cost = Column("Extra Cost", MONEY)
    currency = Column("Currency", CODE, width=8)
    days_saved = Column("Days Saved", INT)
    note = Column("Note", TEXT, width=40)


class QuoteComparison(Table, sheet="QuoteCompare", owned=True):
    title = "Forwarders' quotes per order (rewritten by Compare quotes)"
    order_id = Column("Order ID", KEY)
    rank = Column("Rank", INT, width=6)
    quote_ref = Column("Quote Ref", KEY, width=16)
    forwarder = Column("Forwarder", TEXT, width=18)
    mode = Column("Mode", TEXT, width=9)
    quoted = Column("Quoted", MONEY)
    quote_currency = Column("Quote Ccy", CODE, width=8)
    rate = Column("ECB Rate", RATE)
    rate_date = Column("Rate Date", DATE)
    landed = Column("Landed Cost", MONEY, hint="In the order's currency.")
    currency = Column("Currency", CODE, width=8)
    transit_days = Column("Transit Days", INT)
    on_time = Column("On Time", TEXT, width=8)
    on_time_share = Column("Carrier On Time", PERCENT, hint="From the register's tracking.")
    state = Column("State", TEXT, width=12, hint="recommended, valid or expired")
    note = Column("Note", TEXT, width=44)


class Reliability(Table, sheet="QuoteCompare", owned=True):
    title = "Reliability from tracking history"
    who = Column("Forwarder / Carrier", TEXT, width=22)
    kind = Column("Kind", TEXT, width=10)
    shipments = Column("Shipments", INT)
    on_time_share = Column("On Time", PERCENT)
    avg_delay = Column("Avg Delay Days", NUMBER, fmt="0.0")


# after-sales (issue 21): the complaint clocks' breaches and the post-order reviews
class SlaBreaches(Table, sheet="ComplaintSLA", owned=True):
    title = "Complaint SLA breaches (rewritten by Complaint)"
    complaint_id = Column("Complaint ID", KEY)
    order_id = Column("Order ID", KEY)
    clock = Column("Clock", TEXT, width=12, hint="acknowledge or solution")
    due = Column("Due", DATETIME)
    done = Column("Done", DATETIME, hint="Blank: still not done.")
    late_hours = Column("Late h", NUMBER, fmt="0.0", hint="Business hours past due.")
    owner = Column("Owner", TEXT, width=12)


class Reviews(Table, owned=True):
    title = "Post-order reviews (rewritten by Review order)"
    order_id = Column("Order ID", KEY)
    customer = Column("Customer", KEY)
    cycle_days = Column("Cycle Days", INT, hint="Order date to shipment.")
    plan_days = Column("Plan Days", INT, hint="Order date to the promised ship date.")
    otif = Column("OTIF", TEXT, width=6, hint="yes: shipped by the promised date, in full.")
    doc_discrepancies = Column("Doc Discrepancies", INT)
    complaints = Column("Complaints", INT)
    complaint_cost = Column("Complaint Cost", MONEY, hint="Claim amounts, order currency.")
    quoted_margin = Column("Quoted Margin", PERCENT, fmt="0.0%")
    realised_margin = Column("Realised Margin", PERCENT, fmt="0.0%")
    days_late = Column("Payment Days Late", INT)
    feedback = Column("Feedback", NUMBER, fmt="0.0", hint="The customer's survey, 1–5.")
    score = Column("Score", NUMBER, fmt="0", hint="0–100 over the dimensions known.")
    worst = Column("Worst", TEXT, width=40, hint="The weakest dimensions.")


class RootCausePareto(Table, sheet="RootCauses", owned=True):
    # after-sales (issue 21)
    title = "Root causes by month (rewritten by 5 Why)"
    month = Column("Month", TEXT, width=9)
    man = Column("Man", INT, width=7)
    machine = Column("Machine", INT, width=8)
    material = Column("Material", INT, width=8)
    method = Column("Method", INT, width=8)
    measurement = Column("Measurement", INT, width=11)
    environment = Column("Environment", INT, width=11)
    total = Column("Total", INT, width=7)


# The hidden sheet that feeds the dropdowns, and OrderDesk's own very-hidden bookkeeping sheet
# (the chart specifications of its sheets, so they are redrawn on every save).
LISTS_SHEET = "Lists"
META_SHEET = "_OrderDesk"

# Order of the sheets in a new register.
SHEET_ORDER: tuple[str, ...] = (
    Orders.sheet,
    OrderLines.sheet,
    Customers.sheet,
    Products.sheet,
    Suppliers.sheet,
    SupplierRequests.sheet,
    Quotes.sheet,
    QuoteLines.sheet,
    ApprovalLog.sheet,
    Shipments.sheet,
    ShipmentEvents.sheet,
    ForwarderQuotes.sheet,  # logistics (issue 22)
    Invoices.sheet,
    LCs.sheet,
    LCAmendments.sheet,
    BankEntries.sheet,
    Complaints.sheet,
    Documents.sheet,
    IntakeLog.sheet,
    IntakeFields.sheet,
    Learned.sheet,
    Lessons.sheet,  # after-sales (issue 21)
    FiveWhys.sheet,  # after-sales (issue 21)
    Feedback.sheet,  # after-sales (issue 21)
    Settings.sheet,
    Issues.sheet,
    Scorecard.sheet,
    KPI.sheet,
    LCDiscrepancies.sheet,
    # logistics (issue 22)
    ShipPlans.sheet,
    QuoteComparison.sheet,
    # after-sales (issue 21)
    SlaBreaches.sheet,
    Reviews.sheet,
    RootCausePareto.sheet,
)
SHEET_ORDER += (Milestones.sheet, Exceptions.sheet, Feasibility.sheet)  # execution

OWNED_SHEETS: frozenset[str] = frozenset(t.sheet for t in _TABLES if t.owned_sheet)


def tables() -> tuple[type[Table], ...]:
    return tuple(_TABLES)


def tables_on(sheet: str) -> tuple[type[Table], ...]:
    return tuple(t for t in _TABLES if t.sheet == sheet)


@cache
def table_by_class_name(name: str) -> type[Table]:
    for t in _TABLES:
        if t.__name__ == name:
            return t
    raise KeyError(name)


def table_by_name(name: str) -> type[Table]:
    """A table by its sheet or class name, case-insensitively (for `--sheet NAME`)."""
    low = name.strip().lower()
    for t in _TABLES:
        if low in (t.__name__.lower(), t.table_name.lower()):
            return t
    for t in _TABLES:
        if t.sheet.lower() == low and tables_on(t.sheet)[0] is t:
            return t
    raise KeyError(name)


@dataclass(frozen=True)
class Placement:
    """Where a table sits on its sheet: first column (1-based) and header row."""

    first_col: int
    header_row: int = 1


# Memoised by hand: functools.cache types its argument as Hashable, which mypy does not grant a
# class object (its __hash__ wants an instance).
_PLACEMENTS: dict[type[Table], Placement] = {}


def placement(table: type[Table]) -> Placement:
    """Tables sharing a sheet sit side by side, one blank column apart, in definition order."""
    if table not in _PLACEMENTS:
        col = 1
        for t in tables_on(table.sheet):
            if t is table:
                _PLACEMENTS[table] = Placement(col)
                break
            col += len(t.columns()) + 1
        else:
            raise KeyError(table)
    return _PLACEMENTS[table]


def iter_columns() -> Iterator[Column]:
    for t in _TABLES:
        yield from t.columns()


# --- settings keys: every scalar setting, its type, default and what it means ----------------


@dataclass(frozen=True)
class SettingKey:
    key: str
    type: ColType
    default: Any
    note: str


class Setting:
    """Scalar settings (the key/value table). Policy tables have their own tables above."""

    BASE_CURRENCY = SettingKey("base currency", CODE, "USD", "Ledger and credit-limit currency.")
    DATE_ORDER = SettingKey(
        "date order", TEXT, "DMY", "How to read 03/04/2026 typed as text: DMY or MDY."
    )
    COMPANY_NAME = SettingKey("company name", TEXT, "Ningbo Harbour Trading Co., Ltd.", "")
    COMPANY_ADDRESS = SettingKey(
        "company address",
        TEXT,
        "No. 88 Zhongshan East Road, Haishu District, Ningbo 315000, China",
        "",
    )
    COMPANY_LOGO = SettingKey("company logo", TEXT, "", "Path to a PNG logo (optional).")
    FX_BUFFER = SettingKey(
        "fx buffer %", PERCENT, Decimal("0.02"), "Added to cost when converting to quote currency."
    )
    TARGET_MARGIN = SettingKey("target margin %", PERCENT, Decimal("0.18"), "Default per line.")
    MARGIN_FLOOR = SettingKey("margin floor %", PERCENT, Decimal("0.08"), "Below: flagged.")
    REPRICE_THRESHOLD = SettingKey(
        "reprice threshold %", PERCENT, Decimal("0.03"), "Cost move that makes a quote stale."
    )
    INSURANCE_RATE = SettingKey(
        "insurance rate %", PERCENT, Decimal("0.003"), "Cargo premium on 110% of the CIF value."
    )
    LATE_PENALTY_PER_DAY = SettingKey(
        "late penalty per day %", PERCENT, Decimal("0.005"), "Of the order value, per day late."
    )
    LATE_PENALTY_CAP = SettingKey("late penalty cap %", PERCENT, Decimal("0.05"), "")
    ARBITRATION = SettingKey(
        "arbitration institution",
        TEXT,
        "China International Economic and Trade Arbitration Commission (CIETAC), Shanghai",
        "",
    )
    CJK_FONT = SettingKey("cjk font", TEXT, "", "Font file for Chinese text in PDFs (optional).")
    BANK_NAME = SettingKey(
        "beneficiary bank", TEXT, "Bank of China, Ningbo Branch", "Printed on invoices."
    )
    BANK_ACCOUNT = SettingKey("bank account", TEXT, "3581 2046 8891", "Account number or IBAN.")
    BANK_SWIFT = SettingKey("swift", CODE, "BKCHCNBJ92A", "The bank's SWIFT / BIC.")
    PI_VALID_DAYS = SettingKey(
        "pi valid days", INT, 30, "A proforma invoice is valid this many days from its date."
    )
    LC_OPEN_DAYS = SettingKey(
        "lc open days", INT, 15, "Contracts ask for the L/C this many days after the order date."
    )
    LC_EXPIRY_DAYS = SettingKey(
        "lc expiry days", INT, 15, "Contracts ask for an L/C valid this long after shipment."
    )
    LC_PRESENTATION_DAYS = SettingKey(
        "lc presentation days", INT, 21, "Days after shipment to present documents (48)."
    )
    LC_PARTIAL_SHIPMENTS = SettingKey(
        "lc partial shipments", TEXT, "ALLOWED", "Asked for in contracts (43P)."
    )
    LC_TRANSHIPMENT = SettingKey(
        "lc transhipment", TEXT, "ALLOWED", "Asked for in contracts (43T)."
    )
    LC_FOLDER = SettingKey(
        "lc folder",
        TEXT,
        "letters-of-credit",
        "Import L/C reads the MT700 / MT707 files in this folder (beside the workbook).",
    )
    LC_AMBER_DAYS = SettingKey(
        "lc warning days", INT, 7, "Presentation planner: amber when fewer days are left."
    )
    LC_RED_DAYS = SettingKey(
        "lc alarm days", INT, 3, "Presentation planner: red when fewer days are left."
    )
    SUPPLIER_DELAY_DAYS = SettingKey(
        "supplier delay alert days", INT, 1, "Alert when a line is this many days overdue."
    )
    ETA_TOLERANCE_DAYS = SettingKey(
        "eta tolerance days", INT, 2, "ETA later than promised delivery by more: flag."
    )
    BANK_CHARGE_TOLERANCE = SettingKey(
        "bank charge tolerance", MONEY, Decimal("50"), "Short payment accepted as bank charges."
    )
    FX_TOLERANCE = SettingKey("fx tolerance %", PERCENT, Decimal("0.01"), "")
    MATCH_THRESHOLD = SettingKey(
        "match threshold", PERCENT, Decimal("0.85"), "Above: applied; below: suggested."
    )
    STATEMENT_FOLDER = SettingKey(
        "statement folder",
        TEXT,
        "statements",
        "Sync bank imports the camt / MT940 files in this folder (beside the workbook).",
    )
    BANK_API_URL = SettingKey(
        "bank api url", TEXT, "", "NextGenPSD2 base URL; the Consent-ID comes from the environment."
    )
    BANK_API_ACCOUNT = SettingKey("bank api account", TEXT, "", "The bank's account resource id.")
    PO_FOLDER = SettingKey(
        "po folder",
        TEXT,
        "purchase orders",
        "Import PO reads the purchase orders in this folder (beside the workbook).",
    )
    # after-sales (issue 21): the company's calendar for complaint clocks
    WORKING_DAYS = SettingKey(
        "working days", TEXT, "Mon-Fri", "Complaint clocks run on these days (Mon-Fri, Sun-Thu)."
    )
    WORKING_HOURS = SettingKey("working hours", TEXT, "09:00-18:00", "Complaint clocks run then.")
    HOLIDAYS = SettingKey(
        "holidays", TEXT, "2026-12-25, 2027-01-01", "Dates the clocks stop (YYYY-MM-DD, commas)."
    )
    INTAKE_CONFIDENCE = SettingKey(
        "intake confidence",
        PERCENT,
        Decimal("0.9"),
        "Import PO writes a field read at least this surely; below, it asks the customer.",
    )
    # logistics (issue 22)
    CARRYING_RATE = SettingKey(
        "inventory carrying %",
        PERCENT,
        Decimal("0.20"),
        "A year's cost of goods in transit (capital, insurance); values days saved by air.",
    )
    REROUTE_DELAY_DAYS = SettingKey(
        "reroute after delay days", INT, 5, "Plan shipment proposes contingency routes past this."
    )
    # execution (issue 20): the feasibility tree's thresholds, milestones' reminders
    TRANSIT_DAYS = SettingKey(
        "transit days", INT, 30, "Can we take it: days from shipment to arrival (sea)."
    )
    DEFAULT_LEAD_DAYS = SettingKey(
        "default lead days", INT, 30, "Production lead time when the supplier's is not known."
    )
    CUSTOM_EXTRA_DAYS = SettingKey(
        "custom extra days", INT, 14, "Added to the lead time of a custom product (sample)."
    )
    TOOLING_EXTRA_DAYS = SettingKey(
        "tooling extra days", INT, 35, "Added to the lead time of a product that needs new tooling."
    )
    CAPACITY_HORIZON_WEEKS = SettingKey(
        "capacity horizon weeks", INT, 26, "Beyond: no capacity, the order is declined."
    )
    URGENT_DAYS = SettingKey(
        "urgent days", INT, 21, "An order to ship within this many days is urgent."
    )
    DUE_SOON_DAYS = SettingKey("due soon days", INT, 7, "My tasks: milestones due this soon.")


def setting_keys() -> tuple[SettingKey, ...]:
    return tuple(v for v in vars(Setting).values() if isinstance(v, SettingKey))
