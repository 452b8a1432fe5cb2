"""The letters of credit behind the sample's L/C orders (LCs sheet), and the vessels that carried
its shipped containers.

Production of an L/C order starts when the credit is in (see `orders`), so every L/C order from
'in production' on has its credit: issued by the order's L/C bank a few days after the order,
for the order's total with a 5 % tolerance, latest shipment on the promised ship date (or the day
it actually left, when that was later: the buyer amended the credit), expiring 15 days after, 21
days to present the documents. The applicant is written as such a credit writes it: the
customer's name in Latin capitals (its first alias where the name is in another script) and an
address the advising bank can read. Every credit is clean against Validate's L/C checks; the
discrepancies an L/C check would raise are for the L/C area to plant.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.domain.reference.transport import port_name
from orderdesk.sample import Sample, extension
from orderdesk.sample import master as M
from orderdesk.schema import LCBanks, LCs, Orders, Setting, Shipments, Stage

_OPENED_FROM = Stage.IN_PRODUCTION
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
    for rec in orders.to_dict("records"):
        term = payment_term(rec[Orders.payment_terms])
        stage = Stage.read(rec[Orders.stage])
        if term is None or term.instrument is not Instrument.LC or stage is None:
            continue
        if stage is Stage.CANCELLED or stage.rank < _OPENED_FROM.rank:
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
        n = len(rows) + 1
        rows.append(
            {
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
                LCs.partial_shipments: "NOT ALLOWED",
                LCs.transhipment: "ALLOWED",
                LCs.port_of_loading: _place(str(rec[Orders.port_of_loading])),
                LCs.port_of_discharge: _place(str(rec[Orders.port_of_discharge])),
                LCs.latest_shipment: latest,
                LCs.goods: f"GOODS AS PER PROFORMA INVOICE NO. PI-{rec[Orders.order_id]}, "
                f"{rec[Orders.incoterm]} {str(rec[Orders.named_place]).upper()} INCOTERMS 2020",
                LCs.documents_required: "SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS; PACKING LIST "
                "IN 3 ORIGINALS; FULL SET CLEAN ON BOARD OCEAN BILLS OF LADING MADE OUT TO ORDER, "
                "BLANK ENDORSED, MARKED FREIGHT PREPAID; CERTIFICATE OF ORIGIN",
                LCs.conditions: "ALL DOCUMENTS MUST QUOTE THIS CREDIT NUMBER.",
                LCs.presentation_days: 21,
                LCs.confirmation: "WITHOUT",
                LCs.charges: "ALL BANKING CHARGES OUTSIDE THE ISSUING BANK ARE FOR "
                "BENEFICIARY'S ACCOUNT.",
            }
        )
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
