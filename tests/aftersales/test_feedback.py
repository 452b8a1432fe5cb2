"""Ask for feedback → the customer fills the xlsx form → import: answers on the Feedback sheet
and in the order's review. The forms are read and filled with openpyxl, as a customer's Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.actions.aftersales_feedback import ask_feedback, import_feedback
from orderdesk.actions.aftersales_review import review_orders
from orderdesk.actions.context import RunContext
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.aftersales.feedback import SurveyError, satisfaction
from orderdesk.schema import Customers, Feedback, Orders, Reviews

TODAY = dt.date(2026, 12, 2)


def tables() -> dict:
    return {
        Customers: [
            {
                Customers.customer_id: "CU-1",
                Customers.name: "Ningbo Buyer",
                Customers.country: "CN",
                Customers.language: "zh-CN",
            },
            {
                Customers.customer_id: "CU-2",
                Customers.name: "Hamburg GmbH",
                Customers.country: "DE",
                Customers.language: "de",
            },
        ],
        Orders: [
            {Orders.order_id: "SO-1", Orders.customer: "CU-1", Orders.stage: "closed"},
            {Orders.order_id: "SO-2", Orders.customer: "CU-2", Orders.stage: "closed"},
            {Orders.order_id: "SO-3", Orders.customer: "CU-2", Orders.stage: "shipped"},
        ],
    }


def fill(path: Path, scores: dict[int, object], comment: str | None = None) -> None:
    wb = load_workbook(path)
    ws = wb["Survey"]
    for n, v in scores.items():
        ws[f"C{6 + n}"] = v
    if comment:
        ws["C13"] = comment
    wb.save(path)


def test_surveys_in_the_customers_language_come_back_into_the_review(
    make_register, tmp_path
) -> None:
    path = make_register(tables())
    out = ask_feedback(RunContext.of(FileRegister(path), today=TODAY), out=tmp_path / "s")
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "Survey-SO-1.xlsx",
        "Survey-SO-2.xlsx",
    ]
    assert "2 survey(s)" in out.summary  # SO-3 is not closed
    ws = load_workbook(tmp_path / "s" / "Survey-SO-1.xlsx")["Survey"]
    assert ws["B7"].value == "您对货物质量的满意程度如何？"
    assert ws["B3"].value == "SO-1"
    rules = ws.data_validations.dataValidation
    assert rules and str(rules[0].sqref).split() == [f"C{r}" for r in range(7, 13)]
    assert (rules[0].formula1, rules[0].formula2) == ("1", "5")
    de = load_workbook(tmp_path / "s" / "Survey-SO-2.xlsx")["Survey"]
    assert de["B7"].value.startswith("Wie zufrieden")

    fill(tmp_path / "s" / "Survey-SO-1.xlsx", {1: 5, 2: 3, 3: 4, 4: 4, 5: 5, 6: 5}, "更快回复")
    fill(tmp_path / "s" / "Survey-SO-2.xlsx", {1: 2, 2: "1"})
    files = [tmp_path / "s" / "Survey-SO-1.xlsx", tmp_path / "s" / "Survey-SO-2.xlsx"]
    got = import_feedback(RunContext.of(FileRegister(path), today=TODAY), files)
    assert got.data["answers"] == 9  # six scores and the comment, two scores
    data = FileRegister(path).read(Feedback)
    assert data.frame[Feedback.comment].dropna().tolist() == ["更快回复"]
    # importing the same surveys again adds nothing
    again = import_feedback(RunContext.of(FileRegister(path), today=TODAY), files)
    assert again.data["answers"] == 0
    assert satisfaction(FileRegister(path).read(Feedback).frame, None, TODAY) == pytest.approx(
        5 / 8
    )

    register = FileRegister(path)
    review_orders(RunContext.of(register, today=TODAY))
    rows = register.read(Reviews).frame.set_index(str(Reviews.order_id))
    assert rows.at["SO-1", Reviews.feedback] == pytest.approx(26 / 6)
    assert rows.at["SO-2", Reviews.feedback] == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("scores", "where"),
    [
        ({2: 7}, r"Survey-SO-1.xlsx!C8: 7 is not a score from 1 to 5"),
        ({1: "good"}, r"Survey-SO-1.xlsx!C7: 'good' is not a score"),
    ],
)
def test_a_bad_answer_is_refused_naming_the_file_and_cell(
    make_register, tmp_path, scores, where
) -> None:
    path = make_register(tables())
    ask_feedback(RunContext.of(FileRegister(path), today=TODAY), out=tmp_path)
    fill(tmp_path / "Survey-SO-2.xlsx", {1: 4})
    fill(tmp_path / "Survey-SO-1.xlsx", scores)
    before = path.read_bytes()
    with pytest.raises(SurveyError, match=where):
        import_feedback(
            RunContext.of(FileRegister(path), today=TODAY),
            [tmp_path / "Survey-SO-2.xlsx", tmp_path / "Survey-SO-1.xlsx"],
        )
    assert path.read_bytes() == before  # the good survey before it was not written either


def test_satisfaction_is_on_the_kpi_sheet(memory_register) -> None:
    from orderdesk.actions.kpi import refresh_kpis
    from orderdesk.schema import KPI

    answers = [
        {
            Feedback.order_id: "SO-1",
            Feedback.number: n,
            Feedback.score: s,
            Feedback.received: dt.date(2026, 11, 20),
        }
        for n, s in ((1, 5), (2, 4), (3, 2), (4, 1))
    ]
    answers.append(
        {
            Feedback.order_id: "SO-1",
            Feedback.number: 7,
            Feedback.comment: "ok",
            Feedback.received: dt.date(2026, 11, 20),
        }
    )
    register = memory_register({**tables(), Feedback: answers})
    refresh_kpis(register, on=TODAY)
    summary = register.sheets[KPI.sheet].blocks[0].frame
    row = summary[summary[KPI.kpi] == "Customer satisfaction %"]
    assert float(row[KPI.value].iloc[0]) == pytest.approx(50.0)  # 5 and 4 of four scores
