"""Berlin Group NextGenPSD2 account information: the booked transactions of one account.

`GET {base}/v1/accounts/{account-id}/transactions?bookingStatus=booked&dateFrom=YYYY-MM-DD` with
the headers every ASPSP requires: `X-Request-ID` (a new UUID per call) and `Consent-ID` (the
consent the account holder gave; from the environment, never from the workbook, never in a message
or log). Pages follow `_links.next` until there is none. Built on the shared `HttpClient`: timeouts,
bounded retries with backoff on 429 / 5xx, `Retry-After`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import requests

from orderdesk.adapters.banks.statement import StatementError
from orderdesk.adapters.http import ClientConfig, HttpClient, HttpError, cursor_pages, json_at
from orderdesk.domain.payments.entries import BankEntry, meaningful

_AMOUNT = re.compile(r"-?\d{1,14}(\.\d{1,3})?")
CONSENT_VARIABLE = "ORDERDESK_PSD2_CONSENT_ID"
SOURCE = "PSD2"
MAX_PAGES = 500


class Psd2Error(StatementError):
    """The bank API could not be read (after retries) or answered something unusable."""


def consent_from_env(variable: str = CONSENT_VARIABLE) -> str:
    value = os.environ.get(variable, "").strip()
    if not value:
        raise Psd2Error(
            f"bank API: no consent: set the environment variable {variable} to the Consent-ID "
            "your bank issued (it is never stored in the workbook)"
        )
    return value


class Psd2Client(HttpClient):
    def __init__(
        self,
        base_url: str,
        consent_id: str,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(
            ClientConfig(
                name="bank API (NextGenPSD2)",
                base_url=base_url,
                retries=retries,
                headers={"Accept": "application/json"},
                secret_headers=frozenset({"Consent-ID"}),
            ),
            session=session,
            sleep=sleep,
        )
        self._consent = consent_id
        self.max_pages = max_pages

    def _headers(self) -> Mapping[str, str]:
        return {"X-Request-ID": str(uuid.uuid4()), "Consent-ID": self._consent}

    def transactions(
        self, account_id: str, date_from: dt.date, date_to: dt.date | None = None
    ) -> list[BankEntry]:
        """Every booked transaction of the account from `date_from`, across all pages."""
        path = f"/v1/accounts/{quote(account_id, safe='')}/transactions"
        params: dict[str, str] | None = {
            "bookingStatus": "booked",
            "dateFrom": date_from.isoformat(),
        }
        if date_to and params is not None:
            params["dateTo"] = date_to.isoformat()
        headers = self._headers

        def get(target: str, query: Mapping[str, str] | None) -> tuple[Any, requests.Response]:
            try:
                return self.get_json(target, params=query, headers=headers())
            except HttpError as exc:
                raise Psd2Error(f"{exc}{_tpp_text(exc.body)}. Nothing was imported.") from exc

        def next_link(body: Any, _: requests.Response) -> str | None:
            return _next_link(json_at(body, "transactions")) or _next_link(body)

        pages = cursor_pages(
            get,
            (path, params),
            next_cursor=next_link,
            follow=lambda link: (link, None),  # the next link carries its own query
            max_pages=self.max_pages,
            too_many=lambda: Psd2Error(
                f"bank API: more than {self.max_pages} pages for account {account_id}; "
                "stopped (the bank keeps offering a next page). Nothing was imported."
            ),
            loops=lambda page, link: Psd2Error(
                f"bank API: page {page} links back to a page already read ({link})"
            ),
        )
        entries: list[BankEntry] = []
        for page, body in pages:
            if not isinstance(body, dict):
                raise Psd2Error(f"bank API: page {page} is not a transaction report")
            account = _account(body) or account_id
            report = body.get("transactions")
            if not isinstance(report, dict):
                raise Psd2Error(f"bank API: page {page} has no 'transactions' report")
            booked = report.get("booked") or []
            if not isinstance(booked, list):
                raise Psd2Error(f"bank API: page {page}: 'transactions.booked' is not a list")
            for n, tx in enumerate(booked, start=1):
                entries.append(_entry(tx, account, f"page {page}, transaction {n}"))
        return entries


def _tpp_text(body: Any) -> str:
    """The bank's own words (Berlin Group tppMessages), where it gave any."""
    if isinstance(body, dict) and isinstance(body.get("tppMessages"), list):
        texts = [
            f"{m.get('code', '')}: {m.get('text', '')}".strip(": ")
            for m in body["tppMessages"]
            if isinstance(m, dict)
        ]
        if texts:
            return " (" + "; ".join(texts) + ")"
    return ""


