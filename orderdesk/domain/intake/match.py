"""Who sent the purchase order, and which of our products each line means.

The customer is named by the surest thing the order carries: the sender's e-mail domain or a
VAT number (one customer each, or none), else its name or one of its aliases, read fuzzily
(`rapidfuzz`) in the letterhead and the labelled buyer. Two customers that fit about equally
well are never chosen between: the order is refused and a person decides. A product is named by
our SKU written on the line, by what a person taught for this customer's part number (the
Learned sheet), or by its description, fuzzily, in English or Chinese, when one product fits
clearly better than the next.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from orderdesk.domain.intake.extract import ReadPO

# Mail services anyone can use: their domain names no customer.
PUBLIC_MAIL = frozenset(
    {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "qq.com",
     "163.com", "126.com", "icloud.com", "gmx.de", "web.de", "orange.fr", "live.com"}
)  # fmt: skip
_LEGAL = re.compile(
    r"\b(?:inc|llc|ltd|limited|co|corp|company|gmbh|ag|kg|sarl|sas|sa|s\.a|sl|s\.l|bv|b\.v|"
    r"pty|pte|sdn|bhd|ltda|lda|sp z o o|de cv|s\.a\.s|kk|plc)\b\.?",
)
NAME_SURE = 90  # a name read this well (0-100) names the customer …
NAME_MARGIN = 8  # … when the next best customer reads this much worse


@dataclass(frozen=True)
class CustomerRef:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    email: str | None = None
    vat: str | None = None
    country: str | None = None
    language: str | None = None
    currency: str | None = None

    @property
    def domains(self) -> set[str]:
        return {
            e.split("@")[-1].strip().lower()
            for e in re.split(r"[;,\s]+", self.email or "")
            if "@" in e
        } - PUBLIC_MAIL


@dataclass(frozen=True)
class ProductRef:
    sku: str
    description: str
    description_zh: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Lesson:
    """What a person taught: this customer writes `they_write` for `field`, meaning `means`."""

    customer: str
    field: str
    they_write: str
    means: str


@dataclass(frozen=True)
class Match:
    """A record found, how sure (0-1), why; or the candidates that stopped a guess."""

    id: str | None
    confidence: float
    reason: str
    rivals: tuple[str, ...] = ()


def name_key(text: str) -> str:
    """A company name as compared: no accents, case, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _LEGAL.sub(" ", re.sub(r"[^\w\s]", " ", text))
    return " ".join(text.replace("ß", "ss").split())


def vat_key(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", text).upper())


def match_customer(
    po: ReadPO, customers: Sequence[CustomerRef], own_names: Iterable[str] = ()
) -> Match:
    """The customer who sent the order (see the module's docstring)."""
    by_domain: dict[str, set[str]] = {}
    for c in customers:
        for d in c.domains:
            by_domain.setdefault(d, set()).add(c.id)
    strong: dict[str, str] = {}
    for email in po.emails:
        for cid in by_domain.get(email.split("@")[-1], set()):
            strong.setdefault(cid, f"e-mail domain of {email}")
    text_key = vat_key(" ".join(po.source.text_lines()))
    for c in customers:
        key = vat_key(c.vat or "")
        if len(key) >= 8 and key in text_key:
            strong.setdefault(c.id, f"VAT number {c.vat}")
    names = _name_scores(po, customers, own_names)
    ranked = sorted(names.items(), key=lambda kv: -kv[1])
    if len(strong) == 1:
        (cid, why), best = next(iter(strong.items())), ranked[0] if ranked else None
        if best and best[0] != cid and best[1] >= 95 and names.get(cid, 0) < 80:
            return Match(
                None, 0.0, "the e-mail or VAT number and the name disagree", (cid, best[0])
            )
        return Match(cid, 0.99, why)
    if len(strong) > 1:
        top = [cid for cid, _ in ranked[:1] if cid in strong]
        if top and names[top[0]] >= NAME_SURE:
            return Match(top[0], 0.97, f"{strong[top[0]]} and its name")
        return Match(None, 0.0, "several customers share this e-mail domain", tuple(sorted(strong)))
    if not ranked or ranked[0][1] < NAME_SURE:
        return Match(None, 0.0, "no customer's name, e-mail domain or VAT number is on it")
    first, s1 = ranked[0]
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    if s1 - s2 < NAME_MARGIN:
        rivals = tuple(cid for cid, s in ranked if s1 - s < NAME_MARGIN)
        return Match(None, 0.0, "two customers' names fit about equally well", rivals)
    return Match(first, round(s1 / 100, 3), "its name")


def _name_scores(
    po: ReadPO, customers: Sequence[CustomerRef], own_names: Iterable[str]
) -> dict[str, float]:
    own = [name_key(n) for n in own_names if n]
    texts = []
    for read in po.buyer:
        key = name_key(read.text)
        if key and not any(o and fuzz.partial_ratio(o, key) >= 90 for o in own):
            texts.append((key, read.confidence))
    scores: dict[str, float] = {}
    for c in customers:
        best = 0.0
        for name in (c.name, *c.aliases):
            key = name_key(name)
            if len(key) < 4:
                continue
            for text, conf in texts:
                if len(text) < len(key) * 0.6:
                    continue
                best = max(best, fuzz.partial_ratio(key, text) * min(1.0, conf + 0.05))
        if best:
            scores[c.id] = best
    return scores


# --- products ---------------------------------------------------------------------------------


def part_key(text: str) -> str:
    return re.sub(r"[\s.\-_/]", "", unicodedata.normalize("NFKC", text).upper())


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def match_product(
    part: str | None,
    description: str | None,
    customer: str | None,
    products: Sequence[ProductRef],
    lessons: Sequence[Lesson] = (),
) -> Match:
    """Our product on a line: SKU written, a learned part number, or a clear description."""
    skus = {part_key(p.sku): p.sku for p in products}
    written = {part_key(t) for t in (part, description) if t}
    for lesson in reversed(lessons):
        taught = part_key(lesson.means)
        if (
            lesson.customer == customer
            and part_key(lesson.they_write) in written
            and taught in skus
        ):
            return Match(skus[taught], 0.98, f"learned: {lesson.they_write} is {lesson.means}")
    if part:
        key = part_key(part)
        if key in skus:
            return Match(skus[key], 0.99, "our SKU")
    for token in re.findall(r"[A-Z]{2}-?\d{4}", (description or "").upper()):
        if part_key(token) in skus:
            return Match(skus[part_key(token)], 0.97, "our SKU in the description")
    if not description or len(description.strip()) < 4:
        return Match(None, 0.0, "no description to go by")
    return _by_description(description, products)


def _by_description(description: str, products: Sequence[ProductRef]) -> Match:
    zh = _cjk(description)
    choices = {p.sku: (p.description_zh if zh else p.description) or "" for p in products}
    query = description if zh else name_key(description)
    found = process.extract(
        query,
        {k: (v if zh else name_key(v)) for k, v in choices.items()},
        scorer=fuzz.token_set_ratio if not zh else fuzz.ratio,
        limit=2,
    )
    if not found:
        return Match(None, 0.0, "no product description fits")
    (_, s1, sku), *rest = found
    s2 = rest[0][1] if rest else 0.0
    if s1 - s2 < 6:
        return Match(None, min(s1, 60) / 100, "two products fit the description", (sku, rest[0][2]))
    return Match(sku, round(s1 / 100, 3), "its description")
