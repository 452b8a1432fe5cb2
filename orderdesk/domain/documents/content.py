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
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from orderdesk.domain.documents import clauses as C
from orderdesk.domain.documents import facts as F
from orderdesk.domain.documents.facts import PRINTED, ZH, OrderLinesFacts
from orderdesk.domain.documents.i18n import Countries, Money, Phrase
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import (
    BankDetails,
    Document,
    LetterOfCredit,
    Line,
    PackingLine,
    PackingTotals,
    Party,
    Shipment,
    Totals,
)
from orderdesk.domain.documents.packing import Problem, packing_lines
from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.payment_terms import Instrument, PaymentTerm, payment_term
from orderdesk.domain.reference.transport import carrier_name
from orderdesk.domain.trade import deposit_due, money
from orderdesk.domain.validation.model import Finding
from orderdesk.schema import (
    Column,
    DocKind,
    LCs,
    OrderLines,
    Orders,
    Shipments,
    Stage,
    table_by_name,
)
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
_SHIPPING = (DocKind.CI, DocKind.PL)
# What each kind prints besides the fields above: a Validate error in any of these cells stops
# the document (it would print the error), e.g. a container number failing its check digit.
_PRINTS: dict[DocKind, frozenset[Column]] = {
    kind: frozenset(
        (
            *_ORDER_FIELDS[kind],
            *_LINE_FIELDS[kind],
            O.order_id,
            O.customer,
            O.order_date,
            O.ship_to_country,
            O.order_total,
            O.deposit_pct,
            O.lc_bank,
            L.sku,
            L.qty,
            L.amount,
            L.accepted_qty,
            *((O.port_of_loading, O.port_of_discharge) if kind is not DocKind.CONFIRMATION else ()),
            *(
                (
                    Shipments.container_no,
                    Shipments.bl_no,
                    Shipments.carrier,
                    L.hs_code,
                    L.origin,
                )
                if kind in _SHIPPING
                else ()
            ),
            *((L.carton_qty, L.cartons, L.net_kg, L.gross_kg, L.cbm) if kind is DocKind.PL else ()),
            *(LCs.columns() if kind is not DocKind.PL else ()),
        )
    )
    for kind in DocKind
}


# The fields each kind needs at its stage (`FOR_STAGE`), worked out once, not once a document.
_NEEDED_ORDER = {
    kind: tuple(c for c in cols if c.required_at(FOR_STAGE[kind]))
    for kind, cols in _ORDER_FIELDS.items()
}
_NEEDED_LINE = {
    kind: tuple(c for c in cols if c.required_at(FOR_STAGE[kind]))
    for kind, cols in _LINE_FIELDS.items()
}


def ready(kind: DocKind, stage: Stage | None) -> bool:
    lo, hi = READY_AT[kind]
    return stage is not None and stage.rank >= lo.rank >= 0 and stage.rank <= hi.rank


def too_early(kind: DocKind, stage: Stage | None) -> str | None:
    """Why the order's stage does not allow this kind yet (the stage table in
    docs/documents.md), or None. Later stages may always have it again (a copy of a CI after
    invoicing); a cancelled order has no documents but drafts."""
    first = READY_AT[kind][0]
    name = kind.value.upper() if kind in _PRICED[:2] or kind is DocKind.PL else kind.value
    if stage is Stage.CANCELLED:
        return f"the order is cancelled; a {name} is not made for it (--draft makes a draft)"
    if stage is None or stage.rank < first.rank:
        at = f"at stage {stage.value!r}" if stage else "without a stage"
        return (
            f"the order is {at}; a {name} is made from {first.value!r} on "
            "(docs/documents.md); --draft makes a draft marked DRAFT"
        )
    return None


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
    lines: OrderLinesFacts  # the order's OrderLines rows, as ordered, as shipped, packed
    customer: Mapping[str, Any] | None  # Customers record
    received: Decimal = Decimal(0)  # paid so far on the order's invoices (order currency)
    shipment: Shipment | None = None
    customer_type: str = "new"
    product_type: str = "standard"
    clause_rows: Sequence[C.ClauseRow] = ()
    missing: Sequence[str] = ()  # what is still to be confirmed (confirmation)
    missing_lang: str = ""  # their language, when not the document's
    stage: Stage | None = None
    draft: bool = False  # the user asked for a draft: made at any stage, DRAFT on every page
    findings: Sequence[Finding] = ()  # Validate's findings for the order (its lines, shipments …)
    lc: Mapping[str, Any] | None = None  # the order's LCs record, once the L/C is issued
    lc_defaults: LcDefaults | None = None
    pi_valid_days: int = 30


