"""The core sample: orders drawn from the master data, the planted problems placed, and every
register table filled from them. `generate()` in the package runs this, then the extensions."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from orderdesk.sample import Sample
from orderdesk.sample import aftersales as AS  # after-sales (issue 21)
from orderdesk.sample import logistics as L
from orderdesk.sample import master as M
from orderdesk.sample import money as Money
from orderdesk.sample import planted as P
from orderdesk.sample import quotes as Q
from orderdesk.sample.frames import frame_of
from orderdesk.sample.orders import (
    F_TERMS,
    Order,
    Overrides,
    age,
    days,
    draft_order,
    eligible,
    list_price,
    money,
    order_dates,
    pick_customer,
    unit_cost,
)
from orderdesk.schema import (
    BankEntries,
    Column,
    Complaints,
    Customers,
    FiveWhys,
    Invoices,
    Lessons,
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

Row = dict[Column, Any]
C, PROD, R = Stage.CONFIRMED, Stage.IN_PRODUCTION, Stage.READY_TO_SHIP
OPEN_QUOTES_PER_ORDER = 0.75
BLOCKED = M.SUPPLIER_BY_ID["SU-012"]


def bank_sync_start(as_of: dt.date) -> dt.date:
    """Bank sync went live on the first of the month four months before the sample's day."""
    month = as_of.month - 4
    year = as_of.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def build(n_orders: int, seed: int, as_of: dt.date) -> Sample:
    rng = random.Random(seed)
    bank_from = bank_sync_start(as_of)
    orders = [
        draft_order(
            day, pick_customer(day, as_of, rng), as_of, rng, cancelled=_cancel(day, as_of, rng)
        )
        for day in order_dates(n_orders, as_of, rng)
    ]
    placed = place_plants(orders, as_of, rng)
    number_orders(orders, rng)
    placed += plant_po_duplicate(orders)
    release_blocked_supplier(orders, as_of, rng)

    quotes = [Q.won_quote(o, rng) for o in orders]
    quotes += Q.open_quotes(round(n_orders * OPEN_QUOTES_PER_ORDER), as_of, rng)
    Q.number_quotes(quotes)
    invoices = Money.invoices(orders, as_of)
    Money.ledger_at(invoices, bank_from)
    entries = Money.receipts(invoices, as_of, bank_from, rng)
    shipments = L.shipments(orders, as_of, rng)
    placed += plant_container(shipments)
    complaints = L.complaints(orders, as_of, rng)
    requests = L.requests(orders, Q.rfqs(quotes, as_of, rng), as_of, rng)
    limits = Money.credit_limits(orders, invoices)

    rows: dict[type[Table], list[Row]] = {
        Orders: [order_row(o) for o in orders],
        OrderLines: [line_row(o, line, as_of) for o in orders for line in o.lines],
        Customers: [customer_row(c, limits[c.id]) for c in M.CUSTOMERS],
        Products: [product_row(p) for p in M.PRODUCTS],
        Suppliers: [supplier_row(s) for s in M.SUPPLIERS],
        SupplierRequests: [request_row(r) for r in requests],
        Quotes: [quote_row(q, v) for q in quotes for v in q.versions],
        QuoteLines: [
            quote_line_row(q, v, no, ql)
            for q in quotes
            for v in q.versions
            for no, ql in enumerate(v.lines, start=1)
        ],
        Shipments: [shipment_row(s) for s in shipments],
        Invoices: [invoice_row(inv) for inv in invoices],
        BankEntries: [entry_row(e) for e in entries],
        Complaints: [complaint_row(c) for c in complaints],
        Lessons: AS.lessons(complaints, as_of),  # after-sales (issue 21)
        FiveWhys: AS.five_whys(complaints, as_of),  # after-sales (issue 21)
    }
    tables = {t: frame_of(t, r) for t, r in rows.items()}
    sample = Sample(n_orders, seed, as_of, bank_from, tables)
    sample.planted = [record(plant, target) for plant, target in placed]
    sample.receipts = [e.receipt for e in entries if e.receipt is not None]
    return sample


