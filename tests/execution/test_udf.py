"""OD_EARLIEST_SHIP: the decision tree's earliest ship day from a worksheet cell. The calling
cell's workbook is the register (LiveRegister in Excel; the in-memory register here)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import orderdesk_udfs as od

from orderdesk.adapters import live_register
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, tables


def _call(memory_register, monkeypatch, *args):
    register = memory_register(tables([BOOKED], [BOOKED_LINE]))
    monkeypatch.setattr(live_register, "LiveRegister", lambda book: book)
    caller = SimpleNamespace(sheet=SimpleNamespace(book=register))
    return od.OD_EARLIEST_SHIP(*args, caller)


def test_earliest_ship_follows_lead_time_and_capacity(memory_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    # 14 days' lead: 16 March; 6,000 fit then, 10,000 only in the week of 23 March (Friday)
    got = _call(
        memory_register,
        monkeypatch,
        [["P-1"], ["P-1"], ["P-T"], ["NOPE"]],
        [[6000], [10000], [100], [1]],
        None,
    )
    assert got == [
        [dt.datetime(2026, 3, 16)],
        [dt.datetime(2026, 3, 27)],
        [dt.datetime(2026, 4, 20)],  # new tooling: 35 days more
        ["Error: 'NOPE' is not on the Products sheet"],
    ]


def test_a_later_start_and_no_capacity(memory_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    later = _call(memory_register, monkeypatch, "P-1", 100, "2026-04-01")
    assert later == dt.datetime(2026, 4, 15)  # a date cell
    none = _call(memory_register, monkeypatch, "P-1", 10**9, None)
    assert none.startswith("Error: no capacity for 1,000,000,000 within 26 weeks")
