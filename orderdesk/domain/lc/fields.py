"""The formats of the MT700 / 701 / 707 fields OrderDesk reads, as SWIFT's usage rules give them.

Each reader takes a field's text and returns the typed value, or raises `FieldProblem` with what
is wrong in words; the caller adds where (a file's line and tag, or a register cell). The same
readers serve a message and a row typed on the LCs sheet, so both are checked the same way.

| tag | format | read as |
|---|---|---|
| 20 | 16x, no '/' at either end, no '//' | the credit number |
| 31C, 44C, 30 | 6!n (YYMMDD) | a date that exists |
| 31D | 6!n29x | expiry date and place |
| 32B, 33B, 34B | 3!a15d (ISO currency, amount with a decimal comma) | currency and amount |
| 39A | 2n/2n | tolerance plus / minus, as fractions |
| 40E | UCP LATEST VERSION, EUCP …, ISP …, UCPURR …, EUCPURR …, OTHR [/35x] | rules |
| 41A / 41D | BIC or name and address, then 14x BY PAYMENT, BY ACCEPTANCE, BY NEGOTIATION, BY DEF PAYMENT, BY MIXED PYMT | available with / by |
| 43P, 43T | ALLOWED, CONDITIONAL, NOT ALLOWED | shipment options |
| 48 | 3n[/35x] (before SR 2018: free text with "nn DAYS") | presentation days |
| 49 | CONFIRM, MAY ADD, WITHOUT | confirmation |
| 26E | 3n | amendment number |
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from orderdesk.domain.reference import codes
from orderdesk.schema import LC_CONFIRMATION, LC_SHIPMENT_OPTIONS


class FieldProblem(Exception):
    """What is wrong with a field's value (the caller says where). Never escapes the domain:
    it is turned into an `LcMessageError` or a cell's problem."""


AVAILABLE_BY = ("BY PAYMENT", "BY ACCEPTANCE", "BY NEGOTIATION", "BY DEF PAYMENT", "BY MIXED PYMT")
RULES = (
    "UCP LATEST VERSION",
    "EUCP LATEST VERSION",
    "ISP LATEST VERSION",
    "UCPURR LATEST VERSION",
    "EUCPURR LATEST VERSION",
    "OTHR",
)
# Before SR 2018 43P/43T were free text; the words banks used then, as the codes of today.
_OLD_OPTIONS = {"PROHIBITED": "NOT ALLOWED", "PERMITTED": "ALLOWED", "NOT PERMITTED": "NOT ALLOWED"}
_SWIFT_X = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]{1,16}")
_AMOUNT = re.compile(r"^(?P<ccy>[A-Za-z]{3})(?P<amount>\d[\d,]*)$")
_DATE = re.compile(r"^\d{6}$")


def words(text: object) -> str:
    """Upper case, one space between words (codes typed or sent with odd spacing)."""
    return " ".join(str(text or "").upper().split())


def reference_ok(value: object) -> bool:
    """SWIFT's rule for a reference such as field 20."""
    text = str(value).strip()
    return (
        bool(_SWIFT_X.fullmatch(text))
        and not text.startswith("/")
        and not text.endswith("/")
        and "//" not in text
    )


def reference(text: str) -> str:
    value = text.strip()
    if not reference_ok(value):
        raise FieldProblem(
            f"{value!r} is not a credit number (at most 16 letters, digits and / - ? : ( ) . , ' + "
            "or spaces; no '/' at either end, no '//')"
        )
    return value


