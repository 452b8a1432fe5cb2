"""The letters of credit behind the sample's L/C orders (LCs sheet), and the vessels that carried
its shipped containers.

Production of an L/C order starts when the credit is in (see `orders`), so every L/C order from
'in production' on has its credit: issued by the order's L/C bank a few days after the order,
for the order's total with a 5 % tolerance, latest shipment on the promised ship date (or the day
it actually left, when that was later: the buyer amended the credit), expiring 15 days after, 21
days to present the documents. The applicant is written as such a credit writes it: the
customer's name in Latin capitals (its first alias where the name is in another script) and an
address the advising bank can read. Every credit is clean against Validate's L/C checks.

The credits of the open L/C orders (confirmed, in production) are not on the sheet yet: they
arrive as the advising bank forwards them, SWIFT MT700 text files in `letters-of-credit/` beside
the register (one with its envelope and an MT707 amendment, one continued by an MT701), for
Import L/C. Five of them carry a discrepancy Check L/C must find (`planted.json` beside them is
the answer key: order, L/C field, UCP 600 article); two are clean.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

import pandas as pd

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.domain.reference.transport import port_name
from orderdesk.sample import Sample, extension
from orderdesk.sample import master as M
from orderdesk.schema import LCBanks, LCs, Orders, Setting, Shipments, Stage

_OPENED_FROM = Stage.IN_PRODUCTION
_ARRIVING = (Stage.CONFIRMED, Stage.IN_PRODUCTION)  # their credits come as message files
FOLDER = "letters-of-credit"
_VESSELS = {
    "MAEU": ("MAERSK ESSEN", "MAERSK EINDHOVEN", "MAERSK KENSINGTON", "GUNVOR MAERSK"),
    "MSCU": ("MSC GULSUN", "MSC TINA", "MSC ANNA", "MSC ISABELLA"),
    "HLCU": ("BERLIN EXPRESS", "HAMBURG EXPRESS", "ROTTERDAM EXPRESS", "AL MURABBA"),
}
_COUNTRY_NAMES = {
    "US": "USA",
    "GB": "UNITED KINGDOM",
    "AE": "UNITED ARAB EMIRATES",
    "SA": "SAUDI ARABIA",
    "EG": "EGYPT",
    "JP": "JAPAN",
    "SG": "SINGAPORE",
    "MY": "MALAYSIA",
    "DE": "GERMANY",
    "CN": "CHINA",
}


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 for c in text if c.isalpha())


def _applicant(c: M.Customer) -> str:
    name = c.name if _latin(c.name) else next((a for a in c.aliases if _latin(a)), c.name)
    if _latin(c.address):
        address = c.address
    else:  # an address in Arabic or Japanese script: what the bank has on file, in Latin letters
        address = f"{c.city}, {_COUNTRY_NAMES.get(c.country, c.country)}"
    return f"{name.upper()}\n{address.upper()}"


def _place(code: str) -> str:
    return f"{port_name(code).upper()}, {_COUNTRY_NAMES.get(code[:2], code[:2])}"


@extension(40)
def letters_of_credit(sample: Sample, rng: random.Random) -> None:
    orders = sample.frame(Orders)
    if orders.empty:
        return
    banks = {r[LCBanks.bank]: r[LCBanks.bic] for r in policy_rows()[LCBanks]}
    settings = {s.key: s.default for s in (Setting.COMPANY_NAME, Setting.COMPANY_ADDRESS)}
    beneficiary = (
        f"{settings[Setting.COMPANY_NAME.key]}\n{settings[Setting.COMPANY_ADDRESS.key]}".upper()
    )
    rows: list[dict[Any, Any]] = []
    arriving: list[dict[Any, Any]] = []
    for rec in orders.to_dict("records"):
        term = payment_term(rec[Orders.payment_terms])
        stage = Stage.read(rec[Orders.stage])
        if term is None or term.instrument is not Instrument.LC or stage is None:
            continue
        if stage is Stage.CANCELLED or stage.rank < Stage.CONFIRMED.rank:
            continue
        if stage.rank < _OPENED_FROM.rank and stage not in _ARRIVING:
            continue
        customer = M.CUSTOMER_BY_ID.get(rec[Orders.customer])
        if customer is None or pd.isna(rec[Orders.order_total]):
            continue
        ordered = rec[Orders.order_date].date()
        issued = ordered + dt.timedelta(days=rng.randint(4, 9))
        latest = rec[Orders.promised_ship].date()
        if pd.notna(rec[Orders.shipped_on]):
            latest = max(latest, rec[Orders.shipped_on].date())
        bank = str(rec[Orders.lc_bank] or "")
        n = len(rows) + len(arriving) + 1
        row = {
            LCs.lc_no: f"{banks.get(bank, 'LCXX')[:4]}{issued:%y}LC{n:05d}",
            LCs.order_id: rec[Orders.order_id],
            LCs.issue_date: issued,
            LCs.expiry_date: latest + dt.timedelta(days=15),
            LCs.expiry_place: "CHINA",
            LCs.form: "IRREVOCABLE",
            LCs.rules: "UCP LATEST VERSION",
            LCs.issuing_bank: bank,
            LCs.issuing_bic: banks.get(bank),
            LCs.advising_bic: Setting.BANK_SWIFT.default,
            LCs.applicant: _applicant(customer),
            LCs.beneficiary: beneficiary,
            LCs.currency: rec[Orders.currency],
            LCs.amount: round(float(rec[Orders.order_total]), 2),
            LCs.tolerance_plus: 0.05,
            LCs.tolerance_minus: 0.05,
            LCs.available_with: "ANY BANK",
            LCs.available_by: "BY NEGOTIATION" if not term.days else "BY DEF PAYMENT",
            LCs.drafts_at: "AT SIGHT" if not term.days else f"{term.days} DAYS AFTER B/L DATE",
            LCs.partial_shipments: "NOT ALLOWED",
            LCs.transhipment: "ALLOWED",
            LCs.port_of_loading: _place(str(rec[Orders.port_of_loading])),
            LCs.port_of_discharge: _place(str(rec[Orders.port_of_discharge])),
            LCs.latest_shipment: latest,
            LCs.goods: f"GOODS AS PER PROFORMA INVOICE NO. PI-{rec[Orders.order_id]}, "
            f"{rec[Orders.incoterm]} {str(rec[Orders.named_place]).upper()} INCOTERMS 2020",
            LCs.documents_required: "SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS; PACKING LIST "
            "IN 3 ORIGINALS; FULL SET CLEAN ON BOARD OCEAN BILLS OF LADING MADE OUT TO ORDER, "
            f"BLANK ENDORSED, MARKED FREIGHT {_freight(rec[Orders.incoterm])}; CERTIFICATE OF "
            "ORIGIN",
            LCs.conditions: "ALL DOCUMENTS MUST QUOTE THIS CREDIT NUMBER.",
            LCs.presentation_days: 21,
            LCs.confirmation: "WITHOUT",
            LCs.charges: "ALL BANKING CHARGES OUTSIDE THE ISSUING BANK ARE FOR "
            "BENEFICIARY'S ACCOUNT.",
        }
        (arriving if stage in _ARRIVING else rows).append(row)
    _messages(sample, arriving, orders)
    if rows:
        sample.append(LCs, rows)
    _vessels(sample, rng)


def _vessels(sample: Sample, rng: random.Random) -> None:
    """The vessel and voyage of each container that has left, as its B/L names them."""
    ships = sample.frame(Shipments)
    if ships.empty:
        return
    vessel: list[str | None] = []
    by_booking: dict[str, str] = {}
    for rec in ships.to_dict("records"):
        names = _VESSELS.get(str(rec[Shipments.carrier]))
        if not names or pd.isna(rec[Shipments.atd]):
            vessel.append(None)
            continue
        booking = str(rec[Shipments.booking_ref])
        if booking not in by_booking:
            week = rec[Shipments.atd].isocalendar().week
            by_booking[booking] = f"{rng.choice(names)} {week:02d}{rng.choice('EW')}"
        vessel.append(by_booking[booking])
    ships[Shipments.vessel] = vessel


def _freight(incoterm: object) -> str:
    """Who pays the main carriage, as the B/L is marked: the seller under C- and D-terms."""
    return "COLLECT" if str(incoterm).upper() in ("EXW", "FCA", "FAS", "FOB") else "PREPAID"


# What each arriving credit (in order) gets wrong, and where Check L/C must find it.
_PLANTS = (
    None,  # clean, with its envelope and an amendment (MT707)
    ("32B/39A amount", "UCP 600 art. 18(b)"),
    ("45A trade term", "UCP 600 art. 18(c); ISBP 745 C8"),
    ("44F port of discharge", "UCP 600 art. 20(a)(iii)"),
    ("59 beneficiary", "UCP 600 art. 18(a)(i)"),
    ("44C latest shipment", "UCP 600 art. 20(a)(ii)"),
    None,  # clean, its documents clause continued by an MT701
)


def _plant(i: int, row: dict[Any, Any], order: dict[Any, Any], as_of: dt.date) -> None:
    if i == 1:  # the buyer opened the credit for less than the goods
        row[LCs.amount] = float(
            (Decimal(str(row[LCs.amount])) * Decimal("0.9")).quantize(Decimal("1"))
        )
    elif i == 2:  # another trade term than the contract's
        other = "FOB" if str(order[Orders.incoterm]).upper() != "FOB" else "CIF"
        place = port_name(
            str(
                order[Orders.port_of_loading] if other == "FOB" else order[Orders.port_of_discharge]
            )
        )
        row[LCs.goods] = (
            str(row[LCs.goods]).split(", ")[0] + f", {other} {place.upper()} INCOTERMS 2020"
        )
    elif i == 3:  # another port of discharge
        pod = str(order[Orders.port_of_discharge])
        row[LCs.port_of_discharge] = (
            "ROTTERDAM, NETHERLANDS" if pod != "NLRTM" else "HAMBURG, GERMANY"
        )
    elif i == 4:  # the beneficiary misspelt, and insurance asked for under an F-term
        first, _, rest = str(row[LCs.beneficiary]).partition("\n")
        row[LCs.beneficiary] = (
            first.replace("HARBOUR", "HARBOR").replace("TRADING", "TRADE") + "\n" + rest
        )
    elif i == 5:  # the latest shipment date has passed
        row[LCs.latest_shipment] = as_of - dt.timedelta(days=3)
        row[LCs.expiry_date] = as_of + dt.timedelta(days=12)


def _messages(sample: Sample, rows: list[dict[Any, Any]], orders: pd.DataFrame) -> None:
    """The arriving credits as the advising bank forwards them, and the answer key."""
    by_id = {r[Orders.order_id]: r for r in orders.to_dict("records")}
    key: list[dict[str, str]] = []
    for i, row in enumerate(rows):
        plant = _PLANTS[i % len(_PLANTS)]
        _plant(i % len(_PLANTS), row, by_id[row[LCs.order_id]], sample.as_of)
        if plant:
            key.append(
                {
                    "order": str(row[LCs.order_id]),
                    "lc": str(row[LCs.lc_no]),
                    "field": plant[0],
                    "article": plant[1],
                }
            )
        name = f"{FOLDER}/MT700_{row[LCs.lc_no]}.txt"
        if i % len(_PLANTS) == 0:
            sample.files[name] = _enveloped(mt700(row), row, "700").encode()
            sample.files[f"{FOLDER}/MT707_{row[LCs.lc_no]}_1.txt"] = _enveloped(
                mt707(row, sample.as_of), row, "707"
            ).encode()
        elif i % len(_PLANTS) == 6:
            sample.files[name] = (mt700(row, split=True)).encode()
        else:
            sample.files[name] = mt700(row).encode()
    sample.files[f"{FOLDER}/planted.json"] = (json.dumps(key, indent=2) + "\n").encode()


def _d(value: Any) -> str:
    return pd.Timestamp(value).strftime("%y%m%d")


def _amount(currency: str, value: float) -> str:
    whole, _, cents = f"{value:.2f}".partition(".")
    return f"{currency}{whole},{cents}"


def mt700(row: dict[Any, Any], *, split: bool = False) -> str:
    """The block 4 of an MT700 (SR 2018 field order); with `split`, 46A and 47A go into an
    MT701 after it, as a bank sends a credit too long for one message."""
    tol = f"{round(row[LCs.tolerance_plus] * 100):02d}/{round(row[LCs.tolerance_minus] * 100):02d}"
    docs = "\n".join(f"+{d.strip()}" for d in str(row[LCs.documents_required]).split(";"))
    fields = [
        ("27", "1/2" if split else "1/1"),
        ("40A", row[LCs.form]),
        ("20", row[LCs.lc_no]),
        ("31C", _d(row[LCs.issue_date])),
        ("40E", row[LCs.rules]),
        ("31D", _d(row[LCs.expiry_date]) + str(row[LCs.expiry_place])),
        ("50", row[LCs.applicant]),
        ("59", row[LCs.beneficiary]),
        ("32B", _amount(str(row[LCs.currency]), float(row[LCs.amount]))),
        ("39A", tol),
        ("41D", f"{row[LCs.available_with]}\n{row[LCs.available_by]}"),
        ("42C", row[LCs.drafts_at]),
        ("42A", row[LCs.issuing_bic]),
        ("43P", row[LCs.partial_shipments]),
        ("43T", row[LCs.transhipment]),
        ("44E", row[LCs.port_of_loading]),
        ("44F", row[LCs.port_of_discharge]),
        ("44C", _d(row[LCs.latest_shipment])),
        ("45A", _wrap(str(row[LCs.goods]))),
    ]
    if not split:
        fields += [("46A", docs), ("47A", _wrap(str(row[LCs.conditions])))]
    fields += [
        ("71D", _wrap(str(row[LCs.charges]), 35)),
        ("48", f"{row[LCs.presentation_days]}/FROM THE DATE OF SHIPMENT"),
        ("49", row[LCs.confirmation]),
        ("78", "DOCUMENTS TO BE SENT TO US IN ONE LOT BY COURIER."),
    ]
    text = "".join(f":{t}:{v}\n" for t, v in fields)
    if split:
        more = [
            ("27", "2/2"),
            ("20", row[LCs.lc_no]),
            ("46A", docs),
            ("47A", _wrap(str(row[LCs.conditions]))),
        ]
        text += "-\n" + "".join(f":{t}:{v}\n" for t, v in more)
    return text


def mt707(row: dict[Any, Any], as_of: dt.date) -> str:
    """Amendment 1: the buyer extends the shipment and expiry dates by two weeks."""
    latest = pd.Timestamp(row[LCs.latest_shipment]).date() + dt.timedelta(days=14)
    expiry = pd.Timestamp(row[LCs.expiry_date]).date() + dt.timedelta(days=14)
    fields = [
        ("27", "1/1"),
        ("20", row[LCs.lc_no]),
        ("21", "NONREF"),
        ("23", row[LCs.lc_no]),
        ("31C", _d(row[LCs.issue_date])),
        ("26E", "1"),
        ("30", _d(min(as_of, pd.Timestamp(row[LCs.issue_date]).date() + dt.timedelta(days=20)))),
        ("22A", "ISCO"),
        ("31D", _d(expiry) + str(row[LCs.expiry_place])),
        ("44C", _d(latest)),
    ]
    return "".join(f":{t}:{v}\n" for t, v in fields)


def _enveloped(block4: str, row: dict[Any, Any], mt: str) -> str:
    """The message as SWIFT delivers it to the advising bank (output, block 2 'O')."""
    sender = (str(row[LCs.issuing_bic] or "LCXXXXXX") + "XXX")[:8] + "AXXX"
    receiver = (str(row[LCs.advising_bic])[:8] + "A" + (str(row[LCs.advising_bic])[8:] or "XXX"))[
        :12
    ]
    sent = _d(row[LCs.issue_date])
    header = (
        f"{{1:F01{receiver}0000000000}}{{2:O{mt}1030{sent}{sender}00000000001{sent}1030N}}"
        "{3:{108:OD" + str(row[LCs.lc_no])[-8:] + "}}"
    )
    return f"{header}{{4:\n{block4}-}}{{5:{{CHK:000000000000}}}}\n"


def _wrap(text: str, width: int = 65) -> str:
    """A free-text field in SWIFT's lines (65 characters for 45A/46A/47A, 35 for 71D)."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        out.append(line)
    return "\n".join(out)