@dataclass(frozen=True)
class LcDefaults:
    """What a contract asks of an L/C not yet issued (Settings)."""

    open_days: int = 15
    expiry_days: int = 15
    presentation_days: int = 21
    partial_shipments: str = "ALLOWED"
    transhipment: str = "ALLOWED"


@dataclass
class Built:
    document: Document | None
    problems: list[Problem] = field(default_factory=list)


_blank, _s = F.blank, F.text  # what a blank cell is, and a cell as printed text


@dataclass
class _Figures:
    """What a document's figures come to, whether it is a draft or not: its lines priced, its
    total, the packing, and what in them stops it (worked out once for a document and its
    draft)."""

    lines: list[Line]
    total: Decimal
    currency: str
    currency_problems: list[Problem]  # not an ISO 4217 currency
    line_problems: list[Problem]  # line amounts, the order total
    pack_problems: list[Problem]
    packing: list[PackingLine]
    packing_totals: PackingTotals | None


def _figures(kind: DocKind, facts: OrderFacts) -> _Figures:
    order = facts.order
    lines = facts.lines.shipped if kind in _SHIPPING else facts.lines.ordered
    problems: list[Problem] = []
    currency = _s(order.get(O.currency.attr)).upper()
    if kind in _PRICED and currency:
        try:
            minor_units(currency)
        except Exception:
            problems.append(
                Problem(order.get("row"), O.currency, currency, "not an ISO 4217 currency")
            )
            currency = ""
    doc_lines, total, line_problems = _priced_lines(lines, currency, order, kind)
    packing: list[PackingLine] = []
    packing_totals: PackingTotals | None = None
    pack_problems: list[Problem] = []
    if kind is DocKind.PL:
        pack_problems = list(facts.lines.pack_problems)
        if not pack_problems:
            packing, packing_totals = packing_lines(facts.lines.packed)
    return _Figures(
        doc_lines, total, currency, problems, line_problems, pack_problems, packing, packing_totals
    )


def build(
    kind: DocKind, facts: OrderFacts, company: Company, *, version: int, issue_date: dt.date
) -> Built:
    return _build(kind, facts, company, version, issue_date, _figures(kind, facts))


def build_or_draft(
    kind: DocKind, facts: OrderFacts, company: Company, *, version: int, issue_date: dt.date
) -> tuple[Built, Document | None]:
    """The document as `build` makes it and, when it is refused, its draft (what `build` makes
    of the same facts as a draft), its figures worked out once for both."""
    figures = _figures(kind, facts)
    built = _build(kind, facts, company, version, issue_date, figures)
    if built.document is not None or facts.draft:
        return built, built.document
    draft = replace(facts, draft=True)
    return built, _build(kind, draft, company, version, issue_date, figures).document


def _build(
    kind: DocKind,
    facts: OrderFacts,
    company: Company,
    version: int,
    issue_date: dt.date,
    figures: _Figures,
) -> Built:
    lines = facts.lines.shipped if kind in _SHIPPING else facts.lines.ordered
    problems = _refusals(kind, facts, lines) + figures.currency_problems
    problems += [p for p in figures.line_problems if (p.row, p.column) not in _cells(problems)]
    problems += figures.pack_problems
    if problems:
        return Built(None, problems)
    currency = figures.currency
    doc = _document(
        kind, facts, company, figures.lines, Money(figures.total, currency) if currency else None
    )
    doc.version, doc.issue_date = version, issue_date
    if kind is DocKind.PI:
        doc.valid_until = issue_date + dt.timedelta(days=facts.pi_valid_days)
    doc.packing, doc.packing_totals = figures.packing, figures.packing_totals
    return Built(doc)


