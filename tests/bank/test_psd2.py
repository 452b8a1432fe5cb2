"""The NextGenPSD2 sandbox API (handled directly) and the client over real HTTP on 127.0.0.1,
through the shared sandbox server."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from orderdesk.actions.bank import PSD2, BankApi, sync_bank
from orderdesk.actions.context import RunContext
from orderdesk.adapters.banks.psd2 import Psd2Client, Psd2Error, consent_from_env
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.sandbox import psd2
from orderdesk.sandbox.base import Faults, SandboxRequest
from orderdesk.sandbox.server import Sandbox
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
    _, late = get(api, path, bookingStatus="booked", dateFrom="2026-10-20")
    assert 0 < len(late["transactions"]["booked"]) < len(all_["transactions"]["booked"])
    assert all(t["bookingDate"] >= "2026-10-20" for t in late["transactions"]["booked"])


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


# --- over HTTP, through the sandbox server ----------------------------------------------------


@contextmanager
def sandbox(register: Path, faults: Faults | None = None) -> Iterator[tuple[Sandbox, str]]:
    with Sandbox(register, apis=["psd2"], faults={"psd2": faults} if faults else None) as box:
        yield box, box.url + psd2.PREFIX


def test_client_reads_every_page_with_fresh_request_ids(trade_register: Path) -> None:
    with sandbox(trade_register, Faults(page_size=2)) as (box, url):
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None)
        got = client.transactions(psd2.ACCOUNT_ID, dt.date(2000, 1, 1))
        received = box.requests_to("psd2")
    expected = psd2.make_api(trade_register, Faults()).transactions
    assert [e.bank_ref for e in got] == [t["entryReference"] for t in expected]
    assert len(received) == -(-len(expected) // 2)  # ceil: one call per page
    first = received[0]
    assert first.path == f"/psd2/v1/accounts/{psd2.ACCOUNT_ID}/transactions"
    assert (first.arg("bookingStatus"), first.arg("dateFrom")) == ("booked", "2000-01-01")
    assert first.headers["consent-id"] == psd2.CONSENT_ID
    ids = [r.headers["x-request-id"] for r in received]
    assert len(set(ids)) == len(ids)


def test_client_retries_then_succeeds(trade_register: Path) -> None:
    with sandbox(trade_register, Faults(status=503, fail_first=2, retry_after=0)) as (box, url):
        got = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None).transactions(
            psd2.ACCOUNT_ID, dt.date(2000, 1, 1)
        )
        statuses = [r.status for r in box.requests_to("psd2")]
    assert got and statuses == [503, 503, 200]


def test_a_failing_bank_imports_nothing_and_keeps_the_consent_secret(trade_register: Path) -> None:
    before = trade_register.read_bytes()
    with sandbox(trade_register, Faults(status=500)) as (box, url):
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None, retries=2)
        api = BankApi(url, psd2.ACCOUNT_ID, psd2.CONSENT_ID, dt.date(2000, 1, 1))
        with pytest.raises(Psd2Error) as caught:
            sync_bank(RunContext.of(FileRegister(trade_register), clients={PSD2: client}), api=api)
        assert len(box.requests_to("psd2")) == 3  # the first call and two retries
    message = str(caught.value)
    assert "HTTP 500" in message and "INTERNAL_SERVER_ERROR" in message
    assert "Nothing was imported" in message
    assert psd2.CONSENT_ID not in message
    assert trade_register.read_bytes() == before


def test_a_malformed_answer_is_a_clear_error(trade_register: Path) -> None:
    with sandbox(trade_register, Faults(malformed=True)) as (_box, url):
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None)
        with pytest.raises(Psd2Error, match="the answer is not JSON"):
            client.transactions(psd2.ACCOUNT_ID, dt.date(2000, 1, 1))


def test_endless_pages_are_stopped(trade_register: Path) -> None:
    with sandbox(trade_register, Faults(page_size=50, endless_pages=True)) as (_box, url):
        client = Psd2Client(url, psd2.CONSENT_ID, sleep=lambda s: None, max_pages=5)
        with pytest.raises(Psd2Error, match="more than 5 pages"):
            client.transactions(psd2.ACCOUNT_ID, dt.date(2000, 1, 1))


def test_sync_from_the_sandbox_twice(trade_register: Path) -> None:
    expected = psd2.make_api(trade_register, Faults()).transactions
    for run in range(2):
        code = main(
            ["sync", "bank", str(trade_register), "--api", "--sandbox", "--from", "2000-01-01"]
        )
        assert code == 1  # one receipt nobody can place
        if run == 0:
            after_first = trade_register.read_bytes()
    assert trade_register.read_bytes() == after_first  # the second run changed nothing
    entries = by_key(trade_register, BankEntries, BankEntries.entry_ref)
    assert set(entries) == {t["entryReference"] for t in expected}
    assert {r[BankEntries.source] for r in entries.values()} == {"PSD2"}
    # the register's latest invoice (INV-2026-0012) was issued on 2026-10-20: the sandbox
    # bank's history ends that day
    fee = entries["SBXFEE20261020"]
    assert fee[BankEntries.match_status] == "outgoing" and fee[BankEntries.amount] == -15
    paid = [r for r in entries.values() if str(r[BankEntries.remittance]).startswith("PAYMENT INV")]
    assert paid and all(r[BankEntries.match_status] == "matched" for r in paid)
    assert entries["SBXUNK20261020"][BankEntries.match_status] == "unmatched"


@pytest.mark.parametrize("later", ["2026-12-02", None])
def test_syncing_the_sandbox_another_day_adds_nothing(
    trade_register: Path, monkeypatch: pytest.MonkeyPatch, later: str | None
) -> None:
    """Issue 23, item 9: a demo pinned ORDERDESK_TODAY; the next sync without it (or a week
    later) re-imported the sandbox's transactions as new entries."""
    assert main(["sync", "bank", str(trade_register), "--api", "--sandbox"]) == 1
    first = rows(trade_register, BankEntries)
    if later is None:
        monkeypatch.delenv("ORDERDESK_TODAY")
    else:
        monkeypatch.setenv("ORDERDESK_TODAY", later)
    main(["sync", "bank", str(trade_register), "--api", "--sandbox"])
    assert rows(trade_register, BankEntries) == first


