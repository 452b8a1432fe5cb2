"""Sales-contract clauses: which apply to an order, and what each says.

The Settings sheet's Clauses table lists each clause with the customer type (new / repeat / any)
and product type (standard / custom / any) it is for, and a parameter (an inspection regime, a
quality standard …). For each clause name the most specific matching row wins: a row for "new"
customers beats one for "any". The wording is catalog text, so it is translated with the rest of
the document; a parameter that is one of the defaults is translated too, one a company typed
itself is printed as typed. A clause name the catalog does not know is printed with its
parameter as its text, so a company can add its own clauses in Excel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from orderdesk.domain.documents.i18n import Money, Percent, Phrase, Text
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import Clause
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.payment_terms import BalanceDue, Instrument, PaymentTerm
from orderdesk.domain.trade import balance_due, deposit_due, late_penalty, money

ANY = "any"


@dataclass(frozen=True)
class ClauseRow:
    """One row of the Clauses table."""

    clause: str
    customer_type: str = ANY
    product_type: str = ANY
    parameter: str = ""
    row: int | None = None  # the sheet row, for messages


def _norm(text: str | None) -> str:
    return " ".join(str(text or "").lower().split())


def select_clauses(
    rows: Iterable[ClauseRow], customer_type: str, product_type: str
) -> list[ClauseRow]:
    """The clauses for this customer type and product type, in the table's order."""
    ct, pt = _norm(customer_type), _norm(product_type)
    best: dict[str, tuple[int, ClauseRow]] = {}
    order: list[str] = []
    for r in rows:
        name = _norm(r.clause)
        if not name:
            continue
        rct, rpt = _norm(r.customer_type) or ANY, _norm(r.product_type) or ANY
        if rct not in (ANY, ct) or rpt not in (ANY, pt):
            continue
        score = (rct != ANY) + (rpt != ANY)
        if name not in best:
            order.append(name)
        if name not in best or score > best[name][0]:
            best[name] = (score, r)
    return [best[n][1] for n in order]


# --- wording ----------------------------------------------------------------------------------

TITLES: dict[str, str] = {
    "product": N_("Goods"),
    "quality standard": N_("Quality"),
    "approved sample": N_("Quality"),
    "payment": N_("Payment"),
    "latest shipment": N_("Time of shipment"),
    "late delivery penalty": N_("Late delivery"),
    "packing and marks": N_("Packing and shipping marks"),
    "insurance": N_("Insurance"),
    "inspection": N_("Inspection and claims"),
    "tooling": N_("Tooling"),
    "force majeure": N_("Force majeure"),
    "dispute resolution": N_("Arbitration"),
}

# The default parameters of the Clauses table, so that they are translated when unchanged.
PARAMETERS = (
    N_("signed pre-production sample"),
    N_("third-party pre-shipment inspection"),
    N_("seller's final inspection report"),
    N_("moulds remain the buyer's property"),
    N_("China International Economic and Trade Arbitration Commission (CIETAC), Shanghai"),
    N_("strong export cartons fit for ocean transport and repeated handling"),
)
TO_BE_ADVISED = N_("to be advised")
MARKS_BY_BUYER = N_("as advised by the Buyer before shipment")

_BALANCE_WHEN = {
    BalanceDue.NONE: N_("on order"),
    BalanceDue.BEFORE_SHIPMENT: N_("before shipment"),
    BalanceDue.AGAINST_BL_COPY: N_("against a copy of the B/L"),
    BalanceDue.AT_SIGHT: N_("at sight of the documents"),
}


@dataclass(frozen=True)
class Terms:
    """What the clauses need to know about the order."""

    total: Money
    term: PaymentTerm | None
    term_text: str  # as typed, for a term OrderDesk cannot read
    lc_bank: str = ""
    latest_shipment: dt.date | None = None
    port_of_loading: str = ""
    port_of_discharge: str = ""
    shipping_marks: str = ""
    incoterm: str = ""
    arbitration: str = ""
    penalty_per_day: Decimal = Decimal("0.005")
    penalty_cap: Decimal = Decimal("0.05")


