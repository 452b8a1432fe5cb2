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

from orderdesk.domain.documents.i18n import Money, Percent, Phrase, Port, Standard, Text
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import Clause, LetterOfCredit
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
    "governing law": N_("Governing law"),
}
# A contract always says which law governs it and where it stands on the CISG: a table that
# lacks the row still gets the clause, with the default parameter.
GOVERNING_LAW = "governing law"

# The default parameters of the Clauses table, so that they are translated when unchanged.
PARAMETERS = (
    N_("signed pre-production sample"),
    N_("third-party pre-shipment inspection"),
    N_("seller's final inspection report"),
    N_("moulds remain the buyer's property"),
    N_("China International Economic and Trade Arbitration Commission (CIETAC), Shanghai"),
    N_("strong export cartons fit for ocean transport and repeated handling"),
    N_("the People's Republic of China"),
)
LAW_DEFAULT = PARAMETERS[6]
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
    lc: LetterOfCredit | None = None
    named_place: str = ""
    bilingual: bool = False


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


def _insurance(t: Terms) -> Phrase:
    """Who insures the carriage, and for how much, under the order's Incoterm."""
    rule = INCOTERMS.get(t.incoterm.upper()) if t.incoterm else None
    if rule is not None and rule.code in ("DAP", "DPU", "DDP"):
        # D-terms: the seller bears the risk until delivery at the named place, so the
        # cargo insurance is the seller's own affair, not the buyer's (Incoterms 2020 A3/A5).
        return Phrase(
            N_(
                "The Seller bears the risk of loss of or damage to the goods until they are delivered at %(place)s and insures them at its own discretion and cost; the Buyer need not insure the carriage."
            ),
            {"place": t.named_place or Text(TO_BE_ADVISED)},
        )
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
            {"standard": _standard(_param(row, "ISO 2859-1 AQL 2.5"))},
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
                "pol": Port(t.port_of_loading) if t.port_of_loading else advised,
                "pod": Port(t.port_of_discharge) if t.port_of_discharge else advised,
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
        return _insurance(t)
    if name == "inspection":
        return Phrase(
            N_(
                "Inspection: %(inspection)s. Claims on quality must be made within 30 days, and on quantity within 15 days, of the goods' arrival at %(place)s, with a report of a recognised surveyor."
            ),
            {
                "inspection": _param(row, "third-party pre-shipment inspection"),
                "place": _destination(t),
            },
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
    if name == GOVERNING_LAW:
        return Phrase(
            N_(
                "This contract is governed by the United Nations Convention on Contracts for the International Sale of Goods (CISG, Vienna 1980); matters it does not settle are governed by the law of %(law)s, without regard to its rules on the conflict of laws."
            ),
            {"law": _param(row, LAW_DEFAULT)},
        )
    return Phrase(row.parameter.strip())


def _standard(value: Text | str) -> Standard:
    return Standard(value.message if isinstance(value, Text) else value)


def _destination(t: Terms) -> Port | Text | str:
    """Where the goods arrive for the buyer: the named place of a C- or D-term, else the port of
    discharge (an F-term's named place is where they leave)."""
    rule = INCOTERMS.get(t.incoterm.upper()) if t.incoterm else None
    if rule is not None and rule.needs_destination and t.named_place:
        return t.named_place
    if t.port_of_discharge:
        return Port(t.port_of_discharge)
    return Text(N_("the place of destination"))


_LC_OPTION = {
    "ALLOWED": N_("allowed"),
    "NOT ALLOWED": N_("not allowed"),
    "CONDITIONAL": N_("conditional"),
}


def lc_sentences(lc: LetterOfCredit | None) -> list[Phrase]:
    """What a bank and a buyer read about the credit: how and by when it is opened, or which
    credit it is; its validity and presentation period; partial shipment and transhipment;
    the rules it is subject to (UCP 600)."""
    if lc is None:
        return []
    out: list[Phrase] = []
    if lc.number:
        out.append(
            Phrase(
                N_("Documentary credit No. %(number)s of %(date)s, issued by %(bank)s."),
                {
                    "number": lc.number,
                    "date": lc.issue_date or Text(TO_BE_ADVISED),
                    "bank": lc.issuing_bank or Text(TO_BE_ADVISED),
                },
            )
        )
    elif lc.open_by:
        out.append(
            Phrase(
                N_(
                    "The Buyer opens the credit through a bank acceptable to the Seller so that it reaches the Seller not later than %(date)s."
                ),
                {"date": lc.open_by},
            )
        )
    if lc.expiry:
        params: dict[str, object] = {"date": lc.expiry, "days": lc.presentation_days}
        if lc.expiry_place:
            params["place"] = lc.expiry_place
            text = N_(
                "The credit expires on %(date)s in %(place)s; documents are presented within %(days)s days after the date of shipment, and within the validity of the credit."
            )
        else:
            text = N_(
                "The credit expires on %(date)s; documents are presented within %(days)s days after the date of shipment, and within the validity of the credit."
            )
        out.append(Phrase(text, params))
    out.append(
        Phrase(
            N_("Partial shipments: %(partial)s. Transhipment: %(tranship)s."),
            {
                "partial": Text(_LC_OPTION.get(lc.partial_shipments, N_("allowed"))),
                "tranship": Text(_LC_OPTION.get(lc.transhipment, N_("allowed"))),
            },
        )
    )
    if lc.ucp:
        out.append(
            Phrase(
                N_(
                    "The credit is subject to the Uniform Customs and Practice for Documentary Credits, ICC Publication No. 600 (UCP 600)."
                )
            )
        )
    return out


def contract_clauses(
    rows: Sequence[ClauseRow], customer_type: str, product_type: str, terms: Terms
) -> list[Clause]:
    chosen = select_clauses(rows, customer_type, product_type)
    if not any(_norm(r.clause) == GOVERNING_LAW for r in chosen):
        chosen.append(ClauseRow(GOVERNING_LAW))
    out = [clause_text(r, terms) for r in chosen]
    for c in out:
        if c.key == "payment":
            c.more = lc_sentences(terms.lc)
    return out
