"""5 Why: records checked, the monthly Pareto of root causes, overdue actions, lesson offers."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from orderdesk.actions.aftersales_fivewhy import PARETO_BLOCK, five_why
from orderdesk.actions.context import RunContext
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.aftersales.fivewhy import FiveWhyInputError
from orderdesk.schema import Complaints, FiveWhys, Lessons, Orders, RootCausePareto

TODAY = dt.date(2026, 12, 2)


def record(rid: str, day: dt.date, cause: str, **cells: object) -> dict:
    row = {
        FiveWhys.record_id: rid,
        FiveWhys.date: day,
        FiveWhys.problem: "mugs cracked",
        FiveWhys.why_1: "glaze too thin",
        FiveWhys.root_cause: cause,
        FiveWhys.owner: "lwei",
    }
    row.update({getattr(FiveWhys, k): v for k, v in cells.items()})
    return row


def tables() -> dict:
    return {
        Orders: [{Orders.order_id: "SO-1"}],
        Complaints: [
            {
                Complaints.complaint_id: c,
                Complaints.order_id: "SO-1",
                Complaints.date: dt.date(2026, 10, 1),
                Complaints.closed: closed,
            }
            for c, closed in (("C-1", dt.datetime(2026, 10, 9, 10)), ("C-2", None))
        ],
        FiveWhys: [
            record("5W-1", dt.date(2026, 10, 2), "material", complaint_id="C-1"),
            record(
                "5W-2",
                dt.date(2026, 10, 20),
                "method",
                complaint_id="C-2",
                due=dt.date(2026, 11, 1),
            ),
            record("5W-3", dt.date(2026, 11, 5), "material"),
            record(
                "5W-4",
                dt.date(2026, 11, 6),
                "Material",
                due=dt.date(2026, 11, 1),
                verified=dt.date(2026, 11, 20),
            ),
        ],
        Lessons: [],
    }


def test_pareto_by_month_overdue_actions_and_a_lesson_offer(memory_register) -> None:
    register = memory_register(tables())
    outcome = five_why(RunContext.of(register, today=TODAY))
    blocks = {b.name: b.frame for b in register.sheets[RootCausePareto.sheet].blocks}
    pareto = blocks[PARETO_BLOCK]
    assert list(pareto[FiveWhys.root_cause]) == ["material", "method"]
    assert list(pareto["Count"]) == [3, 1]
    assert list(pareto["Cumulative %"]) == [0.75, 1.0]
    months = blocks[RootCausePareto.table_name].set_index(str(RootCausePareto.month))
    assert months.loc["2026-10", RootCausePareto.material] == 1
    assert months.loc["2026-10", RootCausePareto.method] == 1
    assert months.loc["2026-11", RootCausePareto.material] == 2
    assert outcome.data["overdue"] == ["5W-2"]  # 5W-4 is verified
    assert outcome.data["lesson_offers"] == [{"five_why": "5W-1", "complaint": "C-1"}]


def test_a_lesson_already_linked_is_not_offered_again(memory_register) -> None:
    data = tables()
    data[Lessons] = [
        {Lessons.lesson_id: "L-1", Lessons.title_text: "x", Lessons.complaints: "C-9, C-1"}
    ]
    outcome = five_why(RunContext.of(memory_register(data), today=TODAY))
    assert outcome.data["lesson_offers"] == []


@pytest.mark.parametrize(
    ("cells", "where"),
    [
        ({"complaint_id": "C-404"}, r"FiveWhy!B\d \(Complaint ID\): 'C-404' is not a complaint"),
        ({"root_cause": "money"}, r"\(Root Cause\): 'money' is not one of the 6M"),
        ({"why_3": "skipped one"}, r"\(Why 3\): a why after a blank Why 2"),
        ({"verified": dt.date(2026, 1, 1)}, r"\(Verified\): verified 2026-01-01 before"),
    ],
)
def test_bad_records_are_refused_naming_the_cell(memory_register, cells, where) -> None:
    data = tables()
    data[FiveWhys] = [*data[FiveWhys], record("5W-9", dt.date(2026, 11, 9), "man", **cells)]
    register = memory_register(data)
    with pytest.raises(FiveWhyInputError, match=where):
        five_why(RunContext.of(register, today=TODAY))
    assert register.saves == 0


def test_the_pareto_is_a_native_chart_in_the_file(make_register) -> None:
    path = make_register(tables())
    five_why(RunContext.of(FileRegister(path), today=TODAY))
    ws = load_workbook(path)[RootCausePareto.sheet]
    assert len(ws._charts) == 2  # the Pareto (columns + cumulative line) and the months