def _cancel(day: dt.date, as_of: dt.date, rng: random.Random) -> bool:
    return (as_of - day).days > 40 and rng.random() < 0.02


# --- planting -----------------------------------------------------------------------------

Target = tuple[Order, int | None] | L.Shipment  # an order (and line no) or a shipment


def _redraft(
    orders: list[Order],
    as_of: dt.date,
    rng: random.Random,
    *,
    stages: tuple[Stage, ...],
    target_age: int,
    ov: Overrides,
    customer: Callable[[Order], M.Customer | None] | None = None,
    accept: Callable[[Order], bool] | None = None,
) -> Order | None:
    """Redraw an order of about `target_age` days (same day, maybe another customer) until it is
    at one of `stages` and passes `accept`; it takes the original's place. None if no order of
    the sample can be made to fit (a very small sample)."""
    pool = [
        i
        for i, o in enumerate(orders)
        if not o.planted and not o.cancelled and not o.customer.blocked
    ]
    pool.sort(key=lambda i: (abs(age(orders[i], as_of) - target_age), i))
    for i in pool[:15]:
        who = customer(orders[i]) if customer else orders[i].customer
        if who is None:
            continue
        for _ in range(40):
            trial = draft_order(orders[i].date, who, as_of, rng, ov)
            if trial.stage in stages and (accept is None or accept(trial)):
                trial.planted = True
                orders[i] = trial
                return trial
    return None


def _buyer_of(
    category: str, as_of: dt.date, rng: random.Random
) -> Callable[[Order], M.Customer | None]:
    def pick(o: Order) -> M.Customer | None:
        if category in o.customer.categories:
            return o.customer
        pool = [c for c in M.CUSTOMERS if category in c.categories and eligible(c, o.date, as_of)]
        return rng.choice(pool) if pool else None

    return pick


def _band_c(as_of: dt.date, rng: random.Random) -> Callable[[Order], M.Customer | None]:
    def pick(o: Order) -> M.Customer | None:
        pool = [c for c in M.CUSTOMERS if 40 <= c.score < 60 and eligible(c, o.date, as_of)]
        return rng.choice(pool) if pool else None

    return pick


def _new_customer(as_of: dt.date) -> Callable[[Order], M.Customer | None]:
    def pick(o: Order) -> M.Customer | None:
        c = M.CUSTOMER_BY_ID[M.NEW_CUSTOMER_CREDIT]
        return c if c.since and o.date >= M.moved(c.since, as_of) else None

    return pick


def swapped_digits(amount: float, currency: str) -> float:
    """The amount with two neighbouring digits swapped, as a slip of the fingers makes it."""
    text = f"{amount:.2f}" if money(amount, currency) != int(amount) else f"{int(amount)}"
    digits = list(text)
    for i in range(len(digits) - 1):
        a, b = digits[i], digits[i + 1]
        if a.isdigit() and b.isdigit() and a != b:
            digits[i], digits[i + 1] = b, a
            return money(float("".join(digits)), currency)
    return money(amount + 10, currency)