def _refusals(
    kind: DocKind, facts: OrderFacts, lines: Sequence[Mapping[str, Any]]
) -> list[Problem]:
    """What stops the document before its figures are worked out: its stage, the blanks its
    kind prints, Validate's errors in what it prints, no lines, no customer."""
    order = facts.order
    problems: list[Problem] = []
    row = order.get("row")
    early = too_early(kind, facts.stage)
    if early and not facts.draft:
        stage_text = facts.stage.value if facts.stage else order.get(O.stage.attr)
        problems.append(Problem(row, O.stage, stage_text, early))
    # A draft prints what there is; a document for its stage needs what the stage requires.
    for col in () if facts.draft else _NEEDED_ORDER[kind]:
        if _blank(order.get(col.attr)):
            problems.append(Problem(row, col, None, f"needed on the {kind.value.upper()}"))
    problems += [
        p
        for p in validate_errors(kind, facts.findings)
        if (p.row, p.column) not in _cells(problems)
    ]
    if not lines:
        problems.append(
            Problem(
                row,
                O.order_id,
                order.get(O.order_id.attr),
                "the order has no lines on the OrderLines sheet",
            )
        )
    for col in () if facts.draft else _NEEDED_LINE[kind]:
        problems += [
            Problem(int(r["row"]), col, None, f"needed on the {kind.value.upper()}")
            for r in lines
            if _na(r[col])
        ]
    if facts.customer is None:
        problems.append(
            Problem(
                row,
                O.customer,
                order.get(O.customer.attr),
                "no such customer on the Customers sheet",
            )
        )
    return problems


def _na(value: Any) -> bool:
    """Blank as a frame has it (None, NaN, NaT, NA)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _document(
    kind: DocKind,
    facts: OrderFacts,
    company: Company,
    doc_lines: list[Line],
    total_money: Money | None,
) -> Document:
    """The document once nothing stops it (dated and numbered by `build`)."""
    order = facts.order
    currency = total_money.currency if total_money else ""
    customer = facts.customer or {}
    term_text = _s(order.get(O.payment_terms.attr))
    term = C.effective_term(payment_term(term_text), order.get(O.deposit_pct.attr))
    buyer = _buyer(customer, facts.lc if _is_lc(term) else None, _is_lc(term))
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
    totals = _totals(kind, total_money, term, facts.received) if total_money else None
    lc = (
        letter_of_credit(order, facts.lc, facts.lc_defaults or LcDefaults(), total_money)
        if _is_lc(term)
        else None
    )
    incoterm = _s(order.get(O.incoterm.attr)).upper()
    rule = INCOTERMS.get(incoterm)
    shipping_marks = _s(order.get(O.shipping_marks.attr))
    doc = Document(
        kind=kind,
        number=f"{PREFIX[kind]}-{_s(order.get('order_id'))}",
        version=1,
        draft=facts.draft,
        issue_date=dt.date.min,
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
        payment_terms=C.payment_phrase(term, term_text, total_money, _lc_bank(order, lc))
        if total_money
        else (Phrase(term_text) if term_text else None),
        port_of_loading=_s(order.get(O.port_of_loading.attr)).upper(),
        port_of_discharge=_s(order.get(O.port_of_discharge.attr)).upper(),
        requested_delivery=order.get(O.requested_delivery.attr),
        latest_shipment=order.get(O.promised_ship.attr),
        lines=doc_lines,
        totals=totals,
        shipping_marks=shipping_marks,
        shipment=facts.shipment if kind in _SHIPPING else None,
        lc=lc,
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
            lc_bank=_lc_bank(order, lc),
            lc=lc,
            named_place=doc.named_place,
            bilingual=False,
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
        doc.missing_lang = facts.missing_lang
        doc.next_steps = next_steps(doc, term, facts.received)
    return doc


def _cells(problems: Sequence[Problem]) -> set[tuple[int | None, Column | None]]:
    return {(p.row, p.column) for p in problems}


def _is_lc(term: PaymentTerm | None) -> bool:
    return term is not None and term.instrument is Instrument.LC


def _lc_bank(order: Mapping[str, Any], lc: LetterOfCredit | None) -> str:
    if lc is not None and lc.issuing_bank:
        return lc.issuing_bank
    return _s(order.get(O.lc_bank.attr))


# Validate's errors that are the desk's decisions about an order, not wrong values on a page:
# a document still prints true facts (the credit policy is enforced where the order moves on).
POLICY_RULES = frozenset(
    {
        "CREDIT-LIMIT",
        "DEPOSIT-BELOW-BAND",
        "CUSTOMER-BLOCKED",
        "SUPPLIER-BLOCKED",
        "SUPPLIER-VERY-POOR",
        "QUOTE-NOT-APPROVED",
        "LC-BANK",
    }
)
# What the confirmation asks the customer about instead of refusing (its "still to be
# confirmed" list comes from the same findings).
ASKED = ("REQ-", "DATE-ORDER", "INCOTERM-MODE", "INCOTERM-PLACE")


def validate_errors(kind: DocKind, findings: Sequence[Finding]) -> list[Problem]:
    """Validate's errors in what this kind prints: the document would print them, so it is not
    made, and the message is Validate's own (with its rule code)."""
    out: list[Problem] = []
    for f in findings:
        # Blanks are the document's own business: it knows which fields its kind prints and
        # where a value may come from instead (a line's carton data from the Products sheet).
        if not f.is_error or f.rule in POLICY_RULES or f.rule.startswith("REQ-"):
            continue
        if kind is DocKind.CONFIRMATION and f.rule.startswith(ASKED):
            continue
        try:
            col = table_by_name(f.cell.sheet).by_header(f.cell.column)
        except KeyError:
            continue
        if col in _PRINTS[kind]:
            out.append(Problem(f.cell.row, col, f.value or None, f.message, rule=f.rule))
    return out


