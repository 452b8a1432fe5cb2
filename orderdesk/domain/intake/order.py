"""From what a purchase order says to the order it becomes: typed values, each with its source
and how sure OrderDesk is of it; below the threshold from Settings a value is left blank and
asked about instead.

How sure a value is: the reader's confidence in the text (1.0 for text a file carries, the OCR
engine's score for a scan) times how sure its reading is — a labelled field read as its type is
nearly certain; a date like 03/04/2026 is a coin toss until the customer's date order is known
(learned from a person's correction, or shown by another date on the same order); a line whose
quantity times price is its amount is checked by that sum, one whose sum fails is not trusted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from orderdesk.domain import values as VAL
from orderdesk.domain.intake import vocab as V
from orderdesk.domain.intake.extract import NUMBER, Read, ReadLine, ReadPO
from orderdesk.domain.intake.match import (
    CustomerRef,
    Lesson,
    Match,
    ProductRef,
    match_customer,
    match_product,
)
from orderdesk.domain.intake.source import Where
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.payment_terms import PAYMENT_TERMS, payment_term
from orderdesk.schema import OrderLines, Orders

DATE_ORDER = "Date Order"  # the Learned sheet's field for a customer's way of writing dates
SKU_FIELD = str(OrderLines.sku)
# The order's fields a customer answers for (asked when missing); the rest are read if there.
ASKED = (
    Orders.customer_po,
    Orders.currency,
    Orders.incoterm,
    Orders.named_place,
    Orders.payment_terms,
    Orders.requested_delivery,
    Orders.ship_to,
)
LINE_ASKED = (OrderLines.sku, OrderLines.qty, OrderLines.unit, OrderLines.unit_price)


@dataclass
class Value:
    """One field of the new order: the typed value (None: not found or not sure enough), the text
    it was read from, where, and how sure (0-1)."""

    value: Any = None
    read: str = ""
    where: Where | None = None
    confidence: float = 0.0

    def sure(self, threshold: float) -> bool:
        return self.value is not None and self.confidence >= threshold


@dataclass
class OrderLine:
    values: dict[str, Value] = field(default_factory=dict)
    part: str | None = None  # the customer's part number as written
    where: Where | None = None

    def get(self, column: str) -> Value:
        return self.values.setdefault(column, Value())


@dataclass
class Imported:
    """A purchase order read and interpreted; `customer` None means it is refused."""

    po: ReadPO
    customer: Match
    fields: dict[str, Value] = field(default_factory=dict)
    lines: list[OrderLine] = field(default_factory=list)

    def get(self, column: str) -> Value:
        return self.fields.setdefault(column, Value())


def interpret(
    po: ReadPO,
    customers: Sequence[CustomerRef],
    products: Sequence[ProductRef],
    lessons: Sequence[Lesson] = (),
    own_names: Sequence[str] = (),
) -> Imported:
    """Match the customer and the products, and type every field (see the module's docstring)."""
    who = match_customer(po, customers, own_names)
    out = Imported(po, who)
    customer = next((c for c in customers if c.id == who.id), None)
    mark = _decimal_mark(po)
    day_first = _day_first(po, who.id, lessons)
    for column, read in po.fields.items():
        out.fields[column] = _typed(column, read, mark, day_first)
    _incoterm(out)
    if Orders.currency not in out.fields or out.fields[Orders.currency].value is None:
        out.fields[Orders.currency] = _currency_from_prices(po)
    if Orders.ship_to in out.fields:
        out.fields[Orders.ship_to_country] = _country(out.fields[Orders.ship_to])
    for read_line in po.lines:
        out.lines.append(_line(read_line, mark, who.id, products, lessons))
    _check_total(out)
    if customer is not None and out.fields.get(Orders.currency, Value()).value is None:
        pass  # the customer's usual currency is a guess: left for a person
    return out


# --- numbers and dates ----------------------------------------------------------------------

_AMBIGUOUS_NUM = re.compile(r"^\d{1,3}[.,]\d{3}$")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})\b")