def effective_term(term: PaymentTerm | None, deposit_pct: Decimal | None) -> PaymentTerm | None:
    """The payment term with the order's own deposit %, where the order states one."""
    if term is None or deposit_pct is None or term.instrument is not Instrument.TT:
        return term
    return replace(term, deposit=deposit_pct)


def balance_when(term: PaymentTerm) -> Phrase:
    if term.balance_due is BalanceDue.AFTER_BL:
        return Phrase(N_("%(days)s days after the B/L date"), {"days": term.days})
    if term.balance_due is BalanceDue.AFTER_INVOICE:
        return Phrase(N_("%(days)s days after the invoice date"), {"days": term.days})
    return Phrase(_BALANCE_WHEN[term.balance_due])


def payment_phrase(
    term: PaymentTerm | None, term_text: str, total: Money, lc_bank: str = ""
) -> Phrase:
    """How the order is paid, with the amounts, as a contract and a confirmation say it."""
    if term is None:
        return Phrase(term_text or TO_BE_ADVISED)
    cur = total.currency
    if term.instrument is Instrument.TT:
        if term.deposit >= 1:
            return Phrase(
                N_("T/T, %(pct)s in advance (%(amount)s) before production starts"),
                {"pct": Percent(Decimal(1)), "amount": total},
            )
        if term.deposit <= 0:
            return Phrase(
                N_("T/T, the full amount of %(amount)s %(when)s"),
                {"amount": total, "when": balance_when(term)},
            )
        return Phrase(
            N_("T/T, %(pct)s deposit (%(deposit)s) on order, balance of %(balance)s %(when)s"),
            {
                "pct": Percent(term.deposit),
                "deposit": Money(money(deposit_due(total.amount, term), cur), cur),
                "balance": Money(money(balance_due(total.amount, term), cur), cur),
                "when": balance_when(term),
            },
        )
    if term.instrument is Instrument.LC:
        bank = {"bank": lc_bank} if lc_bank else {}
        if term.days:
            text = (
                N_(
                    "irrevocable documentary letter of credit for %(amount)s, payable %(days)s days after the B/L date, issued by %(bank)s"
                )
                if bank
                else N_(
                    "irrevocable documentary letter of credit for %(amount)s, payable %(days)s days after the B/L date"
                )
            )
            return Phrase(text, {"amount": total, "days": term.days, **bank})
        text = (
            N_(
                "irrevocable documentary letter of credit at sight for %(amount)s, issued by %(bank)s"
            )
            if bank
            else N_("irrevocable documentary letter of credit at sight for %(amount)s")
        )
        return Phrase(text, {"amount": total, **bank})
    if term.instrument is Instrument.OA:
        return Phrase(
            N_("open account, %(days)s days after the invoice date"), {"days": term.days or 30}
        )
    if term.instrument is Instrument.DP:
        return Phrase(N_("documents against payment (D/P) at sight"))
    if term.instrument is Instrument.DA:
        return Phrase(N_("documents against acceptance (D/A)"))
    return Phrase(N_("cash against documents (CAD)"))


def _param(row: ClauseRow, default: str = "") -> Text | str:
    """A clause parameter: a known default is translated, the company's own text is kept."""
    text = row.parameter.strip() or default
    return Text(text) if text in PARAMETERS or text == default else text


def clause_text(row: ClauseRow, t: Terms) -> Clause:
    name = _norm(row.clause)
    title = Phrase(TITLES.get(name, row.clause.strip()))
    body = _body(name, row, t)
    return Clause(key=name, title=title, body=body)