def place_plants(
    orders: list[Order], as_of: dt.date, rng: random.Random
) -> list[tuple[P.Plant, Target]]:
    """Place the planted problems that live on orders and their lines."""
    placed: list[tuple[P.Plant, Target]] = []
    sea = Overrides(express=False)

    def put(plant: P.Plant, o: Order | None, line: int | None = None) -> None:
        if o is not None:
            placed.append((plant, (o, line)))

    put(
        P.CREDIT,
        _redraft(
            orders,
            as_of,
            rng,
            stages=(C,),
            target_age=5,
            customer=_new_customer(as_of),
            ov=Overrides(express=False, min_usd=45_000),
        ),
    )
    o = _redraft(orders, as_of, rng, stages=(R,), target_age=48, ov=sea)
    if o is not None:
        o.marks_draw = -1.0  # never typed in
    put(P.MARKS, o)

    tools = [p.sku for p in M.PRODUCTS if p.alternative == BLOCKED.id]
    o = _redraft(
        orders,
        as_of,
        rng,
        stages=(PROD,),
        target_age=22,
        customer=_buyer_of("tools", as_of, rng),
        ov=Overrides(express=False, first_sku=rng.choice(tools), first_supplier=BLOCKED.id),
        accept=lambda t: bool(t.lines[0].delivered and t.lines[0].delivered > as_of),
    )
    put(P.SUPPLIER_BLOCKED, o, 1)

    o = _redraft(
        orders,
        as_of,
        rng,
        stages=(PROD,),
        target_age=20,
        customer=_band_c(as_of, rng),
        ov=Overrides(express=False, terms="TT20-80 BL"),
    )
    put(P.DEPOSIT_BAND, o)

    o = _redraft(
        orders,
        as_of,
        rng,
        stages=(PROD, R),
        target_age=25,
        customer=_buyer_of("electronics", as_of, rng),
        ov=Overrides(express=False, first_sku="EL-4005"),
    )
    if o is not None:
        o.lines[0].hs = "851712"
    put(P.HS, o, 1)

    o = _redraft(
        orders,
        as_of,
        rng,
        stages=(C, PROD, R),
        target_age=10,
        ov=Overrides(express=True, incoterm="FOB"),
    )
    put(P.INCOTERM_MODE, o)

    o = _redraft(orders, as_of, rng, stages=(C, PROD), target_age=14, ov=sea)
    if o is not None and o.promised:
        o.requested = max(o.date + days(1), o.promised - days(rng.randint(3, 12)))
    put(P.DATES, o)

    o = _redraft(
        orders,
        as_of,
        rng,
        stages=(C, PROD),
        target_age=18,
        ov=sea,
        accept=lambda t: t.lines[-1].amount >= 100,
    )
    if o is not None:
        line = o.lines[-1]
        line.amount = swapped_digits(line.amount, o.currency)
    put(P.AMOUNT, o, len(o.lines) if o else None)
    return placed


def number_orders(orders: list[Order], rng: random.Random) -> None:
    """SO-YYYY-NNNN in order-date order, and each customer's own PO numbers."""
    seq: dict[int, int] = {}
    po_next = {c.id: rng.randint(50, 900) for c in M.CUSTOMERS}
    for o in orders:
        seq[o.date.year] = seq.get(o.date.year, 0) + 1
        o.id = f"SO-{o.date.year}-{seq[o.date.year]:04d}"
        cid = o.customer.id
        o.po = o.customer.po_format.format(y=o.date.year, n=po_next[cid])
        po_next[cid] += rng.choice((1, 1, 1, 2, 3))  # they buy from others too


def po_typed(o: Order) -> bool:
    """Whether the order's row shows its customer PO (drafts show it only sometimes)."""
    return o.stage is not Stage.DRAFT or o.show_po


def plant_po_duplicate(orders: list[Order]) -> list[tuple[P.Plant, Target]]:
    """The newest order (open ones first) whose customer ordered before gets that earlier order's
    PO number: the clerk copied the row above."""
    by_age = sorted(range(len(orders)), key=lambda i: (orders[i].stage not in (C, PROD, R), -i))
    for i in by_age:
        o = orders[i]
        if o.planted or o.cancelled or o.stage is Stage.DRAFT or o.customer.blocked:
            continue
        # Copied from an order whose PO is in the register: a draft often has none typed yet,
        # and a number copied from a blank cell would be a duplicate no one can see.
        earlier = [
            e for e in orders[:i] if e.customer is o.customer and not e.cancelled and po_typed(e)
        ]
        if earlier:
            o.po, o.po_copied_from = earlier[-1].po, earlier[-1].id
            o.planted = True
            return [(P.PO_DUPLICATE, (o, None))]
    return []


