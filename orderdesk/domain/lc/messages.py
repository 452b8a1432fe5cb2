"""MT700 (+ MT701 continuations) into a `Credit`; MT707 amendments applied to a credit in order.

A field in a wrong format, a mandatory field missing, an MT701 without its MT700 or an amendment
out of turn is refused with the file, the line and the tag (`LcMessageError`); the caller writes
nothing then. Fields OrderDesk has no column for are kept verbatim in `Credit.other`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from orderdesk.domain.lc import fields as F
from orderdesk.domain.lc.model import Amendment, Credit, consistency
from orderdesk.domain.lc.swift import Field, LcMessageError, Message, read_messages

# MT700 (SR 2018) fields that must be there; 41a is 41A or 41D.
MANDATORY_700 = ("40A", "20", "31C", "40E", "31D", "50", "59", "32B", "41a", "49")
MANDATORY_707 = ("20", "26E", "30")
# MT701 and MT707 text fields that continue or amend the MT700's.
_CONTINUED = {"45A": "goods", "46A": "documents_required", "47A": "conditions"}
_AMENDED_TEXT = {"45B": "goods", "46B": "documents_required", "47B": "conditions"}


def _letter(tag: str) -> str:
    return tag[2:] if len(tag) > 2 else ""


def _text(f: Field) -> str:
    return "\n".join(x.strip() for x in f.lines).strip()


Setter = Callable[[dict[str, Any], Field], None]


def _one(name: str, read: Callable[[str], Any]) -> Setter:
    def set_(values: dict[str, Any], f: Field) -> None:
        values[name] = read(f.text)

    return set_


def _pair(a: str, b: str, read: Callable[[str], tuple[Any, Any]]) -> Setter:
    def set_(values: dict[str, Any], f: Field) -> None:
        values[a], values[b] = read(f.text)

    return set_


def _plain(name: str) -> Setter:
    def set_(values: dict[str, Any], f: Field) -> None:
        values[name] = _text(f)

    return set_


def _available(values: dict[str, Any], f: Field) -> None:
    values["available_with"], values["available_by"] = F.available(f.lines, _letter(f.tag))


def _party(name: str) -> Setter:
    def set_(values: dict[str, Any], f: Field) -> None:
        values[name] = F.party(f.lines)

    return set_


def _drawee(values: dict[str, Any], f: Field) -> None:
    values["drawee"] = F.bank(f.lines, _letter(f.tag))


def _issuing(values: dict[str, Any], f: Field) -> None:
    text = F.bank(f.lines, _letter(f.tag))
    if _letter(f.tag) == "A":
        values["issuing_bic"] = text
    else:
        values["issuing_bank"] = text


def _presentation(values: dict[str, Any], f: Field) -> None:
    values["presentation_days"], values["presentation_from"] = F.presentation(f.text)


def _expiry(values: dict[str, Any], f: Field) -> None:
    values["expiry_date"], values["expiry_place"] = F.date_place(f.text)


def _amount(values: dict[str, Any], f: Field) -> None:
    values["currency"], values["amount"] = F.amount(f.text)


# The MT700 fields OrderDesk keeps in a column, with how each is read.
READERS: dict[str, Setter] = {
    "20": _one("number", F.reference),
    "31C": _one("issue_date", F.date),
    "31D": _expiry,
    "40A": _one("form", F.words),
    "40E": _one("rules", F.rules),
    "50": _party("applicant"),
    "59": _party("beneficiary"),
    "32B": _amount,
    "39A": _pair("tolerance_plus", "tolerance_minus", F.tolerance),
    "39C": _plain("additional_amounts"),
    "41A": _available,
    "41D": _available,
    "42C": _plain("drafts_at"),
    "42A": _drawee,
    "42D": _drawee,
    "43P": _one("partial_shipments", F.option),
    "43T": _one("transhipment", F.option),
    "44A": _plain("place_of_receipt"),
    "44E": _plain("port_of_loading"),
    "44F": _plain("port_of_discharge"),
    "44B": _plain("final_destination"),
    "44C": _one("latest_shipment", F.date),
    "44D": _plain("shipment_period"),
    "45A": _plain("goods"),
    "46A": _plain("documents_required"),
    "47A": _plain("conditions"),
    "48": _presentation,
    "49": _one("confirmation", F.confirmation),
    "71D": _plain("charges"),
    "52A": _issuing,
    "52D": _issuing,
}
# Structural fields, read for their own purpose and not kept as "other".
_STRUCTURE = {"27"}


@dataclass
class Read:
    """What one file holds: new credits (MT700 with their MT701s) and amendments (MT707)."""

    credits: list[Credit]
    amendments: list[AmendmentMessage]


@dataclass
class AmendmentMessage:
    message: Message
    references: tuple[str, ...]  # 20, 23, 21: the credit it amends is one of them
    number: int
    date: dt.date
    purpose: str

    @property
    def source(self) -> str:
        return self.message.source


def read_file(text: str, source: str) -> Read:
    """Read an L/C file: every message checked, nothing kept when one is wrong."""
    messages = read_messages(text, source)
    credits: list[Credit] = []
    amendments: list[AmendmentMessage] = []
    by_number: dict[str, Credit] = {}
    for msg in messages:
        kind = _kind(msg)
        if kind == "700":
            credit = credit_from(msg)
            if credit.number in by_number:
                raise msg.error(msg.get("20"), "20", f"credit {credit.number} twice in one file")
            by_number[credit.number] = credit
            credits.append(credit)
        elif kind == "701":
            _continue(msg, by_number)
        else:
            amendments.append(_amendment_message(msg))
    for credit in credits:
        _check(credit, messages)
    return Read(credits, amendments)


def _kind(msg: Message) -> str:
    if msg.mt:
        if msg.mt in ("700", "710"):
            return "700"
        if msg.mt in ("701", "711"):
            return "701"
        if msg.mt == "707":
            return "707"
        raise msg.error(
            None, None, f"MT{msg.mt} is not a documentary credit message (MT700, MT701, MT707)"
        )
    if msg.get("26E"):
        return "707"
    if not msg.get("31C", "32B", "40A") and msg.get("45A", "46A", "47A"):
        return "701"
    return "700"


def _read_into(values: dict[str, Any], msg: Message, f: Field) -> bool:
    reader = READERS.get(f.tag)
    if reader is None:
        return False
    try:
        reader(values, f)
    except F.FieldProblem as exc:
        raise msg.error(f, f.tag, str(exc)) from None
    return True


def credit_from(msg: Message) -> Credit:
    """An MT700's fields as a credit; refuses a missing mandatory field naming it."""
    for tag in MANDATORY_700:
        tags = ("41A", "41D") if tag == "41a" else (tag,)
        if not msg.get(*tags):
            raise msg.error(None, tag, "a mandatory field of the MT700 is missing")
    values: dict[str, Any] = {"other": [], "source": msg.source}
    for f in msg.fields:
        if f.tag in _STRUCTURE:
            continue
        if f.tag in READERS and f.tag in values.get("_seen", ()):
            raise msg.error(f, f.tag, "the field appears twice")
        if _read_into(values, msg, f):
            values.setdefault("_seen", set()).add(f.tag)
        else:
            values["other"].append((f.tag, f.text))
    values.pop("_seen", None)
    values.setdefault("issuing_bic", msg.sender)
    values.setdefault("advising_bic", msg.receiver)
    return Credit(**values)


