"""Random edits (hypothesis): whatever an action may write — values of every kind into
OrderDesk's columns of random rows, appended rows, marks set and cleared, its own sheets with
charts, bookkeeping — the part writer's workbook equals the openpyxl writer's, cell for cell."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import Block, ChartSpec, SheetContent
from orderdesk.schema import KPI, ApprovalLog, Customers, Issues, Orders
from tests.register.compare import assert_same_workbook

ORDERS = [f"SO-{i}" for i in range(1, 7)]
CUSTOMERS = [f"CU-{i}" for i in range(1, 4)]

TEXT = st.one_of(
    st.sampled_from(
        ["OK", "1 error", "=HYPERLINK(1)", "#N/A", "", "  padded  ", "两行\n文字", "CR\rthen LF\n"]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10),
)
VALUE = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
)
FRAME = st.lists(st.tuples(TEXT, st.floats(0, 1000, allow_nan=False)), min_size=0, max_size=4)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    from orderdesk.adapters import xlsx
    from orderdesk.defaults import policy_rows

    data = dict(policy_rows())
    data[Orders] = [
        {Orders.order_id: o, Orders.customer: "CU-1", Orders.order_date: dt.date(2026, 3, i + 1)}
        for i, o in enumerate(ORDERS)
    ]
    data[Customers] = [{Customers.customer_id: c, Customers.name: c} for c in CUSTOMERS]
    path = tmp_path_factory.mktemp("base") / "Register.xlsx"
    xlsx.new_workbook(data).save(path)
    return path


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    checks=st.dictionaries(st.sampled_from(ORDERS), VALUE, max_size=6),
    alerts=st.dictionaries(st.sampled_from(ORDERS), TEXT, max_size=3),
    late=st.dictionaries(st.sampled_from(CUSTOMERS), st.one_of(st.none(), st.floats(-50, 50)), max_size=3),
    appended=st.lists(st.tuples(TEXT, VALUE), max_size=4),
    marked=st.lists(st.tuples(st.sampled_from(ORDERS), st.sampled_from([Orders.currency, Orders.check])), max_size=5),
    issues=FRAME,
    chart=st.booleans(),
    meta=st.one_of(st.none(), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)),
)  # fmt: skip
def test_random_edits_give_the_same_workbook(
    base: Path, tmp_path: Path, checks, alerts, late, appended, marked, issues, chart, meta
) -> None:
    path = tmp_path / "Register.xlsx"
    shutil.copyfile(base, path)
    reg = FileRegister(path)
    reg.update(Orders, {(o,): {Orders.check: v} for o, v in checks.items()})
    reg.update(Orders, {(o,): {Orders.tracking_alert: v} for o, v in alerts.items()})
    reg.update(Customers, {(c,): {Customers.avg_days_late: v} for c, v in late.items()})
    reg.append(
        ApprovalLog,
        [
            {ApprovalLog.seq: n, ApprovalLog.user: user, ApprovalLog.comment: comment}
            for n, (user, comment) in enumerate(appended, start=1)
        ],
    )
    reg.set_marks(Orders, [((o,), c) for o, c in marked], "FFC7CE")
    frame = pd.DataFrame(issues, columns=["Month", "Value"])
    reg.write_sheet(SheetContent(Issues.sheet, [Block("tblIssues", frame)], heading="Findings"))
    if chart:
        reg.write_sheet(
            SheetContent(
                KPI.sheet,
                [Block("tblKpi", frame)],
                [ChartSpec("column", "Values", "tblKpi", "Month", ["Value"])],
            )
        )
    if meta is not None:
        reg.set_meta("test", meta)
    parts, oracle = tmp_path / "parts.xlsx", tmp_path / "oracle.xlsx"
    reg.write_to(parts, "parts")
    reg.write_to(oracle, "openpyxl")
    assert_same_workbook(parts, oracle)
