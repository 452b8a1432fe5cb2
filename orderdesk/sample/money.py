"""Invoices, the receipts that pay them, and the credit limits that fit what customers owe.

Deposit and balance invoices follow each order's payment terms (issued and due as the terms say);
customers pay as they habitually do — some on the day, a few a month late, some in two parts,
some two invoices in one transfer, some short by the banks' charges, now and then in another
currency. The register's bank sync started on `bank_from`: BankEntries hold the receipts booked
since then (unmatched, as imported), and the invoices show the ledger as finance had it on that
day (paid, outstanding, status). The answer key of BankEntries is returned as `Receipt`s.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from orderdesk.sample import Receipt
from orderdesk.sample import master as M
from orderdesk.sample.orders import Order, bank_day, days, money, usd_rate
from orderdesk.schema import Stage

_KIND_RANK = {"deposit": 0, "full": 1, "balance": 2}
_CREDIT_FLOOR = {1: 30_000, 2: 80_000, 3: 150_000}  # the smallest limit finance grants by size
PLANTED_CREDIT_LIMIT = 25_000.0
STATUS_PAID, STATUS_PART, STATUS_OPEN = "paid", "part paid", "open"


@dataclass(slots=True)
class Invoice:
    no: str
    order: Order
    kind: str
    issue: dt.date
    due: dt.date
    amount: float
    # (day, amount in the invoice currency) of every payment made by the sample's day
    payments: list[tuple[dt.date, float]] = field(default_factory=list)
    # the ledger on the day bank sync started (None: issued after it)
    paid: float | None = None
    outstanding: float | None = None
    status: str | None = None
    last_payment: dt.date | None = None

    @property
    def currency(self) -> str:
        return self.order.currency


@dataclass(slots=True)
class Entry:
    """A BankEntries row and, for receipts, its answer key."""

    ref: str
    booking: dt.date
    value: dt.date
    amount: float
    currency: str
    payer: str
    payer_account: str
    remittance: str
    end_to_end: str
    receipt: Receipt | None  # None: not a customer's payment (a fee)
    order: int = 0  # position in the day's statement (fees first, as banks book them)


def invoices(orders: list[Order], as_of: dt.date) -> list[Invoice]:
    """Every invoice issued by the sample's day, numbered INV-YYYY-NNNN in issue order."""
    out: list[Invoice] = []
    for o in orders:
        if o.cancelled:
            continue
        total = o.total
        deposit = money(total * o.deposit, o.currency)
        for plan in o.invoices:
            if plan.issue > as_of:
                continue
            amount = {"deposit": deposit, "balance": money(total - deposit, o.currency)}.get(
                plan.kind, total
            )
            inv = Invoice("", o, plan.kind, plan.issue, plan.due, amount)
            paid_so_far = 0.0
            for i, (day, share) in enumerate(plan.instalments):
                last = i == len(plan.instalments) - 1
                part = money(amount - paid_so_far if last else amount * share, o.currency)
                paid_so_far += part
                if day <= as_of:
                    inv.payments.append((day, part))
            out.append(inv)
    out.sort(key=lambda inv: (inv.issue, inv.order.id, _KIND_RANK[inv.kind]))
    seq: dict[int, int] = {}
    for inv in out:
        seq[inv.issue.year] = seq.get(inv.issue.year, 0) + 1
        inv.no = f"INV-{inv.issue.year}-{seq[inv.issue.year]:04d}"
    return out


def ledger_at(invoices: list[Invoice], bank_from: dt.date) -> None:
    """What the invoices showed when bank sync started: payments booked before that day."""
    for inv in invoices:
        if inv.issue >= bank_from:
            continue
        before = [(day, amt) for day, amt in inv.payments if day < bank_from]
        paid = money(sum(amt for _, amt in before), inv.currency)
        inv.paid = paid
        inv.outstanding = money(inv.amount - paid, inv.currency)
        inv.status = (
            STATUS_PAID if inv.outstanding <= 0 else STATUS_PART if paid > 0 else STATUS_OPEN
        )
        inv.last_payment = max((day for day, _ in before), default=None)


# --- receipts ---------------------------------------------------------------------------

_CHARGES = {
    "USD": (0.3, 15, 40),
    "EUR": (0.05, 8, 20),
    "GBP": (0.1, 10, 20),
    "JPY": (0.1, 1500, 2500),
}


def _ref_forms(inv: Invoice, rng: random.Random) -> str:
    no = inv.no
    return rng.choice((no, no, no, no.replace("-", ""), no.replace("-", " "), no.lower()))


def _order_ref(o: Order, rng: random.Random) -> str:
    return rng.choice((o.id, o.id.replace("-", ""), f"PO {o.po}", f"P.O. {o.po}", o.po))


_TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": ("PAYMENT {inv}", "INV {inv}", "{inv} BALANCE", "/INV/{inv}", "TT FOR {inv}"),
    "es": ("PAGO FACTURA {inv}", "Pago factura {inv}", "TRANSFERENCIA {inv}"),
    "de": ("Rechnung {inv}", "RE {inv} ABZGL. SPESEN", "Zahlung {inv}"),
    "fr": ("REGLEMENT FACTURE {inv}", "VIR FACT {inv}", "Paiement facture {inv}"),
    "pt": ("PAGAMENTO FATURA {inv}", "PAGTO FAT {inv}"),
    "ar": ("PAYMENT AGAINST INVOICE {inv}", "INV NO {inv}"),
    "ja": ("INV {inv} {alias}", "{inv} PAYMENT"),
    "zh-CN": ("货款 {inv}", "PAYMENT {inv}"),
}
_DEPOSIT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": ("DEPOSIT {order}", "ADVANCE PAYMENT {order}", "DOWN PAYMENT {order}"),
    "es": ("ANTICIPO PEDIDO {order}", "Anticipo {order}"),
    "de": ("Anzahlung Auftrag {order}", "ANZAHLUNG {order}"),
    "fr": ("ACOMPTE COMMANDE {order}", "Acompte {order}"),
    "pt": ("SINAL PEDIDO {order}", "ADIANTAMENTO {order}"),
    "ar": ("ADVANCE PAYMENT {order}", "DEPOSIT {order}"),
    "ja": ("ADVANCE {order} {alias}",),
    "zh-CN": ("定金 {order}", "DEPOSIT {order}"),
}
_NO_REFERENCE = ("PAYMENT", "TT REMITTANCE", "GOODS PAYMENT", "INVOICE PAYMENT")


def remittance(c: M.Customer, items: list[Invoice], rng: random.Random) -> str:
    """The text a customer's bank sends with a transfer, in that customer's habits."""
    if rng.random() < 0.05:
        return rng.choice(_NO_REFERENCE)
    alias = c.aliases[0] if c.aliases else c.name
    advance = items[0].kind == "deposit" or items[0].order.deposit == 1
    if len(items) == 1 and advance and rng.random() < 0.6:
        template = rng.choice(_DEPOSIT_TEMPLATES[c.language])
        text = template.format(order=_order_ref(items[0].order, rng), alias=alias)
    elif rng.random() < 0.15:
        text = f"PO {items[0].order.po}" + "".join(f" / {i.order.po}" for i in items[1:])
    else:
        refs = " / ".join(_ref_forms(inv, rng) for inv in items)
        text = rng.choice(_TEMPLATES[c.language]).format(inv=refs, alias=alias)
    # Cross-border transfers arrive in SWIFT capitals; SEPA keeps what the payer typed.
    return text if c.currency == "EUR" else text.upper()


def _payer(c: M.Customer, rng: random.Random) -> str:
    """The payer's name as the bank sends it: the name (in capitals across borders), or one of
    the aliases — always an alias when the name is not in Latin letters."""
    latin = all(ord(ch) < 0x250 for ch in c.name)
    if not latin or (c.aliases and rng.random() < 0.35):
        name = rng.choice(c.aliases) if c.aliases else c.name
    else:
        name = c.name if c.currency == "EUR" else c.name.upper()
    return name[:35] if rng.random() < 0.3 else name


def receipts(
    invoices: list[Invoice], as_of: dt.date, bank_from: dt.date, rng: random.Random
) -> list[Entry]:
    """BankEntries since `bank_from`: receipts (with their answer key) and the bank's fees."""
    entries: list[Entry] = []
    for day, c, items in _transfers(invoices, rng):
        booking = bank_day(day)
        if bank_from <= booking <= as_of:
            entries.append(_receipt(booking, c, items, len(entries) + 1, rng))
    entries += _fees(bank_from, as_of)
    # The bank's references run through the statements in booking order.
    entries.sort(key=lambda e: (e.booking, e.order))
    for seq, e in enumerate(entries, start=1):
        e.ref = f"BGL{e.booking:%Y%m%d}{seq:05d}"
        if e.receipt is not None:
            e.receipt = replace(e.receipt, entry_ref=e.ref)
    return entries


Transfer = tuple[dt.date, M.Customer, list[tuple[Invoice, float]]]


