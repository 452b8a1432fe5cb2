"""Completeness questions: for each order with missing or doubtful information that the customer
can answer, ready-to-send questions in the customer's language.

The questions come from validation findings (`orderdesk.domain.validation`): an empty Shipping
Marks cell on an order that is ready to ship, a requested delivery before the promised ship date,
an Incoterm that does not fit the transport. Gaps of one order are grouped into one sentence
("This order is missing the shipping marks and the preferred forwarder. Please confirm both."),
gaps of several lines into one sentence per set of gaps. What the desk itself must fill in (HS
codes, cartons, suppliers) is not asked.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, cast

import pandas as pd
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from pydantic import BaseModel

from orderdesk.domain.catalogs import catalog
from orderdesk.domain.questions import messages as M
from orderdesk.domain.reference.incoterms import incoterm, transport_mode
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.domain.validation.model import Finding, ValidationContext
from orderdesk.domain.validation.rules.consistency import po_key
from orderdesk.ports import TableData
from orderdesk.schema import Column, Customers, OrderLines, Orders, Products, Table

DOMAIN = "questions"
LANGUAGES = ("en", "zh-CN", "es", "de", "fr")  # the languages the questions are written in
FALLBACK = "en"

_ALIASES = {
    "en": ("en", "eng", "english", "inglés", "englisch", "anglais", "英语", "英文"),
    "zh-CN": (
        "zh",
        "zh-cn",
        "zh-hans",
        "zh-hans-cn",
        "zh-sg",
        "chinese",
        "chino",
        "chinesisch",
        "chinois",
        "中文",
        "简体中文",
        "汉语",
        "普通话",
    ),
    "es": (
        "es",
        "spa",
        "spanish",
        "español",
        "espanol",
        "castellano",
        "spanisch",
        "espagnol",
        "西班牙语",
    ),
    "de": ("de", "deu", "ger", "german", "deutsch", "alemán", "aleman", "allemand", "德语"),
    "fr": (
        "fr",
        "fra",
        "fre",
        "french",
        "français",
        "francais",
        "francés",
        "frances",
        "französisch",
        "法语",
    ),
}
_BY_ALIAS = {alias: lang for lang, aliases in _ALIASES.items() for alias in aliases}
_BABEL = {"en": "en_GB", "zh-CN": "zh_Hans_CN", "es": "es_ES", "de": "de_DE", "fr": "fr_FR"}
_GETTEXT = {"zh-CN": "zh_CN", "es": "es", "de": "de", "fr": "fr"}  # catalog folder names

# Findings on values that are there but cannot be used: asked as "we could not interpret …".
_UNCLEAR_RULES = frozenset(
    {
        "CELL-UNREADABLE",
        "COUNTRY-UNKNOWN",
        "CURRENCY-UNKNOWN",
        "INCOTERM-UNKNOWN",
        "LOCODE-FORM",
        "PAYMENT-TERMS-UNKNOWN",
        "TRANSPORT-MODE-UNKNOWN",
        "UNIT-UNKNOWN",
    }
)
_ALTERNATIVE = {"FAS": "FCA", "FOB": "FCA", "CFR": "CPT", "CIF": "CIP"}


def customer_language(value: object) -> str:
    """The language the questions are written in, from what the Customers sheet says ('es',
    'zh_CN', 'Spanish', '中文' …); English when it names a language not offered."""
    text = " ".join(str(value or "").split()).casefold().replace("_", "-")
    if not text:
        return FALLBACK
    if text in _BY_ALIAS:
        return _BY_ALIAS[text]
    base = text.split("-")[0]
    return _BY_ALIAS.get(base, FALLBACK) if base != "zh" else "zh-CN"


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English is the source: no catalog needed)."""
    if language == FALLBACK:
        return gettext.NullTranslations()
    return catalog(DOMAIN, _GETTEXT[language], required=True)