def _buyer(customer: Mapping[str, Any], lc: Mapping[str, Any] | None, on_lc: bool) -> Party:
    """The buyer as the Customers sheet has it; on an L/C order, as the L/C names the applicant
    (field 50: name on the first line, address below), since a bank checks the invoice's buyer
    against it word for word (UCP 600 art. 18(a)(ii)). Before the L/C is issued, an L/C order
    uses the customer's name in Latin script (the first alias in it) when the name is not."""
    party = Party(
        name=_s(customer.get(Cu.name.attr)),
        address=_s(customer.get(Cu.address.attr)),
        country=_s(customer.get(Cu.country.attr)).upper(),
        contact=_s(customer.get(Cu.contact.attr)),
        email=_s(customer.get(Cu.email.attr)),
        phone=_s(customer.get(Cu.phone.attr)),
        vat_no=_s(customer.get(Cu.vat_no.attr)),
    )
    applicant = _s((lc or {}).get(LCs.applicant.attr))
    if applicant:
        name, _, address = applicant.replace("\r", "").partition("\n")
        return party.model_copy(
            update={"name": name.strip(), "address": address.strip(), "contact": ""}
        )
    if on_lc and not _latin(party.name):
        latin = next(
            (
                a.strip()
                for a in _s(customer.get(Cu.aliases.attr)).split(";")
                if a.strip() and _latin(a)
            ),
            "",
        )
        if latin:
            return party.model_copy(update={"name": latin})
    return party


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(ord(c) < 0x250 for c in letters)


