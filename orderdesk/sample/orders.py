"""Orders and their lines, each with the timeline that decides its stage on the sample's day.

An order is drawn forward from its order date: confirmation, the deposit (or the letter of
credit), purchase orders to the suppliers, their deliveries (on time or late, as each supplier
really performs), goods ready, the balance where it is due before shipment, the vessel, the
documents, the last payment, arrival. Where the sample's day falls in that timeline is the
order's stage. Nothing here looks at other orders, so drawing 20,000 orders is linear.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from orderdesk.domain.reference import fx
from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.payment_terms import PAYMENT_TERMS, BalanceDue, Instrument
from orderdesk.sample import master as M
from orderdesk.schema import Stage

SPAN_DAYS = 548  # 18 months before the sample's day
CNY_PER_USD_LIST = 7.10  # the rate the list prices were set at
LIST_MARGIN = 0.24  # list price margin over standard cost

EXPRESS_TO: dict[str, str] = {  # UN/LOCODE of the city a parcel goes to
    "CU-0001": "USCHI",
    "CU-0002": "USSEA",
    "CU-0003": "USDAL",
    "CU-0004": "USPDX",
    "CU-0005": "GBRDG",
    "CU-0006": "GBLBA",
    "CU-0007": "AUMEL",
    "CU-0008": "CAVAN",
    "CU-0009": "CAMTR",
    "CU-0010": "DECGN",
    "CU-0011": "DEDUS",
    "CU-0012": "DEHAM",
    "CU-0013": "ATGRZ",
    "CU-0014": "FRLYS",
    "CU-0015": "FRLLE",
    "CU-0016": "ESMAD",
    "CU-0017": "ESVLC",
    "CU-0018": "MXGDL",
    "CU-0019": "CLSCL",
    "CU-0020": "COBOG",
    "CU-0021": "BRSAO",
    "CU-0022": "PTOPO",
    "CU-0023": "AEDXB",
    "CU-0024": "SARUH",
    "CU-0025": "EGCAI",
    "CU-0026": "JPOSA",
    "CU-0027": "JPTYO",
    "CU-0028": "SGSIN",
    "CU-0029": "MYPKG",
    "CU-0030": "NLRTM",
    "CU-0031": "ZACPT",
    "CU-0032": "MACAS",
    "CU-0033": "PLWAW",
    "CU-0034": "KENBO",
    "CU-0035": "CHZRH",
}

F_TERMS = ("EXW", "FCA", "FAS", "FOB")


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def bank_day(day: dt.date) -> dt.date:
    """Money sent on a weekend is booked on the Monday."""
    return day + days(7 - day.weekday()) if day.weekday() >= 5 else day


# --- money and costs ---------------------------------------------------------------------


@cache
def _per_eur(currency: str) -> tuple[np.ndarray, np.ndarray]:
    series = fx.ecb_table()[currency].dropna()
    return series.index.to_numpy(dtype="datetime64[D]"), series.to_numpy()


def _fixing(currency: str, day: dt.date) -> float:
    days_, rates = _per_eur(currency)
    pos = int(np.searchsorted(days_, np.datetime64(day, "D"), side="right")) - 1
    return float(rates[max(pos, 0)])


@cache
def usd_rate(currency: str, day: dt.date) -> float:
    """Units of `currency` for one USD on `day`: the ECB cross rate of the last fixing on or
    before it (as `fx.fx_rate` gives it; looked up here from the table once per currency, as
    the generator asks for thousands of days)."""
    if currency == "USD":
        return 1.0
    return _fixing(currency, day) / _fixing("USD", day)


@cache
def _minor(currency: str) -> int:
    return minor_units(currency)


def money(amount: float, currency: str) -> float:
    places = _minor(currency)
    value = round(amount + 0.0, places)
    return float(int(value)) if places == 0 else value


@cache
def list_price(product: M.Product) -> float:
    """The catalogue price in USD that the desk quotes from."""
    return max(0.01, round(product.cost_cny / CNY_PER_USD_LIST / (1 - LIST_MARGIN), 2))


_INDEX_SWING = {"steel": 0.07, "aluminium": 0.09, "cotton": 0.06, "plastics": 0.05}


def material_index(driver: str, day: dt.date, as_of: dt.date) -> float:
    """The cost driver's index on a day: 1.00 around the sample's day (Settings' value), lower a
    year before, with a seasonal swing, so costs drift the way the quote desk sees them drift."""
    months = (as_of - day).days / 30.4
    swing = _INDEX_SWING.get(driver, 0.05)
    return 1.0 - swing * months / 18 + swing / 2 * math.sin(months / 2.0)


def unit_cost(
    product: M.Product, supplier: M.Supplier, day: dt.date, as_of: dt.date, rng: random.Random
) -> float:
    """The supplier's purchase price per unit, in its own currency."""
    cny = (
        product.material * material_index(product.index, day, as_of)
        + product.labour
        + product.packaging
    ) * supplier.price_factor
    cny *= rng.uniform(0.985, 1.015)
    if supplier.currency == "CNY":
        return round(cny, 2)
    return round(cny / usd_rate("CNY", day), 2)


# --- the order model -----------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    no: int
    product: M.Product
    qty: int
    price: float
    amount: float
    supplier: M.Supplier
    cost: float
    hs: str = ""
    due: dt.date | None = None  # planned: the supplier's due date …
    delivered: dt.date | None = None  # … and the day it really delivers
    delivered_qty: int = 0
    accepted_qty: int = 0

    @property
    def cartons(self) -> int:
        return math.ceil(self.qty / self.product.carton_qty)

    @property
    def net_kg(self) -> float:
        return round(self.qty * self.product.unit_kg, 2)

    @property
    def gross_kg(self) -> float:
        return round(self.net_kg + self.cartons * self.product.tare_kg, 2)

    @property
    def cbm(self) -> float:
        return round(self.cartons * self.product.carton_cbm, 3)


@dataclass(slots=True)
class PlannedInvoice:
    kind: str  # deposit / balance / full
    issue: dt.date
    due: dt.date
    share: float  # of the order total (the balance takes what the deposit left)
    # Payments as (day, share of this invoice); the last one settles it.
    instalments: list[tuple[dt.date, float]] = field(default_factory=list)


@dataclass
class Overrides:
    """What a planted or forced order must be (anything None is drawn as usual)."""

    terms: str | None = None
    first_sku: str | None = None
    first_supplier: str | None = None
    express: bool | None = None
    incoterm: str | None = None
    min_usd: float = 0.0


@dataclass(slots=True)
class Order:
    date: dt.date
    customer: M.Customer
    cancelled: bool = False
    express: bool = False
    currency: str = "USD"
    terms: str = ""
    deposit: float = 0.0
    lc_bank: str = ""
    incoterm: str = ""
    place: str = ""
    mode: str = "sea"
    pol: str = ""
    pod: str = ""
    forwarder: str = ""
    notes: str = ""
    lines: list[Line] = field(default_factory=list)
    # timeline
    confirm: dt.date | None = None
    po_date: dt.date | None = None
    ready: dt.date | None = None
    ship: dt.date | None = None
    docs: dt.date | None = None
    eta: dt.date | None = None
    ata: dt.date | None = None
    promised: dt.date | None = None
    requested: dt.date | None = None
    invoices: list[PlannedInvoice] = field(default_factory=list)
    stage: Stage = Stage.DRAFT
    # what the desk has typed in so far (drawn once, so a redraw is consistent)
    show_po: bool = True
    show_promised: bool = True
    marks_draw: float = 0.0  # shipping marks are typed in from confirmation on, as they come
    forwarder_draw: float = 0.0
    # filled later
    id: str = ""
    po: str = ""
    po_copied_from: str = ""  # the planted duplicate: the order whose PO was copied
    quote_id: str = ""
    quote_version: int = 0
    planted: bool = False

    @property
    def total(self) -> float:
        return money(sum(line.amount for line in self.lines), self.currency)

    @property
    def total_usd(self) -> float:
        return self.total / usd_rate(self.currency, self.date)

    @property
    def cbm(self) -> float:
        return sum(line.cbm for line in self.lines)

    @property
    def origin(self) -> str:
        return self.lines[0].product.origin if self.lines else "CN"

    @property
    def shipped(self) -> bool:
        return self.stage.at_least(Stage.SHIPPED)


# --- drawing ---------------------------------------------------------------------------------

_LINE_COUNTS = (1, 2, 3, 4, 5, 6)
_LINE_WEIGHTS = (20, 22, 22, 16, 12, 8)
_SIZE_VALUE = {1: 0.6, 2: 1.0, 3: 1.7}  # how much a customer of each size buys per line
_SIZE_PRICE = {1: 1.03, 2: 0.99, 3: 0.95}  # and the price level it gets
_SIZE_WEIGHT = {1: 1.0, 2: 2.2, 3: 3.8}  # and how often it orders


def order_dates(n: int, as_of: dt.date, rng: random.Random) -> list[dt.date]:
    """n order days over the span, denser lately (the business grows), none on Sundays or in
    the Spring Festival week."""
    start = as_of - days(SPAN_DAYS)
    spring_festival = (M.moved(dt.date(2026, 2, 14), as_of), M.moved(dt.date(2026, 2, 23), as_of))
    out = []
    for _ in range(n):
        u = rng.random()
        t = (-0.7 + math.sqrt(0.49 + 1.2 * u)) / 0.6  # density 0.7 + 0.6 t on [0, 1]
        day = start + days(min(SPAN_DAYS, int(t * (SPAN_DAYS + 1))))
        if spring_festival[0] <= day <= spring_festival[1]:
            day = spring_festival[1] + days(1)
        if day.weekday() == 6:
            day = day - days(1) if day + days(1) > as_of else day + days(1)
        out.append(min(day, as_of))
    out.sort()
    return out


def eligible(customer: M.Customer, day: dt.date, as_of: dt.date) -> bool:
    """Whether the customer places regular orders on that day."""
    if customer.id == M.NEW_CUSTOMER_CREDIT:
        return False  # its only order is the planted one
    if customer.since and day < M.moved(customer.since, as_of):
        return False
    # A blocked customer's last orders were months before it was blocked (it paid very late).
    return not (customer.blocked_from and day > M.moved(customer.blocked_from, as_of) - days(90))


@cache
def _customers_on(day: dt.date, as_of: dt.date) -> tuple[list[M.Customer], list[float]]:
    pool = [c for c in M.CUSTOMERS if eligible(c, day, as_of)]
    return pool, list(itertools.accumulate(_SIZE_WEIGHT[c.size] for c in pool))


def pick_customer(day: dt.date, as_of: dt.date, rng: random.Random) -> M.Customer:
    pool, cumulative = _customers_on(day, as_of)
    return rng.choices(pool, cum_weights=cumulative)[0]


def draft_order(
    day: dt.date,
    customer: M.Customer,
    as_of: dt.date,
    rng: random.Random,
    ov: Overrides | None = None,
    cancelled: bool = False,
) -> Order:
    """One order with its lines and timeline, its stage as of `as_of`."""
    ov = ov or Overrides()
    o = Order(day, customer, cancelled=cancelled)
    o.express = ov.express if ov.express is not None else rng.random() < 0.05
    o.currency = customer.currency
    o.terms = ov.terms or ("TT100" if o.express else customer.terms)
    o.deposit = float(PAYMENT_TERMS[o.terms].deposit)
    o.lc_bank = customer.lc_bank if o.terms.startswith("LC") else ""
    o.lines = draw_lines(o, as_of, rng, ov)
    origin = o.origin
    if o.express:
        o.incoterm = rng.choice(("DAP", "DAP", "CPT"))
        o.place, o.mode = customer.city, "air"
        o.pol, o.pod = M.LOADING["CN"][0], EXPRESS_TO[customer.id]
        o.forwarder = M.EXPRESS_FORWARDER
    else:
        o.incoterm, o.mode = customer.incoterm, "sea"
        pol, pol_city = M.LOADING[origin]
        if origin == "CN" and rng.random() < 0.12:
            pol, pol_city = M.ALT_LOADING_CN
        o.pol, o.pod = pol, customer.port
        o.place = {"CFR": customer.port_city, "CIF": customer.port_city}.get(o.incoterm, "")
        if o.incoterm in ("DAP", "DDP", "DPU"):
            o.place = customer.city
        if o.incoterm in F_TERMS:
            o.place = pol_city
        own = M.OWN_FORWARDERS[int(customer.id[-2:]) % len(M.OWN_FORWARDERS)]
        o.forwarder = customer.forwarder if o.incoterm in F_TERMS and customer.forwarder else own
    if ov.incoterm:
        o.incoterm = ov.incoterm
        o.place = M.LOADING["CN"][1] if ov.incoterm in F_TERMS else o.place
    o.notes = rng.choice(customer.notes) if rng.random() < 0.12 else ""
    o.show_po = rng.random() < 0.4
    o.show_promised = rng.random() < 0.5
    o.marks_draw = rng.random()
    o.forwarder_draw = rng.random()
    plan(o, as_of, rng)
    return o


@cache
def _assortment(c: M.Customer, express: bool, origin: str | None = None) -> list[M.Product]:
    """What the customer buys from us (parcels: small Chinese goods from stock)."""
    pool = [p for p in M.PRODUCTS if p.category in c.categories]
    if express:
        pool = [p for p in pool if p.origin == "CN" and p.carton_qty > 1]
    return [p for p in pool if origin is None or p.origin == origin]


def draw_lines(o: Order, as_of: dt.date, rng: random.Random, ov: Overrides) -> list[Line]:
    c = o.customer
    pool = _assortment(c, o.express)
    first = M.PRODUCT_BY_SKU[ov.first_sku] if ov.first_sku else rng.choice(pool)
    same = [p for p in _assortment(c, o.express, first.origin) if p is not first]
    n = rng.choice((1, 1, 2)) if o.express else rng.choices(_LINE_COUNTS, _LINE_WEIGHTS)[0]
    products = [first, *rng.sample(same, min(n - 1, len(same)))]
    rate = usd_rate(o.currency, o.date)
    level = _SIZE_PRICE[c.size]
    lines = []
    for no, p in enumerate(products, start=1):
        list_usd = list_price(p)
        target = (
            rng.uniform(80, 600) if o.express else rng.uniform(1500, 9000) * _SIZE_VALUE[c.size]
        )
        cartons = max(1, round(target / (list_usd * p.carton_qty)))
        qty = cartons * p.carton_qty
        if p.carton_qty >= 10 and rng.random() < 0.15:
            qty -= rng.randint(1, p.carton_qty // 2)
        price = money(list_usd * level * rng.uniform(0.97, 1.03) * rate, o.currency)
        supplier = M.SUPPLIER_BY_ID[p.supplier]
        if no == 1 and ov.first_supplier:
            supplier = M.SUPPLIER_BY_ID[ov.first_supplier]
        elif p.alternative and rng.random() < 0.22:
            alt = M.SUPPLIER_BY_ID[p.alternative]
            if alt.blocked_from is None or o.date < M.moved(alt.blocked_from, as_of) - days(45):
                supplier = alt
        cost = unit_cost(p, supplier, o.date, as_of, rng)
        lines.append(
            Line(no, p, qty, price, money(qty * price, o.currency), supplier, cost, hs=p.hs)
        )
    if ov.min_usd:
        total_usd = sum(line.amount for line in lines) / rate
        if total_usd < ov.min_usd:
            k = math.ceil(ov.min_usd / total_usd)
            for line in lines:
                line.qty *= k
                line.amount = money(line.qty * line.price, o.currency)
    return lines


def supplier_delay(s: M.Supplier, rng: random.Random) -> int:
    """Days after the due date the goods arrive (≤ 0: on time)."""
    if rng.random() < s.on_time:
        return -rng.randint(0, 4)
    return rng.randint(1, s.late_max)


def pay_delay(c: M.Customer, rng: random.Random) -> int:
    mean, spread = c.pays
    return max(-7, round(rng.gauss(mean, spread)))


def plan(o: Order, as_of: dt.date, rng: random.Random) -> None:
    """Draw the order's timeline and set its stage as of `as_of`."""
    term = PAYMENT_TERMS[o.terms]
    deposit = float(term.deposit)
    c = o.customer
    o.confirm = o.date + days(rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 6, 9)))
    o.invoices = []
    # The ship date promised at confirmation: money in, the slowest factory's lead time, a week
    # for inspection and the vessel, and the few days of slack a desk that wants to keep its
    # word adds. The customer asked for delivery with room to spare.
    expected_lag = 10 if deposit > 0 else 12 if term.instrument is Instrument.LC else 2
    longest = max(5 if o.express else line.supplier.lead_days for line in o.lines)
    slack = rng.randint(4, 12)
    o.promised = o.confirm + days(expected_lag + longest + (4 if o.express else 7) + slack)
    transit = 4 if o.express else M.transit_days(o.origin, o.pod)
    o.requested = o.promised + days(transit + rng.randint(5, 21))
    if o.cancelled:
        o.stage = Stage.CANCELLED
        return
    # Production starts when the money (or the L/C) is there.
    if deposit > 0:
        kind = "full" if deposit == 1 else "deposit"
        dep = PlannedInvoice(kind, o.confirm, o.confirm + days(3 if o.express else 7), deposit)
        paid = dep.due + days(min(pay_delay(c, rng), 12) if o.express else pay_delay(c, rng))
        dep.instalments = [(bank_day(max(paid, dep.issue)), 1.0)]
        o.invoices.append(dep)
        o.po_date = max(o.confirm + days(1), dep.instalments[0][0] + days(1))
    elif term.instrument is Instrument.LC:
        o.po_date = o.confirm + days(rng.randint(8, 15))
    else:
        o.po_date = o.confirm + days(rng.randint(1, 3))
    for line in o.lines:
        s = line.supplier
        lead = rng.randint(5, 12) if o.express else s.lead_days + rng.randint(-3, 4)
        line.due = o.po_date + days(lead)
        line.delivered = line.due + days(supplier_delay(s, rng))
        short = rng.random() < s.short_rate and line.qty >= 20
        line.delivered_qty = line.qty - (
            max(1, int(line.qty * rng.uniform(0.01, 0.05))) if short else 0
        )
        rejects = round(line.delivered_qty * s.reject_rate * rng.uniform(0, 2))
        line.accepted_qty = line.delivered_qty - rejects
    o.ready = max(line.delivered for line in o.lines if line.delivered) + days(rng.randint(1, 3))
    ship = o.ready + days(1 if o.express else rng.randint(2, 6))
    balance_share = 1.0 - deposit
    if balance_share > 0 and term.balance_due is BalanceDue.BEFORE_SHIPMENT:
        issue = max(o.po_date + days(5), o.ready - days(rng.randint(3, 6)))
        bal = PlannedInvoice("balance", issue, issue + days(5), balance_share)
        paid = bal.due + days(pay_delay(c, rng))
        bal.instalments = [(bank_day(max(paid, issue)), 1.0)]
        o.invoices.append(bal)
        ship = max(ship, bal.instalments[0][0] + days(rng.randint(1, 3)))
    o.ship = ship
    if balance_share > 0 and term.balance_due is not BalanceDue.BEFORE_SHIPMENT:
        kind = "full" if deposit == 0 else "balance"
        issue = ship + days(rng.randint(0, 2))
        after = {
            BalanceDue.AGAINST_BL_COPY: 7,
            BalanceDue.AT_SIGHT: 12 if term.instrument is Instrument.LC else 20,
            BalanceDue.AFTER_BL: term.days,
            BalanceDue.AFTER_INVOICE: term.days,
        }[term.balance_due]
        inv = PlannedInvoice(kind, issue, issue + days(after), balance_share)
        if term.instrument is Instrument.LC:
            paid = inv.due + days(rng.randint(0, 3))  # the issuing bank pays on time
        else:
            paid = max(issue, inv.due + days(pay_delay(c, rng)))
        if c.pays[0] >= 20 and rng.random() < 0.3:
            first = paid - days(rng.randint(10, 20))
            part = round(rng.uniform(0.4, 0.7), 2)
            inv.instalments = [(bank_day(max(first, issue)), part), (bank_day(paid), 1.0 - part)]
        else:
            inv.instalments = [(bank_day(paid), 1.0)]
        o.invoices.append(inv)
    o.docs = ship + days(rng.randint(1, 4))
    o.docs = max([o.docs, *(inv.issue for inv in o.invoices)])
    o.eta = ship + days(transit + rng.randint(-1, 2))
    o.ata = o.eta + days(rng.randint(-1, 3))
    o.stage = stage_of(o, as_of)


def stage_of(o: Order, as_of: dt.date) -> Stage:
    if o.cancelled:
        return Stage.CANCELLED
    assert o.confirm and o.po_date and o.ready and o.ship and o.docs and o.ata
    if as_of < o.confirm:
        return Stage.DRAFT
    if as_of < o.po_date:
        return Stage.CONFIRMED
    if as_of < o.ready:
        return Stage.IN_PRODUCTION
    if as_of < o.ship:
        return Stage.READY_TO_SHIP
    if as_of < o.docs:
        return Stage.SHIPPED
    last_paid = max(day for inv in o.invoices for day, _ in inv.instalments)
    if last_paid <= as_of and o.ata <= as_of:
        return Stage.CLOSED
    return Stage.INVOICED


def age(o: Order, as_of: dt.date) -> int:
    return (as_of - o.date).days