class Writer:
    """Sentences in one language: translation, lists, dates, numbers, quotation marks."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK
        self.locale = _BABEL[self.language]
        self._t = translator(self.language)

    def __call__(self, message: str, **values: Any) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def join(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.locale)

    def date(self, value: object) -> str:
        day = pd.Timestamp(value).date()  # type: ignore[arg-type]
        text = format_date(day, format="long", locale=self.locale)
        if self.language == "fr" and day.day == 1:
            text = "1er" + text[1:]  # le 1er avril, as French writes the first of a month
        return text

    def line_numbers(self, numbers: Sequence[str]) -> str:
        # Chinese lists line numbers with 、 (第1、2、5行), not with 和 as a list of things.
        return "、".join(numbers) if self.language == "zh-CN" else self.join(numbers)

    def label(self, parts: Sequence[str]) -> str:
        return ("，" if self.language == "zh-CN" else ", ").join(parts)

    def percent(self, value: float) -> str:
        return format_percent(value, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)


class OrderQuestions(BaseModel):
    """The questions about one order, in the customer's language."""

    order_id: str
    customer: str | None = None
    customer_name: str | None = None
    language: str = FALLBACK
    contact: str | None = None
    customer_po: str | None = None
    sales_owner: str | None = None
    questions: list[str]

    def letter(self) -> str:
        """The questions as a message ready to send: greeting, numbered questions, regards."""
        w = Writer(self.language)
        greeting = w(M.GREETING_NAMED, name=self.contact) if self.contact else w(M.GREETING)
        intro = (
            w(M.INTRO_PO, order=self.order_id, po=self.customer_po)
            if self.customer_po
            else w(M.INTRO, order=self.order_id)
        )
        if not self.questions:
            return w(M.NOTHING, order=self.order_id)
        lines = [greeting, "", intro, ""]
        lines += [f"{i}. {q}" for i, q in enumerate(self.questions, start=1)]
        lines += ["", w(M.THANKS), "", w(M.REGARDS)]
        if self.sales_owner:
            lines.append(self.sales_owner)
        return "\n".join(lines)


def questions_for(
    findings: Iterable[Finding],
    tables: Mapping[type[Table], TableData],
    context: ValidationContext,
    orders: Iterable[str] | None = None,
    language: str | None = None,
) -> list[OrderQuestions]:
    """The questions of each order that has any (of `orders`, or of all), in the order of the
    Orders sheet. Needs the Orders table; OrderLines, Customers and Products make them better
    (line numbers and product names, the customer's language and contact). `language` writes
    them in another language than the customer's (a document in a language chosen for it)."""
    order_data = tables[Orders]
    wanted = None if orders is None else set(orders)
    by_order: dict[str, list[Finding]] = {}
    for f in findings:
        if f.order_id is None or (wanted is not None and f.order_id not in wanted):
            continue
        if f.cell.sheet in (Orders.sheet, OrderLines.sheet):
            by_order.setdefault(f.order_id, []).append(f)
    frame = order_data.frame
    first_row: dict[str, int] = {}
    for row, oid in zip(frame.index, frame[Orders.order_id], strict=True):
        if isinstance(oid, str):
            first_row.setdefault(oid, int(row))
    view = _Lookup(
        tables,
        (f.cell.row for fs in by_order.values() for f in fs if f.cell.sheet == OrderLines.sheet),
    )
    out: list[OrderQuestions] = []
    for order_id in sorted(by_order, key=lambda o: first_row.get(o, 10**9)):
        row = first_row.get(order_id)
        if row is None:
            continue
        customer = _text(frame.at[row, Orders.customer])
        cust = view.customer(customer)
        written_in = customer_language(language or cust.get(Customers.language))
        questions = _questions(Writer(written_in), by_order[order_id], row, view, context)
        if not questions:
            continue
        out.append(
            OrderQuestions(
                order_id=order_id,
                customer=customer,
                customer_name=_text(cust.get(Customers.name)),
                language=written_in,
                contact=_text(cust.get(Customers.contact)),
                customer_po=_text(frame.at[row, Orders.customer_po]),
                sales_owner=_text(frame.at[row, Orders.sales_owner]),
                questions=questions,
            )
        )
    return out


