"""The sandbox server: APIs found by module, routed by prefix, faults per route, data consistent
with the register it was given, real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from orderdesk.sandbox.base import Faults, SandboxRequest, SandboxResponse
from orderdesk.sandbox.server import Sandbox, discover
from tests.tracking.registers import tracking_register


@pytest.fixture
def register(make_register: Callable[..., Path]) -> Path:
    return tracking_register(make_register)


def get(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers=headers, timeout=5)


def test_apis_are_found_by_module_and_served_by_prefix(register: Path) -> None:
    assert {"dcsa", "dhl"} <= set(discover())
    with Sandbox(register) as box:
        assert box.url.startswith("http://127.0.0.1:") and not box.url.endswith(":0")
        assert get(f"{box.url}/dcsa/MAEU/v2/events").status_code == 200
        assert (
            get(
                f"{box.url}/dhl/track/shipments?trackingNumber=1234567890", **{"DHL-API-Key": "k"}
            ).status_code
            == 200
        )
        assert get(f"{box.url}/nothing/here").status_code == 404
        url = box.url
    with pytest.raises(requests.ConnectionError):
        get(f"{url}/dcsa/MAEU/v2/events")  # stopped: the port is closed


def test_dcsa_answers_are_the_registers_shipments(register: Path) -> None:
    with Sandbox(register) as box:
        one = get(f"{box.url}/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600101")
        assert one.headers["API-Version"] == "2.2.0"
        events = one.json()
        assert events and all(
            {"documentReferenceType": "BKG", "documentReferenceValue": "MAEU2600101"} in e["documentReferences"]
            for e in events if e["eventType"] != "SHIPMENT"
        )  # fmt: skip
        boxes = {e["equipmentReference"] for e in events if e["eventType"] == "EQUIPMENT"}
        assert boxes == {"MSKU1234565"}
        # the same request gives the same answer (deterministic data)
        assert (
            get(f"{box.url}/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600101").json()
            == events
        )
        # only shipments of the register, by carrier
        assert get(f"{box.url}/dcsa/MAEU/v2/events?carrierBookingReference=MSC9900311").json() == []
        assert get(f"{box.url}/dcsa/HLCU/v2/events").json() == []
        assert get(f"{box.url}/dcsa/XXXX/v2/events").status_code == 404
        v3 = get(
            f"{box.url}/dcsa/MAEU/v3/events?documentTypeCodes=BKG&documentReference=MAEU2600101"
        ).json()
        assert {e["metadata"]["eventID"] for e in v3} >= {e["eventID"] for e in events}
        assert all("payload" in e for e in v3)


def test_dcsa_pages_through_next_page_links(register: Path) -> None:
    with Sandbox(register, faults={"dcsa": Faults(page_size=4)}) as box:
        url = f"{box.url}/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600101"
        seen = []
        pages = 0
        while url:
            r = get(url)
            seen += [e["eventID"] for e in r.json()]
            url = r.headers.get("Next-Page", "")
            pages += 1
    with Sandbox(register) as box:  # the same data, unpaged
        whole = get(f"{box.url}/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600101").json()
    assert len(whole) > 8 and pages == -(-len(whole) // 4) and seen == [e["eventID"] for e in whole]


def test_dhl_refuses_a_missing_key_and_unknown_numbers(register: Path) -> None:
    with Sandbox(register) as box:
        no_key = get(f"{box.url}/dhl/track/shipments?trackingNumber=1234567890")
        unknown = get(f"{box.url}/dhl/track/shipments?trackingNumber=000", **{"DHL-API-Key": "k"})
        ok = get(
            f"{box.url}/dhl/track/shipments?trackingNumber=1234567890", **{"DHL-API-Key": "k"}
        ).json()
    assert (
        no_key.status_code == 401 and no_key.headers["Content-Type"] == "application/problem+json"
    )
    assert (
        unknown.status_code == 404
        and unknown.json()["detail"] == "No shipment with given tracking number found."
    )
    parcel = ok["shipments"][0]
    assert parcel["id"] == "1234567890" and parcel["events"][0]["statusCode"] in (
        "pre-transit",
        "transit",
        "delivered",
    )


class Echo:
    prefix = "/echo"

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        return SandboxResponse.json({"path": request.path, "q": request.arg("q")})


def test_faults_per_route_most_specific_wins(register: Path) -> None:
    faults = {
        "dcsa": Faults(status=503, retry_after=9),
        "dcsa/MAEU": Faults(fail_first=2, status=500),
        "echo": Faults(throttle_every=3, retry_after=4),
        "dhl": Faults(malformed=True),
    }
    with Sandbox(register, faults=faults, extra=[Echo()]) as box:
        mscu = get(f"{box.url}/dcsa/MSCU/v2/events")
        maeu = [get(f"{box.url}/dcsa/MAEU/v2/events").status_code for _ in range(3)]
        echo = [get(f"{box.url}/echo/x?q=1") for _ in range(3)]
        broken = get(
            f"{box.url}/dhl/track/shipments?trackingNumber=1234567890", **{"DHL-API-Key": "k"}
        )
        log = [(r.route, r.status) for r in box.received]
    assert mscu.status_code == 503 and mscu.headers["Retry-After"] == "9"
    assert mscu.json()["statusCodeText"] == "Service Unavailable"  # DCSA's own error shape
    assert maeu == [500, 500, 200]
    assert [r.status_code for r in echo] == [200, 200, 429] and echo[2].headers[
        "Retry-After"
    ] == "4"
    assert echo[0].json() == {"path": "/x", "q": "1"}
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.content)
    assert log[0] == ("dcsa", 503) and log[1:4] == [
        ("dcsa/MAEU", 500),
        ("dcsa/MAEU", 500),
        ("dcsa/MAEU", 200),
    ]


def test_orderdesk_sandbox_command_serves_until_stopped(register: Path) -> None:
    env = {**os.environ, "ORDERDESK_TODAY": "2026-11-10", "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-c", "from orderdesk.cli import run; run()", "sandbox", str(register), "--port", "0",
           "--fault", "dhl:status=500"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("OrderDesk sandbox on http://127.0.0.1:")
        url = first.split()[3]
        lines = [proc.stdout.readline() for _ in range(4)]
        assert any(f"MAEU (dcsa): {url}/dcsa/MAEU" in line for line in lines)
        assert get(f"{url}/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600101").json()
        assert (
            get(f"{url}/dhl/track/shipments?trackingNumber=1", **{"DHL-API-Key": "k"}).status_code
            == 500
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def test_the_sandbox_answers_the_same_after_a_sync_wrote_the_dates(register: Path) -> None:
    from orderdesk.cli import main

    url = "/dcsa/MAEU/v2/events?carrierBookingReference=MAEU2600102"
    with Sandbox(register) as box:
        before = get(box.url + url).json()
    main(["sync", "tracking", str(register), "--sandbox"])  # writes ETD/ETA/ATD/ATA into Shipments
    with Sandbox(register) as box:
        assert get(box.url + url).json() == before
