"""A Berlin Group NextGenPSD2 bank (account information) with receipts for the register's open
invoices, for the demo and tests.

One account in the register's base currency. Its booked transactions are customers paying some of
the register's open invoices (chosen by a stable hash of the invoice number), in what is open —
converted at the ECB rate of the booking day when the invoice is in another currency, as the bank
would — plus a bank fee and a receipt nobody can place.

A bank's booked history does not change with the day it is asked: every transaction is dated
from the register (the latest invoice's issue day, never after today), not from today, and its
id follows from what it is. Syncing again — tomorrow, or without `ORDERDESK_TODAY` after a demo
that pinned it — finds the same transactions and adds nothing. Served as the standard says: `GET /v1/accounts` and
`GET /v1/accounts/{account-id}/transactions?bookingStatus=booked&dateFrom=…`, `X-Request-ID` and
`Consent-ID` required, errors as `tppMessages`, pages linked by `_links.next`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import pandas as pd
from schwifty import IBAN

from orderdesk.domain.reference import fx
from orderdesk.domain.trade import money
from orderdesk.ports import today
from orderdesk.sandbox.base import Faults, SandboxRequest, SandboxResponse
from orderdesk.schema import Customers, Invoices, Setting

PREFIX = "/psd2"
ACCOUNT_ID = "NHT-USD-0001"
ACCOUNT_IBAN = "LU910031234567890140"  # a valid IBAN (the register's own check applies)
PAYER_BANK = "37040044"  # the payers' bank code (their IBANs are valid German ones)
CONSENT_ID = "SANDBOX-CONSENT-7f3a"  # the sandbox's consent; real ones come from the environment
DEFAULT_PAGE = 50
PAID_SHARE = 4  # one open invoice in four gets paid …
MAX_PAID = 12  # … at most this many, in the last ten days


def _tpp(status: int, code: str, text: str) -> SandboxResponse:
    return SandboxResponse.json(
        {"tppMessages": [{"category": "ERROR", "code": code, "text": text}]}, status
    )


@dataclass
class Psd2Api:
    transactions: list[dict[str, Any]]
    faults: Faults = field(default_factory=Faults)
    currency: str = "USD"
    prefix: str = PREFIX
    account_id: str = ACCOUNT_ID
    consent_id: str = CONSENT_ID

    def error(self, status: int, title: str) -> SandboxResponse:
        """The server's injected faults, in the Berlin Group error format."""
        code = {429: "ACCESS_EXCEEDED", 401: "CONSENT_INVALID", 404: "RESOURCE_UNKNOWN"}
        return _tpp(status, code.get(status, "INTERNAL_SERVER_ERROR"), title)

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        if request.method != "GET":
            return _tpp(405, "SERVICE_INVALID", f"{request.method} is not offered here")
        if not request.headers.get("x-request-id"):
            return _tpp(400, "FORMAT_ERROR", "header X-Request-ID is missing")
        consent = request.headers.get("consent-id")
        if not consent:
            return _tpp(401, "CONSENT_UNKNOWN", "header Consent-ID is missing")
        if consent != self.consent_id:
            return _tpp(401, "CONSENT_INVALID", "the consent is not valid for this account")
        parts = [p for p in request.path.split("/") if p]
        if parts == ["v1", "accounts"]:
            return SandboxResponse.json({"accounts": [self._account(details=True)]})
        if len(parts) == 4 and parts[:2] == ["v1", "accounts"] and parts[3] == "transactions":
            if parts[2] != self.account_id:
                return _tpp(404, "RESOURCE_UNKNOWN", f"no account {parts[2]}")
            return self._transactions(request)
        return _tpp(404, "RESOURCE_UNKNOWN", f"no resource {request.path}")

    def _account(self, *, details: bool = False) -> dict[str, Any]:
        acct: dict[str, Any] = {"iban": ACCOUNT_IBAN, "currency": self.currency}
        if details:
            acct = {"resourceId": self.account_id, **acct, "name": "Receipts", "status": "enabled"}
        return acct

    def _transactions(self, request: SandboxRequest) -> SandboxResponse:
        status = request.arg("bookingStatus")
        if status not in ("booked", "pending", "both", "information"):
            return _tpp(400, "PARAMETER_NOT_SUPPORTED", f"bookingStatus {status!r}")
        try:
            date_from = dt.date.fromisoformat(request.arg("dateFrom") or "")
        except ValueError:
            return _tpp(400, "FORMAT_ERROR", "dateFrom (YYYY-MM-DD) is required")
        date_to_text = request.arg("dateTo")
        try:
            date_to = dt.date.fromisoformat(date_to_text) if date_to_text else None
        except ValueError:
            return _tpp(400, "FORMAT_ERROR", f"dateTo {date_to_text!r} is not a date")
        try:
            page = int(request.arg("page") or 1)
        except ValueError:
            return _tpp(400, "FORMAT_ERROR", "page must be a number")
        rows = [
            t
            for t in self.transactions
            if t["bookingDate"] >= date_from.isoformat()
            and (date_to is None or t["bookingDate"] <= date_to.isoformat())
        ]
        if status in ("pending", "information"):
            rows = []
        size = self.faults.page_size or DEFAULT_PAGE
        chunk = rows[(page - 1) * size : page * size]
        links: dict[str, Any] = {"account": {"href": f"/v1/accounts/{self.account_id}"}}
        if page * size < len(rows) or self.faults.endless_pages:
            query = {"bookingStatus": status, "dateFrom": date_from.isoformat(), "page": page + 1}
            if date_to:
                query["dateTo"] = date_to.isoformat()
            href = f"/v1/accounts/{self.account_id}/transactions?{urlencode(query)}"
            links["next"] = {"href": href}
        body = {
            "account": self._account(),
            "transactions": {"booked": chunk, "pending": [], "_links": links},
        }
        return SandboxResponse.json(body)


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _payer_iban(number: str) -> str:
    return str(IBAN.generate("DE", bank_code=PAYER_BANK, account_code=f"{_stable(number):010d}"))