def plant_container(shipments: list[L.Shipment]) -> list[tuple[P.Plant, Target]]:
    """The last container that sailed gets a check digit that does not fit."""
    for s in reversed(shipments):
        if s.container and s.atd and not s.order.planted:
            s.container = L.wrong_check_digit(s.container)
            return [(P.CONTAINER, s)]
    return []


def release_blocked_supplier(orders: list[Order], as_of: dt.date, rng: random.Random) -> None:
    """The blocked supplier appears only on closed orders (and the planted line): open lines it
    once had were moved to the product's usual supplier when it was blocked."""
    for o in orders:
        if o.planted or o.stage is Stage.CLOSED:
            continue
        for line in o.lines:
            if line.supplier is BLOCKED:
                line.supplier = M.SUPPLIER_BY_ID[line.product.supplier]
                line.cost = unit_cost(line.product, line.supplier, o.date, as_of, rng)


def record(plant: P.Plant, target: Target) -> P.Planted:
    if isinstance(target, L.Shipment):
        return P.Planted(
            plant.rule,
            plant.table,
            (target.id,),
            plant.column,
            target.container,
            plant.description,
            plant.severity,
            target.order.id,
        )
    o, line_no = target
    row = order_row(o) if line_no is None else line_row(o, o.lines[line_no - 1], None)
    key = (o.id,) if line_no is None else (o.id, line_no)
    return P.Planted(
        plant.rule,
        plant.table,
        key,
        plant.column,
        row.get(plant.column),
        f"{plant.description} ({o.po_copied_from})" if o.po_copied_from else plant.description,
        plant.severity,
        o.id,
    )


# --- rows -----------------------------------------------------------------------------------

ORIGIN_MARK = {"CN": "CHINA", "VN": "VIETNAM", "IN": "INDIA", "TR": "TURKEY"}


def shipping_marks(o: Order) -> str:
    c = o.customer
    return f"{c.mark} / {c.city.upper()} / PO {o.po} / C/NO. 1-UP / MADE IN {ORIGIN_MARK[o.origin]}"


def order_row(o: Order) -> Row:
    stage = o.stage
    at = stage.at_least
    draft = stage is Stage.DRAFT
    # What is typed in depends on how far the order has come.
    if o.marks_draw < 0 or draft:
        marks = False
    else:
        marks = at(R) or o.marks_draw < (0.85 if stage is PROD else 0.6)
    forwarder = (
        at(R)
        or (o.incoterm in F_TERMS and not draft)
        or (stage is PROD and o.forwarder_draw < 0.7)
        or (stage is C and o.forwarder_draw < 0.4)
    )
    c = o.customer
    return {
        Orders.order_id: o.id,
        Orders.customer: c.id,
        Orders.customer_po: o.po if po_typed(o) else None,
        Orders.order_date: o.date,
        Orders.stage: stage.value,
        Orders.currency: o.currency,
        Orders.incoterm: o.incoterm,
        Orders.named_place: o.place,
        Orders.transport_mode: o.mode,
        Orders.payment_terms: o.terms,
        Orders.deposit_pct: o.deposit,
        Orders.lc_bank: o.lc_bank or None,
        Orders.quote_id: o.quote_id or None,
        Orders.quote_version: o.quote_version or None,
        Orders.requested_delivery: o.requested,
        Orders.promised_ship: o.promised if (not draft or o.show_promised) else None,
        Orders.port_of_loading: o.pol,
        Orders.port_of_discharge: o.pod,
        Orders.shipping_marks: shipping_marks(o) if marks else None,
        Orders.forwarder: o.forwarder if forwarder else None,
        Orders.sales_owner: c.owner,
        Orders.ship_to: f"{c.name}, {c.address}",
        Orders.ship_to_country: c.country,
        Orders.order_total: o.total,
        Orders.shipped_on: o.ship if at(Stage.SHIPPED) else None,
        Orders.notes: o.notes or ("cancelled by the customer" if o.cancelled else None),
    }