def _check(credit: Credit, messages: Sequence[Message]) -> None:
    problems = consistency(credit)
    if problems:
        tag, problem = problems[0]
        msg = next(m for m in messages if m.get("20") and credit.number in m.get("20").text)  # type: ignore[union-attr]
        raise msg.error(msg.get(tag), tag, problem)


def _continue(msg: Message, by_number: dict[str, Credit]) -> None:
    ref = msg.get("20")
    if ref is None:
        raise msg.error(None, "20", "an MT701 without the credit number it continues")
    number = ref.text.strip()
    credit = by_number.get(number)
    if credit is None:
        raise msg.error(
            ref, "20", f"MT701 continues credit {number}, whose MT700 is not before it in the file"
        )
    for f in msg.fields:
        if f.tag in ("27", "20"):
            continue
        name = _CONTINUED.get(f.tag)
        if name is None:
            credit.other.append((f.tag, f.text))
            continue
        before = getattr(credit, name)
        setattr(credit, name, f"{before}\n{_text(f)}".strip())


def _amendment_message(msg: Message) -> AmendmentMessage:
    for tag in MANDATORY_707:
        if not msg.get(tag):
            raise msg.error(None, tag, "a mandatory field of the MT707 is missing")
    refs = tuple(f.text.strip() for f in msg.all("23", "20", "21") if f.text.strip() != "NONREF")
    try:
        number = F.number(msg.get("26E").text)  # type: ignore[union-attr]
    except F.FieldProblem as exc:
        raise msg.error(msg.get("26E"), "26E", str(exc)) from None
    try:
        when = F.date(msg.get("30").text)  # type: ignore[union-attr]
    except F.FieldProblem as exc:
        raise msg.error(msg.get("30"), "30", str(exc)) from None
    purpose = msg.get("22A")
    return AmendmentMessage(msg, refs, number, when, F.words(purpose.text) if purpose else "")


# --- amendments ------------------------------------------------------------------------------