def date(text: str) -> dt.date:
    value = text.strip()
    if not _DATE.match(value):
        raise FieldProblem(f"{value!r} is not a date as YYMMDD")
    try:
        return dt.date(2000 + int(value[:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise FieldProblem(f"{value!r} is not a date that exists (YYMMDD)") from None


def date_place(text: str) -> tuple[dt.date, str]:
    value = text.strip()
    return date(value[:6]), value[6:].strip()


def amount(text: str) -> tuple[str, Decimal]:
    """3!a15d: the currency, then the amount with a decimal comma (USD125000,00)."""
    value = text.strip().replace(" ", "")
    if value[:1].isdigit():
        raise FieldProblem(
            f"{value!r}: the amount has no currency (the ISO currency code comes first, e.g. "
            "USD125000,00)"
        )
    m = _AMOUNT.match(value)
    if not m:
        raise FieldProblem(f"{value!r} is not a currency and an amount, e.g. USD125000,00")
    ccy, digits = m.group("ccy").upper(), m.group("amount")
    if not codes.is_currency(ccy):
        raise FieldProblem(f"{ccy!r} is not an ISO 4217 currency")
    if digits.count(",") != 1 or len(digits) > 15:
        raise FieldProblem(
            f"{digits!r} is not a SWIFT amount (up to 15 characters with one decimal comma, "
            "e.g. 125000,00)"
        )
    whole, _, cents = digits.partition(",")
    if len(cents) > codes.minor_units(ccy):
        raise FieldProblem(f"{digits!r} has more decimals than {ccy} has")
    return ccy, Decimal(f"{whole}.{cents or '0'}")


def tolerance(text: str) -> tuple[Decimal, Decimal]:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", text.strip())
    if not m:
        raise FieldProblem(f"{text.strip()!r} is not a tolerance as plus/minus percent, e.g. 05/05")
    return Decimal(m.group(1)) / 100, Decimal(m.group(2)) / 100


def rules(text: str) -> str:
    value = words(text)
    head = value.split("/", 1)[0].strip()
    if head not in RULES:
        raise FieldProblem(f"{value!r} is not one of " + ", ".join(RULES))
    return value


def available(lines: list[str], letter: str) -> tuple[str, str]:
    """41A (a BIC) or 41D (name and address), then the way the credit is available."""
    rows = [x.strip() for x in lines if x.strip()]
    if len(rows) < 2:
        raise FieldProblem(
            "41a needs the bank on its first line(s) and, on the last, how the credit is "
            "available: " + ", ".join(AVAILABLE_BY)
        )
    by = words(rows[-1])
    if by not in AVAILABLE_BY:
        raise FieldProblem(f"{rows[-1]!r} is not one of " + ", ".join(AVAILABLE_BY))
    bank = "\n".join(rows[:-1])
    if letter == "A" and not codes.is_bic(bank):
        raise FieldProblem(f"{bank!r} is not a BIC (41A names the bank by its BIC; 41D by name)")
    return bank, by


def option(text: str) -> str:
    value = words(text)
    value = _OLD_OPTIONS.get(value, value)
    if value not in LC_SHIPMENT_OPTIONS:
        raise FieldProblem(f"{text.strip()!r} is not one of " + ", ".join(LC_SHIPMENT_OPTIONS))
    return value


def confirmation(text: str) -> str:
    value = words(text)
    if value not in LC_CONFIRMATION:
        raise FieldProblem(f"{text.strip()!r} is not one of " + ", ".join(LC_CONFIRMATION))
    return value


def presentation(text: str) -> tuple[int, str]:
    """48: days, and what they count from (3n[/35x]); the free text of older messages when it
    says "nn DAYS"."""
    value = " ".join(text.split())
    m = re.fullmatch(r"(\d{1,3})(?:/(.*))?", value)
    if m is None:
        m = re.search(r"\b(\d{1,3})\s*DAYS?\b(.*)", value.upper())
    if m is None or int(m.group(1)) <= 0:
        raise FieldProblem(f"{value!r} is not a number of days above 0 (e.g. 21/FROM B/L DATE)")
    return int(m.group(1)), (m.group(2) or "").strip()


def number(text: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"\d{1,3}", value):
        raise FieldProblem(f"{value!r} is not an amendment number (1 to 3 digits)")
    return int(value)


def party(lines: list[str]) -> str:
    """50 / 59: name and address lines (59 may start with /account, which is not the name)."""
    rows = [x.rstrip() for x in lines]
    if rows and rows[0].startswith("/"):
        rows = rows[1:]
    text = "\n".join(x.strip() for x in rows if x.strip())
    if not text:
        raise FieldProblem("no name")
    return text


def bank(lines: list[str], letter: str) -> str:
    """A bank field in option A (BIC, after an optional /account line) or D (name)."""
    rows = [x.strip() for x in lines if x.strip()]
    if rows and rows[0].startswith("/"):
        rows = rows[1:]
    if letter == "A" and rows and not codes.is_bic(rows[0]):
        raise FieldProblem(f"{rows[0]!r} is not a BIC")
    return "\n".join(rows)