def test_the_sandbox_accounts_pass_the_registers_own_iban_check(
    trade_register: Path, capsys
) -> None:
    from orderdesk.domain.reference.codes import is_iban

    assert is_iban(psd2.ACCOUNT_IBAN)
    main(["sync", "bank", str(trade_register), "--api", "--sandbox"])
    entries = rows(trade_register, BankEntries)
    payers = {r[BankEntries.payer_account] for r in entries} - {None}
    assert payers and all(is_iban(p) for p in payers)
    assert {r[BankEntries.account] for r in entries} == {psd2.ACCOUNT_IBAN}
    main(["validate", str(trade_register)])
    import openpyxl

    issues = openpyxl.load_workbook(trade_register)["Issues"]
    found = [str(v) for row in issues.iter_rows(values_only=True) for v in row if v]
    assert len(found) > 20  # Validate wrote its findings (the trade register has many)
    assert not [f for f in found if "IBAN" in f]


def test_consent_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORDERDESK_PSD2_CONSENT_ID", raising=False)
    with pytest.raises(Psd2Error, match="set the environment variable ORDERDESK_PSD2_CONSENT_ID"):
        consent_from_env()
    monkeypatch.setenv("ORDERDESK_PSD2_CONSENT_ID", "abc")
    assert consent_from_env() == "abc"


def test_the_configured_bank_api_with_the_consent_from_the_environment(
    make_register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from orderdesk.defaults import policy_rows
    from orderdesk.schema import Setting, Settings
    from tests.bank.conftest import trade_rows

    plain = make_register(trade_rows(), name="plain.xlsx")
    assert main(["sync", "bank", str(plain), "--api"]) == 2
    assert "set 'bank api url' and 'bank api account'" in " ".join(capsys.readouterr().err.split())

    with Sandbox(plain, apis=["psd2"]) as box:
        settings = policy_rows()[Settings]
        for row in settings:
            if row[Settings.key] == Setting.BANK_API_URL.key:
                row[Settings.value] = box.url + psd2.PREFIX
            if row[Settings.key] == Setting.BANK_API_ACCOUNT.key:
                row[Settings.value] = psd2.ACCOUNT_ID
        register = make_register({**trade_rows(), Settings: settings}, name="api.xlsx")
        monkeypatch.delenv("ORDERDESK_PSD2_CONSENT_ID", raising=False)
        assert main(["sync", "bank", str(register), "--api"]) == 2
        assert "ORDERDESK_PSD2_CONSENT_ID" in capsys.readouterr().err
        monkeypatch.setenv("ORDERDESK_PSD2_CONSENT_ID", psd2.CONSENT_ID)
        assert main(["sync", "bank", str(register), "--api", "--from", "2000-01-01"]) == 1
        sent = box.requests_to("psd2")[-1]
    assert sent.headers["consent-id"] == psd2.CONSENT_ID
    assert len(rows(register, BankEntries)) == len(psd2.make_api(plain, Faults()).transactions)
    # the consent is in no cell of the workbook
    import openpyxl

    wb = openpyxl.load_workbook(register)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert psd2.CONSENT_ID not in {str(v) for v in row}