def amend(credit: Credit, am: AmendmentMessage) -> Credit:
    """The credit with one MT707 applied; the amendment kept with its number, date and what it
    changed. Amendments go in order: number n needs n − 1 applied before."""
    msg = am.message
    last = credit.amendment or 0
    if am.number != last + 1:
        f = msg.get("26E")
        if am.number <= last:
            raise msg.error(
                f, "26E", f"amendment {am.number} of {credit.number} is already applied"
            )
        raise msg.error(
            f, "26E", f"amendment {am.number} of {credit.number} comes before {last + 1} (missing)"
        )
    values = dataclasses.asdict(credit)
    values["other"] = list(credit.other)
    values["amendments"] = list(credit.amendments)
    changes: list[str] = []
    for f in msg.fields:
        if f.tag in ("27", "20", "21", "23", "26E", "30", "22A", "31C", "52A", "52D", "50B"):
            continue
        if f.tag in ("32B", "33B", "34B"):
            _change_amount(values, msg, f, changes)
        elif f.tag in _AMENDED_TEXT:
            _change_text(values, msg, f, _AMENDED_TEXT[f.tag], changes)
        elif f.tag == "23S":
            values["cancelled"] = True
            changes.append("23S: the credit is cancelled")
        elif f.tag in READERS:
            before = {k: values[k] for k in values}
            _read_into(values, msg, f)
            if f.tag == "44C":
                values["shipment_period"] = ""
            if f.tag == "44D":
                values["latest_shipment"] = None
            diff = [k for k in values if values[k] != before[k]]
            if diff:
                was = " ".join(_shown(before[k]) for k in diff)
                now = " ".join(_shown(values[k]) for k in diff)
                changes.append(f"{f.tag}: {was} → {now}")
        else:
            values["other"].append((f.tag, f.text))
            changes.append(f"{f.tag}: {_text(f)}")
    values["amendments"].append(
        Amendment(am.number, am.date, am.purpose, tuple(changes), am.source)
    )
    amended = Credit(**values)
    problems = consistency(amended)
    if problems:
        tag, problem = problems[0]
        raise msg.error(msg.get(tag), tag, f"after this amendment {problem}")
    return amended


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= 60 else text[:57] + "…"


def _change_amount(values: dict[str, Any], msg: Message, f: Field, changes: list[str]) -> None:
    try:
        ccy, amount = F.amount(f.text)
    except F.FieldProblem as exc:
        raise msg.error(f, f.tag, str(exc)) from None
    if ccy != values["currency"]:
        raise msg.error(f, f.tag, f"{ccy} is not the credit's currency {values['currency']}")
    before: Decimal = values["amount"]
    after = {"32B": before + amount, "33B": before - amount, "34B": amount}[f.tag]
    if after <= 0:
        raise msg.error(f, f.tag, f"the credit amount would fall to {after:,.2f}")
    values["amount"] = after
    changes.append(f"{f.tag}: {ccy} {before:,.2f} → {ccy} {after:,.2f}")


def _change_text(
    values: dict[str, Any], msg: Message, f: Field, name: str, changes: list[str]
) -> None:
    """45B / 46B / 47B: /ADD/, /DELETE/ or /REPALL/ (replace all), each starting a line."""
    text: str = values[name]
    steps: list[tuple[str, list[str]]] = []
    for line in f.lines:
        head = line.strip()
        code = next((c for c in ("/ADD/", "/DELETE/", "/REPALL/") if head.startswith(c)), None)
        if code:
            steps.append((code, [head[len(code) :].strip()]))
        elif steps:
            steps[-1][1].append(head)
        else:
            raise msg.error(
                f, f.tag, "each change starts with /ADD/, /DELETE/ or /REPALL/ (replace all)"
            )
    for code, lines in steps:
        part = "\n".join(x for x in lines if x).strip()
        if code == "/ADD/":
            text = f"{text}\n{part}".strip()
        elif code == "/REPALL/":
            text = part
        else:
            where = _find(text, part)
            if where is None:
                raise msg.error(f, f.tag, f"/DELETE/ text not in the credit: {part[:50]!r}")
            text = (text[: where[0]] + text[where[1] :]).strip()
        changes.append(f"{f.tag} {code.strip('/')}: {_shown(part)}")
    values[name] = text


def _find(text: str, part: str) -> tuple[int, int] | None:
    """Where `part` stands in `text`, line breaks and runs of spaces not counting."""
    import re

    pattern = r"\s+".join(re.escape(w) for w in part.split())
    m = re.search(pattern, text, re.I) if pattern else None
    return (m.start(), m.end()) if m else None


def amendments_for(credit: Credit, pending: Sequence[AmendmentMessage]) -> list[AmendmentMessage]:
    refs = {credit.number.upper()}
    return sorted(
        (a for a in pending if refs & {r.upper() for r in a.references}), key=lambda a: a.number
    )


__all__ = [
    "AmendmentMessage",
    "LcMessageError",
    "Read",
    "amend",
    "amendments_for",
    "credit_from",
    "read_file",
]
