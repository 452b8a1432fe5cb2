"""A real action through the ribbon on a live workbook: Sync tracking, clicked in a (fake) Excel
book, against carrier APIs on loopback. What the user sees: events appended to ShipmentEvents,
the shipment's status columns filled, the order's tracking alert, a summary alert, and the
`_OrderDesk` sheet the file adapter can read."""

from __future__ import annotations

import datetime as dt

import orderdesk_addin
import pytest

from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import Carriers, Customers, Orders, ShipmentEvents, Shipments
from tests.tracking.registers import TODAY
from tests.tracking.scripted import ScriptedDcsa, ScriptedDhl
from tests.tracking.test_sync_wire import BOOKING, CARRIERS, EVENTS

from .fake_excel import FakeBook


@pytest.fixture
def register(make_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY)
    monkeypatch.setenv("ACME_KEY", "acme-key")
    return make_register(
        {
            Carriers: CARRIERS,
            Customers: [{Customers.customer_id: "CU-1", Customers.name: "Ferretería Ibérica S.L.", Customers.country: "ES", Customers.language: "es"}],
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.customer_po: "OC-88", Orders.port_of_discharge: "DEHAM",
                      Orders.requested_delivery: dt.date(2026, 11, 12)}],
            Shipments: [{Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.mode: "ocean", Shipments.carrier: "ACME",
                         Shipments.booking_ref: BOOKING, Shipments.container_no: "MSKU1234565"}],
        }
    )  # fmt: skip


def point_carrier_at(book: FakeBook, carrier: str, url: str) -> None:
    """Edit the Carriers table's Base URL cell, as a user would in Excel."""
    sheet = book.sheets["Settings"]
    ((hr, url_col),) = [k for k, v in sheet.cells.items() if v == str(Carriers.base_url)]
    carrier_col = next(
        c for (r, c), v in sheet.cells.items() if r == hr and v == str(Carriers.carrier)
    )
    row = next(r for (r, c), v in sheet.cells.items() if c == carrier_col and v == carrier)
    sheet.cells[(row, url_col)] = url


def test_sync_tracking_clicked_in_excel(register, tmp_path):
    with Sandbox(
        register, apis=[], extra=[ScriptedDcsa("/acme", {BOOKING: EVENTS}), ScriptedDhl("/dhl", {})]
    ) as box:
        book = FakeBook.from_xlsx(register)
        point_carrier_at(book, "ACME", f"{box.url}/acme")
        outcome = orderdesk_addin.run("odSyncTracking", book=book)
        again = orderdesk_addin.run("odSyncTracking", book=book)
    assert outcome is not None, book.app.alerts
    (prompt, title, mode) = book.app.alerts[0]
    assert mode == "info" and title == "OrderDesk · Sync tracking"
    assert prompt.startswith("tracked 1 of 1 shipment(s)")
    events = book.sheets[ShipmentEvents.sheet].column(str(ShipmentEvents.event_id))
    assert len(events) == 9 and list(events) == list(range(2, 11))  # appended below the header
    assert book.sheets[ShipmentEvents.sheet].tables[0].area[2] == 10  # inside the table
    ship = book.sheets[Shipments.sheet]
    assert ship.column(str(Shipments.last_sync))[2] is not None
    alert = book.sheets[Orders.sheet].column(str(Orders.tracking_alert))[2]
    assert "OC-88" in alert and "7 días" in alert
    # a second click adds nothing (the sync is idempotent through the live adapter too)
    assert again is not None and "0 new event(s)" in book.app.alerts[1][0]
    assert len(book.sheets[ShipmentEvents.sheet].column(str(ShipmentEvents.event_id))) == 9
    # whole-column writes: cell by cell, the nine events alone would be over 90 writes
    assert book.calls["write"] <= 30
    assert book.calls["read"] == book.calls["used_range"]  # every read is one whole sheet
