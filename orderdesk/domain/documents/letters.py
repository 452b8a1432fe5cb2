"""Letters about a complaint (issue 21): the acknowledgement and the resolution, in the customer's
language, on the company's letterhead (pure).

What a letter says is decided here from the complaint's row, its order, the customer and the
complaint's 5 Why record; `render.render_letter` writes it through the documents' catalogs
("documents" domain) and the PDF adapter makes the file, as for the other documents.

- Acknowledgement: the complaint's number, order and lines, class, when it was received, that it
  is acknowledged, who handles it, and by when a solution will be proposed (the Solution Due of
  the company's business-hours clock). Dated the day it was acknowledged (else the run's day).
- Resolution: the settlement (credit note, replacement, discount) and its amount (the Claim
  Amount, in the order's currency), and the root cause and corrective action where a 5 Why
  record names the complaint. Dated the day the solution was proposed (else closed, else the
  run's day). A complaint with no settlement, or a credit note or discount with no amount, gets
  no resolution letter: the refusal names the cell to fill in.

The letter's date comes from the register, not the clock: the same complaint gives the same
letter whenever it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from orderdesk.domain.aftersales.complaints import class_of
from orderdesk.domain.documents.i18n import Moment, Money, Phrase, Text
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import Party
from orderdesk.errors import RegisterError
from orderdesk.schema import Column, Complaints, FiveWhys, Orders


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    RESOLUTION = "resolution"


PREFIX = {LetterKind.ACKNOWLEDGEMENT: "ACK", LetterKind.RESOLUTION: "RES"}
TITLE = {
    LetterKind.ACKNOWLEDGEMENT: N_("Acknowledgement of Complaint"),
    LetterKind.RESOLUTION: N_("Resolution of Complaint"),
}
# The register's words (Complaints → Class and Settlement, FiveWhy → Root Cause), as a letter
# names them in the customer's language.
CLASS_NAMES = {
    "quality": N_("Quality"),
    "quantity short": N_("Quantity short"),
    "quantity over": N_("Quantity over"),
    "damage": N_("Damage"),
    "delay": N_("Delay"),
    "documents": N_("Documents"),
    "wrong goods": N_("Wrong goods"),
}
SETTLEMENT_NAMES = {
    "credit note": N_("Credit note"),
    "replacement": N_("Replacement"),
    "discount": N_("Discount"),
}
ROOT_CAUSE_NAMES = {
    "man": N_("People"),
    "machine": N_("Machine"),
    "material": N_("Material"),
    "method": N_("Method"),
    "measurement": N_("Measurement"),
    "environment": N_("Environment"),
}
NEEDS_AMOUNT = frozenset({"credit note", "discount"})  # a replacement may go without a value

DEAR = N_("Dear %(name)s,")
DEAR_ANY = N_("Dear Sir or Madam,")
_SETTLE = {
    "credit note": N_(
        "As settlement, we will issue a credit note of %(amount)s in your favour, which you may "
        "deduct from your next payment to us."
    ),
    "discount": N_("As settlement, we grant you a discount of %(amount)s on order %(order)s."),
    "replacement": N_(
        "As settlement, we will replace the goods concerned at our cost, to the value of "
        "%(amount)s."
    ),
}
REPLACE_NO_AMOUNT = N_("As settlement, we will replace the goods concerned at our cost.")


class LetterError(RegisterError):
    """A letter that cannot be written from the register; the message names the cell."""


class Letter(BaseModel):
    """One letter about a complaint, ready to be written in a language."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: LetterKind
    number: str  # "ACK-C-2026-0007"
    issue_date: dt.date
    seller: Party
    logo: str | None = None
    recipient: Party
    complaint_id: str
    order_id: str
    customer_po: str = ""
    order_lines: str = ""  # "1, 3 (KW-100)"
    complaint_class: str = ""  # a catalog message (CLASS_NAMES) or the cell's own text
    received: Moment | None = None
    owner: str = ""
    solution_due: Moment | None = None
    settlement: str = ""  # a catalog message (SETTLEMENT_NAMES)
    amount: Money | None = None
    paragraphs: list[Phrase] = Field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLE[self.kind]


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _moment(value: Any) -> Moment | None:
    if isinstance(value, dt.datetime):
        return Moment(value)
    if isinstance(value, dt.date):
        return Moment(dt.datetime.combine(value, dt.time()))
    return None


