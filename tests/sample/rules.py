"""Independent, deliberately simple checks of the dev-notes validation rules, for the sample tests.

Each check takes the register as read back from the file (`{Table: DataFrame}`, typed by the
file adapter) and returns the set of findings `(rule, sheet, key)`. They are written straight
from the rule table in docs/dev-notes.md, row by row with plain pandas, and share nothing with the
generator (or with the Validate engine), so a sample that passes them is clean by a second
reading of the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pandas as pd

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference import codes
from orderdesk.domain.reference.fx import fx_rate
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.payment_terms import PAYMENT_TERMS
from orderdesk.schema import (
    ALWAYS,
    UNITS,
    BankEntries,
    Complaints,
    CreditBands,
    Customers,
    Invoices,
    LCBanks,
    Lists,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Shipments,
    Stage,
    SupplierRequests,
    Suppliers,
    Table,
)

Finding = tuple[str, str, tuple[object, ...]]
Frames = dict[type[Table], pd.DataFrame]

SEA = ("sea", "inland waterway")
OPEN = (Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP)


def _key(table: type[Table], row: pd.Series) -> tuple[object, ...]:
    out = []
    key_columns = table.keys()
    for col in key_columns:
        v = row[col]
        v = v.item() if hasattr(v, "item") else v
        out.append(int(v) if isinstance(v, float) and v.is_integer() else v)
    return tuple(out)


def _blank(v: object) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or v == ""


def _stages(frames: Frames) -> dict[str, Stage | None]:
    o = frames[Orders]
    return {oid: Stage.read(s) for oid, s in zip(o[Orders.order_id], o[Orders.stage], strict=True)}


def required(frames: Frames) -> set[Finding]:
    """REQ-<HEADER>: required for the order's stage (orders and their lines); ALWAYS elsewhere."""
    out: set[Finding] = set()
    stages = _stages(frames)

    def code(col: object) -> str:
        return "REQ-" + re.sub(r"[ /]", "-", str(col).upper())

    for table, frame in frames.items():
        for _, row in frame.iterrows():
            if table is Orders:
                stage = Stage.read(row[Orders.stage])
            elif table is OrderLines:
                stage = stages.get(row[OrderLines.order_id])
            else:
                stage = None
            for col in table.columns():
                needed = col.required is ALWAYS or (
                    table in (Orders, OrderLines) and col.required_at(stage)
                )
                if needed and _blank(row[col]):
                    out.add((code(col), table.sheet, _key(table, row)))
    return out


def _each(frame: pd.DataFrame, table: type[Table], bad: Callable[[pd.Series], bool], rule: str):
    return {(rule, table.sheet, _key(table, r)) for _, r in frame.iterrows() if bad(r)}


PORTS = (
    Orders.port_of_loading,
    Orders.port_of_discharge,
    Shipments.port_of_loading,
    Shipments.port_of_discharge,
)


def _one_of(col: object, columns: tuple[object, ...]) -> bool:
    """Columns compare equal by header; a rule is about these very columns."""
    return any(col is c for c in columns)


def references(frames: Frames) -> set[Finding]:
    """ISO codes, units, Incoterms, LOCODEs, HS codes, containers, IBAN/BIC/e-mail forms."""
    out: set[Finding] = set()
    for table, frame in frames.items():
        for col in table.columns():
            if col.choices is Lists.CURRENCIES:
                rule, ok = "CURRENCY-UNKNOWN", codes.is_currency
            elif col.choices is Lists.COUNTRIES:
                rule, ok = "COUNTRY-UNKNOWN", codes.is_country
            elif col.choices is Lists.UNITS:
                rule, ok = "UNIT-UNKNOWN", lambda v: v in UNITS
            elif col.choices is Lists.INCOTERMS:
                rule, ok = "INCOTERM-UNKNOWN", lambda v: v in INCOTERMS
            elif _one_of(col, PORTS):
                rule, ok = "LOCODE-FORM", codes.is_locode
            elif _one_of(col, (OrderLines.hs_code, Products.hs_code)):
                rule, ok = "HS-UNKNOWN", codes.is_hs_code
            elif col is Shipments.container_no:
                rule, ok = "CONTAINER-CHECK", codes.is_container_no
            elif _one_of(col, (BankEntries.account, BankEntries.payer_account)):
                rule, ok = "IBAN-CHECK", codes.is_iban
            elif _one_of(col, (Customers.email, Suppliers.email)):
                rule, ok = "EMAIL-FORM", codes.is_email
            else:
                continue
            for _, r in frame.iterrows():
                if not _blank(r[col]) and not ok(r[col]):
                    out.add((rule, table.sheet, _key(table, r)))
    for bank in policy_rows()[LCBanks]:
        assert codes.is_bic(bank[LCBanks.bic]), bank
    return out


