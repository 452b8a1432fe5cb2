"""The rules a tracking sync applies, on frames: which shipments are asked, what a row's cells
become, which orders get an alert, how failures are told, which Settings rows are carriers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from orderdesk.domain.tracking.carriers import carrier_configs
from orderdesk.domain.tracking.queries import (
    Failure,
    Fetched,
    ShipmentQuery,
    chosen_shipments,
    failure_lines,
    shipments_to_ask,
)
from orderdesk.domain.tracking.status import ShipmentTracking
from orderdesk.domain.tracking.sync import order_alerts, same, shipment_changes
from orderdesk.schema import Customers, Orders, Shipments

NOW = dt.datetime(2026, 10, 20, 9, 30)


def frame(table: type, rows: list[dict[object, object]], start: int = 2) -> pd.DataFrame:
    cols = [str(c) for c in table.columns()]
    out = pd.DataFrame([{str(k): v for k, v in r.items()} for r in rows], columns=cols)
    return out.set_axis(range(start, start + len(out)))


def shipments() -> pd.DataFrame:
    return frame(
        Shipments,
        [
            {Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.carrier: "maeu",
             Shipments.container_no: "msku 123", Shipments.status: "in transit"},
            {Shipments.shipment_id: "SH-2", Shipments.order_id: "SO-2", Shipments.carrier: "MAEU",
             Shipments.status: "delivered"},
            {Shipments.shipment_id: "SH-3", Shipments.order_id: "SO-1", Shipments.carrier: None},
            {Shipments.shipment_id: "SH-4", Shipments.order_id: "SO-2", Shipments.carrier: "DHL",
             Shipments.port_of_discharge: "esvlc"},
        ],
    )  # fmt: skip


def orders() -> pd.DataFrame:
    return frame(
        Orders,
        [
            {Orders.order_id: "SO-1", Orders.customer: "C1", Orders.customer_po: "PO-77",
             Orders.port_of_loading: "CNSHA", Orders.port_of_discharge: "ESVLC",
             Orders.requested_delivery: pd.Timestamp("2026-10-10")},
            {Orders.order_id: "SO-2", Orders.customer: "C1",
             Orders.requested_delivery: pd.Timestamp("2026-12-01"),
             Orders.tracking_alert: "an old alert"},
        ],
    )  # fmt: skip


def test_delivered_and_carrierless_shipments_are_not_asked_and_ports_come_from_the_order() -> None:
    jobs, delivered = shipments_to_ask(shipments(), orders())
    assert [(row, q.shipment_id) for row, q in jobs] == [(2, "SH-1"), (5, "SH-4")]
    assert delivered == 1
    first = jobs[0][1]
    assert (first.carrier, first.container_no) == ("MAEU", "MSKU123")
    assert (first.port_of_loading, first.port_of_discharge) == ("CNSHA", "ESVLC")
    assert jobs[1][1].port_of_discharge == "ESVLC"  # the row's own port, upper-cased
    again, none = shipments_to_ask(shipments(), orders(), include_delivered=True)
    assert [q.shipment_id for _, q in again] == ["SH-1", "SH-2", "SH-4"] and none == 0


def test_a_selection_of_orders_chooses_their_shipments() -> None:
    assert chosen_shipments(shipments(), ["SO-2"], by_order=True) == {"SH-2", "SH-4"}
    assert chosen_shipments(shipments(), ["SH-3"], by_order=False) == {"SH-3"}
    jobs, _ = shipments_to_ask(shipments(), orders(), {"SH-4"})
    assert [q.shipment_id for _, q in jobs] == ["SH-4"]


def test_a_shipment_without_events_keeps_its_status_and_gets_only_changed_cells() -> None:
    ships = shipments()
    ships[str(Shipments.eta)] = pd.to_datetime(["2026-10-25", None, None, None])
    late = pd.Series([None] * 4, index=ships.index, dtype="Float64")
    quiet = ShipmentTracking(eta=dt.date(2026, 10, 25))  # same ETA, no events yet
    moved = ShipmentTracking(status_text="departed", last_event="Departed CNSHA",
                             eta=dt.date(2026, 10, 30))  # fmt: skip
    changes = shipment_changes(ships, {"SH-1": 2, "SH-4": 5}, {"SH-1": quiet, "SH-4": moved},
                               late, NOW)  # fmt: skip
    assert changes[("SH-1",)] == {Shipments.last_sync: NOW}
    assert changes[("SH-4",)][Shipments.status] == "departed"
    assert changes[("SH-4",)][Shipments.eta] == dt.date(2026, 10, 30)


def test_same_compares_dates_by_day_and_blanks_with_none() -> None:
    assert same(pd.Timestamp("2026-10-25 00:00"), dt.date(2026, 10, 25))
    assert not same(pd.Timestamp("2026-10-25"), dt.date(2026, 10, 26))
    assert same(float("nan"), None) and not same(None, "x") and not same("x", None)


def test_an_order_late_beyond_the_tolerance_gets_an_alert_and_a_stale_alert_is_cleared() -> None:
    ships = shipments()
    results = {"SH-1": Fetched([], destination="Valencia"), "SH-4": Fetched([])}
    arrival = pd.to_datetime(pd.Series(["2026-10-20", None, None, "2026-11-01"], index=ships.index))
    arrived = pd.Series([False] * 4, index=ships.index)
    customers = frame(Customers, [{Customers.customer_id: "C1", Customers.language: "en"}])
    alerts = order_alerts(ships, orders(), customers, results, arrival, arrived, tolerance=3)
    assert [a["order_id"] for a in alerts.flagged] == ["SO-1"]
    assert alerts.flagged[0]["delay_days"] == 10
    text = alerts.changes[("SO-1",)][Orders.tracking_alert]
    assert "PO-77" in text and "Valencia" in text
    assert alerts.changes[("SO-2",)] == {Orders.tracking_alert: None}  # on time now: cleared
    within = order_alerts(ships, orders(), customers, results, arrival, arrived, tolerance=10)
    assert within.flagged == []


def test_a_carrier_that_failed_as_a_whole_is_one_line_with_its_first_real_reason() -> None:
    def fail(sid: str, carrier: str, message: str, wide: bool) -> Failure:
        return Failure(sid, carrier, "container X", message, wide)

    lines = failure_lines(
        [
            fail("SH-2", "MSCU", "MSCU: not asked: gave up after 3 failures in a row", True),
            fail("SH-1", "MSCU", "MSCU: HTTP 503", True),
            fail("SH-3", "MAEU", "no such booking", False),
        ]
    )
    assert lines == [
        "SH-3 (MAEU, container X): no such booking",
        "MSCU failed, 2 shipment(s) not updated (SH-1, SH-2): MSCU: HTTP 503",
    ]


def test_only_carrier_rows_with_a_known_api_and_an_http_address_are_tracked() -> None:
    rows = [
        {"row": 5, "carrier": " maeu ", "api": "DCSA", "base_url": "https://api.maersk.com",
         "key_variable": "", "calls_per_second": None},
        {"row": 6, "carrier": "XX", "api": "soap", "base_url": "https://x", "key_variable": None,
         "calls_per_second": 2},
        {"row": 7, "carrier": "YY", "api": "dhl", "base_url": "ftp://y", "key_variable": None,
         "calls_per_second": 2},
        {"row": 8, "carrier": "", "api": "dhl", "base_url": "", "key_variable": None,
         "calls_per_second": None},
    ]  # fmt: skip
    carriers, problems = carrier_configs(rows, lambda row, name: f"Settings!{name}{row}")
    assert list(carriers) == ["MAEU"]
    assert carriers["MAEU"].per_second == 5.0 and carriers["MAEU"].key_variable is None
    assert problems == [
        "Settings!api6: 'soap' is not one of dcsa, dcsa3, dhl; XX is not tracked",
        "Settings!base_url7: 'ftp://y' is not an http(s) address; YY is not tracked",
    ]


def test_a_query_names_its_best_reference() -> None:
    assert ShipmentQuery("S", None, "X", bl_no="B1", booking_ref="K").reference == "B/L B1"
    assert ShipmentQuery("S", None, "X").reference == "no reference"