def _transfers(invoices: list[Invoice], rng: random.Random) -> list[Transfer]:
    """The customers' payments as transfers: two a few days apart often go out as one."""
    by_customer: dict[str, list[tuple[dt.date, Invoice, float]]] = {}
    for inv in invoices:
        for day, amt in inv.payments:
            by_customer.setdefault(inv.order.customer.id, []).append((day, inv, amt))
    groups: list[Transfer] = []
    for cid in sorted(by_customer):
        pays = sorted(by_customer[cid], key=lambda p: (p[0], p[1].no))
        c = M.CUSTOMER_BY_ID[cid]
        current: list[tuple[Invoice, float]] = []
        start: dt.date | None = None
        for day, inv, amt in pays:
            if current and start and (day - start).days <= 3 and rng.random() < 0.5:
                current.append((inv, amt))
                start = day
                continue
            if current and start:
                groups.append((start, c, current))
            current, start = [(inv, amt)], day
        if current and start:
            groups.append((start, c, current))
    groups.sort(key=lambda g: (g[0], g[1].id, g[2][0][0].no))
    return groups


def _receipt(
    booking: dt.date,
    c: M.Customer,
    items: list[tuple[Invoice, float]],
    order: int,
    rng: random.Random,
) -> Entry:
    """One transfer as the bank books it: less its charges, now and then from another account."""
    ccy = c.currency
    total = money(sum(amt for _, amt in items), ccy)
    charges = 0.0
    chance, lo, hi = _CHARGES[ccy]
    if c.country != "US" and rng.random() < chance:
        charges = float(rng.randint(lo, hi)) if ccy != "JPY" else float(rng.randrange(lo, hi, 500))
    amount, currency, other = money(total - charges, ccy), ccy, False
    if ccy == "EUR" and len(items) == 1 and not charges and rng.random() < 0.03:
        # Paid from the customer's USD account, converted at about the day's rate.
        amount = money(total * usd_rate("USD", booking) / usd_rate("EUR", booking), "USD")
        currency, other = "USD", True
    allocation = tuple((inv.no, Decimal(repr(amt))) for inv, amt in items)
    receipt = Receipt("", c.id, allocation, Decimal(repr(charges)), other)
    e2e = items[0][0].order.po if ccy == "EUR" else "NOTPROVIDED"
    return Entry(
        "",
        booking,
        booking - days(1) if ccy != "EUR" and rng.random() < 0.2 else booking,
        amount,
        currency,
        _payer(c, rng),
        c.payer_iban,
        remittance(c, [inv for inv, _ in items], rng),
        e2e or "NOTPROVIDED",
        receipt,
        order,
    )


def _fees(bank_from: dt.date, as_of: dt.date) -> list[Entry]:
    """The bank's monthly fee, a debit the matcher must leave alone."""
    out: list[Entry] = []
    month = dt.date(bank_from.year, bank_from.month, 1)
    while month <= as_of:
        fee_day = bank_day(month)
        if bank_from <= fee_day <= as_of:
            out.append(
                Entry(
                    "",
                    fee_day,
                    fee_day,
                    -25.0,
                    "USD",
                    "",
                    "",
                    f"ACCOUNT MAINTENANCE FEE {fee_day:%Y-%m}",
                    "NOTPROVIDED",
                    None,
                )
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


# --- credit limits ------------------------------------------------------------------------

OPEN_STAGES = (
    Stage.CONFIRMED,
    Stage.IN_PRODUCTION,
    Stage.READY_TO_SHIP,
    Stage.SHIPPED,
    Stage.INVOICED,
)


def credit_limits(orders: list[Order], invoices: list[Invoice]) -> dict[str, float]:
    """A limit per customer (USD) that covers what it owes with room to spare, however the open
    receivables are counted (invoices open in the ledger or never matched, plus every order from
    confirmation to invoicing, plus the largest of them once more). The planted new customer
    gets a limit below its first order."""
    owed: dict[str, float] = {}
    for inv in invoices:
        open_value = inv.amount if inv.outstanding is None else inv.outstanding
        cid = inv.order.customer.id
        owed[cid] = owed.get(cid, 0.0) + open_value / usd_rate(inv.currency, inv.issue)
    ordered: dict[str, float] = {}
    largest: dict[str, float] = {}
    for o in orders:
        if o.stage in OPEN_STAGES:
            cid = o.customer.id
            ordered[cid] = ordered.get(cid, 0.0) + o.total_usd
            largest[cid] = max(largest.get(cid, 0.0), o.total_usd)
    limits = {}
    for c in M.CUSTOMERS:
        need = owed.get(c.id, 0.0) + 2 * ordered.get(c.id, 0.0) + largest.get(c.id, 0.0)
        limits[c.id] = float(max(_CREDIT_FLOOR[c.size], math.ceil(need * 1.2 / 10_000) * 10_000))
    limits[M.NEW_CUSTOMER_CREDIT] = PLANTED_CREDIT_LIMIT
    return limits