def _day(*values: Any) -> dt.date | None:
    for v in values:
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
    return None


def recipient(customer: Mapping[str, Any] | None, fallback: str) -> Party:
    """The customer as the Customers sheet has it (record keyed by attribute name)."""
    from orderdesk.schema import Customers as Cu

    c = customer or {}
    return Party(
        name=_s(c.get(Cu.name.attr)) or fallback,
        address=_s(c.get(Cu.address.attr)),
        country=_s(c.get(Cu.country.attr)).upper(),
        contact=_s(c.get(Cu.contact.attr)),
        email=_s(c.get(Cu.email.attr)),
        phone=_s(c.get(Cu.phone.attr)),
    )


def build_letter(
    kind: LetterKind,
    complaint: Mapping[str, Any],
    where: Callable[[Column], str],
    *,
    order: Mapping[str, Any],
    order_where: Callable[[Column], str],
    customer: Mapping[str, Any] | None,
    five_why: Mapping[str, Any] | None,
    seller: Party,
    logo: str | None,
    solution_due: dt.datetime | None,
    today: dt.date,
) -> Letter:
    """The letter of `kind` about one complaint (records keyed by attribute name); `where`
    names a cell of the complaint's row, `order_where` one of its order's. A resolution with
    nothing to settle is refused (LetterError naming the cell), and nothing is written."""
    c = complaint
    cid, oid = _s(c[Complaints.complaint_id.attr]), _s(c[Complaints.order_id.attr])
    # a complaint without a Class is of its Cause's class, as on the SLA clock
    klass = class_of(c.get(Complaints.complaint_class.attr), c.get(Complaints.cause.attr))
    lines = _s(c.get(Complaints.order_lines.attr))
    sku = _s(c.get(Complaints.sku.attr))
    letter = Letter(
        kind=kind,
        number=f"{PREFIX[kind]}-{cid}",
        issue_date=today,
        seller=seller,
        logo=logo,
        recipient=recipient(customer, _s(order.get(Orders.customer.attr))),
        complaint_id=cid,
        order_id=oid,
        customer_po=_s(order.get(Orders.customer_po.attr)),
        order_lines=f"{lines} ({sku})" if lines and sku else lines or sku,
        complaint_class=CLASS_NAMES.get(klass, klass),
        received=_moment(c.get(Complaints.received.attr) or c.get(Complaints.date.attr)),
        owner=_s(c.get(Complaints.owner.attr)),
    )
    greeting = (
        Phrase(DEAR, {"name": letter.recipient.contact})
        if letter.recipient.contact
        else Phrase(DEAR_ANY)
    )
    if kind is LetterKind.ACKNOWLEDGEMENT:
        letter.issue_date = _day(c.get(Complaints.acknowledged.attr)) or today
        letter.solution_due = _moment(solution_due)
        letter.paragraphs = [greeting, *_acknowledgement(letter)]
        return letter
    settlement = _s(c.get(Complaints.settlement.attr)).lower()
    letter.amount = _amount(settlement, c, where, order, order_where)
    letter.settlement = SETTLEMENT_NAMES[settlement]
    letter.issue_date = (
        _day(c.get(Complaints.proposed.attr), c.get(Complaints.closed.attr)) or today
    )
    letter.paragraphs = [greeting, *_resolution(letter, settlement, five_why)]
    return letter


