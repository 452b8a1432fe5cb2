"""Reference checks: codes that must exist in their standard (ISO 4217, ISO 3166, Incoterms 2020,
HS 2022, UN/LOCODE, ISO 6346, IBAN/BIC) and forms that must hold (e-mail, units, terms).

Data-driven: one table of (code, severity, columns, test, reason), each test run once per
distinct value of a column, never once per cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from orderdesk.domain.reference import codes
from orderdesk.domain.reference.incoterms import INCOTERMS, incoterm, transport_mode
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.domain.validation.model import Severity, ValidationContext
from orderdesk.domain.validation.registry import ERROR, WARNING, Hits, Rule, add_rule, hits
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.schema import (
    BankEntries,
    Column,
    Customers,
    Invoices,
    LCBanks,
    LCs,
    OrderLines,
    Orders,
    Products,
    Shipments,
    Suppliers,
)


@dataclass(frozen=True)
class CodeCheck:
    code: str
    severity: Severity
    columns: Sequence[Column]
    good: Callable[[object, ValidationContext], bool]
    reason: str | Callable[[object, ValidationContext], str]
    applies: Callable[[object], bool] = lambda v: True  # values the check is about at all


def _each(
    test: Callable[[str], bool], sep: str = r"[;,]"
) -> Callable[[object, ValidationContext], bool]:
    """Several values in one cell ('a@x.com; b@y.com'): every one must pass."""

    def good(value: object, _: ValidationContext) -> bool:
        parts = [p.strip() for p in re.split(sep, str(value)) if p.strip()]
        return bool(parts) and all(test(p) for p in parts)

    return good


def _hs_reason(value: object, _: ValidationContext) -> str:
    digits = codes.normalise_hs(value)
    if re.fullmatch(r"\d{5}|\d{7}|\d{9}", digits):
        return (
            "not an HS 2022 code: it has an odd number of digits (a number that lost its "
            "leading zero? type it as text, e.g. '0" + digits + "')"
        )
    if not re.fullmatch(r"\d{6}(\d{2}){0,2}", digits):
        return "not an HS code (six digits, or eight or ten with the national extension)"
    return f"not a subheading of HS 2022 ({digits[:6]} does not exist in HS 2022)"


def _container_reason(value: object, _: ValidationContext) -> str:
    for part in re.split(r"[;,]", str(value)):
        text = re.sub(r"[\s\-]", "", part).upper()
        if not text or codes.is_container_no(text):
            continue
        if re.fullmatch(r"[A-Z]{3}[UJZ]\d{7}", text):
            right = codes.container_check_digit(text[:10])
            return (
                f"{text} fails the ISO 6346 check digit (it should end in {right}, not {text[10]})"
            )
        return f"{text} is not an ISO 6346 container number (4 letters, 7 digits, e.g. MSCU1234566)"
    return "not an ISO 6346 container number"


_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9 ]{8,}$")
_BIC_SHAPE = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")

CHECKS: tuple[CodeCheck, ...] = (
    CodeCheck(
        "CURRENCY-UNKNOWN",
        ERROR,
        (
            Orders.currency,
            Customers.currency,
            Suppliers.currency,
            Products.cost_currency,
            Products.list_currency,
            Invoices.currency,
            LCs.currency,
        ),
        lambda v, _: codes.is_currency(str(v)),
        "not an ISO 4217 currency code (three letters, e.g. USD, EUR, CNY)",
    ),
    CodeCheck(
        "COUNTRY-UNKNOWN",
        ERROR,
        (
            Orders.ship_to_country,
            OrderLines.origin,
            Customers.country,
            Suppliers.country,
            Products.origin,
        ),
        lambda v, _: codes.is_country(str(v)),
        "not an ISO 3166 country code (two letters, e.g. ES, DE, CN)",
    ),
    CodeCheck(
        "UNIT-UNKNOWN",
        ERROR,
        (OrderLines.unit, Products.unit),
        lambda v, ctx: str(v).strip().upper() in ctx.units,
        lambda _, ctx: "not a known unit (" + ", ".join(ctx.units) + ")",
    ),
    CodeCheck(
        "INCOTERM-UNKNOWN",
        ERROR,
        (Orders.incoterm,),
        lambda v, _: incoterm(str(v)) is not None,
        "not an Incoterms 2020 rule (" + ", ".join(INCOTERMS) + ")",
    ),
    CodeCheck(
        "HS-UNKNOWN",
        ERROR,
        (OrderLines.hs_code, Products.hs_code),
        lambda v, _: codes.is_hs_code(v),
        _hs_reason,
    ),
    CodeCheck(
        "LOCODE-FORM",
        ERROR,
        (
            Orders.port_of_loading,
            Orders.port_of_discharge,
            Shipments.port_of_loading,
            Shipments.port_of_discharge,
        ),
        lambda v, _: codes.is_locode(str(v)),
        "not a UN/LOCODE (country code and three characters, e.g. CNSHA, NLRTM)",
    ),
    CodeCheck(
        "CONTAINER-CHECK",
        ERROR,
        (Shipments.container_no,),
        _each(codes.is_container_no),
        _container_reason,
    ),
    CodeCheck(
        "PAYMENT-TERMS-UNKNOWN",
        ERROR,
        (Orders.payment_terms, Customers.payment_terms),
        lambda v, _: payment_term(str(v)) is not None,
        "not payment terms OrderDesk can read (use the dropdown, e.g. TT30-70 BS, LC SIGHT)",
    ),
    CodeCheck(
        "EMAIL-FORM",
        WARNING,
        (Customers.email, Suppliers.email),
        _each(codes.is_email),
        "not an e-mail address (several are separated by ;)",
    ),
    CodeCheck(
        "IBAN-CHECK",
        WARNING,
        (BankEntries.account, BankEntries.payer_account),
        lambda v, _: codes.is_iban(str(v)),
        "looks like an IBAN but fails its check digits or length",
        applies=lambda v: bool(_IBAN_SHAPE.match(str(v).strip().upper())),
    ),
    CodeCheck(
        "BIC-CHECK",
        WARNING,
        (LCBanks.bic, LCs.issuing_bic, LCs.advising_bic),
        lambda v, _: codes.is_bic(str(v).strip()),
        "not a valid BIC (SWIFT code: 8 or 11 characters, e.g. DEUTDEFF)",
    ),
    CodeCheck(
        "BIC-CHECK",
        WARNING,
        (Orders.lc_bank,),
        lambda v, _: codes.is_bic(str(v).strip()),
        "not a valid BIC (SWIFT code)",
        # A bank's name in the L/C Bank column is fine; only what is written as a BIC is checked.
        applies=lambda v: bool(_BIC_SHAPE.match(str(v).strip())),
    ),
    CodeCheck(
        "TRANSPORT-MODE-UNKNOWN",
        WARNING,
        (Orders.transport_mode,),
        lambda v, _: transport_mode(str(v)) is not None,
        "not a transport mode (sea, inland waterway, air, road, rail, multimodal)",
    ),
)


def _rule_for(check: CodeCheck, column: Column) -> Rule:
    table = column.table

    def run(t: Tables) -> Iterator[Hits]:
        if column in t[table].missing:
            return
        ctx = t.context
        bad = t.matches(table, column, lambda v: check.applies(v) and not check.good(v, ctx))
        if order_id_column(table) is not None:
            bad &= t.active(table)
        if not bad.any():
            return
        if isinstance(check.reason, str):
            yield hits(table, column, bad, check.reason)
        else:
            reason, series = check.reason, t[table].frame[str(column)]
            yield hits(table, column, bad, lambda rows: [reason(series.loc[r], ctx) for r in rows])

    run.__name__ = f"{check.code.lower()}_{table.__name__}_{column.attr}"
    reason = check.reason if isinstance(check.reason, str) else check.code.lower()
    return Rule(check.code, check.severity, (table,), run, f"{table.sheet} {column}: {reason}")


for _check in CHECKS:
    for _column in _check.columns:
        add_rule(_rule_for(_check, _column))
