"""The run context: one date and one Settings read per run, test doubles in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from orderdesk.actions.context import RunContext
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.schema import Setting, Settings, Table


class CountingRegister(MemoryRegister):
    """Counts the reads of each table, as Excel would count calls in the live adapter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads: dict[type[Table], int] = {}

    def read(self, table: type[Table], *args: Any, **kwargs: Any) -> Any:
        self.reads[table] = self.reads.get(table, 0) + 1
        return super().read(table, *args, **kwargs)


def company_rows(name: str) -> dict[type[Table], Any]:
    rows = policy_rows()
    rows[Settings] = [
        {**r, Settings.value: name} if r[Settings.key] == Setting.COMPANY_NAME.key else r
        for r in rows[Settings]
    ]
    return rows


def test_the_settings_sheet_is_read_once_per_run() -> None:
    register = CountingRegister(company_rows("Valencia Export S.L."))
    ctx = RunContext.of(register, today=dt.date(2026, 3, 2))
    names = [ctx.policy.get(Setting.COMPANY_NAME) for _ in range(4)]
    assert names == ["Valencia Export S.L."] * 4
    assert register.reads[Settings] == 1


def test_a_new_run_reads_the_settings_again() -> None:
    register = CountingRegister(company_rows("Valencia Export S.L."))
    RunContext.of(register).policy.get(Setting.COMPANY_NAME)
    RunContext.of(register).policy.get(Setting.COMPANY_NAME)
    assert register.reads[Settings] == 2


def test_today_is_pinned_by_orderdesk_today_unless_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-05-04")
    register = MemoryRegister(policy_rows())
    assert RunContext.of(register).today == dt.date(2026, 5, 4)
    assert RunContext.of(register, today=dt.date(2026, 1, 9)).today == dt.date(2026, 1, 9)
    monkeypatch.delenv("ORDERDESK_TODAY")
    assert RunContext.of(register).today == dt.date.today()


def test_a_test_double_is_injected_by_name() -> None:
    fake = object()
    ctx = RunContext.of(MemoryRegister(policy_rows()), clients={"psd2": fake})
    assert ctx.client("psd2") is fake
    assert ctx.client("dhl") is None


def test_a_table_is_read_once_per_run_however_often_an_action_asks() -> None:
    from orderdesk.schema import Orders

    register = CountingRegister(company_rows("Valencia Export S.L."))
    ctx = RunContext.of(register, today=dt.date(2026, 3, 2))
    first = ctx.tables(Orders, Settings)
    again = ctx.tables(Orders)
    assert again[Orders] is first[Orders]
    assert register.reads[Orders] == 1
    RunContext.of(register).tables(Orders)  # a new run reads again
    assert register.reads[Orders] == 2


def test_now_is_the_runs_day_at_the_clocks_time() -> None:
    ctx = RunContext.of(MemoryRegister(policy_rows()), today=dt.date(2026, 1, 9))
    now = ctx.now()
    assert now.date() == dt.date(2026, 1, 9) and now.microsecond == 0


class CountingProxy:
    """Counts the reads an action makes (not those the register makes of itself, such as the
    date order it looks up in Settings while reading another table)."""

    def __init__(self, inner: MemoryRegister) -> None:
        self.inner = inner
        self.reads: dict[type[Table], int] = {}

    def read(self, table: type[Table], *args: Any, **kwargs: Any) -> Any:
        self.reads[table] = self.reads.get(table, 0) + 1
        return self.inner.read(table, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_score_suppliers_reads_the_settings_and_each_table_once() -> None:
    from orderdesk.actions.suppliers import score_suppliers
    from orderdesk.schema import OrderLines
    from tests.suppliers import history as H

    register = CountingProxy(MemoryRegister({**policy_rows(), **H.tables()}))
    ctx = RunContext.of(register, today=H.TODAY)  # type: ignore[arg-type]  # a counting proxy
    outcome = score_suppliers(ctx)
    assert outcome.summary.startswith("scored 4 suppliers")
    assert register.reads[Settings] == 1
    assert register.reads[OrderLines] == 1