def letter_of_credit(
    order: Mapping[str, Any],
    lc: Mapping[str, Any] | None,
    defaults: LcDefaults,
    total: Money | None,
) -> LetterOfCredit:
    """The L/C terms for an L/C order: the issued credit's (LCs sheet), else the terms the
    contract asks for, worked out from the order and Settings."""
    latest = order.get(O.promised_ship.attr)
    ordered = order.get(O.order_date.attr)
    if lc:
        amount = lc.get(LCs.amount.attr)
        currency = _s(lc.get(LCs.currency.attr)).upper()
        days = lc.get(LCs.presentation_days.attr)
        rules = _s(lc.get(LCs.rules.attr)).upper()
        return LetterOfCredit(
            number=_s(lc.get(LCs.lc_no.attr)),
            issue_date=lc.get(LCs.issue_date.attr),
            issuing_bank=_s(lc.get(LCs.issuing_bank.attr)) or _s(order.get(O.lc_bank.attr)),
            issuing_bic=_s(lc.get(LCs.issuing_bic.attr)).upper(),
            advising_bic=_s(lc.get(LCs.advising_bic.attr)).upper(),
            amount=Money(money(Decimal(amount), currency), currency)
            if amount is not None and currency
            else None,
            tolerance=lc.get(LCs.tolerance_plus.attr),
            expiry=lc.get(LCs.expiry_date.attr),
            expiry_place=_s(lc.get(LCs.expiry_place.attr)),
            latest_shipment=lc.get(LCs.latest_shipment.attr) or latest,
            presentation_days=int(days) if days is not None else defaults.presentation_days,
            partial_shipments=_s(lc.get(LCs.partial_shipments.attr)).upper() or "ALLOWED",
            transhipment=_s(lc.get(LCs.transhipment.attr)).upper() or "ALLOWED",
            ucp=not rules or "UCP" in rules,
            goods=_s(lc.get(LCs.goods.attr)),
        )
    return LetterOfCredit(
        issuing_bank=_s(order.get(O.lc_bank.attr)),
        amount=total,
        expiry=latest + dt.timedelta(days=defaults.expiry_days) if latest else None,
        latest_shipment=latest,
        presentation_days=defaults.presentation_days,
        partial_shipments=defaults.partial_shipments.upper(),
        transhipment=defaults.transhipment.upper(),
        open_by=ordered + dt.timedelta(days=defaults.open_days) if ordered else None,
    )


def fingerprint(doc: Document) -> str:
    """What the document says, whatever its language and the day it is printed: the same
    fingerprint keeps the version number (a PI in French is the same revision as in English)."""
    import hashlib

    data = doc.model_dump(exclude={"version", "issue_date", "valid_until"})
    return hashlib.sha256(repr(data).encode("utf-8")).hexdigest()[:16]


def _quote_ref(order: Mapping[str, Any]) -> str:
    q = _s(order.get(O.quote_id.attr))
    v = order.get(O.quote_version.attr)
    return f"{q} v{v}" if q and v else q


def _priced_lines(
    lines: Sequence[Mapping[str, Any]], currency: str, order: Mapping[str, Any], kind: DocKind
) -> tuple[list[Line], Decimal, list[Problem]]:
    """Lines with amounts = qty × unit price (to the cent); a register amount that differs, or
    an order total that is not the sum of its lines, stops a priced document."""
    out: list[Line] = []
    problems: list[Problem] = []
    total = ordered_total = Decimal(0)
    priced = kind in _PRICED and bool(currency)
    # The currency's cent and half-cent, once a document (`money` rounds to the cent).
    cent = Decimal(1).scaleb(-minor_units(currency)) if priced else Decimal(1)
    half = cent / 2
    for rec in lines:
        p: F.Printed = rec[PRINTED]  # the line's cells as printed, worked out once (facts)
        shipped = p.qty if p.qty is not None else Decimal(0)
        amount = None
        unit_price = None
        if priced and p.qty is not None and p.unit_price is not None:
            unit_price = p.unit_price
            amount = (shipped * unit_price).quantize(cent, rounding=ROUND_HALF_UP)
            as_ordered = p.ordered if p.ordered else shipped
            ordered_amount = (as_ordered * unit_price).quantize(cent, rounding=ROUND_HALF_UP)
            if p.amount is not None and abs(p.amount - ordered_amount) > half:
                problems.append(
                    Problem(
                        int(rec["row"]),
                        L.amount,
                        float(p.amount),
                        f"differs from Qty × Unit Price = {ordered_amount}",
                    )
                )
            total += amount
            ordered_total += ordered_amount
        out.append(
            Line(
                no=p.no if p.no is not None else len(out) + 1,
                sku=p.sku,
                description=p.description,
                spec=p.spec,
                hs_code=p.hs_code,
                origin=p.origin,
                qty=shipped,
                unit=p.unit,
                unit_price=unit_price,
                amount=amount,
                ordered=p.ordered,
                description_zh=rec.get(ZH) or "",
            )
        )
    stated = order.get(O.order_total.attr)
    if (
        priced
        and stated is not None
        and out
        and all(x.amount is not None for x in out)
        and abs(Decimal(stated) - ordered_total) > half
    ):
        problems.append(
            Problem(
                order.get("row"),
                O.order_total,
                float(stated),
                f"differs from the sum of the lines, {ordered_total}",
            )
        )
    return out, total, problems


