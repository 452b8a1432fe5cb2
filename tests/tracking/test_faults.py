"""A carrier that is down, slow, throttling, sending garbage or paging forever affects only its
own shipments: the others are updated, the failure is named in one line, nothing is half-written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.actions.tracking import sync_tracking
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli.tracking import sandbox_options
from orderdesk.sandbox.base import Faults
from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import Orders, ShipmentEvents, Shipments
from tests.tracking.registers import tracking_register

MAEU, MSCU = {"SH-1", "SH-2"}, {"SH-3", "SH-4"}


@pytest.fixture
def register(make_register: Callable[..., Path]) -> Path:
    return tracking_register(make_register)


def run(path: Path, box: Sandbox, sleeps: list[float] | None = None, **changes: Any) -> Any:
    reg = FileRegister(path)
    options = sandbox_options(
        box, reg, sleep=(sleeps.append if sleeps is not None else lambda s: None), **changes
    )
    return sync_tracking(RunContext.of(reg), options=options)


def rows(path: Path) -> Any:
    return FileRegister(path).read(Shipments).frame.set_index(Shipments.shipment_id)


def events_of(path: Path) -> Any:
    return FileRegister(path).read(ShipmentEvents).frame


def served_events(box: Sandbox, route: str) -> set[str]:
    """Event ids the sandbox actually sent on a route (every page of every answer)."""
    dcsa = box.apis["/dcsa"]
    return {e.id for e in dcsa.events[route]}  # type: ignore[attr-defined]


def test_one_carrier_500s_while_another_pages_through_three_pages(register: Path) -> None:
    faults = {"dcsa/MSCU": Faults(status=500), "dcsa": Faults(page_size=5)}
    with Sandbox(register, faults=faults) as box:
        outcome = run(register, box)
        maeu_calls = box.requests_to("dcsa/MAEU")
    # MAEU answered each booking in pages of five; SH-1's booking needs three pages
    sh1 = [r for r in maeu_calls if r.arg("carrierBookingReference") == "MAEU2600101"]
    assert len(sh1) == 3 and [bool(r.arg("cursor")) for r in sh1] == [False, True, True]
    ship = rows(register)
    for sid in MAEU | {"SH-5"}:
        assert not ship.isna().at[sid, Shipments.last_sync], sid
        assert isinstance(ship.at[sid, Shipments.status], str)
    for sid in MSCU:  # untouched: no status, no sync time, no dates
        assert (
            ship.loc[sid, [Shipments.status, Shipments.last_sync, Shipments.eta, Shipments.atd]]
            .isna()
            .all()
        )
    events = events_of(register)
    assert set(events[ShipmentEvents.shipment_id]) == MAEU | {"SH-5"}
    # every event MAEU served for SH-1, across its three pages, is in the register
    mine = set(events.loc[events[ShipmentEvents.shipment_id] == "SH-1", ShipmentEvents.event_id])
    served = box.apis["/dcsa"].events["MAEU"]  # type: ignore[attr-defined]
    assert mine == {e.id for e in served if ("BKG", "MAEU2600101") in e.refs and not e.v3_only}
    lines = [d for d in outcome.details if d.startswith("MSCU")]
    assert len(lines) == 1
    assert (
        "MSCU failed, 2 shipment(s) not updated (SH-3, SH-4)" in lines[0] and "HTTP 500" in lines[0]
    )
    assert outcome.data["failed"] and {f["shipment_id"] for f in outcome.data["failed"]} == MSCU


def test_retry_after_is_honoured_on_429(register: Path) -> None:
    sleeps: list[float] = []
    with Sandbox(register, faults={"dcsa/MAEU": Faults(throttle_every=2, retry_after=7)}) as box:
        outcome = run(register, box, sleeps, workers=1)
        calls = box.requests_to("dcsa/MAEU")
    statuses = [r.status for r in calls]
    # every second call is refused with 429; the client waits the 7 s asked and asks again
    assert statuses.count(429) >= 1
    for i, r in enumerate(calls):
        if r.status == 429:
            assert calls[i + 1].query == r.query and calls[i + 1].status == 200
    assert sleeps.count(7.0) == statuses.count(429)
    assert not outcome.data["failed"]


def test_a_carrier_still_throttling_after_the_retries_fails_alone(register: Path) -> None:
    sleeps: list[float] = []
    with Sandbox(register, faults={"dhl": Faults(status=429, retry_after=2)}) as box:
        outcome = run(register, box, sleeps, retries=2)
        dhl_calls = box.requests_to("dhl")
    assert [r.status for r in dhl_calls] == [429, 429, 429]
    assert sleeps.count(2.0) == 2  # two waits between three tries
    assert [f["shipment_id"] for f in outcome.data["failed"]] == ["SH-5"]
    assert "HTTP 429" in next(d for d in outcome.details if d.startswith("DHL"))
    assert not rows(register).isna().at["SH-1", Shipments.last_sync]


def test_malformed_json_fails_that_carrier_only(register: Path) -> None:
    with Sandbox(register, faults={"dcsa/MAEU": Faults(malformed=True)}) as box:
        outcome = run(register, box)
    line = next(d for d in outcome.details if d.startswith("MAEU"))
    assert "not JSON" in line
    ship = rows(register)
    assert ship.loc[sorted(MAEU), Shipments.last_sync].isna().all()
    assert not ship.loc[sorted(MSCU), Shipments.last_sync].isna().any()
    assert not (events_of(register)[ShipmentEvents.shipment_id].isin(MAEU)).any()


def test_endless_pages_are_stopped_and_nothing_of_them_written(register: Path) -> None:
    with Sandbox(register, faults={"dcsa": Faults(page_size=2, endless_pages=True)}) as box:
        outcome = run(register, box, max_pages=6, give_up_after=99)
        pages = [
            r
            for r in box.requests_to("dcsa/MAEU")
            if r.arg("carrierBookingReference") == "MAEU2600101"
        ]
    assert len(pages) == 6
    assert "still offering more pages after 6 pages" in " ".join(outcome.details)
    events = events_of(register)
    assert set(events[ShipmentEvents.shipment_id]) == {"SH-5"}  # only DHL, which does not page
    assert rows(register).loc[sorted(MAEU | MSCU), Shipments.last_sync].isna().all()


def test_a_slow_carrier_times_out_and_is_given_up_while_the_rest_is_updated(register: Path) -> None:
    with Sandbox(register, faults={"dcsa/MSCU": Faults(delay=0.6)}) as box:
        outcome = run(register, box, read_timeout=0.2, retries=1, give_up_after=1, workers=1)
        mscu = box.requests_to("dcsa/MSCU")
    assert len(mscu) == 2  # one shipment, two tries; the second shipment is not asked
    line = next(d for d in outcome.details if d.startswith("MSCU"))
    assert "no answer within 0.2 s" in line and "2 shipment(s) not updated" in line
    ship = rows(register)
    assert not ship.loc[sorted(MAEU | {"SH-5"}), Shipments.last_sync].isna().any()


def test_orders_of_failed_shipments_keep_their_alert(make_register: Callable[..., Path]) -> None:
    from tests.tracking.registers import ORDERS

    orders = [dict(o) for o in ORDERS]
    orders[1][Orders.tracking_alert] = "written last week"  # SO-2 ships with MSCU
    path = make_register({**_tables(), Orders: orders})
    with Sandbox(path, faults={"dcsa/MSCU": Faults(status=503, retry_after=0)}) as box:
        run(path, box)
    alerts = FileRegister(path).read(Orders).frame.set_index(Orders.order_id)[Orders.tracking_alert]
    assert alerts["SO-2"] == "written last week"


def _tables() -> dict[Any, Any]:
    from orderdesk.schema import Carriers, Customers
    from tests.tracking.registers import CUSTOMERS, SHIPMENTS, carriers

    # Copies: a test that edits a row must not change what later tests in its process read.
    return copy.deepcopy({Customers: CUSTOMERS, Shipments: SHIPMENTS, Carriers: carriers()})