def incoterms(frames: Frames) -> set[Finding]:
    out: set[Finding] = set()
    for table in (Orders, Quotes):
        frame = frames[table]
        term, mode, place = (
            table.by_header("Incoterm"),
            table.by_header("Transport Mode"),
            (table.by_header("Named Place")),
        )
        out |= _each(
            frame,
            table,
            lambda r, t=term, m=mode: INCOTERMS[r[t]].sea_only and r[m] not in SEA,
            "INCOTERM-MODE",
        )
        out |= _each(
            frame,
            table,
            lambda r, t=term, p=place: r[t][0] in "CD" and _blank(r[p]),
            "INCOTERM-PLACE",
        )
    return out


def amounts(frames: Frames) -> set[Finding]:
    """AMOUNT-MISMATCH, TOTAL-MISMATCH, QTY/PRICE-NOT-POSITIVE."""
    orders, lines = frames[Orders], frames[OrderLines]
    currency = dict(zip(orders[Orders.order_id], orders[Orders.currency], strict=True))

    def half_unit(order_id: str) -> float:
        return 0.5 * 10 ** -codes.minor_units(currency[order_id])

    out = _each(
        lines,
        OrderLines,
        lambda r: (
            abs(r[OrderLines.amount] - r[OrderLines.qty] * r[OrderLines.unit_price])
            > half_unit(r[OrderLines.order_id]) + 1e-9
        ),
        "AMOUNT-MISMATCH",
    )
    out |= _each(lines, OrderLines, lambda r: r[OrderLines.qty] <= 0, "QTY-NOT-POSITIVE")
    out |= _each(lines, OrderLines, lambda r: r[OrderLines.unit_price] <= 0, "PRICE-NOT-POSITIVE")
    sums = lines.groupby(OrderLines.order_id)[OrderLines.amount].sum()
    out |= _each(
        orders,
        Orders,
        lambda r: (
            abs(r[Orders.order_total] - sums.get(r[Orders.order_id], 0.0))
            > half_unit(r[Orders.order_id]) + 1e-6
        ),
        "TOTAL-MISMATCH",
    )
    return out


def dates(frames: Frames) -> set[Finding]:
    def bad(r: pd.Series) -> bool:
        d, p, q = r[Orders.order_date], r[Orders.promised_ship], r[Orders.requested_delivery]
        pairs = [(d, p), (p, q), (d, q)]
        return any(not _blank(a) and not _blank(b) and a > b for a, b in pairs)

    return _each(frames[Orders], Orders, bad, "DATE-ORDER")


def terms(frames: Frames) -> set[Finding]:
    """DEPOSIT-TERMS, DEPOSIT-BELOW-BAND, LC-BANK, PO-DUPLICATE."""
    orders, customers = frames[Orders], frames[Customers]
    score = dict(
        zip(customers[Customers.customer_id], customers[Customers.credit_score], strict=True)
    )
    bands = sorted(
        (
            (b[CreditBands.min_score], b[CreditBands.min_deposit])
            for b in policy_rows()[CreditBands]
        ),
        reverse=True,
    )

    def band_minimum(customer: str) -> float:
        return next(dep for floor, dep in bands if score[customer] >= floor)

    accepted = {b[LCBanks.bank] for b in policy_rows()[LCBanks]} | {
        b[LCBanks.bic] for b in policy_rows()[LCBanks]
    }
    out = _each(
        orders,
        Orders,
        lambda r: (
            abs(r[Orders.deposit_pct] - float(PAYMENT_TERMS[r[Orders.payment_terms]].deposit))
            > 1e-9
        ),
        "DEPOSIT-TERMS",
    )
    out |= _each(
        orders,
        Orders,
        lambda r: r[Orders.deposit_pct] < band_minimum(r[Orders.customer]) - 1e-9,
        "DEPOSIT-BELOW-BAND",
    )
    out |= _each(
        orders,
        Orders,
        lambda r: r[Orders.payment_terms].startswith("LC") and r[Orders.lc_bank] not in accepted,
        "LC-BANK",
    )
    with_po = orders[orders[Orders.customer_po].notna()]
    dup = with_po[with_po.duplicated([Orders.customer, Orders.customer_po], keep="first")]
    out |= {("PO-DUPLICATE", Orders.sheet, (oid,)) for oid in dup[Orders.order_id]}
    return out