def _totals(kind: DocKind, total: Money, term: PaymentTerm | None, received: Decimal) -> Totals:
    """Total, received and the balance that is their difference, on every priced document
    but the contract (which states the deal, not its account); the deposit the terms ask
    for is a line of its own on the PI and the confirmation."""
    cur = total.currency
    got = Money(money(received, cur), cur)
    out = Totals(total=total)
    if kind is not DocKind.CONTRACT:
        out.received = got
        # Negative when more was paid than this document totals (fewer goods shipped than
        # invoiced in advance): printed as a credit, so the lines still add up.
        out.balance = Money(total.amount - got.amount, cur)
    if (
        kind in (DocKind.PI, DocKind.CONFIRMATION)
        and term is not None
        and term.instrument is Instrument.TT
        and term.deposit > 0
    ):
        out.deposit_pct = term.deposit
        out.deposit_due = Money(money(deposit_due(total.amount, term), cur), cur)
    return out


def shipment_facts(
    rows: Sequence[Mapping[str, Any]], order: Mapping[str, Any], today: dt.date
) -> Shipment | None:
    """Every container, B/L and parcel of the order's shipments (Shipments sheet rows), the
    carrier by name, and the date the goods went on board: the carrier's actual departure
    (ATD) or the order's Shipped On, and only when that day has come. A planned date (ETD) is
    never printed as "shipped": a CI or PL states facts."""
    if not rows:
        return None

    def each(col: Column) -> list[str]:
        seen: dict[str, None] = {}
        for r in rows:
            for part in _s(r.get(col.attr)).replace(";", ",").split(","):
                if part.strip():
                    seen.setdefault(
                        part.strip().upper() if col.type.value == "code" else part.strip()
                    )
        return list(seen)

    actual = [d for r in rows if (d := r.get(Shipments.atd.attr)) is not None]
    when = max(actual) if actual else order.get(O.shipped_on.attr)
    carriers = each(Shipments.carrier)
    return Shipment(
        bl_nos=each(Shipments.bl_no),
        containers=each(Shipments.container_no),
        carrier=", ".join(carrier_name(c) for c in carriers),
        vessel=", ".join(each(Shipments.vessel)),
        tracking_nos=each(Shipments.tracking_no),
        shipped_on=when if when is not None and when <= today else None,
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
    elif term is not None and term.instrument is Instrument.LC and doc.lc and doc.lc.number:
        steps.append(Phrase(N_("Production starts on the letter of credit we have received.")))
    elif term is not None and term.instrument is Instrument.LC:
        if doc.lc and doc.lc.open_by:
            steps.append(
                Phrase(
                    N_(
                        "Please open the letter of credit in our favour by %(date)s and send us a copy; production starts on receipt."
                    ),
                    {"date": doc.lc.open_by},
                )
            )
        else:
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
        and t.deposit_due
        and term.deposit < 1
    ):
        rest = Money(t.total.amount - t.deposit_due.amount, t.total.currency)
        steps.append(
            Phrase(
                N_("The balance of %(amount)s is due %(when)s."),
                {"amount": rest, "when": C.balance_when(term)},
            )
        )
    if doc.missing:
        steps.append(Phrase(N_("Please send us the details listed under “Still to be confirmed”.")))
    steps.append(Phrase(N_("Please sign this confirmation and return a copy to us.")))
    return steps
