"""The command line, the demo step, the ribbon button, and the saved workbook as another program
(LibreOffice) reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from addin.handlers import ButtonContext, load_all
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.cli.tracking import _demo_tracking
from orderdesk.demo import DemoContext, steps
from orderdesk.ports import Selection
from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import Orders, ShipmentEvents, Shipments
from tests.libreoffice import needs_soffice, recalculated
from tests.tracking.registers import tracking_register
from tests.tracking.scripted import ScriptedDcsa, ScriptedDhl
from tests.tracking.test_sync_wire import BOOKING, EVENTS, sync

RIBBON = Path(__file__).resolve().parents[2] / "addin" / "ribbon.xml"


@pytest.fixture
def register(make_register: Callable[..., Path]) -> Path:
    return tracking_register(make_register)


def test_sync_tracking_command_with_the_sandbox(
    register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sync", "tracking", str(register), "--sandbox"])
    out = capsys.readouterr().out
    assert out.startswith("tracked 5 of 5 shipment(s)")
    assert code in (0, 1)
    ship = FileRegister(register).read(Shipments).frame
    assert ship[Shipments.last_sync].notna().all()
    assert main(["sync", "tracking", str(register), "--sandbox"]) == code
    assert "0 new event(s)" in capsys.readouterr().out


def test_faults_need_the_sandbox(register: Path) -> None:
    assert main(["sync", "tracking", str(register), "--fault", "dhl:status=500"]) == 2
    assert main(["sync", "tracking", str(register), "--sandbox", "--fault", "dhl:colour=red"]) == 2


def test_demo_step_starts_and_stops_its_own_sandbox(register: Path, tmp_path: Path) -> None:
    assert any(s.order == 70 and s.run is _demo_tracking for s in steps())
    outcome = _demo_tracking(DemoContext(out=tmp_path, register=register))
    assert outcome.summary.startswith("tracked 5 of 5")


def test_ribbon_button_is_wired(register: Path) -> None:
    group = ET.parse(RIBBON).getroot().find(".//{*}group[@id='odGroupSync']")
    assert group is not None
    assert [b.get("id") for b in group] == ["odSyncTracking"]
    handler = load_all()["odSyncTracking"]
    # The button syncs the rows selected in Excel; with an empty selection it asks nobody.
    nothing = FileRegister(register, selection=Selection(Shipments, ()))
    outcome = handler(ButtonContext(register=nothing, selection=nothing.selection()))
    assert outcome.summary.startswith("tracked 0 of 0")


@needs_soffice
def test_libreoffice_reads_the_synced_register(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    import datetime as dt

    from orderdesk.schema import Carriers, Customers
    from tests.tracking.test_sync_wire import CARRIERS

    path = make_register(
        {
            Carriers: CARRIERS,
            Customers: [{Customers.customer_id: "CU-1", Customers.name: "Ferretería Ibérica S.L.", Customers.country: "ES", Customers.language: "es"}],
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.customer_po: "OC-88", Orders.port_of_discharge: "DEHAM",
                      Orders.requested_delivery: dt.date(2026, 11, 12)}],
            Shipments: [{Shipments.shipment_id: "SH-1", Shipments.order_id: "SO-1", Shipments.mode: "ocean", Shipments.carrier: "ACME",
                         Shipments.booking_ref: BOOKING, Shipments.container_no: "MSKU1234565"}],
        }
    )  # fmt: skip
    with Sandbox(
        path, apis=[], extra=[ScriptedDcsa("/acme", {BOOKING: EVENTS}), ScriptedDhl("/dhl", {})]
    ) as box:
        sync(path, box)
    seen = openpyxl.load_workbook(recalculated(path, tmp_path / "lo"), data_only=True)
    orders = seen[Orders.sheet]
    header = [c.value for c in orders[1]]
    alert = orders.cell(row=2, column=header.index(str(Orders.tracking_alert)) + 1).value
    assert "OC-88" in alert and "el 19 de noviembre de 2026" in alert and "7 días" in alert
    events = seen[ShipmentEvents.sheet]
    assert sum(1 for r in events.iter_rows(min_row=2, values_only=True) if r[0]) == 9
