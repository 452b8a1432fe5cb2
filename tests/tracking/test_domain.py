"""Milestones, status and dates from events; delays over whole columns; the customer's update."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from orderdesk.domain.tracking.delays import delay_days, delayed_orders
from orderdesk.domain.tracking.events import CarrierEvent, Classifier, EventKind, Milestone
from orderdesk.domain.tracking.status import summarize
from orderdesk.domain.tracking.updates import LOCALE_DIR, customer_update

CN = dt.timezone(dt.timedelta(hours=8))


def event(
    kind: str,
    code: str,
    cls: str = "ACT",
    day: int = 1,
    loc: str = "",
    empty: bool | None = None,
    **kw: object,
) -> CarrierEvent:
    return CarrierEvent(
        event_id=f"{kind}-{code}-{cls}-{day}-{loc}", source="DCSA 2.2", kind=EventKind(kind),
        classifier=Classifier(cls), code=code, time=dt.datetime(2026, 10, day, 12, tzinfo=CN),
        location=loc, empty=empty, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "code", "empty", "document", "milestone"),
    [
        ("EQUIPMENT", "GTOT", True, "", Milestone.EMPTY_PICKED_UP),
        ("EQUIPMENT", "GTOT", False, "", Milestone.GATED_OUT),
        ("EQUIPMENT", "GTIN", False, "", Milestone.GATED_IN),
        ("EQUIPMENT", "GTIN", True, "", Milestone.EMPTY_RETURNED),
        ("EQUIPMENT", "LOAD", False, "", Milestone.LOADED),
        ("EQUIPMENT", "DISC", False, "", Milestone.DISCHARGED),
        ("EQUIPMENT", "STUF", False, "", Milestone.STUFFED),
        ("EQUIPMENT", "STRP", False, "", Milestone.DELIVERED),
        ("TRANSPORT", "DEPA", None, "", Milestone.DEPARTED),
        ("TRANSPORT", "ARRI", None, "", Milestone.ARRIVED),
        ("SHIPMENT", "CONF", None, "BKG", Milestone.BOOKED),
        ("SHIPMENT", "ISSU", None, "TRD", Milestone.BL_ISSUED),
        ("SHIPMENT", "SURR", None, "TRD", Milestone.BL_SURRENDERED),
        ("SHIPMENT", "APPR", None, "SHI", Milestone.DOCUMENTS),
        ("PARCEL", "pre-transit", None, "", Milestone.PRE_TRANSIT),
        ("PARCEL", "transit", None, "", Milestone.IN_TRANSIT),
        ("PARCEL", "delivered", None, "", Milestone.DELIVERED),
        ("PARCEL", "failure", None, "", Milestone.DELIVERY_PROBLEM),
        ("PARCEL", "unknown", None, "", Milestone.UNKNOWN),
    ],
)
def test_milestones(
    kind: str, code: str, empty: bool | None, document: str, milestone: Milestone
) -> None:
    assert event(kind, code, empty=empty, document=document).milestone is milestone


def test_arrival_at_a_transshipment_port_is_not_the_arrival() -> None:
    events = [
        event("TRANSPORT", "DEPA", day=1, loc="CNNGB"),
        event("TRANSPORT", "ARRI", day=8, loc="SGSIN"),
        event("EQUIPMENT", "DISC", day=9, loc="SGSIN", empty=False),
        event("TRANSPORT", "ARRI", "EST", day=28, loc="NLRTM"),
    ]
    t = summarize(events, port_of_loading="CNNGB", port_of_discharge="NLRTM")
    assert t.status is Milestone.TRANSSHIPMENT and t.status_text == "transshipment at SGSIN"
    assert t.atd == dt.date(2026, 10, 1) and t.ata is None and t.eta == dt.date(2026, 10, 28)


def test_without_vessel_events_loading_and_discharge_give_the_dates() -> None:
    events = [event("EQUIPMENT", "LOAD", day=2, loc="CNNGB", empty=False),
              event("EQUIPMENT", "DISC", "PLN", day=30, loc="DEHAM", empty=False)]  # fmt: skip
    t = summarize(events, port_of_loading="CNNGB", port_of_discharge="DEHAM")
    assert (t.atd, t.eta, t.status) == (
        dt.date(2026, 10, 2),
        dt.date(2026, 10, 30),
        Milestone.LOADED,
    )


def test_delay_days_over_columns() -> None:
    arrival = pd.Series(
        pd.to_datetime(["2026-11-19 00:00", "2026-11-10 00:00", None, "2026-11-20 08:00"])
    )
    promised = pd.Series(pd.to_datetime(["2026-11-12", "2026-11-12", "2026-11-12", None]))
    assert delay_days(arrival, promised).tolist() == [7, 0, pd.NA, pd.NA]


def test_an_order_is_flagged_by_its_latest_open_shipment() -> None:
    ships = pd.DataFrame({
        "order_id": ["SO-1", "SO-1", "SO-2", "SO-3"],
        "shipment_id": ["A", "B", "C", "D"],
        "arrival": pd.to_datetime(["2026-11-14", "2026-11-20", "2026-11-30", "2026-11-15"]),
        "arrived": [False, False, True, False],
        "destination": ["Hamburg"] * 4, "reference": ["x"] * 4,
    })  # fmt: skip
    orders = pd.DataFrame({
        "order_id": ["SO-1", "SO-2", "SO-3"],
        "promised": pd.to_datetime(["2026-11-12", "2026-11-12", "2026-11-13"]),
        "customer_ref": ["PO-1", "PO-2", "PO-3"], "language": ["de", "es", "en"],
    })  # fmt: skip
    flagged = delayed_orders(ships, orders, tolerance_days=2)
    # SO-1: B arrives 8 days late; SO-2 has arrived (no news to send); SO-3 is 2 days late = tolerance
    assert flagged[["order_id", "shipment_id", "delay_days"]].values.tolist() == [["SO-1", "B", 8]]


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("en", "1 day after", "7 days after"),
        ("de", "1 Tag nach", "7 Tage nach"),
        ("es", "1 día después", "7 días después"),
        ("fr", "1 jour après", "7 jours après"),
        ("zh-CN", "晚 1 天", "晚 7 天"),
        ("pt", "1 dia após", "7 dias após"),
    ],
)
def test_customer_update_speaks_the_customers_language(lang: str, one: str, many: str) -> None:
    args = {
        "order_ref": "PO-4711",
        "place": "Hamburg",
        "eta": dt.date(2026, 11, 19),
        "promised": dt.date(2026, 11, 12),
    }
    assert one in customer_update(lang, days=1, **args)  # type: ignore[arg-type]
    text = customer_update(lang, days=7, **args)  # type: ignore[arg-type]
    assert many in text and "PO-4711" in text and "Hamburg" in text


def test_dates_are_written_the_customers_way() -> None:
    args = {"order_ref": "PO-1", "place": "Valencia", "promised": dt.date(2026, 11, 12), "days": 7}
    assert "el 19 de noviembre de 2026" in customer_update("es", eta=dt.date(2026, 11, 19), **args)  # type: ignore[arg-type]
    assert "2026年11月19日" in customer_update("zh-CN", eta=dt.date(2026, 11, 19), **args)  # type: ignore[arg-type]
    assert "le 19 novembre 2026" in customer_update("fr", eta=dt.date(2026, 11, 19), **args)  # type: ignore[arg-type]


def test_compiled_catalogs_match_their_sources() -> None:
    pos = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/tracking.po"))
    assert {p.parent.parent.name for p in pos} >= {"zh_CN", "es", "de", "fr"}
    for po in pos:
        with po.open("rb") as f:
            source = read_po(f)
        with po.with_suffix(".mo").open("rb") as f:
            compiled = read_mo(f)
        for message in source:
            if message.id:
                assert tuple(compiled[message.id].string) == tuple(message.string), (
                    f"{po}: run pybabel compile"
                )