class _Lookup:
    """Customers, products, lines and PO numbers by id, built once per call (a register with
    hundreds of orders to ask about must not search its tables once per question)."""

    def __init__(self, tables: Mapping[type[Table], TableData], line_rows: Iterable[int]) -> None:
        self.tables = {t: d for t, d in tables.items() if d.found}
        self._customers = self._records(Customers, Customers.customer_id)
        self._products = self._records(Products, Products.sku)
        lines = self.tables.get(OrderLines)
        rows = sorted(set(line_rows) & set(lines.frame.index)) if lines is not None else []
        self._lines: dict[int, dict[str, Any]] = {}
        if lines is not None and rows:
            records = lines.frame.loc[rows].to_dict("records")
            self._lines = {
                r: {str(c): v for c, v in rec.items()} for r, rec in zip(rows, records, strict=True)
            }

    def _records(self, table: type[Table], key: Column) -> dict[Any, dict[str, Any]]:
        data = self.tables.get(table)
        if data is None:
            return {}
        frame = data.frame[data.frame[str(key)].notna()].drop_duplicates(str(key))
        return {
            str(k): {str(c): v for c, v in rec.items()}
            for k, rec in frame.set_index(str(key)).to_dict("index").items()
        }

    def customer(self, customer_id: str | None) -> dict[str, Any]:
        return self._customers.get(customer_id or "", {})

    def orders(self) -> pd.DataFrame:
        return self.tables[Orders].frame

    @cached_property
    def po_keys(self) -> pd.Series:
        return self.orders()[Orders.customer_po].map(po_key)

    def line(self, row: int) -> dict[str, Any]:
        return self._lines.get(row, {})

    def product_name(self, sku: str | None, language: str) -> str | None:
        product = self._products.get(sku or "")
        if product is None:
            return None
        if language == "zh-CN" and _text(product.get(Products.description_zh)):
            return _text(product.get(Products.description_zh))
        return _text(product.get(Products.description))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _count_variant(variants: Sequence[str], n: int) -> str:
    return variants[min(n, 3) - 1]


@dataclass
class _Asked:
    """The questions about one order, by kind, in the order the letter asks them."""

    missing: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    specific: list[str] = field(default_factory=list)
    line_missing: dict[int, list[str]] = field(default_factory=dict)
    line_other: list[str] = field(default_factory=list)


def _questions(
    w: Writer, findings: list[Finding], order_row: int, view: _Lookup, context: ValidationContext
) -> list[str]:
    orders = view.orders()
    order = cast(pd.Series, orders.loc[order_row])
    asked = _Asked()
    for f in findings:
        if f.cell.sheet == Orders.sheet:
            _order_question(w, f, order, view, context, asked)
        else:
            _line_question(w, f, view, asked)
    out: list[str] = []
    if asked.missing:
        n = len(asked.missing)
        out.append(w(_count_variant(M.ORDER_MISSING, n), fields=w.join(asked.missing)))
    out += asked.unclear
    out += asked.specific
    out += _line_groups(w, asked.line_missing, view)
    out += asked.line_other
    return out


def _order_question(
    w: Writer,
    f: Finding,
    order: pd.Series,
    view: _Lookup,
    context: ValidationContext,
    asked: _Asked,
) -> None:
    """The question a finding on the order's own row asks, if any."""
    wanted = M.ORDER_FIELDS.get(f.cell.column)
    if f.rule == "INCOTERM-PLACE":
        term = incoterm(_text(order[Orders.incoterm]))
        phrase = (
            w(M.NAMED_PLACE_FOR, incoterm=term.code)
            if term
            else w(M.ORDER_FIELDS[Orders.named_place])
        )
        _add(asked.missing, phrase)
    elif f.rule == "LC-BANK" and not f.value:
        _add(asked.missing, w(M.ORDER_FIELDS[Orders.lc_bank]))
    elif f.rule == "LC-BANK":
        banks = w.join([b.name for b in context.lc_banks])
        asked.specific.append(w(M.LC_BANK, banks=banks, bank=f.value))
    elif f.rule.startswith("REQ-") and wanted:
        _add(asked.missing, w(wanted))
    elif f.rule in _UNCLEAR_RULES and wanted:
        asked.unclear.append(w(M.ORDER_UNCLEAR, field=w(wanted), value=f.value))
    elif f.rule == "INCOTERM-MODE":
        asked.specific.append(_incoterm_mode(w, order))
    elif f.rule == "DATE-ORDER" and _delivery_too_early(order):
        asked.specific.append(_delivery_date(w, order))
    elif f.rule == "DEPOSIT-TERMS":
        asked.specific.append(_deposit(w, order))
    elif f.rule == "PO-DUPLICATE":
        asked.specific.append(_po_duplicate(w, order, view))


def _line_question(w: Writer, f: Finding, view: _Lookup, asked: _Asked) -> None:
    """The question a finding on one of the order's lines asks, if any."""
    wanted = M.LINE_FIELDS.get(f.cell.column)
    line = view.line(f.cell.row)
    if f.rule.startswith("REQ-") and wanted:
        asked.line_missing.setdefault(f.cell.row, [])
        _add(asked.line_missing[f.cell.row], w(wanted))
    elif f.rule in _UNCLEAR_RULES and wanted:
        asked.line_other.append(
            w(
                M.LINE_UNCLEAR,
                line=_line_no(line, f),
                product=_product(w, line, view),
                field=w(wanted),
                value=f.value,
            )
        )
    elif f.rule == "QTY-NOT-POSITIVE":
        asked.line_other.append(
            w(
                M.QUANTITY,
                line=_line_no(line, f),
                product=_product(w, line, view),
                qty=w.number(float(line[OrderLines.qty])),
            )
        )