def line_row(o: Order, line: Any, as_of: dt.date | None) -> Row:
    stage = o.stage
    placed = stage.at_least(PROD)
    delivered = placed and line.delivered and (as_of is None or line.delivered <= as_of)
    p = line.product
    return {
        OrderLines.order_id: o.id,
        OrderLines.line_no: line.no,
        OrderLines.sku: p.sku,
        OrderLines.description: p.description,
        OrderLines.spec: p.spec,
        OrderLines.hs_code: line.hs,
        OrderLines.origin: line.supplier.country,
        OrderLines.qty: float(line.qty),
        OrderLines.unit: p.unit,
        OrderLines.unit_price: line.price,
        OrderLines.amount: line.amount,
        OrderLines.supplier: None if stage is Stage.DRAFT else line.supplier.id,
        OrderLines.unit_cost: None if stage is Stage.DRAFT else line.cost,
        OrderLines.supplier_due: line.due if placed else None,
        OrderLines.supplier_delivered: line.delivered if delivered else None,
        OrderLines.delivered_qty: float(line.delivered_qty) if delivered else None,
        OrderLines.accepted_qty: float(line.accepted_qty) if delivered else None,
        OrderLines.carton_qty: p.carton_qty,
        OrderLines.cartons: line.cartons,
        OrderLines.net_kg: line.net_kg,
        OrderLines.gross_kg: line.gross_kg,
        OrderLines.cbm: line.cbm,
    }


def customer_row(c: M.Customer, limit: float) -> Row:
    return {
        Customers.customer_id: c.id,
        Customers.name: c.name,
        Customers.aliases: "; ".join(c.aliases) or None,
        Customers.country: c.country,
        Customers.language: c.language,
        Customers.customer_type: c.kind,
        Customers.contact: c.contact,
        Customers.email: c.email,
        Customers.phone: c.phone,
        Customers.address: c.address,
        Customers.vat_no: c.vat or None,
        Customers.currency: c.currency,
        Customers.payment_terms: c.terms,
        Customers.credit_limit: limit,
        Customers.credit_score: c.score,
        Customers.blocked: c.blocked,
    }


def product_row(p: M.Product) -> Row:
    return {
        Products.sku: p.sku,
        Products.description: p.description,
        Products.description_zh: p.description_zh,
        Products.category: p.category,
        Products.product_type: "custom" if p.custom else "standard",
        Products.hs_code: p.hs,
        Products.origin: p.origin,
        Products.unit: p.unit,
        Products.default_supplier: p.supplier,
        Products.cost_currency: "CNY",
        Products.material_cost: p.material,
        Products.labour_cost: p.labour,
        Products.packaging_cost: p.packaging,
        Products.material_index: p.index,
        Products.carton_qty: p.carton_qty,
        Products.carton_l_cm: p.carton_cm[0],
        Products.carton_w_cm: p.carton_cm[1],
        Products.carton_h_cm: p.carton_cm[2],
        Products.unit_net_kg: p.unit_kg,
        Products.carton_gross_kg: p.carton_gross_kg,
        Products.list_price: list_price(p),
        Products.list_currency: "USD",
    }


def supplier_row(s: M.Supplier) -> Row:
    return {
        Suppliers.supplier_id: s.id,
        Suppliers.name: s.name,
        Suppliers.country: s.country,
        Suppliers.city: s.city,
        Suppliers.contact: s.contact,
        Suppliers.email: s.email,
        Suppliers.currency: s.currency,
        Suppliers.categories: "; ".join(s.categories),
        Suppliers.lead_time_days: s.lead_days,
        Suppliers.blocked: s.blocked,
    }


def request_row(r: L.Request) -> Row:
    return {
        SupplierRequests.request_id: r.id,
        SupplierRequests.supplier: r.supplier.id,
        SupplierRequests.kind: r.kind,
        SupplierRequests.order_id: r.order.id if r.order else None,
        SupplierRequests.sku: r.sku,
        SupplierRequests.sent: r.sent,
        SupplierRequests.answered: r.answered,
    }


