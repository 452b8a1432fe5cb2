"""What each document kind says, built from one order's rows in the register.

Pure: the action reads the register and hands over the order's record, its lines (a frame), the
customer, products, payments received and the Settings values; this module returns a `Document`
or the problems that stop it (each with its sheet row and column, so the message can name the
cell). A document is never made with a blank where its kind needs a value: an invoice without an
Incoterm or a packing list without weights is worse than none. The order confirmation is the one
document that lists what is still missing instead of refusing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from orderdesk.domain.documents import clauses as C
from orderdesk.domain.documents.i18n import Countries, Money, Phrase
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import (
    BankDetails,
    Document,
    Line,
    PackingLine,
    PackingTotals,
    Party,
    Shipment,
    Totals,
)
from orderdesk.domain.documents.packing import Problem, pack, packing_lines, quantity
from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.domain.trade import balance_due, deposit_due, money
from orderdesk.schema import Column, DocKind, OrderLines, Orders, Stage
from orderdesk.schema import Customers as Cu

PREFIX = {
    DocKind.PI: "PI",
    DocKind.CI: "CI",
    DocKind.PL: "PL",
    DocKind.CONFIRMATION: "OC",
    DocKind.CONTRACT: "SC",
}
TITLE = {
    DocKind.PI: N_("Proforma Invoice"),
    DocKind.CI: N_("Commercial Invoice"),
    DocKind.PL: N_("Packing List"),
    DocKind.CONFIRMATION: N_("Order Confirmation"),
    DocKind.CONTRACT: N_("Sales Contract"),
}
# The stage whose required fields a document needs, and the stages at which `--all-ready`
# makes it: the deal documents once an order is confirmed, the shipping documents once the
# goods are ready.
FOR_STAGE = {
    DocKind.PI: Stage.CONFIRMED,
    DocKind.CONFIRMATION: Stage.CONFIRMED,
    DocKind.CONTRACT: Stage.CONFIRMED,
    DocKind.CI: Stage.READY_TO_SHIP,
    DocKind.PL: Stage.READY_TO_SHIP,
}
READY_AT = {
    DocKind.PI: (Stage.CONFIRMED, Stage.IN_PRODUCTION),
    DocKind.CONFIRMATION: (Stage.CONFIRMED, Stage.IN_PRODUCTION),
    DocKind.CONTRACT: (Stage.CONFIRMED, Stage.IN_PRODUCTION),
    DocKind.CI: (Stage.READY_TO_SHIP, Stage.SHIPPED),
    DocKind.PL: (Stage.READY_TO_SHIP, Stage.SHIPPED),
}

O, L = Orders, OrderLines  # noqa: E741 (short names keep the field tables readable)
# What each kind prints, and so needs when the schema requires it at the kind's stage.
_ORDER_FIELDS: dict[DocKind, tuple[Column, ...]] = {
    DocKind.PI: (
        O.customer_po,
        O.currency,
        O.incoterm,
        O.named_place,
        O.payment_terms,
        O.promised_ship,
    ),
    DocKind.CONTRACT: (
        O.customer_po,
        O.currency,
        O.incoterm,
        O.named_place,
        O.payment_terms,
        O.promised_ship,
    ),
    DocKind.CI: (
        O.customer_po,
        O.currency,
        O.incoterm,
        O.named_place,
        O.payment_terms,
        O.port_of_loading,
        O.port_of_discharge,
        O.ship_to,
    ),
    DocKind.PL: (O.port_of_loading, O.port_of_discharge, O.shipping_marks, O.ship_to),
    DocKind.CONFIRMATION: (),
}
_LINE_FIELDS: dict[DocKind, tuple[Column, ...]] = {
    DocKind.PI: (L.description, L.qty, L.unit, L.unit_price),
    DocKind.CONTRACT: (L.description, L.qty, L.unit, L.unit_price),
    DocKind.CI: (L.description, L.qty, L.unit, L.unit_price, L.hs_code, L.origin),
    DocKind.PL: (L.description, L.qty, L.unit),
    DocKind.CONFIRMATION: (),
}
_PRICED = (DocKind.PI, DocKind.CI, DocKind.CONTRACT, DocKind.CONFIRMATION)


def ready(kind: DocKind, stage: Stage | None) -> bool:
    lo, hi = READY_AT[kind]
    return stage is not None and stage.rank >= lo.rank >= 0 and stage.rank <= hi.rank


@dataclass
class Company:
    name: str
    address: str = ""
    logo: str | None = None  # data: URI
    bank: BankDetails | None = None
    arbitration: str = ""
    penalty_per_day: Decimal = Decimal("0.005")
    penalty_cap: Decimal = Decimal("0.05")


@dataclass
class OrderFacts:
    """Everything the register says about one order that a document may print."""

    order: Mapping[str, Any]  # Orders record (attribute name → value), "row" = sheet row
    lines: pd.DataFrame  # the order's OrderLines rows (index = sheet row)
    customer: Mapping[str, Any] | None  # Customers record
    products: pd.DataFrame | None = None
    received: Decimal = Decimal(0)  # paid so far on the order's invoices (order currency)
    shipment: Shipment | None = None
    customer_type: str = "new"
    product_type: str = "standard"
    clause_rows: Sequence[C.ClauseRow] = ()
    missing: Sequence[str] = ()  # what is still to be confirmed (confirmation)
    stage: Stage | None = None


@dataclass
class Built:
    document: Document | None
    problems: list[Problem] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )


def _s(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def build(
    kind: DocKind, facts: OrderFacts, company: Company, *, version: int, issue_date: dt.date
) -> Built:
    order = facts.order
    problems: list[Problem] = []
    row = order.get("row")
    need_stage = FOR_STAGE[kind]
    for col in _ORDER_FIELDS[kind]:
        if col.required_at(need_stage) and _blank(order.get(col.attr)):
            problems.append(Problem(row, col, None, f"needed on the {kind.value.upper()}"))
    lines = facts.lines.sort_values(L.line_no, kind="stable")
    if lines.empty:
        problems.append(
            Problem(
                row,
                O.order_id,
                order.get(O.order_id.attr),
                "the order has no lines on the OrderLines sheet",
            )
        )
    for col in _LINE_FIELDS[kind]:
        if col.required_at(need_stage):
            for r in lines.index[lines[col].isna()]:
                problems.append(Problem(int(r), col, None, f"needed on the {kind.value.upper()}"))
    if facts.customer is None:
        problems.append(
            Problem(
                row,
                O.customer,
                order.get(O.customer.attr),
                "no such customer on the Customers sheet",
            )
        )
    currency = _s(order.get(O.currency.attr)).upper()
    if kind in _PRICED and currency:
        try:
            minor_units(currency)
        except Exception:
            problems.append(Problem(row, O.currency, currency, "not an ISO 4217 currency"))
            currency = ""

    doc_lines, total, line_problems = _priced_lines(lines, currency, order, kind)
    problems += line_problems
    packing: list[PackingLine] = []
    packing_totals: PackingTotals | None = None
    if kind is DocKind.PL:
        packed, pack_problems = pack(lines, facts.products)
        problems += pack_problems
        if not pack_problems:
            packing, packing_totals = packing_lines(packed)
    if problems:
        return Built(None, problems)

    customer = facts.customer or {}
    buyer = Party(
        name=_s(customer.get(Cu.name.attr)),
        address=_s(customer.get(Cu.address.attr)),
        country=_s(customer.get(Cu.country.attr)).upper(),
        contact=_s(customer.get(Cu.contact.attr)),
        email=_s(customer.get(Cu.email.attr)),
        phone=_s(customer.get(Cu.phone.attr)),
        vat_no=_s(customer.get(Cu.vat_no.attr)),
    )
    consignee = None
    ship_to = _s(order.get(O.ship_to.attr))
    if ship_to:
        # "Name\nAddress" when typed with line breaks; one run of text otherwise.
        first, _, rest = ship_to.partition("\n") if "\n" in ship_to else ("", "", ship_to)
        consignee = Party(
            name=first.strip(),
            address=rest.strip(),
            country=_s(order.get(O.ship_to_country.attr)).upper(),
        )
    seller = Party(name=company.name, address=company.address)
    term_text = _s(order.get(O.payment_terms.attr))
    term = C.effective_term(payment_term(term_text), order.get(O.deposit_pct.attr))
    total_money = Money(total, currency) if currency else None
    totals = _totals(kind, total_money, term, facts.received) if total_money else None
    incoterm = _s(order.get(O.incoterm.attr)).upper()
    rule = INCOTERMS.get(incoterm)
    shipping_marks = _s(order.get(O.shipping_marks.attr))
    doc = Document(
        kind=kind,
        number=f"{PREFIX[kind]}-{_s(order.get('order_id'))}",
        version=version,
        issue_date=issue_date,
        seller=seller,
        buyer=buyer,
        consignee=consignee,
        order_id=_s(order.get(O.order_id.attr)),
        customer_po=_s(order.get(O.customer_po.attr)),
        order_date=order.get(O.order_date.attr),
        quote_ref=_quote_ref(order),
        currency=currency,
        incoterm=incoterm,
        incoterm_name=rule.name if rule else "",
        named_place=_s(order.get(O.named_place.attr)),
        transport_mode=_s(order.get(O.transport_mode.attr)),
        payment_terms=C.payment_phrase(term, term_text, total_money, _s(order.get(O.lc_bank.attr)))
        if total_money
        else (Phrase(term_text) if term_text else None),
        port_of_loading=_s(order.get(O.port_of_loading.attr)).upper(),
        port_of_discharge=_s(order.get(O.port_of_discharge.attr)).upper(),
        requested_delivery=order.get(O.requested_delivery.attr),
        latest_shipment=order.get(O.promised_ship.attr),
        lines=doc_lines,
        totals=totals,
        packing=packing,
        packing_totals=packing_totals,
        shipping_marks=shipping_marks,
        shipment=facts.shipment,
        bank=company.bank
        if company.bank and company.bank.given and kind is not DocKind.PL
        else None,
        sales_owner=_s(order.get(O.sales_owner.attr)),
        logo=company.logo,
    )
    if kind is DocKind.CI:
        doc.origin_statement = _origin_statement(doc_lines)
    if kind is DocKind.CONTRACT and total_money:
        terms = C.Terms(
            total=total_money,
            term=term,
            term_text=term_text,
            lc_bank=_s(order.get(O.lc_bank.attr)),
            latest_shipment=order.get(O.promised_ship.attr),
            port_of_loading=doc.port_of_loading,
            port_of_discharge=doc.port_of_discharge,
            shipping_marks=shipping_marks,
            incoterm=incoterm,
            arbitration=company.arbitration,
            penalty_per_day=company.penalty_per_day,
            penalty_cap=company.penalty_cap,
        )
        doc.clauses = C.contract_clauses(
            facts.clause_rows, facts.customer_type, facts.product_type, terms
        )
    if kind is DocKind.CONFIRMATION:
        doc.missing = list(facts.missing)
        doc.next_steps = next_steps(doc, term, facts.received)
    return Built(doc)


def _quote_ref(order: Mapping[str, Any]) -> str:
    q = _s(order.get(O.quote_id.attr))
    v = order.get(O.quote_version.attr)
    return f"{q} v{v}" if q and v else q


def _priced_lines(
    lines: pd.DataFrame, currency: str, order: Mapping[str, Any], kind: DocKind
) -> tuple[list[Line], Decimal, list[Problem]]:
    """Lines with amounts = qty × unit price (to the cent); a register amount that differs, or
    an order total that is not the sum of its lines, stops a priced document."""
    out: list[Line] = []
    problems: list[Problem] = []
    total = Decimal(0)
    priced = kind in _PRICED and bool(currency)
    for r, rec in zip(lines.index, lines.to_dict("records"), strict=True):
        qty = rec[L.qty]
        price = rec[L.unit_price]
        has_qty = not _blank(qty)
        amount = None
        unit_price = None
        if priced and has_qty and not _blank(price):
            unit_price = Decimal(repr(float(price)))
            amount = money(quantity(qty) * unit_price, currency)
            given = rec[L.amount]
            half = Decimal(1).scaleb(-minor_units(currency)) / 2
            if not _blank(given) and abs(Decimal(repr(float(given))) - amount) > half:
                problems.append(
                    Problem(
                        int(r), L.amount, float(given), f"differs from Qty × Unit Price = {amount}"
                    )
                )
            total += amount
        out.append(
            Line(
                no=int(rec[L.line_no]) if not _blank(rec[L.line_no]) else len(out) + 1,
                sku=_s(rec[L.sku]),
                description=_s(rec[L.description]),
                spec=_s(rec[L.spec]),
                hs_code=_s(rec[L.hs_code]),
                origin=_s(rec[L.origin]).upper(),
                qty=quantity(qty) if has_qty else Decimal(0),
                unit=_s(rec[L.unit]).upper(),
                unit_price=unit_price,
                amount=amount,
            )
        )
    stated = order.get(O.order_total.attr)
    if priced and stated is not None and out and all(x.amount is not None for x in out):
        half = Decimal(1).scaleb(-minor_units(currency)) / 2
        if abs(Decimal(stated) - total) > half:
            problems.append(
                Problem(
                    order.get("row"),
                    O.order_total,
                    float(stated),
                    f"differs from the sum of the lines, {total}",
                )
            )
    return out, total, problems


def _totals(kind: DocKind, total: Money, term: Any, received: Decimal) -> Totals:
    cur = total.currency
    got = money(received, cur)
    if term is None or term.instrument is not Instrument.TT or kind in (DocKind.PL,):
        return Totals(
            total=total,
            deposit_received=Money(got, cur) if got > 0 else None,
            balance_due=Money(max(total.amount - got, Decimal(0)), cur),
        )
    due = Money(money(deposit_due(total.amount, term), cur), cur)
    paid = got if got > 0 else None
    balance = money(balance_due(total.amount, term, paid), cur)
    return Totals(
        total=total,
        deposit_pct=term.deposit,
        deposit_due=due if term.deposit > 0 else None,
        deposit_received=Money(got, cur) if got > 0 or kind is DocKind.CI else None,
        balance_due=Money(balance, cur),
    )


def _origin_statement(lines: Sequence[Line]) -> Phrase | None:
    origins = tuple(sorted({x.origin for x in lines if x.origin}))
    if not origins:
        return None
    return Phrase(
        N_("We certify that the goods described above are of %(origin)s origin."),
        {"origin": Countries(origins)},
    )


def next_steps(doc: Document, term: Any, received: Decimal) -> list[Phrase]:
    steps: list[Phrase] = []
    t = doc.totals
    if (
        term is not None
        and term.instrument is Instrument.TT
        and t
        and t.deposit_due
        and received <= 0
    ):
        steps.append(
            Phrase(
                N_(
                    "Please pay the deposit of %(amount)s by T/T to the bank account below, quoting %(ref)s."
                ),
                {"amount": t.deposit_due, "ref": doc.order_id},
            )
        )
        steps.append(Phrase(N_("Production starts as soon as the deposit is received.")))
    elif term is not None and term.instrument is Instrument.LC:
        steps.append(
            Phrase(
                N_(
                    "Please open the letter of credit in our favour and send us a copy; production starts on receipt."
                )
            )
        )
    else:
        steps.append(Phrase(N_("Production starts on your confirmation.")))
    if doc.latest_shipment:
        steps.append(
            Phrase(N_("We will ship no later than %(date)s."), {"date": doc.latest_shipment})
        )
    if (
        term is not None
        and term.instrument is Instrument.TT
        and t
        and t.balance_due
        and 0 < term.deposit < 1
    ):
        steps.append(
            Phrase(
                N_("The balance of %(amount)s is due %(when)s."),
                {"amount": t.balance_due, "when": C.balance_when(term)},
            )
        )
    if doc.missing:
        steps.append(Phrase(N_("Please send us the details listed under “Still to be confirmed”.")))
    steps.append(Phrase(N_("Please sign this confirmation and return a copy to us.")))
    return steps