def _amount(
    settlement: str,
    c: Mapping[str, Any],
    where: Callable[[Column], str],
    order: Mapping[str, Any],
    order_where: Callable[[Column], str],
) -> Money | None:
    """The settled amount in the order's currency; refused where the letter cannot state it."""
    if settlement not in SETTLEMENT_NAMES:
        said = f"'{settlement}'" if settlement else "blank"
        raise LetterError(
            f"{where(Complaints.settlement)} is {said}: a resolution letter states the "
            f"settlement ({', '.join(SETTLEMENT_NAMES)}); nothing was written"
        )
    value = c.get(Complaints.claim_amount.attr)
    if value is None:
        if settlement in NEEDS_AMOUNT:
            raise LetterError(
                f"{where(Complaints.claim_amount)} is blank: a {settlement} states its amount; "
                "nothing was written"
            )
        return None
    currency = _s(order.get(Orders.currency.attr)).upper()
    if not currency:
        raise LetterError(
            f"{order_where(Orders.currency)} is blank: the settlement's amount is in the "
            "order's currency; nothing was written"
        )
    return Money(Decimal(str(value)), currency)


def _acknowledgement(letter: Letter) -> list[Phrase]:
    out = [
        Phrase(
            N_(
                "Thank you for informing us of your complaint about order %(order)s, which "
                "we received on %(received)s. We hereby acknowledge it and have registered "
                "it under number %(number)s."
            ),
            {"order": letter.order_id, "received": letter.received, "number": letter.complaint_id},
        )
    ]
    if letter.owner:
        out.append(
            Phrase(
                N_("%(owner)s is handling your complaint and is your contact for it."),
                {"owner": letter.owner},
            )
        )
    if letter.solution_due:
        out.append(
            Phrase(
                N_(
                    "We are investigating the matter and will propose a solution to you by "
                    "%(due)s at the latest."
                ),
                {"due": letter.solution_due},
            )
        )
    out.append(Phrase(N_("We apologise for the inconvenience and thank you for your patience.")))
    return out


def _resolution(
    letter: Letter, settlement: str, five_why: Mapping[str, Any] | None
) -> list[Phrase]:
    out = [
        Phrase(
            N_(
                "Further to your complaint %(number)s about order %(order)s, received on "
                "%(received)s, we have completed our investigation."
            ),
            {"number": letter.complaint_id, "order": letter.order_id, "received": letter.received},
        )
    ]
    out += _root_cause(five_why)
    if letter.amount is None:
        out.append(Phrase(REPLACE_NO_AMOUNT))
    else:
        out.append(Phrase(_SETTLE[settlement], {"amount": letter.amount, "order": letter.order_id}))
    out.append(
        Phrase(
            N_(
                "We trust that this settles the matter to your satisfaction and look forward "
                "to continuing our business together."
            )
        )
    )
    return out


def _root_cause(five_why: Mapping[str, Any] | None) -> list[Phrase]:
    """The cause found (its 6M class and the last why answered) and the actions taken."""
    if not five_why:
        return []
    whys = [_s(five_why.get(f"why_{n}")) for n in range(1, 6)]
    found = next((w for w in reversed(whys) if w), "")
    klass = ROOT_CAUSE_NAMES.get(_s(five_why.get(FiveWhys.root_cause.attr)).lower())
    out = []
    if klass and found:
        out.append(
            Phrase(
                N_("Root cause (%(class)s): %(cause)s"),
                {"class": Text(klass), "cause": found},
            )
        )
    elif klass or found:
        out.append(Phrase(N_("Root cause: %(cause)s"), {"cause": Text(klass) if klass else found}))
    for col, message in (
        (FiveWhys.corrective, N_("Corrective action: %(action)s")),
        (FiveWhys.preventive, N_("To prevent it from happening again: %(action)s")),
    ):
        if action := _s(five_why.get(col.attr)):
            out.append(Phrase(message, {"action": action}))
    return out
