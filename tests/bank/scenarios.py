"""Receivables with known answers: customers, orders, open invoices and the receipts that pay
them, each receipt with the invoices (and amounts) it truly pays. Used by the known-answer test
and by bench/matching.py.

Receipts are written the way banks and customers write them: payer names upper-cased, without
their legal form, cut short, under an alias; invoice, order and PO numbers spelt several ways or
only in the end-to-end id; deposits per payment terms, part payments, one receipt for two
invoices, bank charges deducted, euros for a dollar invoice at the ECB rate of the value date.
Distractors make it honest: other customers' invoices of the same amount, and receipts nobody can
place (which must stay unmatched).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from orderdesk.domain.reference import fx
from orderdesk.schema import BankEntries, Customers, Invoices, Orders

WORDS_A = [
    "Acme",
    "Global",
    "Nordic",
    "Pacific",
    "Atlas",
    "Summit",
    "Royal",
    "Golden",
    "Eastern",
    "Western",
    "Iberian",
    "Alpine",
    "Coastal",
    "Silver",
    "Crown",
    "Harbour",
    "Meridian",
    "Zenith",
    "Orion",
    "Apex",
    "Vertex",
    "Delta",
    "Sierra",
    "Aurora",
    "Lumiere",
    "Baltic",
    "Danube",
    "Andes",
    "Sahara",
    "Tundra",
    "Sequoia",
    "Cedar",
    "Maple",
    "Willow",
    "Falcon",
    "Eagle",
    "Lion",
    "Tiger",
    "Panda",
    "Koala",
]
WORDS_B = [
    "Trading",
    "Imports",
    "Home",
    "Living",
    "Gadgets",
    "Kitchen",
    "Supplies",
    "Distribution",
    "Retail",
    "Wholesale",
    "Goods",
    "Interiors",
    "Tools",
    "Lighting",
    "Textiles",
    "Hardware",
    "Furniture",
    "Electronics",
    "Outdoor",
    "Garden",
    "Sports",
    "Toys",
    "Merchants",
    "Partners",
    "Brands",
    "Sourcing",
    "Logistics",
    "Commerce",
]
FORMS = ("GmbH", "S.L.", "AB", "Inc.", "Ltd", "SARL", "B.V.", "S.p.A.", "Pty Ltd", "LLC", "Oy")
TERMS = ("TT30-70 BS", "TT30-70 BL", "TT100", "OA30", "TT50-50 BS")

KINDS = (
    # kind, weight
    ("exact_invoice", 30),
    ("exact_order", 8),
    ("exact_po", 6),
    ("deposit_of_full", 8),
    ("partial_pair", 8),
    ("two_invoices", 7),
    ("charges", 12),
    ("fx", 8),
    ("payer_only", 9),
    ("typo", 2),
    ("noise", 4),
)

CENTS = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENTS, rounding=ROUND_HALF_UP)


@dataclass
class Scenario:
    customers: pd.DataFrame
    orders: pd.DataFrame
    invoices: pd.DataFrame
    entries: pd.DataFrame
    answers: dict[
        str, tuple[tuple[str, Decimal], ...]
    ]  # entry ref → (invoice, amount) …; () = none
    kinds: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self, seed: int, n_customers: int) -> None:
        self.rng = random.Random(seed)
        self.customers: list[dict[object, object]] = []
        self.orders: list[dict[object, object]] = []
        self.invoices: list[dict[object, object]] = []
        self.entries: list[dict[object, object]] = []
        self.answers: dict[str, tuple[tuple[str, Decimal], ...]] = {}
        self.kinds: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self._po: set[str] = set()
        used: set[str] = set()
        while len(self.customers) < n_customers:
            a, b = self.rng.choice(WORDS_A), self.rng.choice(WORDS_B)
            extra = self.rng.choice(WORDS_A) if len(used) > len(WORDS_A) * len(WORDS_B) // 2 else ""
            core = f"{a} {extra} {b}".replace("  ", " ") if extra else f"{a} {b}"
            if core.upper() in used:
                continue
            used.add(core.upper())
            cid = f"CU-{len(self.customers) + 1:05d}"
            name = f"{core} {self.rng.choice(FORMS)}"
            alias = f"{core} Holding" if self.rng.random() < 0.15 else None
            if alias and alias.upper() in used:
                alias = None
            if alias:
                used.add(alias.upper())
                self.aliases[cid] = alias
            self.names[cid] = name
            self.customers.append(
                {
                    Customers.customer_id: cid,
                    Customers.name: name,
                    Customers.aliases: alias,
                    Customers.country: "DE",
                }
            )
        self.n_orders = 0
        self.n_invoices = 0
        self.n_entries = 0

    # -- register rows --

    def order(self, customer: str, terms: str) -> tuple[str, str]:
        self.n_orders += 1
        oid = f"SO-2026-{self.n_orders:05d}"
        while True:
            po = self.rng.choice(
                (
                    f"PO-{self.rng.randint(100000, 999999)}",
                    f"4500{self.rng.randint(100000, 999999)}",
                )
            )
            if po not in self._po:
                break
        self._po.add(po)
        self.orders.append(
            {
                Orders.order_id: oid,
                Orders.customer: customer,
                Orders.customer_po: po,
                Orders.payment_terms: terms,
            }
        )
        return oid, po

    def invoice(
        self, order: str, customer: str, kind: str, amount: Decimal, issued: dt.date
    ) -> str:
        self.n_invoices += 1
        no = f"INV-2026-{self.n_invoices:05d}"
        self.invoices.append(
            {
                Invoices.invoice_no: no,
                Invoices.order_id: order,
                Invoices.customer: customer,
                Invoices.kind: kind,
                Invoices.issue_date: pd.Timestamp(issued),
                Invoices.due_date: pd.Timestamp(issued + dt.timedelta(30)),
                Invoices.currency: "USD",
                Invoices.amount: float(amount),
            }
        )
        return no

    def receipt(
        self,
        kind: str,
        amount: Decimal,
        currency: str,
        day: dt.date,
        payer: str | None,
        remittance: str | None,
        answer: tuple[tuple[str, Decimal], ...],
        e2e: str | None = None,
    ) -> None:
        self.n_entries += 1
        ref = f"BK{self.n_entries:07d}"
        self.entries.append(
            {
                BankEntries.entry_ref: ref,
                BankEntries.booking_date: pd.Timestamp(day),
                BankEntries.value_date: pd.Timestamp(day),
                BankEntries.amount: float(amount),
                BankEntries.currency: currency,
                BankEntries.payer: payer,
                BankEntries.payer_account: None,
                BankEntries.remittance: remittance,
                BankEntries.end_to_end_id: e2e,
            }
        )
        self.answers[ref] = answer
        self.kinds[ref] = kind

    # -- how people write things --

    def payer(self, customer: str) -> str:
        name = self.names[customer]
        r = self.rng.random()
        if customer in self.aliases and r < 0.3:
            return self.aliases[customer].upper()
        if r < 0.35:
            return name
        if r < 0.7:
            return name.upper()
        if r < 0.85:
            return " ".join(name.upper().split()[:-1])  # without the legal form
        return name.upper()[:18]  # cut short by the paying bank

    def cite(self, ref: str) -> tuple[str | None, str | None]:
        """Remittance text and end-to-end id naming `ref`."""
        prefix, year, num = ref.split("-") if ref.count("-") == 2 else (None, None, None)
        forms = [ref, f"PAYMENT {ref}", f"{ref} THANK YOU", f"/REF/{ref}/"]
        if prefix:
            forms += [f"{prefix} {year} {num}", f"{prefix.lower()}{year}-{num}"]
        if self.rng.random() < 0.08:
            return None, ref  # only in the end-to-end id
        return self.rng.choice(forms), None

    def amount(self) -> Decimal:
        return cents(Decimal(self.rng.uniform(800, 150_000)))

    def day(self) -> dt.date:
        return dt.date(2026, 10, 1) + dt.timedelta(self.rng.randint(0, 29))

    def issued(self) -> dt.date:
        return dt.date(2026, 3, 1) + dt.timedelta(self.rng.randint(0, 200))


def build(n_receipts: int, n_open_invoices: int, seed: int = 7) -> Scenario:
    """`n_receipts` receipts against a register with about `n_open_invoices` open invoices."""
    b = _Builder(seed, max(50, n_open_invoices // 25))
    rng = b.rng
    customers = [str(c[Customers.customer_id]) for c in b.customers]
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    usd_eur = fx.rates_vector(
        pd.Series(["USD"] * 30),
        pd.Series(["EUR"] * 30),
        pd.Series([pd.Timestamp(2026, 10, 1) + pd.Timedelta(days=i) for i in range(30)]),
    )["rate"].tolist()
    for _ in range(n_receipts):
        kind = rng.choices(kinds, weights)[0]
        cust = rng.choice(customers)
        day = b.day()
        if kind == "noise":
            b.receipt(
                kind,
                b.amount(),
                "USD",
                day,
                f"{rng.choice(WORDS_B).upper()} SERVICES {rng.randint(1, 99)}",
                rng.choice(("TRANSFER", "PAYMENT", None)),
                (),
            )
            continue
        if kind in ("exact_invoice", "charges", "fx", "payer_only", "typo"):
            oid, _po = b.order(cust, rng.choice(("TT100", "OA30")))
            total = b.amount()
            inv = b.invoice(oid, cust, "full", total, b.issued())
            if kind == "exact_invoice":
                text, e2e = b.cite(inv)
                b.receipt(kind, total, "USD", day, b.payer(cust), text, ((inv, total),), e2e)
            elif kind == "charges":
                charge = cents(Decimal(rng.uniform(5, 45)))
                text, e2e = b.cite(inv)
                b.receipt(
                    kind, total - charge, "USD", day, b.payer(cust), text, ((inv, total),), e2e
                )
            elif kind == "fx":
                rate = Decimal(repr(usd_eur[(day - dt.date(2026, 10, 1)).days]))
                noise = Decimal(rng.uniform(-0.004, 0.004))
                eur = cents(total * rate * (1 + noise))
                text, e2e = b.cite(inv)
                b.receipt(kind, eur, "EUR", day, b.payer(cust), text, ((inv, total),), e2e)
            elif kind == "typo":  # the customer mistyped a digit of the invoice number
                digits = list(inv)
                pos = rng.choice([k for k, ch in enumerate(digits) if ch.isdigit()][-3:])
                digits[pos] = str((int(digits[pos]) + rng.randint(1, 9)) % 10)
                b.receipt(kind, total, "USD", day, b.payer(cust), "".join(digits), ((inv, total),))
            else:  # payer only: the only open invoice of that amount of this customer
                b.receipt(kind, total, "USD", day, b.payer(cust), "PAYMENT", ((inv, total),))
        elif kind in ("exact_order", "exact_po"):
            oid, po = b.order(cust, "TT30-70 BS")
            total = b.amount()
            dep = cents(total * Decimal("0.3"))
            issued = b.issued()
            inv_d = b.invoice(oid, cust, "deposit", dep, issued)
            inv_b = b.invoice(oid, cust, "balance", total - dep, issued + dt.timedelta(40))
            pay_deposit = rng.random() < 0.5
            inv, amt = (inv_d, dep) if pay_deposit else (inv_b, total - dep)
            text, e2e = b.cite(oid if kind == "exact_order" else po)
            b.receipt(kind, amt, "USD", day, b.payer(cust), text, ((inv, amt),), e2e)
        elif kind == "deposit_of_full":
            oid, _po = b.order(cust, "TT30-70 BS")
            total = b.amount()
            inv = b.invoice(oid, cust, "full", total, b.issued())
            dep = cents(total * Decimal("0.3"))
            text, e2e = b.cite(inv)
            b.receipt(kind, dep, "USD", day, b.payer(cust), text, ((inv, dep),), e2e)
        elif kind == "partial_pair":
            oid, _po = b.order(cust, "OA30")
            total = b.amount()
            inv = b.invoice(oid, cust, "full", total, b.issued())
            first = cents(total * Decimal(rng.uniform(0.2, 0.8)))
            text, e2e = b.cite(inv)
            b.receipt(kind, first, "USD", day, b.payer(cust), text, ((inv, first),), e2e)
            text, e2e = b.cite(inv)
            later = day + dt.timedelta(rng.randint(1, 10))
            b.receipt(
                kind, total - first, "USD", later, b.payer(cust), text, ((inv, total - first),), e2e
            )
        elif kind == "two_invoices":
            oid, _po = b.order(cust, "OA30")
            a1, a2 = b.amount(), b.amount()
            i1 = b.invoice(oid, cust, "full", a1, b.issued())
            i2 = b.invoice(oid, cust, "full", a2, b.issued())
            text = f"INVOICES {i1} AND {i2}" if rng.random() < 0.5 else f"{i1}, {i2}"
            b.receipt(kind, a1 + a2, "USD", day, b.payer(cust), text, ((i1, a1), (i2, a2)))
    # Open invoices nobody pays in this batch, some of the same amount as a paid one (for
    # another customer), up to the size asked for.
    paid_amounts = [inv[Invoices.amount] for inv in b.invoices]
    while b.n_invoices < n_open_invoices:
        cust = rng.choice(customers)
        oid, _po = b.order(cust, rng.choice(TERMS))
        if rng.random() < 0.05 and paid_amounts:
            amount = Decimal(repr(rng.choice(paid_amounts)))
        else:
            amount = b.amount()
        b.invoice(oid, cust, "full", amount, b.issued())
    _keep_payer_only_unique(b)
    return Scenario(
        pd.DataFrame(b.customers, columns=list(Customers.columns())),
        pd.DataFrame(b.orders, columns=list(Orders.columns())),
        pd.DataFrame(b.invoices, columns=list(Invoices.columns())),
        pd.DataFrame(b.entries, columns=list(BankEntries.columns())),
        b.answers,
        b.kinds,
    )


def _keep_payer_only_unique(b: _Builder) -> None:
    """A 'payer only' receipt has a true answer only if its customer has no other open invoice
    of that amount: where the filler made one, the receipt is dropped from the answer key
    (as it would be ambiguous to a person too)."""
    frame = pd.DataFrame(b.invoices)
    count = frame.groupby([Invoices.customer, Invoices.amount]).size()
    by_no = frame.set_index(Invoices.invoice_no)
    for ref, kind in list(b.kinds.items()):
        if kind != "payer_only":
            continue
        inv = b.answers[ref][0][0]
        key = (by_no.at[inv, Invoices.customer], by_no.at[inv, Invoices.amount])
        if count[key] > 1:
            b.kinds[ref] = "payer_only_ambiguous"