def _add(items: list[str], phrase: str) -> None:
    if phrase not in items:
        items.append(phrase)


def _line_no(line: Mapping[str, Any], f: Finding) -> str:
    value = line.get(OrderLines.line_no)
    return str(int(value)) if value is not None and not pd.isna(value) else f"(row {f.cell.row})"


def _product(w: Writer, line: Mapping[str, Any], view: _Lookup) -> str:
    sku = _text(line.get(OrderLines.sku))
    name = view.product_name(sku, w.language) if w.language == "zh-CN" else None
    name = name or _text(line.get(OrderLines.description)) or view.product_name(sku, w.language)
    return w.label([x for x in (sku, name) if x]) or "?"


def _line_groups(w: Writer, gaps: Mapping[int, list[str]], view: _Lookup) -> list[str]:
    """Lines with the same gaps share one sentence; a line alone names its product."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for row, gap in gaps.items():
        groups.setdefault(tuple(gap), []).append(row)
    out = []
    for fields, rows in groups.items():
        lines = [view.line(r) for r in sorted(rows)]
        numbers = [
            str(int(x[OrderLines.line_no])) if not pd.isna(x.get(OrderLines.line_no)) else "?"
            for x in lines
        ]
        if len(rows) == 1:
            out.append(
                w(
                    _count_variant(M.LINE_MISSING, len(fields)),
                    line=numbers[0],
                    product=_product(w, lines[0], view),
                    fields=w.join(list(fields)),
                )
            )
        else:
            out.append(
                w(M.LINES_MISSING, lines=w.line_numbers(numbers), fields=w.join(list(fields)))
            )
    return out


def _incoterm_mode(w: Writer, order: pd.Series) -> str:
    term = incoterm(_text(order[Orders.incoterm]))
    mode = transport_mode(_text(order[Orders.transport_mode]))
    code = term.code if term else str(order[Orders.incoterm])
    by_mode = M.BY_MODE.get(mode.value if mode else "", None)
    return w(
        M.INCOTERM_MODE,
        term=code,
        by_mode=w(by_mode) if by_mode else str(order[Orders.transport_mode]),
        alternative=_ALTERNATIVE.get(code, "FCA"),
    )


def _delivery_too_early(order: pd.Series) -> bool:
    """The customer's requested delivery is what is doubtful (not the desk's own promise)."""
    wanted = order[Orders.requested_delivery]
    if pd.isna(wanted):
        return False
    ship, ordered = order[Orders.promised_ship], order[Orders.order_date]
    return (not pd.isna(ship) and wanted < ship) or (
        pd.isna(ship) and not pd.isna(ordered) and wanted < ordered
    )


def _delivery_date(w: Writer, order: pd.Series) -> str:
    requested = order[Orders.requested_delivery]
    ship = order[Orders.promised_ship]
    if not pd.isna(ship):
        return w(M.DELIVERY_BEFORE_SHIP, requested=w.date(requested), ship=w.date(ship))
    return w(
        M.DELIVERY_BEFORE_ORDER,
        requested=w.date(requested),
        ordered=w.date(order[Orders.order_date]),
    )


def _deposit(w: Writer, order: pd.Series) -> str:
    term = payment_term(_text(order[Orders.payment_terms]))
    expected = float(term.deposit) if term else 0.0
    return w(
        M.DEPOSIT,
        deposit=w.percent(float(order[Orders.deposit_pct])),
        terms=term.code if term else str(order[Orders.payment_terms]),
        expected=w.percent(expected),
    )


def _po_duplicate(w: Writer, order: pd.Series, view: _Lookup) -> str:
    orders = view.orders()
    same = orders[
        (orders[Orders.customer] == order[Orders.customer])
        & view.po_keys.eq(po_key(order[Orders.customer_po]) or "")
        & (orders[Orders.order_id] != order[Orders.order_id])
    ]
    others = [str(x) for x in same[Orders.order_id].dropna()]
    po = _text(order[Orders.customer_po]) or ""
    return w(M.PO_DUPLICATE, po=po, other=w.join(others) if others else "?")


__all__ = [
    "LANGUAGES",
    "OrderQuestions",
    "Writer",
    "customer_language",
    "questions_for",
    "translator",
]
