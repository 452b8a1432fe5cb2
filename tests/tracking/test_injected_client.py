"""Sync tracking on an in-memory register with the carriers' client handed in through the run
context (`ctx.client("carriers")`): the one way a test replaces an outside system."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orderdesk.actions.context import RunContext
from orderdesk.actions.tracking import CARRIERS, sync_tracking
from orderdesk.domain.tracking.queries import Fetched, ShipmentQuery
from orderdesk.schema import Carriers, Orders, ShipmentEvents, Shipments
from tests.tracking.test_domain import event

DAY = dt.date(2026, 10, 20)


class FakeCarrier:
    def __init__(self, asked: list[str]) -> None:
        self.asked = asked

    def fetch(self, query: ShipmentQuery) -> Fetched:
        self.asked.append(query.shipment_id)
        return Fetched([event("TRANSPORT", "DEPA", day=5, loc="CNSHA")], calls=1)


def data() -> dict[Any, Any]:
    return {
        Carriers: [
            {Carriers.carrier: "ACME", Carriers.api: "dcsa", Carriers.base_url: "https://acme"}
        ],
        Orders: [{Orders.order_id: "SO-1", Orders.customer: "C1"}],
        Shipments: [
            {Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.carrier: "ACME",
             Shipments.booking_ref: "BK1"},
            {Shipments.shipment_id: "SH-2", Shipments.order_id: "SO-1", Shipments.carrier: "ACME",
             Shipments.status: "delivered"},
        ],
    }  # fmt: skip


def test_the_injected_client_is_asked_and_its_answer_written(memory_register) -> None:
    asked: list[str] = []
    register = memory_register(data())
    ctx = RunContext.of(register, today=DAY, clients={CARRIERS: lambda *a, **k: FakeCarrier(asked)})
    outcome = sync_tracking(ctx)
    assert asked == ["SH-1"]  # the delivered shipment is not asked
    assert outcome.summary.startswith("tracked 1 of 1 shipment(s), 1 new event(s)")
    events = register.read(ShipmentEvents).frame
    assert list(events[ShipmentEvents.shipment_id]) == ["SH-1"]
    row = register.read(Shipments).frame.iloc[0]
    assert row[Shipments.status] == "departed"
    assert row[Shipments.last_sync].date() == DAY  # the run's day, at the clock's time