def _decimal_mark(po: ReadPO) -> str | None:
    """The order's decimal mark, from its prices: ',' (1.234,50 · 3,45) or '.'; None if unknown."""
    comma = dot = 0
    for line in po.lines:
        for column in (OrderLines.unit_price, "amount", OrderLines.qty):
            read = line.get(column)
            if read is None:
                continue
            for num in re.findall(NUMBER, read.text):
                if re.search(r",\d{1,2}$", num) or re.search(r"\.\d{3},", num):
                    comma += 1
                elif re.search(r"\.\d{1,2}$", num) or re.search(r",\d{3}\.", num):
                    dot += 1
    if comma > dot:
        return ","
    if dot > comma:
        return "."
    return None


def parse_number(text: str, mark: str | None) -> tuple[Decimal, float]:
    """A quantity or price as the order writes it, and how sure the reading is."""
    m = re.search(NUMBER, VAL.clean_text(text) or "")
    if not m:
        raise VAL.Unreadable(f"'{text}' is not a number")
    raw = m[0].replace("\u00a0", " ").replace("\u202f", " ")
    if _AMBIGUOUS_NUM.match(raw):  # 1.200 or 1,200: thousands, or a decimal with three places
        sep = raw[-4]
        if mark is None:
            return VAL.parse_decimal(raw.replace(sep, "")), 0.6
        whole = sep != mark
        return (VAL.parse_decimal(raw.replace(sep, "") if whole else raw.replace(",", ".")), 0.97)
    if mark == "," and re.fullmatch(r"\d+,\d{1,2}", raw):
        return VAL.parse_decimal(raw.replace(",", ".")), 0.99
    return VAL.parse_decimal(raw), 0.99


def _day_first(po: ReadPO, customer: str | None, lessons: Sequence[Lesson]) -> bool | None:
    """How this order writes 03/04/2026: a person's correction for this customer first, then any
    date on the order that reads one way only; None when nothing tells."""
    for lesson in reversed(lessons):
        if lesson.customer == customer and lesson.field == DATE_ORDER:
            return lesson.means.upper().startswith("D")
    for read in po.fields.values():
        for m in _NUMERIC_DATE.finditer(read.text):
            a, b = int(m[1]), int(m[3])
            if a > 12 >= b:
                return True
            if b > 12 >= a:
                return False
    return None


_ES_MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre"
)
_ES_MONTH = re.compile(rf"(?i)de(?=(?:{_ES_MONTHS}))|(?<=[a-z])(?<!\bde)(?=de\s*\d)")
# Month names as OCR or a plain-ASCII system writes them, without their accents.
_BARE_MONTHS = {"fevrier": "février", "aout": "août", "decembre": "décembre", "marz": "märz"}