def quote_row(q: Q.Quote, v: Q.QuoteVersion) -> Row:
    return {
        Quotes.quote_id: q.id,
        Quotes.version: v.version,
        Quotes.customer: q.customer.id,
        Quotes.quote_date: v.date,
        Quotes.valid_until: v.date + days(30),
        Quotes.currency: q.currency,
        Quotes.incoterm: q.incoterm,
        Quotes.named_place: q.place,
        Quotes.transport_mode: q.mode,
        Quotes.payment_terms: q.terms,
        Quotes.lc_bank: q.lc_bank or None,
        Quotes.lead_time_days: q.lead_days,
        Quotes.sales_owner: q.customer.owner,
        Quotes.order_id: q.order.id if q.order and v is q.versions[-1] else None,
        Quotes.status: v.status.value,
        Quotes.total: v.total(q.currency),
    }


def quote_line_row(q: Q.Quote, v: Q.QuoteVersion, no: int, ql: Q.QuoteLine) -> Row:
    return {
        QuoteLines.quote_id: q.id,
        QuoteLines.version: v.version,
        QuoteLines.line_no: no,
        QuoteLines.sku: ql.sku,
        QuoteLines.qty: float(ql.qty),
        QuoteLines.unit: ql.unit,
        QuoteLines.target_margin: ql.target_margin,
        QuoteLines.unit_price: ql.price,
    }


def shipment_row(s: L.Shipment) -> Row:
    return {
        Shipments.shipment_id: s.id,
        Shipments.order_id: s.order.id,
        Shipments.mode: s.mode,
        Shipments.carrier: s.carrier,
        Shipments.booking_ref: s.booking or None,
        Shipments.bl_no: s.bl or None,
        Shipments.container_no: s.container or None,
        Shipments.tracking_no: s.tracking or None,
        Shipments.port_of_loading: s.order.pol,
        Shipments.port_of_discharge: s.order.pod,
        Shipments.etd: s.etd,
        Shipments.eta: s.eta,
        Shipments.atd: s.atd,
        Shipments.ata: s.ata,
    }


def invoice_row(inv: Money.Invoice) -> Row:
    return {
        Invoices.invoice_no: inv.no,
        Invoices.order_id: inv.order.id,
        Invoices.customer: inv.order.customer.id,
        Invoices.kind: inv.kind,
        Invoices.issue_date: inv.issue,
        Invoices.due_date: inv.due,
        Invoices.currency: inv.currency,
        Invoices.amount: inv.amount,
        Invoices.paid: inv.paid,
        Invoices.outstanding: inv.outstanding,
        Invoices.status: inv.status,
        Invoices.last_payment: inv.last_payment,
    }


def entry_row(e: Money.Entry) -> Row:
    return {
        BankEntries.entry_ref: e.ref,
        BankEntries.account: M.COMPANY_IBAN,
        BankEntries.booking_date: e.booking,
        BankEntries.value_date: e.value,
        BankEntries.amount: e.amount,
        BankEntries.currency: e.currency,
        BankEntries.payer: e.payer or None,
        BankEntries.payer_account: e.payer_account or None,
        BankEntries.remittance: e.remittance,
        BankEntries.end_to_end_id: e.end_to_end,
        BankEntries.source: "camt.053",
        BankEntries.statement: f"STMT-{e.booking:%Y%m%d}",
    }


def complaint_row(c: L.Complaint) -> Row:
    return {
        Complaints.complaint_id: c.id,
        Complaints.order_id: c.order.id,
        Complaints.sku: c.line.product.sku if c.line else None,
        Complaints.supplier: c.line.supplier.id if c.line else None,
        Complaints.date: c.date,
        Complaints.cause: c.cause,
        Complaints.qty_affected: float(c.qty) if c.qty else None,
        Complaints.description: c.description,
        Complaints.status: c.status,
        Complaints.resolution: c.resolution or None,
        **AS.complaint_cells(c),  # after-sales (issue 21)
    }