def anchor_day(invoices: pd.DataFrame, today: dt.date) -> dt.date | None:
    """The day the sandbox bank's history ends: the latest invoice's issue day (never after
    today); None for a register without invoices, where the bank has booked nothing."""
    latest = pd.to_datetime(invoices[Invoices.issue_date], errors="coerce").max()
    return None if pd.isna(latest) else min(latest.date(), today)


def receipts_for(
    invoices: pd.DataFrame,
    customers: pd.DataFrame,
    base_currency: str,
    on: dt.date,
) -> list[dict[str, Any]]:
    """Booked transactions up to `on`: payments of open invoices, a bank fee and an unplaceable
    receipt. The same register and day give the same transactions with the same ids."""
    names = dict(
        zip(
            customers[Customers.customer_id].astype(str),
            customers[Customers.name].astype("string"),
            strict=True,
        )
    )
    txs: list[dict[str, Any]] = []
    outstanding = invoices[Invoices.outstanding].astype(float)
    outstanding = outstanding.fillna(invoices[Invoices.amount].astype(float))
    status = invoices[Invoices.status].astype("string").str.lower().fillna("")
    # Which invoices get paid depends on the invoices alone (not on what is open now), so a
    # second sync meets the same candidates: those paid since are left out, the rest come again.
    numbers = invoices[Invoices.invoice_no].astype(str)
    chosen = numbers.map(lambda n: _stable(n) % PAID_SHARE == 0)
    issued = pd.to_datetime(invoices[Invoices.issue_date], errors="coerce")
    order = issued.where(chosen).sort_values(ascending=False, kind="stable").dropna()
    candidates = order.index[:MAX_PAID]
    open_ = invoices.loc[candidates].loc[
        outstanding.loc[candidates].gt(0.005) & ~status.loc[candidates].isin(["paid", "overpaid"])
    ]
    for row, rec in open_.iterrows():
        number = str(rec[Invoices.invoice_no])
        issue = rec[Invoices.issue_date]
        recent = on - dt.timedelta(_stable(number) % 10)  # customers pay now, not back then
        day = recent if pd.isna(issue) else max(pd.Timestamp(issue).date(), recent)
        day = min(day, on)
        ccy = str(rec[Invoices.currency]).upper()
        amount = Decimal(repr(float(outstanding[cast(int, row)])))  # index = sheet rows
        if ccy != base_currency:
            amount = amount * fx.fx_rate(ccy, base_currency, day).rate
        amount = money(amount, base_currency)
        name = names.get(str(rec[Invoices.customer]))
        ident = f"SBX{_stable(f'{number}|{day.isoformat()}|{amount}'):010d}"
        txs.append(
            {
                "transactionId": ident,
                "entryReference": ident,
                "endToEndId": "NOTPROVIDED",
                "bookingDate": day.isoformat(),
                "valueDate": day.isoformat(),
                "transactionAmount": {"currency": base_currency, "amount": f"{amount}"},
                "debtorName": str(name).upper() if isinstance(name, str) else "UNKNOWN",
                "debtorAccount": {"iban": _payer_iban(number)},
                "remittanceInformationUnstructured": f"PAYMENT {number}",
                "bankTransactionCode": "PMNT-RCDT-ESCT",
            }
        )
    txs.append(
        {
            "transactionId": f"SBXFEE{on:%Y%m%d}",
            "entryReference": f"SBXFEE{on:%Y%m%d}",
            "bookingDate": on.isoformat(),
            "valueDate": on.isoformat(),
            "transactionAmount": {"currency": base_currency, "amount": "-15.00"},
            "creditorName": "SANDBOX BANK",
            "remittanceInformationUnstructured": "ACCOUNT MAINTENANCE FEE",
        }
    )
    txs.append(
        {
            "transactionId": f"SBXUNK{on:%Y%m%d}",
            "entryReference": f"SBXUNK{on:%Y%m%d}",
            "bookingDate": on.isoformat(),
            "valueDate": on.isoformat(),
            "transactionAmount": {"currency": base_currency, "amount": "432.10"},
            "debtorName": "UNKNOWN SENDER LTD",
            "remittanceInformationUnstructured": "PAYMENT",
        }
    )
    return sorted(txs, key=lambda t: (t["bookingDate"], t["transactionId"]))


def make_api(register_path: Path, faults: Faults) -> Psd2Api:
    from orderdesk.adapters.file_register import FileRegister
    from orderdesk.settings import load_policy

    register = FileRegister(register_path)
    base = load_policy(register).base_currency or str(Setting.BASE_CURRENCY.default)
    invoices = register.read(Invoices).frame
    on = anchor_day(invoices, today())
    txs = [] if on is None else receipts_for(invoices, register.read(Customers).frame, base, on)
    return Psd2Api(txs, faults, currency=base)