def parse_when(text: str, day_first: bool | None) -> tuple[dt.date, float]:
    clean = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    # Words run together (OCR): "31 demarzo de2026" → "31 de marzo de 2026".
    clean = _ES_MONTH.sub(lambda m: "de " if m[0] else " ", clean)
    for bare, month in _BARE_MONTHS.items():
        clean = re.sub(rf"(?i)(?<![a-zà-ÿ]){bare}(?![a-zà-ÿ])", month, clean)
    clean = re.sub(
        r"(?<=\d)(?=[^\W\d_])(?![年月日号])|(?<=[^\W\d_])(?<![年月日])(?=\d)", " ", clean
    )
    m = _NUMERIC_DATE.search(clean)
    if m and int(m[1]) <= 12 and int(m[3]) <= 12 and m[1] != m[3]:
        day = VAL.parse_date(m[0], day_first=bool(day_first) if day_first is not None else True)
        return day, (0.96 if day_first is not None else 0.5)
    for candidate in (clean, *re.findall(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?", clean),
                      *re.findall(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}", clean)):  # fmt: skip
        try:
            return VAL.parse_date(candidate, day_first=True), 0.98
        except VAL.Unreadable:
            continue
    raise VAL.Unreadable(f"'{text}' is not a date")


# --- the order's fields -----------------------------------------------------------------------


# A digit among letters (0C-2026, PO-2O26 …): the shapes OCR confuses. Only for scanned text.
_OCR_LOOKALIKE = re.compile(r"(?<![0-9])[01][A-Z]|[A-Z][01](?![0-9])|(?<![A-Z])[OIl](?=[0-9])")


def _typed(column: str, read: Read, mark: str | None, day_first: bool | None) -> Value:
    out = Value(None, read.text, read.where, 0.0)
    try:
        if column in (Orders.order_date, Orders.requested_delivery):
            out.value, sure = parse_when(read.text, day_first)
        elif column == Orders.order_total:
            out.value, sure = parse_number(read.text, mark)
        elif column == Orders.currency:
            out.value, sure = _currency(read.text), 0.98
        elif column == Orders.payment_terms:
            out.value, sure = _payment_terms(read.text)
        elif column == Orders.customer_po:
            token = re.split(r"\s{2,}|\s+(?=\()|[,;]", read.text.strip())[0].strip(" .")
            out.value, sure = token or None, 0.98
            if read.confidence < 1 and _OCR_LOOKALIKE.search(token):
                sure = 0.8  # an OCR engine's 0 for O (or 1 for I) in a code: not sure
        elif column == Orders.ship_to:
            out.value, sure = read.text.strip(" ,") or None, 0.95
        else:
            out.value, sure = read.text, 0.9
    except VAL.Unreadable:
        return out
    out.confidence = round(read.confidence * sure, 3) if out.value is not None else 0.0
    return out


def _currency(text: str) -> str | None:
    low = V.fold(text)
    for code in re.findall(r"\b[a-z]{3}\b", low):
        if code.upper() in _ISO_CURRENCIES():
            return code.upper()
    for word, code in sorted(V.CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if word in low:
            return code
    raise VAL.Unreadable(f"'{text}' is not a currency")


@cache
def _ISO_CURRENCIES() -> frozenset[str]:
    from orderdesk.domain.reference import codes

    return frozenset(codes.currencies())


def _currency_from_prices(po: ReadPO) -> Value:
    """The currency written beside the prices, when all of them agree."""
    seen: dict[str, Read] = {}
    for line in po.lines:
        for column in (OrderLines.unit_price, "amount"):
            read = line.get(column)
            if read is None:
                continue
            try:
                seen.setdefault(_currency(read.text) or "", read)
            except VAL.Unreadable:
                continue
    if len(seen) == 1:
        code, read = next(iter(seen.items()))
        return Value(code, read.text, read.where, round(read.confidence * 0.96, 3))
    return Value()


_RUN_TOGETHER = (("openaccount", "open account"), ("letterofcredit", "letter of credit"),
                 ("againstcopy", "against copy"), ("beforeshipment", "before shipment"),
                 ("atsight", "at sight"), ("copyof", "copy of "))  # fmt: skip


def _payment_terms(text: str) -> tuple[str | None, float]:
    low = V.fold(text).replace("％", "%")
    low = re.sub(r"(?<=\d)[o]|[o](?=\d)", "0", low)  # OCR's o for 0 among digits
    for word, english in V.PAYMENT_WORDS:
        low = low.replace(word, english)
    for joined, spaced in _RUN_TOGETHER:
        low = low.replace(joined, spaced)
    low = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", low)
    term = payment_term(low)
    if term is None:
        raise VAL.Unreadable(f"'{text}' is not a payment term")
    sure = 0.95 if term.code in PAYMENT_TERMS else 0.5
    # An L/C or open account whose days the text does not spell out is read by default: unsure.
    said = set(re.findall(r"\d+", low))
    if term.code.startswith(("LC", "OA")) and (
        said - {str(term.days)} or (term.days and str(term.days) not in said)
    ):
        sure = 0.5
    return term.code, sure


# The code, then its place; OCR may run them together ("CFRRotterdam").
_INCOTERM = re.compile(
    r"\b("
    + "|".join(INCOTERMS)
    + r")(?:\b|(?=[A-Z][a-z]))\s*(?:incoterms?\s*(?:®\s*)?2020)?[\s,:-]*(.*)",
    re.I,
)


def _incoterm(out: Imported) -> None:
    """The Incoterm and its named place, from the labelled field or, failing that, any line."""
    read = out.po.fields.get(Orders.incoterm)
    candidates = [read] if read else []
    if not read:
        candidates = [
            Read(line.text, line.where, line.confidence * 0.95) for line in out.po.source.lines
        ]
    for r in candidates:
        m = _INCOTERM.search(r.text)
        if not m or (not read and m[1] != m[1].upper()):
            continue
        out.fields[Orders.incoterm] = Value(
            m[1].upper(), r.text, r.where, round(r.confidence * 0.98, 3)
        )
        place = re.split(r"[,;(]|\s{2,}|\bincoterms?\b|\s\|\s", m[2], flags=re.I)[0]
        place = re.sub(r"(?i)\b(?:port|puerto|hafen|港)\b", "", place).strip(" .-")
        if place:
            out.fields[Orders.named_place] = Value(
                place, r.text, r.where, round(r.confidence * 0.95, 3)
            )
        return
    out.fields.pop(Orders.incoterm, None)


@cache
def _countries() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for loc in ("en", "de", "es", "fr", "zh"):
        for code, name in Locale.parse(loc).territories.items():
            if len(code) == 2 and code.isalpha():
                names[V.fold(name)] = code
    names.update({"usa": "US", "u.s.a.": "US", "uk": "GB", "méxico": "MX", "españa": "ES"})
    return names


def _country(ship_to: Value) -> Value:
    text = V.fold(str(ship_to.value or ""))
    parts = [p.strip(" .") for p in re.split(r"[,\n]", text) if p.strip()]
    names = _countries()
    for part in reversed(parts[-2:]):
        if part in names:
            return Value(names[part], part, ship_to.where, round(ship_to.confidence, 3))
    # Chinese writes the country first and without commas: 新加坡 裕廊 …
    first = text.split(" ")[0] if text else ""
    for name, code in names.items():
        if len(name) >= 2 and not name.isascii() and first.startswith(name):
            return Value(code, name, ship_to.where, round(ship_to.confidence * 0.95, 3))
    return Value(None, parts[-1] if parts else "", ship_to.where, 0.0)


# --- lines ------------------------------------------------------------------------------------


def _line(
    read: ReadLine,
    mark: str | None,
    customer: str | None,
    products: Sequence[ProductRef],
    lessons: Sequence[Lesson],
) -> OrderLine:
    line = OrderLine(where=read.where)
    part = read.get(V.PART)
    desc = read.get(OrderLines.description)
    line.part = part.text if part else None
    product = match_product(
        part.text if part else None, desc.text if desc else None, customer, products, lessons
    )
    base = min(r.confidence for r in read.cells.values())
    src = part or desc
    sure = round(product.confidence * base, 3) if product.id else 0.0
    if product.id and part and desc and sure < 0.97:
        # A code read from a scan, checked by its description: the same product, or a doubt.
        named = next(p for p in products if p.sku == product.id)
        said = _compact(desc.text)
        agree = max(
            _similar(said, _compact(named.description)),
            _similar(said, _compact(named.description_zh or "")),
        )
        sure = max(sure, 0.97) if agree >= 80 else min(sure, 0.6)
    line.values[OrderLines.sku] = Value(
        product.id, src.text if src else "", src.where if src else None, sure
    )
    if desc:
        line.values[OrderLines.description] = Value(
            desc.text, desc.text, desc.where, desc.confidence
        )
    qty = read.get(OrderLines.qty)
    qty_value = _number_value(qty, mark)
    line.values[OrderLines.qty] = qty_value
    unit = read.get(OrderLines.unit)
    unit_text = unit.text if unit else (re.sub(NUMBER, "", qty.text).strip() if qty else "")
    code = V.UNIT_WORDS.get(V.fold(unit_text).strip(" ."), None) if unit_text else None
    if code is None and unit_text.upper().strip(" .") in set(V.UNIT_WORDS.values()):
        code = unit_text.upper().strip(" .")
    given = unit or qty
    where = given.where if given else None
    conf = given.confidence * 0.98 if given and code else 0.0
    sold = next((p.unit for p in products if p.sku == product.id), None) if product.id else None
    if code is None and sold and not unit_text:  # no unit written: the product's own
        code, conf = sold, 0.93 * product.confidence
    if code is not None and code == sold:
        conf = max(conf, 0.97)  # the unit read is the unit the product is sold in
    line.values[OrderLines.unit] = Value(code, unit_text, where, round(conf, 3))
    line.values[OrderLines.unit_price] = _number_value(read.get(OrderLines.unit_price), mark)
    amount = _number_value(read.get("amount"), mark)
    _cross_check(line, amount)
    return line


def _compact(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) if a and b else 0.0


def _number_value(read: Read | None, mark: str | None) -> Value:
    if read is None:
        return Value()
    try:
        number, sure = parse_number(read.text, mark)
    except VAL.Unreadable:
        return Value(None, read.text, read.where, 0.0)
    return Value(number, read.text, read.where, round(read.confidence * sure, 3))


def _cross_check(line: OrderLine, amount: Value) -> None:
    """Quantity × price = amount confirms all three; a sum that fails trusts none of them."""
    qty, price = line.get(OrderLines.qty), line.get(OrderLines.unit_price)
    if amount.value is None:
        if qty.value is not None and price.value is not None:
            line.values[OrderLines.amount] = Value(
                qty.value * price.value, "", None, min(qty.confidence, price.confidence)
            )
        return
    if qty.value is None or price.value is None:
        return
    if abs(qty.value * price.value - amount.value) <= Decimal("0.011"):
        for v in (qty, price):
            v.confidence = max(v.confidence, min(0.99, amount.confidence + 0.1))
        line.values[OrderLines.amount] = amount
    else:
        for v in (qty, price):
            v.confidence = min(v.confidence, 0.5)


def _check_total(out: Imported) -> None:
    total = out.fields.get(Orders.order_total)
    amounts = [ln.get(OrderLines.amount).value for ln in out.lines]
    if total is None or total.value is None or not amounts or None in amounts:
        return
    if abs(sum(amounts) - total.value) > Decimal("0.011"):
        total.confidence = min(total.confidence, 0.5)


# --- what is written, what is asked ----------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A field left blank: missing from the order, or read but not surely (`read` says what)."""

    column: str
    line: int | None  # 1-based line of the order, None for the order itself
    read: str
    product: str = ""


def gaps(imported: Imported, threshold: float) -> list[Gap]:
    out = []
    for column in ASKED:
        v = imported.fields.get(column, Value())
        if (
            column == Orders.named_place
            and imported.fields.get(Orders.incoterm, Value()).value is None
        ):
            continue
        if not v.sure(threshold):
            out.append(Gap(column, None, v.read if v.value is not None or v.read else ""))
    v = imported.fields.get(Orders.order_date, Value())
    if v.read and not v.sure(threshold):
        out.append(Gap(Orders.order_date, None, v.read))
    for n, line in enumerate(imported.lines, start=1):
        desc = line.values.get(OrderLines.description)
        product = " ".join(x for x in (line.part, desc.read if desc else "") if x)
        for column in LINE_ASKED:
            v = line.get(column)
            if not v.sure(threshold):
                out.append(Gap(column, n, v.read, product))
    return out


def learn(
    imported_fields: Sequence[Mapping[str, Any]],
    now: Mapping[tuple[str, int | None], Mapping[str, Any]],
    customers: Mapping[str, str],
    known: Sequence[Lesson],
) -> list[Lesson]:
    """What people taught by correcting imported orders.

    `imported_fields`: the IntakeFields rows (order_id, line_no, field, read, written);
    `now`: the order's and its lines' current values by (order, line) (line None: the order);
    `customers`: order → customer. A line's SKU that a person set where Import PO wrote another
    or none teaches that this customer's part number means that SKU; an order date a person
    turned from day-first into month-first (or back) teaches the customer's date order.
    """
    have = {(k.customer, k.field, k.they_write.upper()) for k in known}
    out: list[Lesson] = []
    for rec in imported_fields:
        order, line_no, column = rec["order_id"], rec["line_no"], rec["field"]
        customer = customers.get(order)
        current = now.get((order, line_no), {}).get(column)
        if not customer or current in (None, "") or not rec.get("read"):
            continue
        written = rec.get("written")
        if column == SKU_FIELD and str(current) != str(written or ""):
            lesson = Lesson(customer, SKU_FIELD, str(rec["read"]), str(current))
        elif column == Orders.order_date and isinstance(current, dt.date):
            order_of = _date_order(rec["read"], current)
            if order_of is None or str(current) == str(written or ""):
                continue
            lesson = Lesson(customer, DATE_ORDER, rec["read"], order_of)
        else:
            continue
        key = (lesson.customer, lesson.field, lesson.they_write.upper())
        if key not in have:
            have.add(key)
            out.append(lesson)
    return out


def _date_order(read: str, meant: dt.date) -> str | None:
    m = _NUMERIC_DATE.search(read)
    if not m:
        return None
    a, b = int(m[1]), int(m[3])
    if (a, b) == (meant.day, meant.month):
        return "DMY"
    if (a, b) == (meant.month, meant.day):
        return "MDY"
    return None
