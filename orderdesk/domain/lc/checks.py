"""Check what OrderDesk would present under a letter of credit against the credit, as a bank's
document checker does (UCP 600, ISBP 745), before the documents go to the bank.

Input: the credit, the commercial invoice, packing list and proforma invoice as the documents
area builds them (`orderdesk.domain.documents.content.build`, the same figures the PDFs print),
the order's shipment legs (Shipments sheet) and the dates. Output: one `Discrepancy` per finding,
each with the document, the field, what the credit says, what the document says, the article and
a severity:

- discrepancy: a bank would refuse the presentation as it stands (or it cannot be made at all);
- risk: not refused yet, but it will be unless something is done (an amendment, a date kept);
- note: what the user must do or obtain by hand (documents OrderDesk does not make, 47A
  conditions it cannot check, originals to sign).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from orderdesk.domain.documents.models import Document
from orderdesk.domain.lc.model import Credit
from orderdesk.domain.reference import codes
from orderdesk.domain.reference.incoterms import INCOTERMS
from orderdesk.domain.reference.transport import port_name


class Severity(StrEnum):
    DISCREPANCY = "discrepancy"
    RISK = "risk"
    NOTE = "note"


SEVERITY_ORDER = {Severity.DISCREPANCY: 0, Severity.RISK: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class Discrepancy:
    document: str  # CI, PL, B/L, insurance, presentation …
    field: str  # the credit's field, e.g. "32B/39A amount"
    lc_says: str
    document_says: str
    article: str  # "UCP 600 art. 18(b)"
    severity: Severity
    note: str = ""


@dataclass(frozen=True)
class Leg:
    """One Shipments row: a container (or parcel) on a vessel between two ports."""

    mode: str = ""
    bl_no: str = ""
    container: str = ""
    vessel: str = ""
    port_of_loading: str = ""  # UN/LOCODE
    port_of_discharge: str = ""
    atd: dt.date | None = None
    etd: dt.date | None = None


@dataclass
class Presentation:
    """What OrderDesk would present for one order, and when."""

    ci: Document | None
    pl: Document | None = None
    pi: Document | None = None
    refused: dict[str, list[str]] = field(default_factory=dict)  # kind → why it cannot be made
    early: dict[str, str] = field(default_factory=dict)  # kind → "made from stage X on" only
    legs: Sequence[Leg] = ()
    on_board: dt.date | None = None  # the actual on-board date, once it has happened
    planned: dt.date | None = None  # the planned shipment date (ETD, else promised)
    presented_on: dt.date | None = None
    order_pod: str = ""  # the order's port of discharge (the end of the carriage)
    seller_name: str = ""
    seller_address: str = ""
    today: dt.date = dt.date(2000, 1, 1)  # always given by the caller


D, R, N = Severity.DISCREPANCY, Severity.RISK, Severity.NOTE


def check(credit: Credit, p: Presentation) -> list[Discrepancy]:
    """Every finding for one credit and what would be presented under it, worst first."""
    out: list[Discrepancy] = []
    for rule in RULES:
        out.extend(rule(credit, p))
    return sorted(out, key=lambda d: SEVERITY_ORDER[d.severity])


# --- text helpers ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)  # the same names and addresses come back credit after credit
def _fold(text: str) -> str:
    """Upper case, accents off, punctuation as spaces: how two names are compared (a bank does
    not refuse "CO., LTD." against "CO LTD")."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9A-Za-z]+", " ", plain).upper().split())


def _first_line(text: str) -> str:
    return next((x.strip() for x in text.splitlines() if x.strip()), "")


def _money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


_COUNTRY_ALIASES = {
    "USA": "US",
    "U S A": "US",
    "UNITED STATES": "US",
    "UK": "GB",
    "UNITED KINGDOM": "GB",
    "UAE": "AE",
    "U A E": "AE",
    "PRC": "CN",
    "P R CHINA": "CN",
    "PEOPLES REPUBLIC OF CHINA": "CN",
    "SOUTH KOREA": "KR",
    "KOREA": "KR",
    "VIETNAM": "VN",
    "RUSSIA": "RU",
    "TAIWAN": "TW",
    "HONG KONG": "HK",
    "TURKEY": "TR",
}


def _country_names() -> list[tuple[str, str]]:
    names = dict(_COUNTRY_ALIASES)
    for code in codes.countries():
        name = codes.country_name(code)
        if name and "," not in name:
            names.setdefault(_fold(name), code)
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