def known_records(frames: Frames) -> set[Finding]:
    """CUSTOMER-UNKNOWN, SKU-UNKNOWN, SUPPLIER-UNKNOWN for every reference in the register."""
    customers = set(frames[Customers][Customers.customer_id])
    skus = set(frames[Products][Products.sku])
    suppliers = set(frames[Suppliers][Suppliers.supplier_id])
    refs = [
        (Orders, Orders.customer, customers, "CUSTOMER-UNKNOWN"),
        (Invoices, Invoices.customer, customers, "CUSTOMER-UNKNOWN"),
        (Quotes, Quotes.customer, customers, "CUSTOMER-UNKNOWN"),
        (OrderLines, OrderLines.sku, skus, "SKU-UNKNOWN"),
        (QuoteLines, QuoteLines.sku, skus, "SKU-UNKNOWN"),
        (Complaints, Complaints.sku, skus, "SKU-UNKNOWN"),
        (SupplierRequests, SupplierRequests.sku, skus, "SKU-UNKNOWN"),
        (OrderLines, OrderLines.supplier, suppliers, "SUPPLIER-UNKNOWN"),
        (Products, Products.default_supplier, suppliers, "SUPPLIER-UNKNOWN"),
        (Complaints, Complaints.supplier, suppliers, "SUPPLIER-UNKNOWN"),
        (SupplierRequests, SupplierRequests.supplier, suppliers, "SUPPLIER-UNKNOWN"),
    ]
    out: set[Finding] = set()
    for table, col, known, rule in refs:
        out |= _each(
            frames[table], table, lambda r, c=col, k=known: not _blank(r[c]) and r[c] not in k, rule
        )
    return out


def blocked(frames: Frames) -> set[Finding]:
    """CUSTOMER-BLOCKED on any order not closed or cancelled; SUPPLIER-BLOCKED on the lines of
    such orders (the widest reading of "open")."""
    customers, suppliers = frames[Customers], frames[Suppliers]
    bad_c = set(customers.loc[customers[Customers.blocked].fillna(False), Customers.customer_id])
    bad_s = set(suppliers.loc[suppliers[Suppliers.blocked].fillna(False), Suppliers.supplier_id])
    stages = _stages(frames)
    done = (Stage.CLOSED, Stage.CANCELLED)
    out = _each(
        frames[Orders],
        Orders,
        lambda r: r[Orders.customer] in bad_c and stages[r[Orders.order_id]] not in done,
        "CUSTOMER-BLOCKED",
    )
    out |= _each(
        frames[OrderLines],
        OrderLines,
        lambda r: r[OrderLines.supplier] in bad_s and stages[r[OrderLines.order_id]] not in done,
        "SUPPLIER-BLOCKED",
    )
    return out


def _usd(amount: float, currency: str, day: dt.date) -> Decimal:
    return Decimal(repr(float(amount))) * fx_rate(currency, "USD", day).rate


def credit(frames: Frames) -> set[Finding]:
    """CREDIT-LIMIT, read two ways — open receivables plus this order, and the same counting this
    order twice (it is itself confirmed but not invoiced) — a clean order passes both, a planted
    one fails both (returned only if both agree)."""
    invoices, orders, customers = frames[Invoices], frames[Orders], frames[Customers]
    limit = dict(
        zip(customers[Customers.customer_id], customers[Customers.credit_limit], strict=True)
    )
    owed: dict[str, Decimal] = {}
    for _, inv in invoices.iterrows():
        open_value = (
            inv[Invoices.amount] if _blank(inv[Invoices.outstanding]) else inv[Invoices.outstanding]
        )
        usd = _usd(open_value, inv[Invoices.currency], inv[Invoices.issue_date].date())
        owed[inv[Invoices.customer]] = owed.get(inv[Invoices.customer], Decimal(0)) + usd
    invoiced = set(invoices.loc[invoices[Invoices.kind] != "deposit", Invoices.order_id])
    pending: dict[str, Decimal] = {}
    totals: dict[str, Decimal] = {}
    for _, o in orders.iterrows():
        stage = Stage.read(o[Orders.stage])
        usd = _usd(o[Orders.order_total], o[Orders.currency], o[Orders.order_date].date())
        totals[o[Orders.order_id]] = usd
        if stage and stage.at_least(Stage.CONFIRMED) and o[Orders.order_id] not in invoiced:
            pending[o[Orders.customer]] = pending.get(o[Orders.customer], Decimal(0)) + usd
    out: set[Finding] = set()
    for _, o in orders.iterrows():
        if Stage.read(o[Orders.stage]) not in OPEN:
            continue
        c = o[Orders.customer]
        base = owed.get(c, Decimal(0)) + pending.get(c, Decimal(0))
        lenient = base  # this order is in `pending` already
        strict = base + totals[o[Orders.order_id]]
        cap = Decimal(repr(float(limit[c])))
        if lenient > cap and strict > cap:
            out.add(("CREDIT-LIMIT", Orders.sheet, (o[Orders.order_id],)))
        elif strict > cap:
            out.add(("CREDIT-LIMIT-AMBIGUOUS", Orders.sheet, (o[Orders.order_id],)))
    return out


CHECKS = (required, references, incoterms, amounts, dates, terms, known_records, blocked, credit)


def findings(frames: Frames) -> set[Finding]:
    out: set[Finding] = set()
    for check in CHECKS:
        out |= check(frames)
    return out
