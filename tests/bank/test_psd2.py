"""The NextGenPSD2 sandbox (handled directly) and the client over real HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from orderdesk.actions.bank import BankApi, sync_bank
from orderdesk.adapters.banks.psd2 import Psd2Client, Psd2Error, consent_from_env
from orderdesk.adapters.file_register import FileRegister
from orderdesk.sandbox import psd2
from orderdesk.sandbox.base import Faults, SandboxRequest
from orderdesk.schema import BankEntries, Invoices
from tests.bank.sheets import by_key, rows

HEADERS = {"x-request-id": "r-1", "consent-id": psd2.CONSENT_ID}


def get(api: psd2.Psd2Api, path: str, headers: dict[str, str] | None = None, **query: str):
    req = SandboxRequest(
        "GET", path, {k: [v] for k, v in query.items()}, HEADERS if headers is None else headers
    )
    resp = api.handle(req)
    return resp.status, json.loads(resp.body)


def test_sandbox_pays_open_invoices_of_the_register(trade_register: Path) -> None:
    api = psd2.make_api(trade_register, Faults())
    status, body = get(
        api,
        f"/v1/accounts/{psd2.ACCOUNT_ID}/transactions",
        bookingStatus="booked",
        dateFrom="2026-01-01",
    )
    assert status == 200
    booked = body["transactions"]["booked"]
    open_invoices = {r[Invoices.invoice_no]: r for r in rows(trade_register, Invoices)}
    paid = [t for t in booked if t["remittanceInformationUnstructured"].startswith("PAYMENT INV")]
    assert paid  # some of the register's open invoices, in their amounts (all USD here)
    for t in paid:
        number = t["remittanceInformationUnstructured"].split()[-1]
        assert Decimal(t["transactionAmount"]["amount"]) == Decimal(
            str(open_invoices[number][Invoices.amount])
        )
    assert any(Decimal(t["transactionAmount"]["amount"]) < 0 for t in booked)  # a bank fee


def test_sandbox_requires_headers_and_filters_dates(trade_register: Path) -> None:
    api = psd2.make_api(trade_register, Faults())
    path = f"/v1/accounts/{psd2.ACCOUNT_ID}/transactions"
    status, body = get(
        api,
        path,
        headers={"consent-id": psd2.CONSENT_ID},
        bookingStatus="booked",
        dateFrom="2026-01-01",
    )
    assert (status, body["tppMessages"][0]["code"]) == (400, "FORMAT_ERROR")
    status, body = get(
        api, path, headers={"x-request-id": "1"}, bookingStatus="booked", dateFrom="2026-01-01"
    )
    assert (status, body["tppMessages"][0]["code"]) == (401, "CONSENT_UNKNOWN")
    status, body = get(api, path, bookingStatus="booked")
    assert status == 400  # dateFrom is required
    status, body = get(
        api, "/v1/accounts/NOPE/transactions", bookingStatus="booked", dateFrom="2026-01-01"
    )
    assert (status, body["tppMessages"][0]["code"]) == (404, "RESOURCE_UNKNOWN")
    _, all_ = get(api, path, bookingStatus="booked", dateFrom="2000-01-01")
    _, late = get(api, path, bookingStatus="booked", dateFrom="2026-11-15")
    assert len(late["transactions"]["booked"]) < len(all_["transactions"]["booked"])
    assert all(t["bookingDate"] >= "2026-11-15" for t in late["transactions"]["booked"])


def test_sandbox_pages_with_links(trade_register: Path) -> None:
    api = psd2.make_api(trade_register, Faults(page_size=2))
    path = f"/v1/accounts/{psd2.ACCOUNT_ID}/transactions"
    _, first = get(api, path, bookingStatus="booked", dateFrom="2000-01-01")
    assert len(first["transactions"]["booked"]) == 2
    nxt = first["transactions"]["_links"]["next"]["href"]
    parts = urlsplit(nxt)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    _, second = get(api, parts.path, **query)
    ids = {t["transactionId"] for t in first["transactions"]["booked"]}
    assert not ids & {t["transactionId"] for t in second["transactions"]["booked"]}


# --- over HTTP ----------------------------------------------------------------------------


class Wire:
    """A minimal HTTP server around one sandbox API (the shared sandbox server is tested with
    its own API): records what it received and can fail the first calls."""

    def __init__(self, api: psd2.Psd2Api, fail_first: int = 0, status: int = 503) -> None:
        self.api = api
        self.received: list[tuple[str, dict[str, str]]] = []
        self.fail_first = fail_first
        self.status = status


@contextmanager
def serve(wire: Wire) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            wire.received.append((self.path, headers))
            if len(wire.received) <= wire.fail_first:
                body = json.dumps(
                    {"tppMessages": [{"code": "SERVICE_UNAVAILABLE", "text": "down"}]}
                )
                self.send_response(wire.status)
                self.send_header("Retry-After", "0")
            else:
                parts = urlsplit(self.path)
                sub = parts.path[len(psd2.PREFIX) :]
                resp = wire.api.handle(SandboxRequest("GET", sub, parse_qs(parts.query), headers))
                body = resp.body.decode()
                self.send_response(resp.status)
            data = body.encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{psd2.PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def test_client_reads_every_page_with_fresh_request_ids(trade_register: Path) -> None:
    wire = Wire(psd2.make_api(trade_register, Faults(page_size=2)))
    with serve(wire) as url:
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None)
        got = client.transactions(psd2.ACCOUNT_ID, dt.date(2000, 1, 1))
    expected = psd2.make_api(trade_register, Faults()).transactions
    assert [e.bank_ref for e in got] == [t["entryReference"] for t in expected]
    assert len(wire.received) == -(-len(expected) // 2)  # ceil: one call per page
    first_path, first_headers = wire.received[0]
    assert "bookingStatus=booked" in first_path and "dateFrom=2000-01-01" in first_path
    assert first_headers["consent-id"] == psd2.CONSENT_ID
    ids = [h["x-request-id"] for _, h in wire.received]
    assert len(set(ids)) == len(ids)


def test_client_retries_then_succeeds(trade_register: Path) -> None:
    wire = Wire(psd2.make_api(trade_register, Faults()), fail_first=2, status=503)
    with serve(wire) as url:
        got = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None).transactions(
            psd2.ACCOUNT_ID, dt.date(2000, 1, 1)
        )
    assert got and len(wire.received) == 3


def test_a_failing_bank_imports_nothing_and_keeps_the_consent_secret(trade_register: Path) -> None:
    wire = Wire(psd2.make_api(trade_register, Faults()), fail_first=99, status=500)
    before = trade_register.read_bytes()
    with serve(wire) as url:
        client = Psd2Client(url, "SECRET-CONSENT-123", sleep=lambda s: None, retries=2)
        api = BankApi(url, psd2.ACCOUNT_ID, "SECRET-CONSENT-123", dt.date(2000, 1, 1), client)
        with pytest.raises(Psd2Error) as caught:
            sync_bank(FileRegister(trade_register), api=api)
    message = str(caught.value)
    assert "HTTP 500" in message and "SERVICE_UNAVAILABLE: down" in message
    assert "Nothing was imported" in message
    assert "SECRET-CONSENT-123" not in message
    assert trade_register.read_bytes() == before


def test_endless_pages_are_stopped(trade_register: Path) -> None:
    wire = Wire(psd2.make_api(trade_register, Faults(page_size=50, endless_pages=True)))
    with serve(wire) as url:
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None, max_pages=5)
        with pytest.raises(Psd2Error, match="more than 5 pages"):
            client.transactions(psd2.ACCOUNT_ID, dt.date(2000, 1, 1))


def test_sync_from_the_api_twice(trade_register: Path) -> None:
    wire = Wire(psd2.make_api(trade_register, Faults(page_size=3)))
    with serve(wire) as url:
        for _ in range(2):
            api = BankApi(url, psd2.ACCOUNT_ID, psd2.CONSENT_ID)
            outcome = sync_bank(FileRegister(trade_register), api=api)
    entries = by_key(trade_register, BankEntries, BankEntries.entry_ref)
    assert outcome.data["new_entries"] == []  # the second run found them all there
    assert len(entries) == len(wire.api.transactions)
    assert {r[BankEntries.source] for r in entries.values()} == {"PSD2"}
    fee = entries["SBXFEE0001"]
    assert fee[BankEntries.match_status] == "outgoing" and fee[BankEntries.amount] == -15
    paid = [r for r in entries.values() if str(r[BankEntries.remittance]).startswith("PAYMENT INV")]
    assert paid and all(r[BankEntries.match_status] == "matched" for r in paid)


def test_consent_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORDERDESK_PSD2_CONSENT_ID", raising=False)
    with pytest.raises(Psd2Error, match="set the environment variable ORDERDESK_PSD2_CONSENT_ID"):
        consent_from_env()
    monkeypatch.setenv("ORDERDESK_PSD2_CONSENT_ID", "abc")
    assert consent_from_env() == "abc"