def _next_link(report: Any) -> str | None:
    nxt = json_at(report, "_links", "next")
    href = json_at(nxt, "href") if isinstance(nxt, Mapping) else nxt
    return href if isinstance(href, str) and href else None


def _account(body: Mapping[str, Any]) -> str | None:
    acct = body.get("account")
    if isinstance(acct, dict):
        return meaningful(acct.get("iban") or acct.get("bban") or acct.get("maskedPan"))
    return None


def _entry(tx: Any, account: str, where: str) -> BankEntry:
    if not isinstance(tx, dict):
        raise Psd2Error(f"bank API: {where} is not an object")
    ident = tx.get("transactionId") or tx.get("entryReference") or "?"
    label = f"bank API: {where} (transactionId {ident})"
    amount_obj = tx.get("transactionAmount")
    if not isinstance(amount_obj, dict):
        raise Psd2Error(f"{label}: no transactionAmount. Nothing was imported.")
    raw = amount_obj.get("amount")
    # Berlin Group's Amount: a string of up to 14 digits, a point and up to 3 decimals
    if not isinstance(raw, (str, int, float)) or not _AMOUNT.fullmatch(str(raw)):
        raise Psd2Error(f"{label}: amount '{_shown(raw)}' is not an amount. Nothing was imported.")
    amount = Decimal(str(raw))
    currency = str(amount_obj.get("currency") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise Psd2Error(
            f"{label}: currency '{_shown(currency)}' is not an ISO 4217 code. Nothing was imported."
        )
    booked = _date(tx.get("bookingDate"), label, "bookingDate", required=True)
    assert booked is not None
    credit = amount > 0
    party = "debtor" if credit else "creditor"
    party_acct = tx.get(f"{party}Account")
    remittance = [tx.get("remittanceInformationUnstructured")]
    array = tx.get("remittanceInformationUnstructuredArray")
    if isinstance(array, list):
        remittance += array
    structured = tx.get("remittanceInformationStructured")
    if isinstance(structured, dict):
        remittance.append(structured.get("reference"))
    elif isinstance(structured, str):
        remittance.append(structured)
    text = " ".join(
        " ".join(str(r).split()) for r in remittance if isinstance(r, str) and r.strip()
    )
    return BankEntry(
        booking_date=booked,
        value_date=_date(tx.get("valueDate"), label, "valueDate", required=False),
        amount=amount,
        currency=currency,
        account=account,
        bank_ref=meaningful(tx.get("entryReference")) or meaningful(tx.get("transactionId")),
        end_to_end_id=meaningful(tx.get("endToEndId")),
        payer=meaningful(tx.get(f"{party}Name") or tx.get(f"ultimate{party.title()}")),
        payer_account=meaningful(party_acct.get("iban")) if isinstance(party_acct, dict) else None,
        remittance=text or None,
        source=SOURCE,
        statement=None,
        where=where,
        # keyed by the EndToEndId before issue 16 where the bank gave no id
        former_key=meaningful(tx.get("endToEndId")),
    )


def _date(value: Any, label: str, field: str, *, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise Psd2Error(f"{label}: no {field}. Nothing was imported.")
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise Psd2Error(
            f"{label}: {field} '{_shown(value)}' is not a date. Nothing was imported."
        ) from exc


def _shown(value: Any) -> str:
    """A value from the bank's answer as a person reads it in a message (never a repr)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return " ".join(text.split())[:40]