_NAMES: list[tuple[str, str]] = []


@lru_cache(maxsize=8192)
def country_in(text: str) -> str:
    """The ISO country an address names (its last mention wins: the country ends an address)."""
    global _NAMES
    if not _NAMES:
        _NAMES = _country_names()
    folded = f" {_fold(text)} "
    best, at = "", -1
    for name, code in _NAMES:
        i = folded.rfind(f" {name} ")
        if i > at:
            best, at = code, i
    return best


# --- amount, currency, quantity ------------------------------------------------------------------


def _amount(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci
    if doc is None or doc.totals is None:
        return
    total = doc.totals.total
    if total.currency != credit.currency:
        yield Discrepancy(
            "CI",
            "32B currency",
            credit.currency,
            total.currency,
            "UCP 600 art. 18(a)(iii)",
            D,
            "The invoice must be made out in the currency of the credit.",
        )
        return
    tol = credit.tolerance_plus or Decimal(0)
    allowed = _money(credit.amount, credit.currency) + (
        f" + {(tol * 100).normalize():f} %" if tol else ""
    )
    if total.amount > credit.maximum():
        over = total.amount - credit.maximum()
        yield Discrepancy(
            "CI",
            "32B/39A amount",
            allowed,
            _money(total.amount, total.currency),
            "UCP 600 art. 18(b)",
            D,
            f"The invoice is {_money(over, total.currency)} over what the credit pays: ask the "
            "buyer to amend the amount, or invoice no more than the credit allows.",
        )
    elif total.amount < credit.minimum() and credit.partial_shipments == "NOT ALLOWED":
        yield Discrepancy(
            "CI",
            "32B/39A amount",
            allowed,
            _money(total.amount, total.currency),
            "UCP 600 art. 30(c), 31(b)",
            R,
            "Less than the credit's amount with partial shipments not allowed: a bank accepts a "
            "drawing up to 5 % short only when the full quantity ships at the credit's prices.",
        )
    if credit.additional_amounts:
        yield Discrepancy(
            "CI",
            "39C additional amounts",
            credit.additional_amounts,
            "",
            "UCP 600 art. 18(b)",
            N,
            "Check by hand: amounts the credit covers beyond 32B.",
        )


_COUNT_UNITS = {
    "PCS": "PCS",
    "PC": "PCS",
    "PIECE": "PCS",
    "PIECES": "PCS",
    "UNITS": "PCS",
    "UNIT": "PCS",
    "SET": "SET",
    "SETS": "SET",
    "PR": "PR",
    "PAIR": "PR",
    "PAIRS": "PR",
    "DZ": "DZ",
    "DOZEN": "DZ",
    "CTN": "CTN",
    "CTNS": "CTN",
    "CARTON": "CTN",
    "CARTONS": "CTN",
    "ROL": "ROL",
    "ROLL": "ROL",
    "ROLLS": "ROL",
}
_MEASURE_UNITS = {
    "KG": "KG",
    "KGS": "KG",
    "KILOGRAMS": "KG",
    "MT": "T",
    "T": "T",
    "TONS": "T",
    "TONNES": "T",
    "M": "M",
    "METERS": "M",
    "METRES": "M",
    "M2": "M2",
    "SQM": "M2",
    "M3": "M3",
    "CBM": "M3",
    "L": "L",
    "LITRES": "L",
    "LITERS": "L",
}
_QTY = re.compile(
    r"(?P<about>\b(?:ABOUT|APPROXIMATELY|APPROX\.?|CIRCA)\s+)?"
    r"\b(?P<qty>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?\s*"
    r"(?P<unit>"
    + "|".join(sorted({*_COUNT_UNITS, *_MEASURE_UNITS}, key=len, reverse=True))
    + r")\b",
)


def stated_quantities(goods: str) -> dict[str, tuple[Decimal, bool]]:
    """The quantities 45A states, per unit: (total, "about" said)."""
    out: dict[str, tuple[Decimal, bool]] = {}
    for m in _QTY.finditer(goods.upper()):
        before = goods.upper()[max(0, m.start() - 4) : m.start()]
        if re.search(r"(NO\.|[A-Z]-)\s*$", before):  # PI NO. 123, SO-2026-…: not a quantity
            continue
        unit_word = m.group("unit")
        unit = _COUNT_UNITS.get(unit_word) or _MEASURE_UNITS[unit_word]
        qty = Decimal(m.group("qty").replace(",", "") + "." + (m.group("dec") or "0"))
        total, about = out.get(unit, (Decimal(0), False))
        out[unit] = (total + qty, about or bool(m.group("about")))
    return out


def _quantity(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci
    if doc is None:
        return
    stated = stated_quantities(credit.goods)
    for unit, (qty, about) in stated.items():
        shipped = sum(
            (
                x.qty
                for x in doc.lines
                if (_COUNT_UNITS.get(x.unit) or _MEASURE_UNITS.get(x.unit, x.unit)) == unit
            ),
            Decimal(0),
        )
        document = "CI"
        if not any(
            (_COUNT_UNITS.get(x.unit) or _MEASURE_UNITS.get(x.unit, x.unit)) == unit
            for x in doc.lines
        ):
            # Goods sold by the piece and described by weight: the packing list's net weight.
            totals = p.pl.packing_totals if p.pl is not None else None
            if unit != "KG" or totals is None:
                continue
            shipped, document = totals.net_kg, "PL"
        counted = unit in _COUNT_UNITS.values()
        if about:
            tol, article = Decimal("0.10"), "UCP 600 art. 30(a)"
        elif counted:
            tol, article = Decimal(0), "UCP 600 art. 30(b)"
        else:
            tol, article = Decimal("0.05"), "UCP 600 art. 30(b)"
        lo, hi = qty * (1 - tol), qty * (1 + tol)
        said = f"{'ABOUT ' if about else ''}{qty:,f} {unit}".replace(".0 ", " ")
        shows = f"{shipped:,f} {unit}"
        if shipped > hi:
            yield Discrepancy(
                document,
                "45A quantity",
                said,
                shows,
                article,
                D,
                "More than the credit allows"
                + (
                    " (no tolerance: the credit counts the goods in units)"
                    if tol == 0
                    else f" ({tol * 100:g} % tolerance)"
                ),
            )
        elif shipped < lo:
            partial = credit.partial_shipments == "NOT ALLOWED"
            yield Discrepancy(
                document,
                "45A quantity",
                said,
                shows,
                f"{article}; UCP 600 art. 31" if partial else article,
                D if partial else N,
                "Less than the credit's quantity"
                + (
                    ": with partial shipments not allowed the rest cannot follow"
                    if partial
                    else ": a partial shipment (allowed by 43P)"
                ),
            )


# --- dates -----------------------------------------------------------------------------------------


def _dates(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    latest = credit.latest_shipment
    expiry = credit.expiry_date
    if p.on_board is not None:
        if latest and p.on_board > latest:
            yield Discrepancy(
                "B/L",
                "44C latest shipment",
                latest.isoformat(),
                f"on board {p.on_board.isoformat()}",
                "UCP 600 art. 20(a)(ii)",
                D,
                "Shipped after the latest shipment date: only an amendment of 44C (and 31D) "
                "cures it.",
            )
        if p.on_board > expiry:
            yield Discrepancy(
                "B/L",
                "31D expiry",
                expiry.isoformat(),
                f"on board {p.on_board.isoformat()}",
                "UCP 600 art. 6(e)",
                D,
                "Shipped after the credit expired.",
            )
        last = credit.last_presentation(p.on_board)
        when = p.presented_on
        if when is not None and when > last:
            yield Discrepancy(
                "Presentation",
                "48 presentation period",
                f"{credit.days_to_present} days after shipment, by {last.isoformat()}",
                f"presented {when.isoformat()}",
                "UCP 600 art. 14(c)" if last < expiry else "UCP 600 art. 6(e)",
                D,
                "Presented too late.",
            )
        elif when is None and p.today > last:
            yield Discrepancy(
                "Presentation",
                "48 presentation period",
                f"{credit.days_to_present} days after shipment, by {last.isoformat()}",
                f"not presented by {p.today.isoformat()}",
                "UCP 600 art. 14(c)" if last < expiry else "UCP 600 art. 6(e)",
                D,
                "The period to present has ended: the documents are stale or the credit expired.",
            )
        elif when is None:
            yield Discrepancy(
                "Presentation",
                "48 presentation period",
                f"{credit.days_to_present} days after shipment, not after {expiry.isoformat()}",
                f"present by {last.isoformat()} ({(last - p.today).days} days left)",
                "UCP 600 art. 14(c)",
                N,
            )
        return
    if latest and p.today > latest:
        yield Discrepancy(
            "B/L",
            "44C latest shipment",
            latest.isoformat(),
            f"not shipped by {p.today.isoformat()}",
            "UCP 600 art. 20(a)(ii)",
            D,
            "The latest shipment date has passed: ask the buyer to amend 44C and 31D.",
        )
    elif p.today > expiry:
        yield Discrepancy(
            "Presentation",
            "31D expiry",
            expiry.isoformat(),
            f"not presented by {p.today.isoformat()}",
            "UCP 600 art. 6(e)",
            D,
            "The credit has expired.",
        )
    elif latest and p.planned and p.planned > latest:
        yield Discrepancy(
            "B/L",
            "44C latest shipment",
            latest.isoformat(),
            f"planned {p.planned.isoformat()}",
            "UCP 600 art. 20(a)(ii)",
            R,
            "The planned shipment is after the latest shipment date: ship earlier or ask for an "
            "amendment now.",
        )
    if latest and (expiry - latest).days < credit.days_to_present:
        yield Discrepancy(
            "Presentation",
            "31D/44C/48",
            f"expiry {expiry.isoformat()}, latest shipment {latest.isoformat()}",
            f"{(expiry - latest).days} days between them",
            "UCP 600 art. 14(c), 6(e)",
            N,
            f"Shipping on the latest day leaves fewer than the {credit.days_to_present} days to "
            "present: the expiry date cuts the period short.",
        )


def _expiry_place(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    place = credit.expiry_place
    home = country_in(p.seller_address) or country_in(credit.beneficiary)
    if not place or not home:
        return
    there = country_in(place)
    words = _fold(place)
    if there and there != home and "BENEFICIAR" not in words and "NEGOTIAT" not in words:
        yield Discrepancy(
            "Presentation",
            "31D place of expiry",
            place,
            f"documents presented in {codes.country_name(home) or home}",
            "UCP 600 art. 6(d)(ii)",
            R,
            "The credit expires abroad: the documents must reach a bank there by the expiry date; "
            "ask for expiry in the beneficiary's country.",
        )


# --- shipment: partial, transhipment, ports ------------------------------------------------


def _voyages(legs: Sequence[Leg]) -> set[tuple[str, str, str]]:
    return {
        (_fold(x.vessel), x.port_of_loading, x.port_of_discharge)
        for x in legs
        if x.vessel or x.bl_no
    }


def _partial(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    if credit.partial_shipments != "NOT ALLOWED":
        return
    ocean = [x for x in p.legs if x.mode in ("", "ocean")]
    # Legs of one journey (same vessel, same ports) are one shipment, however many B/Ls
    # (art. 31(b)); a container that changes vessel is transhipment, not a second shipment.
    starts = {
        (_fold(x.vessel), x.port_of_loading)
        for x in ocean
        if x.port_of_loading and not _transhipped_leg(x, ocean)
    }
    if len(starts) > 1:
        yield Discrepancy(
            "B/L",
            "43P partial shipments",
            "NOT ALLOWED",
            "; ".join(sorted(f"{v or '?'} from {pol}" for v, pol in starts)),
            "UCP 600 art. 31(a), 31(b)",
            D,
            "The goods leave on more than one vessel or journey: partial shipment.",
        )
    if p.ci is not None:
        short = [x for x in p.ci.lines if x.ordered is not None]
        if short:
            yield Discrepancy(
                "CI",
                "43P partial shipments",
                "NOT ALLOWED",
                "; ".join(f"line {x.no}: {x.qty:,f} of {x.ordered:,f} {x.unit}" for x in short),
                "UCP 600 art. 31",
                N,
                "Fewer goods ship than were ordered: the rest cannot follow under this credit.",
            )


def _transhipped_leg(leg: Leg, legs: Sequence[Leg]) -> bool:
    """A leg that continues another: it starts where an earlier leg of the same container (or
    B/L) was discharged on another vessel."""
    return any(
        o is not leg
        and o.port_of_discharge == leg.port_of_loading
        and _fold(o.vessel) != _fold(leg.vessel)
        and (
            (leg.container and o.container == leg.container) or (leg.bl_no and o.bl_no == leg.bl_no)
        )
        for o in legs
    )


def _transhipment(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    if credit.transhipment != "NOT ALLOWED":
        return
    ocean = [x for x in p.legs if x.mode in ("", "ocean")]
    hops = [x for x in ocean if _transhipped_leg(x, ocean)]
    if not hops:
        return
    via = ", ".join(sorted({port_name(x.port_of_loading) for x in hops}))
    boxed = all(x.container for x in hops)
    yield Discrepancy(
        "B/L",
        "43T transhipment",
        "NOT ALLOWED",
        f"transhipped at {via}",
        "UCP 600 art. 20(c)(ii)" if boxed else "UCP 600 art. 20(c)",
        N if boxed else D,
        "Acceptable although the credit prohibits it: the goods go in containers covered by "
        "one B/L for the entire carriage (art. 20(c)(ii))."
        if boxed
        else "Transhipment of goods not in containers, which the credit prohibits.",
    )


def _port_matches(text: str, code: str) -> bool:
    if not code:
        return True
    folded = f" {_fold(text)} "
    name = _fold(port_name(code))
    if f" {name} " in folded or f" {code} " in folded:
        return True
    if "ANY" in folded.split():
        country = country_in(text)
        return not country or country == code[:2]
    return False


def _ports(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci or p.pi
    pairs = (
        ("44E port of loading", credit.port_of_loading, "port_of_loading"),
        ("44F port of discharge", credit.port_of_discharge, "port_of_discharge"),
    )
    for label, text, attr in pairs:
        if not text.strip():
            continue
        seen: dict[str, str] = {}
        if doc is not None and getattr(doc, attr):
            seen[getattr(doc, attr)] = "CI" if doc is p.ci else "PI"
        for leg in p.legs:
            if (
                attr == "port_of_loading"
                and leg.port_of_loading
                and not _transhipped_leg(leg, p.legs)
            ):
                seen.setdefault(leg.port_of_loading, "B/L")
            if attr == "port_of_discharge" and leg.port_of_discharge == (
                p.order_pod or leg.port_of_discharge
            ):
                seen.setdefault(leg.port_of_discharge, "B/L")
        for code, where in seen.items():
            if not _port_matches(text, code):
                yield Discrepancy(
                    where,
                    label,
                    text.replace("\n", " "),
                    f"{port_name(code)} ({code})",
                    "UCP 600 art. 20(a)(iii)",
                    D,
                    "The transport document must show the ports the credit names.",
                )


# --- the invoice: trade term, goods, parties --------------------------------------------------

_TERM = re.compile(
    r"\b(?P<term>" + "|".join(INCOTERMS) + r")\b[ ,]+(?P<place>[A-Z][A-Z .'()/-]*?)"
    r"(?=\s*(?:,|;|\.\s|\.$|\n|$|\bINCOTERMS?\b|\bPORT\b|\(|\bAS\b|\bPER\b))"
)
_SOURCE = re.compile(r"\bINCOTERMS?\s*(?:®\s*)?(?P<year>\d{4})\b")


def _trade_term(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci or p.pi
    text = credit.goods.upper()
    m = _TERM.search(text)
    if doc is None or m is None:
        return
    kind = "CI" if doc is p.ci else "PI"
    term, place = m.group("term"), m.group("place").strip(" .,")
    shows = f"{doc.incoterm} {doc.named_place}".strip()
    if term != doc.incoterm:
        yield Discrepancy(
            kind,
            "45A trade term",
            f"{term} {place}",
            shows,
            "UCP 600 art. 18(c); ISBP 745 C8",
            D,
            "The invoice must state the trade term of the credit's goods description.",
        )
        return
    a, b = _fold(place), _fold(doc.named_place)
    if a and b and a not in b and b not in a and _fold(port_name(b)) != a:
        yield Discrepancy(
            kind,
            "45A named place",
            f"{term} {place}",
            shows,
            "UCP 600 art. 18(c); ISBP 745 C8",
            D,
            "The invoice must name the place of the credit's trade term.",
        )
    year = _SOURCE.search(text)
    if year and year.group("year") != "2020":
        yield Discrepancy(
            kind,
            "45A trade term source",
            f"INCOTERMS {year.group('year')}",
            "Incoterms® 2020",
            "ISBP 745 C8",
            D,
            "When the credit names the source of the trade term, the invoice must name the same.",
        )


_PI_REF = re.compile(r"PRO[- ]?FORMA\s+INVOICE\s+(?:NO\.?|NUMBER|#)?\s*(?P<no>[A-Z0-9][A-Z0-9/-]*)")
_STOP = frozenset(
    ("THE", "AND", "OF", "FOR", "WITH", "IN", "AS", "PER", "TO", "FROM", "GOODS", "QUANTITY")
)


def _goods(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci
    if doc is None or not credit.goods.strip():
        return
    quoted = doc.lc.goods if doc.lc else ""
    if _fold(quoted) != _fold(credit.goods):
        yield Discrepancy(
            "CI",
            "45A goods",
            _first_line(credit.goods),
            _first_line(quoted) or "(not quoted)",
            "UCP 600 art. 18(c)",
            D,
            "The invoice's description of the goods must correspond with the credit's.",
        )
    ref = _PI_REF.search(credit.goods.upper())
    if ref:
        theirs = ref.group("no").rstrip(".,")
        ours = p.pi.number if p.pi else f"PI-{doc.order_id}"
        if _fold(theirs) != _fold(ours):
            yield Discrepancy(
                "CI",
                "45A goods",
                f"as per proforma invoice {theirs}",
                f"proforma invoice {ours}",
                "UCP 600 art. 18(c)",
                D,
                "The credit describes the goods by another proforma invoice than this order's.",
            )
        return
    described = set(_fold(credit.goods).split())
    for line in doc.lines:
        words = {w for w in _fold(f"{line.sku} {line.description}").split() if w not in _STOP}
        words = {w for w in words if len(w) > 2 and not w.isdigit()}
        if words and not words & described:
            yield Discrepancy(
                "CI",
                "45A goods",
                _first_line(credit.goods),
                f"line {line.no}: {line.description}",
                "UCP 600 art. 18(c)",
                R,
                "Goods on the invoice that the credit's description does not mention: a bank "
                "may hold them not to correspond.",
            )


def _parties(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    doc = p.ci or p.pi
    if doc is None:
        return
    kind = "CI" if doc is p.ci else "PI"
    applicant = _first_line(credit.applicant)
    if applicant and _fold(doc.buyer.name) != _fold(applicant):
        yield Discrepancy(
            kind,
            "50 applicant",
            applicant,
            doc.buyer.name,
            "UCP 600 art. 18(a)(ii)",
            D,
            "The invoice must be made out in the name of the applicant, as the credit writes it.",
        )
    want = country_in(credit.applicant)
    got = country_in(f"{doc.buyer.address} {codes.country_name(doc.buyer.country) or ''}")
    if want and got and want != got:
        yield Discrepancy(
            kind,
            "50 applicant address",
            credit.applicant.replace("\n", ", "),
            doc.buyer.address.replace("\n", ", "),
            "UCP 600 art. 14(j)",
            D,
            "The applicant's address must be in the country the credit names.",
        )
    beneficiary = _first_line(credit.beneficiary)
    seller = p.seller_name or doc.seller.name
    if beneficiary and _fold(seller) != _fold(beneficiary):
        yield Discrepancy(
            kind,
            "59 beneficiary",
            beneficiary,
            seller,
            "UCP 600 art. 18(a)(i)",
            D,
            "The invoice must be issued by the beneficiary as the credit names it: ask for an "
            "amendment of 59, or issue the documents in that name.",
        )
    want = country_in(credit.beneficiary)
    got = country_in(p.seller_address or doc.seller.address)
    if want and got and want != got:
        yield Discrepancy(
            kind,
            "59 beneficiary address",
            credit.beneficiary.replace("\n", ", "),
            (p.seller_address or doc.seller.address).replace("\n", ", "),
            "UCP 600 art. 14(j)",
            D,
            "The beneficiary's address must be in the country the credit names.",
        )


# --- 46A documents, 47A conditions, 42C ------------------------------------------------------


@dataclass(frozen=True)
class Required:
    """One document 46A asks for, and who makes it."""

    text: str
    name: str
    made_by_orderdesk: bool
    who: str
    article: str


_KINDS: tuple[tuple[str, str, bool, str, str], ...] = (
    (r"INSURANCE", "Insurance document", False, "the insurer", "UCP 600 art. 28"),
    (r"PACKING\s+LIST|WEIGHT\s+(AND|&)\s+MEASUREMENT\s+LIST", "Packing list", True, "PL", "UCP 600 art. 14(f)"),
    (r"PRO[- ]?FORMA", "Proforma invoice", True, "PI", "UCP 600 art. 14(f)"),
    (r"COMMERCIAL\s+INVOICE|\bINVOICE", "Commercial invoice", True, "CI", "UCP 600 art. 18"),
    (r"BILLS?\s+OF\s+LADING|\bB/L", "Bill of lading", False, "the carrier", "UCP 600 art. 20"),
    (r"SEA\s*WAYBILL", "Sea waybill", False, "the carrier", "UCP 600 art. 21"),
    (r"AIR\s*WAYBILL|\bAWB\b", "Air waybill", False, "the carrier", "UCP 600 art. 23"),
    (r"CERTIFICATE\s+OF\s+ORIGIN|\bFORM\s+[AE]\b|ORIGIN\s+CERTIFICATE", "Certificate of origin", False, "the chamber of commerce (CCPIT)", "UCP 600 art. 14(f)"),
    (r"INSPECTION|\bSGS\b|\bBV\b|INTERTEK|QUALITY\s+CERTIFICATE|CERTIFICATE\s+OF\s+QUALITY", "Inspection certificate", False, "the inspection body", "UCP 600 art. 14(f)"),
    (r"BENEFICIARY'?S?\s+CERTIFICATE", "Beneficiary's certificate", False, "you (signed by the beneficiary)", "UCP 600 art. 14(f)"),
    (r"\bDRAFTS?\b|BILLS?\s+OF\s+EXCHANGE", "Draft", False, "you (drawn as 42C/42a say)", "UCP 600 art. 6(c)"),
)  # fmt: skip
_MARKED = re.compile(r"\n\s*(?=\+|\d{1,2}[.)]\s|\(\d{1,2}\)\s)")
_UNMARKED = re.compile(r";\s*|\n(?=[A-Z])")
_COUNTS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6}
_FOLDS = {"DUPLICATE": 2, "TRIPLICATE": 3, "QUADRUPLICATE": 4}


def _items(text: str) -> list[str]:
    """The items of 46A / 47A: each starts with "+" or a number where the bank marks them (a
    line without a mark continues the item), else each sentence or line is one."""
    marked = bool(re.match(r"\s*(\+|\d{1,2}[.)]\s|\(\d{1,2}\)\s)", text))
    parts = [x.strip(" +-\n") for x in (_MARKED if marked else _UNMARKED).split(text)]
    return [re.sub(r"^(\d{1,2}[.)]|\(\d{1,2}\))\s*", "", x).strip() for x in parts if x.strip()]


def required_documents(credit: Credit) -> list[Required]:
    """46A split into its documents, each with who makes it."""
    out: list[Required] = []
    for item in _items(credit.documents_required):
        up = item.upper()
        for pattern, name, ours, who, article in _KINDS:
            if re.search(pattern, up):
                out.append(Required(item, name, ours, who, article))
                break
        else:
            out.append(
                Required(item, "Other document", False, "you (check by hand)", "UCP 600 art. 14(f)")
            )
    return out


def originals(text: str) -> tuple[int | None, int | None]:
    """(originals, copies) a 46A item asks for, where it says."""
    up = text.upper()
    orig = copies = None
    m = re.search(r"\b(\d+|ONE|TWO|THREE|FOUR|FIVE|SIX)\s*(?:\(\d+\)\s*)?ORIGINALS?\b", up)
    if m:
        orig = int(_COUNTS.get(m.group(1), m.group(1)) if not m.group(1).isdigit() else m.group(1))
    m = re.search(r"\b(\d+|ONE|TWO|THREE|FOUR|FIVE|SIX)\s*(?:\(\d+\)\s*)?COPIES\b", up)
    if m:
        copies = int(
            _COUNTS.get(m.group(1), m.group(1)) if not m.group(1).isdigit() else m.group(1)
        )
    m = re.search(r"\bIN\s+(DUPLICATE|TRIPLICATE|QUADRUPLICATE)\b", up)
    if m and orig is None:
        orig, copies = 1, _FOLDS[m.group(1)] - 1  # art. 17(e): one original, the rest copies
    return orig, copies


def _documents(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    shown = p.ci or p.pi
    incoterm = shown.incoterm if shown is not None else ""
    for req in required_documents(credit):
        orig, copies = originals(req.text)
        count = ""
        if orig or copies:
            count = f"; {orig or 0} original{'s' if (orig or 0) != 1 else ''}"
            count += f" and {copies} cop{'ies' if copies != 1 else 'y'}" if copies else ""
        if req.made_by_orderdesk:
            why = p.refused.get(req.who)
            if not why and req.who in p.early:
                yield Discrepancy(
                    req.who,
                    "46A documents required",
                    req.text,
                    f"OrderDesk makes the {req.name.lower()} {p.early[req.who]}{count}",
                    req.article,
                    N,
                )
                continue
            if why:
                yield Discrepancy(
                    req.who,
                    "46A documents required",
                    req.text,
                    "cannot be made yet: " + "; ".join(why[:2]),
                    req.article,
                    R,
                    "OrderDesk makes it once what stops it is fixed.",
                )
            else:
                yield Discrepancy(
                    req.who,
                    "46A documents required",
                    req.text,
                    f"OrderDesk makes the {req.name.lower()}{count}",
                    "UCP 600 art. 17" if count else req.article,
                    N,
                    "Print the originals marked ORIGINAL and sign them where 46A says signed."
                    if count
                    else "",
                )
            continue
        note = f"Obtain from {req.who}{count}."
        severity = N
        article = req.article
        up = req.text.upper()
        if req.name == "Insurance document":
            if incoterm and incoterm not in ("CIF", "CIP"):
                severity = R
                note = (
                    f"The credit asks for insurance, but under {incoterm} the buyer insures: "
                    "ask for an amendment, or insure and price it."
                )
            elif p.ci and p.ci.totals:
                cover = p.ci.totals.total.amount * Decimal("1.1")
                note += f" Cover at least {_money(cover, p.ci.totals.total.currency)} (110 %)."
                article = "UCP 600 art. 28(f)(ii)"
        if req.name == "Bill of lading" and incoterm:
            prepaid, collect = "PREPAID" in up, "COLLECT" in up
            f_term = incoterm in ("EXW", "FCA", "FAS", "FOB")
            if (prepaid and f_term) or (collect and not f_term):
                severity = R
                article = "UCP 600 art. 14(d)"
                note = (
                    f"The B/L is to be marked FREIGHT {'PREPAID' if prepaid else 'COLLECT'}, "
                    f"which does not fit {incoterm} (the CI): agree who pays the freight, or ask "
                    "for an amendment."
                )
            elif p.legs and not any(x.bl_no for x in p.legs):
                note += " The Shipments sheet has no B/L number yet."
        yield Discrepancy(
            req.name, "46A documents required", req.text, "to obtain", article, severity, note
        )


_QUOTE_NUMBER = re.compile(
    r"(QUOTE|INDICATE|SHOW|BEAR|MENTION)\w*\b.*\b(CREDIT|L/?C|DC)\b.*\b(NO|NUMBER)\b"
)


def _conditions(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    for item in _items(credit.conditions):
        up = item.upper()
        if _QUOTE_NUMBER.search(up):
            for kind, doc in (("CI", p.ci), ("PL", p.pl)):
                shown = doc.lc.number if doc is not None and doc.lc else ""
                if doc is not None and shown != credit.number:
                    yield Discrepancy(
                        kind,
                        "47A additional conditions",
                        item,
                        shown or "no credit number",
                        "UCP 600 art. 14(d)",
                        D,
                        "The credit asks every document to quote its number.",
                    )
            continue
        yield Discrepancy(
            "Conditions",
            "47A additional conditions",
            item,
            "check by hand",
            "UCP 600 art. 14(h)",
            N,
            "OrderDesk cannot check this condition: see that the documents comply.",
        )


def _rules(credit: Credit, p: Presentation) -> Iterable[Discrepancy]:
    if credit.rules and not credit.rules.startswith("UCP"):
        yield Discrepancy(
            "Credit",
            "40E applicable rules",
            credit.rules,
            "checked under UCP 600",
            "UCP 600 art. 1",
            N,
            "The credit is not subject to UCP 600: check by hand under its own rules.",
        )
    if credit.cancelled:
        yield Discrepancy(
            "Credit",
            "23S cancellation",
            "CANCEL",
            "",
            "UCP 600 art. 10",
            R,
            "An amendment asks to cancel the credit: it binds you only once you accept it.",
        )


RULES = (
    _amount,
    _quantity,
    _dates,
    _expiry_place,
    _partial,
    _transhipment,
    _ports,
    _trade_term,
    _goods,
    _parties,
    _documents,
    _conditions,
    _rules,
)