def _body(name: str, row: ClauseRow, t: Terms) -> Phrase:
    advised = Text(TO_BE_ADVISED)
    if name == "product":
        return Phrase(
            N_(
                "The goods, their specifications, quantities, unit prices and total value are as listed in the table above."
            )
        )
    if name == "quality standard":
        return Phrase(
            N_(
                "The goods shall conform to the specifications above; quality is accepted by sampling according to %(standard)s."
            ),
            {"standard": _param(row, "ISO 2859-1 AQL 2.5")},
        )
    if name == "approved sample":
        return Phrase(
            N_(
                "The goods shall match the %(sample)s in material, dimensions, colour and finish. Mass production starts only after the Buyer has approved the sample in writing."
            ),
            {"sample": _param(row, "signed pre-production sample")},
        )
    if name == "payment":
        return payment_phrase(t.term, t.term_text, t.total, t.lc_bank)
    if name == "latest shipment":
        return Phrase(
            N_(
                "Latest date of shipment: %(date)s. Port of loading: %(pol)s. Port of destination: %(pod)s."
            ),
            {
                "date": t.latest_shipment or advised,
                "pol": t.port_of_loading or advised,
                "pod": t.port_of_discharge or advised,
            },
        )
    if name == "late delivery penalty":
        # The most the clause can cost: the penalty for a delay long enough to reach the cap.
        ship = t.latest_shipment or dt.date(2000, 1, 1)
        days = int(t.penalty_cap / t.penalty_per_day) + 1 if t.penalty_per_day > 0 else 0
        cap = late_penalty(
            t.total.amount, ship, ship + dt.timedelta(days=days), t.penalty_per_day, t.penalty_cap
        )
        return Phrase(
            N_(
                "If the Seller ships later than the latest date of shipment for reasons other than force majeure, the Seller pays a penalty of %(rate)s of the contract value for each day of delay, in total not more than %(cap)s of the contract value (%(max)s)."
            ),
            {
                "rate": Percent(t.penalty_per_day),
                "cap": Percent(t.penalty_cap),
                "max": Money(money(cap, t.total.currency), t.total.currency),
            },
        )
    if name == "packing and marks":
        marks = " / ".join(x.strip() for x in t.shipping_marks.splitlines() if x.strip())
        return Phrase(
            N_("Packing: %(packing)s. Shipping marks: %(marks)s."),
            {
                "packing": _param(row, PARAMETERS[5]),
                "marks": marks or Text(MARKS_BY_BUYER),
            },
        )
    if name == "insurance":
        rule = INCOTERMS.get(t.incoterm.upper()) if t.incoterm else None
        if rule is not None and rule.seller_insurance:
            # Incoterms 2020: CIP asks for all-risks cover (ICC A), CIF for the minimum (ICC C).
            clauses = "A" if rule.code == "CIP" else "C"
            return Phrase(
                N_(
                    "Covered by the Seller for %(cover)s of the invoice value against Institute Cargo Clauses (%(clauses)s)."
                ),
                {"cover": Percent(Decimal("1.1")), "clauses": clauses},
            )
        return Phrase(N_("To be covered by the Buyer."))
    if name == "inspection":
        return Phrase(
            N_(
                "Inspection: %(inspection)s. Claims on quality must be made within 30 days, and on quantity within 15 days, of the goods' arrival at the port of destination, with a report of a recognised surveyor."
            ),
            {"inspection": _param(row, "third-party pre-shipment inspection")},
        )
    if name == "tooling":
        return Phrase(
            N_(
                "Moulds and tools: %(tooling)s; the Seller keeps them in good order and uses them for the Buyer's goods only."
            ),
            {"tooling": _param(row, "moulds remain the buyer's property")},
        )
    if name == "force majeure":
        return Phrase(
            N_(
                "Neither party is liable for failure or delay in performing this contract caused by events beyond its reasonable control, such as war, natural disaster, epidemic or government action. The party affected informs the other without delay and provides official evidence within 14 days."
            )
        )
    if name == "dispute resolution":
        inst = t.arbitration.strip() or PARAMETERS[4]
        return Phrase(
            N_(
                "Any dispute arising from or in connection with this contract is first settled by friendly negotiation; failing that, it is submitted to %(institution)s for arbitration under its rules in force at the time. The award is final and binding on both parties."
            ),
            {"institution": Text(inst) if inst in PARAMETERS else inst},
        )
    return Phrase(row.parameter.strip())


def contract_clauses(
    rows: Sequence[ClauseRow], customer_type: str, product_type: str, terms: Terms
) -> list[Clause]:
    return [clause_text(r, terms) for r in select_clauses(rows, customer_type, product_type)]
