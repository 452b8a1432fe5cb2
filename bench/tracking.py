"""Benchmark: Sync tracking of 2,000 shipments against the sandbox, within each carrier's limit.

Limits (the bench register's Settings → Carriers): MAEU, MSCU, HLCU (DCSA) 20 calls/s each,
DHL 5 calls/s. 1,800 ocean shipments (600 per DCSA carrier, one page each) and 200 DHL parcels:
the limits alone allow the run in max(600/20, 200/5) = 40 s, so the ceiling is 50 shipments/s.
Prints shipments per second, the ratio to that ceiling, and per carrier the busiest second seen by
the server against its limit (never above it). The sandbox runs in a process of its own, as a
carrier's server is on a machine of its own.

    .venv/bin/python bench/tracking.py
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("ORDERDESK_TODAY", "2026-11-10")

from orderdesk.actions.context import RunContext
from orderdesk.actions.tracking import sync_tracking
from orderdesk.adapters import xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli.tracking import sandbox_options
from orderdesk.defaults import policy_rows
from orderdesk.sandbox.server import Sandbox
from orderdesk.schema import Carriers, Customers, Orders, Shipments

LIMITS = {"MAEU": 20, "MSCU": 20, "HLCU": 20, "DHL": 5}
OCEAN, PARCELS = 1800, 200


def build(path: Path) -> None:
    tables = dict(policy_rows())
    carriers = [dict(r) for r in tables[Carriers]]
    for r in carriers:
        r[Carriers.calls_per_second] = LIMITS[r[Carriers.carrier]]
    langs = ("en", "de", "es", "fr", "zh-CN")
    customers = [{Customers.customer_id: f"CU-{i}", Customers.name: f"Customer {i}", Customers.country: "DE",
                  Customers.language: langs[i % 5]} for i in range(20)]  # fmt: skip
    orders, ships = [], []
    ports = ("DEHAM", "NLRTM", "ESVLC", "FRLEH", "GBFXT")
    for i in range(OCEAN + PARCELS):
        oid = f"SO-{i:05d}"
        ship = dt.date(2026, 9, 1) + dt.timedelta(days=i % 70)
        orders.append({Orders.order_id: oid, Orders.customer: f"CU-{i % 20}", Orders.customer_po: f"PO-{i}",
                       Orders.port_of_loading: "CNNGB", Orders.port_of_discharge: ports[i % 5],
                       Orders.promised_ship: ship, Orders.requested_delivery: ship + dt.timedelta(days=35)})  # fmt: skip
        row = {Shipments.shipment_id: f"SH-{i:05d}", Shipments.order_id: oid}
        if i < OCEAN:
            carrier = ("MAEU", "MSCU", "HLCU")[i % 3]
            row.update({Shipments.mode: "ocean", Shipments.carrier: carrier, Shipments.booking_ref: f"{carrier}{i:07d}",
                        Shipments.container_no: f"TEST{i:07d}"})  # fmt: skip
        else:
            row.update(
                {
                    Shipments.mode: "express",
                    Shipments.carrier: "DHL",
                    Shipments.tracking_no: f"{9000000000 + i}",
                }
            )
        ships.append(row)
    tables.update({Carriers: carriers, Customers: customers, Orders: orders, Shipments: ships})
    xlsx.new_workbook(tables).save(path)


def _windows(times: list[float]) -> list[float]:
    """Calls in the one-second window (t - 1 s, t] ending at each call."""
    times = sorted(times)
    out, j = [], 0
    for i, t in enumerate(times):
        while times[j] <= t - 1.0:
            j += 1
        out.append(i - j + 1)
    return [float(x) for x in out]


def _route(carrier: str) -> str:
    return "dhl" if carrier == "DHL" else f"dcsa/{carrier}"


def _serve(path: Path, conn: Connection) -> None:
    """The carriers, in a process of their own as a real provider is: the arrival times it
    stamps do not wait for the client's threads (one interpreter, one GIL)."""
    with Sandbox(path) as box:
        conn.send(box.url)
        conn.recv()  # until the sync is done
        conn.send({c: [r.at for r in box.requests_to(_route(c))] for c in LIMITS})


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Bench.xlsx"
        build(path)
        register = FileRegister(path)
        ours, theirs = mp.Pipe()
        server = mp.get_context("spawn").Process(target=_serve, args=(path, theirs), daemon=True)
        server.start()
        box = SimpleNamespace(url=ours.recv())  # what the options need of a sandbox: its URL
        t0 = time.perf_counter()
        outcome = sync_tracking(RunContext.of(register), options=sandbox_options(box, register))  # type: ignore[arg-type]
        took = time.perf_counter() - t0
        ours.send("stop")
        calls: dict[str, list[float]] = ours.recv()
        server.join(timeout=10)
    n = OCEAN + PARCELS
    ceiling = n / max(OCEAN / 3 / LIMITS["MAEU"], PARCELS / LIMITS["DHL"])
    first = min(t for times in calls.values() for t in times)
    last = max(t for times in calls.values() for t in times)
    print(outcome.summary)
    print(f"asking the carriers: {last - first:.1f} s; reading, computing and saving the register: "
          f"{took - (last - first):.1f} s")  # fmt: skip
    print(f"{n} shipments in {took:.1f} s: {n / took:.1f} shipments/s "
          f"({n / took / ceiling:.2f} of the {ceiling:.0f}/s the carriers' limits allow)")  # fmt: skip
    for carrier, times in calls.items():
        peak = max(_windows(times), default=0)
        print(
            f"  {carrier}: {len(times)} calls, busiest second {peak:.0f} calls, limit {LIMITS[carrier]}/s"
        )
    return 0 if not outcome.data["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
